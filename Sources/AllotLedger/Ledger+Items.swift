import AllotCore
import GRDB

/// An open item as `allot ledger problems` lists it (SPEC 15): its request on the latest night (its
/// figures read through, `problem.shortfall`), and its first and last nights.
@dynamicMemberLookup
public struct LedgerProblem: Hashable, Sendable {
    public var request: LedgerNight.Request
    /// The first night the ledger recorded it, and the latest (the latest night recorded).
    public var firstNight: CalendarDate
    public var lastNight: CalendarDate

    public subscript<Value>(dynamicMember path: KeyPath<LedgerNight.Request, Value>) -> Value { request[keyPath: path] }

    /// Consecutive nights open, the latest included.
    public var age: Int { request.age ?? 1 }
    /// Always `open`: closed items are not problems.
    public var state: LedgerItemState { .open }
}

/// A close-out (销号) or its undoing, as the ledger keeps it.
public struct LedgerCloseout: Hashable, Sendable {
    public enum Action: String, Hashable, Sendable { case close, reopen }
    public var action: Action
    public var note: String
    public var by: String
    /// When it was made.
    public var at: Instant
    /// The latest night recorded when it was made; `nil` when there was none.
    public var afterNight: CalendarDate?
}

/// Everything the ledger holds of one item: each night that stated it, or on which it lapsed, and its
/// close-outs.
public struct LedgerHistory: Hashable, Sendable {
    public struct Night: Hashable, Sendable {
        public var date: CalendarDate
        public var state: LedgerItemState
        /// The night's figures when it planned the item; `nil` when it withdrew it or it lapsed.
        public var request: LedgerNight.Request?
        /// The night's lines to the item.
        public var lines: [LedgerNight.Line]
    }

    public var key: RecordKey
    public var nights: [Night]
    public var closeouts: [LedgerCloseout]
    /// The state after the latest night recorded, close-outs included.
    public var state: LedgerItemState
}

/// What a problem list is narrowed to.
public struct LedgerProblemFilter: Sendable {
    public var material: MaterialCode?
    /// Keeps items whose region passes; `nil` keeps all.
    public var region: (@Sendable (RegionCode) -> Bool)?
    public var minimumAge: Int

    public init(material: MaterialCode? = nil, region: (@Sendable (RegionCode) -> Bool)? = nil, minimumAge: Int = 1) {
        self.material = material
        self.region = region
        self.minimumAge = minimumAge
    }
}

extension Ledger {
    /// The items closed now: their latest close-out is a close, and no night recorded after it states them.
    /// The one home of the close-out rule (SPEC 15: a closed item leaves the problem list and is not carried
    /// over; `reopen` undoes it; a feed that states the key again puts it back).
    static let closedItemsSQL = """
        SELECT c.item FROM closeout c
        WHERE c.action = 'close'
          AND c.closeout = (SELECT max(closeout) FROM closeout WHERE item = c.item)
          AND NOT EXISTS (SELECT 1 FROM night n CROSS JOIN night_request r ON r.day = n.day AND r.item = c.item
                          WHERE n.day > coalesce(c.after_night, -2147483648))
          AND NOT EXISTS (SELECT 1 FROM night_withdrawn w WHERE w.item = c.item AND w.day > coalesce(c.after_night, -2147483648))
        """

    /// The latest night recorded; `nil` for an empty ledger.
    public func latestNight() throws -> CalendarDate? {
        try pool.read { db in try Int32.fetchOne(db, sql: "SELECT max(day) FROM night").map(CalendarDate.init(dayNumber:)) }
    }

    /// The problem list (问题清单): the items open after the latest night and not closed, oldest first (age
    /// descending, then by key).
    public func problems(_ filter: LedgerProblemFilter = LedgerProblemFilter()) throws -> [LedgerProblem] {
        var list = [LedgerProblem]()
        try problems(filter) { list.append($0) }
        return list
    }

