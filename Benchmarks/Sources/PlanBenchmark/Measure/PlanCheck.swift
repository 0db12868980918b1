import AllotCore
import AllotPlanner

/// Checks a plan against the night it was made for, from SPEC 5, 7 and 8
/// alone, so a faster wrong planner cannot pass:
///
/// - every line: a positive quantity between an offer and a request that take
///   part (not excluded) and have the line's material; a lot day the offer
///   really has; the road distance and transit days of SPEC 5, within
///   max_distance_km and arriving by the deadline; no forbidden pair; the
///   request's tier; `pinned` exactly on pairs a pin that holds names;
/// - earmarks (SPEC 12): every line's request qualifies under each earmark
///   its offer carries; substitution (SPEC 13): a line's lot material is the
///   requested one or in its list, `requested_material` the request's;
/// - conversion (SPEC 14): the production lots recomputed from the plan's
///   own input lines to each supplier (`ProductionCheck`) are the ones in
///   `Plan.conversions`, with the input received; a conversion offer's lines
///   ship on those days, within those lots;
/// - per lot (offer, day): Σ lines ≤ the offer's quantity (its production lot for a conversion offer);
/// - per request: one outcome with its requested quantity, tier and overdue
///   flag, delivered = Σ its lines ≤ requested, a reason exactly when short;
///   none for excluded requests;
/// - per cap: Σ delivered to the enterprise's requests of that material ≤ cap;
/// - per pin that holds: its pair ships at least the pinned quantity; the
///   overrides that cannot hold are the ones rejected.
///
/// Tier totals are returned, for the parent to hold tier 1 against the
/// bench's own maximum flow (`TierOneNetwork`).
struct PlanCheck {
    struct Result: Codable {
        /// The first problems found (at most `shownProblems`).
        var problems: [String] = []
        var problemCount = 0
        /// Material → tier → Σ delivered.
        var tierTotals: [String: [String: Int64]] = [:]
        var lines = 0
        var pinnedLines = 0
        var requestsShort = 0
        /// Σ quantity × road decikm.
        var transportDecikm: Int64 = 0
        var overrideRejects = 0
        /// Lines from earmarked offers; lines a substitute serves; lines from conversion offers.
        var earmarkedLines = 0
        var substitutedLines = 0
        var conversionLines = 0
        /// Conversion offers in `Plan.conversions`, and Σ their recomputed lots.
        var conversionOffers = 0
        var produced: Int64 = 0
    }

    static let shownProblems = 20

