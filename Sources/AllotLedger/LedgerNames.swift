import AllotCore
import GRDB

/// The numbers the night tables use for request keys, offer keys and enterprises, found or added inside
/// one write transaction and remembered for it. New names are numbered in the order they come, so a night's
/// requests (in key order) get rising numbers.
///
/// A national night names a million request keys, 400,000 enterprises and 300,000 offers, nearly all of
/// them known: asking SQLite for each (a seek into a text index) was three quarters of recording a night
/// (Benchmarks/README.md, Part 4). So the names are read in bulk first: the items of the nearest night
/// recorded (one pass over its rows), and the `enterprise` and `offer` tables whole when they are not much
/// larger than the night. Only a name not read then is looked up, and when the read covered its whole
/// table, not even that: it is new.
struct LedgerNames {
    /// A names table is read whole when it holds at most this many rows per name the night writes; a
    /// larger one (years of offers) would cost more to read than the seeks it saves.
    static let wholeTableRowsPerName = 4

    private let day: Int64
    private let db: Database
    private var items: [LedgerNameKey: (item: Int64, firstNight: Int64)]
    private var offers: [LedgerNameKey: Int64]
    private var enterprises: [LedgerNameKey: Int64]
    /// Whether the maps hold every row of their table, so that a name not in them is new.
    private let allItems, allOffers, allEnterprises: Bool
    private let findItem, addItem, moveFirstNight, findOffer, addOffer, findEnterprise, addEnterprise: LedgerRowStatement

    /// Names for the night of `day`, which writes `requests` requests and `lines` lines: an item first
    /// recorded by it has it as its first night.
    /// - Complexity: one pass over the nearest night's requests, and over the `enterprise` and `offer`
    ///   tables when they are read whole.
    init(_ db: Database, day: Int32, requests: Int, lines: Int) throws {
        self.db = db
        self.day = Int64(day)
        findItem = try LedgerRowStatement(db, sql: "SELECT item, first_night FROM item WHERE request_source = ? AND request_id = ?")
        addItem = try LedgerRowStatement(db, sql: "INSERT INTO item (request_source, request_id, first_night) VALUES (?, ?, ?)")
        moveFirstNight = try LedgerRowStatement(db, sql: "UPDATE item SET first_night = ? WHERE item = ?")
        findOffer = try LedgerRowStatement(db, sql: "SELECT offer FROM offer WHERE offer_source = ? AND offer_id = ?")
        addOffer = try LedgerRowStatement(db, sql: "INSERT INTO offer (offer_source, offer_id) VALUES (?, ?)")
        findEnterprise = try LedgerRowStatement(db, sql: "SELECT enterprise FROM enterprise WHERE enterprise_id = ? AND enterprise_name = ?")
        addEnterprise = try LedgerRowStatement(db, sql: "INSERT INTO enterprise (enterprise_id, enterprise_name) VALUES (?, ?)")

        // The items of the nearest night recorded: the night before, as a nightly run records them.
        var items = [LedgerNameKey: (item: Int64, firstNight: Int64)](minimumCapacity: requests)
        if let nearest = try Int32.fetchOne(db, sql: "SELECT day FROM night WHERE day <> ? ORDER BY abs(day - ?) LIMIT 1",
                                            arguments: [day, day]) {
            try LedgerRowStatement(db, sql: """
                SELECT i.item, i.request_source, i.request_id, i.first_night
                FROM night_request r CROSS JOIN item i ON i.item = r.item WHERE r.day = ?
                """).rows([.integer(Int64(nearest))]) { row in
                items[LedgerNameKey(row.text(1), row.text(2))] = (row.integer(0), row.integer(3))
            }
        }
        // Item numbers are distinct rowids, so as many as the largest means every one.
        allItems = try Int.fetchOne(db, sql: "SELECT max(item) FROM item") ?? 0 == items.count

        let names = max(requests + lines, 1) * Self.wholeTableRowsPerName
        var enterprises = [LedgerNameKey: Int64]()
        allEnterprises = try Int.fetchOne(db, sql: "SELECT max(enterprise) FROM enterprise") ?? 0 <= names
        if allEnterprises {
            try LedgerRowStatement(db, sql: "SELECT enterprise, enterprise_id, enterprise_name FROM enterprise").rows([]) { row in
                enterprises[LedgerNameKey(row.text(1), row.text(2))] = row.integer(0)
            }
        }
        var offers = [LedgerNameKey: Int64]()
        allOffers = try Int.fetchOne(db, sql: "SELECT max(offer) FROM offer") ?? 0 <= max(lines, 1) * Self.wholeTableRowsPerName
        if allOffers {
            try LedgerRowStatement(db, sql: "SELECT offer, offer_source, offer_id FROM offer").rows([]) { row in
                offers[LedgerNameKey(row.text(1), row.text(2))] = row.integer(0)
            }
        }
        self.items = items
        self.enterprises = enterprises
        self.offers = offers
    }

