import AllotCore
import Foundation
import XCTest
@testable import AllotPlanner

/// Cross-checks the planner against an independent LP oracle (HiGHS through
/// `Tests/Oracle/plan_oracle.py`) on seeded random instances: tier totals,
/// fair values within one unit, least substitution and least transport given it,
/// feasibility of every line, earmarks (SPEC 12) on lines and pins, substitution
/// groups (SPEC 13) with their caps and pins, conversion (SPEC 14): production lots recomputed from allot's own
/// input lines, then the products planned with them, and the reach reasons of short requests.
final class PlannerCrossCheckTests: XCTestCase {
    /// Instances per share mode without earmarks; half as many again carry earmarks.
    static let instanceCount = 200
    /// Instances of masks with `[substitutes]` (SPEC 13), half in each share mode, after the others.
    static let substitutionCount = 200
    /// Instances with conversion offers (SPEC 14), half in each share mode, after the substitution ones.
    static let conversionCount = 200
    static var totalCount: Int { 3 * instanceCount + substitutionCount + conversionCount }
    /// The oracle's LPs hold earlier results within 1e-6 per constraint, so its
    /// optima may sit a hair below the integral ones; allot's values are whole
    /// numbers (transport in units × decikm), so anything under half a unit is agreement.
    static let lpSlack = 0.4

    func test_plan_agreesWithLPOracle_onSeededRandomInstances() throws {
        var rng = SplitMix64(seed: 20_200_211)
        // Earmarked instances draw from a stream of their own, so the open ones stay what they were.
        var earmarkRNG = SplitMix64(seed: 20_200_212)
        // So do the substitution instances.
        var substitutionRNG = SplitMix64(seed: 20_200_213)
        // And the conversion instances.
        var conversionRNG = SplitMix64(seed: 20_200_214)
        var instances = [[String: Any]]()
        var plans = [Int: (PlanningInput, Plan)]()
        var lists = [Int: [String: [String]]]()
        for id in 0..<Self.totalCount {
            let share: ShareMode = id % 2 == 0 ? .maxmin : .none
            let (input, json) = id < 2 * Self.instanceCount
                ? randomInstance(id: id, share: share, rng: &rng)
                : id < 3 * Self.instanceCount
                ? randomEarmarkedInstance(id: id, share: share, rng: &earmarkRNG)
                : id < 3 * Self.instanceCount + Self.substitutionCount
                ? randomSubstitutionInstance(id: id, share: share, rng: &substitutionRNG)
                : randomConversionInstance(id: id, share: share, rng: &conversionRNG)
            let plan = try Planner.plan(input)
            plans[id] = (input, plan)
            lists[id] = json["substitutes"] as? [String: [String]] ?? [:]
            var instance = json
            instance["result"] = resultJSON(plan, input: input)
            instances.append(instance)
        }
        let results = try runOracle(instances)
        var checked = 0
        var stats = [String: Int]()
        var substituteLines = 0, rankedQuantity = Int64(0)
        for result in results {
            let id = result["id"] as! Int
            let (input, plan) = plans[id]!
            let label = "instance \(id) (share \(input.policy.share.rawValue))"
            for problem in result["problems"] as! [String] { XCTFail("\(label): \(problem)") }
            for (key, n) in result["stats"] as! [String: Int] { stats[key, default: 0] += n }
            // SPEC 9: a short request with no lot in distance, or none in time, says so (earmarks count, SPEC 12).
            let reasons = result["reach_reason"] as! [String: Any]
            for outcome in plan.outcomes where outcome.delivered.units < outcome.requested.units {
                let expected = reasons[outcome.request.description] as? String
                let ours = outcome.reason.map(\.rawValue)
                if let expected {
                    XCTAssertEqual(ours, expected, "\(label): reason of \(outcome.request)")
                } else {
                    XCTAssertFalse(ours == UnmetReason.noOfferInReach.rawValue || ours == UnmetReason.deadlineUnreachable.rawValue,
                                   "\(label): \(outcome.request) has a lot in reach and in time, allot says \(ours ?? "nil")")
                }
            }
            let totals = result["tier_totals"] as! [String: Double]
            for (tier, expected) in totals {
                let ours = plan.outcomes.filter { $0.tier == Int(tier)! }.reduce(Int64(0)) { $0 + $1.delivered.units }
                XCTAssertEqual(Double(ours), expected, accuracy: Self.lpSlack, "\(label): tier \(tier) total")
            }
            // SPEC 13: Σ quantity × rank, the rank read from the instance's own lists (0 for the requested material).
            var ranks = Int64(0)
            for line in plan.lines where line.material != line.requestedMaterial {
                guard let i = lists[id]![line.requestedMaterial.rawValue]?.firstIndex(of: line.material.rawValue) else {
                    XCTFail("\(label): \(line.material) serves \(line.requestedMaterial), which its list does not name")
                    continue
                }
                ranks += line.quantity.units * Int64(i + 1)
                substituteLines += 1
            }
            rankedQuantity += ranks
            let rankKey = input.policy.share == .none ? "least_rank" : "least_rank_for_delivered"
            XCTAssertEqual(Double(ranks), result[rankKey] as? Double ?? -1, accuracy: Self.lpSlack,
                           "\(label): Σ quantity × rank")
            let transport = Double(plan.transportDecikm)
            if input.policy.share == .none {
                XCTAssertEqual(transport, result["least_transport"] as! Double, accuracy: Self.lpSlack, "\(label): transport")
            } else {
                let exact = result["exact"] as! [String: Double]
                for outcome in plan.outcomes {
                    guard let v = exact[outcome.request.description] else { continue }
                    XCTAssertLessThanOrEqual(abs(Double(outcome.delivered.units) - v), 1 + 1e-6,
                                             "\(label): \(outcome.request) got \(outcome.delivered), exact \(v)")
                }
                XCTAssertEqual(transport, result["least_transport_for_delivered"] as? Double ?? -1, accuracy: Self.lpSlack,
                               "\(label): transport for the delivered quantities")
            }
            checked += 1
        }
        XCTAssertEqual(checked, Self.totalCount)
        // The earmarked instances exercise what they are for: lots kept from requests, regions admitted through a
        // parent, pins that break an earmark, and shipments from earmarked lots.
        for key in ["earmark_kept_out", "admitted_inside", "pins_breaking_earmark", "earmarked_lines"] {
            XCTAssertGreaterThan(stats[key] ?? 0, 10, "the random instances hardly exercise \(key): \(stats)")
        }
        // The substitution instances do too: substitutes shipped (the second of a list as well), the rank step
        // deciding against the least transport, pairs a chain does not relate, groups of several materials, pins
        // across materials that hold and pins across materials no list relates.
        XCTAssertGreaterThan(substituteLines, 0, "no substitute served a request")
        XCTAssertGreaterThan(rankedQuantity, 0, "no line has a rank above 0")
        for key in ["substitute_lines", "second_substitute_lines", "rank_step_binds", "positive_least_rank",
                    "not_transitive_kept_out", "groups_of_several", "pins_across_materials", "pins_mismatched"] {
            XCTAssertGreaterThan(stats[key] ?? 0, 10, "the random instances hardly exercise \(key): \(stats)")
        }
        // The conversion instances make lots (some at the line's capacity, some short of input), share pools
        // between offers of one supplier (two of them making lots), chain two conversions (masks from meltblown
        // made from resin, in three waves), and deliver input arriving on a working day (counted from the next).
        for key in ["production_lots", "lots_at_capacity", "lots_short_of_input", "shared_pools", "chained_production",
                    "arrivals_on_working_days", "conversion_lines"] {
            XCTAssertGreaterThan(stats[key] ?? 0, 10, "the random instances hardly exercise \(key): \(stats)")
        }
    }

