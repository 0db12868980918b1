import AllotCore
import AllotIngest
import AllotLedger
import AllotPublish
import Foundation

/// Where a ledger command finds the ledger (SPEC 15): `allot.toml`'s `ledger`, relative to the outputs folder.
public struct LedgerLocation: Sendable {
    public var outputs: URL
    /// The inputs folder whose `allot.toml` may move the ledger, and whose `reference/` tables name regions
    /// and materials.
    public var inputs: URL
    /// The policy file, instead of the inputs folder's `allot.toml`.
    public var config: URL?

    public init(outputs: URL, inputs: URL, config: URL? = nil) {
        self.outputs = outputs
        self.inputs = inputs
        self.config = config
    }
}

/// What `allot ledger problems` lists.
public struct ProblemListOptions: Sendable {
    public enum Format: String, CaseIterable, Sendable { case text, csv, xlsx }

    public var location: LedgerLocation
    /// A material's code, name or alias.
    public var material: String?
    /// A region's code: a county, or a city or province holding counties.
    public var region: String?
    public var minimumAge: Int
    public var format: Format
    public var language: OutputLanguage

    public init(location: LedgerLocation, material: String? = nil, region: String? = nil, minimumAge: Int = 1,
                format: Format = .text, language: OutputLanguage = .zh) {
        self.location = location
        self.material = material
        self.region = region
        self.minimumAge = minimumAge
        self.format = format
        self.language = language
    }
}

/// A ledger command's usage error (exit status 2).
public struct LedgerUsageError: Error, CustomStringConvertible, Sendable {
    public var description: String
}

extension NightlyPipeline {
    /// The ledger a ledger command reads or writes: it must exist already (a run creates it).
    /// - Throws: `LedgerError.missing` (exit 2), `.foreign`, `.unusable`; `IngestError.policy`.
    static func existingLedger(_ location: LedgerLocation) throws -> Ledger {
        let policy = try NightIngest.readPolicy(inputs: location.inputs, configFile: location.config)
        let url = Ledger.location(policy, outputs: location.outputs)
        guard FileManager.default.fileExists(atPath: url.path) else { throw LedgerError.missing(path: url.path) }
        return try Ledger.open(url)
    }

    /// `allot ledger problems`: the problem list (问题清单) in the format asked for.
    /// - Throws: `LedgerUsageError` for a material or region not known; see ``existingLedger(_:)``.
    public static func problemList(_ options: ProblemListOptions) throws -> [UInt8] {
        let ledger = try existingLedger(options.location)
        let (catalog, regions) = try referenceTables(inputs: options.location.inputs)
        var filter = LedgerProblemFilter(minimumAge: options.minimumAge)
        if let text = options.material {
            guard let material = catalog.material(forKey: TextNormalization.lookupKey(text)) else {
                throw LedgerUsageError(description: "--material \(text) is not a material of the catalog")
            }
            filter.material = material.code
        }
        if let text = options.region {
            guard let code = RegionCode(text: text), regions[code] != nil else {
                throw LedgerUsageError(description: "--region \(text) is not a region code of the region table")
            }
            filter.region = { region in region == code || regions.ancestors(of: region).contains(code) }
        }
        let latest = try ledger.latestNight()
        let labels = PlanLabels(language: options.language, catalog: catalog, regions: regions)
        switch options.format {
        case .text: return Array(problemText(try ledger.problems(filter), latest: latest, labels: labels).utf8)
        case .csv:
            // Written as read: a national list is a third of a million rows.
            var csv = ExportTable.CSV(header: ProblemRows.canonical)
            var rows = ProblemRows(labels: nil)
            try ledger.problems(filter) { csv.append(rows.cells($0)) }
            return csv.bytes
        case .xlsx:
            var table = problemTable(try ledger.problems(filter), labels: labels)
            if let latest {
                table.planDate = ExportTable.LabelledDate(label: labels.language == .zh ? "最近计划日期" : "Latest night",
                                                          date: latest)
            }
            return try XLSXWriter.workbook(table, modified: PlanExport.modificationDate(of: latest ?? CalendarDate(dayNumber: 0)))
        }
    }

