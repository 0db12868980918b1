import AllotCore
import XCTest
@testable import AllotPlanner

/// Substitution groups (SPEC 13): materials `[substitutes]` links are planned as one.
final class PlannerSubstitutionTests: XCTestCase {
    private let medical = MaterialCode("MASK-MEDICAL"), surgical = MaterialCode("MASK-SURGICAL")
    private let n95 = MaterialCode("MASK-N95")

    /// SPEC 13's example lists.
    private func fixture() -> PlannerFixture {
        var f = PlannerFixture()
        f.policy.substitutes = Substitutes([.init(requested: medical, substitutes: [surgical, n95]),
                                            .init(requested: surgical, substitutes: [n95])])
        return f
    }

    func test_plan_substituteServesWhatTheRequestedMaterialCannot() {
        var f = fixture()
        f.offer("MED", region: 1, quantity: 60, material: medical)
        let n95Offer = f.offer("N95", region: 1, quantity: 100, material: n95)
        let r = f.request("R", region: 1, quantity: 100, material: medical)
        let plan = f.plan()
        XCTAssertEqual(plan.delivered(r), 100)
        let substituted = plan.lines.filter { $0.offer == n95Offer }
        XCTAssertEqual(substituted.map(\.quantity.units), [40])
        XCTAssertEqual(substituted.map(\.material), [n95])
        XCTAssertEqual(substituted.map(\.requestedMaterial), [medical])
        XCTAssertTrue(plan.lines.filter { $0.offer != n95Offer }.allSatisfy { !$0.isSubstitution })
    }

    /// The least substitution comes before the least transport: the requested material from afar before a
    /// substitute next door, and the first substitute of the list before the second.
    func test_plan_rankBeforeTransport() {
        var f = fixture()
        let far = f.offer("MED-FAR", region: 4, quantity: 50, material: medical)
        let surgicalNear = f.offer("SUR", region: 1, quantity: 30, material: surgical)
        f.offer("N95-NEAR", region: 1, quantity: 100, material: n95)
        let r = f.request("R", region: 1, quantity: 80, material: medical)
        let plan = f.plan()
        XCTAssertEqual(plan.delivered(r), 80)
        XCTAssertEqual(plan.lines.filter { $0.offer == far }.reduce(0) { $0 + $1.quantity.units }, 50)
        XCTAssertEqual(plan.lines.filter { $0.offer == surgicalNear }.reduce(0) { $0 + $1.quantity.units }, 30)
        XCTAssertFalse(plan.lines.contains { $0.material == n95 })
    }

    /// The relation is not transitive, and a list serves its key only: N95 may serve surgical requests and
    /// surgical may serve medical ones, but N95 medical ones only when the medical list names it.
    func test_plan_notTransitive() {
        var f = PlannerFixture()
        f.policy.substitutes = Substitutes([.init(requested: medical, substitutes: [surgical]),
                                            .init(requested: surgical, substitutes: [n95])])
        f.offer("N95", region: 1, quantity: 100, material: n95)
        f.offer("MED", region: 1, quantity: 100, material: medical)
        let med = f.request("M", region: 1, quantity: 50, enterprise: 2, material: medical)
        let sur = f.request("S", region: 1, quantity: 50, enterprise: 3, material: surgical)
        let plan = f.plan()
        XCTAssertEqual(plan.delivered(med), 50)
        XCTAssertEqual(plan.delivered(sur), 50)
        XCTAssertTrue(plan.lines.filter { $0.request == med }.allSatisfy { $0.material == medical })
        XCTAssertTrue(plan.lines.filter { $0.request == sur }.allSatisfy { $0.material == n95 })
    }

    /// Tier totals and fair shares count every request of the group, whatever serves it.
    func test_plan_tiersAndFairSharesAcrossTheGroup() {
        var f = fixture()
        f.offer("N95", region: 1, quantity: 100, material: n95)
        let hospital = f.request("H", region: 1, quantity: 80, category: .medical, enterprise: 2, material: surgical)
        let producer = f.request("P", region: 2, quantity: 80, category: .epidemicProducer, enterprise: 3, material: medical)
        let shop = f.request("S", region: 1, quantity: 50, category: .sme, enterprise: 4, material: medical)
        let plan = f.plan()
        XCTAssertEqual(plan.delivered(hospital), 50)
        XCTAssertEqual(plan.delivered(producer), 50)
        XCTAssertEqual(plan.delivered(shop), 0)
    }