    static func check(plan: Plan, input: PlanningInput, schedule: Schedule, geography: Geography,
                      evaluation: OverrideEvaluation) -> Result {
        var result = Result()
        func problem(_ text: @autoclosure () -> String) {
            if result.problemCount < shownProblems { result.problems.append(text()) }
            result.problemCount += 1
        }
        var offerIndex = [RecordKey: Int](minimumCapacity: input.offers.count)
        for (i, o) in input.offers.enumerated() { offerIndex[o.key] = i }
        var requestIndex = [RecordKey: Int](minimumCapacity: input.requests.count)
        for (i, r) in input.requests.enumerated() { requestIndex[r.key] = i }

        struct LotKey: Hashable { var offer: Int; var day: CalendarDate }
        var lotUse = [LotKey: Int64]()
        var delivered = [Int64](repeating: 0, count: input.requests.count)
        let pinPairs = Set(evaluation.pins.map { OverrideEvaluation.Pair(offer: $0.offer, request: $0.request) })
        var pairShipped = [OverrideEvaluation.Pair: Int64]()
        let rules = SupplyChainRules(input: input)

        // SPEC 14: the lots of the conversion offers, from what the plan delivers of their input to their suppliers.
        var pools = Set<ProductionCheck.Pool>()
        for o in input.offers where o.kind == .conversion {
            if let c = o.conversion { pools.insert(.init(supplier: o.supplierID, input: c.material)) }
        }
        var deliveries = [ProductionCheck.Pool: [(arriveBy: CalendarDate, quantity: Int64)]]()
        if !pools.isEmpty {
            for line in plan.lines {
                guard let r = requestIndex[line.request] else { continue }
                let pool = ProductionCheck.Pool(supplier: input.requests[r].enterpriseID, input: line.material)
                if pools.contains(pool) {
                    deliveries[pool, default: []].append((line.lotDay.adding(days: line.transitDays), line.quantity.units))
                }
            }
        }
        let production = ProductionCheck(input: input, schedule: schedule, excludedOffers: evaluation.excludedOffers,
                                         deliveries: deliveries)
        var planned = Set<RecordKey>()
        for c in plan.conversions {
            guard let o = offerIndex[c.offer], let lots = production.lots[o] else {
                problem("conversion \(c.offer): not a conversion offer taking part"); continue
            }
            planned.insert(c.offer)
            let theirs = Dictionary(c.lots.map { ($0.day, $0.quantity.units) }, uniquingKeysWith: +)
            if theirs != lots {
                let a = lots.sorted { $0.key < $1.key }.map { "\($0.key): \($0.value)" }.joined(separator: ", ")
                let b = theirs.sorted { $0.key < $1.key }.map { "\($0.key): \($0.value)" }.joined(separator: ", ")
                problem("conversion \(c.offer): lots [\(b)], SPEC 14 makes [\(a)]")
            }
            if c.inputReceived != production.received[o] {
                problem("conversion \(c.offer): input received \(c.inputReceived), its supplier's lines deliver \(production.received[o] ?? 0)")
            }
            result.conversionOffers += 1
            result.produced += lots.values.reduce(0, +)
        }
        for o in production.lots.keys where !planned.contains(input.offers[o].key) {
            problem("conversion \(input.offers[o].key): missing from the plan's conversions")
        }

        result.lines = plan.lines.count
        for line in plan.lines {
            let q = line.quantity.units
            guard q > 0 else { problem("line \(line.offer) → \(line.request): quantity \(q)"); continue }
            guard let o = offerIndex[line.offer], let r = requestIndex[line.request] else {
                problem("line \(line.offer) → \(line.request): no such offer or request in the night")
                continue
            }
            let offer = input.offers[o], request = input.requests[r]
            let label = "line \(line.offer) → \(line.request) on \(line.lotDay)"
            if evaluation.excludedOffers.contains(o) { problem("\(label): the offer is excluded") }
            if evaluation.excludedRequests.contains(r) { problem("\(label): the request is excluded") }
            if line.material != offer.material || line.requestedMaterial != request.material
                || !rules.mayServe(line.material, request.material) {
                problem("\(label): material \(line.material) (requested \(line.requestedMaterial)), offer \(offer.material), request \(request.material)")
            }
            if line.material != request.material { result.substitutedLines += 1 }
            if offer.earmark != nil {
                result.earmarkedLines += 1
                if !rules.qualifies(request, for: offer) { problem("\(label): the request does not qualify under \(offer.earmark!)") }
            }
            if offer.kind == .conversion {
                result.conversionLines += 1
                if production.lots[o]?[line.lotDay] == nil { problem("\(label): the conversion offer makes no lot that day") }
            } else if !schedule.lotDays(offer).contains(line.lotDay) { problem("\(label): the offer has no lot that day") }
            let d = geography.decikm(geography.index(of: offer.region), geography.index(of: request.region))
            if line.roadDecikm != d { problem("\(label): road \(line.roadDecikm) decikm, SPEC 5 gives \(d)") }
            if !geography.withinLimit(d) { problem("\(label): \(d) decikm is beyond max_distance_km") }
            let transit = geography.transitDays(d)
            if line.transitDays != transit { problem("\(label): \(line.transitDays) transit days, SPEC 5 gives \(transit)") }
            let deadline = schedule.deadline(request)
            if line.lotDay.adding(days: transit) > deadline { problem("\(label): arrives after the deadline \(deadline)") }
            let pair = OverrideEvaluation.Pair(offer: o, request: r)
            if evaluation.forbidden.contains(pair) { problem("\(label): the pair is forbidden") }
            let tier = input.policy.tier(of: request.category)
            if line.tier != tier { problem("\(label): tier \(line.tier), the request's category gives \(tier)") }
            if line.pinned != pinPairs.contains(pair) { problem("\(label): pinned = \(line.pinned)") }
            if line.pinned { result.pinnedLines += 1 }
            lotUse[LotKey(offer: o, day: line.lotDay), default: 0] += q
            delivered[r] += q
            if pinPairs.contains(pair) { pairShipped[pair, default: 0] += q }
            result.transportDecikm += q * d
        }
        for (lot, used) in lotUse {
            let offer = input.offers[lot.offer]
            let holds = offer.kind == .conversion ? production.lots[lot.offer]?[lot.day] ?? 0 : offer.quantity.units
            if used > holds { problem("lot \(offer.key) on \(lot.day): ships \(used), holds \(holds)") }
        }

        var seen = [Bool](repeating: false, count: input.requests.count)
        for outcome in plan.outcomes {
            guard let r = requestIndex[outcome.request] else { problem("outcome for unknown \(outcome.request)"); continue }
            let request = input.requests[r]
            let label = "request \(outcome.request)"
            if seen[r] { problem("\(label): two outcomes") }
            seen[r] = true
            if evaluation.excludedRequests.contains(r) { problem("\(label): excluded, yet has an outcome") }
            if outcome.requested != request.quantity { problem("\(label): requested \(outcome.requested), is \(request.quantity)") }
            if outcome.delivered.units != delivered[r] {
                problem("\(label): delivered \(outcome.delivered), its lines add up to \(delivered[r])")
            }
            if delivered[r] > request.quantity.units { problem("\(label): gets \(delivered[r]) of \(request.quantity)") }
            let tier = input.policy.tier(of: request.category)
            if outcome.tier != tier { problem("\(label): tier \(outcome.tier), expected \(tier)") }
            if outcome.overdue != schedule.isOverdue(request) { problem("\(label): overdue = \(outcome.overdue)") }
            if (outcome.reason == nil) != (outcome.delivered == outcome.requested) {
                problem("\(label): delivered \(outcome.delivered) of \(outcome.requested) with reason \(outcome.reason?.rawValue ?? "none")")
            }
            if outcome.delivered < outcome.requested { result.requestsShort += 1 }
            result.tierTotals[request.material.rawValue, default: [:]][String(tier), default: 0] += outcome.delivered.units
        }
        var missing = 0
        for r in input.requests.indices where !seen[r] && !evaluation.excludedRequests.contains(r) {
            missing += 1
            if missing <= 3 { problem("request \(input.requests[r].key): no outcome") }
        }
        if missing > 3 { problem("\(missing) requests in all have no outcome") }

        var capUse = [OverrideEvaluation.CapKey: Int64]()
        for (r, request) in input.requests.enumerated() {
            let key = OverrideEvaluation.CapKey(material: request.material, enterprise: request.enterpriseID)
            if evaluation.caps[key] != nil { capUse[key, default: 0] += delivered[r] }
        }
        for (key, used) in capUse where used > evaluation.caps[key]! {
            problem("cap on \(key.enterprise) for \(key.material): delivers \(used), cap \(evaluation.caps[key]!)")
        }
        var pinned = [OverrideEvaluation.Pair: Int64]()
        for pin in evaluation.pins { pinned[.init(offer: pin.offer, request: pin.request), default: 0] += pin.quantity }
        for (pair, q) in pinned where pairShipped[pair, default: 0] < q {
            problem("pin \(input.offers[pair.offer].key) → \(input.requests[pair.request].key): ships \(pairShipped[pair, default: 0]) of \(q)")
        }
        result.overrideRejects = plan.overrideRejects.count
        let rejected = plan.overrideRejects.map(\.line).sorted()
        if rejected != evaluation.rejectedLines {
            problem("overrides rejected on lines \(rejected.prefix(10)), SPEC 7 rejects lines \(evaluation.rejectedLines.prefix(10))")
        }
        return result
    }
}
