import AllotCore
import Foundation
import XCTest
@testable import AllotLedger

/// Items across nights (SPEC 15): states, ages, the problem list, close-outs and history.
final class LedgerItemsTests: XCTestCase {
    private func ledger() throws -> Ledger {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("allot-items-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        addTeardownBlock { try? FileManager.default.removeItem(at: url) }
        return try Ledger.open(url.appendingPathComponent("ledger.sqlite"))
    }

    private let first = CalendarDate(year: 2020, month: 2, day: 11)!
    private let at = Instant(microsecondsSinceEpoch: 1_581_400_000_000_000)
    private func key(_ id: String) -> RecordKey { RecordKey(source: "county-chiping", kind: .request, id: id) }

    /// A night planning `figures` (id → (requested, delivered)), with ages left for the ledger to work out.
    private func night(_ offset: Int, _ figures: [String: (Int64, Int64)], withdrawn: [String] = [],
                       region: Int32 = 371523, material: String = "MASK_MEDICAL") -> LedgerNight {
        let date = first.adding(days: offset)
        return LedgerNight(planDate: date, requests: figures.map { id, f in
            LedgerNight.Request(key: key(id), enterpriseID: "91371500706079729C", enterpriseName: "山东力得汽车科技股份有限公司",
                                region: RegionCode(region), material: MaterialCode(material), tier: 2,
                                requested: f.0, delivered: f.1, reason: f.1 < f.0 ? "capacity_exhausted" : nil)
        }, withdrawn: withdrawn.map(key), lines: figures.compactMap { id, f in
            f.1 == 0 ? nil : LedgerNight.Line(
                lineID: "L-\(id)-\(offset)", offer: RecordKey(source: "liaocheng-offers", kind: .offer, id: "LCO-001"),
                lotDate: date, request: key(id), material: MaterialCode(material),
                requestedMaterial: MaterialCode(material), quantity: f.1, arriveBy: date)
        })
    }

    private func states(_ ledger: Ledger, _ ids: [String]) throws -> [String: LedgerItemState] {
        try Dictionary(uniqueKeysWithValues: ids.map { ($0, try ledger.history(of: key($0)).state) })
    }

    func test_after_followsEachNightsStatement() {
        XCTAssertEqual(LedgerItemState.after(nil, stated: .planned(shortfall: 5)), .open)
        XCTAssertEqual(LedgerItemState.after(.open, stated: .planned(shortfall: 0)), .served)
        XCTAssertEqual(LedgerItemState.after(.served, stated: .withdrawn), .withdrawn)
        XCTAssertEqual(LedgerItemState.after(.open, stated: nil), .lapsed)
        XCTAssertEqual(LedgerItemState.after(.served, stated: nil), .served)
        XCTAssertEqual(LedgerItemState.after(.lapsed, stated: nil), .lapsed)
        XCTAssertNil(LedgerItemState.after(nil, stated: nil))
    }

    /// Three nights: A stays open (ages 1, 2, 3), B is served on night 2, C lapses on night 2, D is
    /// withdrawn on night 3, E is new on night 3.
    func test_statesAndAges_acrossThreeNights() throws {
        let ledger = try ledger()
        try ledger.record(night(0, ["A": (100, 10), "B": (50, 0), "C": (30, 5), "D": (20, 0)]), recordedAt: at)
        try ledger.record(night(1, ["A": (100, 20), "B": (50, 50), "D": (20, 0)]), recordedAt: at)
        try ledger.record(night(2, ["A": (90, 0), "E": (40, 1)], withdrawn: ["D"]), recordedAt: at)

        XCTAssertEqual(try states(ledger, ["A", "B", "C", "D", "E"]),
                       ["A": .open, "B": .served, "C": .lapsed, "D": .withdrawn, "E": .open])
        XCTAssertEqual(try ledger.night(first.adding(days: 2))?.requests.map { $0.age }, [3, 1])
        XCTAssertEqual(try ledger.night(first.adding(days: 1))?.requests.map { $0.age }, [2, 0, 2])
        let problems = try ledger.problems()
        XCTAssertEqual(problems.map(\.key.id), ["A", "E"], "oldest first")
        XCTAssertEqual(problems.map(\.age), [3, 1])
        XCTAssertEqual(problems.map(\.shortfall), [90, 39])
        XCTAssertEqual(problems.map(\.firstNight), [first, first.adding(days: 2)])
        XCTAssertEqual(problems.map(\.lastNight), [first.adding(days: 2), first.adding(days: 2)])
        XCTAssertEqual(try ledger.problems(LedgerProblemFilter(minimumAge: 2)).map(\.key.id), ["A"])
        XCTAssertEqual(try ledger.problems(LedgerProblemFilter(material: MaterialCode("DISINFECTANT"))), [])
        XCTAssertEqual(try ledger.problems(LedgerProblemFilter(region: { $0.value == 371523 })).count, 2)
        XCTAssertEqual(try ledger.problems(LedgerProblemFilter(region: { $0.value == 371502 })).count, 0)

        // C's history: open on night 1, lapsed on night 2, nothing after.
        let c = try ledger.history(of: key("C"))
        XCTAssertEqual(c.nights.map(\.state), [.open, .lapsed])
        XCTAssertEqual(c.nights.map(\.date), [first, first.adding(days: 1)])
        XCTAssertEqual(c.nights.first?.lines.map(\.quantity), [5])
    }

    /// An age counts consecutive recorded nights: a night that does not plan the item starts it again.
    func test_age_startsAgainAfterANightWithoutTheItem() throws {
        let ledger = try ledger()
        try ledger.record(night(0, ["A": (10, 0)]), recordedAt: at)
        try ledger.record(night(1, ["B": (10, 0)]), recordedAt: at)
        try ledger.record(night(2, ["A": (10, 0)]), recordedAt: at)
        XCTAssertEqual(try ledger.night(first.adding(days: 2))?.requests.first?.age, 1)
        XCTAssertEqual(try ledger.ages(of: [key("A"), key("B")], on: first.adding(days: 3)), [key("A"): 2, key("B"): 1])
    }

    /// A re-run of the latest date replaces its figures, and with them the items' states.
    func test_reRun_replacesTheStates() throws {
        let ledger = try ledger()
        try ledger.record(night(0, ["A": (10, 0)]), recordedAt: at)
        try ledger.record(night(1, ["A": (10, 0)]), recordedAt: at)
        XCTAssertEqual(try ledger.problems().map(\.age), [2])
        try ledger.record(night(1, ["A": (10, 10)]), recordedAt: at)
        XCTAssertEqual(try ledger.problems(), [])
        XCTAssertEqual(try states(ledger, ["A"]), ["A": .served])
    }

    func test_closeAndReopen_areRecordedAndNeverLost() throws {
        let ledger = try ledger()
        try ledger.record(night(0, ["A": (10, 0), "B": (10, 0)]), recordedAt: at)
        try ledger.close(key("A"), note: "supplied by the county directly", by: "王科长", at: at)
        XCTAssertEqual(try ledger.problems().map(\.key.id), ["B"])
        XCTAssertEqual(try states(ledger, ["A"]), ["A": .closed])
        XCTAssertThrowsError(try ledger.close(key("A"), note: "again", by: "", at: at)) { error in
            XCTAssertEqual(error as? LedgerError, .alreadyClosed("county-chiping:A"))
        }
        XCTAssertThrowsError(try ledger.reopen(key("B"), note: "", by: "", at: at)) { error in
            XCTAssertEqual(error as? LedgerError, .notClosed("county-chiping:B"))
        }
        XCTAssertThrowsError(try ledger.close(key("Z"), note: "", by: "", at: at)) { error in
            guard case .noSuchItem("county-chiping:Z", _)? = error as? LedgerError else { return XCTFail("\(error)") }
        }
        // A re-run of the same night keeps the close-out.
        try ledger.record(night(0, ["A": (10, 0), "B": (10, 0)]), recordedAt: at)
        XCTAssertEqual(try ledger.problems().map(\.key.id), ["B"])

        try ledger.reopen(key("A"), note: "the county says it did not arrive", by: "李", at: at)
        XCTAssertEqual(try ledger.problems().map(\.key.id), ["A", "B"])
        let history = try ledger.history(of: key("A"))
        XCTAssertEqual(history.closeouts.map(\.action), [.close, .reopen])
        XCTAssertEqual(history.closeouts.map(\.by), ["王科长", "李"])
        XCTAssertEqual(history.closeouts.map(\.afterNight), [first, first])
        XCTAssertEqual(history.state, .open)
    }

    /// A feed that states a closed key on a later night puts it back on the list.
    func test_close_aLaterNightStatingTheKeyPutsItBack() throws {
        let ledger = try ledger()
        try ledger.record(night(0, ["A": (10, 0)]), recordedAt: at)
        try ledger.close(key("A"), note: "duplicate of B", by: "", at: at)
        try ledger.record(night(1, ["B": (10, 0)]), recordedAt: at)
        XCTAssertEqual(try states(ledger, ["A"]), ["A": .closed])
        try ledger.record(night(2, ["A": (10, 4)]), recordedAt: at)
        XCTAssertEqual(try states(ledger, ["A"]), ["A": .open])
        XCTAssertEqual(try ledger.problems().map(\.key.id), ["A"])
        XCTAssertEqual(try ledger.integrityCheck(), ["ok"])
    }
}
