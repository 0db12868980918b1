import AllotCore
import Foundation

/// Turns one night's records into a plan (SPEC 5, 7, 8): lots, reach,
/// overrides, then per material, or per group of materials `[substitutes]`
/// links (SPEC 13), the lexicographic objective — tier totals, fair shares
/// within tiers, least substitution, least transport — solved as network flows.
public enum Planner {
    /// The most one material's lots within the horizon, or its planned
    /// requests, may add up to in a night: 2^53 canonical units, about
    /// 9 × 10^15, which 9,008 records at `Quantity.maximum` pass. Below it
    /// every sum over a material's lots or requests fits 64 bits, every flow
    /// of its network (at most lots plus requests, 2^54) stays far below
    /// `FlowNetwork.unbounded` (about 2^61), and every whole number of units
    /// up to it is a `Double` exactly, as the fair share computes. A night
    /// past it is refused (`PlanningError.materialTooLarge`), not planned
    /// with figures that could wrap or lose units.
    public static let materialLimit: Int64 = 1 << 53

    /// - Parameter threads: how many materials are solved at once (each on a thread of its own).
    /// - Parameter cancellation: looked at before the materials are solved and after; once a stop is asked
    ///   for, no further material starts.
    /// - Throws: `PlanningError.materialTooLarge` when a material passes `materialLimit`; `RunInterrupted`.
    public static func plan(_ input: PlanningInput, threads: Int = ProcessInfo.processInfo.activeProcessorCount,
                            cancellation: RunCancellation = RunCancellation()) throws -> Plan {
        try profiledPlan(input, threads: threads, cancellation: cancellation).plan
    }

