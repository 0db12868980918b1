import AllotCore

/// Why a request got what it got, or where an offer went (`allot explain`,
/// SPEC 10), worked out from the night's facts and its plan.
///
/// The facts are rebuilt from the planning input the way the planner builds
/// them (SPEC 5 and 7): lots within the horizon, road distance and transit,
/// each request's deadline, excludes, forbids and caps. The plan supplies who
/// got which lot. Nothing is solved again here: the explanation reads the
/// plan it is given, so it explains exactly that plan.
public enum Explanation {
    /// The explanation of a request, or `nil` when the input holds none with this key.
    /// - Complexity: O(lots of the material + lines of the plan).
    public static func request(_ key: RecordKey, input: PlanningInput, plan: Plan) -> RequestExplanation? {
        guard let request = input.requests.first(where: { $0.key == key }) else { return nil }
        let facts = NightFacts(input: input, plan: plan)
        return RequestExplanation(request: request, facts: facts, plan: plan)
    }

    /// The explanation of an offer, or `nil` when the input holds none with this key.
    /// - Complexity: O(lots of the offer × requests of the material + lines of the plan).
    public static func offer(_ key: RecordKey, input: PlanningInput, plan: Plan) -> OfferExplanation? {
        guard let offer = input.offers.first(where: { $0.key == key }) else { return nil }
        return OfferExplanation(offer: offer, facts: NightFacts(input: input, plan: plan), plan: plan)
    }
}

/// A lot as a request sees it: where it is, how far, when it can arrive.
public struct LotReach: Hashable, Sendable {
    public var offer: RecordKey
    public var supplierName: String
    public var day: CalendarDate
    public var quantity: Int64
    public var roadDecikm: Int64
    public var transitDays: Int
    public var arriveBy: CalendarDate { day.adding(days: transitDays) }
    public var withinDistance: Bool
    public var inTime: Bool
    public var forbidden: Bool
    /// The offer's earmarks (SPEC 12), when it has some.
    public var earmark: Earmark?
    /// The first of the offer's earmarks the request does not meet, `nil` when it qualifies.
    public var failedEarmark: Earmark.Kind?
    /// May serve the request: within the distance limit, in time, not forbidden, admitted by its earmarks.
    public var inReach: Bool { withinDistance && inTime && !forbidden && failedEarmark == nil }
}

/// The constraint that keeps a request from getting more (SPEC 9's reasons, made specific).
public enum BindingConstraint: Hashable, Sendable {
    /// No lot of the material within max_distance_km (after excludes, forbids and earmarks).
    /// `nearestDecikm` is the nearest lot's distance, `nil` when there is none at all.
    case distance(nearestDecikm: Int64?, maxDistanceKm: Double)
    /// Lots within the distance limit exist, but their offers are earmarked for others (SPEC 12): the
    /// request may take none of them. `lots` are those lots, nearest first.
    case earmarked(lots: [LotReach])
    /// Lots within the distance limit exist but none can arrive by the deadline.
    case deadline(deadline: CalendarDate, earliestArrival: CalendarDate, overdue: Bool)
    /// The enterprise's cap for the material is reached.
    case cap(limit: Int64, delivered: Int64)
    /// Every lot in reach and in time went to tiers before this one.
    case higherTiers(tiers: [Int], taken: Int64)
    /// The lots in reach were shared among this tier's requests; this one
    /// stopped at `level` (its fill ratio). `share` says how they were shared.
    case fairShare(tier: Int, level: Double, share: ShareMode)
    /// Lots in reach still hold `left` units: the plan could have given more
    /// (whole-unit rounding of the fair shares leaves at most one unit).
    case leftover(left: Int64)
    /// The lots in reach and in time hold `supply` units and no other request
    /// of the tier or an earlier one shares them: this request takes `taken`
    /// of them and the rest (pins) went elsewhere. There is simply not more.
    case capacity(supply: Int64, taken: Int64)

    /// SPEC 9's reason the constraint makes specific: the one `unmet.csv` gives.
    public var reason: UnmetReason {
        switch self {
        case .distance, .earmarked: return .noOfferInReach
        case .deadline: return .deadlineUnreachable
        case .cap: return .capped
        case .higherTiers, .fairShare, .leftover, .capacity: return .capacityExhausted
        }
    }
}

/// `allot explain` for a request.
public struct RequestExplanation: Sendable {
    /// A lot that serves the request in the plan.
    public struct Served: Hashable, Sendable {
        public var line: DispatchLine
        public var supplierName: String
    }

