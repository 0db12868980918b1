import AllotCore
import XCTest
@testable import AllotPlanner

/// `allot explain`'s analysis on constructed nights, one binding constraint each.
final class ExplanationTests: XCTestCase {
    private func explain(_ f: PlannerFixture, _ key: RecordKey) throws -> RequestExplanation {
        let input = f.input()
        return try XCTUnwrap(Explanation.request(key, input: input, plan: try Planner.plan(input)))
    }

    func test_explain_distance_noLotWithinMaxDistance() throws {
        var f = PlannerFixture()
        f.offer("A", region: 0, quantity: 100)
        let far = f.request("far", region: 9, quantity: 10)   // 9 × 139 km > 800 km
        let e = try explain(f, far)
        XCTAssertEqual(e.delivered, 0)
        guard case .distance(let nearest, let limit)? = e.binding else { return XCTFail("\(String(describing: e.binding))") }
        XCTAssertEqual(limit, 800)
        XCTAssertEqual(try XCTUnwrap(nearest), e.lots[0].roadDecikm)
        XCTAssertGreaterThan(try XCTUnwrap(nearest), 8_000)
    }

    /// The only lot near enough is earmarked for another enterprise: explain names the earmark, and the
    /// reason is unmet.csv's no_offer_in_reach; the offer's candidates leave the request out.
    func test_explain_earmark_keptTheLotFromTheRequest() throws {
        var f = PlannerFixture()
        let earmark = Earmark(enterprise: PlannerFixture.code(3))
        let offer = f.offer("FOR-3", region: 0, quantity: 100, earmark: earmark)
        let other = f.request("other", region: 1, quantity: 10, enterprise: 2)
        let named = f.request("named", region: 1, quantity: 200, enterprise: 3)
        let e = try explain(f, other)
        XCTAssertEqual(e.reason, .noOfferInReach)
        guard case .earmarked(let lots)? = e.binding else { return XCTFail("\(String(describing: e.binding))") }
        XCTAssertEqual(lots.map(\.offer), [offer])
        XCTAssertEqual(lots.map(\.failedEarmark), [.enterprise])
        XCTAssertEqual(e.lots.filter(\.inReach).count, 0)
        XCTAssertEqual(try explain(f, named).lots.filter(\.inReach).count, 1)

        let input = f.input()
        let o = try XCTUnwrap(Explanation.offer(offer, input: input, plan: try Planner.plan(input)))
        XCTAssertEqual(o.offer.earmark, earmark)
        XCTAssertFalse(o.candidates.contains { $0.request == other })
    }

    func test_explain_deadline_lotsInReachButTooLate() throws {
        var f = PlannerFixture()
        f.offer("A", region: 0, quantity: 100)
        // 3 × 139 km = 417 km: two days on the road, needed by day 1.
        let soon = f.request("soon", region: 3, quantity: 10, neededBy: 1)
        let e = try explain(f, soon)
        XCTAssertEqual(e.binding, .deadline(deadline: f.planDate.adding(days: 1), earliestArrival: f.planDate.adding(days: 2),
                                            overdue: false))
        XCTAssertTrue(e.lots.allSatisfy { $0.withinDistance && !$0.inTime })
    }

    func test_explain_higherTiers_tookEveryLotInReach() throws {
        var f = PlannerFixture()
        f.offer("A", region: 0, quantity: 100)
        f.request("hospital", region: 0, quantity: 100, category: .medical, enterprise: 3)
        let shop = f.request("shop", region: 1, quantity: 50, category: .sme, enterprise: 4)
        let e = try explain(f, shop)
        XCTAssertEqual(e.tier, 4)
        XCTAssertEqual(e.binding, .higherTiers(tiers: [1], taken: 100))
        XCTAssertEqual(e.peers.map(\.request.id), ["hospital"])
    }

    func test_explain_cap_enterpriseReachedItsCap() throws {
        var f = PlannerFixture()
        f.offer("A", region: 0, quantity: 100)
        let capped = f.request("capped", region: 0, quantity: 80, enterprise: 5)
        f.overrides = [Override(action: .cap, enterpriseID: PlannerFixture.code(5), material: f.material,
                                quantity: Quantity(30), line: 2)]
        let e = try explain(f, capped)
        XCTAssertEqual(e.delivered, 30)
        XCTAssertEqual(e.binding, .cap(limit: 30, delivered: 30))
    }