    /// Calls `body` with each item of the problem list, in its order, as it is read: a national list is a
    /// third of a million items, written out as they come (`allot ledger problems`).
    /// - Complexity: one pass over the latest night's requests, sorted.
    public func problems(_ filter: LedgerProblemFilter = LedgerProblemFilter(), _ body: (LedgerProblem) throws -> Void) throws {
        try pool.read { db in
            guard let latest = try Int32.fetchOne(db, sql: "SELECT max(day) FROM night") else { return }
            var arguments: [LedgerValue] = [.integer(Int64(latest)), .integer(Int64(filter.minimumAge))]
            var materialClause = ""
            if let material = filter.material {
                materialClause = "AND r.material = ?"
                arguments.append(.text(material.rawValue))
            }
            let query = try LedgerRowStatement(db, sql: """
                SELECT i.request_source, i.request_id, e.enterprise_id, e.enterprise_name, r.region, r.material, r.tier,
                       r.age, r.requested, r.delivered, r.reason, i.first_night
                FROM night_request r JOIN item i USING (item) JOIN enterprise e USING (enterprise)
                WHERE r.day = ? AND r.requested > r.delivered AND r.age >= ? \(materialClause)
                  AND r.item NOT IN (\(Ledger.closedItemsSQL))
                ORDER BY r.age DESC, i.request_source, i.request_id
                """)
            // Read through the C API by column: decoding GRDB's rows by column name was a fifth of
            // `allot ledger problems`.
            let lastNight = CalendarDate(dayNumber: latest)
            try query.rows(arguments) { row in
                let region = RegionCode(Int32(truncatingIfNeeded: row.integer(4)))
                if let keep = filter.region, !keep(region) { return }
                let request = LedgerNight.Request(
                    key: RecordKey(source: row.text(0), kind: .request, id: row.text(1)), enterpriseID: row.text(2),
                    enterpriseName: row.text(3), region: region, material: MaterialCode(row.text(5)),
                    tier: Int(row.integer(6)), requested: row.integer(8), delivered: row.integer(9),
                    reason: row.optionalText(10), age: Int(row.integer(7)))
                try body(LedgerProblem(request: request, firstNight: CalendarDate(dayNumber: Int32(truncatingIfNeeded: row.integer(11))),
                                       lastNight: lastNight))
            }
        }
    }

