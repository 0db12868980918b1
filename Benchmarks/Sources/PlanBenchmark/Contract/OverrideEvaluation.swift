import AllotCore
import AllotPlanner

/// SPEC 7 applied by the bench itself: excludes, forbids, caps, then pins in
/// file order, each pin taken from the latest lots of its offer that reach
/// its request (an earlier lot of the same offer reaches whatever a later one
/// does, so this leaves the most for the rest). An override that cannot hold
/// is counted as rejected.
///
/// Records are named by their index in `input.offers` / `input.requests`.
struct OverrideEvaluation {
    struct Pair: Hashable {
        var offer: Int
        var request: Int
    }

    struct CapKey: Hashable {
        var material: MaterialCode
        var enterprise: CreditCode
    }

    struct Pin {
        var line: Int
        var offer: Int
        var request: Int
        var quantity: Int64
    }

    private(set) var excludedOffers = Set<Int>()
    private(set) var excludedRequests = Set<Int>()
    private(set) var forbidden = Set<Pair>()
    /// Offers and requests that some forbid names.
    private(set) var forbiddenOffers = Set<Int>()
    private(set) var forbiddenRequests = Set<Int>()
    /// The limit per (material, enterprise), and what pins leave of it.
    private(set) var caps = [CapKey: Int64]()
    private(set) var capResidual = [CapKey: Int64]()
    /// Pins that hold, in file order.
    private(set) var pins = [Pin]()
    /// Per request, what its pins deliver.
    private(set) var pinnedByRequest = [Int: Int64]()
    /// Per offer with a pin: its lots' days and what pins leave of each.
    private(set) var lotResidual = [Int: [(day: CalendarDate, quantity: Int64)]]()
    /// Lines of `overrides.csv` that cannot hold.
    private(set) var rejectedLines = [Int]()

    init(input: PlanningInput, schedule: Schedule, geography: Geography) {
        // Only the records overrides name are looked up, so a million requests need no dictionary of names.
        let named = Set(input.overrides.flatMap { [$0.offer?.description, $0.request?.description].compactMap { $0 } })
        var offerByName = [String: Int](), requestByName = [String: Int]()
        for (i, o) in input.offers.enumerated() {
            let name = o.key.description
            if named.contains(name), offerByName[name] == nil { offerByName[name] = i }
        }
        for (i, r) in input.requests.enumerated() {
            let name = r.key.description
            if named.contains(name), requestByName[name] == nil { requestByName[name] = i }
        }

        var pending = [Override]()
        let ordered = [Override.Action.exclude, .forbid, .cap, .pin].flatMap { action in input.overrides.filter { $0.action == action } }
        for o in ordered {
            let offer = o.offer.flatMap { offerByName[$0.description] }
            let request = o.request.flatMap { requestByName[$0.description] }
            if (o.offer != nil && offer == nil) || (o.request != nil && request == nil) {
                rejectedLines.append(o.line)
                continue
            }
            switch o.action {
            case .exclude:
                if let offer { excludedOffers.insert(offer) }
                if let request { excludedRequests.insert(request) }
            case .forbid:
                guard let offer, let request else { rejectedLines.append(o.line); continue }
                forbidden.insert(Pair(offer: offer, request: request))
                forbiddenOffers.insert(offer)
                forbiddenRequests.insert(request)
            case .cap:
                guard let e = o.enterpriseID, let m = o.material, let q = o.quantity else { rejectedLines.append(o.line); continue }
                let key = CapKey(material: m, enterprise: e)
                caps[key] = min(caps[key] ?? Int64.max, q.units)
            case .pin:
                if let offer, excludedOffers.contains(offer) { rejectedLines.append(o.line); continue }
                if let request, excludedRequests.contains(request) { rejectedLines.append(o.line); continue }
                pending.append(o)
            }
        }
        capResidual = caps
        let rules = SupplyChainRules(input: input)

        for o in pending {
            guard let offer = o.offer.flatMap({ offerByName[$0.description] }),
                  let request = o.request.flatMap({ requestByName[$0.description] }) else {
                rejectedLines.append(o.line)
                continue
            }
            let of = input.offers[offer], rq = input.requests[request]
            let quantity = o.quantity?.units ?? 0
            // SPEC 12 and 13: a pin that breaks an earmark, or joins materials the request's list does not, cannot hold.
            guard rules.mayServe(of.material, rq.material), rules.qualifies(rq, for: of),
                  !forbidden.contains(Pair(offer: offer, request: request)) else {
                rejectedLines.append(o.line)
                continue
            }
            if lotResidual[offer] == nil { lotResidual[offer] = schedule.lotDays(of).map { ($0, of.quantity.units) } }
            let d = geography.decikm(geography.index(of: of.region), geography.index(of: rq.region))
            let deadline = schedule.deadline(rq)
            let reaching = lotResidual[offer]!.indices.filter {
                geography.withinLimit(d) && lotResidual[offer]![$0].day.adding(days: geography.transitDays(d)) <= deadline
            }
            let available = reaching.reduce(Int64(0)) { $0 + lotResidual[offer]![$1].quantity }
            let requestLeft = rq.quantity.units - (pinnedByRequest[request] ?? 0)
            let capKey = CapKey(material: rq.material, enterprise: rq.enterpriseID)
            guard !reaching.isEmpty, quantity <= available, quantity <= requestLeft,
                  quantity <= capResidual[capKey] ?? Int64.max else {
                rejectedLines.append(o.line)
                continue
            }
            var left = quantity
            for l in reaching.sorted(by: { lotResidual[offer]![$0].day > lotResidual[offer]![$1].day }) where left > 0 {
                let take = min(left, lotResidual[offer]![l].quantity)
                lotResidual[offer]![l].quantity -= take
                left -= take
            }
            pinnedByRequest[request, default: 0] += quantity
            if let c = capResidual[capKey] { capResidual[capKey] = c - quantity }
            pins.append(Pin(line: o.line, offer: offer, request: request, quantity: quantity))
        }
        rejectedLines.sort()
    }

    /// What pins leave of one lot (the offer's quantity when no pin took from it).
    func residual(offer: Int, day: CalendarDate, quantity: Int64) -> Int64 {
        lotResidual[offer]?.first { $0.day == day }?.quantity ?? quantity
    }
}
