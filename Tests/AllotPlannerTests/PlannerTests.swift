import AllotCore
import XCTest
@testable import AllotPlanner

final class PlannerTests: XCTestCase {
    func test_plan_earlierTierServedFirst() {
        var f = PlannerFixture()
        f.offer("A", region: 1, quantity: 10)
        let medical = f.request("M", region: 1, quantity: 8, category: .medical)
        let sme = f.request("S", region: 1, quantity: 8, category: .sme, enterprise: 3)
        let plan = f.plan()
        XCTAssertEqual(plan.delivered(medical), 8)
        XCTAssertEqual(plan.delivered(sme), 2)
        XCTAssertEqual(plan.outcome(sme).reason, .capacityExhausted)
    }

    func test_plan_specExample_tenSuitsForThousandOneOne() {
        var f = PlannerFixture()
        f.offer("A", region: 1, quantity: 10)
        let big = f.request("BIG", region: 1, quantity: 1000)
        let a = f.request("A1", region: 1, quantity: 1, enterprise: 3)
        let b = f.request("B1", region: 1, quantity: 1, enterprise: 4)
        let plan = f.plan()
        XCTAssertTrue([9, 10].contains(plan.delivered(big)), "\(plan.delivered(big))")
        XCTAssertEqual(plan.delivered(big) + plan.delivered(a) + plan.delivered(b), 10)
        XCTAssertLessThanOrEqual(plan.delivered(a), 1)
    }

    func test_plan_maxminSharesRatios_noneMayNot() {
        var f = PlannerFixture()
        f.offer("A", region: 1, quantity: 60)
        let x = f.request("X", region: 1, quantity: 100)
        let y = f.request("Y", region: 2, quantity: 20, enterprise: 3)
        let plan = f.plan()
        // Leximin: 60/120 each: 50 and 10.
        XCTAssertEqual(plan.delivered(x), 50)
        XCTAssertEqual(plan.delivered(y), 10)
        f.policy.share = .none
        let greedy = f.plan()
        // Without fairness the cheapest plan ships everything to the same region.
        XCTAssertEqual(greedy.delivered(x), 60)
        XCTAssertEqual(greedy.delivered(y), 0)
    }

    func test_plan_deadlineAndDistanceLimitReach() {
        var f = PlannerFixture()
        f.policy.speedKmPerDay = 100   // 139 km takes 2 days
        f.offer("FAR", region: 1, quantity: 5)
        let soon = f.request("SOON", region: 2, quantity: 5, neededBy: 1)
        let later = f.request("LATER", region: 2, quantity: 5, neededBy: 2, enterprise: 3)
        let plan = f.plan()
        XCTAssertEqual(plan.delivered(soon), 0)
        XCTAssertEqual(plan.outcome(soon).reason, .deadlineUnreachable)
        XCTAssertEqual(plan.delivered(later), 5)
        f.policy.maxDistanceKm = 100
        XCTAssertEqual(f.plan().outcome(later).reason, .noOfferInReach)
    }

    func test_plan_transportIsMinimal() {
        var f = PlannerFixture()
        f.policy.share = .none
        f.offer("NEAR", region: 2, quantity: 5)
        f.offer("FAR", region: 5, quantity: 5)
        f.request("R", region: 1, quantity: 5)
        let plan = f.plan()
        XCTAssertEqual(plan.lines.map(\.offer.id), ["NEAR"])
        XCTAssertEqual(plan.lines.first?.roadDecikm, 1390)
    }

    func test_plan_capacityOfferMakesDailyLots() {
        var f = PlannerFixture()
        f.offer("LINE", region: 1, quantity: 4, kind: .capacity)
        let r = f.request("R", region: 1, quantity: 100)
        let plan = f.plan()
        XCTAssertEqual(plan.delivered(r), 12)   // 3 days of 4
        XCTAssertEqual(Set(plan.lines.map(\.lotDay)).count, 3)
    }

    /// An early lot reaches its request through the later lot's road (the lot chain): the lines still name
    /// the lot each unit comes from, and every unit arrives in time.
    func test_plan_earlierLotsShipThroughTheLaterLotsRoad() {
        var f = PlannerFixture()
        f.offer("LINE", region: 0, quantity: 10, kind: .capacity)   // days 0, 1, 2; 1 day to region 1
        f.offer("STOCK", region: 0, quantity: 3, from: 1)
        let late = f.request("LATE", region: 1, quantity: 30, neededBy: 2)
        let near = f.request("NEAR", region: 0, quantity: 4, neededBy: 2)
        let plan = f.plan()
        XCTAssertEqual(plan.delivered(late), 23)   // days 0 and 1 of the line and the stock; day 2 arrives too late
        XCTAssertEqual(plan.delivered(near), 4)
        var fromLine = [Int: Int64]()
        for line in plan.lines where line.request == late {
            let day = Int(line.lotDay.dayNumber - f.planDate.dayNumber)
            XCTAssertLessThanOrEqual(day + line.transitDays, 2)
            if line.offer.id == "LINE" { fromLine[day, default: 0] += line.quantity.units }
        }
        XCTAssertEqual(fromLine[0], 10)
        XCTAssertEqual(fromLine[1], 10)
        XCTAssertNil(fromLine[2])
        XCTAssertEqual(plan.lines.filter { $0.request == near }.map(\.lotDay), [f.planDate.adding(days: 2)])
    }

