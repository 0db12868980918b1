import AllotCore
import AllotPlanner

/// One material's tier-1 network, built by the bench from SPEC 5 and 7 alone:
/// the largest quantity tier 1 can receive is `pinnedTierOne` plus its
/// maximum flow (SPEC 8 step 1; tier 1 is served before any other tier, so
/// nothing else competes with it).
///
/// Nodes: 0 the source, 1 the sink, then lot nodes, request nodes, cap nodes.
/// - lot node: the lots of one (region, day) after pins, or of one (offer,
///   day) when a forbid names the offer; source → lot node, capacity its supply;
/// - request node: tier-1 requests of one (region, deadline), or of one
///   (region, deadline, enterprise) when the enterprise has a cap on this
///   material, or one request that a forbid names; → sink (or → its cap node)
///   with capacity what pins leave of the requests; cap node → sink, what pins
///   leave of the cap;
/// - reach arcs: lot node → request node when road_km ≤ max_distance_km,
///   day + transit_days ≤ deadline and no forbid names the pair; capacity
///   min(supply, demand) of the two ends, cost road_km in tenths of a km.
struct TierOneNetwork {
    var material: MaterialCode
    private(set) var nodeCount = 2
    let source: Int32 = 0
    let sink: Int32 = 1
    private(set) var tail: [Int32] = []
    private(set) var head: [Int32] = []
    private(set) var capacity: [Int64] = []
    private(set) var cost: [Int64] = []
    private(set) var lotNodes = 0
    private(set) var requestNodes = 0
    private(set) var capNodes = 0
    private(set) var reachArcs = 0
    /// What pins that hold deliver to this material's tier-1 requests.
    private(set) var pinnedTierOne: Int64 = 0
    /// Σ lot supply after pins; Σ tier-1 demand after pins.
    private(set) var supply: Int64 = 0
    private(set) var demand: Int64 = 0

    var arcCount: Int { tail.count }

    private struct LotKey: Hashable {
        var region: Int
        var day: Int32
        var offer: Int
    }

    private struct RequestKey: Hashable {
        var region: Int
        var deadline: Int32
        var request: Int
        var cap: Int
    }

    /// - Parameters: `offers` and `requests` index the night's records of this material.
    init(material: MaterialCode, input: PlanningInput, offers: [Int], requests: [Int], schedule: Schedule,
         geography: Geography, evaluation: OverrideEvaluation) {
        self.material = material

        // Lot nodes.
        var lotIndex = [LotKey: Int]()
        var lotSupply = [Int64](), lotRegion = [Int](), lotDay = [CalendarDate](), lotOffer = [Int]()
        for o in offers where !evaluation.excludedOffers.contains(o) {
            let offer = input.offers[o]
            let region = geography.index(of: offer.region)
            for day in schedule.lotDays(offer) {
                let left = evaluation.residual(offer: o, day: day, quantity: offer.quantity.units)
                guard left > 0 else { continue }
                let own = evaluation.forbiddenOffers.contains(o) ? o : -1
                let key = LotKey(region: region, day: day.dayNumber, offer: own)
                if let i = lotIndex[key] { lotSupply[i] += left; continue }
                lotIndex[key] = lotSupply.count
                lotSupply.append(left); lotRegion.append(region); lotDay.append(day); lotOffer.append(own)
            }
        }

        // Request nodes and cap nodes.
        var capIndex = [OverrideEvaluation.CapKey: Int]()
        var capLimit = [Int64]()
        var requestIndex = [RequestKey: Int]()
        var requestDemand = [Int64](), requestRegion = [Int](), requestDeadline = [CalendarDate](), requestOwn = [Int]()
        var requestCap = [Int]()
        for r in requests where !evaluation.excludedRequests.contains(r) {
            let request = input.requests[r]
            guard input.policy.tier(of: request.category) == 1 else { continue }
            let pinned = evaluation.pinnedByRequest[r] ?? 0
            pinnedTierOne += pinned
            let left = request.quantity.units - pinned
            guard left > 0 else { continue }
            var cap = -1
            let capKey = OverrideEvaluation.CapKey(material: material, enterprise: request.enterpriseID)
            if let limit = evaluation.capResidual[capKey] {
                if let c = capIndex[capKey] { cap = c } else {
                    cap = capLimit.count
                    capIndex[capKey] = cap
                    capLimit.append(max(0, limit))
                }
            }
            let region = geography.index(of: request.region)
            let deadline = schedule.deadline(request)
            let own = evaluation.forbiddenRequests.contains(r) ? r : -1
            let key = RequestKey(region: region, deadline: deadline.dayNumber, request: own, cap: cap)
            if let i = requestIndex[key] { requestDemand[i] += left; continue }
            requestIndex[key] = requestDemand.count
            requestDemand.append(left); requestRegion.append(region); requestDeadline.append(deadline)
            requestOwn.append(own); requestCap.append(cap)
        }

        lotNodes = lotSupply.count
        requestNodes = requestDemand.count
        capNodes = capLimit.count
        nodeCount = 2 + lotNodes + requestNodes + capNodes
        let requestBase = 2 + lotNodes, capBase = 2 + lotNodes + requestNodes
        func lotNode(_ l: Int) -> Int32 { Int32(2 + l) }
        func requestNode(_ q: Int) -> Int32 { Int32(requestBase + q) }
        func capNode(_ c: Int) -> Int32 { Int32(capBase + c) }
        supply = lotSupply.reduce(0, +)
        demand = requestDemand.reduce(0, +)

        // Reach arcs, region pair by region pair.
        let lotsByRegion = Dictionary(grouping: lotSupply.indices, by: { lotRegion[$0] })
        let requestsByRegion = Dictionary(grouping: requestDemand.indices, by: { requestRegion[$0] })
        let requestRegions = requestsByRegion.keys.sorted()
        for a in lotsByRegion.keys.sorted() {
            let row = geography.row(a)
            for b in requestRegions {
                let d = Int64(row[b])
                guard geography.withinLimit(d) else { continue }
                let transit = geography.transitDays(d)
                for l in lotsByRegion[a]! {
                    let arrival = lotDay[l].adding(days: transit)
                    for q in requestsByRegion[b]! where arrival <= requestDeadline[q] {
                        if lotOffer[l] >= 0 && requestOwn[q] >= 0
                            && evaluation.forbidden.contains(.init(offer: lotOffer[l], request: requestOwn[q])) { continue }
                        addArc(lotNode(l), requestNode(q), min(lotSupply[l], requestDemand[q]), d)
                    }
                }
            }
        }
        reachArcs = tail.count
        for l in lotSupply.indices { addArc(source, lotNode(l), lotSupply[l], 0) }
        for q in requestDemand.indices {
            addArc(requestNode(q), requestCap[q] >= 0 ? capNode(requestCap[q]) : sink, requestDemand[q], 0)
        }
        for c in capLimit.indices { addArc(capNode(c), sink, capLimit[c], 0) }
    }

    private mutating func addArc(_ u: Int32, _ v: Int32, _ c: Int64, _ w: Int64) {
        tail.append(u); head.append(v); capacity.append(c); cost.append(w)
    }
}
