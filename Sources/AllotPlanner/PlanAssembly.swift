import AllotCore

/// Splits a solved material network back into shipments between real lots
/// and requests, and records each request's outcome and unmet reason.
struct PlanAssembly {
    let problem: MaterialProblem
    let classes: ProblemClasses
    let layout: NetworkLayout
    /// Flow per network arc: structural arcs, then request arcs.
    let arcFlow: [Int64]
    /// Fair values per request class (pinned included), with `share = "maxmin"`.
    let fairValues: [Double]?

    /// Some of one lot's goods on their way, with the road they take.
    private struct Piece {
        var lot: Int
        var quantity: Int64
        var decikm: Int64
    }

    func solution(profile: PlanningProfile.Material) -> MaterialSolver.Solution {
        let memberShare = requestMemberShares()

        // Lot classes hand their flow along reach arcs, in day order per region: first what earlier days passed
        // on along the lot chain, then their own members in order; what the chain arc carries goes on.
        var arcsOf = [[Int]](repeating: [], count: classes.lotClasses.count)
        for (a, arc) in classes.arcs.enumerated() where arcFlow[a] > 0 { arcsOf[arc.lotClass].append(a) }
        var passedOn = [[Piece]](repeating: [], count: classes.lotClasses.count)
        var atArrive = [[Piece]](repeating: [], count: classes.arrives.count)
        var atClass = [[Piece]](repeating: [], count: classes.requestClasses.count)
        for (lc, lotClass) in classes.lotClasses.enumerated() {
            var pool = passedOn[lc]
            passedOn[lc] = []
            pool += lotClass.members.map { Piece(lot: $0, quantity: problem.lots[$0].residual, decikm: 0) }
            var front = 0
            func take(_ amount: Int64, decikm: Int64, into pieces: inout [Piece]) {
                var left = amount
                while left > 0 && front < pool.count {
                    let quantity = min(left, pool[front].quantity)
                    if quantity > 0 { pieces.append(Piece(lot: pool[front].lot, quantity: quantity, decikm: decikm)) }
                    pool[front].quantity -= quantity
                    left -= quantity
                    if pool[front].quantity == 0 { front += 1 }
                }
                #if ALLOT_INTERNAL_CHECKS
                precondition(left == 0, "lot class \(lc) hands out more than it holds")
                #endif
            }
            for a in arcsOf[lc] {
                let arc = classes.arcs[a]
                switch arc.target {
                case .arrive(let node): take(arcFlow[a], decikm: arc.decikm, into: &atArrive[node])
                case .requestClass(let c): take(arcFlow[a], decikm: arc.decikm, into: &atClass[c])
                }
            }
            if let next = lotClass.next, let e = layout.lotChainArc[lc], arcFlow[e] > 0 {
                take(arcFlow[e], decikm: 0, into: &passedOn[next])
            }
        }

        // Arrive nodes serve their request classes; what is left goes on to the next deadline.
        let chainHeads = Set(classes.arrives.indices).subtracting(classes.arrives.compactMap(\.next)).sorted()
        for head in chainHeads {
            var pool = [Piece]()
            var node: Int? = head
            while let a = node {
                pool += atArrive[a]
                var front = 0
                for (i, attach) in classes.arrives[a].attached.enumerated() {
                    let c = attach.requestClass
                    var need = arcFlow[layout.attachArcs[a][i]]
                    while need > 0 && front < pool.count {
                        let take = min(need, pool[front].quantity)
                        atClass[c].append(Piece(lot: pool[front].lot, quantity: take, decikm: pool[front].decikm))
                        pool[front].quantity -= take
                        need -= take
                        if pool[front].quantity == 0 { front += 1 }
                    }
                }
                pool.removeFirst(front)
                node = classes.arrives[a].next
            }
        }

        // Request classes hand what arrives to their members in order.
        var shipments = [Shipment]()
        var delivered = problem.requests.map(\.pinned)
        for (c, rc) in classes.requestClasses.enumerated() {
            var targets = rc.members.map { memberShare[$0] }
            var m = 0
            for piece in atClass[c] {
                var left = piece.quantity
                while left > 0 && m < rc.members.count {
                    let take = min(left, targets[m])
                    if take > 0 {
                        shipments.append(Shipment(lot: piece.lot, request: rc.members[m], quantity: take,
                                                  decikm: piece.decikm))
                        delivered[rc.members[m]] += take
                        targets[m] -= take
                        left -= take
                    }
                    if targets[m] == 0 { m += 1 }
                }
            }
        }
        #if ALLOT_INTERNAL_CHECKS
        for (r, entry) in problem.requests.enumerated() {
            precondition(delivered[r] <= entry.request.quantity.units, "\(entry.request.key) gets more than it asked")
        }
        for (c, rc) in classes.requestClasses.enumerated() {
            let got = rc.members.reduce(Int64(0)) { $0 + delivered[$1] - problem.requests[$1].pinned }
            precondition(got == arcFlow[layout.requestArcBase + c], "class \(c) split \(got) of its flow")
        }
        #endif
        var pinnedPairs = Set<MaterialProblem.PairKey>()
        for piece in problem.pinnedPieces {
            shipments.append(Shipment(
                lot: piece.lot, request: piece.request, quantity: piece.quantity,
                decikm: problem.decikm(problem.lots[piece.lot].region, problem.requests[piece.request].request.region)))
            pinnedPairs.insert(.init(offer: problem.lots[piece.lot].lot.offer, request: problem.requests[piece.request].request.key))
        }

        // Few requests have pins: most lines are told apart by index, without hashing their keys.
        let pinnedRequests = Set(problem.pinnedPieces.map(\.request))
        var solution = MaterialSolver.Solution(profile: profile)
        // In (request, offer, day) order, as the plan lists them (lots and requests are in key order), the
        // shipments of one lot to one request summed into one line.
        shipments.sort { ($0.request, $0.lot) < ($1.request, $1.lot) }
        var next = 0
        while next < shipments.count {
            let first = shipments[next]
            var quantity: Int64 = 0
            while next < shipments.count && shipments[next].request == first.request && shipments[next].lot == first.lot {
                quantity += shipments[next].quantity
                next += 1
            }
            guard quantity > 0 else { continue }
            let lot = problem.lots[first.lot], request = problem.requests[first.request]
            let d = first.decikm
            solution.lines.append(DispatchLine(
                material: lot.material, quantity: Quantity(quantity), offer: lot.lot.offer, lotDay: lot.lot.day,
                request: request.request.key, offerIndex: lot.offerIndex, requestIndex: request.requestIndex,
                tier: request.tier, roadDecikm: d, transitDays: problem.policy.transitDays(decikm: d),
                pinned: pinnedRequests.contains(first.request)
                    && pinnedPairs.contains(.init(offer: lot.lot.offer, request: request.request.key)),
                requestedMaterial: request.request.material))
        }
        solution.outcomes = outcomes(delivered: delivered)
        return solution
    }