    func test_plan_overdueRequestUsesLastHorizonDay() {
        var f = PlannerFixture()
        f.offer("A", region: 1, quantity: 5, from: 2)
        let r = f.request("LATE", region: 1, quantity: 5, neededBy: -3)
        let plan = f.plan()
        XCTAssertEqual(plan.delivered(r), 5)
        XCTAssertTrue(plan.outcome(r).overdue)
    }

    func test_plan_capLimitsEnterpriseAcrossRequests() {
        var f = PlannerFixture()
        f.offer("A", region: 1, quantity: 100)
        let r1 = f.request("R1", region: 1, quantity: 30, enterprise: 7)
        let r2 = f.request("R2", region: 1, quantity: 30, category: .sme, enterprise: 7)
        f.overrides = [Override(action: .cap, enterpriseID: PlannerFixture.code(7), material: f.material,
                                quantity: Quantity(40), line: 2)]
        let plan = f.plan()
        XCTAssertEqual(plan.delivered(r1), 30)
        XCTAssertEqual(plan.delivered(r2), 10)
        XCTAssertEqual(plan.outcome(r2).reason, .capped)
    }

    func test_plan_pinShipsAtLeastItsQuantityAndMarksLines() {
        var f = PlannerFixture()
        let far = f.offer("FAR", region: 4, quantity: 10)
        f.offer("NEAR", region: 1, quantity: 10)
        let r = f.request("R", region: 1, quantity: 12)
        f.overrides = [Override(action: .pin, offer: RecordKey(source: "o", kind: .offer, id: "FAR"), request: RecordKey(source: "r", kind: .request, id: "R"),
                                quantity: Quantity(3), line: 2)]
        let plan = f.plan()
        XCTAssertEqual(plan.delivered(r), 12)
        let pinned = plan.lines.filter { $0.offer == far }
        XCTAssertEqual(pinned.map(\.quantity.units), [3])
        XCTAssertTrue(pinned.allSatisfy(\.pinned))
        XCTAssertTrue(plan.lines.filter { $0.offer != far }.allSatisfy { !$0.pinned })
        XCTAssertTrue(plan.overrideRejects.isEmpty)
    }

    func test_plan_pinThatCannotHold_isRejectedAndTheRestRuns() {
        var f = PlannerFixture()
        f.offer("A", region: 1, quantity: 5)
        let r = f.request("R", region: 1, quantity: 10)
        f.overrides = [
            Override(action: .pin, offer: RecordKey(source: "o", kind: .offer, id: "A"), request: RecordKey(source: "r", kind: .request, id: "R"), quantity: Quantity(4), line: 2),
            Override(action: .pin, offer: RecordKey(source: "o", kind: .offer, id: "A"), request: RecordKey(source: "r", kind: .request, id: "R"), quantity: Quantity(4), line: 3),
        ]
        let plan = f.plan()
        XCTAssertEqual(plan.overrideRejects.map(\.line), [3])
        XCTAssertEqual(plan.overrideRejects.first?.code, .overrideNotApplied)
        XCTAssertEqual(plan.delivered(r), 5)
    }

    func test_plan_forbidAndExclude() {
        var f = PlannerFixture()
        f.offer("A", region: 1, quantity: 5)
        f.offer("B", region: 3, quantity: 5)
        let r = f.request("R", region: 1, quantity: 10)
        let gone = f.request("GONE", region: 1, quantity: 10, enterprise: 9)
        f.overrides = [
            Override(action: .forbid, offer: RecordKey(source: "o", kind: .offer, id: "A"), request: RecordKey(source: "r", kind: .request, id: "R"), line: 2),
            Override(action: .exclude, request: RecordKey(source: "r", kind: .request, id: "GONE"), line: 3),
        ]
        let plan = f.plan()
        XCTAssertEqual(plan.delivered(r), 5)
        XCTAssertEqual(plan.lines.map(\.offer.id), ["B"])
        XCTAssertNil(plan.outcomes.first { $0.request == gone })
        XCTAssertEqual(plan.leftOut[.excluded], [gone])
    }

