import AllotCore
import Foundation

/// `allot export` (SPEC 10): a published plan re-exported as XML, CSV or a
/// spreadsheet, for the province and for the bureau's staff.
///
/// | what | xml | csv, xlsx (one row per…) |
/// |---|---|---|
/// | `province` | `province-request.xml` in the export's language | material, request region and tier |
/// | `dispatch` | `dispatch.xml` as published | dispatch line (material the lot's; the requested material last) |
/// | `unmet` | `UnmetXML` | request not fully served |
/// | `passes` | `PassesXML` | transport pass (SPEC 16), made again from the dispatch lines |
///
/// Every XML export is checked against its schema before it is handed out.
/// CSV and spreadsheets have headers, material, region and reason names in
/// the export's language; codes and ids stay as the plan files have them.
public enum PlanExport {
    public enum Kind: String, CaseIterable, Sendable {
        case province, dispatch, unmet, passes
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
        case .passes:
            bytes = PassesXML.render(passes(of: snapshot, labels: labels), planDate: snapshot.planDate,
                                     truckCapacityKilograms: truckCapacity(of: snapshot), labels: labels)
            (schema, name) = (PassesXML.schemaResource, "passes export")
        }
        try XMLSchemaValidator(resource: schema).validate(bytes, name: name)
        return bytes
    }

    // MARK: - Tables

    /// The export as a table in `labels`' language, with the plan date above the header and a
    /// totals row per material below the rows when it is a workbook (`ExportTable`).
    public static func table(_ kind: Kind, from snapshot: PlanSnapshot, labels: PlanLabels,
                             regions: RegionTable) -> ExportTable {
        let zh = labels.language == .zh
        var table: ExportTable
        switch kind {
        case .province: table = provinceTable(provinceRequest(of: snapshot, regions: regions), labels: labels)
        case .dispatch:
            table = ExportTable(title: zh ? "调拨清单" : "Dispatch", columns: ExportColumns.dispatch(labels.language))
            table.rows = snapshot.dispatch.map { line in
                [.date(snapshot.planDate), .text(line.lineID), .text(line.material.rawValue),
                 .text(labels.material(line.material)), .integer(line.quantity), .text(labels.unit(line.unit)),
                 .text(line.offer.source), .text(line.offer.id), .text(line.supplierID), .text(line.supplierName),
                 .text(line.fromRegion.description), .text(labels.region(line.fromRegion)),
                 .text(line.request.source), .text(line.request.id), .text(line.enterpriseID),
                 .text(line.enterpriseName), .text(line.toRegion.description), .text(labels.region(line.toRegion)),
                 .integer(Int64(line.tier)), .decimal(units: line.roadDecikm, scale: 1), .date(line.shipOn),
                 .date(line.arriveBy), .text(labels.yesNo(line.pinned)),
                 .text(line.requestedMaterial.rawValue), .text(labels.material(line.requestedMaterial))]
            }
        case .unmet:
            table = ExportTable(title: zh ? "未满足需求" : "Unmet", columns: ExportColumns.unmet(labels.language))
            table.rows = snapshot.unmet.map { row in
                [.text(row.request.source), .text(row.request.id), .text(row.enterpriseID), .text(row.enterpriseName),
                 .text(row.region.description), .text(labels.region(row.region)), .text(row.material.rawValue),
                 .text(labels.material(row.material)),
                 .text(labels.unit(snapshot.manifest[row.material]?.unit ?? labels.unitCode(row.material))),
                 .integer(Int64(row.tier)), .integer(row.requested), .integer(row.delivered), .integer(row.shortfall),
                 .fillRatio(row.fillRatio), .text(labels.yesNo(row.overdue)), .text(labels.reason(row.reason)),
                 row.age.map { .integer(Int64($0)) } ?? .text("")]
            }
        case .passes:
            table = ExportTable(title: zh ? "通行证申请" : "Transport passes", columns: ExportColumns.passes(labels.language))
            table.rows = passes(of: snapshot, labels: labels).map { pass in
                [.text(pass.passID), .date(pass.shipOn), .date(pass.validUntil), .text(pass.supplierID),
                 .text(pass.supplierName), .text(pass.fromRegion.description), .text(labels.address(pass.fromRegion)),
                 .text(pass.toRegion.description), .text(labels.address(pass.toRegion)),
                 .text(PassesCSV.goods(pass, labels: labels)), .decimal(units: pass.weightDecikilograms, scale: 1),
                 .integer(Int64(pass.trucks))]
            }
        }
        table.planDate = ExportTable.LabelledDate(label: zh ? "计划日期" : "Plan date", date: snapshot.planDate)
        table.totalsLabel = zh ? "合计" : "Total"
        return table
    }

    static func provinceTable(_ request: ProvinceRequest, labels: PlanLabels) -> ExportTable {
        var table = ExportTable(title: labels.language == .zh ? "申请省级调拨" : "Province request",
                                columns: ExportColumns.province(labels.language))
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

    /// The published plan's passes, made again from its dispatch lines by the one rule (`TransportPass`),
    /// with the catalog's weights and the truck capacity the run had.
    static func passes(of snapshot: PlanSnapshot, labels: PlanLabels) -> [TransportPass] {
        let lines = snapshot.dispatch.map { line in
            TransportPass.Line(supplierID: line.supplierID, supplierName: line.supplierName, fromRegion: line.fromRegion,
                               toRegion: line.toRegion, shipOn: line.shipOn, arriveBy: line.arriveBy, material: line.material,
                               quantity: line.quantity, kilogramsPerUnit: labels.kilogramsPerUnit(line.material))
        }
        return TransportPass.passes(of: lines, planDate: snapshot.planDate, truckCapacityKilograms: truckCapacity(of: snapshot))
    }

    /// The manifest's `policy.truck_capacity_kg`; the default for a plan published before it had one.
    static func truckCapacity(of snapshot: PlanSnapshot) -> Double {
        snapshot.manifest.truckCapacityKilograms ?? Policy().truckCapacityKilograms
    }

    /// Noon UTC of the plan date: a fixed time for the workbook's ZIP entries.
    public static func modificationDate(of date: CalendarDate) -> Date {
        Date(timeIntervalSince1970: Double(date.dayNumber) * 86_400 + 43_200)
    }
}

