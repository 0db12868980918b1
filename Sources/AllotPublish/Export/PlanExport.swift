import AllotCore
import Foundation

/// `allot export` (SPEC 10): a published plan re-exported as XML, CSV or a
/// spreadsheet, for the province and for the bureau's staff.
///
/// | what | xml | csv, xlsx (one row per…) |
/// |---|---|---|
/// | `province` | `province-request.xml` in the export's language | material, request region and tier |
/// | `dispatch` | `dispatch.xml` as published | dispatch line |
/// | `unmet` | `UnmetXML` | request not fully served |
///
/// Every XML export is checked against its schema before it is handed out.
/// CSV and spreadsheets have headers, material, region and reason names in
/// the export's language; codes and ids stay as the plan files have them.
public enum PlanExport {
    public enum Kind: String, CaseIterable, Sendable {
        case province, dispatch, unmet
    }

    public enum Format: String, CaseIterable, Sendable {
        case xml, csv, xlsx
    }

    /// The export's bytes.
    /// - Throws: `PlanSnapshotError` when a file the export needs is missing
    ///   or malformed; `XMLSchemaValidator.Failure` when an XML export is not
    ///   valid against its schema (an internal failure).
    public static func render(_ kind: Kind, as format: Format, from snapshot: PlanSnapshot, labels: PlanLabels,
                              regions: RegionTable) throws -> [UInt8] {
        switch format {
        case .xml: return try xml(kind, from: snapshot, labels: labels, regions: regions)
        case .csv: return table(kind, from: snapshot, labels: labels, regions: regions).csv()
        case .xlsx:
            return try XLSXWriter.workbook(table(kind, from: snapshot, labels: labels, regions: regions),
                                           modified: modificationDate(of: snapshot.planDate))
        }
    }

    /// The file an export is written to when `--out` is not given:
    /// `<plan folder name>-<kind>.<format>` (`2020-02-11-province.xlsx`).
    public static func defaultFileName(_ kind: Kind, _ format: Format, planDate: CalendarDate) -> String {
        "\(PublishedPlans.folderName(for: planDate))-\(kind.rawValue).\(format.rawValue)"
    }

    /// The province request of a plan: as published, or for a plan published
    /// before `province-request.xml` existed, rebuilt from its rows with the
    /// default request tiers.
    public static func provinceRequest(of snapshot: PlanSnapshot, regions: RegionTable) -> ProvinceRequest {
        if let published = snapshot.provinceRequest { return published }
        let requestRegions = snapshot.dispatch.map(\.toRegion) + snapshot.unmet.map(\.region)
        return ProvinceRequest.of(snapshot, requestTiers: ProvinceRequest.defaultRequestTiers,
                                  generated: ProvinceRequest.timestamp(Instant(shanghaiMidnightOf: snapshot.planDate)),
                                  city: ProvinceRequest.city(of: requestRegions, in: regions))
    }

    // MARK: - XML

    static func xml(_ kind: Kind, from snapshot: PlanSnapshot, labels: PlanLabels, regions: RegionTable) throws -> [UInt8] {
        let bytes: [UInt8], schema: String, name: String
        switch kind {
        case .province:
            bytes = ProvinceRequestXML.render(provinceRequest(of: snapshot, regions: regions), labels: labels)
            (schema, name) = (ProvinceRequestXML.schemaResource, ProvinceRequestXML.fileName)
        case .dispatch:
            let path = PlanSnapshot.path(snapshot.folder, DispatchXML.fileName)
            guard let data = FileManager.default.contents(atPath: path) else {
                throw PlanSnapshotError(file: path, message: "the plan folder has no such file")
            }
            bytes = [UInt8](data)
            (schema, name) = (DispatchXML.schemaResource, path)
        case .unmet:
            bytes = UnmetXML.render(snapshot, labels: labels)
            (schema, name) = (UnmetXML.schemaResource, "unmet export")
        }
        try XMLSchemaValidator(resource: schema).validate(bytes, name: name)
        return bytes
    }

    // MARK: - Tables

