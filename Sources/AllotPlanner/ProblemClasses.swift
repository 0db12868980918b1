import AllotCore

/// Lots and requests that are interchangeable for the plan, merged into one
/// network node each (Documentation/Decisions/0004).
///
/// Requests of one region, deadline, tier and material with no pin, forbid
/// or cap reach exactly the same lots at the same distances, so fair sharing
/// gives them the same fill ratio: one node whose quantity is their sum,
/// split back proportionally. Lots of one region, day and material likewise,
/// unless a forbid names their offer.
///
/// A lot can serve whatever a later lot of its region and material can (the
/// same roads, and it arrives no later), so a region's lot classes of one
/// material are chained by day and a reach arc is only drawn where a class
/// arrives earlier than the next one does: the next class's arc serves the rest.
///
/// Goods of one material arriving at a region by a deadline meet at an
/// arrive node, which feeds the request classes of that region and deadline
/// whose material it may serve: its own, or one whose `[substitutes]` list
/// names it (SPEC 13), through an attach arc of that rank.
///
/// An earmarked lot (SPEC 12) may serve only the requests its offer's
/// earmarks admit. Earmarks for categories and regions are few and broad (a
/// province's allocation for hospitals). Lots of one such earmark are
/// chained apart from open lots. One for regions alone admits every request
/// of a region inside it, which is what the open lots' arrive nodes there
/// feed: its lots' reach arcs run to those, in its regions only. One with
/// categories travels a channel of its own, gathered at arrive nodes that
/// feed only the request classes it admits. An earmark for one enterprise
/// admits a handful of requests: such a lot is a class of its own, outside
/// the chain, with arcs straight to the classes it may serve. Requests are
/// classed apart by the earmarks that admit them, so a class's members are
/// alike for every lot.
struct ProblemClasses {
    struct LotClass {
        var members: [Int]
        var region: RegionCode
        var day: CalendarDate
        var material: MaterialCode
        /// Its broad earmark (a place in `broadEarmarks`), -1 for open lots.
        var broad: Int
        var supply: Int64
        /// The same region, material and broad earmark's next later lot class (not for lots of forbidden
        /// offers or offers earmarked for an enterprise).
        var next: Int? = nil
        /// For the lot of an offer earmarked for an enterprise, the offer's place in `earmarkedOffers`.
        var earmarkSlot: Int? = nil
    }

    struct RequestClass {
        var members: [Int]
        var region: RegionCode
        var deadline: CalendarDate
        var tier: Int
        /// The requested material.
        var material: MaterialCode
        var capGroup: Int?
        /// The offers earmarked for an enterprise (places in `earmarkedOffers`) whose lots the class may take.
        var admittedBy: Set<Int> = []
        /// The broad earmarks with categories (places in `broadEarmarks`) that admit the class, ascending.
        var broadAdmitted: [Int] = []
        /// Σ requested (pinned included).
        var requested: Int64
        var pinned: Int64
        var residual: Int64 { requested - pinned }
    }

    /// Goods of one material arriving at a region by a deadline: the request classes of that region and
    /// deadline it may serve draw from it, and what they leave flows on to the next deadline.
    struct ArriveNode {
        var region: RegionCode
        var deadline: CalendarDate
        /// The lots' material.
        var material: MaterialCode
        /// The lots' broad earmark with categories, -1 for open lots and those earmarked for regions alone.
        var broad: Int
        /// The same region, material and broad earmark's next later deadline.
        var next: Int?
        /// The request classes it feeds, with the rank of its material for theirs (SPEC 13; 0 for their own).
        var attached: [(requestClass: Int, rank: Int)]
    }

    /// Where a reach arc ends.
    enum Target: Equatable {
        case arrive(Int)
        /// Straight to a request class: for the lots of an earmarked offer, and of one a forbid names in
        /// the region of a forbidden request.
        case requestClass(Int)
    }

    /// A lot class that may serve what `target` leads to.
    struct Arc {
        var lotClass: Int
        var target: Target
        var decikm: Int64
        /// For an arc straight to a request class, the rank of the lot's material for the class's.
        var rank: Int = 0
    }