/// Columns of the human-facing exports: each header in Chinese and English, and its role in a
/// totals row (`ExportTable.Role`), in the order the rows hold their cells.
enum ExportColumns {
    static func dispatch(_ language: OutputLanguage) -> [ExportTable.Column] {
        columns(language, [
            ("计划日期", "Plan date", .detail), ("调拨单号", "Line", .detail), ("物资编码", "Material code", .material),
            ("物资名称", "Material", .material), ("数量", "Quantity", .quantity), ("单位", "Unit", .material),
            ("供给来源", "Offer source", .detail), ("供给编号", "Offer ID", .detail),
            ("供应方信用代码", "Supplier credit code", .detail), ("供应方名称", "Supplier", .detail),
            ("发货地区代码", "From region code", .detail), ("发货地区", "From region", .detail),
            ("需求来源", "Request source", .detail), ("需求编号", "Request ID", .detail),
            ("企业信用代码", "Enterprise credit code", .detail), ("企业名称", "Enterprise", .detail),
            ("收货地区代码", "To region code", .detail), ("收货地区", "To region", .detail), ("保障层级", "Tier", .detail),
            ("运距(公里)", "Road km", .detail), ("发货日期", "Ship on", .detail), ("到达日期", "Arrive by", .detail),
            ("指定调拨", "Pinned", .detail),
            // SPEC 13: the request's material, which a substitute's line does not ship; last, as in dispatch.csv.
            ("需求物资编码", "Requested material code", .detail), ("需求物资名称", "Requested material", .detail),
        ])
    }

    static func unmet(_ language: OutputLanguage) -> [ExportTable.Column] {
        columns(language, [
            ("需求来源", "Request source", .detail), ("需求编号", "Request ID", .detail),
            ("企业信用代码", "Enterprise credit code", .detail), ("企业名称", "Enterprise", .detail),
            ("地区代码", "Region code", .detail), ("地区", "Region", .detail), ("物资编码", "Material code", .material),
            ("物资名称", "Material", .material), ("单位", "Unit", .material), ("保障层级", "Tier", .detail),
            ("需求量", "Requested", .requested), ("已调配", "Delivered", .delivered), ("缺口", "Shortfall", .quantity),
            ("满足率", "Fill ratio", .fillRatio), ("逾期", "Overdue", .detail), ("原因", "Reason", .detail),
            ("持续天数", "Age (nights)", .detail),
        ])
    }

    static func passes(_ language: OutputLanguage) -> [ExportTable.Column] {
        columns(language, [
            ("通行证编号", "Pass", .detail), ("发运日期", "Ship on", .detail), ("有效期至", "Valid until", .detail),
            ("供应方信用代码", "Supplier credit code", .detail), ("供应方", "Supplier", .detail),
            ("起运地代码", "From region code", .detail), ("起运地", "From", .detail),
            ("目的地代码", "To region code", .detail), ("目的地", "To", .detail), ("货物", "Goods", .detail),
            ("重量（千克）", "Weight (kg)", .detail), ("车辆数", "Trucks", .quantity),
        ])
    }

    static func province(_ language: OutputLanguage) -> [ExportTable.Column] {
        columns(language, [
            ("物资编码", "Material code", .material), ("物资名称", "Material", .material), ("单位", "Unit", .material),
            ("地区代码", "Region code", .detail), ("地区", "Region", .detail), ("保障层级", "Tier", .detail),
            ("需求量", "Requested", .requested), ("已调配", "Delivered", .delivered), ("缺口", "Shortfall", .quantity),
            ("其中限额所致", "Of which capped", .quantity), ("申请省级调拨", "Asked of province", .quantity),
        ])
    }

    private static func columns(_ language: OutputLanguage,
                                _ named: [(zh: String, en: String, role: ExportTable.Role)]) -> [ExportTable.Column] {
        named.map { ExportTable.Column(language == .zh ? $0.zh : $0.en, $0.role) }
    }
}