    /// The item of a request key; an earlier night recorded late becomes its first night.
    mutating func item(_ key: RecordKey) throws -> Int64 {
        let name = LedgerNameKey(key.source, key.id)
        if let (number, firstNight) = items[name] {
            if firstNight > day {
                try moveFirstNight.run([.integer(day), .integer(number)])
                items[name] = (number, day)
            }
            return number
        }
        if !allItems, let (number, firstNight) = try findItem.integers([.text(key.source), .text(key.id)]) {
            if firstNight > day { try moveFirstNight.run([.integer(day), .integer(number)]) }
            items[name] = (number, min(firstNight, day))
            return number
        }
        try addItem.run([.text(key.source), .text(key.id), .integer(day)])
        let number = db.lastInsertedRowID
        items[name] = (number, day)
        return number
    }

    mutating func offer(_ key: RecordKey) throws -> Int64 {
        let name = LedgerNameKey(key.source, key.id)
        if let known = offers[name] { return known }
        let number = try find(allOffers ? nil : findOffer, or: addOffer, name)
        offers[name] = number
        return number
    }

    mutating func enterprise(_ id: String, _ name: String) throws -> Int64 {
        let pair = LedgerNameKey(id, name)
        if let known = enterprises[pair] { return known }
        let number = try find(allEnterprises ? nil : findEnterprise, or: addEnterprise, pair)
        enterprises[pair] = number
        return number
    }

    /// The row `query` finds for `name`, added by `add` when there is none (at once when there is no query).
    private func find(_ query: LedgerRowStatement?, or add: LedgerRowStatement, _ name: LedgerNameKey) throws -> Int64 {
        let values: [LedgerValue] = [.text(name.first), .text(name.second)]
        if let query, let known = try query.integer(values) { return known }
        try add.run(values)
        return db.lastInsertedRowID
    }
}

/// A name of two texts (a key's source and id, an enterprise's credit code and name) hashed and compared as
/// their UTF-8 bytes, as SQLite's unique indexes compare them. `String`'s own hashing goes through the
/// text's NFC form when it is not ASCII, which made the Chinese enterprise names the slowest keys to look up.
struct LedgerNameKey: Hashable {
    var first: String
    var second: String

    init(_ first: String, _ second: String) {
        self.first = first
        self.second = second
    }

    func hash(into hasher: inout Hasher) {
        Self.hash(first, into: &hasher)
        Self.hash(second, into: &hasher)
    }

    static func == (a: LedgerNameKey, b: LedgerNameKey) -> Bool {
        same(a.first, b.first) && same(a.second, b.second)
    }

    private static func hash(_ text: String, into hasher: inout Hasher) {
        var text = text
        text.withUTF8 { hasher.combine(bytes: UnsafeRawBufferPointer($0)) }
        hasher.combine(text.utf8.count)
    }

    private static func same(_ a: String, _ b: String) -> Bool {
        var a = a, b = b
        return a.withUTF8 { x in b.withUTF8 { y in x.elementsEqual(y) } }
    }
}
