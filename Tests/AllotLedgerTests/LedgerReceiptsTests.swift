import AllotCore
import Foundation
import XCTest
@testable import AllotLedger

/// Receipts (到货确认, SPEC 15): checked against the lines the ledger holds, recorded with a night, a later one
/// for a line replacing an earlier, and kept when a night is recorded again.
final class LedgerReceiptsTests: XCTestCase {
    private func ledger() throws -> Ledger {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("allot-ledger-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        addTeardownBlock { try? FileManager.default.removeItem(at: url) }
        return try Ledger.open(url.appendingPathComponent("ledger.sqlite"))
    }

    private let night1 = CalendarDate(year: 2020, month: 2, day: 10)!
    private var night2: CalendarDate { night1.adding(days: 1) }
    private var night3: CalendarDate { night1.adding(days: 2) }
    private let at = Instant(microsecondsSinceEpoch: 1_581_350_400_000_000)
    private let chiping = RecordKey(source: "county-chiping", kind: .request, id: "CP-001")
    private let shen = RecordKey(source: "county-shen", kind: .request, id: "SX-002")

    /// A night of three lines: two of one supplier to CP-001 (L-A 8,000 and L-B 2,000 kg of disinfectant),
    /// one of another to SX-002 (L-C 500 masks).
    private func night(_ date: CalendarDate, lineIDs: [String] = ["L-A", "L-B", "L-C"]) -> LedgerNight {
        let disinfectant = MaterialCode("DISINFECTANT"), masks = MaterialCode("MASK-MEDICAL")
        let figures: [(RecordKey, MaterialCode, Int64, String, String)] = [
            (chiping, disinfectant, 8_000, "91371500MA3C4F2X0D", "山东中联实业有限公司"),
            (chiping, disinfectant, 2_000, "91371500MA3C4F2X0D", "山东中联实业有限公司"),
            (shen, masks, 500, "91371522MA3MXXPD4F", "莘县口罩厂"),
        ]
        let lines = zip(lineIDs, figures).map { id, f in
            LedgerNight.Line(lineID: id, offer: RecordKey(source: "offers", kind: .offer, id: "O-" + id), lotDate: date,
                             request: f.0, material: f.1, requestedMaterial: f.1, quantity: f.2, arriveBy: date.adding(days: 1),
                             supplierID: f.3, supplierName: f.4)
        }
        let requests = [(chiping, disinfectant, Int64(12_000), Int64(10_000)), (shen, masks, 500, 500)].map { key, m, asked, got in
            LedgerNight.Request(key: key, enterpriseID: "91371500706079729C", enterpriseName: "力得", region: RegionCode(371503),
                                material: m, tier: 2, requested: asked, delivered: got,
                                reason: asked > got ? "capacity_exhausted" : nil, age: asked > got ? 1 : 0)
        }
        return LedgerNight(planDate: date, requests: requests, lines: lines)
    }

    private func receipt(_ line: String, _ received: Int64, on date: CalendarDate? = nil, row: Int = 2,
                         night: CalendarDate? = nil) -> Receipt {
        Receipt(planDate: night ?? night1, lineID: line, received: received, receivedOn: date, note: "", line: row,
                raw: "\(line),\(received)")
    }

    func test_check_rejectsUnknownLinesAndReceiptsAboveTheQuantity_namingTheFileLineAndField() throws {
        let ledger = try ledger()
        try ledger.record(night(night1), recordedAt: at)
        let check = try ledger.check([
            receipt("L-A", 8_000, row: 2),
            receipt("L-X", 10, row: 3),
            receipt("L-B", 2_001, row: 4),
            receipt("L-C", 500, on: night1.adding(days: -1), row: 5),
            receipt("L-C", 5, row: 6, night: night2),   // a night the ledger has not recorded
            receipt("L-A", 5, row: 7, night: night2),   // tonight's own date: a re-run replaces its lines
        ], tonight: night2)
        XCTAssertEqual(check.standing.map(\.lineID), ["L-A"])
        XCTAssertEqual(check.superseded, 0)
        XCTAssertEqual(check.rejects.map { "\($0.file):\($0.line) \($0.field) \($0.code.rawValue)" }, [
            "receipts.csv:3 line_id unknown_line",
            "receipts.csv:4 received received_above_quantity",
            "receipts.csv:5 received_on received_before_plan",
            "receipts.csv:6 plan_date unknown_line",
            "receipts.csv:7 plan_date unknown_line",
        ])
        XCTAssertEqual(check.rejects[0].message, "the ledger holds no line L-X of the night of 2020-02-10")
        XCTAssertEqual(check.rejects[1].message, "received 2001 is more than the line's quantity 2000")
        XCTAssertEqual(check.rejects[2].message, "received_on 2020-02-09 is before the line's plan date 2020-02-10")
        XCTAssertEqual(check.rejects[4].message,
                       "receipts confirm lines of earlier nights; 2020-02-11 is not before tonight's plan date 2020-02-11")
        XCTAssertEqual(check.rejects[1].recordID, "2020-02-10:L-B")
        XCTAssertEqual(check.rejects[1].raw, "L-B,2001")
    }

    /// A later receipt for a line replaces an earlier one; a rejected one replaces nothing.
    func test_check_laterReceiptSupersedes_aRejectedOneReplacesNothing() throws {
        let ledger = try ledger()
        try ledger.record(night(night1), recordedAt: at)
        let check = try ledger.check([
            receipt("L-A", 7_000, row: 2), receipt("L-A", 8_000, row: 3), receipt("L-B", 1_500, row: 4),
            receipt("L-B", 9_999, row: 5),
        ], tonight: night2)
        XCTAssertEqual(check.standing.map { "\($0.lineID) \($0.received)" }, ["L-A 8000", "L-B 1500"])
        XCTAssertEqual(check.superseded, 1)
        XCTAssertEqual(check.rejects.map(\.line), [5])
    }

    func test_receipts_confirmedShortAndUnconfirmed_withTheSupplier() throws {
        let ledger = try ledger()
        try ledger.record(night(night1), recordedAt: at)
        try ledger.record(night(night2), recordedAt: at,
                          receipts: [receipt("L-A", 8_000, on: night2), receipt("L-B", 1_500, on: night2)])
        let receipts = try XCTUnwrap(ledger.receipts(on: night1))
        XCTAssertEqual(receipts.planDate, night1)
        XCTAssertEqual(receipts.lines.map { "\($0.lineID) \($0.state.rawValue) \($0.shortfall) \($0.supplierName)" }, [
            "L-A confirmed 0 山东中联实业有限公司", "L-B short 500 山东中联实业有限公司", "L-C unconfirmed 0 莘县口罩厂",
        ])
        XCTAssertEqual(receipts.lines[1].receipt?.receivedOn, night2)
        XCTAssertEqual(receipts.lines[1].supplierID, "91371500MA3C4F2X0D")
        // Without a date: the latest night with lines, whose lines nobody has confirmed yet.
        XCTAssertEqual(try ledger.receipts(on: nil)?.planDate, night2)
        XCTAssertEqual(try ledger.receipts(on: nil)?.lines.map(\.state), [.unconfirmed, .unconfirmed, .unconfirmed])
        XCTAssertThrowsError(try ledger.receipts(on: night3)) { error in
            XCTAssertEqual(error as? LedgerNightNotRecorded, LedgerNightNotRecorded(date: night3, ledger: ledger.url.path))
        }
        // Per supplier and material, as the report tells them.
        let suppliers = SupplierReceipts.of(receipts.lines)
        XCTAssertEqual(suppliers.map { "\($0.supplierName) \($0.confirmedLines)/\($0.confirmed) \($0.shortLines)/\($0.shortReceived)/\($0.shortfall) \($0.unconfirmedLines)/\($0.unconfirmed)" },
                       ["山东中联实业有限公司 1/8000 1/1500/500 0/0", "莘县口罩厂 0/0 0/0/0 1/500"])
    }

    /// A receipt recorded on a later night replaces the earlier one; pending receipts stand over recorded ones.
    func test_record_laterReceiptReplacesTheEarlier() throws {
        let ledger = try ledger()
        try ledger.record(night(night1), recordedAt: at)
        try ledger.record(night(night2), recordedAt: at, receipts: [receipt("L-B", 0)])
        XCTAssertEqual(try ledger.receipts(on: night1)?.lines[1].receipt?.received, 0)
        XCTAssertEqual(try ledger.receipts(on: night1, adding: [receipt("L-B", 2_000)])?.lines[1].state, .confirmed)
        try ledger.record(night(night3), recordedAt: at, receipts: [receipt("L-B", 1_200)])
        XCTAssertEqual(try ledger.receipts(on: night1)?.lines[1].receipt?.received, 1_200)
        XCTAssertEqual(try ledger.shortReceipts(recordedWith: night3), [chiping: 800], "the receipt night 3 brought")
        // An item's lines over the nights with their receipts, for its history.
        XCTAssertEqual(try ledger.receipts(of: chiping).map { "\($0.planDate) \($0.lineID) \($0.state)" }, [
            "2020-02-10 L-A unconfirmed", "2020-02-10 L-B short", "2020-02-11 L-A unconfirmed",
            "2020-02-11 L-B unconfirmed", "2020-02-12 L-A unconfirmed", "2020-02-12 L-B unconfirmed",
        ])
        XCTAssertEqual(try ledger.receipts(of: RecordKey(source: "none", kind: .request, id: "X")), [])
        // Each receipt counts with the night that brought it: night 2's was replaced by night 3's.
        XCTAssertEqual(try ledger.shortReceipts(recordedWith: night2), [:])
        XCTAssertEqual(try ledger.shortReceipts(recordedWith: nil, adding: [receipt("L-C", 100)]), [shen: 400])
        XCTAssertEqual(try ledger.shortReceipts(recordedWith: night3, adding: [receipt("L-C", 100)]), [chiping: 800, shen: 400])
    }

    /// Receipts are the ledger's own: recording the line's night again (a re-run, `rebuild`) or the night that
    /// brought them keeps them; a line a re-run no longer plans shows no receipt.
    func test_receipts_surviveTheirNightRecordedAgain() throws {
        let ledger = try ledger()
        try ledger.record(night(night1), recordedAt: at)
        try ledger.record(night(night2), recordedAt: at, receipts: [receipt("L-A", 8_000), receipt("L-B", 1_000)])
        try ledger.record(night(night1), recordedAt: at)   // rebuild records every night again
        try ledger.record(night(night2), recordedAt: at)
        XCTAssertEqual(try ledger.receipts(on: night1)?.lines.map(\.state), [.confirmed, .short, .unconfirmed])
        try ledger.record(night(night1, lineIDs: ["L-A", "L-B2", "L-C"]), recordedAt: at)
        XCTAssertEqual(try ledger.receipts(on: night1)?.lines.map { "\($0.lineID) \($0.state)" },
                       ["L-A confirmed", "L-B2 unconfirmed", "L-C unconfirmed"])
        XCTAssertEqual(try ledger.integrityCheck(), ["ok"])
    }

    /// A ledger made before receipts (v1) is migrated when opened: its nights stay, their lines without a
    /// supplier until recorded again, and receipts can be recorded for them.
    func test_open_v1Ledger_migratesToReceipts() throws {
        var first: Ledger? = try ledger()
        let url = try XCTUnwrap(first).url
        try first?.record(night(night1), recordedAt: at)
        first = nil   // closed, as the program that made it was
        // Back to v1 as another program would see it: no receipt table, no supplier column, v2 not applied.
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", """
            import sqlite3, sys
            c = sqlite3.connect(sys.argv[1])
            c.executescript("DROP TABLE receipt; ALTER TABLE night_line DROP COLUMN supplier; "
                            "DELETE FROM grdb_migrations WHERE identifier = 'v2: receipts';")
            c.commit()
            """, url.path]
        try process.run()
        process.waitUntilExit()
        XCTAssertEqual(process.terminationStatus, 0)
        let ledger = try Ledger.open(url)
        XCTAssertEqual(try ledger.night(night1)?.lines.map(\.supplierID), ["", "", ""])
        try ledger.record(night(night2), recordedAt: at, receipts: [receipt("L-A", 8_000)])
        XCTAssertEqual(try ledger.receipts(on: night1)?.lines.map(\.state), [.confirmed, .unconfirmed, .unconfirmed])
        XCTAssertEqual(try ledger.integrityCheck(), ["ok"])
    }

    /// A night whose recording fails records none of its receipts.
    func test_record_failedTransactionRecordsNoReceipt() throws {
        struct Fault: Error {}
        let ledger = try ledger()
        try ledger.record(night(night1), recordedAt: at)
        XCTAssertThrowsError(try ledger.record(night(night2), recordedAt: at, receipts: [receipt("L-A", 8_000)],
                                               inTransaction: { throw Fault() }))
        XCTAssertEqual(try ledger.receipts(on: night1)?.lines.map(\.state), [.unconfirmed, .unconfirmed, .unconfirmed])
        XCTAssertEqual(try ledger.nightDates(), [night1])
    }
}