    /// The plan, and where the planning went per material.
    /// - Throws: `PlanningError.materialTooLarge` when a material passes `materialLimit`; `RunInterrupted`.
    public static func profiledPlan(_ input: PlanningInput, threads: Int = ProcessInfo.processInfo.activeProcessorCount,
                                    cancellation: RunCancellation = RunCancellation())
        throws -> (plan: Plan, profile: PlanningProfile) {
        var clock = StageClock()
        var plan = Plan(planDate: input.planDate, offers: input.offers, requests: input.requests)
        let overrides = OverrideSet(input: input)

        // Offers taking part, after excludes, as indices into the input.
        // In key order: every later order breaks its ties by index on that account (`MaterialProblem`).
        let excludedOffers = Exclusions(overrides.excludedOffers)
        let offerIndices = input.offers.indices.filter { !excludedOffers.contains(input.offers[$0].key) }
        let offerOrder = keyOrder(offerIndices.map { input.offers[$0].key }).map { offerIndices[$0] }
        plan.leftOut[.excluded] = (overrides.excludedOffers.union(overrides.excludedRequests)).sorted()

        var lotsByMaterial = [MaterialCode: [MaterialProblem.LotEntry]]()
        var outside = [RecordKey]()
        // Conversion offers (SPEC 14) by pool, their lots made once the plan of their input is known. One
        // that would close a cycle takes no part (ingest rejects it as `conversion_cycle` first).
        let cyclic = Set(ConversionOrder.cycles(offerOrder.map { input.offers[$0] }, substitutes: input.policy.substitutes)
            .map(\.offer))
        var pools = [ProductionPool]()
        var poolIndex = [ProductionPool.Key: Int]()
        for index in offerOrder {
            let offer = input.offers[index]
            if offer.kind == .conversion, let conversion = offer.conversion, !cyclic.contains(offer.key),
               input.catalog[conversion.material] != nil {
                let days = LotBuilder.days(of: offer, planDate: input.planDate, lastDay: input.lastDay)
                if days.isEmpty { outside.append(offer.key); continue }
                let key = ProductionPool.Key(supplier: offer.supplierID, input: conversion.material)
                if poolIndex[key] == nil { poolIndex[key] = pools.count; pools.append(ProductionPool(key: key)) }
                pools[poolIndex[key]!].offers.append((index, days))
                continue
            }
            let lots = LotBuilder.lots(of: offer, planDate: input.planDate, lastDay: input.lastDay)
            if lots.isEmpty { outside.append(offer.key); continue }
            if offer.earmark != nil && input.catalog[offer.material] != nil {
                // Within `materialLimit` once `checkedTotals` below lets the night through.
                let held = lots.reduce(Int128(0)) { $0 + Int128($1.quantity.units) }
                plan.earmarkedOfferedByOffer[offer.key] = Quantity(Int64(clamping: held))
            }
            lotsByMaterial[offer.material, default: []] += lots.map {
                MaterialProblem.LotEntry(lot: $0, material: offer.material, region: offer.region, offerIndex: Int32(index),
                                         residual: $0.quantity.units, earmark: offer.earmark)
            }
        }
        plan.leftOut[.outsideHorizon] = outside

        // Requests taking part, by material as indices in input order: each material copies its own and puts
        // them in key order on its own thread.
        let excludedRequests = Exclusions(overrides.excludedRequests)
        var requestIndices = [MaterialCode: [Int]]()
        var requestRegions = Set<RegionCode>()
        for i in input.requests.indices where !excludedRequests.contains(input.requests[i].key) {
            requestIndices[input.requests[i].material, default: []].append(i)
            requestRegions.insert(input.requests[i].region)
        }

        let products = Set(pools.flatMap { $0.offers.map { input.offers[$0.index].material } })
        let materials = Set(lotsByMaterial.keys).union(requestIndices.keys).union(products).sorted()
            .filter { input.catalog[$0] != nil }
        // A product's production lots come later: its totals are checked again once they are made.
        for (code, offered) in zip(materials, try checkedTotals(materials, lots: lotsByMaterial, requests: requestIndices,
                                                                input: input)) {
            plan.offeredByMaterial[code] = offered
        }
        let lotRegions = Set(lotsByMaterial.values.lazy.flatMap { $0.map(\.region) })
            .union(pools.flatMap { $0.offers.map { input.offers[$0.index].region } })
        let pairs = RegionPairs(policy: input.policy, regions: input.regions, origins: lotRegions,
                                destinations: requestRegions, threads: threads)
        let offersByKey = Dictionary(uniqueKeysWithValues: offerOrder.map { (input.offers[$0].key, input.offers[$0]) })
        var profile = PlanningProfile()
        profile.preparationSeconds = clock.lap()
        // Groups of materials are independent but for conversion: each built and solved on its own thread,
        // the largest first, a product's group once the groups of its inputs are solved (SPEC 14), and
        // gathered in waves of such groups, each in material order. Without `[substitutes]` every material
        // is a group of its own, and without conversion offers there is one wave.
        // A stop asked for meanwhile starts no further group; the solves under way finish.
        let groups = input.policy.substitutes.groups(of: materials)
        var offerRank = [Int32: Int]()
        if groups.contains(where: { $0.count > 1 }) || !pools.isEmpty {
            for (rank, index) in offerOrder.enumerated() { offerRank[Int32(index)] = rank }
        }
        var inputs = [MaterialCode: Set<MaterialCode>]()
        for pool in pools { for o in pool.offers { inputs[input.offers[o.index].material, default: []].insert(pool.key.input) } }
        try cancellation.checkpoint(.planning)
        let productions = Productions(pools: pools, groups: groups)
        let solved = ParallelJobs.run(groups.count, threads: threads, largestFirst: groups.map { group in
            group.reduce(0) { $0 + (lotsByMaterial[$1]?.count ?? 0) + (requestIndices[$1]?.count ?? 0) }
        }, after: ConversionOrder.prerequisites(groups, inputs: inputs)) { g -> GroupOutcome? in
            if cancellation.isStopped { return nil }
            // The production lots of the group's products, from the input the plan delivers (their groups
            // are solved), back in (offer key, day) order.
            guard let made = productions.lots(of: groups[g], input: input) else {
                productions.record(g, lines: nil)
                return nil
            }
            var lotsOf = [MaterialCode: [MaterialProblem.LotEntry]]()
            for code in groups[g] { lotsOf[code] = lotsByMaterial[code] }
            for entry in made { lotsOf[entry.material, default: []].append(entry) }
            let productCodes = Set(made.map(\.material)).sorted()
            for code in productCodes {
                lotsOf[code]!.sort { a, b in
                    a.offerIndex != b.offerIndex ? offerRank[a.offerIndex]! < offerRank[b.offerIndex]! : a.lot.day < b.lot.day
                }
            }
            let offered: [Quantity]
            do throws(PlanningError) {
                offered = try checkedTotals(productCodes, lots: lotsOf, requests: requestIndices, input: input)
            } catch {
                productions.record(g, lines: nil)
                return .tooLarge(error)
            }
            let result = solveGroup(groups[g], lotsOf: lotsOf, requestsOf: requestIndices, offerRank: offerRank,
                                    overrides: overrides, offersByKey: offersByKey, pairs: pairs, input: input)
            productions.record(g, lines: result.solution.lines)
            return .solved(result.solution, rejects: result.rejects, offered: Array(zip(productCodes, offered)))
        }
        try cancellation.checkpoint(.planning)
        var pinRejects = [Reject]()
        for wave in ConversionOrder.waves(groups, inputs: inputs) {
            // As when a wave's products were checked together: the first product past the limit, in code order.
            let tooLarge = wave.compactMap { g -> PlanningError? in
                if case .tooLarge(let error) = solved[g] { return error }
                return nil
            }
            if let first = tooLarge.min(by: { $0.material < $1.material }) { throw first }
            for g in wave {
                // Every group ran: a skipped one implies a stop (thrown above) or a group too large (thrown
                // for its wave, before the waves after it).
                guard case .solved(let solution, let rejects, let offered) = solved[g] else { continue }
                for (code, quantity) in offered { plan.offeredByMaterial[code] = quantity }
                plan.lines += solution.lines
                plan.outcomes += solution.outcomes
                profile.materials.append(solution.profile)
                pinRejects += rejects
            }
        }
        productions.record(into: &plan)
        _ = clock.lap()
        plan.overrideRejects = overrides.rejects + pinRejects
        plan.lines.sort(by: DispatchLine.planOrder)
        plan.outcomes.sort { $0.request < $1.request }
        plan.conversions.sort { $0.offer < $1.offer }
        profile.gatheringSeconds = clock.lap()
        return (plan, profile)
    }