    /// Every night of the item `key`, from the first that stated it, and its close-outs.
    /// - Throws: `LedgerError.noSuchItem` when the ledger has never recorded the key.
    public func history(of key: RecordKey) throws -> LedgerHistory {
        try pool.read { db in
            let item = try itemNumber(key, in: db)
            let days = try Int32.fetchAll(db, sql: "SELECT day FROM night ORDER BY day")
            var requests = [Int32: LedgerNight.Request]()
            for row in try Row.fetchAll(db, sql: """
                SELECT r.day, e.enterprise_id, e.enterprise_name, r.region, r.material, r.tier, r.requested, r.delivered,
                       r.reason, r.age
                FROM night n CROSS JOIN night_request r ON r.day = n.day AND r.item = ? JOIN enterprise e USING (enterprise)
                """, arguments: [item]) {
                requests[row["day"]] = Ledger.request(row, key: key)
            }
            let withdrawn = Set(try Int32.fetchAll(db, sql: "SELECT day FROM night_withdrawn WHERE item = ?", arguments: [item]))
            var lines = [Int32: [LedgerNight.Line]]()
            for row in try Row.fetchAll(db, sql: """
                SELECT l.day, l.line_id, o.offer_source, o.offer_id, l.lot_day, l.material, l.requested_material,
                       l.quantity, l.arrive_by
                FROM night_line l JOIN offer o USING (offer) WHERE l.item = ? ORDER BY l.day, l.line_id
                """, arguments: [item]) {
                let material = MaterialCode(row["material"])
                lines[row["day"], default: []].append(LedgerNight.Line(
                    lineID: row["line_id"], offer: RecordKey(source: row["offer_source"], kind: .offer, id: row["offer_id"]),
                    lotDate: CalendarDate(dayNumber: row["lot_day"]), request: key, material: material,
                    requestedMaterial: (row["requested_material"] as String?).map(MaterialCode.init) ?? material,
                    quantity: row["quantity"], arriveBy: CalendarDate(dayNumber: row["arrive_by"])))
            }
            var nights = [LedgerHistory.Night]()
            var state: LedgerItemState?
            for day in days {
                let statement: LedgerItemState.Statement? = requests[day].map { .planned(shortfall: $0.shortfall) }
                    ?? (withdrawn.contains(day) ? .withdrawn : nil)
                let before = state
                state = LedgerItemState.after(state, stated: statement)
                guard let now = state, statement != nil || now != before else { continue }
                nights.append(LedgerHistory.Night(date: CalendarDate(dayNumber: day), state: now, request: requests[day],
                                                  lines: lines[day] ?? []))
            }
            let closeouts = try Row.fetchAll(db, sql: """
                SELECT action, note, by, at, after_night FROM closeout WHERE item = ? ORDER BY closeout
                """, arguments: [item]).map { row in
                LedgerCloseout(action: LedgerCloseout.Action(rawValue: row["action"]) ?? .close, note: row["note"],
                               by: row["by"], at: Instant(microsecondsSinceEpoch: row["at"]),
                               afterNight: (row["after_night"] as Int32?).map(CalendarDate.init(dayNumber:)))
            }
            let closed = try isClosed(item, in: db)
            return LedgerHistory(key: key, nights: nights, closeouts: closeouts,
                                 state: closed ? .closed : state ?? .lapsed)
        }
    }

    /// Closes out the item `key` (销号) with a note, recorded with who and when; it leaves the problem list
    /// and is not carried over until reopened or stated again by a feed.
    /// - Throws: `LedgerError.noSuchItem`, `.alreadyClosed`.
    public func close(_ key: RecordKey, note: String, by: String, at time: Instant) throws {
        try pool.write { db in
            let item = try itemNumber(key, in: db)
            if try isClosed(item, in: db) { throw LedgerError.alreadyClosed(key.description) }
            try insertCloseout(item, .close, note: note, by: by, at: time, in: db)
        }
    }

    /// Undoes the close-out of `key`; the close-out stays in its history.
    /// - Throws: `LedgerError.noSuchItem`, `.notClosed`.
    public func reopen(_ key: RecordKey, note: String, by: String, at time: Instant) throws {
        try pool.write { db in
            let item = try itemNumber(key, in: db)
            guard try isClosed(item, in: db) else { throw LedgerError.notClosed(key.description) }
            try insertCloseout(item, .reopen, note: note, by: by, at: time, in: db)
        }
    }

    private func insertCloseout(_ item: Int64, _ action: LedgerCloseout.Action, note: String, by: String,
                                at time: Instant, in db: Database) throws {
        try db.execute(sql: """
            INSERT INTO closeout (item, action, note, by, at, after_night)
            VALUES (?, ?, ?, ?, ?, (SELECT max(day) FROM night))
            """, arguments: [item, action.rawValue, note, by, time.microsecondsSinceEpoch])
    }

    private func isClosed(_ item: Int64, in db: Database) throws -> Bool {
        try Bool.fetchOne(db, sql: "SELECT ? IN (\(Ledger.closedItemsSQL))", arguments: [item]) ?? false
    }

    private func itemNumber(_ key: RecordKey, in db: Database) throws -> Int64 {
        guard let item = try Int64.fetchOne(db, sql: "SELECT item FROM item WHERE request_source = ? AND request_id = ?",
                                            arguments: [key.source, key.id]) else {
            throw LedgerError.noSuchItem(key.description, ledger: url.path)
        }
        return item
    }
}
