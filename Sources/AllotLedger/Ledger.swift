import AllotCore
import Foundation
import GRDB

/// The work ledger (工作台账, SPEC 15): an SQLite database of the nights
/// published, in WAL mode so that ledger commands read while a run writes.
///
/// This slice records nights and reads them back; items, states, ages,
/// carry-over, receipts and close-outs build on these tables.
public final class Ledger {
    private let pool: DatabasePool
    public let url: URL

    /// Marks a database as allot's ledger (`PRAGMA application_id`): "allt".
    static let applicationID: Int32 = 0x616C_6C74

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
    public func record(_ night: LedgerNight, recordedAt: Instant) throws {
        try pool.write { db in
            let date = night.planDate.description
            try db.execute(sql: "DELETE FROM night WHERE plan_date = ?", arguments: [date])
            try db.execute(sql: "INSERT INTO night (plan_date, recorded_at) VALUES (?, ?)",
                           arguments: [date, recordedAt.description])
            let request = try db.makeStatement(sql: """
                INSERT INTO night_request (plan_date, request_source, request_id, enterprise_id, enterprise_name, region,
                                           material, tier, requested, delivered, reason)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """)
            for r in night.requests {
                try request.execute(arguments: [date, r.key.source, r.key.id, r.enterpriseID, r.enterpriseName,
                                                Int(r.region.value), r.material.rawValue, r.tier, r.requested,
                                                r.delivered, r.reason])
            }
            let line = try db.makeStatement(sql: """
                INSERT INTO night_line (plan_date, line_id, offer_source, offer_id, lot_date, request_source, request_id,
                                        material, requested_material, quantity, arrive_by)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """)
            for l in night.lines {
                try line.execute(arguments: [date, l.lineID, l.offer.source, l.offer.id, l.lotDate.description,
                                             l.request.source, l.request.id, l.material.rawValue,
                                             l.requestedMaterial.rawValue, l.quantity, l.arriveBy.description])
            }
        }
    }

    /// The dates of the nights recorded, oldest first.
    public func nightDates() throws -> [CalendarDate] {
        try pool.read { db in
            try String.fetchAll(db, sql: "SELECT plan_date FROM night ORDER BY plan_date").compactMap { CalendarDate(iso: $0) }
        }
    }

    /// The night recorded for `date`, as it was recorded; `nil` when there is none.
    public func night(_ date: CalendarDate) throws -> LedgerNight? {
        try pool.read { db -> LedgerNight? in
            let key = date.description
            guard try Int.fetchOne(db, sql: "SELECT 1 FROM night WHERE plan_date = ?", arguments: [key]) != nil else {
                return nil
            }
            let requests = try Row.fetchAll(db, sql: "SELECT * FROM night_request WHERE plan_date = ?", arguments: [key]).map { row in
                LedgerNight.Request(key: RecordKey(source: row["request_source"], kind: .request, id: row["request_id"]),
                                    enterpriseID: row["enterprise_id"], enterpriseName: row["enterprise_name"],
                                    region: RegionCode(Int32(row["region"] as Int)), material: MaterialCode(row["material"]),
                                    tier: row["tier"], requested: row["requested"], delivered: row["delivered"],
                                    reason: row["reason"])
            }
            let lines = try Row.fetchAll(db, sql: "SELECT * FROM night_line WHERE plan_date = ?", arguments: [key]).map { row in
                LedgerNight.Line(lineID: row["line_id"], offer: RecordKey(source: row["offer_source"], kind: .offer, id: row["offer_id"]),
                                 lotDate: try storedDate(row["lot_date"]), request: RecordKey(source: row["request_source"], kind: .request, id: row["request_id"]),
                                 material: MaterialCode(row["material"]), requestedMaterial: MaterialCode(row["requested_material"]),
                                 quantity: row["quantity"], arriveBy: try storedDate(row["arrive_by"]))
            }
            return LedgerNight(planDate: date, requests: requests, lines: lines)
        }
    }

    /// A date the ledger holds; a malformed one makes the ledger unusable rather than a guess.
    private func storedDate(_ text: String) throws -> CalendarDate {
        guard let date = CalendarDate(iso: text) else {
            throw LedgerError.unusable(path: url.path, reason: "\(text) is not a date")
        }
        return date
    }

    /// `PRAGMA integrity_check`'s findings: `["ok"]` for a sound database.
    public func integrityCheck() throws -> [String] {
        try pool.read { db in try String.fetchAll(db, sql: "PRAGMA integrity_check") }
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

    public var description: String {
        switch self {
        case let .foreign(path, reason):
            return "\(path) is not allot's ledger (\(reason)): allot will not write over it; move it away or set ledger = \"PATH\" in allot.toml"
        case let .unusable(path, reason):
            return "the ledger \(path) cannot be used: \(reason)"
        }
    }
}
