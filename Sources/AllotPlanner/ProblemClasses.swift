import AllotCore

/// Lots and requests that are interchangeable for the plan, merged into one
/// network node each (Documentation/Decisions/0004).
///
/// Requests of one region, deadline and tier with no pin, forbid or cap reach
/// exactly the same lots at the same distances, so fair sharing gives them the
/// same fill ratio: one node whose quantity is their sum, split back
/// proportionally. Lots of one region and day likewise, unless a forbid names
/// their offer.
struct ProblemClasses {
    struct LotClass {
        var members: [Int]
        var region: RegionCode
        var day: CalendarDate
        var supply: Int64
    }

    struct RequestClass {
        var members: [Int]
        var region: RegionCode
        var deadline: CalendarDate
        var tier: Int
        var capGroup: Int?
        /// Σ requested (pinned included).
        var requested: Int64
        var pinned: Int64
        var residual: Int64 { requested - pinned }
    }

    /// One lot class that may serve one request class.
    struct Arc {
        var lotClass: Int
        var requestClass: Int
        var decikm: Int64
    }

    var lotClasses: [LotClass] = []
    var requestClasses: [RequestClass] = []
    var capGroups: [CreditCode] = []
    var arcs: [Arc] = []
    /// Per request class: some lot lies within the distance limit (after forbids).
    var anyLotInDistance: [Bool] = []

    init(_ problem: inout MaterialProblem) {
        let forbiddenOffers = Set(problem.forbidden.map(\.offer))
        let forbiddenRequests = Set(problem.forbidden.map(\.request))

        // Lot classes, in (region, day, offer) order.
        let lotOrder = problem.lots.indices.sorted {
            let a = problem.lots[$0], b = problem.lots[$1]
            return (a.region, a.lot.day, a.lot.offer) < (b.region, b.lot.day, b.lot.offer)
        }
        var lotKeyIndex = [LotKey: Int]()
        for l in lotOrder {
            let entry = problem.lots[l]
            let key = LotKey(region: entry.region, day: entry.lot.day,
                             offer: forbiddenOffers.contains(entry.lot.offer) ? entry.lot.offer : nil)
            if let c = lotKeyIndex[key] {
                lotClasses[c].members.append(l)
                lotClasses[c].supply += entry.residual
            } else {
                lotKeyIndex[key] = lotClasses.count
                lotClasses.append(LotClass(members: [l], region: entry.region, day: entry.lot.day, supply: entry.residual))
            }
        }

        // Cap groups and request classes, in (region, deadline, tier, key) order.
        var capIndex = [CreditCode: Int]()
        for e in problem.capResidual.keys.sorted() {
            capIndex[e] = capGroups.count
            capGroups.append(e)
        }
        let requestOrder = problem.requests.indices.sorted {
            let a = problem.requests[$0], b = problem.requests[$1]
            return (a.request.region, a.deadline, a.tier, a.request.key) < (b.request.region, b.deadline, b.tier, b.request.key)
        }
        var requestKeyIndex = [RequestKey: Int]()
        for r in requestOrder {
            let entry = problem.requests[r]
            let cap = capIndex[entry.request.enterpriseID]
            let individual = entry.pinned > 0 || cap != nil || forbiddenRequests.contains(entry.request.key)
            let key = RequestKey(region: entry.request.region, deadline: entry.deadline, tier: entry.tier,
                                 request: individual ? entry.request.key : nil)
            if let c = requestKeyIndex[key] {
                requestClasses[c].members.append(r)
                requestClasses[c].requested += entry.request.quantity.units
            } else {
                requestKeyIndex[key] = requestClasses.count
                requestClasses.append(RequestClass(members: [r], region: entry.request.region, deadline: entry.deadline,
                                                   tier: entry.tier, capGroup: cap,
                                                   requested: entry.request.quantity.units, pinned: entry.pinned))
            }
        }

        // Arcs, region pair by region pair.
        anyLotInDistance = Array(repeating: false, count: requestClasses.count)
        let lotsByRegion = Dictionary(grouping: lotClasses.indices, by: { lotClasses[$0].region })
        let requestsByRegion = Dictionary(grouping: requestClasses.indices, by: { requestClasses[$0].region })
        for lotRegion in lotsByRegion.keys.sorted() {
            for requestRegion in requestsByRegion.keys.sorted() {
                let d = problem.decikm(lotRegion, requestRegion)
                guard problem.withinMaxDistance(d) else { continue }
                let transit = problem.transitDays(d)
                for lc in lotsByRegion[lotRegion]! {
                    let lotClass = lotClasses[lc]
                    for rc in requestsByRegion[requestRegion]! {
                        let requestClass = requestClasses[rc]
                        if lotClass.members.count == 1 && requestClass.members.count == 1 {
                            let pair = MaterialProblem.PairKey(offer: problem.lots[lotClass.members[0]].lot.offer,
                                                               request: problem.requests[requestClass.members[0]].request.key)
                            if problem.forbidden.contains(pair) { continue }
                        }
                        anyLotInDistance[rc] = true
                        if lotClass.day.adding(days: transit) <= requestClass.deadline {
                            arcs.append(Arc(lotClass: lc, requestClass: rc, decikm: d))
                        }
                    }
                }
            }
        }
    }

    private struct LotKey: Hashable {
        var region: RegionCode
        var day: CalendarDate
        var offer: RecordKey?
    }

    private struct RequestKey: Hashable {
        var region: RegionCode
        var deadline: CalendarDate
        var tier: Int
        var request: RecordKey?
    }
}

private func < <A: Comparable, B: Comparable, C: Comparable>(lhs: (A, B, C), rhs: (A, B, C)) -> Bool {
    if lhs.0 != rhs.0 { return lhs.0 < rhs.0 }
    if lhs.1 != rhs.1 { return lhs.1 < rhs.1 }
    return lhs.2 < rhs.2
}

private func < <A: Comparable, B: Comparable, C: Comparable, D: Comparable>(lhs: (A, B, C, D), rhs: (A, B, C, D)) -> Bool {
    if lhs.0 != rhs.0 { return lhs.0 < rhs.0 }
    if lhs.1 != rhs.1 { return lhs.1 < rhs.1 }
    if lhs.2 != rhs.2 { return lhs.2 < rhs.2 }
    return lhs.3 < rhs.3
}