    // MARK: - Instances

    private static let planDate = CalendarDate(year: 2020, month: 2, day: 11)!

    /// `count` random requests over `regions`, each of `material` (drawn after its region), ids R0, R1…
    private func randomRequests(_ count: Int, regions: [Region], rng: inout SplitMix64,
                                material: (inout SplitMix64) -> MaterialCode) -> [Request] {
        (0..<count).map { i in
            let neededBy: Int? = [nil, -1, 0, 1, 2].randomElement(using: &rng)!
            return Request(key: RecordKey(source: "r", kind: .request, id: "R\(i)"),
                           enterpriseID: PlannerFixture.code(Int.random(in: 1...3, using: &rng)), enterpriseName: "E",
                           region: regions.randomElement(using: &rng)!.code, material: material(&rng),
                           quantity: Quantity(Int64.random(in: 1...30, using: &rng)),
                           neededBy: neededBy.map { Self.planDate.adding(days: $0) },
                           category: Self.requestCategories.randomElement(using: &rng)!)
        }
    }
    private static let material = MaterialCode("SUIT")
    private static let requestCategories: [Category] = [.medical, .keyEnterprise, .sme, .epidemicProducer]

    private func randomPolicy(share: ShareMode, rng: inout SplitMix64) -> Policy {
        var policy = Policy()
        policy.share = share
        policy.horizonDays = Int.random(in: 1...3, using: &rng)
        policy.speedKmPerDay = [120, 250, 400].randomElement(using: &rng)!
        policy.maxDistanceKm = [0, 200, 800].randomElement(using: &rng)!
        policy.tiers = [.medical: 1, .keyEnterprise: 2, .sme: 3, .epidemicProducer: 1, .aboveScale: 2]
        return policy
    }