    /// The export as a table in `labels`' language.
    public static func table(_ kind: Kind, from snapshot: PlanSnapshot, labels: PlanLabels,
                             regions: RegionTable) -> ExportTable {
        let zh = labels.language == .zh
        switch kind {
        case .province: return provinceTable(provinceRequest(of: snapshot, regions: regions), labels: labels)
        case .dispatch:
            var table = ExportTable(title: zh ? "调拨清单" : "Dispatch", header: ExportHeaders.dispatch(labels.language))
            table.rows = snapshot.dispatch.map { line in
                [.text(snapshot.planDate.description), .text(line.lineID), .text(line.material.rawValue),
                 .text(labels.material(line.material)), .integer(line.quantity), .text(labels.unit(line.unit)),
                 .text(line.offer.source), .text(line.offer.id), .text(line.supplierID), .text(line.supplierName),
                 .text(line.fromRegion.description), .text(labels.region(line.fromRegion)),
                 .text(line.request.source), .text(line.request.id), .text(line.enterpriseID),
                 .text(line.enterpriseName), .text(line.toRegion.description), .text(labels.region(line.toRegion)),
                 .integer(Int64(line.tier)), .decimal(units: line.roadDecikm, scale: 1), .text(line.shipOn.description),
                 .text(line.arriveBy.description), .text(labels.yesNo(line.pinned))]
            }
            return table
        case .unmet:
            var table = ExportTable(title: zh ? "未满足需求" : "Unmet", header: ExportHeaders.unmet(labels.language))
            table.rows = snapshot.unmet.map { row in
                [.text(row.request.source), .text(row.request.id), .text(row.enterpriseID), .text(row.enterpriseName),
                 .text(row.region.description), .text(labels.region(row.region)), .text(row.material.rawValue),
                 .text(labels.material(row.material)),
                 .text(labels.unit(snapshot.manifest[row.material]?.unit ?? labels.unitCode(row.material))),
                 .integer(Int64(row.tier)), .integer(row.requested), .integer(row.delivered), .integer(row.shortfall),
                 fillRatio(row.fillRatio), .text(labels.yesNo(row.overdue)), .text(labels.reason(row.reason))]
            }
            return table
        }
    }

    static func provinceTable(_ request: ProvinceRequest, labels: PlanLabels) -> ExportTable {
        var table = ExportTable(title: labels.language == .zh ? "申请省级调拨" : "Province request",
                                header: ExportHeaders.province(labels.language))
        for material in request.materials {
            for region in material.regions {
                for tier in region.tiers {
                    table.rows.append([
                        .text(material.material.rawValue), .text(labels.material(material.material)),
                        .text(labels.unit(material.unit)), .text(region.region.description),
                        .text(labels.region(region.region)), .integer(Int64(tier.tier)), .whole(tier.requested),
                        .whole(tier.delivered), .whole(tier.shortfall), .whole(tier.cappedShortfall),
                        .whole(tier.ask),
                    ])
                }
            }
        }
        return table
    }

    /// `0.4000` → a decimal cell of 4 places (the text is what `unmet.csv` holds, checked on reading).
    private static func fillRatio(_ text: String) -> ExportTable.Cell {
        let digits = text.replacingOccurrences(of: ".", with: "")
        guard let units = Int64(digits), text.split(separator: ".").last?.count == 4 else { return .text(text) }
        return .decimal(units: units, scale: 4)
    }

    /// Noon UTC of the plan date: a fixed time for the workbook's ZIP entries.
    private static func modificationDate(of date: CalendarDate) -> Date {
        Date(timeIntervalSince1970: Double(date.dayNumber) * 86_400 + 43_200)
    }
}

/// Column headers of the human-facing exports, in Chinese or English.
enum ExportHeaders {
    static func dispatch(_ language: OutputLanguage) -> [String] {
        language == .zh
            ? ["计划日期", "调拨单号", "物资编码", "物资名称", "数量", "单位", "供给来源", "供给编号", "供应方信用代码", "供应方名称",
               "发货地区代码", "发货地区", "需求来源", "需求编号", "企业信用代码", "企业名称", "收货地区代码", "收货地区", "保障层级",
               "运距(公里)", "发货日期", "到达日期", "指定调拨"]
            : ["Plan date", "Line", "Material code", "Material", "Quantity", "Unit", "Offer source", "Offer ID",
               "Supplier credit code", "Supplier", "From region code", "From region", "Request source", "Request ID",
               "Enterprise credit code", "Enterprise", "To region code", "To region", "Tier", "Road km", "Ship on",
               "Arrive by", "Pinned"]
    }

    static func unmet(_ language: OutputLanguage) -> [String] {
        language == .zh
            ? ["需求来源", "需求编号", "企业信用代码", "企业名称", "地区代码", "地区", "物资编码", "物资名称", "单位", "保障层级",
               "需求量", "已调配", "缺口", "满足率", "逾期", "原因"]
            : ["Request source", "Request ID", "Enterprise credit code", "Enterprise", "Region code", "Region",
               "Material code", "Material", "Unit", "Tier", "Requested", "Delivered", "Shortfall", "Fill ratio",
               "Overdue", "Reason"]
    }

    static func province(_ language: OutputLanguage) -> [String] {
        language == .zh
            ? ["物资编码", "物资名称", "单位", "地区代码", "地区", "保障层级", "需求量", "已调配", "缺口", "其中限额所致",
               "申请省级调拨"]
            : ["Material code", "Material", "Unit", "Region code", "Region", "Tier", "Requested", "Delivered",
               "Shortfall", "Of which capped", "Asked of province"]
    }
}
