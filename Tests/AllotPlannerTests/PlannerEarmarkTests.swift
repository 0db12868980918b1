import AllotCore
import XCTest
@testable import AllotPlanner

/// Earmarked offers (SPEC 12): a lot serves only the requests its offer's earmarks admit.
final class PlannerEarmarkTests: XCTestCase {
    /// 中联实业's disinfectant for 力得 alone: it goes to 力得 although a medical request of tier 1 is short,
    /// and the open offer is all that request gets.
    func test_plan_lotEarmarkedForAnEnterpriseServesOnlyIt() {
        var f = PlannerFixture()
        let earmarked = f.offer("FOR-3", region: 1, quantity: 100, earmark: Earmark(enterprise: PlannerFixture.code(3)))
        f.offer("OPEN", region: 1, quantity: 50)
        let hospital = f.request("A", region: 1, quantity: 100, category: .medical, enterprise: 2)
        let lide = f.request("B", region: 1, quantity: 100, category: .sme, enterprise: 3)
        let plan = f.plan()
        XCTAssertEqual(plan.delivered(hospital), 50)
        XCTAssertEqual(plan.delivered(lide), 100)
        XCTAssertEqual(Set(plan.lines.filter { $0.offer == earmarked }.map(\.request)), [lide])
        XCTAssertEqual(plan.outcome(hospital).reason, .capacityExhausted)
    }

    /// Requests alike in region, deadline and tier are planned as one class unless an earmark tells them
    /// apart: the lot earmarked for one of them never reaches the other.
    func test_plan_alikeRequestsToldApartByAnEarmark() {
        for share in [ShareMode.maxmin, .none] {
            var f = PlannerFixture()
            f.policy.share = share
            f.offer("FOR-3", region: 2, quantity: 100, earmark: Earmark(enterprise: PlannerFixture.code(3)))
            let other = f.request("A", region: 1, quantity: 100, enterprise: 2)
            let named = f.request("B", region: 1, quantity: 100, enterprise: 3)
            let plan = f.plan()
            XCTAssertEqual(plan.delivered(other), 0, "\(share)")
            XCTAssertEqual(plan.delivered(named), 100, "\(share)")
            XCTAssertEqual(plan.outcome(other).reason, .noOfferInReach, "a lot it may not take is not in reach")
        }
    }

    /// An allocation for medical institutions and epidemic producers: shared fairly among those, none to an SME.
    func test_plan_categoryEarmark_sharedAmongQualifyingRequestsOnly() {
        var f = PlannerFixture()
        f.offer("ALLOC", region: 1, quantity: 90, kind: .allocation,
                earmark: Earmark(categories: [.medical, .epidemicProducer]))
        let medical = f.request("M", region: 1, quantity: 60, category: .medical, enterprise: 2)
        let producer = f.request("P", region: 2, quantity: 60, category: .epidemicProducer, enterprise: 3)
        let sme = f.request("S", region: 1, quantity: 60, category: .sme, enterprise: 4)
        let plan = f.plan()
        XCTAssertEqual(plan.delivered(medical), 45)
        XCTAssertEqual(plan.delivered(producer), 45)
        XCTAssertEqual(plan.delivered(sme), 0)
        XCTAssertEqual(plan.outcome(sme).reason, .noOfferInReach)
    }

    /// Stock for region 2 alone, held in region 1: it serves both tiers in region 2 and nothing in region 1,
    /// although tier 1 there is short. Region 2's requests take it through the arrive nodes the open lots use,
    /// so the earmark adds no arrive node; the tier totals and the transport are the optimum worked by hand.
    func test_plan_lotEarmarkedForARegion_servesInsideItOnly_throughTheOpenArriveNodes() throws {
        for share in [ShareMode.maxmin, .none] {
            var f = PlannerFixture()
            f.policy.share = share
            let open = f.offer("OPEN", region: 1, quantity: 50)
            let forTwo = f.offer("FOR-2", region: 1, quantity: 100, earmark: Earmark(regions: [RegionCode(370_102)]))
            let hospital = f.request("A", region: 1, quantity: 100, category: .medical, enterprise: 2)
            let clinic = f.request("C", region: 2, quantity: 30, category: .medical, enterprise: 3)
            let shop = f.request("B", region: 2, quantity: 60, category: .sme, enterprise: 4)
            let (plan, profile) = try Planner.profiledPlan(f.input(), threads: 2)
            XCTAssertEqual(plan.delivered(hospital), 50, "\(share)")
            XCTAssertEqual(plan.delivered(clinic), 30, "\(share)")
            XCTAssertEqual(plan.delivered(shop), 60, "\(share)")
            XCTAssertEqual(Set(plan.lines.filter { $0.offer == forTwo }.map(\.request)), [clinic, shop], "\(share)")
            XCTAssertEqual(Set(plan.lines.filter { $0.offer == open }.map(\.request)), [hospital], "\(share)")
            XCTAssertEqual(plan.lines.reduce(Int64(0)) { $0 + $1.quantity.units * $1.roadDecikm }, 90 * 1390, "\(share)")
            XCTAssertEqual(plan.outcome(hospital).reason, .capacityExhausted)
            // One arrive node per request region and deadline, as without the earmark.
            XCTAssertEqual(profile.materials.map(\.arriveNodes), [2], "\(share)")
        }
    }

