import AllotCore

/// SPEC 7: overrides applied in the order exclude, forbid, cap, then pins in
/// file order. One that cannot hold becomes a reject; the rest still apply.
struct OverrideSet {
    private(set) var excludedOffers = Set<RecordKey>()
    private(set) var excludedRequests = Set<RecordKey>()
    private(set) var forbidden = Set<MaterialProblem.PairKey>()
    private var capsByMaterial = [MaterialCode: [CreditCode: Int64]]()
    private var pins: [Override] = []
    private(set) var rejects: [Reject] = []
    private let file: String
    /// The keys overrides name that tonight's input holds, with their material.
    private let offerKeys: [RecordKey: MaterialCode]
    private let requestKeys: [RecordKey: MaterialCode]
    private let substitutes: Substitutes

    init(input: PlanningInput) {
        file = input.overridesFile
        substitutes = input.policy.substitutes
        offerKeys = OverrideSet.present(Set(input.overrides.compactMap(\.offer)),
                                        in: input.offers.lazy.map { ($0.key, $0.material) })
        requestKeys = OverrideSet.present(Set(input.overrides.compactMap(\.request)),
                                          in: input.requests.lazy.map { ($0.key, $0.material) })
        let ordered = input.overrides.filter { $0.action == .exclude } + input.overrides.filter { $0.action == .forbid }
            + input.overrides.filter { $0.action == .cap } + input.overrides.filter { $0.action == .pin }
        for o in ordered { apply(o) }
    }

    func caps(for material: MaterialCode) -> [CreditCode: Int64] { capsByMaterial[material] ?? [:] }

    /// Those of `named` that are among `keys`. Ids are compared first: most records share no id with a
    /// named one, so few keys are hashed whole.
    private static func present(_ named: Set<RecordKey>,
                                in records: some Sequence<(RecordKey, MaterialCode)>) -> [RecordKey: MaterialCode] {
        guard !named.isEmpty else { return [:] }
        let ids = Set(named.map(\.id))
        var found = [RecordKey: MaterialCode]()
        for (key, material) in records where ids.contains(key.id) && named.contains(key) { found[key] = material }
        return found
    }

    private mutating func reject(_ o: Override, _ message: String, code: RejectCode = .overrideNotApplied) {
        rejects.append(rejection(o, message, code: code))
    }

    private func rejection(_ o: Override, _ message: String, code: RejectCode = .overrideNotApplied) -> Reject {
        Reject(file: file, line: o.line, field: "action", source: "overrides",
               recordID: [o.offer?.description, o.request?.description].compactMap { $0 }.joined(separator: " -> "),
               code: code, message: message, raw: o.raw)
    }

    private mutating func apply(_ o: Override) {
        let offer = o.offer.flatMap { offerKeys[$0] != nil ? $0 : nil }
        let request = o.request.flatMap { requestKeys[$0] != nil ? $0 : nil }
        if let ref = o.offer, offer == nil { return reject(o, "\(o.action.rawValue): no offer \(ref) in tonight's plan") }
        if let ref = o.request, request == nil { return reject(o, "\(o.action.rawValue): no request \(ref) in tonight's plan") }
        // A pin or forbid joins an offer and a request only where the offer's material may serve the request's.
        if let offer, let request, o.action == .pin || o.action == .forbid,
           let lotMaterial = offerKeys[offer], let requested = requestKeys[request],
           substitutes.rank(of: lotMaterial, serving: requested) == nil {
            return reject(o, "\(o.action.rawValue): \(offer) offers \(lotMaterial) and \(request) asks for \(requested), which \(lotMaterial) may not serve ([substitutes])",
                          code: .overrideMaterialMismatch)
        }
        switch o.action {
        case .exclude:
            if let offer { excludedOffers.insert(offer) }
            if let request { excludedRequests.insert(request) }
        case .forbid:
            guard let offer, let request else { return reject(o, "forbid needs an offer and a request") }
            forbidden.insert(MaterialProblem.PairKey(offer: offer, request: request))
        case .cap:
            guard let enterprise = o.enterpriseID, let material = o.material, let q = o.quantity else {
                return reject(o, "cap needs enterprise_id, material and quantity")
            }
            let current = capsByMaterial[material]?[enterprise] ?? Int64.max
            capsByMaterial[material, default: [:]][enterprise] = min(current, q.units)
        case .pin:
            if let offer, excludedOffers.contains(offer) { return reject(o, "pin: the offer \(offer) is excluded") }
            if let request, excludedRequests.contains(request) { return reject(o, "pin: the request \(request) is excluded") }
            pins.append(o)
        }
    }

    /// Applies this problem's pins in file order, taking each from the
    /// latest lots of the offer that reach the request (an earlier lot can
    /// serve whatever a later one can, so this leaves the most to the rest),
    /// and returns the pins that cannot hold as rejects.
    func applyPins(to problem: inout MaterialProblem, offers: [RecordKey: Offer]) -> [Reject] {
        var rejects = [Reject]()
        func reject(_ o: Override, _ message: String) { rejects.append(rejection(o, message)) }
        for o in pins {
            // A pin is its request's problem's: a substitute offer with no lot and no request tonight is no
            // material of that problem, yet its pin must still hold or be a reject (SPEC 7, 13).
            guard let offerKey = o.offer, offerKeys[offerKey] != nil, let offer = offers[offerKey],
                  let requestKey = o.request, requestKeys[requestKey] != nil,
                  let r = problem.requestIndex(of: requestKey) else { continue }
            let quantity = o.quantity?.units ?? 0
            if problem.forbidden.contains(MaterialProblem.PairKey(offer: offerKey, request: requestKey)) {
                reject(o, "pin: \(offerKey) to \(requestKey) is forbidden")
                continue
            }
            if let earmark = offer.earmark,
               let kind = earmark.failedEarmark(problem.requests[r].request, in: problem.regions) {
                reject(o, "pin: \(offerKey) is earmarked (\(earmark)) and \(requestKey) does not qualify under \(kind.rawValue)")
                continue
            }
            var reachable = [Int]()
            for l in problem.lots.indices where problem.lots[l].lot.offer == offerKey && problem.reach(lot: l, request: r) != nil {
                reachable.append(l)
            }
            if reachable.isEmpty {
                reject(o, "pin: no lot of \(offerKey) can reach \(requestKey) in time within the distance limit")
                continue
            }
            let available = reachable.reduce(Int64(0)) { $0 + problem.lots[$1].residual }
            if quantity > available {
                reject(o, "pin: \(quantity) exceeds what is left of \(offerKey) for this request (\(available))")
                continue
            }
            if quantity > problem.requests[r].residual {
                reject(o, "pin: \(quantity) exceeds what is left of request \(requestKey) (\(problem.requests[r].residual))")
                continue
            }
            let capKey = problem.capKey(of: problem.requests[r].request)
            if let cap = problem.capResidual[capKey], quantity > cap {
                reject(o, "pin: \(quantity) exceeds what is left of the cap on \(capKey.enterprise) (\(cap))")
                continue
            }
            var left = quantity
            for l in reachable.sorted(by: { problem.lots[$0].lot.day > problem.lots[$1].lot.day }) where left > 0 {
                let take = min(left, problem.lots[l].residual)
                guard take > 0 else { continue }
                problem.lots[l].residual -= take
                problem.pinnedPieces.append(.init(lot: l, request: r, quantity: take))
                left -= take
            }
            problem.requests[r].pinned += quantity
            if let cap = problem.capResidual[capKey] { problem.capResidual[capKey] = cap - quantity }
        }
        return rejects
    }
}
