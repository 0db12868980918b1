import AllotCore
import Foundation

/// Reads `overrides.csv` (SPEC 7): `action, offer_id, request_id,
/// enterprise_id, material, quantity, note`, ids as `source:id`.
///
/// A row that cannot be read, or that names a record not in tonight's plan,
/// is a reject; whether a valid override can hold (reach, capacity, caps) is
/// the planner's to decide.
public enum OverridesFile {
    public struct Result: Sendable {
        public var overrides: [Override] = []
        public var rejects: [Reject] = []
        public var recordCount = 0
        public var encoding: TextEncoding?
        /// Why the file as a whole cannot be used (it cannot be read, or its header lacks `action`);
        /// its one reject is in `rejects`. `nil` when it was read.
        public var unusable: String?
    }

    /// Where the overrides lie in the inputs folder.
    public static let path = "overrides.csv"

    /// The columns read, in SPEC 7's order.
    static let columns = Override.Column.allCases.map(\.rawValue)
    /// Each column's Chinese header, to its English name.
    static let chineseColumns = Dictionary(uniqueKeysWithValues: Override.Column.allCases.map { ($0.chineseName, $0.rawValue) })

    /// Reads the overrides `InputFolder` opened. Each `source:id` is resolved
    /// here, once, to the key of tonight's record it names.
    /// - Parameters:
    ///   - offers, requests: tonight's accepted, active records.
    public static func read(_ file: InputFile, reference: ReferenceData,
                            offers allOffers: [Offer], requests allRequests: [Request]) -> Result {
        var result = Result()
        let displayPath = file.path
        let limits = reference.policy.limits
        guard let csv = ReferenceCSV.openLeniently(file, required: ["action"], limits: limits, aliases: chineseColumns,
                                                   encoding: &result.encoding, rejects: &result.rejects) else {
            result.unusable = result.rejects.first.map(unusable)
            return result
        }
        let (table, header, columns) = (csv.table, csv.header, csv.columns)
        // The records the rows name, by the name they are given.
        func names(_ column: String) -> Set<String> {
            Set(table.rows.compactMap { columns.value(column, in: $0.fields) }
                .compactMap { Override.Reference(text: $0)?.description })
        }
        let offers = RecordKey.named(names("offer_id"), in: allOffers, key: \.key).mapValues { allOffers[$0] }
        let requests = RecordKey.named(names("request_id"), in: allRequests, key: \.key).mapValues { allRequests[$0] }
        let values = RecordNormalizer(reference: reference)
        for row in table.rows {
            result.recordCount += 1
            if let problem = ReferenceCSV.oversize(row, header: header, limits: limits) {
                result.rejects.append(Reject(file: displayPath, line: row.line, field: problem.field, source: "overrides",
                                             code: problem.code, message: problem.message, raw: problem.raw))
                continue
            }
            func reject(_ field: String, _ code: RejectCode, _ message: String) {
                let id = ["offer_id", "request_id", "enterprise_id"].compactMap { columns.value($0, in: row.fields) }
                    .joined(separator: " -> ")
                result.rejects.append(Reject(file: displayPath, line: row.line, field: field, source: "overrides",
                                             recordID: id, code: code, message: message, raw: row.raw))
            }
            guard row.problem == nil, row.fields.count == header.fields.count else {
                reject("", .wrongFieldCount, "the row does not split into the header's \(header.fields.count) fields")
                continue
            }
            switch read(row: row.fields, line: row.line, raw: row.raw, columns: columns, values: values,
                        offers: offers, requests: requests) {
            case .success(let o): result.overrides.append(o)
            case .failure(let p): reject(p.field, p.code, p.message)
            }
        }
        return result
    }

    /// What a reject of the whole file says, with where: `line 1: the header has no action column`.
    static func unusable(_ reject: Reject) -> String {
        (reject.line > 0 ? "line \(reject.line): " : "") + reject.message
    }

    struct Problem: Error {
        var field: String
        var code: RejectCode
        var message: String
        init(_ field: String, _ code: RejectCode, _ message: String) {
            self.field = field
            self.code = code
            self.message = message
        }
    }