    /// Counties without parents, offers without earmarks.
    private func randomInstance(id: Int, share: ShareMode, rng: inout SplitMix64) -> (PlanningInput, [String: Any]) {
        let policy = randomPolicy(share: share, rng: &rng)
        let planDate = Self.planDate
        let regionCount = Int.random(in: 2...5, using: &rng)
        let regions = (0..<regionCount).map { i in
            Region(code: RegionCode(Int32(370_101 + i)), name: "R\(i)", level: .county, parentCode: nil,
                   latitude: 36 + Double.random(in: 0...2.5, using: &rng).roundedTo4,
                   longitude: 116 + Double.random(in: 0...2.5, using: &rng).roundedTo4)
        }
        let material = Self.material
        var offers = [Offer]()
        for i in 0..<Int.random(in: 1...4, using: &rng) {
            let kind: OfferKind = Bool.random(using: &rng) ? .stock : .capacity
            let from = Int.random(in: -1...2, using: &rng)
            let until: Int? = Int.random(in: 0...3, using: &rng) == 0 ? Int.random(in: -1...2, using: &rng) : nil
            offers.append(Offer(key: RecordKey(source: "o", kind: .offer, id: "O\(i)"), supplierID: PlannerFixture.code(100 + i),
                                supplierName: "S\(i)", region: regions.randomElement(using: &rng)!.code, material: material,
                                quantity: Quantity(Int64.random(in: 1...25, using: &rng)), kind: kind,
                                availableFrom: planDate.adding(days: from), availableUntil: until.map { planDate.adding(days: $0) }))
        }
        let requests = randomRequests(Int.random(in: 1...7, using: &rng), regions: regions, rng: &rng, material: { _ in material })
        let (overrides, overrideJSON) = randomOverrides(offers: offers, requests: requests, rng: &rng) { _, _ in Self.material }
        return instance(id: id, policy: policy, regions: regions, offers: offers, requests: requests,
                        overrides: overrides, overrideJSON: overrideJSON)
    }

    /// SPEC 12: a two-level region table (cities with counties inside), most offers earmarked for an enterprise,
    /// categories, regions at either level or a combination, several requests per enterprise, requests at both
    /// levels, and now and then a pin from an earmarked offer, to a request that qualifies or to one that does not.
    private func randomEarmarkedInstance(id: Int, share: ShareMode, rng: inout SplitMix64) -> (PlanningInput, [String: Any]) {
        let policy = randomPolicy(share: share, rng: &rng)
        let planDate = Self.planDate
        var regions = [Region]()
        for c in 0..<Int.random(in: 1...3, using: &rng) {
            let city = RegionCode(Int32(370_100 + 100 * c))
            let lat = 36 + Double.random(in: 0...2.5, using: &rng), lon = 116 + Double.random(in: 0...2.5, using: &rng)
            regions.append(Region(code: city, name: "C\(c)", level: .prefecture, parentCode: nil,
                                  latitude: lat.roundedTo4, longitude: lon.roundedTo4))
            for k in 0..<Int.random(in: 1...3, using: &rng) {
                regions.append(Region(code: RegionCode(city.value + Int32(k + 1)), name: "C\(c)K\(k)", level: .county,
                                      parentCode: city,
                                      latitude: (lat + Double.random(in: -0.4...0.4, using: &rng)).roundedTo4,
                                      longitude: (lon + Double.random(in: -0.4...0.4, using: &rng)).roundedTo4))
            }
        }
        let material = Self.material
        var offers = [Offer]()
        for i in 0..<Int.random(in: 1...5, using: &rng) {
            let kind = [OfferKind.stock, .capacity, .donation, .allocation].randomElement(using: &rng)!
            let from = Int.random(in: -1...2, using: &rng)
            let until: Int? = Int.random(in: 0...3, using: &rng) == 0 ? Int.random(in: -1...2, using: &rng) : nil
            var earmark: Earmark?
            if Int.random(in: 0...3, using: &rng) > 0 {
                var e = Earmark()
                while e.isEmpty {
                    let enterprise = Int.random(in: 0...2, using: &rng) == 0 ? PlannerFixture.code(Int.random(in: 1...3, using: &rng)) : nil
                    let categories = Bool.random(using: &rng)
                        ? Array(Category.allCases.shuffled(using: &rng).prefix(Int.random(in: 1...3, using: &rng))) : []
                    let named = Bool.random(using: &rng)
                        ? Array(regions.shuffled(using: &rng).prefix(Int.random(in: 1...2, using: &rng))).map(\.code) : []
                    e = Earmark(enterprise: enterprise, categories: categories, regions: named)
                }
                earmark = e
            }
            offers.append(Offer(key: RecordKey(source: "o", kind: .offer, id: "O\(i)"), supplierID: PlannerFixture.code(100 + i),
                                supplierName: "S\(i)", region: regions.randomElement(using: &rng)!.code, material: material,
                                quantity: Quantity(Int64.random(in: 1...25, using: &rng)), kind: kind,
                                availableFrom: planDate.adding(days: from), availableUntil: until.map { planDate.adding(days: $0) },
                                terms: earmark.map { OfferTerms(earmark: $0) }))
        }
        let requests = randomRequests(Int.random(in: 2...8, using: &rng), regions: regions, rng: &rng, material: { _ in material })
        var (overrides, overrideJSON) = randomOverrides(offers: offers, requests: requests, rng: &rng) { _, _ in Self.material }
        let table = RegionTable(regions: regions)
        let earmarked = offers.filter { $0.earmark != nil }
        if !earmarked.isEmpty && Bool.random(using: &rng) {
            // The test only picks the request; the oracle judges the pin on its own.
            let o = earmarked.randomElement(using: &rng)!
            let qualifying = requests.filter { o.earmark!.admits($0, in: table) }
            let r = Bool.random(using: &rng) ? (qualifying.randomElement(using: &rng) ?? requests[0]) : requests.randomElement(using: &rng)!
            let q = Int64.random(in: 1...8, using: &rng)
            let at = Int.random(in: 0...overrides.count, using: &rng)
            overrides.insert(Override(action: .pin, offer: o.key, request: r.key, quantity: Quantity(q), line: 0), at: at)
            overrideJSON.insert(["action": "pin", "offer": o.key.description, "request": r.key.description, "quantity": q], at: at)
            for i in overrides.indices { overrides[i].line = i + 2 }
        }
        return instance(id: id, policy: policy, regions: regions, offers: offers, requests: requests,
                        overrides: overrides, overrideJSON: overrideJSON)
    }

