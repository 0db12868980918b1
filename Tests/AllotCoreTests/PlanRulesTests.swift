import AllotCore
import XCTest

/// SPEC 5 and 9's rules at their one home: reach (horizon, distance limit,
/// transit, deadline), the unmet reasons' order and the plan's line order.
final class PlanRulesTests: XCTestCase {
    private let planDate = CalendarDate(year: 2020, month: 2, day: 11)!

    func test_policy_lastDayIsPlanDatePlusHorizonLessOne() {
        var policy = Policy()
        XCTAssertEqual(policy.lastDay(from: planDate), CalendarDate(year: 2020, month: 2, day: 13))
        policy.horizonDays = 1
        XCTAssertEqual(policy.lastDay(from: planDate), planDate)
    }

    func test_policy_distanceLimitIsInclusiveAndZeroMeansNone() {
        var policy = Policy()
        policy.maxDistanceKm = 800
        XCTAssertTrue(policy.allowsDistance(decikm: 8_000))
        XCTAssertFalse(policy.allowsDistance(decikm: 8_001))
        policy.maxDistanceKm = 0
        XCTAssertTrue(policy.allowsDistance(decikm: 90_000_000))
    }

    func test_policy_transitRoundsUpAndZeroWithinARegion() {
        var policy = Policy()
        policy.speedKmPerDay = 400
        XCTAssertEqual(policy.transitDays(decikm: 0), 0)
        XCTAssertEqual(policy.transitDays(decikm: 1), 1)
        XCTAssertEqual(policy.transitDays(decikm: 4_000), 1)
        XCTAssertEqual(policy.transitDays(decikm: 4_001), 2)
        XCTAssertEqual(policy.arrival(shippedOn: planDate, decikm: 4_001), planDate.adding(days: 2))
        XCTAssertTrue(policy.arrivesInTime(shippedOn: planDate, decikm: 4_001, deadline: planDate.adding(days: 2)))
        XCTAssertFalse(policy.arrivesInTime(shippedOn: planDate, decikm: 4_001, deadline: planDate.adding(days: 1)))
    }

    func test_policy_deadlineIsNeededByElseLastDay_andOverdueBeforeThePlanDate() {
        let policy = Policy()
        let lastDay = policy.lastDay(from: planDate)
        XCTAssertEqual(policy.deadline(neededBy: planDate.adding(days: 1), planDate: planDate),
                       Deadline(day: planDate.adding(days: 1), overdue: false))
        XCTAssertEqual(policy.deadline(neededBy: planDate, planDate: planDate), Deadline(day: planDate, overdue: false))
        XCTAssertEqual(policy.deadline(neededBy: nil, planDate: planDate), Deadline(day: lastDay, overdue: false))
        XCTAssertEqual(policy.deadline(neededBy: planDate.adding(days: -1), planDate: planDate),
                       Deadline(day: lastDay, overdue: true))
        // A needed_by past the horizon stays as it is: every lot of the horizon can still arrive by it.
        XCTAssertEqual(policy.deadline(neededBy: planDate.adding(days: 9), planDate: planDate).day, planDate.adding(days: 9))
    }

    func test_unmetReason_firstThatAppliesInSpecOrder() {
        XCTAssertEqual(UnmetReason.first(anyLotInDistance: false, anyLotInTime: false, capReached: true), .noOfferInReach)
        XCTAssertEqual(UnmetReason.first(anyLotInDistance: true, anyLotInTime: false, capReached: true), .deadlineUnreachable)
        XCTAssertEqual(UnmetReason.first(anyLotInDistance: true, anyLotInTime: true, capReached: true), .capped)
        XCTAssertEqual(UnmetReason.first(anyLotInDistance: true, anyLotInTime: true, capReached: false), .capacityExhausted)
    }