    /// Another request that drew on the same lots.
    public struct Peer: Hashable, Sendable {
        public var request: RecordKey
        public var enterpriseName: String
        public var tier: Int
        public var requested: Int64
        public var delivered: Int64
        /// What it took from the lots in reach of the explained request.
        public var fromTheseLots: Int64
    }

    public var request: Request
    public var tier: Int
    public var deadline: CalendarDate
    public var overdue: Bool
    public var excluded: Bool
    public var requested: Int64
    public var delivered: Int64
    public var served: [Served]
    /// Every lot of the material (after excludes), nearest first.
    public var lots: [LotReach]
    /// Units of the lots in reach, and who took them by tier (this request included).
    public var supplyInReach: Int64
    public var takenByTier: [Int: Int64]
    /// Requests other than this one that drew on its lots in reach, by tier then fill ratio.
    public var peers: [Peer]
    /// SPEC 9's reason, as the plan gives it (`RequestOutcome.reason`, the
    /// reason `unmet.csv` writes); `nil` when fully served or excluded.
    public var reason: UnmetReason?
    /// The reason made specific; `nil` when the request is fully served (or excluded).
    public var binding: BindingConstraint?
}

/// `allot explain` for an offer.
public struct OfferExplanation: Sendable {
    public struct LotUse: Hashable, Sendable {
        public var day: CalendarDate
        public var quantity: Int64
        public var lines: [DispatchLine]
        public var shipped: Int64 { lines.reduce(0) { $0 + $1.quantity.units } }
    }

    /// A request some lot of the offer could have served (in reach and in time) that got none of it.
    public struct Candidate: Hashable, Sendable {
        public var request: RecordKey
        public var enterpriseName: String
        public var tier: Int
        public var requested: Int64
        public var delivered: Int64
        public var roadDecikm: Int64
    }

    public var offer: Offer
    public var excluded: Bool
    public var lots: [LotUse]
    /// Who gets the offer: request → (enterprise name, tier).
    public var recipients: [RecordKey: (name: String, tier: Int)]
    /// Requests that could have taken it, by tier, then fill ratio (lowest first), then key.
    public var candidates: [Candidate]
    /// For a conversion offer (SPEC 14): what it received and made, and the lines that delivered its
    /// input to its supplier, in arrival order.
    public var conversion: ConversionOutcome?
    public var inputLines: [DispatchLine] = []
}

// MARK: - The night's facts

/// Lots, deadlines and overrides of a night, as the planner sees them.
struct NightFacts {
    let input: PlanningInput
    let overrides: OverrideSet
    let lotsByMaterial: [MaterialCode: [(offer: Offer, lot: Lot)]]
    /// Conversion offers' production (SPEC 14), which the plan made from its input lines.
    let conversions: [RecordKey: ConversionOutcome]

    init(input: PlanningInput, plan: Plan) {
        self.input = input
        overrides = OverrideSet(input: input)
        conversions = Dictionary(plan.conversions.map { ($0.offer, $0) }, uniquingKeysWith: { a, _ in a })
        var byMaterial = [MaterialCode: [(offer: Offer, lot: Lot)]]()
        for offer in input.offers.sorted(by: { $0.key < $1.key }) where !overrides.excludedOffers.contains(offer.key) {
            for lot in NightFacts.lots(of: offer, input: input, conversions: conversions) {
                byMaterial[offer.material, default: []].append((offer, lot))
            }
        }
        lotsByMaterial = byMaterial
    }

    /// An offer's lots: SPEC 5's, or for a conversion offer what the plan made.
    func lots(of offer: Offer) -> [Lot] { NightFacts.lots(of: offer, input: input, conversions: conversions) }

    private static func lots(of offer: Offer, input: PlanningInput, conversions: [RecordKey: ConversionOutcome]) -> [Lot] {
        offer.kind == .conversion ? conversions[offer.key]?.lots ?? []
            : LotBuilder.lots(of: offer, planDate: input.planDate, lastDay: input.lastDay)
    }

    func deadline(of request: Request) -> Deadline {
        input.policy.deadline(neededBy: request.neededBy, planDate: input.planDate)
    }

