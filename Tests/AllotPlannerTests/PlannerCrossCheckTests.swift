import AllotCore
import Foundation
import XCTest
@testable import AllotPlanner

/// Cross-checks the planner against an independent LP oracle (HiGHS through
/// `Tests/Oracle/plan_oracle.py`) on seeded random instances: tier totals,
/// fair values within one unit, least transport, feasibility of every line,
/// earmarks (SPEC 12) on lines and pins, and the reach reasons of short requests.
final class PlannerCrossCheckTests: XCTestCase {
    /// Instances per share mode without earmarks; half as many again carry earmarks (a third of all).
    static let instanceCount = 200
    static var totalCount: Int { 3 * instanceCount }
    /// The oracle's LPs hold earlier results within 1e-6 per constraint, so its
    /// optima may sit a hair below the integral ones; allot's values are whole
    /// numbers (transport in units × decikm), so anything under half a unit is agreement.
    static let lpSlack = 0.4

    func test_plan_agreesWithLPOracle_onSeededRandomInstances() throws {
        var rng = SplitMix64(seed: 20_200_211)
        // Earmarked instances draw from a stream of their own, so the open ones stay what they were.
        var earmarkRNG = SplitMix64(seed: 20_200_212)
        var instances = [[String: Any]]()
        var plans = [Int: (PlanningInput, Plan)]()
        for id in 0..<Self.totalCount {
            let share: ShareMode = id % 2 == 0 ? .maxmin : .none
            let (input, json) = id < 2 * Self.instanceCount
                ? randomInstance(id: id, share: share, rng: &rng)
                : randomEarmarkedInstance(id: id, share: share, rng: &earmarkRNG)
            let plan = try Planner.plan(input)
            plans[id] = (input, plan)
            var instance = json
            instance["result"] = resultJSON(plan, input: input)
            instances.append(instance)
        }
        let results = try runOracle(["instances": instances])
        var checked = 0
        var stats = [String: Int]()
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
    }

    // MARK: - Instances

    private static let planDate = CalendarDate(year: 2020, month: 2, day: 11)!
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
        var requests = [Request]()
        for i in 0..<Int.random(in: 1...7, using: &rng) {
            let neededBy: Int? = [nil, -1, 0, 1, 2].randomElement(using: &rng)!
            requests.append(Request(key: RecordKey(source: "r", kind: .request, id: "R\(i)"),
                                    enterpriseID: PlannerFixture.code(Int.random(in: 1...3, using: &rng)), enterpriseName: "E",
                                    region: regions.randomElement(using: &rng)!.code, material: material,
                                    quantity: Quantity(Int64.random(in: 1...30, using: &rng)),
                                    neededBy: neededBy.map { planDate.adding(days: $0) },
                                    category: Self.requestCategories.randomElement(using: &rng)!))
        }
        let (overrides, overrideJSON) = randomOverrides(offers: offers, requests: requests, rng: &rng)
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
        var requests = [Request]()
        for i in 0..<Int.random(in: 2...8, using: &rng) {
            let neededBy: Int? = [nil, -1, 0, 1, 2].randomElement(using: &rng)!
            requests.append(Request(key: RecordKey(source: "r", kind: .request, id: "R\(i)"),
                                    enterpriseID: PlannerFixture.code(Int.random(in: 1...3, using: &rng)), enterpriseName: "E",
                                    region: regions.randomElement(using: &rng)!.code, material: material,
                                    quantity: Quantity(Int64.random(in: 1...30, using: &rng)),
                                    neededBy: neededBy.map { planDate.adding(days: $0) },
                                    category: Self.requestCategories.randomElement(using: &rng)!))
        }
        var (overrides, overrideJSON) = randomOverrides(offers: offers, requests: requests, rng: &rng)
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

    private func randomOverrides(offers: [Offer], requests: [Request],
                                 rng: inout SplitMix64) -> ([Override], [[String: Any]]) {
        let material = Self.material
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
                overrides.append(Override(action: .cap, enterpriseID: r.enterpriseID, material: material, quantity: Quantity(q), line: line))
                overrideJSON.append(["action": "cap", "enterprise": r.enterpriseID.description, "quantity": q])
            }
        }
        return (overrides, overrideJSON)
    }

    private func instance(id: Int, policy: Policy, regions: [Region], offers: [Offer], requests: [Request],
                          overrides: [Override], overrideJSON: [[String: Any]]) -> (PlanningInput, [String: Any]) {
        let planDate = Self.planDate
        let input = PlanningInput(planDate: planDate, policy: policy, regions: RegionTable(regions: regions),
                                  catalog: MaterialCatalog(materials: MaterialCatalog.builtInMaterials, normalize: { $0.lowercased() }),
                                  offers: offers, requests: requests, overrides: overrides)
        let json: [String: Any] = [
            "id": id, "horizon": policy.horizonDays, "road_factor": policy.roadFactor, "speed": policy.speedKmPerDay,
            "max_distance": policy.maxDistanceKm, "share": policy.share.rawValue,
            "regions": Dictionary(uniqueKeysWithValues: regions.map { ($0.code.description, [$0.latitude, $0.longitude]) }),
            "parents": Dictionary(uniqueKeysWithValues: regions.map { ($0.code.description, $0.parentCode?.description ?? NSNull() as Any) }),
            "offers": offers.map { o -> [String: Any] in
                ["key": o.key.description, "region": o.region.description, "qty": o.quantity.units, "kind": o.kind.rawValue,
                 "from": o.availableFrom.map { planDate.days(to: $0) } as Any, "until": o.availableUntil.map { planDate.days(to: $0) } as Any,
                 "for_enterprise": o.earmark?.enterprise?.description ?? NSNull() as Any,
                 "for_categories": o.earmark?.categories.map(\.rawValue) ?? [],
                 "for_regions": o.earmark?.regions.map(\.description) ?? []]
            },
            "requests": requests.map { r -> [String: Any] in
                ["key": r.key.description, "region": r.region.description, "qty": r.quantity.units,
                 "tier": policy.tier(of: r.category), "enterprise": r.enterpriseID.description, "category": r.category.rawValue,
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
                 "qty": l.quantity.units, "decikm": l.roadDecikm]
            },
            "applied_pins": applied,
            "rejected_overrides": input.overrides.enumerated().filter { rejected.contains($1.line) }.map(\.offset),
        ]
    }

    private func runOracle(_ payload: [String: Any]) throws -> [[String: Any]] {
        let oracle = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Oracle/plan_oracle.py")
        let input = FileManager.default.temporaryDirectory.appendingPathComponent("allot-oracle-\(getpid()).json")
        try JSONSerialization.data(withJSONObject: payload).write(to: input)
        defer { if ProcessInfo.processInfo.environment["ALLOT_KEEP_ORACLE_INPUT"] == nil { try? FileManager.default.removeItem(at: input) } }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", oracle.path, input.path]
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        let errors = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            struct OracleFailed: Error, CustomStringConvertible { var description: String }
            throw OracleFailed(description: "the LP oracle failed (make test installs highspy): "
                + String(decoding: errors, as: UTF8.self))
        }
        let object = try JSONSerialization.jsonObject(with: data) as! [String: Any]
        return object["results"] as! [[String: Any]]
    }
}

private extension Double {
    var roundedTo4: Double { (self * 10_000).rounded() / 10_000 }
}

