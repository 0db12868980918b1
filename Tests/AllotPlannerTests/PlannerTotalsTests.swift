import AllotCore
import XCTest
@testable import AllotPlanner

/// A night's sums: exact with many records at the record limit, exact up to
/// `Planner.materialLimit`, and a clean refusal past it, never a trap or a wrap.
final class PlannerTotalsTests: XCTestCase {
    /// One unit under `Quantity.maximum`.
    private static let nearMaximum = Quantity.maximum.units - 1

    /// 250 offers and 400 requests of 999,999,999,999 suits over five regions
    /// and four tiers: tiers 1 and 2 in full, tier 3 shares what is left
    /// fairly, tier 4 gets nothing, and every sum is exact to the unit.
    func test_plan_manyRecordsJustUnderTheRecordLimit_sumsAreExact() {
        var f = PlannerFixture()
        for i in 0..<250 { f.offer("O\(i)", region: i % 5, quantity: Self.nearMaximum) }
        let tiers: [Category] = [.medical, .keyEnterprise, .aboveScale, .sme]
        for i in 0..<400 {
            f.request("R\(i)", region: i % 5, quantity: Self.nearMaximum, category: tiers[i / 100], enterprise: 2 + i)
        }
        let plan = f.plan()
        let offered = 250 * Self.nearMaximum   // 249,999,999,999,750
        XCTAssertEqual(plan.offeredByMaterial[f.material], Quantity(offered))
        XCTAssertEqual(plan.lines.reduce(0) { $0 + $1.quantity.units }, offered)
        var byTier = [Int: (requested: Int64, delivered: Int64)]()
        for o in plan.outcomes {
            byTier[o.tier, default: (0, 0)].requested += o.requested.units
            byTier[o.tier, default: (0, 0)].delivered += o.delivered.units
            XCTAssertLessThanOrEqual(o.delivered, o.requested)
        }
        let tierTotal = 100 * Self.nearMaximum
        XCTAssertEqual(byTier[1]?.delivered, tierTotal)
        XCTAssertEqual(byTier[2]?.delivered, tierTotal)
        XCTAssertEqual(byTier[3]?.delivered, 50 * Self.nearMaximum)
        XCTAssertEqual(byTier[4]?.delivered, 0)
        XCTAssertEqual(byTier.values.map(\.requested), Array(repeating: tierTotal, count: 4))
        // Tier 3's fair share is half of each request: 499,999,999,999.5, rounded down or up once.
        for o in plan.outcomes where o.tier == 3 {
            XCTAssertTrue([499_999_999_999, 500_000_000_000].contains(o.delivered.units), "\(o.request)")
        }
    }

    /// Lots and requests of 2^53 units in all, the planner's limit, as
    /// stock and capacity lots over the horizon: planned, every unit delivered.
    func test_plan_materialAtTheLimit_isPlannedExactly() {
        var f = PlannerFixture()
        let quarter = Planner.materialLimit / 8   // 2^50
        f.offer("stock", region: 0, quantity: 4 * quarter)
        f.offer("line", region: 0, quantity: quarter, kind: .capacity)   // three days of it
        f.offer("rest", region: 0, quantity: quarter)
        f.request("first", region: 0, quantity: 4 * quarter, category: .medical, enterprise: 2)
        f.request("second", region: 0, quantity: 4 * quarter, category: .sme, enterprise: 3)
        let plan = f.plan()
        XCTAssertEqual(plan.offeredByMaterial[f.material], Quantity(Planner.materialLimit))
        XCTAssertEqual(plan.lines.reduce(0) { $0 + $1.quantity.units }, Planner.materialLimit)
        XCTAssertEqual(plan.delivered(RecordKey(source: "r", kind: .request, id: "first")), 4 * quarter)
        XCTAssertEqual(plan.delivered(RecordKey(source: "r", kind: .request, id: "second")), 4 * quarter)
    }

    func test_plan_lotsOneUnitPastTheLimit_areRefusedNamingTheMaterial() {
        var f = PlannerFixture()
        f.offer("A", region: 0, quantity: Planner.materialLimit)
        f.offer("B", region: 1, quantity: 1)
        f.request("R", region: 0, quantity: 10)
        XCTAssertThrowsError(try Planner.plan(f.input())) { error in
            XCTAssertEqual(error as? PlanningError, .materialTooLarge(f.material, unit: "piece", side: .lots,
                                                                       total: Int128(Planner.materialLimit) + 1))
            XCTAssertEqual("\(error)", "SUIT: the night's lots within the horizon add up to 9007199254740993 piece, "
                + "more than the planner holds for one material (9007199254740992); look in the feeds for quantities "
                + "near 1000000000000, the most a record may hold; nothing is published")
        }
    }