    private static let masks = ["MASK-MEDICAL", "MASK-SURGICAL", "MASK-N95"].map(MaterialCode.init)

    /// SPEC 13: two or three mask materials with random `[substitutes]`: SPEC's example lists (restricted to the
    /// materials drawn), one list alone, a chain (A → B → C names no C for A: not transitive), a list each way,
    /// or random lists in random order (a material may stay a group of its own). Requests and offers of every
    /// material, caps on a requested material or on another, pins and forbids across materials, some of them
    /// joining materials no list relates, plus now and then a pin from a substitute its list names.
    private func randomSubstitutionInstance(id: Int, share: ShareMode, rng: inout SplitMix64) -> (PlanningInput, [String: Any]) {
        var policy = randomPolicy(share: share, rng: &rng)
        let planDate = Self.planDate
        let materials = Array(Self.masks.shuffled(using: &rng).prefix(Int.random(in: 2...3, using: &rng)))
        var entries = [Substitutes.Entry]()
        switch Int.random(in: 0...4, using: &rng) {
        case 0:
            let (medical, surgical, n95) = (Self.masks[0], Self.masks[1], Self.masks[2])
            for (key, list) in [(medical, [surgical, n95]), (surgical, [n95])] where materials.contains(key) {
                let kept = list.filter(materials.contains)
                if !kept.isEmpty { entries.append(.init(requested: key, substitutes: kept)) }
            }
        case 1:
            entries = [.init(requested: materials[0], substitutes: Array(materials.dropFirst()))]
        case 2:
            entries = zip(materials, materials.dropFirst()).map { .init(requested: $0, substitutes: [$1]) }
        case 3:
            entries = [.init(requested: materials[0], substitutes: [materials[1]]),
                       .init(requested: materials[1], substitutes: [materials[0]])]
        default:
            for key in materials {
                let others = materials.filter { $0 != key }.shuffled(using: &rng)
                let list = Array(others.prefix(Int.random(in: 0...others.count, using: &rng)))
                if !list.isEmpty { entries.append(.init(requested: key, substitutes: list)) }
            }
        }
        policy.substitutes = Substitutes(entries)
        let regionCount = Int.random(in: 2...5, using: &rng)
        let regions = (0..<regionCount).map { i in
            Region(code: RegionCode(Int32(370_101 + i)), name: "R\(i)", level: .county, parentCode: nil,
                   latitude: 36 + Double.random(in: 0...2.5, using: &rng).roundedTo4,
                   longitude: 116 + Double.random(in: 0...2.5, using: &rng).roundedTo4)
        }
        var offers = [Offer]()
        for i in 0..<Int.random(in: 2...6, using: &rng) {
            let kind: OfferKind = Bool.random(using: &rng) ? .stock : .capacity
            let from = Int.random(in: -1...2, using: &rng)
            let until: Int? = Int.random(in: 0...3, using: &rng) == 0 ? Int.random(in: -1...2, using: &rng) : nil
            offers.append(Offer(key: RecordKey(source: "o", kind: .offer, id: "O\(i)"), supplierID: PlannerFixture.code(100 + i),
                                supplierName: "S\(i)", region: regions.randomElement(using: &rng)!.code,
                                material: materials.randomElement(using: &rng)!,
                                quantity: Quantity(Int64.random(in: 1...25, using: &rng)), kind: kind,
                                availableFrom: planDate.adding(days: from), availableUntil: until.map { planDate.adding(days: $0) }))
        }
        let requests = randomRequests(Int.random(in: 2...8, using: &rng), regions: regions, rng: &rng, material: { materials.randomElement(using: &$0)! })
        var (overrides, overrideJSON) = randomOverrides(offers: offers, requests: requests, rng: &rng) { r, rng in
            Int.random(in: 0...3, using: &rng) == 0 ? materials.randomElement(using: &rng)! : r.material
        }
        // A pin from a substitute the request's list names (the test only picks the pair; the oracle judges it).
        let named = requests.flatMap { r in
            offers.filter { o in entries.contains { $0.requested == r.material && $0.substitutes.contains(o.material) } }.map { (r, $0) }
        }
        if !named.isEmpty && Bool.random(using: &rng) {
            let (r, o) = named.randomElement(using: &rng)!
            let q = Int64.random(in: 1...8, using: &rng)
            let at = Int.random(in: 0...overrides.count, using: &rng)
            overrides.insert(Override(action: .pin, offer: o.key, request: r.key, quantity: Quantity(q), line: 0), at: at)
            overrideJSON.insert(["action": "pin", "offer": o.key.description, "request": r.key.description, "quantity": q], at: at)
            for i in overrides.indices { overrides[i].line = i + 2 }
        }
        return instance(id: id, policy: policy, regions: regions, offers: offers, requests: requests,
                        overrides: overrides, overrideJSON: overrideJSON)
    }

