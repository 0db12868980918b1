import AllotCore
import Foundation

/// Turns one night's records into a plan (SPEC 5, 7, 8): lots, reach,
/// overrides, then per material the lexicographic objective — tier totals,
/// fair shares within tiers, least transport — solved as network flows.
public enum Planner {
    /// - Parameter threads: how many materials are solved at once (each on a thread of its own).
    public static func plan(_ input: PlanningInput, threads: Int = ProcessInfo.processInfo.activeProcessorCount) -> Plan {
        profiledPlan(input, threads: threads).plan
    }

    /// The plan, and where the planning went per material.
    public static func profiledPlan(_ input: PlanningInput, threads: Int = ProcessInfo.processInfo.activeProcessorCount)
        -> (plan: Plan, profile: PlanningProfile) {
        var clock = StageClock()
        var plan = Plan(planDate: input.planDate)
        var overrides = OverrideSet(input: input)

        // Requests and offers taking part, after excludes.
        // In key order: every later order breaks its ties by index on that account (`MaterialProblem`).
        let offers = inKeyOrder(input.offers, key: \.key, excluding: overrides.excludedOffers)
        let requests = inKeyOrder(input.requests, key: \.key, excluding: overrides.excludedRequests)
        plan.leftOut[.excluded] = (overrides.excludedOffers.union(overrides.excludedRequests)).sorted()

        var lotsByMaterial = [MaterialCode: [MaterialProblem.LotEntry]]()
        var outside = [RecordKey]()
        for offer in offers {
            let lots = LotBuilder.lots(of: offer, planDate: input.planDate, lastDay: input.lastDay)
            if lots.isEmpty { outside.append(offer.key); continue }
            lotsByMaterial[offer.material, default: []] += lots.map {
                MaterialProblem.LotEntry(lot: $0, region: offer.region, residual: $0.quantity.units)
            }
        }
        plan.leftOut[.outsideHorizon] = outside

        var requestsByMaterial = [MaterialCode: [MaterialProblem.RequestEntry]]()
        for request in requests {
            let overdue = request.neededBy.map { $0 < input.planDate } ?? false
            let deadline = (overdue ? nil : request.neededBy) ?? input.lastDay
            requestsByMaterial[request.material, default: []].append(MaterialProblem.RequestEntry(
                request: request, tier: input.policy.tier(of: request.category), deadline: deadline, overdue: overdue))
        }

        let materials = Set(lotsByMaterial.keys).union(requestsByMaterial.keys).sorted()
        let lotRegions = Set(lotsByMaterial.values.lazy.flatMap { $0.map(\.region) })
        let pairs = RegionPairs(policy: input.policy, regions: input.regions, origins: lotRegions,
                                destinations: Set(requests.map(\.region)), threads: threads)
        let offersByKey = Dictionary(uniqueKeysWithValues: offers.map { ($0.key, $0) })
        var problems = [MaterialProblem]()
        for code in materials {
            guard let material = input.catalog[code] else { continue }
            var problem = MaterialProblem(
                material: material, policy: input.policy, regions: input.regions,
                lots: lotsByMaterial[code] ?? [], requests: requestsByMaterial[code] ?? [],
                forbidden: overrides.forbidden, caps: overrides.caps(for: code))
            plan.offeredByMaterial[code] = Quantity(problem.lots.reduce(0) { $0 + $1.residual })
            overrides.applyPins(to: &problem, offers: offersByKey)
            problems.append(problem)
        }
        var profile = PlanningProfile()
        profile.preparationSeconds = clock.lap()
        // Materials are independent: solved on every core, the largest first, and gathered in material order.
        let solutions = ParallelJobs.run(problems.count, threads: threads,
                                         largestFirst: problems.map { $0.lots.count + $0.requests.count }) {
            MaterialSolver.solve(problems[$0], pairs: pairs)
        }
        _ = clock.lap()
        for solution in solutions {
            plan.lines += solution.lines
            plan.outcomes += solution.outcomes
            profile.materials.append(solution.profile)
        }
        plan.overrideRejects = overrides.rejects
        plan.lines.sort { ($0.material, $0.request, $0.offer, $0.lotDay) < ($1.material, $1.request, $1.offer, $1.lotDay) }
        plan.outcomes.sort { $0.request < $1.request }
        profile.gatheringSeconds = clock.lap()
        return (plan, profile)
    }
}

/// `records` but the `excluded` ones, sorted by `key`. Keys are sorted by index, so that each record
/// moves once; sources and kinds are few, and ranked once they leave only the ids to compare as text.
private func inKeyOrder<Record>(_ records: [Record], key: (Record) -> RecordKey, excluding excluded: Set<RecordKey>)
    -> [Record] {
    let excludedIDs = Set(excluded.map(\.id))
    var keys = [RecordKey](), kept = [Int]()
    keys.reserveCapacity(records.count)
    kept.reserveCapacity(records.count)
    for (i, record) in records.enumerated() {
        let k = key(record)
        if excludedIDs.contains(k.id) && excluded.contains(k) { continue }
        keys.append(k)
        kept.append(i)
    }
    let sources = Dictionary(uniqueKeysWithValues: Set(keys.lazy.map(\.source)).sorted().enumerated().map { ($1, $0) })
    let group = keys.map { sources[$0.source]! << 1 | ($0.kind < .request ? 0 : 1) }
    let ids = keys.map(\.id)
    let order = group.withUnsafeBufferPointer { group in
        ids.withUnsafeBufferPointer { ids in
            group.indices.sorted { group[$0] != group[$1] ? group[$0] < group[$1] : ids[$0] < ids[$1] }
        }
    }
    return order.map { records[kept[$0]] }
}

private func < (lhs: (MaterialCode, RecordKey, RecordKey, CalendarDate), rhs: (MaterialCode, RecordKey, RecordKey, CalendarDate)) -> Bool {
    if lhs.0 != rhs.0 { return lhs.0 < rhs.0 }
    if lhs.1 != rhs.1 { return lhs.1 < rhs.1 }
    if lhs.2 != rhs.2 { return lhs.2 < rhs.2 }
    return lhs.3 < rhs.3
}