    func test_explain_fairShare_sharedWithinTheTier() throws {
        var f = PlannerFixture()
        f.offer("A", region: 0, quantity: 100)
        let a = f.request("a", region: 0, quantity: 100, enterprise: 3)
        f.request("b", region: 1, quantity: 300, enterprise: 4)
        let e = try explain(f, a)
        XCTAssertEqual(e.delivered, 25)
        XCTAssertEqual(e.binding, .fairShare(tier: 1, level: 0.25, share: .maxmin))
        XCTAssertEqual(e.peers.map(\.request.id), ["b"])
        XCTAssertEqual(e.takenByTier, [1: 100])
        XCTAssertEqual(e.served.map(\.line.quantity.units), [25])
    }

    /// The only taker of the only lot in reach is short because the lot is small, not because of
    /// a fair share: there is no one to share with (SPEC 9's capacity_exhausted, as unmet.csv says).
    func test_explain_capacity_onlyTakerOfTheOnlyLot() throws {
        var f = PlannerFixture()
        f.offer("A", region: 0, quantity: 80)
        let a = f.request("a", region: 0, quantity: 100, enterprise: 3)
        let e = try explain(f, a)
        XCTAssertEqual(e.delivered, 80)
        XCTAssertEqual(e.binding, .capacity(supply: 80, taken: 80))
        XCTAssertEqual(e.reason, .capacityExhausted)
        XCTAssertEqual(e.binding?.reason, e.reason)
    }

    func test_explain_fullyServed_hasNoBinding() throws {
        var f = PlannerFixture()
        f.offer("A", region: 0, quantity: 100)
        let a = f.request("a", region: 1, quantity: 40)
        let e = try explain(f, a)
        XCTAssertNil(e.binding)
        XCTAssertEqual(e.served.count, 1)
        XCTAssertEqual(e.served[0].line.roadDecikm, e.lots[0].roadDecikm)
    }

    func test_explain_forbiddenLotIsNotInReach() throws {
        var f = PlannerFixture()
        let offer = f.offer("A", region: 0, quantity: 100)
        let a = f.request("a", region: 0, quantity: 10)
        f.overrides = [Override(action: .forbid, offer: RecordKey(source: offer.source, kind: .offer, id: offer.id),
                                request: RecordKey(source: a.source, kind: .request, id: a.id), line: 2)]
        let e = try explain(f, a)
        XCTAssertTrue(e.lots[0].forbidden)
        XCTAssertEqual(e.binding, .distance(nearestDecikm: nil, maxDistanceKm: 800))
    }

    func test_explain_offer_recipientsAndWhoElseCouldHaveTakenIt() throws {
        var f = PlannerFixture()
        let offer = f.offer("A", region: 0, quantity: 100)
        f.request("first", region: 0, quantity: 60, category: .medical, enterprise: 3)
        f.request("third", region: 1, quantity: 100, category: .aboveScale, enterprise: 4)
        f.request("fourth", region: 1, quantity: 10, category: .sme, enterprise: 5)
        f.request("far", region: 9, quantity: 10, category: .sme, enterprise: 6)
        let input = f.input()
        let e = try XCTUnwrap(Explanation.offer(offer, input: input, plan: try Planner.plan(input)))
        XCTAssertEqual(e.lots.count, 1)
        XCTAssertEqual(e.lots[0].shipped, 100)
        XCTAssertEqual(Set(e.recipients.keys.map(\.id)), ["first", "third"])
        XCTAssertEqual(e.candidates.map(\.request.id), ["fourth"], "in reach and in time, got none; far is out of reach")
        XCTAssertEqual(e.candidates.first?.tier, 4)
    }

    func test_explain_unknownKey_isNil() throws {
        let f = PlannerFixture()
        let input = f.input()
        XCTAssertNil(Explanation.request(RecordKey(source: "r", kind: .request, id: "nope"), input: input, plan: try Planner.plan(input)))
    }
}