    /// What became of one group: solved, with the pins its problem rejected and what its products' lots hold;
    /// or not planned, its products' lots past `materialLimit`.
    private enum GroupOutcome {
        case solved(MaterialSolver.Solution, rejects: [Reject], offered: [(MaterialCode, Quantity)])
        case tooLarge(PlanningError)
    }

    /// Builds one group's problem, with its pins, and solves it.
    private static func solveGroup(_ group: [MaterialCode], lotsOf: [MaterialCode: [MaterialProblem.LotEntry]],
                                   requestsOf: [MaterialCode: [Int]], offerRank: [Int32: Int], overrides: OverrideSet,
                                   offersByKey: [RecordKey: Offer], pairs: RegionPairs, input: PlanningInput)
        -> (solution: MaterialSolver.Solution, rejects: [Reject]) {
        let indices = group.flatMap { requestsOf[$0] ?? [] }
        let order = keyOrder(indices.map { input.requests[$0].key }).map { indices[$0] }
        // A group's lots in (offer key, day) order, as one material's are.
        var lots = group.flatMap { lotsOf[$0] ?? [] }
        if group.count > 1 {
            lots.sort { a, b in
                a.offerIndex != b.offerIndex ? offerRank[a.offerIndex]! < offerRank[b.offerIndex]! : a.lot.day < b.lot.day
            }
        }
        var caps = [MaterialProblem.CapKey: Int64]()
        for code in group {
            for (enterprise, cap) in overrides.caps(for: code) {
                caps[MaterialProblem.CapKey(enterprise: enterprise, material: code)] = cap
            }
        }
        var problem = MaterialProblem(
            materials: group.map { input.catalog[$0]! }, policy: input.policy, regions: input.regions,
            lots: lots, requests: order.map { index in
                let request = input.requests[index]
                let deadline = input.policy.deadline(neededBy: request.neededBy, planDate: input.planDate)
                return MaterialProblem.RequestEntry(request: request, requestIndex: Int32(index),
                                                    tier: input.policy.tier(of: request.category),
                                                    deadline: deadline.day, overdue: deadline.overdue)
            },
            forbidden: overrides.forbidden, caps: caps)
        let rejects = overrides.applyPins(to: &problem, offers: offersByKey)
        return (MaterialSolver.solve(problem, pairs: pairs), rejects)
    }
}