    var lotClasses: [LotClass] = []
    var requestClasses: [RequestClass] = []
    var arrives: [ArriveNode] = []
    var capGroups: [MaterialProblem.CapKey] = []
    /// The offers earmarked for an enterprise among the group's lots, in offer order.
    var earmarkedOffers: [RecordKey] = []
    /// The distinct earmarks for categories or regions of the group's lots, in order of first lot.
    var broadEarmarks: [Earmark] = []
    var arcs: [Arc] = []
    /// Per request class: some lot it may take lies within the distance limit (after forbids and earmarks).
    var anyLotInDistance: [Bool] = []
    /// Per request class: some lot it may take can arrive by its deadline (after forbids and earmarks).
    var deadlineReachable: [Bool] = []
    /// Per request class: some reach arc runs straight to it (`Target.requestClass`).
    var reachedDirectly: [Bool] = []
    /// Per request class: the arrive nodes that feed it, its own material's first.
    var arrivesOf: [[Int]] = []

    /// Whether some request class takes a substitute's goods (an attach or straight arc of rank > 0).
    var hasSubstitution: Bool {
        arrives.contains { $0.attached.contains { $0.rank > 0 } } || arcs.contains { $0.rank > 0 }
    }

    init(_ problem: MaterialProblem, pairs: RegionPairs) {
        let forbiddenOffers = Set(problem.forbidden.map(\.offer))
        let forbiddenRequests = Set(problem.forbidden.map(\.request))
        let substitutes = problem.policy.substitutes

        // Earmarked offers: those for an enterprise in offer order, and the distinct broad earmarks. A lot
        // pins have emptied serves no one: it joins its region's chain as an open lot would, leaving the
        // network as it is without the earmark.
        var earmarkSlot = [RecordKey: Int]()
        var earmarks = [Earmark]()
        var broadIndex = [Earmark: Int]()
        for entry in problem.lots where entry.residual > 0 {
            guard let earmark = entry.earmark else { continue }
            if earmark.enterprise != nil {
                guard earmarkSlot[entry.lot.offer] == nil else { continue }
                earmarkSlot[entry.lot.offer] = earmarkedOffers.count
                earmarkedOffers.append(entry.lot.offer)
                earmarks.append(earmark)
            } else if broadIndex[earmark] == nil {
                broadIndex[earmark] = broadEarmarks.count
                broadEarmarks.append(earmark)
            }
        }

        // Per broad earmark: it names regions alone (no categories), so its lots travel with the open ones.
        let regionsAlone = broadEarmarks.map(\.categories.isEmpty)

        // Lot classes, in (region, day, material, offer) order (lots are in offer order).
        let lotOrder = ProblemClasses.order(problem.lots.map { ($0.region, $0.lot.day, 0) })
        var lotKeyIndex = [LotKey: Int]()
        var lastChained = [ChainKey: Int]()
        var lotChannels = Set<Channel>()
        for l in lotOrder {
            let entry = problem.lots[l]
            let slot = entry.residual > 0 ? earmarkSlot[entry.lot.offer] : nil
            let broad = entry.residual > 0 ? entry.earmark.flatMap { broadIndex[$0] } ?? -1 : -1
            lotChannels.insert(Channel(material: entry.material, broad: broad >= 0 && regionsAlone[broad] ? -1 : broad))
            let own = slot != nil || forbiddenOffers.contains(entry.lot.offer)
            let key = LotKey(region: entry.region, day: entry.lot.day, material: entry.material, broad: broad,
                             offer: own ? entry.lot.offer : nil)
            if let c = lotKeyIndex[key] {
                lotClasses[c].members.append(l)
                lotClasses[c].supply += entry.residual
            } else {
                lotKeyIndex[key] = lotClasses.count
                if !own {
                    let chain = ChainKey(region: entry.region, channel: Channel(material: entry.material, broad: broad))
                    if let last = lastChained[chain] { lotClasses[last].next = lotClasses.count }
                    lastChained[chain] = lotClasses.count
                }
                lotClasses.append(LotClass(members: [l], region: entry.region, day: entry.lot.day, material: entry.material,
                                           broad: broad, supply: entry.residual, earmarkSlot: slot))
            }
        }
        let admittedBy = ProblemClasses.admissions(problem, earmarks: earmarks)
        let broadAdmitted = ProblemClasses.broadAdmissions(problem, earmarks: broadEarmarks)

        // Cap groups and request classes, in (region, deadline, tier, key) order.
        var capIndex = [MaterialProblem.CapKey: Int]()
        for e in problem.capResidual.keys.sorted() {
            capIndex[e] = capGroups.count
            capGroups.append(e)
        }
        // (Requests are in key order.)
        let requestOrder = ProblemClasses.order(problem.requests.map { ($0.request.region, $0.deadline, $0.tier) })
        var requestKeyIndex = [RequestKey: Int]()
        for r in requestOrder {
            let entry = problem.requests[r]
            let cap = capIndex[problem.capKey(of: entry.request)]
            let individual = entry.pinned > 0 || cap != nil || forbiddenRequests.contains(entry.request.key)
            let key = RequestKey(region: entry.request.region, deadline: entry.deadline, tier: entry.tier,
                                 material: entry.request.material, request: individual ? entry.request.key : nil,
                                 admittedBy: admittedBy[r], broadAdmitted: broadAdmitted[r])
            if let c = requestKeyIndex[key] {
                requestClasses[c].members.append(r)
                requestClasses[c].requested += entry.request.quantity.units
            } else {
                requestKeyIndex[key] = requestClasses.count
                requestClasses.append(RequestClass(members: [r], region: entry.request.region, deadline: entry.deadline,
                                                   tier: entry.tier, material: entry.request.material, capGroup: cap,
                                                   admittedBy: admittedBy[r], broadAdmitted: broadAdmitted[r],
                                                   requested: entry.request.quantity.units,
                                                   pinned: entry.pinned))
            }
        }

        // Arrive nodes: one per request region, deadline and channel (lot material and broad earmark with
        // categories) that may serve a class there, its own material's open channel always, chained in
        // deadline order. Classes come in (region, deadline) order.
        arrivesOf = Array(repeating: [], count: requestClasses.count)
        var arrivesByChain = [ChainKey: [Int]]()
        for (c, rc) in requestClasses.enumerated() {
            var channels = [Channel(material: rc.material, broad: -1)]
            for material in [rc.material] + substitutes.list(for: rc.material) {
                for broad in [-1] + rc.broadAdmitted {
                    let channel = Channel(material: material, broad: broad)
                    if channel != channels[0] && lotChannels.contains(channel) { channels.append(channel) }
                }
            }
            for channel in channels {
                let chain = ChainKey(region: rc.region, channel: channel)
                let a: Int
                if let last = arrivesByChain[chain]?.last, arrives[last].deadline == rc.deadline {
                    a = last
                } else {
                    a = arrives.count
                    if let last = arrivesByChain[chain]?.last { arrives[last].next = a }
                    arrivesByChain[chain, default: []].append(a)
                    arrives.append(ArriveNode(region: rc.region, deadline: rc.deadline, material: channel.material,
                                              broad: channel.broad, next: nil, attached: []))
                }
                arrives[a].attached.append((c, substitutes.rank(of: channel.material, serving: rc.material)!))
                arrivesOf[c].append(a)
            }
        }
        var forbiddenByOfferAndRegion = [RecordKey: [RegionCode: Set<RecordKey>]]()
        for pair in problem.forbidden {
            guard let r = problem.requestIndex(of: pair.request) else { continue }
            forbiddenByOfferAndRegion[pair.offer, default: [:]][problem.requests[r].request.region, default: []].insert(pair.request)
        }

        // Reach arcs: each lot class to the earliest arrive node of its channel in each region in reach (lots
        // earmarked for regions alone: of the open channel, in the earmark's regions only). The
        // chains by destination number and channel, so that the loop over neighbours looks nothing up by region.
        var channelIndex = [Channel: Int]()
        for channel in Set(arrivesByChain.keys.map(\.channel)).union(lotChannels).sorted() {
            channelIndex[channel] = channelIndex.count
        }
        let channelCount = max(1, channelIndex.count)
        var chainAt = [[Int]](repeating: [], count: pairs.destinationCount * channelCount)
        for (chain, nodes) in arrivesByChain {
            if let d = pairs.destination(of: chain.region) { chainAt[d * channelCount + channelIndex[chain.channel]!] = nodes }
        }
        anyLotInDistance = Array(repeating: false, count: requestClasses.count)
        var arriveReached = [Bool](repeating: false, count: arrives.count)
        // Per chain, marked on its first arrive node: some lot of its material lies within the distance limit.
        var chainInDistance = [Bool](repeating: false, count: arrives.count)
        reachedDirectly = Array(repeating: false, count: requestClasses.count)
        var classesAdmittedBy = [[Int]](repeating: [], count: earmarkedOffers.count)
        for (c, rc) in requestClasses.enumerated() { for slot in rc.admittedBy { classesAdmittedBy[slot].append(c) } }
        // Per earmark for regions alone and destination: 1 when the destination lies inside it, -1 when not,
        // 0 until asked.
        var insideEarmark = [[Int8]](repeating: [], count: broadEarmarks.count)
        func inside(_ b: Int, _ neighbour: RegionPairs.Neighbour) -> Bool {
            if insideEarmark[b].isEmpty { insideEarmark[b] = Array(repeating: 0, count: pairs.destinationCount) }
            let d = Int(neighbour.destination)
            if insideEarmark[b][d] == 0 {
                insideEarmark[b][d] = broadEarmarks[b].admits(region: neighbour.region, in: problem.regions) ? 1 : -1
            }
            return insideEarmark[b][d] > 0
        }
        for (lc, lotClass) in lotClasses.enumerated() {
            // An earmarked lot: arcs straight to each class it may serve within the distance limit, in time.
            if let slot = lotClass.earmarkSlot {
                let offer = earmarkedOffers[slot]
                for c in classesAdmittedBy[slot] {
                    let rc = requestClasses[c]
                    guard let rank = substitutes.rank(of: lotClass.material, serving: rc.material) else { continue }
                    if rc.members.count == 1,
                       problem.forbidden.contains(MaterialProblem.PairKey(offer: offer, request: problem.requests[rc.members[0]].request.key)) {
                        continue
                    }
                    let decikm = problem.decikm(lotClass.region, rc.region)
                    guard problem.policy.allowsDistance(decikm: decikm) else { continue }
                    anyLotInDistance[c] = true
                    if problem.policy.arrivesInTime(shippedOn: lotClass.day, decikm: decikm, deadline: rc.deadline) {
                        arcs.append(Arc(lotClass: lc, target: .requestClass(c), decikm: decikm, rank: rank))
                        reachedDirectly[c] = true
                    }
                }
                continue
            }
            let offer = lotClass.members.count == 1 ? problem.lots[lotClass.members[0]].lot.offer : nil
            let forbiddenHere = offer.flatMap { forbiddenByOfferAndRegion[$0] } ?? [:]
            let alone = lotClass.broad >= 0 && regionsAlone[lotClass.broad] ? lotClass.broad : nil
            let m = channelIndex[Channel(material: lotClass.material, broad: alone == nil ? lotClass.broad : -1)]!
            for neighbour in pairs.neighbours(of: lotClass.region) {
                let chain = chainAt[Int(neighbour.destination) * channelCount + m]
                guard !chain.isEmpty else { continue }
                if let b = alone, !inside(b, neighbour) { continue }
                let earliest = problem.policy.arrival(shippedOn: lotClass.day, decikm: neighbour.decikm)
                if !forbiddenHere.isEmpty, let forbiddenRequests = forbiddenHere[neighbour.region] {
                    for a in chain {
                        for (c, rank) in arrives[a].attached
                        where !forbiddenRequests.contains(problem.requests[requestClasses[c].members[0]].request.key) {
                            anyLotInDistance[c] = true
                            if arrives[a].deadline >= earliest {
                                arcs.append(Arc(lotClass: lc, target: .requestClass(c), decikm: neighbour.decikm, rank: rank))
                                reachedDirectly[c] = true
                            }
                        }
                    }
                    continue
                }
                chainInDistance[chain[0]] = true
                if let first = chain.first(where: { arrives[$0].deadline >= earliest }) {
                    arriveReached[first] = true
                    // The next lot class of the region reaches the same node by the same road.
                    if let next = lotClass.next,
                       problem.policy.arrivesInTime(shippedOn: lotClasses[next].day, decikm: neighbour.decikm, deadline: arrives[first].deadline) {
                        continue
                    }
                    arcs.append(Arc(lotClass: lc, target: .arrive(first), decikm: neighbour.decikm))
                }
            }
        }
        for chain in arrivesByChain.values {
            if chainInDistance[chain[0]] {
                for a in chain { for (c, _) in arrives[a].attached { anyLotInDistance[c] = true } }
            }
            var reached = false
            for a in chain {
                reached = reached || arriveReached[a]
                arriveReached[a] = reached
            }
        }
        deadlineReachable = requestClasses.indices.map { c in
            arrivesOf[c].contains { arriveReached[$0] } || reachedDirectly[c]
        }
    }