    private static let meltblown = MaterialCode("MELTBLOWN"), resin = MaterialCode("PP-RESIN")
    /// Meltblown-grade polypropylene (熔喷专用料), what a meltblown line consumes: not in the built-in catalog.
    private static let resinMaterial = Material(code: resin, name: "熔喷专用料", canonicalUnit: .kilogram,
                                                kilogramsPerUnit: .one, aliases: [], units: [:], perWorkerDaily: ExactDecimal(significand: 0))

    /// SPEC 14: mask factories (conversion offers of MASK-MEDICAL or MASK-N95 from MELTBLOWN, 0.001–0.01 kg a mask,
    /// some with meltblown in stock, one to three offers of a supplier sharing its pool), their meltblown requests
    /// (enterprise = supplier) competing with other meltblown requests for one or two meltblown offers, and mask
    /// requests. Sometimes a chain (a meltblown factory makes MELTBLOWN from PP-RESIN it asks for), sometimes
    /// `[substitutes]` on the masks, earmarks on a line, and the usual random overrides.
    private func randomConversionInstance(id: Int, share: ShareMode, rng: inout SplitMix64) -> (PlanningInput, [String: Any]) {
        var policy = randomPolicy(share: share, rng: &rng)
        policy.horizonDays = Int.random(in: 2...5, using: &rng)
        let planDate = Self.planDate
        let (medical, surgical, n95) = (Self.masks[0], Self.masks[1], Self.masks[2])
        var maskMaterials = [medical, n95]
        switch Int.random(in: 0...3, using: &rng) {
        case 0:
            policy.substitutes = Substitutes([.init(requested: medical, substitutes: [surgical, n95]),
                                              .init(requested: surgical, substitutes: [n95])])
            maskMaterials.append(surgical)
        case 1:
            policy.substitutes = Substitutes([.init(requested: medical, substitutes: [n95])])
        default:
            break
        }
        let regions = (0..<Int.random(in: 2...4, using: &rng)).map { i in
            Region(code: RegionCode(Int32(370_101 + i)), name: "R\(i)", level: .county, parentCode: nil,
                   latitude: 36 + Double.random(in: 0...2.5, using: &rng).roundedTo4,
                   longitude: 116 + Double.random(in: 0...2.5, using: &rng).roundedTo4)
        }
        let horizon = policy.horizonDays
        var offers = [Offer](), requests = [Request](), perUnitText = [RecordKey: String]()
        func offer(_ id: String, supplier: Int, region: RegionCode, material: MaterialCode, quantity: Int64, kind: OfferKind,
                   conversion: ConversionInput? = nil, earmark: Earmark? = nil, rng: inout SplitMix64) {
            let from = Int.random(in: -1...2, using: &rng)
            let until: Int? = Int.random(in: 0...4, using: &rng) == 0 ? Int.random(in: -1...3, using: &rng) : nil
            let terms = conversion == nil && earmark == nil ? nil : OfferTerms(earmark: earmark, conversion: conversion)
            offers.append(Offer(key: RecordKey(source: "o", kind: .offer, id: id), supplierID: PlannerFixture.code(supplier),
                                supplierName: "S\(supplier)", region: region, material: material, quantity: Quantity(quantity),
                                kind: kind, availableFrom: planDate.adding(days: from),
                                availableUntil: until.map { planDate.adding(days: $0) }, terms: terms))
        }
        func request(_ enterprise: Int, region: RegionCode, material: MaterialCode, quantity: Int64, rng: inout SplitMix64) {
            let neededBy = Int.random(in: 0...2, using: &rng) == 0 ? nil : Int.random(in: -1...(horizon - 1), using: &rng)
            requests.append(Request(key: RecordKey(source: "r", kind: .request, id: "R\(requests.count)"),
                                    enterpriseID: PlannerFixture.code(enterprise), enterpriseName: "E\(enterprise)",
                                    region: region, material: material, quantity: Quantity(quantity),
                                    neededBy: neededBy.map { planDate.adding(days: $0) },
                                    category: Self.requestCategories.randomElement(using: &rng)!))
        }
        func conversion(_ id: String, supplier: Int, region: RegionCode, product: MaterialCode, input: MaterialCode,
                        perUnit: String, quantity: Int64, rng: inout SplitMix64) {
            let stock = Int.random(in: 0...2, using: &rng) == 0 ? Int64.random(in: 1...4, using: &rng) : 0
            let earmark = Int.random(in: 0...5, using: &rng) == 0 ? Earmark(categories: [.medical, .epidemicProducer]) : nil
            offer(id, supplier: supplier, region: region, material: product, quantity: quantity, kind: .conversion,
                  conversion: ConversionInput(material: input, perUnit: ExactDecimal(perUnit)!, stock: Quantity(stock)),
                  earmark: earmark, rng: &rng)
            perUnitText[offers[offers.count - 1].key] = perUnit
        }
        // Meltblown offers, kg.
        for i in 0..<Int.random(in: 1...2, using: &rng) {
            offer("B\(i)", supplier: 100 + i, region: regions.randomElement(using: &rng)!.code, material: Self.meltblown,
                  quantity: Int64.random(in: 1...20, using: &rng), kind: Bool.random(using: &rng) ? .stock : .capacity, rng: &rng)
        }
        // Mask factories (suppliers 10, 11, 12): one to three lines each, sharing the factory's meltblown.
        for f in 0..<Int.random(in: 1...3, using: &rng) {
            let region = regions.randomElement(using: &rng)!.code
            for l in 0..<[1, 1, 2, 3].randomElement(using: &rng)! {
                let n = Int.random(in: 10...100, using: &rng)   // 0.0010 … 0.0100 kg of meltblown a mask
                conversion("F\(f)L\(l)", supplier: 10 + f, region: region, product: [medical, n95].randomElement(using: &rng)!,
                           input: Self.meltblown, perUnit: n == 100 ? "0.01" : "0.00\(n)",
                           quantity: Int64.random(in: 100...3_000, using: &rng), rng: &rng)
            }
            for _ in 0..<Int.random(in: 0...2, using: &rng) {
                request(10 + f, region: region, material: Self.meltblown, quantity: Int64.random(in: 1...15, using: &rng), rng: &rng)
            }
        }
        // Half the time a chain: a meltblown factory (supplier 20) makes meltblown from resin it asks for.
        if Bool.random(using: &rng) {
            let region = regions.randomElement(using: &rng)!.code
            for l in 0..<Int.random(in: 1...2, using: &rng) {
                let k = Int.random(in: 5...50, using: &rng)   // 1.05 … 1.50 kg of resin a kg of meltblown
                conversion("M\(l)", supplier: 20, region: region, product: Self.meltblown, input: Self.resin,
                           perUnit: "1." + (k < 10 ? "0" : "") + String(k), quantity: Int64.random(in: 1...10, using: &rng), rng: &rng)
            }
            for i in 0..<Int.random(in: 1...2, using: &rng) {
                offer("P\(i)", supplier: 110 + i, region: regions.randomElement(using: &rng)!.code, material: Self.resin,
                      quantity: Int64.random(in: 2...25, using: &rng), kind: Bool.random(using: &rng) ? .stock : .capacity, rng: &rng)
            }
            for _ in 0..<Int.random(in: 1...2, using: &rng) {
                request(20, region: region, material: Self.resin, quantity: Int64.random(in: 2...20, using: &rng), rng: &rng)
            }
            if Bool.random(using: &rng) {
                request(Int.random(in: 1...3, using: &rng), region: regions.randomElement(using: &rng)!.code, material: Self.resin,
                        quantity: Int64.random(in: 1...10, using: &rng), rng: &rng)
            }
        }
        // Meltblown for others, and masks for hospitals and enterprises (now and then from stock or capacity too).
        for _ in 0..<Int.random(in: 0...3, using: &rng) {
            request(Int.random(in: 1...3, using: &rng), region: regions.randomElement(using: &rng)!.code, material: Self.meltblown,
                    quantity: Int64.random(in: 1...12, using: &rng), rng: &rng)
        }
        if Int.random(in: 0...3, using: &rng) == 0 {
            offer("K0", supplier: 120, region: regions.randomElement(using: &rng)!.code, material: maskMaterials.randomElement(using: &rng)!,
                  quantity: Int64.random(in: 100...2_000, using: &rng), kind: Bool.random(using: &rng) ? .stock : .capacity, rng: &rng)
        }
        for _ in 0..<Int.random(in: 2...6, using: &rng) {
            request(Int.random(in: 1...3, using: &rng), region: regions.randomElement(using: &rng)!.code,
                    material: maskMaterials.randomElement(using: &rng)!, quantity: Int64.random(in: 100...8_000, using: &rng), rng: &rng)
        }
        let (overrides, overrideJSON) = randomOverrides(offers: offers, requests: requests, rng: &rng) { r, _ in r.material }
        return instance(id: id, policy: policy, regions: regions, offers: offers, requests: requests,
                        overrides: overrides, overrideJSON: overrideJSON, perUnitText: perUnitText)
    }