    /// Records built past every bound (ingest would reject them): the sums that
    /// wrapped or trapped are exact, and the night is refused.
    func test_plan_recordsOfInt64Max_areRefusedWithoutWrapping() {
        var f = PlannerFixture()
        f.offer("A", region: 0, quantity: .max)
        f.offer("B", region: 0, quantity: .max, kind: .capacity)
        f.request("R", region: 0, quantity: 10)
        XCTAssertThrowsError(try Planner.plan(f.input())) { error in
            XCTAssertEqual(error as? PlanningError, .materialTooLarge(f.material, unit: "piece", side: .lots,
                                                                       total: 4 * Int128(Int64.max)))
        }
        var g = PlannerFixture()
        g.offer("A", region: 0, quantity: 10)
        g.request("R1", region: 0, quantity: .max)
        g.request("R2", region: 0, quantity: 1, enterprise: 3)
        XCTAssertThrowsError(try Planner.plan(g.input())) { error in
            XCTAssertEqual(error as? PlanningError, .materialTooLarge(g.material, unit: "piece", side: .requests,
                                                                       total: Int128(Int64.max) + 1))
        }
    }

    /// A capacity line at the record limit, 3 × 10^12 suits over the horizon:
    /// the fair share's tolerance, a fraction of the supply, is 3 suits, yet
    /// requests of 1, 2 and 5 suits in one class, and one beside them, are served in full.
    func test_plan_lotsAtTheRecordLimit_stillServeRequestsOfAFewUnits() {
        var f = PlannerFixture()
        f.offer("line", region: 0, quantity: Quantity.maximum.units, kind: .capacity)
        f.request("one", region: 0, quantity: 1, enterprise: 2)
        f.request("two", region: 0, quantity: 2, enterprise: 3)
        f.request("five", region: 0, quantity: 5, enterprise: 4)
        f.request("next door", region: 1, quantity: 1, category: .sme, enterprise: 5)
        let plan = f.plan()
        XCTAssertEqual(plan.outcomes.map(\.delivered), plan.outcomes.map(\.requested))
        XCTAssertEqual(plan.outcomes.map(\.reason), [nil, nil, nil, nil])
    }

    /// Lots at the record limit out of reach make the fair share's tolerance
    /// 3 suits; the 3 suits in reach still go to tier 1's three requests of
    /// one suit, before tier 4.
    func test_plan_lotsAtTheRecordLimitOutOfReach_keepTierTotalsExact() {
        var f = PlannerFixture()
        f.offer("far", region: 9, quantity: Quantity.maximum.units, kind: .capacity)   // 1,251 km: beyond 800 km
        f.offer("near", region: 0, quantity: 3)
        for i in 0..<3 { f.request("first\(i)", region: 0, quantity: 1, enterprise: 2 + i) }
        f.request("last", region: 0, quantity: 5, category: .sme, enterprise: 9)
        let plan = f.plan()
        XCTAssertEqual(plan.outcomes.filter { $0.tier == 1 }.map(\.delivered.units), [1, 1, 1])
        XCTAssertEqual(plan.outcome(RecordKey(source: "r", kind: .request, id: "last")).delivered, .zero)
    }

    /// Excluded records and other materials do not count against a material's limit.
    func test_plan_limitCountsOneMaterialsPlannedRecords() {
        var f = PlannerFixture()
        f.offer("A", region: 0, quantity: Planner.materialLimit)
        f.offer("B", region: 0, quantity: Planner.materialLimit, material: MaterialCode("ALCOHOL"))
        let excluded = f.offer("C", region: 0, quantity: .max)
        f.request("R", region: 0, quantity: 1_000_000)
        f.overrides = [Override(action: .exclude, offer: excluded, line: 2)]
        let plan = f.plan()
        XCTAssertEqual(plan.offeredByMaterial[f.material], Quantity(Planner.materialLimit))
        XCTAssertEqual(plan.offeredByMaterial[MaterialCode("ALCOHOL")], Quantity(Planner.materialLimit))
        XCTAssertEqual(plan.delivered(RecordKey(source: "r", kind: .request, id: "R")), 1_000_000)
    }
}