    /// Indices in (region, date, tier, index) order, sorted by one packed whole number each (the records
    /// themselves are large to move and compare).
    static func order(_ keys: [(region: RegionCode, date: CalendarDate, tier: Int)]) -> [Int] {
        var packed = keys.enumerated().map { i, key -> (UInt64, Int) in
            precondition((0..<256).contains(key.tier) && (0..<(1 << 24)).contains(key.region.value))
            let day = UInt64(UInt32(bitPattern: key.date.dayNumber) ^ 0x8000_0000)
            return (UInt64(key.region.value) << 40 | day << 8 | UInt64(key.tier), i)
        }
        packed.sort { $0 < $1 }
        return packed.map(\.1)
    }

    /// What lots travel together: a material and a broad earmark (-1: none).
    private struct Channel: Hashable, Comparable {
        var material: MaterialCode
        var broad: Int

        static func < (a: Channel, b: Channel) -> Bool { a.material != b.material ? a.material < b.material : a.broad < b.broad }
    }

    /// A region's chain of one channel.
    private struct ChainKey: Hashable {
        var region: RegionCode
        var channel: Channel
    }

    private struct LotKey: Hashable {
        var region: RegionCode
        var day: CalendarDate
        var material: MaterialCode
        var broad: Int
        var offer: RecordKey?
    }