    /// `capMaterial` gives the material of a cap on the enterprise of a request.
    private func randomOverrides(offers: [Offer], requests: [Request], rng: inout SplitMix64,
                                 capMaterial: (Request, inout SplitMix64) -> MaterialCode) -> ([Override], [[String: Any]]) {
        var overrides = [Override]()
        var overrideJSON = [[String: Any]]()
        for _ in 0..<Int.random(in: 0...4, using: &rng) {
            let o = offers.randomElement(using: &rng)!, r = requests.randomElement(using: &rng)!
            let line = overrides.count + 2
            switch Int.random(in: 0...5, using: &rng) {
            case 0, 1:
                let q = Int64.random(in: 1...8, using: &rng)
                overrides.append(Override(action: .pin, offer: o.key, request: r.key, quantity: Quantity(q), line: line))
                overrideJSON.append(["action": "pin", "offer": o.key.description, "request": r.key.description, "quantity": q])
            case 2:
                overrides.append(Override(action: .forbid, offer: o.key, request: r.key, line: line))
                overrideJSON.append(["action": "forbid", "offer": o.key.description, "request": r.key.description])
            case 3:
                if Bool.random(using: &rng) {
                    overrides.append(Override(action: .exclude, offer: o.key, line: line))
                    overrideJSON.append(["action": "exclude", "offer": o.key.description])
                } else {
                    overrides.append(Override(action: .exclude, request: r.key, line: line))
                    overrideJSON.append(["action": "exclude", "request": r.key.description])
                }
            default:
                let q = Int64.random(in: 0...20, using: &rng)
                let material = capMaterial(r, &rng)
                overrides.append(Override(action: .cap, enterpriseID: r.enterpriseID, material: material, quantity: Quantity(q), line: line))
                overrideJSON.append(["action": "cap", "enterprise": r.enterpriseID.description, "material": material.rawValue,
                                     "quantity": q])
            }
        }
        return (overrides, overrideJSON)
    }