    func reach(_ offer: Offer, _ lot: Lot, to request: Request, deadline: CalendarDate) -> LotReach? {
        guard let a = input.regions[offer.region], let b = input.regions[request.region] else { return nil }
        let d = RoadDistance.decikm(from: a, to: b, roadFactor: input.policy.roadFactor)
        let policy = input.policy
        return LotReach(offer: offer.key, supplierName: offer.supplierName, day: lot.day, quantity: lot.quantity.units,
                        roadDecikm: d, transitDays: policy.transitDays(decikm: d), withinDistance: policy.allowsDistance(decikm: d),
                        inTime: policy.arrivesInTime(shippedOn: lot.day, decikm: d, deadline: deadline),
                        forbidden: overrides.forbidden.contains(.init(offer: offer.key, request: request.key)),
                        earmark: offer.earmark, failedEarmark: offer.earmark?.failedEarmark(request, in: input.regions))
    }
}

// MARK: - Requests

extension RequestExplanation {
    init(request: Request, facts: NightFacts, plan: Plan) {
        let input = facts.input
        self.request = request
        let reach = facts.deadline(of: request)
        let deadline = reach.day
        tier = input.policy.tier(of: request.category)
        self.deadline = deadline
        self.overdue = reach.overdue
        excluded = facts.overrides.excludedRequests.contains(request.key)
        requested = request.quantity.units
        let outcome = plan.outcomes.first { $0.request == request.key }
        delivered = outcome?.delivered.units ?? 0
        if let t = outcome?.tier { tier = t }

        let offers = Dictionary(input.offers.map { ($0.key, $0) }, uniquingKeysWith: { a, _ in a })
        served = plan.lines.filter { $0.request == request.key }
            .sorted { ($0.lotDay, $0.offer) < ($1.lotDay, $1.offer) }
            .map { Served(line: $0, supplierName: offers[$0.offer]?.supplierName ?? "") }

        let lots = (facts.lotsByMaterial[request.material] ?? []).compactMap {
            facts.reach($0.offer, $0.lot, to: request, deadline: deadline)
        }.sorted { ($0.roadDecikm, $0.day, $0.offer) < ($1.roadDecikm, $1.day, $1.offer) }
        self.lots = lots

        // Who took the lots in reach.
        struct LotID: Hashable { var offer: RecordKey; var day: CalendarDate }
        let inReach = lots.filter(\.inReach)
        let inReachIDs = Set(inReach.map { LotID(offer: $0.offer, day: $0.day) })
        supplyInReach = inReach.reduce(0) { $0 + $1.quantity }
        var taken = [Int: Int64]()
        var fromLots = [RecordKey: Int64]()
        for line in plan.lines where line.material == request.material && inReachIDs.contains(LotID(offer: line.offer, day: line.lotDay)) {
            taken[line.tier, default: 0] += line.quantity.units
            fromLots[line.request, default: 0] += line.quantity.units
        }
        takenByTier = taken
        let requests = Dictionary(input.requests.map { ($0.key, $0) }, uniquingKeysWith: { a, _ in a })
        let outcomes = Dictionary(plan.outcomes.map { ($0.request, $0) }, uniquingKeysWith: { a, _ in a })
        peers = fromLots.keys.filter { $0 != request.key }.compactMap { key -> Peer? in
            guard let o = outcomes[key] else { return nil }
            return Peer(request: key, enterpriseName: requests[key]?.enterpriseName ?? "", tier: o.tier,
                        requested: o.requested.units, delivered: o.delivered.units, fromTheseLots: fromLots[key]!)
        }.sorted {
            if $0.tier != $1.tier { return $0.tier < $1.tier }
            let a = Double($0.delivered) / Double(max(1, $0.requested)), b = Double($1.delivered) / Double(max(1, $1.requested))
            return a != b ? a < b : $0.request < $1.request
        }

        let tier = self.tier, requested = self.requested, delivered = self.delivered
        binding = nil
        // The plan's reason, made by `UnmetReason.first` where the plan is assembled: explain
        // never works it out a second time, so it says what unmet.csv says.
        reason = excluded ? nil : outcome?.reason
        guard let reason, delivered < requested else { return }
        let usable = lots.filter { !$0.forbidden && $0.failedEarmark == nil }
        let within = usable.filter(\.withinDistance)
        switch reason {
        case .noOfferInReach:
            let earmarked = lots.filter { !$0.forbidden && $0.failedEarmark != nil && $0.withinDistance }
            if !earmarked.isEmpty {
                binding = .earmarked(lots: earmarked)
                return
            }
            binding = .distance(nearestDecikm: usable.map(\.roadDecikm).min(), maxDistanceKm: input.policy.maxDistanceKm)
            return
        case .deadlineUnreachable:
            binding = .deadline(deadline: deadline, earliestArrival: within.map(\.arriveBy).min() ?? deadline,
                                overdue: self.overdue)
            return
        case .capped:
            let limit = facts.overrides.caps(for: request.material)[request.enterpriseID] ?? 0
            let keys = Set(input.requests.filter {
                $0.enterpriseID == request.enterpriseID && $0.material == request.material
            }.map(\.key))
            binding = .cap(limit: limit, delivered: plan.outcomes.filter { keys.contains($0.request) }
                .reduce(Int64(0)) { $0 + $1.delivered.units })
            return
        case .capacityExhausted:
            break   // made specific below: lots left over, taken by earlier tiers, shared within the tier, or just too few
        }
        let used = taken.values.reduce(0, +)
        if supplyInReach > used {
            binding = .leftover(left: supplyInReach - used)
            return
        }
        let sameTier = taken[tier] ?? 0
        let higher = taken.filter { $0.key < tier && $0.value > 0 }
        if sameTier == 0 && !higher.isEmpty {
            binding = .higherTiers(tiers: higher.keys.sorted(), taken: higher.values.reduce(0, +))
            return
        }
        // A fair share needs someone to share with: another request of the tier that drew on these lots.
        if peers.contains(where: { $0.tier == tier && $0.fromTheseLots > 0 }) {
            binding = .fairShare(tier: tier, level: Double(delivered) / Double(requested), share: input.policy.share)
            return
        }
        binding = .capacity(supply: supplyInReach, taken: fromLots[request.key] ?? 0)
    }
}

