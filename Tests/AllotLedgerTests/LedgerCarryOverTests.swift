import AllotCore
import Foundation
import XCTest
import AllotLedger

/// The ledger's half of carry-over (SPEC 15): the terms it records, the open items a night may carry, and
/// the close-outs the report lists.
final class LedgerCarryOverTests: XCTestCase {
    private func ledger() throws -> Ledger {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("allot-carry-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        addTeardownBlock { try? FileManager.default.removeItem(at: url) }
        return try Ledger.open(url.appendingPathComponent("ledger.sqlite"))
    }

    private let first = CalendarDate(iso: "2020-02-11")!
    private func at(_ hour: Int64) -> Instant { Instant(microsecondsSinceEpoch: (1_581_379_200 + hour * 3_600) * 1_000_000) }
    private func key(_ id: String) -> RecordKey { RecordKey(source: "county-chiping", kind: .request, id: id) }

    /// A night planning `figures` (id → (requested, delivered)); the short ones with `terms`.
    private func night(_ offset: Int, _ figures: [String: (Int64, Int64)], withdrawn: [String] = [],
                       terms: CarryOver.Terms? = CarryOver.Terms(category: .keyEnterprise, neededBy: nil)) -> LedgerNight {
        LedgerNight(planDate: first.adding(days: offset), requests: figures.map { id, f in
            LedgerNight.Request(key: key(id), enterpriseID: "91371500706079729C", enterpriseName: "山东力得汽车科技股份有限公司",
                                region: RegionCode(371523), material: MaterialCode("MASK-MEDICAL"), tier: 2,
                                requested: f.0, delivered: f.1, reason: f.1 < f.0 ? "capacity_exhausted" : nil,
                                terms: f.1 < f.0 ? terms : nil)
        }, withdrawn: withdrawn.map(key), lines: [])
    }

    func test_record_keepsTheTermsOfShortRequests() throws {
        let ledger = try ledger()
        let terms = CarryOver.Terms(category: .medical, neededBy: first.adding(days: 1))
        let recorded = night(0, ["A": (100, 10), "B": (50, 50)], terms: terms)
        try ledger.record(recorded, recordedAt: at(1))
        let read = try XCTUnwrap(try ledger.night(first))
        XCTAssertEqual(read.requests.map(\.terms), [terms, nil])
        XCTAssertEqual(read.requests.map(\.key), recorded.requests.map(\.key))
        XCTAssertEqual(try ledger.openItems(before: first.adding(days: 1)).map(\.terms), [terms])
    }

    /// Open after the latest night before the date, and not closed: A (open), C (closed, then reopened);
    /// not B (served), D (withdrawn), E (closed), F (lapsed on night 2).
    func test_openItems_areThoseOpenAfterTheLatestEarlierNight_andNotClosed() throws {
        let ledger = try ledger()
        try ledger.record(night(0, ["A": (100, 10), "B": (50, 0), "C": (30, 0), "E": (20, 0), "F": (9, 0)]), recordedAt: at(1))
        try ledger.record(night(1, ["A": (90, 20), "B": (50, 50), "C": (30, 5), "E": (20, 1)], withdrawn: ["D"]),
                          recordedAt: at(25))
        try ledger.close(key("E"), note: "已协调市外货源", by: "王科长", at: at(30))
        try ledger.close(key("C"), note: "误销", by: "王科长", at: at(31))
        try ledger.reopen(key("C"), note: "仍缺", by: "王科长", at: at(32))

        let open = try ledger.openItems(before: first.adding(days: 2))
        XCTAssertEqual(open.map(\.key.id), ["A", "C"])
        XCTAssertEqual(open.map(\.shortfall), [70, 25], "the latest night's shortfall")
        XCTAssertEqual(open.first?.enterpriseName, "山东力得汽车科技股份有限公司")
        XCTAssertEqual(open.first?.region, RegionCode(371523))
        XCTAssertEqual(open.first?.material, MaterialCode("MASK-MEDICAL"))
        // A re-run of night 2 carries from night 1, less what is closed now; nothing is open before the first night.
        XCTAssertEqual(try ledger.openItems(before: first.adding(days: 1)).map(\.key.id), ["A", "B", "C", "F"])
        XCTAssertEqual(try ledger.openItems(before: first), [])
    }

    /// The close-outs made since the previous night that still stand, oldest first, with the item's last figures.
    func test_closeouts_sinceThePreviousNight() throws {
        let ledger = try ledger()
        try ledger.record(night(0, ["A": (100, 10), "B": (50, 0), "C": (30, 0)]), recordedAt: at(1))
        try ledger.close(key("A"), note: "企业已自行采购", by: "李四", at: at(2))
        try ledger.record(night(1, ["B": (50, 20), "C": (30, 0)]), recordedAt: at(25))
        try ledger.close(key("C"), note: "重复申报", by: "王科长", at: at(26))
        try ledger.close(key("B"), note: "暂缓", by: "王科长", at: at(27))
        try ledger.reopen(key("B"), note: "仍需", by: "王科长", at: at(28))

        let tonight = try ledger.closeouts(since: first.adding(days: 2))
        XCTAssertEqual(tonight, [ClosedOutItem(key: key("C"), enterpriseName: "山东力得汽车科技股份有限公司",
                                               material: MaterialCode("MASK-MEDICAL"), shortfall: 30, note: "重复申报",
                                               by: "王科长", at: at(26))])
        // Night 2 (a re-run) lists what was closed after night 1; night 1 every close-out.
        XCTAssertEqual(try ledger.closeouts(since: first.adding(days: 1)).map(\.key.id), ["A", "C"])
        XCTAssertEqual(try ledger.closeouts(since: first).map(\.key.id), ["A", "C"])
        XCTAssertEqual(try ledger.closeouts(since: first.adding(days: 1)).first?.shortfall, 90,
                       "A's figures on the latest night that planned it")
    }
}
