import AllotCore
import Foundation
import GRDB

/// The work ledger (工作台账, SPEC 15): an SQLite database of the nights
/// published, in WAL mode so that ledger commands read while a run writes.
///
/// Nights are recorded from the published plan folders; items, their states
/// (``LedgerItemState``) and close-outs follow from them and from the ledger's own
/// close-outs.
public final class Ledger {
    let pool: DatabasePool
    public let url: URL

    /// Marks a database as allot's ledger (`PRAGMA application_id`): "allt".
    static let applicationID: Int32 = 0x616C_6C74

    /// SQLite's page cache per connection, in KiB (its default is 2 MiB).
    static let cacheKibibytes = 262_144

    /// How long a writer waits for another (a ledger command reading while the run records).
    static let busyTimeout: TimeInterval = 10

    private init(pool: DatabasePool, url: URL) {
        self.pool = pool
        self.url = url
    }

    /// The ledger's file: the policy's `ledger`, relative to the outputs folder unless absolute (SPEC 15).
    public static func location(_ policy: Policy, outputs: URL) -> URL {
        policy.ledger.hasPrefix("/") ? URL(fileURLWithPath: policy.ledger) : outputs.appendingPathComponent(policy.ledger)
    }

    /// Opens the ledger at `url`, creating it (and migrating it to the current schema) when absent.
    /// - Throws: `LedgerError.foreign` when the file is not an SQLite database or is another
    ///   program's: it is never written over; `LedgerError.unusable` when SQLite cannot open it.
    public static func open(_ url: URL) throws -> Ledger {
        try refuseForeignFile(url)
        var configuration = Configuration()
        configuration.foreignKeysEnabled = true
        configuration.busyMode = .timeout(busyTimeout)
        configuration.prepareDatabase { db in
            // A national night's names and keys are looked up a million times: keep their indexes in memory.
            try db.execute(sql: "PRAGMA cache_size = -\(cacheKibibytes)")
        }
        do {
            // Looked at read-only first: opening it as a pool would turn WAL on, writing to the file.
            if FileManager.default.fileExists(atPath: url.path) {
                var readOnly = Configuration()
                readOnly.readonly = true
                let foreign = try DatabaseQueue(path: url.path, configuration: readOnly).read { db -> Bool in
                    let id = try Int32.fetchOne(db, sql: "PRAGMA application_id") ?? 0
                    let tables = try Int.fetchOne(db, sql: "SELECT count(*) FROM sqlite_master") ?? 0
                    return id != applicationID && (id != 0 || tables > 0)
                }
                if foreign { throw LedgerError.foreign(path: url.path, reason: "it is an SQLite database of another program") }
            }
            let pool = try DatabasePool(path: url.path, configuration: configuration)
            try LedgerSchema.migrator.migrate(pool)
            return Ledger(pool: pool, url: url)
        } catch let error as LedgerError {
            throw error
        } catch {
            throw LedgerError.unusable(path: url.path, reason: "\(error)")
        }
    }

    /// A file that does not start as an SQLite database does is not a ledger.
    private static func refuseForeignFile(_ url: URL) throws {
        guard let handle = FileHandle(forReadingAtPath: url.path) else { return }
        defer { try? handle.close() }
        let head = handle.readData(ofLength: 16)
        guard !head.isEmpty else { return }
        if head != Data("SQLite format 3\u{0}".utf8) {
            throw LedgerError.foreign(path: url.path, reason: "it is not an SQLite database")
        }
    }

    // MARK: - Nights

    /// Records `night` in one transaction, replacing the night of its date if there is one (a re-run).
    /// Items need no update: their states follow from the nights (``LedgerItemState``).
    /// - Parameter inTransaction: test only: runs inside the transaction, every row written, before it
    ///   commits (a fault point).
    /// - Parameter receipts: the receipts the night's `receipts.csv` brought, checked (``check(_:tonight:)``),
    ///   recorded in the same transaction, each replacing the one its line had.
    public func record(_ night: LedgerNight, recordedAt: Instant, receipts: [Receipt] = [],
                       inTransaction: (() throws -> Void)? = nil) throws {
        try pool.write { db in
            try insert(night, recordedAt: recordedAt, in: db)
            try insert(receipts, from: night.planDate, recordedAt: recordedAt, in: db)
            try inTransaction?()
        }
    }