    private struct RequestKey: Hashable {
        var region: RegionCode
        var deadline: CalendarDate
        var tier: Int
        var material: MaterialCode
        var request: RecordKey?
        var admittedBy: Set<Int>
        var broadAdmitted: [Int]
    }

    /// For each request, the offers earmarked for an enterprise (places in `earmarks`) that admit it: only
    /// that enterprise's requests are looked at.
    /// - Complexity: O(requests + their enterprise's earmarked offers).
    static func admissions(_ problem: MaterialProblem, earmarks: [Earmark]) -> [Set<Int>] {
        guard !earmarks.isEmpty else { return Array(repeating: [], count: problem.requests.count) }
        var forEnterprise = [CreditCode: [Int]]()
        for (slot, earmark) in earmarks.enumerated() {
            if let enterprise = earmark.enterprise { forEnterprise[enterprise, default: []].append(slot) }
        }
        return problem.requests.map { entry in
            Set((forEnterprise[entry.request.enterpriseID] ?? []).filter { earmarks[$0].admits(entry.request, in: problem.regions) })
        }
    }

    /// For each request, the broad earmarks with categories (places in `earmarks`) that admit it, ascending.
    /// (One for regions alone admits all of a region's requests: the reach arcs see to it.) They look at a
    /// request's region and category only, so each pair is worked out once.
    /// - Complexity: O(requests + distinct (region, category) pairs × earmarks with categories).
    static func broadAdmissions(_ problem: MaterialProblem, earmarks: [Earmark]) -> [[Int]] {
        let withCategories = earmarks.indices.filter { !earmarks[$0].categories.isEmpty }
        guard !withCategories.isEmpty else { return Array(repeating: [], count: problem.requests.count) }
        struct Place: Hashable { var region: RegionCode; var category: Category }
        var memo = [Place: [Int]]()
        return problem.requests.map { entry in
            let place = Place(region: entry.request.region, category: entry.request.category)
            if let known = memo[place] { return known }
            let admitted = withCategories.filter { earmarks[$0].admits(entry.request, in: problem.regions) }
            memo[place] = admitted
            return admitted
        }
    }
}