    /// What one lot sends one request, by index (a pair's distance is the same in every shipment).
    private struct Shipment {
        var lot: Int
        var request: Int
        var quantity: Int64
        var decikm: Int64
    }

    /// What each request gets from the network (pins aside): its class's flow
    /// split by requested quantity, each within one unit of its exact share.
    private func requestMemberShares() -> [Int64] {
        var share = [Int64](repeating: 0, count: problem.requests.count)
        let inflow = classes.requestClasses.indices.map { arcFlow[layout.requestArcBase + $0] }
        for (c, rc) in classes.requestClasses.enumerated() {
            if rc.members.count == 1 {
                share[rc.members[0]] = inflow[c]
                continue
            }
            let total = Double(rc.requested)
            let classValue = fairValues?[c] ?? Double(inflow[c])
            let exact = rc.members.map { classValue * Double(problem.requests[$0].request.quantity.units) / total }
            share.apportion(inflow[c], among: rc.members, exact: exact,
                            limits: rc.members.map { problem.requests[$0].residual })
        }
        return share
    }

    /// SPEC 9's reasons, the first that applies.
    private func outcomes(delivered: [Int64]) -> [RequestOutcome] {
        var capUsed = [MaterialProblem.CapKey: Int64]()
        for (r, entry) in problem.requests.enumerated() where problem.capResidual[problem.capKey(of: entry.request)] != nil {
            capUsed[problem.capKey(of: entry.request), default: 0] += delivered[r] - entry.pinned
        }
        var classOf = [Int](repeating: 0, count: problem.requests.count)
        for (c, rc) in classes.requestClasses.enumerated() { for m in rc.members { classOf[m] = c } }

        return problem.requests.enumerated().map { r, entry in
            let requested = entry.request.quantity.units
            var reason: UnmetReason? = nil
            if delivered[r] < requested {
                let c = classOf[r]
                let cap = problem.capKey(of: entry.request)
                let capReached = problem.capResidual[cap].map { capUsed[cap, default: 0] >= $0 } ?? false
                reason = .first(anyLotInDistance: classes.anyLotInDistance[c], anyLotInTime: classes.deadlineReachable[c],
                                capReached: capReached)
            }
            return RequestOutcome(request: entry.request.key, requestIndex: entry.requestIndex, tier: entry.tier, requested: entry.request.quantity,
                                  delivered: Quantity(delivered[r]), overdue: entry.overdue, reason: reason)
        }
    }
}

extension Array where Element == Int64 {
    /// Shares `total` among `members` (indices into self) so each gets its
    /// exact share rounded down or up (largest fractional parts first, ties by
    /// member order), never more than its limit.
    mutating func apportion(_ total: Int64, among members: [Int], exact: [Double], limits: [Int64]) {
        var base = members.indices.map { i in Swift.max(0, Swift.min(limits[i], Int64(exact[i].rounded(.down)))) }
        var left = total - base.reduce(0, +)
        if left < 0 {
            // The class got less than the floors (the fair values were rounded the other way): scale down.
            let sum = exact.reduce(0, +)
            base = members.indices.map { i in sum > 0 ? Int64((exact[i] / sum * Double(total)).rounded(.down)) : 0 }
            left = total - base.reduce(0, +)
        }
        let order = members.indices.sorted { a, b in
            let fa = exact[a] - exact[a].rounded(.down), fb = exact[b] - exact[b].rounded(.down)
            return fa != fb ? fa > fb : a < b
        }
        var pass = 0
        while left > 0 && pass < 64 {
            var moved = false
            for i in order where left > 0 && base[i] < limits[i] {
                base[i] += 1
                left -= 1
                moved = true
            }
            if !moved { break }
            pass += 1
        }
        for (i, m) in members.enumerated() { self[m] = base[i] }
    }
}