    /// Writes the rows of `night`, in place of those of its date.
    ///
    /// The names are numbered first, then each table's rows are written in the order of its primary key
    /// (requests and withdrawn keys by item, lines by line id), so that SQLite appends them to its pages
    /// rather than splitting pages all over the night.
    private func insert(_ night: LedgerNight, recordedAt: Instant, in db: Database) throws {
        let day = night.planDate.dayNumber
        try db.execute(sql: "DELETE FROM night WHERE day = ?", arguments: [day])
        try db.execute(sql: "INSERT INTO night (day, plan_date, recorded_at, manifest_sha256) VALUES (?, ?, ?, ?)",
                       arguments: [day, night.planDate.description, recordedAt.description, night.manifestSHA256])
        var names = try LedgerNames(db, day: day, requests: night.requests.count, lines: night.lines.count)
        let missingAges = night.requests.filter { $0.age == nil && $0.shortfall > 0 }.map(\.key)
        let earlierAges = missingAges.isEmpty ? [:] : try ages(of: missingAges, on: night.planDate, in: db)

        var requestNames = [(item: Int64, enterprise: Int64, index: Int)]()
        requestNames.reserveCapacity(night.requests.count)
        for index in night.requests.indices {
            requestNames.append((try names.item(night.requests[index].key),
                                 try names.enterprise(night.requests[index].enterpriseID, night.requests[index].enterpriseName),
                                 index))
        }
        requestNames.sort { $0.item < $1.item }
        let request = try LedgerRowStatement(db, sql: """
            INSERT INTO night_request (day, item, enterprise, region, material, tier, requested, delivered, reason, age,
                                       category, needed_by)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """)
        var values = [LedgerValue](repeating: .null, count: 12)
        values[0] = .integer(Int64(day))
        for (item, enterprise, index) in requestNames {
            let r = night.requests[index]
            values[1] = .integer(item)
            values[2] = .integer(enterprise)
            values[3] = .integer(Int64(r.region.value))
            values[4] = .text(r.material.rawValue)
            values[5] = .integer(Int64(r.tier))
            values[6] = .integer(r.requested)
            values[7] = .integer(r.delivered)
            values[8] = .optional(r.reason)
            values[9] = .integer(Int64(r.age ?? (r.shortfall > 0 ? earlierAges[r.key] ?? 1 : 0)))
            values[10] = .optional(r.terms?.category.rawValue)
            values[11] = r.terms?.neededBy.map { .integer(Int64($0.dayNumber)) } ?? .null
            try request.run(values)
        }

        let withdrawn = try LedgerRowStatement(db, sql: "INSERT INTO night_withdrawn (day, item) VALUES (?, ?)")
        for item in try night.withdrawn.map({ try names.item($0) }).sorted() {
            try withdrawn.run([.integer(Int64(day)), .integer(item)])
        }

        let line = try LedgerRowStatement(db, sql: """
            INSERT INTO night_line (day, line_id, offer, lot_day, item, material, requested_material, quantity, arrive_by,
                                    supplier)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """)
        values = [LedgerValue](repeating: .null, count: 10)
        values[0] = .integer(Int64(day))
        for l in night.lines {
            let supplier = l.supplierID.isEmpty && l.supplierName.isEmpty ? nil
                : try names.enterprise(l.supplierID, l.supplierName)
            values[1] = .text(l.lineID)
            values[2] = .integer(try names.offer(l.offer))
            values[3] = .integer(Int64(l.lotDate.dayNumber))
            values[4] = .integer(try names.item(l.request))
            values[5] = .text(l.material.rawValue)
            values[6] = .optional(l.requestedMaterial == l.material ? nil : l.requestedMaterial.rawValue)
            values[7] = .integer(l.quantity)
            values[8] = .integer(Int64(l.arriveBy.dayNumber))
            values[9] = supplier.map { .integer($0) } ?? .null
            try line.run(values)
        }
    }