    private static func read(row: [String], line: Int, raw: String, columns: ColumnMap, values: RecordNormalizer,
                             offers: [String: Offer], requests: [String: Request]) -> Swift.Result<Override, Problem> {
        if let (column, message) = columns.controlCharacter(among: Self.columns, in: row) {
            return .failure(Problem(column, .controlCharacter, message))
        }
        let actionText = columns.value("action", in: row) ?? ""
        guard let action = Override.Action(name: actionText) else {
            return .failure(Problem("action", actionText.isEmpty ? .missingField : .badAction,
                                    "\(actionText.isEmpty ? "action is required" : "\(actionText) is not an action"): use \(Override.Action.namesForMessage)"))
        }
        var o = Override(action: action, note: columns.value("note", in: row) ?? "", line: line, raw: raw)
        let needsOffer = action == .pin || action == .forbid
        let needsRequest = needsOffer
        // Column order: offer_id, request_id, enterprise_id, material, quantity.
        var offer: Offer?
        if let text = columns.value("offer_id", in: row) {
            guard let ref = Override.Reference(text: text) else {
                return .failure(Problem("offer_id", .badRecordReference, "\(text) is not source:id"))
            }
            guard let found = offers[ref.description] else {
                return .failure(Problem("offer_id", .unknownRecord, "no offer \(ref) in tonight's feeds (unknown, rejected or withdrawn)"))
            }
            offer = found
            o.offer = found.key
        } else if needsOffer {
            return .failure(Problem("offer_id", .missingField, "\(action.rawValue) needs offer_id"))
        }
        if let text = columns.value("request_id", in: row) {
            guard let ref = Override.Reference(text: text) else {
                return .failure(Problem("request_id", .badRecordReference, "\(text) is not source:id"))
            }
            guard let found = requests[ref.description] else {
                return .failure(Problem("request_id", .unknownRecord, "no request \(ref) in tonight's feeds (unknown, rejected or withdrawn)"))
            }
            o.request = found.key
        } else if needsRequest {
            return .failure(Problem("request_id", .missingField, "\(action.rawValue) needs request_id"))
        }
        if action == .exclude && o.offer == nil && o.request == nil {
            return .failure(Problem("offer_id", .missingField, "exclude needs offer_id or request_id"))
        }
        if let text = columns.value("enterprise_id", in: row) {
            switch CreditCode.parse(text.uppercased()) {
            case .success(let c): o.enterpriseID = c
            case .failure(let p): return .failure(Problem("enterprise_id", .badCreditCode, "\(text): \(p)"))
            }
        } else if action == .cap {
            return .failure(Problem("enterprise_id", .missingField, "cap needs enterprise_id"))
        }
        var material: Material?
        if let text = columns.value("material", in: row) {
            guard let m = values.resolveMaterial(text) else {
                return .failure(Problem("material", .unknownMaterial, "\(text) is not a material of the catalog"))
            }
            material = m
            o.material = m.code
        } else if action == .cap {
            return .failure(Problem("material", .missingField, "cap needs material"))
        }
        if action == .pin, let offer, material == nil {
            material = values.reference.catalog[offer.material]
        }
        if let text = columns.value("quantity", in: row), action == .pin || action == .cap {
            let tooLarge = Problem("quantity", .quantityTooLarge, QuantityText.tooLargeMessage(text, material: material))
            switch QuantityText.parse(text) {
            case .success(let parsed):
                var factor = ExactDecimal.one
                if let unit = parsed.unit {
                    guard let m = material, let f = values.unitFactor(unit, for: m) else {
                        return .failure(Problem("quantity", .unknownUnit, "\(unit) is not a unit of \(material?.name ?? "the material")"))
                    }
                    factor = f
                }
                switch Quantity.reading(parsed.amount, unitFactor: factor) {
                case .success(let quantity): o.quantity = quantity
                case .failure(.tooLarge): return .failure(tooLarge)
                case .failure(.notPositive):
                    return .failure(Problem("quantity", .badQuantity, "\(text) is not a usable quantity"))
                }
            case .failure(.notPositive) where action == .cap && text.trimmingSpaces().allSatisfy({ $0 == "0" || $0 == "." }):
                o.quantity = .zero   // a cap of 0: deliver nothing to this enterprise
            case .failure(.tooLarge):
                return .failure(tooLarge)
            case .failure:
                return .failure(Problem("quantity", .badQuantity, "\(text) is not a quantity"))
            }
        } else if action == .pin || action == .cap {
            return .failure(Problem("quantity", .missingField, "\(action.rawValue) needs quantity"))
        }
        if action == .pin, let offer, let key = o.request, let request = requests[key.description], offer.material != request.material {
            return .failure(Problem("request_id", .overrideNotApplied, "the offer is \(offer.material) and the request \(request.material)"))
        }
        return .success(o)
    }
}