extension Planner {
    /// What each material's lots within the horizon hold (`Plan.offeredByMaterial`), in the order of
    /// `materials`, after checking that neither they nor its planned requests pass `materialLimit`.
    /// Summed in 128 bits, which no count of 64-bit quantities can overflow.
    /// - Throws: `PlanningError.materialTooLarge` for the first material, in code order, past the limit.
    /// - Complexity: O(lots + requests).
    static func checkedTotals(_ materials: [MaterialCode], lots: [MaterialCode: [MaterialProblem.LotEntry]],
                              requests: [MaterialCode: [Int]], input: PlanningInput) throws(PlanningError) -> [Quantity] {
        let limit = Int128(materialLimit)
        return try materials.map { code throws(PlanningError) in
            let unit = input.catalog[code]?.canonicalUnit.rawValue ?? ""
            let offered = (lots[code] ?? []).reduce(Int128(0)) { $0 + Int128($1.lot.quantity.units) }
            guard offered <= limit else {
                throw PlanningError.materialTooLarge(code, unit: unit, side: .lots, total: offered)
            }
            let requested = (requests[code] ?? []).reduce(Int128(0)) { $0 + Int128(input.requests[$1].quantity.units) }
            guard requested <= limit else {
                throw PlanningError.materialTooLarge(code, unit: unit, side: .requests, total: requested)
            }
            return Quantity(Int64(offered))
        }
    }
}

/// Excluded record keys. Ids are compared first: most records share no id with an excluded one, so few
/// keys are hashed whole.
private struct Exclusions {
    let keys: Set<RecordKey>
    let ids: Set<String>

    init(_ keys: Set<RecordKey>) {
        self.keys = keys
        ids = Set(keys.map(\.id))
    }

    func contains(_ key: RecordKey) -> Bool { !keys.isEmpty && ids.contains(key.id) && keys.contains(key) }
}

/// The positions of `keys` in key order. Sources and kinds are few, and ranked once they leave only the
/// ids to compare as text.
private func keyOrder(_ keys: [RecordKey]) -> [Int] {
    let sources = Dictionary(uniqueKeysWithValues: Set(keys.lazy.map(\.source)).sorted().enumerated().map { ($1, $0) })
    let group = keys.map { sources[$0.source]! << 1 | ($0.kind < .request ? 0 : 1) }
    let ids = keys.map(\.id)
    return group.indices.sorted { group[$0] != group[$1] ? group[$0] < group[$1] : ids[$0] < ids[$1] }
}

/// The conversion offers of one supplier that consume one input material (SPEC 14): they share what the
/// supplier holds and receives of it.
struct ProductionPool {
    struct Key: Hashable {
        var supplier: CreditCode
        var input: MaterialCode
    }

    let key: Key
    /// The offers (indices into the input) in key order, with their working days.
    var offers: [(index: Int, days: [CalendarDate])] = []

    init(key: Key) { self.key = key }

    /// What a pool made: each offer's lots as entries of their product's problem, each offer's
    /// `ConversionOutcome`, and what the earmarked offers' lots hold.
    struct Made {
        var entries: [MaterialProblem.LotEntry] = []
        var conversions: [ConversionOutcome] = []
        var earmarkedOffered: [(offer: RecordKey, quantity: Quantity)] = []
    }