    /// SPEC 15's columns; with `labels`, headers, region, material and reason names in their language (the
    /// spreadsheet), else the canonical names and codes (the CSV).
    static func problemTable(_ problems: [LedgerProblem], labels: PlanLabels?) -> ExportTable {
        let names = labels.map { $0.language == .zh ? ProblemRows.zh : ProblemRows.en } ?? ProblemRows.canonical
        var table = ExportTable(title: labels?.language == .en ? "Problem list" : "问题清单",
                                columns: zip(names, ProblemRows.roles).map { ExportTable.Column($0, $1) })
        var rows = ProblemRows(labels: labels)
        table.rows = problems.map { rows.cells($0) }
        if labels != nil { table.totalsLabel = labels?.language == .zh ? "合计" : "Total" }
        return table
    }

    /// The problem list's rows, SPEC 15's columns: with `labels`, region, material and reason names in their
    /// language, else the canonical codes. A national list is 333,000 rows naming a few thousand regions and
    /// a few nights: each is spelled once.
    struct ProblemRows {
        static let canonical = ["request_source", "request_id", "enterprise_id", "enterprise_name", "region", "material",
                                "tier", "state", "age", "requested", "delivered", "shortfall", "reason", "first_night",
                                "last_night"]
        static let zh = ["需求来源", "需求编号", "企业信用代码", "企业名称", "地区", "物资", "保障层级", "状态", "持续天数",
                         "需求量", "已调配", "缺口", "原因", "首次记录", "最近记录"]
        static let en = ["Request source", "Request ID", "Enterprise credit code", "Enterprise", "Region", "Material", "Tier",
                         "State", "Age (nights)", "Requested", "Delivered", "Shortfall", "Reason", "First night", "Last night"]
        static let roles: [ExportTable.Role] = [.detail, .detail, .detail, .detail, .detail, .material, .detail, .detail,
                                                .detail, .requested, .delivered, .quantity, .detail, .detail, .detail]

        let labels: PlanLabels?
        private var regions = [RegionCode: String](), nights = [CalendarDate: String]()

        init(labels: PlanLabels?) {
            self.labels = labels
        }

        mutating func cells(_ p: LedgerProblem) -> [ExportTable.Cell] {
            // Through `request`, not the problem's key paths: a key path per cell was a tenth of the list's time.
            let r = p.request
            return [.text(r.key.source), .text(r.key.id), .text(r.enterpriseID), .text(r.enterpriseName),
                    .text(region(r.region)),
                    .text(labels.map { $0.material(r.material) } ?? r.material.rawValue),
                    .integer(Int64(r.tier)), .text(p.state.rawValue), .integer(Int64(p.age)),
                    .integer(r.requested), .integer(r.delivered), .integer(r.shortfall),
                    .text(labels.flatMap { l in r.reason.flatMap(UnmetReason.init(rawValue:)).map(l.reason) } ?? r.reason ?? ""),
                    labels == nil ? .text(night(p.firstNight)) : .date(p.firstNight),
                    labels == nil ? .text(night(p.lastNight)) : .date(p.lastNight)]
        }

        private mutating func region(_ code: RegionCode) -> String {
            if let known = regions[code] { return known }
            let text = labels.map { $0.region(code) } ?? code.description
            regions[code] = text
            return text
        }

        private mutating func night(_ date: CalendarDate) -> String {
            if let known = nights[date] { return known }
            nights[date] = date.description
            return date.description
        }
    }

    /// One line per open item, oldest first, for a coordinator's terminal.
    static func problemText(_ problems: [LedgerProblem], latest: CalendarDate?, labels: PlanLabels) -> String {
        guard let latest else { return "the ledger has no night recorded yet\n" }
        var out = "problem list after the night of \(latest): \(problems.count) open item\(problems.count == 1 ? "" : "s")\n"
        for p in problems {
            out += "  age \(p.age)  \(p.key)  \(p.enterpriseName)  \(labels.region(p.region))  \(p.material.rawValue) "
                + "short \(p.shortfall) of \(p.requested) \(labels.unitCode(p.material))  \(p.reason ?? "")  "
                + "since \(p.firstNight)\n"
        }
        return out
    }