    /// The dates of the nights recorded, oldest first.
    public func nightDates() throws -> [CalendarDate] {
        try pool.read { db in
            try Int32.fetchAll(db, sql: "SELECT day FROM night ORDER BY day").map(CalendarDate.init(dayNumber:))
        }
    }

    /// Each night recorded and the SHA-256 of the `manifest.json` it was recorded from.
    public func recordedVersions() throws -> [CalendarDate: String?] {
        try pool.read { db in
            var versions = [CalendarDate: String?]()
            for row in try Row.fetchAll(db, sql: "SELECT day, manifest_sha256 FROM night") {
                versions[CalendarDate(dayNumber: row["day"])] = .some(row["manifest_sha256"])
            }
            return versions
        }
    }

    /// The night recorded for `date`, as it was recorded (every request with its age); `nil` when there is none.
    public func night(_ date: CalendarDate) throws -> LedgerNight? {
        try pool.read { db -> LedgerNight? in
            let day = date.dayNumber
            guard let recorded = try Row.fetchOne(db, sql: "SELECT manifest_sha256 FROM night WHERE day = ?", arguments: [day]) else {
                return nil
            }
            let requests = try Row.fetchAll(db, sql: """
                SELECT i.request_source, i.request_id, e.enterprise_id, e.enterprise_name, r.region, r.material, r.tier,
                       r.requested, r.delivered, r.reason, r.age, r.category, r.needed_by
                FROM night_request r JOIN item i USING (item) JOIN enterprise e USING (enterprise)
                WHERE r.day = ?
                """, arguments: [day]).map { row in
                Ledger.request(row, key: RecordKey(source: row["request_source"], kind: .request, id: row["request_id"]))
            }
            let withdrawn = try Row.fetchAll(db, sql: """
                SELECT i.request_source, i.request_id FROM night_withdrawn w JOIN item i USING (item) WHERE w.day = ?
                """, arguments: [day]).map { row in
                RecordKey(source: row["request_source"], kind: .request, id: row["request_id"])
            }
            let lines = try Row.fetchAll(db, sql: """
                SELECT l.line_id, o.offer_source, o.offer_id, l.lot_day, i.request_source, i.request_id, l.material,
                       l.requested_material, l.quantity, l.arrive_by, s.enterprise_id AS supplier_id,
                       s.enterprise_name AS supplier_name
                FROM night_line l JOIN offer o USING (offer) JOIN item i USING (item)
                     LEFT JOIN enterprise s ON s.enterprise = l.supplier
                WHERE l.day = ?
                """, arguments: [day]).map { row in
                let material = MaterialCode(row["material"])
                return LedgerNight.Line(
                    lineID: row["line_id"], offer: RecordKey(source: row["offer_source"], kind: .offer, id: row["offer_id"]),
                    lotDate: CalendarDate(dayNumber: row["lot_day"]),
                    request: RecordKey(source: row["request_source"], kind: .request, id: row["request_id"]),
                    material: material, requestedMaterial: (row["requested_material"] as String?).map(MaterialCode.init) ?? material,
                    quantity: row["quantity"], arriveBy: CalendarDate(dayNumber: row["arrive_by"]),
                    supplierID: row["supplier_id"] ?? "", supplierName: row["supplier_name"] ?? "")
            }
            return LedgerNight(planDate: date, manifestSHA256: recorded["manifest_sha256"], requests: requests,
                               withdrawn: withdrawn, lines: lines)
        }
    }

    /// A planned request from a row of `night_request` joined with `enterprise` (with its carry-over terms
    /// when the row's `category` and `needed_by` were selected).
    static func request(_ row: Row, key: RecordKey) -> LedgerNight.Request {
        LedgerNight.Request(key: key, enterpriseID: row["enterprise_id"], enterpriseName: row["enterprise_name"],
                            region: RegionCode(Int32(row["region"] as Int)), material: MaterialCode(row["material"]),
                            tier: row["tier"], requested: row["requested"], delivered: row["delivered"],
                            reason: row["reason"], age: row["age"], terms: terms(row))
    }

