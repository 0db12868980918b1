import AllotCore
import XCTest
@testable import AllotPlanner

/// What the planner records of earmarked offers for the plan's outputs (SPEC 12: the manifest's
/// `earmarked_unused`): each earmarked offer's lots within the horizon, after excludes.
final class PlannerEarmarkTotalsTests: XCTestCase {
    /// A capacity earmarked for one enterprise holds 3 days × 10 within the horizon; its enterprise takes 12,
    /// so 18 stay unused (the open offer is all the other's). An excluded earmarked offer, one past the horizon and an open one are not counted.
    func test_plan_recordsEarmarkedLotsWithinTheHorizonAfterExcludes() {
        var f = PlannerFixture()
        let forThree = Earmark(enterprise: PlannerFixture.code(3))
        let capacity = f.offer("CAP", region: 1, quantity: 10, kind: .capacity, earmark: forThree)
        let excluded = f.offer("EXCL", region: 1, quantity: 50, earmark: forThree)
        f.offer("LATER", region: 1, quantity: 70, from: 5, earmark: forThree)
        let open = f.offer("OPEN", region: 1, quantity: 30)
        f.request("A", region: 1, quantity: 12, enterprise: 3)
        f.request("B", region: 1, quantity: 30, enterprise: 2)
        f.overrides = [Override(action: .exclude, offer: excluded, line: 2)]
        let plan = f.plan()

        XCTAssertEqual(plan.earmarkedOfferedByOffer, [capacity: Quantity(30)])
        XCTAssertEqual(plan.earmarkedSupply().map(\.offer.key), [capacity])
        XCTAssertEqual(plan.earmarkedSupply().first?.shipped, 12)
        let figures = plan.quantitiesByMaterial()
        XCTAssertEqual(figures.count, 1)
        XCTAssertEqual(figures[0].offered, Quantity(60), "30 earmarked + 30 open within the horizon")
        XCTAssertEqual(figures[0].earmarkedOffered, 30)
        XCTAssertEqual(figures[0].earmarkedDelivered, 12)
        XCTAssertEqual(figures[0].earmarkedUnused, 18)
        XCTAssertEqual(figures[0].delivered, 42)
        XCTAssertTrue(plan.lines.contains { $0.offer == open })
    }

    /// A night without earmarked offers records nothing, and its figures say 0.
    func test_plan_withoutEarmarks_recordsNothing() {
        var f = PlannerFixture()
        f.offer("OPEN", region: 1, quantity: 40)
        f.request("A", region: 1, quantity: 12)
        let plan = f.plan()
        XCTAssertTrue(plan.earmarkedOfferedByOffer.isEmpty)
        XCTAssertEqual(plan.quantitiesByMaterial().map(\.earmarkedOffered), [0])
        XCTAssertEqual(plan.quantitiesByMaterial().map(\.earmarkedUnused), [0])
    }
}