    /// `perUnitText`: the text each conversion offer's `input_per_unit` was read from, for the oracle's exact decimals.
    private func instance(id: Int, policy: Policy, regions: [Region], offers: [Offer], requests: [Request],
                          overrides: [Override], overrideJSON: [[String: Any]],
                          perUnitText: [RecordKey: String] = [:]) -> (PlanningInput, [String: Any]) {
        let planDate = Self.planDate
        let input = PlanningInput(planDate: planDate, policy: policy, regions: RegionTable(regions: regions),
                                  catalog: MaterialCatalog(materials: MaterialCatalog.builtInMaterials + [Self.resinMaterial],
                                                           normalize: { $0.lowercased() }),
                                  offers: offers, requests: requests, overrides: overrides)
        let json: [String: Any] = [
            "id": id, "horizon": policy.horizonDays, "road_factor": policy.roadFactor, "speed": policy.speedKmPerDay,
            "max_distance": policy.maxDistanceKm, "share": policy.share.rawValue,
            "regions": Dictionary(uniqueKeysWithValues: regions.map { ($0.code.description, [$0.latitude, $0.longitude]) }),
            "parents": Dictionary(uniqueKeysWithValues: regions.map { ($0.code.description, $0.parentCode?.description ?? NSNull() as Any) }),
            "substitutes": Dictionary(uniqueKeysWithValues: policy.substitutes.entries.map {
                ($0.requested.rawValue, $0.substitutes.map(\.rawValue))
            }),
            "offers": offers.map { o -> [String: Any] in
                ["key": o.key.description, "region": o.region.description, "qty": o.quantity.units, "kind": o.kind.rawValue,
                 "material": o.material.rawValue, "supplier": o.supplierID.description,
                 "input": o.conversion.map { c -> [String: Any] in
                     ["material": c.material.rawValue, "per_unit": perUnitText[o.key] ?? "", "stock": c.stock.units]
                 } ?? NSNull() as Any,
                 "from": o.availableFrom.map { planDate.days(to: $0) } as Any, "until": o.availableUntil.map { planDate.days(to: $0) } as Any,
                 "for_enterprise": o.earmark?.enterprise?.description ?? NSNull() as Any,
                 "for_categories": o.earmark?.categories.map(\.rawValue) ?? [],
                 "for_regions": o.earmark?.regions.map(\.description) ?? []]
            },
            "requests": requests.map { r -> [String: Any] in
                ["key": r.key.description, "region": r.region.description, "qty": r.quantity.units,
                 "material": r.material.rawValue, "tier": policy.tier(of: r.category), "enterprise": r.enterpriseID.description, "category": r.category.rawValue,
                 "needed_by": r.neededBy.map { planDate.days(to: $0) } as Any]
            },
            "overrides": overrideJSON,
        ]
        return (input, json)
    }

