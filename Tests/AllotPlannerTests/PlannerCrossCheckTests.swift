import AllotCore
import Foundation
import XCTest
@testable import AllotPlanner

/// Cross-checks the planner against an independent LP oracle (HiGHS through
/// `Tests/Oracle/plan_oracle.py`) on seeded random instances: tier totals,
/// fair values within one unit, least transport, feasibility of every line.
final class PlannerCrossCheckTests: XCTestCase {
    static let instanceCount = 200
    /// The oracle's LPs hold earlier results within 1e-6 per constraint, so its
    /// optima may sit a hair below the integral ones; allot's values are whole
    /// numbers (transport in units × decikm), so anything under half a unit is agreement.
    static let lpSlack = 0.4

    func test_plan_agreesWithLPOracle_onSeededRandomInstances() throws {
        var rng = SplitMix64(seed: 20_200_211)
        var instances = [[String: Any]]()
        var plans = [Int: (PlanningInput, Plan)]()
        for id in 0..<(2 * Self.instanceCount) {
            let (input, json) = randomInstance(id: id, share: id % 2 == 0 ? .maxmin : .none, rng: &rng)
            let plan = try Planner.plan(input)
            plans[id] = (input, plan)
            var instance = json
            instance["result"] = resultJSON(plan, input: input)
            instances.append(instance)
        }
        let results = try runOracle(["instances": instances])
        var checked = 0
        for result in results {
            let id = result["id"] as! Int
            let (input, plan) = plans[id]!
            let label = "instance \(id) (share \(input.policy.share.rawValue))"
            for problem in result["problems"] as! [String] { XCTFail("\(label): \(problem)") }
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
        XCTAssertEqual(checked, 2 * Self.instanceCount)
    }

    // MARK: - Instances

    private func randomInstance(id: Int, share: ShareMode, rng: inout SplitMix64) -> (PlanningInput, [String: Any]) {
        var policy = Policy()
        policy.share = share
        policy.horizonDays = Int.random(in: 1...3, using: &rng)
        policy.speedKmPerDay = [120, 250, 400].randomElement(using: &rng)!
        policy.maxDistanceKm = [0, 200, 800].randomElement(using: &rng)!
        policy.tiers = [.medical: 1, .keyEnterprise: 2, .sme: 3, .epidemicProducer: 1, .aboveScale: 2]
        let planDate = CalendarDate(year: 2020, month: 2, day: 11)!
        let regionCount = Int.random(in: 2...5, using: &rng)
        let regions = (0..<regionCount).map { i in
            Region(code: RegionCode(Int32(370_101 + i)), name: "R\(i)", level: .county, parentCode: nil,
                   latitude: 36 + Double.random(in: 0...2.5, using: &rng).roundedTo4,
                   longitude: 116 + Double.random(in: 0...2.5, using: &rng).roundedTo4)
        }
        let material = MaterialCode("SUIT")
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
        let categories: [Category] = [.medical, .keyEnterprise, .sme, .epidemicProducer]
        for i in 0..<Int.random(in: 1...7, using: &rng) {
            let neededBy: Int? = [nil, -1, 0, 1, 2].randomElement(using: &rng)!
            requests.append(Request(key: RecordKey(source: "r", kind: .request, id: "R\(i)"),
                                    enterpriseID: PlannerFixture.code(Int.random(in: 1...3, using: &rng)), enterpriseName: "E",
                                    region: regions.randomElement(using: &rng)!.code, material: material,
                                    quantity: Quantity(Int64.random(in: 1...30, using: &rng)),
                                    neededBy: neededBy.map { planDate.adding(days: $0) },
                                    category: categories.randomElement(using: &rng)!))
        }
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
        let input = PlanningInput(planDate: planDate, policy: policy, regions: RegionTable(regions: regions),
                                  catalog: MaterialCatalog(materials: MaterialCatalog.builtInMaterials, normalize: { $0.lowercased() }),
                                  offers: offers, requests: requests, overrides: overrides)
        let json: [String: Any] = [
            "id": id, "horizon": policy.horizonDays, "road_factor": policy.roadFactor, "speed": policy.speedKmPerDay,
            "max_distance": policy.maxDistanceKm, "share": share.rawValue,
            "regions": Dictionary(uniqueKeysWithValues: regions.map { ($0.code.description, [$0.latitude, $0.longitude]) }),
            "offers": offers.map { o -> [String: Any] in
                ["key": o.key.description, "region": o.region.description, "qty": o.quantity.units, "kind": o.kind.rawValue,
                 "from": o.availableFrom.map { planDate.days(to: $0) } as Any, "until": o.availableUntil.map { planDate.days(to: $0) } as Any]
            },
            "requests": requests.map { r -> [String: Any] in
                ["key": r.key.description, "region": r.region.description, "qty": r.quantity.units,
                 "tier": policy.tier(of: r.category), "enterprise": r.enterpriseID.description,
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