    /// A cap counts what the enterprise receives for requests of the cap's material, whatever serves them.
    func test_plan_capCountsTheRequestedMaterial() {
        var f = fixture()
        f.offer("N95", region: 1, quantity: 500, material: n95)
        f.offer("MED", region: 1, quantity: 30, material: medical)
        let a = f.request("A", region: 1, quantity: 100, enterprise: 2, material: medical)
        let b = f.request("B", region: 1, quantity: 100, enterprise: 2, material: medical)
        let c = f.request("C", region: 1, quantity: 100, enterprise: 2, material: surgical)
        f.overrides = [Override(action: .cap, enterpriseID: PlannerFixture.code(2), material: medical,
                                quantity: Quantity(70), line: 2)]
        let plan = f.plan()
        XCTAssertEqual(plan.delivered(a) + plan.delivered(b), 70)
        XCTAssertEqual(plan.delivered(c), 100, "the cap on masks for medical use leaves surgical requests alone")
        XCTAssertEqual(plan.outcome(a).reason, .capped)
    }

    /// A pin may join an offer and a request whose list names the offer's material; any other pair of
    /// materials, and a forbid like it, is `override_material_mismatch`.
    func test_plan_pinsAndForbidsAcrossMaterials() {
        var f = fixture()
        let n95Offer = f.offer("N95", region: 1, quantity: 100, material: n95)
        let medOffer = f.offer("MED", region: 1, quantity: 100, material: medical)
        let med = f.request("M", region: 1, quantity: 20, enterprise: 2, material: medical)
        let sur = f.request("S", region: 1, quantity: 20, enterprise: 3, material: surgical)
        f.overrides = [
            Override(action: .pin, offer: n95Offer, request: med, quantity: Quantity(5), line: 2),
            Override(action: .pin, offer: medOffer, request: sur, quantity: Quantity(5), line: 3),
            Override(action: .forbid, offer: medOffer, request: sur, line: 4),
        ]
        let plan = f.plan()
        XCTAssertEqual(plan.overrideRejects.map(\.line), [4, 3])
        XCTAssertEqual(Set(plan.overrideRejects.map(\.code)), [.overrideMaterialMismatch])
        XCTAssertEqual(plan.overrideRejects.last?.message,
                       "pin: o:MED offers MASK-MEDICAL and r:S asks for MASK-SURGICAL, which MASK-MEDICAL may not serve ([substitutes])")
        let pinned = plan.lines.filter { $0.offer == n95Offer && $0.request == med }
        XCTAssertEqual(pinned.map(\.quantity.units), [5])
        XCTAssertTrue(pinned.allSatisfy(\.pinned))
        XCTAssertEqual(plan.delivered(med), 20)
        XCTAssertEqual(plan.delivered(sur), 20)
    }

    /// A pin from a substitute that has no lot tonight, and no request of its own, cannot hold (SPEC 7): it is a
    /// reject, not dropped unsaid because its material takes no part in the group's plan.
    func test_plan_pinFromASubstituteWithoutLotsIsRejected() {
        var f = fixture()
        let n95Offer = f.offer("N95", region: 1, quantity: 100, from: 5, material: n95)
        f.offer("MED", region: 1, quantity: 100, material: medical)
        let med = f.request("M", region: 1, quantity: 20, material: medical)
        f.overrides = [Override(action: .pin, offer: n95Offer, request: med, quantity: Quantity(5), line: 2)]
        let plan = f.plan()
        XCTAssertEqual(plan.overrideRejects.map(\.line), [2])
        XCTAssertEqual(plan.overrideRejects.map(\.code), [.overrideNotApplied])
        XCTAssertEqual(plan.overrideRejects.first?.message,
                       "pin: no lot of o:N95 can reach r:M in time within the distance limit")
        XCTAssertEqual(plan.delivered(med), 20)
    }

    /// A material no list names is planned as before, alone, whatever the others do.
    func test_plan_materialOutsideEveryGroupUnchanged() {
        var plain = PlannerFixture()
        plain.offer("S", region: 1, quantity: 10)
        plain.request("A", region: 1, quantity: 6, enterprise: 2)
        plain.request("B", region: 2, quantity: 6, enterprise: 3)
        var grouped = fixture()
        grouped.offers = plain.offers
        grouped.requests = plain.requests
        grouped.offer("N95", region: 1, quantity: 10, material: n95)
        let a = plain.plan(), b = grouped.plan()
        XCTAssertEqual(a.lines, b.lines.filter { $0.material == plain.material })
    }
}
