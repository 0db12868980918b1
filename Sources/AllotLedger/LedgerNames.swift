import AllotCore
import GRDB

/// The numbers the night tables use for request keys, offer keys and enterprises, found or added inside
/// one write transaction and remembered for it, so a night of a million requests asks SQLite once per
/// name.
struct LedgerNames {
    private let db: Database
    private var items = [RecordKey: Int64]()
    private var offers = [RecordKey: Int64]()
    private var enterprises = [Pair: Int64]()

    private struct Pair: Hashable {
        var first: String
        var second: String
    }

    init(_ db: Database) {
        self.db = db
    }

    /// The item of a request key.
    mutating func item(_ key: RecordKey) throws -> Int64 {
        if let known = items[key] { return known }
        let number = try number(in: "item", key: "item", columns: ("request_source", "request_id"), key.source, key.id)
        items[key] = number
        return number
    }

    mutating func offer(_ key: RecordKey) throws -> Int64 {
        if let known = offers[key] { return known }
        let number = try number(in: "offer", key: "offer", columns: ("offer_source", "offer_id"), key.source, key.id)
        offers[key] = number
        return number
    }

    mutating func enterprise(_ id: String, _ name: String) throws -> Int64 {
        let pair = Pair(first: id, second: name)
        if let known = enterprises[pair] { return known }
        let number = try number(in: "enterprise", key: "enterprise", columns: ("enterprise_id", "enterprise_name"), id, name)
        enterprises[pair] = number
        return number
    }

    /// The row of `table` whose two `columns` hold `first` and `second`, added when there is none.
    private func number(in table: String, key: String, columns: (String, String), _ first: String,
                        _ second: String) throws -> Int64 {
        let arguments: StatementArguments = [first, second]
        let find = try db.cachedStatement(sql: "SELECT \(key) FROM \(table) WHERE \(columns.0) = ? AND \(columns.1) = ?")
        if let known = try Int64.fetchOne(find, arguments: arguments) { return known }
        try db.cachedStatement(sql: "INSERT INTO \(table) (\(columns.0), \(columns.1)) VALUES (?, ?)").execute(arguments: arguments)
        return db.lastInsertedRowID
    }
}