    /// `allot ledger history SOURCE:ID`: every night of an item, its lines and its close-outs.
    public static func itemHistory(_ reference: String, location: LedgerLocation) throws -> String {
        let ledger = try existingLedger(location), key = try itemKey(reference)
        return historyText(try ledger.history(of: key), receipts: try ledger.receipts(of: key))
    }

    /// The ledger's history of a request `allot explain` explains: what the ledger at `url` holds of it, or
    /// why it holds nothing.
    static func explainedHistory(of key: RecordKey, ledgerAt url: URL) -> String {
        guard FileManager.default.fileExists(atPath: url.path) else { return "work ledger: none at \(url.path) yet\n" }
        do {
            let ledger = try Ledger.open(url)
            return "work ledger: " + historyText(try ledger.history(of: key), receipts: try ledger.receipts(of: key))
        } catch LedgerError.noSuchItem {
            return "work ledger: no night recorded \(key) yet\n"
        } catch {
            return "work ledger: \(error)\n"
        }
    }

    /// The history's text: each night, its lines with their receipts (到货确认), then the close-outs.
    private static func historyText(_ history: LedgerHistory, receipts: [LineReceipt]) -> String {
        let received = Dictionary(receipts.map { (Receipt.LineKey(planDate: $0.planDate, lineID: $0.lineID), $0) },
                                  uniquingKeysWith: { first, _ in first })
        var out = "\(history.key): \(history.state.rawValue)\n"
        for night in history.nights {
            out += "  \(night.date)  \(night.state.rawValue)"
            if let r = night.request {
                out += "  requested \(r.requested), delivered \(r.delivered), short \(r.shortfall)"
                if let reason = r.reason { out += " (\(reason))" }
                if let age = r.age, age > 0 { out += ", age \(age)" }
            }
            out += "\n"
            for line in night.lines {
                out += "    \(line.lineID)  \(line.quantity) \(line.material.rawValue) from \(line.offer), lot \(line.lotDate), "
                    + "arrives by \(line.arriveBy)"
                if let receipt = received[Receipt.LineKey(planDate: night.date, lineID: line.lineID)]?.receipt {
                    out += receipt.received == line.quantity ? ", received in full"
                        : ", received \(receipt.received) (short \(line.quantity - receipt.received))"
                    if let on = receipt.receivedOn { out += " on \(on)" }
                }
                out += "\n"
            }
        }
        for c in history.closeouts {
            out += "  \(c.action == .close ? "closed" : "reopened") at \(c.at.shanghaiWallClock)\(c.by.isEmpty ? "" : " by \(c.by)"): \(c.note)\n"
        }
        return out
    }

    /// `allot ledger close|reopen SOURCE:ID --note TEXT [--by NAME]`.
    /// - Throws: `LedgerUsageError` (a malformed key or an empty note), `LedgerError.noSuchItem`,
    ///   `.alreadyClosed`, `.notClosed` (exit 2).
    public static func closeOut(_ reference: String, reopen: Bool, note: String, by: String, location: LedgerLocation,
                                at time: Instant) throws -> String {
        let key = try itemKey(reference)
        guard !note.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            throw LedgerUsageError(description: "--note is empty: say why the item is \(reopen ? "reopened" : "closed out")")
        }
        let ledger = try existingLedger(location)
        if reopen {
            try ledger.reopen(key, note: note, by: by, at: time)
            return "\(key) reopened\n"
        }
        try ledger.close(key, note: note, by: by, at: time)
        return "\(key) closed out\n"
    }

    private static func itemKey(_ reference: String) throws -> RecordKey {
        guard let ref = Override.Reference(text: reference) else { throw NightExplanation.Failure.malformedKey(reference) }
        return RecordKey(source: ref.source, kind: .request, id: ref.id)
    }
}