    /// Overrides name records by key (ingest resolved their `source:id`); a source with a colon is a source
    /// like any other, and a pin finds its request among several sources.
    func test_plan_overridesNameRecordsByKey_acrossSources() {
        var f = PlannerFixture()
        let offer = f.offer("A", region: 1, quantity: 9)
        f.requests.append(Request(key: RecordKey(source: "county:莘县", kind: .request, id: "R1"),
                                  enterpriseID: PlannerFixture.code(3), enterpriseName: "企业3",
                                  region: RegionCode(370_101), material: f.material, quantity: Quantity(6), neededBy: nil,
                                  category: .medical))
        let pinned = f.request("R1", region: 2, quantity: 6)
        let gone = f.request("R2", region: 1, quantity: 6, enterprise: 4)
        f.overrides = [
            Override(action: .exclude, request: RecordKey(source: "county:莘县", kind: .request, id: "R1"), line: 2),
            Override(action: .exclude, request: gone, line: 3),
            Override(action: .pin, offer: offer, request: pinned, quantity: Quantity(4), line: 4),
        ]
        let plan = f.plan()
        XCTAssertEqual(plan.overrideRejects, [])
        XCTAssertEqual(plan.leftOut[.excluded]?.map(\.description), ["county:莘县:R1", "r:R2"])
        XCTAssertNil(plan.outcomes.first { $0.request == gone })
        XCTAssertEqual(plan.delivered(pinned), 6)
        XCTAssertEqual(plan.lines.filter(\.pinned).map(\.offer), [offer])
    }

    func test_plan_isDeterministic() {
        var f = PlannerFixture()
        for i in 0..<6 { f.offer("O\(i)", region: i, quantity: Int64(7 + i)) }
        for i in 0..<9 { f.request("R\(i)", region: (i * 3) % 10, quantity: Int64(5 + i), enterprise: 10 + i) }
        let a = f.plan()
        f.offers.reverse()
        f.requests.reverse()
        let b = f.plan()
        // The same plan, but for where its records sit in the input.
        func keyed(_ plan: Plan) -> [String] {
            plan.lines.map { "\($0.offer) \($0.lotDay) \($0.request) \($0.quantity) \($0.pinned)" }
                + plan.outcomes.map { "\($0.request) \($0.delivered) \($0.reason.map(\.rawValue) ?? "-")" }
        }
        XCTAssertEqual(keyed(a), keyed(b))
        XCTAssertEqual(a.lines, a.lines.sorted(by: DispatchLine.planOrder), "lines in the plan's line order")
        XCTAssertGreaterThan(a.lines.count, 2)
        for plan in [a, b] {
            for line in plan.lines {
                XCTAssertEqual(plan.offer(of: line)?.key, line.offer)
                XCTAssertEqual(plan.request(of: line)?.key, line.request)
            }
            for outcome in plan.outcomes { XCTAssertEqual(plan.request(of: outcome)?.key, outcome.request) }
        }
    }

    /// Materials solved on several threads give the plan that one thread gives, line for line.
    func test_plan_severalMaterials_sameOnOneThreadAndMany() {
        var f = PlannerFixture()
        let materials = ["SUIT", "ALCOHOL", "MASK-N95", "THERMOMETER", "MELTBLOWN"].map(MaterialCode.init)
        var rng = SplitMix64(seed: 5)
        for i in 0..<40 {
            f.offer("O\(i)", region: Int.random(in: 0...9, using: &rng), quantity: Int64.random(in: 1...500, using: &rng),
                    material: materials[i % materials.count])
        }
        for i in 0..<120 {
            f.request("R\(i)", region: Int.random(in: 0...9, using: &rng), quantity: Int64.random(in: 1...300, using: &rng),
                      category: [.medical, .keyEnterprise, .sme][i % 3], enterprise: 10 + i % 17,
                      material: materials[i % materials.count])
        }
        let one = f.plan(threads: 1)
        XCTAssertEqual(Set(one.lines.map(\.material)).count, materials.count)
        for threads in [2, 3, 8] {
            let many = f.plan(threads: threads)
            XCTAssertEqual(many.lines, one.lines, "\(threads) threads")
            XCTAssertEqual(many.outcomes, one.outcomes, "\(threads) threads")
            XCTAssertEqual(many.offeredByMaterial, one.offeredByMaterial)
        }
    }
}

