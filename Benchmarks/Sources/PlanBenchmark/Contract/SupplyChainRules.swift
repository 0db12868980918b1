import AllotCore
import AllotPlanner

/// SPEC 12 and 13 written out again for the bench: who may take an
/// earmarked offer's lots, and which material may serve which request. It
/// reads the records' fields and the region table's `parent_code`s, never
/// `Earmark.admits` or `Substitutes.rank`, so a planner change that gets a
/// rule wrong shows.
struct SupplyChainRules {
    private let parent: [RegionCode: RegionCode]
    private let lists: [MaterialCode: [MaterialCode]]

    init(input: PlanningInput) {
        var parent = [RegionCode: RegionCode]()
        for r in input.regions.regions { if let p = r.parentCode { parent[r.code] = p } }
        self.parent = parent
        var lists = [MaterialCode: [MaterialCode]]()
        for entry in input.policy.substitutes.entries { lists[entry.requested] = entry.substitutes }
        self.lists = lists
    }

    /// SPEC 12: the request meets every earmark the offer carries (enterprise, categories, regions,
    /// a region inside a named one by following parents). An offer without earmarks takes anyone.
    func qualifies(_ request: Request, for offer: Offer) -> Bool {
        guard let e = offer.earmark else { return true }
        if let enterprise = e.enterprise, enterprise != request.enterpriseID { return false }
        if !e.categories.isEmpty && !e.categories.contains(request.category) { return false }
        if !e.regions.isEmpty {
            var region: RegionCode? = request.region
            var steps = 0
            while let r = region, steps < 8 {
                if e.regions.contains(r) { return true }
                region = parent[r]
                steps += 1
            }
            return false
        }
        return true
    }

    /// SPEC 13: a lot of `lot` may serve a request of `requested` when they are the same material or the
    /// requested material's list names it (not transitively).
    func mayServe(_ lot: MaterialCode, _ requested: MaterialCode) -> Bool {
        lot == requested || (lists[requested]?.contains(lot) ?? false)
    }
}

/// SPEC 14 written out again for the bench: the lots each conversion offer
/// makes from what the plan delivers of its input to its supplier, in exact
/// integer arithmetic (input counted in units of 10^-scale, the finest
/// per-unit decimal of the pool).
struct ProductionCheck {
    struct Pool: Hashable {
        var supplier: CreditCode
        var input: MaterialCode
    }

    /// Per conversion offer taking part (index in `input.offers`): day → lot quantity (days with 0 left out).
    private(set) var lots = [Int: [CalendarDate: Int64]]()
    /// Per conversion offer taking part: what the plan delivered to its pool.
    private(set) var received = [Int: Int64]()

    /// - Parameter deliveries: per pool, the plan's lines of the input to the supplier's requests (arrive_by, quantity).
    init(input: PlanningInput, schedule: Schedule, excludedOffers: Set<Int>,
         deliveries: [Pool: [(arriveBy: CalendarDate, quantity: Int64)]]) {
        var pools = [Pool: [Int]]()
        // An offer with no production day in the horizon takes no part (SPEC 5's outside_horizon).
        for (i, o) in input.offers.enumerated() where o.kind == .conversion && !excludedOffers.contains(i)
            && !schedule.productionDays(o).isEmpty {
            guard let c = o.conversion else { continue }
            pools[Pool(supplier: o.supplierID, input: c.material), default: []].append(i)
        }
        for (pool, members) in pools {
            let ordered = members.sorted { input.offers[$0].key < input.offers[$1].key }
            let scale = ordered.map { input.offers[$0].conversion!.perUnit.scale }.max() ?? 0
            func tenTo(_ n: Int) -> Int128 { (0..<max(0, n)).reduce(Int128(1)) { r, _ in r * 10 } }
            let one = tenTo(scale)
            let perUnit = ordered.map { o -> Int128 in
                let p = input.offers[o].conversion!.perUnit
                return Int128(p.significand) * tenTo(scale - p.scale)
            }
            let stock = ordered.reduce(Int64(0)) { $0 + input.offers[$1].conversion!.stock.units }
            let arrivals = deliveries[pool] ?? []
            let total = arrivals.reduce(Int64(0)) { $0 + $1.quantity }
            let days = ordered.map { Set(schedule.productionDays(input.offers[$0])) }
            let allDays = days.reduce(into: Set<CalendarDate>()) { $0.formUnion($1) }.sorted()
            var used = Int128(0)
            for t in allDays {
                // Input needs a day: a delivery arriving by day a counts from day a + 1.
                let arrived = stock + arrivals.reduce(Int64(0)) { $0 + ($1.arriveBy < t ? $1.quantity : 0) }
                for (k, o) in ordered.enumerated() where days[k].contains(t) {
                    let left = Int128(arrived) * one - used
                    let q = min(Int128(input.offers[o].quantity.units), left / perUnit[k])
                    guard q > 0 else { continue }
                    lots[o, default: [:]][t] = Int64(q)
                    used += q * perUnit[k]
                }
            }
            for o in ordered {
                received[o] = total
                if lots[o] == nil { lots[o] = [:] }
            }
        }
    }
}
