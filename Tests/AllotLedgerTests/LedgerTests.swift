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

    /// Nights recorded out of order (a night recorded late, a re-run) name their keys, enterprises and offers
    /// as the same nights recorded in order do: the names read in bulk from the nearest night and the
    /// tables are the ones a lookup per name finds.
    func test_record_outOfOrder_namesAsInOrder() throws {
        func keyed(_ date: CalendarDate, _ ids: [String]) -> LedgerNight {
            LedgerNight(planDate: date, requests: ids.map { id in
                .init(key: RecordKey(source: "county-chiping", kind: .request, id: id), enterpriseID: "E-\(id)",
                      enterpriseName: "企业\(id)", region: RegionCode(371503), material: MaterialCode("DISINFECTANT"), tier: 2,
                      requested: 100, delivered: 40, reason: "capacity_exhausted", age: 1)
            }, lines: ids.map { id in
                .init(lineID: "L-\(id)", offer: RecordKey(source: "liaocheng-offers", kind: .offer, id: "O-\(id)"), lotDate: date,
                      request: RecordKey(source: "county-chiping", kind: .request, id: id), material: MaterialCode("DISINFECTANT"),
                      requestedMaterial: MaterialCode("DISINFECTANT"), quantity: 40, arriveBy: date, supplierID: "S-\(id)",
                      supplierName: "供应商\(id)")
            })
        }
        let nights = [keyed(day, ["A", "B"]), keyed(day.adding(days: 1), ["B", "C"]), keyed(day.adding(days: 2), ["A", "C", "D"])]
        let inOrder = try Ledger.open(try scratch()), late = try Ledger.open(try scratch())
        for night in nights { try inOrder.record(night, recordedAt: at) }
        for night in [nights[2], nights[0], nights[1], nights[0]] { try late.record(night, recordedAt: at) }
        for night in nights {
            XCTAssertEqual(try late.night(night.planDate), night)
            XCTAssertEqual(try inOrder.night(night.planDate), night)
        }
        XCTAssertEqual(try late.problems().map(\.firstNight), try inOrder.problems().map(\.firstNight))
        XCTAssertEqual(try late.problems().map(\.firstNight), [day, day.adding(days: 1), day.adding(days: 2)])
        XCTAssertEqual(try late.integrityCheck(), ["ok"])
    }

    /// An enterprise name is kept as its bytes spell it: two spellings of one text (composed é and e with a
    /// combining accent) are two names, as SQLite's unique index holds them.
    func test_record_enterpriseNames_keptByteForByte() throws {
        let composed = "Caf\u{E9} 咖啡有限公司", decomposed = "Cafe\u{301} 咖啡有限公司"
        XCTAssertEqual(composed, decomposed)   // equal as Swift compares text, not as bytes
        let requests = [("CP-001", composed), ("CP-002", decomposed)].map { id, name in
            LedgerNight.Request(key: RecordKey(source: "county-chiping", kind: .request, id: id),
                                enterpriseID: "91371500706079729C", enterpriseName: name, region: RegionCode(371503),
                                material: MaterialCode("DISINFECTANT"), tier: 2, requested: 100, delivered: 100,
                                reason: nil, age: 0)
        }
        let ledger = try Ledger.open(try scratch())
        try ledger.record(LedgerNight(planDate: day, requests: requests, lines: []), recordedAt: at)
        try ledger.record(LedgerNight(planDate: day.adding(days: 1), requests: requests.reversed(), lines: []), recordedAt: at)
        for date in [day, day.adding(days: 1)] {
            XCTAssertEqual(try ledger.night(date)?.requests.map { Array($0.enterpriseName.utf8) },
                           [Array(composed.utf8), Array(decomposed.utf8)])
        }
    }
}