    /// An earmarked lot past the distance limit or too late for a qualifying request: the usual reasons.
    func test_plan_earmarkedLotStillNeedsReachAndTime() {
        var f = PlannerFixture()
        f.policy.maxDistanceKm = 200
        f.offer("FAR", region: 9, quantity: 10, earmark: Earmark(enterprise: PlannerFixture.code(2)))
        f.offer("LATE", region: 1, quantity: 10, from: 2, earmark: Earmark(enterprise: PlannerFixture.code(3)))
        let far = f.request("A", region: 1, quantity: 10, enterprise: 2)
        let soon = f.request("B", region: 1, quantity: 10, neededBy: 1, enterprise: 3)
        let plan = f.plan()
        XCTAssertEqual(plan.outcome(far).reason, .noOfferInReach)
        XCTAssertEqual(plan.outcome(soon).reason, .deadlineUnreachable)
    }

    /// A pin from an earmarked offer to a request it does not admit cannot hold; one to a request it admits does.
    func test_plan_pinBreakingAnEarmark_isARejectNamingIt() {
        var f = PlannerFixture()
        let offer = f.offer("FOR-3", region: 1, quantity: 100, earmark: Earmark(enterprise: PlannerFixture.code(3)))
        let other = f.request("A", region: 1, quantity: 40, enterprise: 2)
        let named = f.request("B", region: 1, quantity: 40, enterprise: 3)
        f.overrides = [Override(action: .pin, offer: offer, request: other, quantity: Quantity(10), line: 2),
                       Override(action: .pin, offer: offer, request: named, quantity: Quantity(10), line: 3)]
        let plan = f.plan()
        XCTAssertEqual(plan.overrideRejects.map(\.line), [2])
        XCTAssertEqual(plan.overrideRejects.first?.message,
                       "pin: o:FOR-3 is earmarked (for_enterprise=\(PlannerFixture.code(3))) and r:A does not qualify under for_enterprise")
        XCTAssertEqual(plan.delivered(other), 0)
        XCTAssertEqual(plan.delivered(named), 40)
        XCTAssertTrue(plan.lines.filter { $0.request == named }.allSatisfy(\.pinned))
    }

    /// Earmarks and forbids together: a forbid still rules out a request the earmark admits.
    func test_plan_forbidOnAnEarmarkedOffer() {
        var f = PlannerFixture()
        let offer = f.offer("ALLOC", region: 1, quantity: 100, earmark: Earmark(categories: [.medical]))
        let a = f.request("A", region: 1, quantity: 60, category: .medical, enterprise: 2)
        let b = f.request("B", region: 1, quantity: 60, category: .medical, enterprise: 3)
        f.overrides = [Override(action: .forbid, offer: offer, request: a, line: 2)]
        let plan = f.plan()
        XCTAssertEqual(plan.delivered(a), 0)
        XCTAssertEqual(plan.delivered(b), 60)
        XCTAssertTrue(plan.overrideRejects.isEmpty)
    }

    /// An earmarked lot that pins have emptied serves no one else: the plan is the plan without the earmark,
    /// line for line (the sample night's 中联实业 donation, pinned whole to 力得).
    func test_plan_lotEmptiedByAPin_leavesThePlanAsWithoutTheEarmark() {
        func night(earmark: Earmark?) -> Plan {
            var f = PlannerFixture()
            let donation = f.offer("DONATION", region: 1, quantity: 12, earmark: earmark)
            f.offer("A", region: 1, quantity: 30, kind: .capacity)
            f.offer("B", region: 1, quantity: 40, from: 1)
            let named = f.request("NAMED", region: 1, quantity: 12, enterprise: 3)
            f.request("X", region: 1, quantity: 50, neededBy: 2, enterprise: 4)
            f.request("Y", region: 2, quantity: 45, enterprise: 5)
            f.overrides = [Override(action: .pin, offer: donation, request: named, quantity: Quantity(12), line: 2)]
            return f.plan()
        }
        XCTAssertEqual(night(earmark: Earmark(enterprise: PlannerFixture.code(3))).lines, night(earmark: nil).lines)
    }
}