    private func resultJSON(_ plan: Plan, input: PlanningInput) -> [String: Any] {
        let rejected = Set(plan.overrideRejects.map(\.line))
        let applied = input.overrides.enumerated().filter { $1.action == .pin && !rejected.contains($1.line) }.map(\.offset)
        return [
            "delivered": Dictionary(uniqueKeysWithValues: plan.outcomes.map { ($0.request.description, $0.delivered.units) }),
            "lines": plan.lines.map { l -> [String: Any] in
                ["offer": l.offer.description, "day": input.planDate.days(to: l.lotDay), "request": l.request.description,
                 "arrive_by": input.planDate.days(to: l.arriveBy),
                 "qty": l.quantity.units, "decikm": l.roadDecikm, "material": l.material.rawValue,
                 "requested_material": l.requestedMaterial.rawValue]
            },
            "applied_pins": applied,
            "conversions": plan.conversions.map { c -> [String: Any] in
                ["offer": c.offer.description, "input_material": c.inputMaterial.rawValue, "input_received": c.inputReceived,
                 "input_used": c.inputUsed.description,
                 "lots": c.lots.map { [input.planDate.days(to: $0.day), $0.quantity.units] }]
            },
            "rejected_overrides": input.overrides.enumerated().filter { rejected.contains($1.line) }.map(\.offset),
            "rejected_codes": Dictionary(plan.overrideRejects.compactMap { reject in
                input.overrides.firstIndex { $0.line == reject.line }.map { (String($0), reject.code.rawValue) }
            }, uniquingKeysWith: { first, _ in first }),
        ]
    }

    /// Runs the oracle on `instances` in `processes` interleaved shares at once (one per core is enough: each
    /// process solves its instances one by one), and returns every result.
    private func runOracle(_ instances: [[String: Any]], processes: Int = 2) throws -> [[String: Any]] {
        let oracle = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Oracle/plan_oracle.py")
        var running = [(process: Process, out: Pipe, err: Pipe, input: URL)]()
        defer {
            if ProcessInfo.processInfo.environment["ALLOT_KEEP_ORACLE_INPUT"] == nil {
                for r in running { try? FileManager.default.removeItem(at: r.input) }
            }
        }
        for share in 0..<processes {
            let input = FileManager.default.temporaryDirectory.appendingPathComponent("allot-oracle-\(getpid())-\(share).json")
            let mine = instances.enumerated().filter { $0.offset % processes == share }.map(\.element)
            try JSONSerialization.data(withJSONObject: ["instances": mine]).write(to: input)
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments = ["python3", oracle.path, input.path]
            let out = Pipe(), err = Pipe()
            process.standardOutput = out
            process.standardError = err
            try process.run()
            running.append((process, out, err, input))
        }
        var results = [[String: Any]]()
        for r in running {
            let data = r.out.fileHandleForReading.readDataToEndOfFile()
            let errors = r.err.fileHandleForReading.readDataToEndOfFile()
            r.process.waitUntilExit()
            guard r.process.terminationStatus == 0 else {
                struct OracleFailed: Error, CustomStringConvertible { var description: String }
                throw OracleFailed(description: "the LP oracle failed (make test installs highspy): "
                    + String(decoding: errors, as: UTF8.self))
            }
            let object = try JSONSerialization.jsonObject(with: data) as! [String: Any]
            results += object["results"] as! [[String: Any]]
        }
        return results
    }
}

private extension Double {
    var roundedTo4: Double { (self * 10_000).rounded() / 10_000 }
}