    /// Makes the pool's lots from `lines`, the input's dispatch lines so far (`Production`: those to the
    /// supplier count).
    func produce(input: PlanningInput, lines: [DispatchLine]) -> Made {
        let deliveries = lines.filter {
            $0.material == key.input && input.requests[Int($0.requestIndex)].enterpriseID == key.supplier
        }.map { (arriveBy: $0.arriveBy, quantity: $0.quantity.units) }
        let stock = offers.reduce(Int64(0)) { total, o in
            let (sum, overflow) = total.addingReportingOverflow(input.offers[o.index].conversion!.stock.units)
            return overflow ? Int64.max : sum
        }
        let lines = offers.map { o in
            let offer = input.offers[o.index]
            return Production.Line(offer: offer.key, dailyQuantity: offer.quantity.units,
                                   perUnit: offer.conversion!.perUnit, days: o.days)
        }
        let results = Production.lots(of: lines, stock: stock, deliveries: deliveries)
        let received = deliveries.reduce(Int64(0)) { $0 &+ $1.quantity }
        var made = Made()
        for (o, result) in zip(offers, results) {
            let offer = input.offers[o.index]
            made.conversions.append(ConversionOutcome(offer: offer.key, inputMaterial: key.input, inputReceived: received,
                                                      inputUsed: result.inputUsed, lots: result.lots))
            if offer.earmark != nil { made.earmarkedOffered.append((offer.key, Quantity(result.produced))) }
            made.entries += result.lots.map {
                MaterialProblem.LotEntry(lot: $0, material: offer.material, region: offer.region, offerIndex: Int32(o.index),
                                         residual: $0.quantity.units, earmark: offer.earmark)
            }
        }
        return made
    }
}

/// The night's production pools as the groups are solved on several threads: each pool is made once, by the
/// first group with one of its products to start, from the lines of its input's group, which has been
/// solved by then (`ParallelJobs`' prerequisites); and recorded in the plan once all are solved.
private final class Productions: @unchecked Sendable {
    private let lock = NSLock()
    private let pools: [ProductionPool]
    private var made: [ProductionPool.Made?]
    /// Per group, its dispatch lines once solved (`nil`: not planned).
    private var linesOfGroup: [[DispatchLine]?]
    private let groupOf: [MaterialCode: Int]

    init(pools: [ProductionPool], groups: [[MaterialCode]]) {
        self.pools = pools
        made = Array(repeating: nil, count: pools.count)
        linesOfGroup = Array(repeating: nil, count: groups.count)
        var groupOf = [MaterialCode: Int]()
        for (g, group) in groups.enumerated() { for m in group { groupOf[m] = g } }
        self.groupOf = groupOf
    }

    /// The production lots of `group`'s materials, making the pools they come from; `nil` when the group of
    /// some pool's input was not planned.
    func lots(of group: [MaterialCode], input: PlanningInput) -> [MaterialProblem.LotEntry]? {
        let materials = Set(group)
        lock.lock()
        defer { lock.unlock() }
        var entries = [MaterialProblem.LotEntry]()
        for p in pools.indices where pools[p].offers.contains(where: { materials.contains(input.offers[$0.index].material) }) {
            if made[p] == nil {
                guard let g = groupOf[pools[p].key.input], let lines = linesOfGroup[g] else { return nil }
                made[p] = pools[p].produce(input: input, lines: lines)
            }
            entries += made[p]!.entries.filter { materials.contains($0.material) }
        }
        return entries
    }

    /// Group `g`'s dispatch lines, once solved (`nil` when it is not planned).
    func record(_ g: Int, lines: [DispatchLine]?) {
        lock.lock()
        linesOfGroup[g] = lines
        lock.unlock()
    }

    /// Each made pool's conversion outcomes and earmarked lots, in pool order.
    func record(into plan: inout Plan) {
        for case let pool? in made {
            plan.conversions += pool.conversions
            for (offer, quantity) in pool.earmarkedOffered { plan.earmarkedOfferedByOffer[offer] = quantity }
        }
    }
}
