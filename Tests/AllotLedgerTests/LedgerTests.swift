import AllotCore
import Foundation
import XCTest
@testable import AllotLedger

final class LedgerTests: XCTestCase {
    private func scratch() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("allot-ledger-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        addTeardownBlock { try? FileManager.default.removeItem(at: url) }
        return url.appendingPathComponent("ledger.sqlite")
    }

    private let day = CalendarDate(year: 2020, month: 2, day: 11)!
    private let at = Instant(microsecondsSinceEpoch: 1_581_350_400_000_000)

    private func night(_ date: CalendarDate, delivered: Int64) -> LedgerNight {
        let request = RecordKey(source: "county-chiping", kind: .request, id: "CP-001")
        return LedgerNight(planDate: date, requests: [
            .init(key: request, enterpriseID: "91371500706079729C", enterpriseName: "山东力得汽车科技股份有限公司",
                  region: RegionCode(371503), material: MaterialCode("DISINFECTANT"), tier: 2, requested: 12_000,
                  delivered: delivered, reason: delivered < 12_000 ? "capacity_exhausted" : nil,
                  age: delivered < 12_000 ? 1 : 0),
        ], lines: delivered == 0 ? [] : [
            .init(lineID: "L-0123456789", offer: RecordKey(source: "liaocheng-offers", kind: .offer, id: "LCO-003"),
                  lotDate: date, request: request, material: MaterialCode("DISINFECTANT"),
                  requestedMaterial: MaterialCode("DISINFECTANT"), quantity: delivered, arriveBy: date),
        ])
    }

    func test_record_readsBackTheSameNight_inWALWithASoundDatabase() throws {
        let url = try scratch()
        let ledger = try Ledger.open(url)
        try ledger.record(night(day, delivered: 8_000), recordedAt: at)
        XCTAssertEqual(try ledger.night(day), night(day, delivered: 8_000))
        XCTAssertEqual(try ledger.nightDates(), [day])
        XCTAssertEqual(try ledger.integrityCheck(), ["ok"])
        XCTAssertEqual(try ledger.journalMode(), "wal")
        // Opened again (the next night's run): the same ledger, migrations not run twice.
        XCTAssertEqual(try Ledger.open(url).night(day), night(day, delivered: 8_000))
    }

    /// A re-run of a date replaces its night whole: no line of the replaced version stays.
    func test_record_reRunReplacesTheNight() throws {
        let ledger = try Ledger.open(try scratch())
        try ledger.record(night(day, delivered: 8_000), recordedAt: at)
        try ledger.record(night(day.adding(days: 1), delivered: 12_000), recordedAt: at)
        try ledger.record(night(day, delivered: 0), recordedAt: at)
        XCTAssertEqual(try ledger.night(day), night(day, delivered: 0))
        XCTAssertEqual(try ledger.night(day)?.lines, [])
        XCTAssertEqual(try ledger.night(day.adding(days: 1)), night(day.adding(days: 1), delivered: 12_000))
        XCTAssertNil(try ledger.night(day.adding(days: 2)))
        XCTAssertEqual(try ledger.integrityCheck(), ["ok"])
    }

    /// A file at the ledger's path that is not allot's ledger is never written over.
    func test_open_foreignFiles_areRefusedAndLeftAsTheyWere() throws {
        let text = try scratch()
        try Data("plan_date,line_id\n".utf8).write(to: text)
        XCTAssertThrowsError(try Ledger.open(text)) { error in
            XCTAssertEqual(error as? LedgerError, .foreign(path: text.path, reason: "it is not an SQLite database"))
        }
        XCTAssertEqual(try Data(contentsOf: text), Data("plan_date,line_id\n".utf8))

        let other = try scratch()
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", "import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); c.execute('create table t(a)'); c.commit()", other.path]
        try process.run()
        process.waitUntilExit()
        let before = try Data(contentsOf: other)
        XCTAssertThrowsError(try Ledger.open(other)) { error in
            XCTAssertEqual(error as? LedgerError, .foreign(path: other.path, reason: "it is an SQLite database of another program"))
        }
        XCTAssertEqual(try Data(contentsOf: other), before)
    }
}