    /// The carry-over terms of a `night_request` row whose `category` and `needed_by` columns were selected.
    static func terms(_ row: Row) -> CarryOver.Terms? {
        guard let category = (row["category"] as String?).flatMap(Category.init(rawValue:)) else { return nil }
        return CarryOver.Terms(category: category,
                               neededBy: (row["needed_by"] as Int32?).map(CalendarDate.init(dayNumber:)))
    }

    // MARK: - Ages

    /// The age each of `keys` has on `date` if open then (SPEC 15: consecutive recorded nights open, from 1):
    /// one more than its age on the latest night recorded before `date` when it was open on that night, else 1.
    /// The one home of the rule: the run asks it for `unmet.csv`, and a night recorded without ages gets them here.
    public func ages(of keys: [RecordKey], on date: CalendarDate) throws -> [RecordKey: Int] {
        try pool.read { db in try ages(of: keys, on: date, in: db) }
    }

    private func ages(of keys: [RecordKey], on date: CalendarDate, in db: Database) throws -> [RecordKey: Int] {
        var ages = Dictionary(uniqueKeysWithValues: keys.map { ($0, 1) })
        guard let previous = try Int32.fetchOne(db, sql: "SELECT max(day) FROM night WHERE day < ?",
                                                arguments: [date.dayNumber]) else { return ages }
        let rows = try Row.fetchCursor(db, sql: """
            SELECT i.request_source, i.request_id, r.age FROM night_request r JOIN item i USING (item)
            WHERE r.day = ? AND r.age > 0
            """, arguments: [previous])
        while let row = try rows.next() {
            let key = RecordKey(source: row[0], kind: .request, id: row[1])
            if ages[key] != nil { ages[key] = (row[2] as Int) + 1 }
        }
        return ages
    }

    /// `PRAGMA integrity_check`'s findings: `["ok"]` for a sound database.
    public func integrityCheck() throws -> [String] {
        try pool.read { db in try String.fetchAll(db, sql: "PRAGMA integrity_check") }
    }

    /// Copies the write-ahead log into the database file and empties it, so the file's size is the ledger's.
    public func checkpoint() throws {
        try pool.writeWithoutTransaction { db in _ = try db.checkpoint(.truncate) }
    }

    /// The journal mode SQLite runs the ledger in (`wal`).
    public func journalMode() throws -> String {
        try pool.read { db in try String.fetchOne(db, sql: "PRAGMA journal_mode") ?? "" }
    }
}

/// A ledger that cannot be used (SPEC 11, 15).
public enum LedgerError: Error, Equatable, CustomStringConvertible, Sendable {
    /// A file at the ledger's path that is not allot's ledger: never written over.
    case foreign(path: String, reason: String)
    /// SQLite could not open or migrate it.
    case unusable(path: String, reason: String)
    /// No ledger at the path a ledger command reads (any `allot run` creates it).
    case missing(path: String)
    /// A key the ledger has never recorded (`allot ledger history|close|reopen`).
    case noSuchItem(String, ledger: String)
    /// `close` of an item closed already, `reopen` of one that is not.
    case alreadyClosed(String)
    case notClosed(String)

    public var description: String {
        switch self {
        case let .foreign(path, reason):
            return "\(path) is not allot's ledger (\(reason)): allot will not write over it; move it away or set ledger = \"PATH\" in allot.toml"
        case let .unusable(path, reason):
            return "the ledger \(path) cannot be used: \(reason)"
        case let .missing(path):
            return "there is no ledger at \(path): any allot run creates it (or allot ledger rebuild, from the published plans)"
        case let .noSuchItem(key, ledger):
            return "the ledger \(ledger) has no item \(key): no recorded night planned or withdrew it"
        case let .alreadyClosed(key):
            return "\(key) is closed already; allot ledger history \(key) shows when and by whom"
        case let .notClosed(key):
            return "\(key) is not closed, so there is nothing to reopen"
        }
    }
}