final class PlanningProfileTests: XCTestCase {
    func test_profiledPlan_describesEachMaterialsNetworkAndStages() throws {
        var f = PlannerFixture()
        f.offer("A", region: 0, quantity: 10)
        f.offer("B", region: 2, quantity: 4, kind: .capacity, material: MaterialCode("ALCOHOL"))
        f.request("R1", region: 1, quantity: 8, enterprise: 3)
        f.request("R2", region: 1, quantity: 8, category: .sme, enterprise: 4)
        f.request("R3", region: 3, quantity: 5, enterprise: 5, material: MaterialCode("ALCOHOL"))
        let input = PlanningInput(planDate: f.planDate, policy: f.policy, regions: PlannerFixture.regions,
                                  catalog: MaterialCatalog(materials: MaterialCatalog.builtInMaterials, normalize: { $0 }),
                                  offers: f.offers, requests: f.requests)
        let (plan, profile) = try Planner.profiledPlan(input, threads: 2)
        XCTAssertEqual(plan.lines, try Planner.plan(input, threads: 1).lines)
        XCTAssertEqual(profile.materials.map(\.material), ["ALCOHOL", "SUIT"])
        let suit = profile.materials[1]
        XCTAssertEqual(suit.lotClasses, 1)
        XCTAssertEqual(suit.requestClasses, 2)   // one region and deadline, two tiers
        XCTAssertEqual(suit.arriveNodes, 1)
        XCTAssertEqual(suit.fairShareSteps, ["1": "caps left out", "4": "caps left out"])   // medical and sme
        XCTAssertEqual(profile.materials[0].lotClasses, 3)   // three daily lots
        for m in profile.materials {
            XCTAssertGreaterThan(m.arcs, 0)
            XCTAssertGreaterThanOrEqual(m.nodes, 2 + m.lotClasses + m.arriveNodes + m.requestClasses)
            for s in [m.classesSeconds, m.fairShareSeconds, m.minimumCostSeconds, m.assemblySeconds] {
                XCTAssertGreaterThanOrEqual(s, 0)
            }
        }
        var none = input
        none.policy.share = .none
        XCTAssertTrue(try Planner.profiledPlan(none).profile.materials.allSatisfy { $0.fairShareSteps.isEmpty })
    }
}

final class PlannerScaleTests: XCTestCase {
    /// Without caps, fair sharing must not change any tier's total: on nights
    /// with many regions and large quantities (where tolerances grown with the
    /// network once stopped fair sharing short) both share settings agree.
    func test_plan_largeQuantities_fairSharingKeepsEveryTierTotal() {
        var rng = SplitMix64(seed: 11)
        for round in 0..<5 {
            var f = PlannerFixture()
            f.policy.maxDistanceKm = 0
            for i in 0..<40 {
                f.offer("O\(i)", region: Int.random(in: 0...9, using: &rng), quantity: Int64.random(in: 1...5_000_000, using: &rng),
                        kind: Bool.random(using: &rng) ? .stock : .capacity, from: Int.random(in: 0...2, using: &rng))
            }
            let categories: [Category] = [.medical, .keyEnterprise, .aboveScale, .sme]
            for i in 0..<120 {
                f.request("R\(i)", region: Int.random(in: 0...9, using: &rng), quantity: Int64.random(in: 1...9_000_000, using: &rng),
                          category: categories.randomElement(using: &rng)!, neededBy: Int.random(in: 0...2, using: &rng),
                          enterprise: 10 + i)
            }
            let fair = f.plan()
            f.policy.share = .none
            let none = f.plan()
            for tier in 1...4 {
                let a = fair.outcomes.filter { $0.tier == tier }.reduce(Int64(0)) { $0 + $1.delivered.units }
                let b = none.outcomes.filter { $0.tier == tier }.reduce(Int64(0)) { $0 + $1.delivered.units }
                XCTAssertEqual(a, b, "round \(round), tier \(tier)")
            }
        }
    }
}

final class FairShareCapTests: XCTestCase {
    /// A cap shared by two requests that different lots serve: the tier's
    /// maximum (20) needs R1 at 0, so fair sharing happens among the plans of
    /// total 20 (SPEC 8 step 2 keeps the totals so far), not at 5, 5, 5.
    func test_plan_capAcrossLots_fairSharingKeepsTheTierTotal() {
        var f = PlannerFixture()
        f.policy.maxDistanceKm = 100
        f.offer("A", region: 1, quantity: 10)
        f.offer("B", region: 5, quantity: 10)
        let r1 = f.request("R1", region: 1, quantity: 10, enterprise: 7)
        let r2 = f.request("R2", region: 5, quantity: 10, enterprise: 7)
        let r3 = f.request("R3", region: 1, quantity: 10, enterprise: 8)
        f.overrides = [Override(action: .cap, enterpriseID: PlannerFixture.code(7), material: f.material,
                                quantity: Quantity(10), line: 2)]
        let plan = f.plan()
        XCTAssertEqual(plan.delivered(r1), 0)
        XCTAssertEqual(plan.delivered(r2), 10)
        XCTAssertEqual(plan.delivered(r3), 10)
    }
}
