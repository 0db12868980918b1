import AllotCore
import GRDB

/// The numbers the night tables use for request keys, offer keys and enterprises, found or added inside
/// one write transaction and remembered for it, so a night of a million requests asks SQLite once per
/// name. New names are numbered in the order they come, so a night's requests (in key order) get rising
/// numbers and its rows are appended to the night tables' primary keys.
struct LedgerNames {
    private let day: Int64
    private let db: Database
    private var items = [RecordKey: Int64]()
    private var offers = [RecordKey: Int64]()
    private var enterprises = [Pair: Int64]()
    private let findItem, addItem, moveFirstNight, findOffer, addOffer, findEnterprise, addEnterprise: LedgerRowStatement

    private struct Pair: Hashable {
        var first: String
        var second: String
    }

    /// Names for the night of `day`, with room for `requests` keys: an item first recorded by it has it as
    /// its first night.
    init(_ db: Database, day: Int32, requests: Int) throws {
        self.db = db
        self.day = Int64(day)
        items.reserveCapacity(requests)
        findItem = try LedgerRowStatement(db, sql: "SELECT item, first_night FROM item WHERE request_source = ? AND request_id = ?")
        addItem = try LedgerRowStatement(db, sql: "INSERT INTO item (request_source, request_id, first_night) VALUES (?, ?, ?)")
        moveFirstNight = try LedgerRowStatement(db, sql: "UPDATE item SET first_night = ? WHERE item = ?")
        findOffer = try LedgerRowStatement(db, sql: "SELECT offer FROM offer WHERE offer_source = ? AND offer_id = ?")
        addOffer = try LedgerRowStatement(db, sql: "INSERT INTO offer (offer_source, offer_id) VALUES (?, ?)")
        findEnterprise = try LedgerRowStatement(db, sql: "SELECT enterprise FROM enterprise WHERE enterprise_id = ? AND enterprise_name = ?")
        addEnterprise = try LedgerRowStatement(db, sql: "INSERT INTO enterprise (enterprise_id, enterprise_name) VALUES (?, ?)")
    }

    /// The item of a request key; an earlier night recorded late becomes its first night.
    mutating func item(_ key: RecordKey) throws -> Int64 {
        if let known = items[key] { return known }
        let number: Int64
        if let (found, firstNight) = try findItem.integers([.text(key.source), .text(key.id)]) {
            number = found
            if firstNight > day { try moveFirstNight.run([.integer(day), .integer(number)]) }
        } else {
            try addItem.run([.text(key.source), .text(key.id), .integer(day)])
            number = db.lastInsertedRowID
        }
        items[key] = number
        return number
    }

    mutating func offer(_ key: RecordKey) throws -> Int64 {
        if let known = offers[key] { return known }
        let number = try find(findOffer, or: addOffer, key.source, key.id)
        offers[key] = number
        return number
    }

    mutating func enterprise(_ id: String, _ name: String) throws -> Int64 {
        let pair = Pair(first: id, second: name)
        if let known = enterprises[pair] { return known }
        let number = try find(findEnterprise, or: addEnterprise, id, name)
        enterprises[pair] = number
        return number
    }

    /// The row `query` finds for (`first`, `second`), added by `add` when there is none.
    private func find(_ query: LedgerRowStatement, or add: LedgerRowStatement, _ first: String, _ second: String) throws -> Int64 {
        let values: [LedgerValue] = [.text(first), .text(second)]
        if let known = try query.integer(values) { return known }
        try add.run(values)
        return db.lastInsertedRowID
    }
}