    func test_planOrder_materialThenRequestThenOfferThenDay() {
        func line(_ material: String, _ request: String, _ offer: String, day: Int) -> DispatchLine {
            DispatchLine(material: MaterialCode(material), quantity: Quantity(1),
                         offer: RecordKey(source: "s", kind: .offer, id: offer), lotDay: planDate.adding(days: day),
                         request: RecordKey(source: "s", kind: .request, id: request), offerIndex: 0, requestIndex: 0,
                         tier: 1, roadDecikm: 0,
                         transitDays: 0, pinned: false)
        }
        let ordered = [line("ALCOHOL", "R9", "O9", day: 2), line("SUIT", "R1", "O2", day: 0),
                       line("SUIT", "R2", "O1", day: 1), line("SUIT", "R2", "O1", day: 2), line("SUIT", "R2", "O3", day: 0)]
        var random = SplitMix64(seed: 3)
        for _ in 0..<20 {
            XCTAssertEqual(ordered.shuffled(using: &random).sorted(by: DispatchLine.planOrder), ordered)
        }
    }

    private func key(_ source: String, _ kind: RecordKind, _ id: String) -> RecordKey {
        RecordKey(source: source, kind: kind, id: id)
    }

    func test_lineID_isTheDigestOfOfferLotDayAndRequest() {
        let id = DispatchLine.lineID(offer: key("donations", .offer, "D-1"), lotDay: planDate,
                                     request: key("lc", .request, "LC-0042"))
        XCTAssertEqual(id, "L-991X4-FANED")
        XCTAssertEqual(id, DispatchLine.lineID(offerSource: "donations", offerID: "D-1", lotDate: "2020-02-11",
                                               requestSource: "lc", requestID: "LC-0042"))
        XCTAssertNotNil(id.wholeMatch(of: #/L-[0-9A-HJKMNP-TV-Z]{5}-[0-9A-HJKMNP-TV-Z]{5}/#))
        // Each key counts, and where one ends and the next begins counts.
        for other in [DispatchLine.lineID(offer: key("donations", .offer, "D-1"), lotDay: planDate.adding(days: 1),
                                          request: key("lc", .request, "LC-0042")),
                      DispatchLine.lineID(offer: key("donations", .offer, "D-2"), lotDay: planDate,
                                          request: key("lc", .request, "LC-0042")),
                      DispatchLine.lineID(offerSource: "donations", offerID: "D-1", lotDate: "2020-02-11",
                                          requestSource: "lcL", requestID: "C-0042")] {
            XCTAssertNotEqual(other, id)
        }
    }

    func test_lineIDs_keepEachLinesIDWhateverElseThePlanHolds_andTellEqualDigestsApart() {
        func line(_ offer: String, _ request: String) -> DispatchLine {
            DispatchLine(material: MaterialCode("SUIT"), quantity: Quantity(1), offer: key("s", .offer, offer),
                         lotDay: planDate, request: key("s", .request, request), offerIndex: 0, requestIndex: 0,
                         tier: 1, roadDecikm: 0, transitDays: 0, pinned: false)
        }
        let all = DispatchLine.lineIDs(of: [line("O1", "R1"), line("O2", "R1"), line("O1", "R2")])
        XCTAssertEqual(DispatchLine.lineIDs(of: [line("O1", "R2")]), [all[2]])
        XCTAssertEqual(Set(all).count, 3)
        // The same keys twice (never in a plan) stand for two lines whose digests agree.
        let twice = DispatchLine.lineIDs(of: [line("O1", "R1"), line("O1", "R1"), line("O1", "R1")])
        XCTAssertEqual(twice, [all[0], all[0] + "-2", all[0] + "-3"])
    }
}

/// How overrides' `source:id` names find their records (`RecordKey.named`).
final class RecordNameTests: XCTestCase {
    private let keys = [
        RecordKey(source: "county:莘县", kind: .request, id: "R1"),
        RecordKey(source: "county", kind: .request, id: "莘县:R1"),
        RecordKey(source: "r", kind: .request, id: "R1"),
        RecordKey(source: "r", kind: .request, id: "R2"),
    ]

    func test_named_aSourceWithAColonFindsItsRecord_theFirstOfEqualNamesWins() {
        let found = RecordKey.named(["county:莘县:R1", "r:R2", "r:R9", "nocolon"], in: keys, key: { $0 })
        XCTAssertEqual(found, ["county:莘县:R1": 0, "r:R2": 3])
    }

    func test_named_noNames_findsNothing() {
        XCTAssertEqual(RecordKey.named([], in: keys, key: { $0 }), [:])
    }
}
