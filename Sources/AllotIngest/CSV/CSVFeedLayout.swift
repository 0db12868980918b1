import AllotCore

/// What a feed's header row says (SPEC 4): whether the file holds offers or
/// requests, and which field each column holds.
struct CSVFeedLayout {
    var kind: RecordKind
    /// The field of each column, `nil` for a column that is ignored.
    var columns: [FeedField?]
    /// The fields in column order (`RecordFields.order`).
    var order: [FeedField]
    /// The column of the record id.
    var idColumn: Int
    /// Columns that are ignored, worded for the log and the manifest.
    var warnings: [String]
    /// Each column's name for a reject: its field's canonical name, or the
    /// header's text, trimmed, for a column that is ignored.
    var columnNames: [String]

    /// Why a header makes the whole file unusable.
    struct Problem: Error, Equatable {
        var code: RejectCode
        var message: String
    }

    /// The columns a feed of `kind` must have.
    static func requiredFields(of kind: RecordKind) -> [FeedField] {
        switch kind {
        case .offer: return [.offerID, .supplierID, .supplierName, .region, .material, .quantity]
        case .request: return [.requestID, .enterpriseID, .material]
        }
    }

    /// Reads the header's cells; `path` names the file in warnings.
    init(header cells: [String], path: String) throws {
        var fields = [FeedField?]()
        var firstColumn = [FeedField: Int]()
        var unknown = [(column: Int, name: String)]()
        for (i, cell) in cells.enumerated() {
            guard let field = FeedField(header: cell) else {
                fields.append(nil)
                unknown.append((i + 1, cell.trimmingSpaces()))
                continue
            }
            if let earlier = firstColumn[field] {
                throw Problem(code: .badHeader,
                              message: "column \(Self.describe(field)) appears twice, in columns \(earlier + 1) and \(i + 1)")
            }
            firstColumn[field] = i
            fields.append(field)
        }
        let offers = firstColumn[.supplierID] != nil, requests = firstColumn[.enterpriseID] != nil
        guard offers != requests else {
            throw Problem(code: .badHeader, message: offers
                ? "the header has both \(Self.describe(.supplierID)) and \(Self.describe(.enterpriseID)): a CSV feed holds offers or requests, not both"
                : "the header has neither \(Self.describe(.supplierID)) (an offer feed) nor \(Self.describe(.enterpriseID)) (a request feed)")
        }
        let kind: RecordKind = offers ? .offer : .request
        let missing = Self.requiredFields(of: kind).filter { firstColumn[$0] == nil }
        guard missing.isEmpty else {
            throw Problem(code: .missingColumn,
                          message: "the \(kind) feed lacks the column\(missing.count == 1 ? "" : "s") \(missing.map(Self.describe).joined(separator: ", "))")
        }
        let own = FeedField.fields(of: kind)
        var warnings = unknown.map { u in
            u.name.isEmpty
                ? "\(path): column \(u.column) has no name; ignored"
                : "\(path): column \(u.column) '\(u.name)' is not a feed field; ignored"
        }
        for (i, field) in fields.enumerated() {
            if let field, !own.contains(field) {
                warnings.append("\(path): column \(i + 1) '\(field.name)' is not a field of \(kind)s; ignored")
                fields[i] = nil
            }
        }
        self.kind = kind
        self.columns = fields
        self.order = fields.compactMap { $0 }
        self.idColumn = firstColumn[FeedField.idField(of: kind)]!
        self.warnings = warnings
        self.columnNames = cells.enumerated().map { i, cell in
            let name = cell.trimmingSpaces()
            return fields[i]?.name ?? (name.isEmpty ? "column \(i + 1)" : name)
        }
    }

    /// `supplier_id (供应方信用代码)`.
    static func describe(_ field: FeedField) -> String { "\(field.name) (\(field.chineseName))" }
}