// MARK: - Offers

extension OfferExplanation {
    init(offer: Offer, facts: NightFacts, plan: Plan) {
        self.offer = offer
        let input = facts.input
        excluded = facts.overrides.excludedOffers.contains(offer.key)
        let ownLots = excluded ? [] : facts.lots(of: offer)
        conversion = facts.conversions[offer.key]
        if let conversion {
            inputLines = plan.lines.filter {
                $0.material == conversion.inputMaterial && plan.request(of: $0)?.enterpriseID == offer.supplierID
            }.sorted { ($0.arriveBy, $0.request) < ($1.arriveBy, $1.request) }
        }
        let lines = plan.lines.filter { $0.offer == offer.key }
        lots = ownLots.map { lot in
            LotUse(day: lot.day, quantity: lot.quantity.units,
                   lines: lines.filter { $0.lotDay == lot.day }.sorted { ($0.tier, $0.request) < ($1.tier, $1.request) })
        }
        let requests = Dictionary(input.requests.map { ($0.key, $0) }, uniquingKeysWith: { a, _ in a })
        var recipients = [RecordKey: (name: String, tier: Int)]()
        for line in lines { recipients[line.request] = (requests[line.request]?.enterpriseName ?? "", line.tier) }
        self.recipients = recipients

        let outcomes = Dictionary(plan.outcomes.map { ($0.request, $0) }, uniquingKeysWith: { a, _ in a })
        var candidates = [Candidate]()
        for request in input.requests where request.material == offer.material && recipients[request.key] == nil {
            guard let outcome = outcomes[request.key] else { continue }   // excluded
            let deadline = facts.deadline(of: request).day
            let reach = ownLots.compactMap { facts.reach(offer, $0, to: request, deadline: deadline) }.filter(\.inReach)
            guard let nearest = reach.map(\.roadDecikm).min() else { continue }
            candidates.append(Candidate(request: request.key, enterpriseName: request.enterpriseName, tier: outcome.tier,
                                        requested: outcome.requested.units, delivered: outcome.delivered.units,
                                        roadDecikm: nearest))
        }
        self.candidates = candidates.sorted {
            if $0.tier != $1.tier { return $0.tier < $1.tier }
            let a = $0.delivered.multipliedFullWidth(by: max(1, $1.requested))
            let b = $1.delivered.multipliedFullWidth(by: max(1, $0.requested))
            if a.high != b.high || a.low != b.low { return a.high != b.high ? a.high < b.high : a.low < b.low }
            return $0.request < $1.request
        }
    }
}

private func < <A: Comparable, B: Comparable>(lhs: (A, B), rhs: (A, B)) -> Bool {
    lhs.0 != rhs.0 ? lhs.0 < rhs.0 : lhs.1 < rhs.1
}

private func < <A: Comparable, B: Comparable, C: Comparable>(lhs: (A, B, C), rhs: (A, B, C)) -> Bool {
    if lhs.0 != rhs.0 { return lhs.0 < rhs.0 }
    if lhs.1 != rhs.1 { return lhs.1 < rhs.1 }
    return lhs.2 < rhs.2
}
