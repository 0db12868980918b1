import FlowSolver

/// A shared cap that the parametric fill broke, tried first as per-class bounds: the cap split among its
/// classes by water-filling their fill ratios (classes that got less without the cap keep that), then the
/// parametric fill again, then a certificate that the result is the leximin point with the caps.
extension FairShare {
    /// The tier's values with each broken cap split into per-class bounds, when the certificate holds; `nil`
    /// otherwise (the network's flow is then back at `before`). When the split leaves the tier below its
    /// maximum, the split is moved along augmenting paths (a max flow with the caps from the split's flow)
    /// and tried again, a few times.
    func splitCapsCertified(members: [Int], candidate: [Double], value: [Double], tolerance: Double, before: [Double],
                            network: inout ParametricFlow, demands: ([Int: Double]) -> [ParametricFlow.Demand])
        -> [Double]? {
        var bounds = splitCaps(members: members, candidate: candidate, value: value, tolerance: tolerance)
        network.setFlows(before)
        guard !bounds.isEmpty else { return nil }
        let broken = Set(bounds.keys.compactMap { nodes[$0].capArc }).sorted()
        for _ in 0..<FairShare.splitRounds {
            let added = network.fill(demands(bounds), source: source, sink: sink)
            var split = value
            for (k, c) in members.enumerated() { split[c] = nodes[c].pinned + added[k] }
            var flow = network.flow
            for n in nodes { if let a = n.capArc { flow[a] += flow[n.arc] } }
            guard brokenCap(split, tolerance: tolerance) == nil else { break }
            switch certificate(members: members, brokenCaps: broken, value: split, flow: flow, tolerance: tolerance) {
            case .holds:
                return split
            case .cycle:
                network.setFlows(before)
                return nil
            case .augmentingPath:
                // The most the tier can take with the caps, from this flow: the bounded classes' new flows are
                // the next split.
                var capacity = baseCapacity
                let memberSet = Set(members)
                for (c, n) in nodes.enumerated() {
                    capacity[n.arc] = memberSet.contains(c) ? max(0, n.requested - n.pinned) : flow[n.arc]
                }
                var maximum = FractionalMaxFlow(nodeCount: nodeCount, tail: tail, head: head, capacity: capacity,
                                                tolerance: tolerance)
                for e in tail.indices { maximum.setFlow(e, flow[e]) }
                for (c, n) in nodes.enumerated() where !memberSet.contains(c) { maximum.held[n.arc] = true }
                maximum.augment(from: source, to: sink)
                for c in bounds.keys { bounds[c] = maximum.flow[nodes[c].arc] }
                network.setFlows(before)
            }
        }
        network.setFlows(before)
        return nil
    }

    /// Rounds of moving a split along augmenting paths before filling level by level instead.
    static let splitRounds = 4

    enum Certificate { case holds, augmentingPath, cycle }

    /// Per-class upper bounds (beyond pins) splitting each broken cap among its classes of the tier.
    func splitCaps(members: [Int], candidate: [Double], value: [Double], tolerance: Double) -> [Int: Double] {
        var groups = [Int: [Int]]()
        var left = [Int: Double]()
        let memberSet = Set(members)
        for (c, n) in nodes.enumerated() {
            guard let a = n.capArc else { continue }
            if memberSet.contains(c) { groups[a, default: []].append(c) } else { left[a, default: baseCapacity[a]] -= value[c] - n.pinned }
        }
        var bounds = [Int: Double]()
        for a in groups.keys.sorted() {
            let group = groups[a]!
            let room = max(0, left[a, default: baseCapacity[a]])
            let load = group.reduce(0.0) { $0 + candidate[$1] - nodes[$1].pinned }
            guard group.count > 1, load > room + tolerance else { continue }
            // The ratio ρ at which Σ min(got_i, max(0, ρ·requested_i − pinned_i)) = room, by bisection.
            func share(_ c: Int, _ rho: Double) -> Double {
                min(candidate[c] - nodes[c].pinned, max(0, rho * nodes[c].requested - nodes[c].pinned))
            }
            var low = 0.0, high = 1.0
            for _ in 0..<100 {
                let mid = (low + high) / 2
                if group.reduce(0.0, { $0 + share($1, mid) }) <= room { low = mid } else { high = mid }
            }
            for c in group { bounds[c] = share(c, low) }
        }
        return bounds
    }

    /// Whether `value` is the tier's leximin point with the caps (`.holds`), given that it is the leximin point
    /// with the broken caps' classes bounded: no augmenting path from the source to the sink (the tier is at its
    /// maximum), and no residual cycle that raises some class j while lowering only classes of a higher fill
    /// ratio than j's. Any such cycle raises a bounded class above its bound (else it would improve the
    /// bounded problem), so it passes through a broken cap's node c: it is found as a class j with room whose
    /// tail c reaches and whose head reaches c, in the residual network where only classes above j's ratio
    /// may be lowered. Classes are taken by falling ratio, so the network only grows and the two reachable
    /// sets grow with it.
    /// - Complexity: O(nodes + arcs) per broken cap, plus sorting.
    func certificate(members: [Int], brokenCaps: [Int], value: [Double], flow: [Double], tolerance: Double)
        -> Certificate {
        // Flows stop within the tolerance of their bounds, so a cycle must carry more than this noise, and a
        // lowered class's ratio must exceed the raised one's by more than its share of it.
        let noise = 1_000 * tolerance
        var capacity = baseCapacity
        let memberSet = Set(members)
        var fixed = [Bool](repeating: false, count: tail.count)
        for (c, n) in nodes.enumerated() {
            if memberSet.contains(c) { capacity[n.arc] = max(0, n.requested - n.pinned) } else { fixed[n.arc] = true }
        }
        // Residual arcs: 2e forward, 2e + 1 backward; a backward tier arc lowers its class and waits for its ratio.
        var ratioOfArc = [Double](repeating: -1, count: tail.count)
        for c in members { ratioOfArc[nodes[c].arc] = max(0, value[c] - noise) / nodes[c].requested }
        var present = [Bool](repeating: false, count: 2 * tail.count)
        var lowering = [(ratio: Double, r: Int)]()
        for e in tail.indices where !fixed[e] {
            if capacity[e] - flow[e] > noise { present[2 * e] = true }
            if flow[e] > noise {
                if ratioOfArc[e] >= 0 { lowering.append((ratioOfArc[e], 2 * e + 1)) } else { present[2 * e + 1] = true }
            }
        }
        lowering.sort { $0.ratio > $1.ratio }
        var outFirst = [Int32](repeating: 0, count: nodeCount + 1), inFirst = outFirst
        for e in tail.indices {
            outFirst[Int(tail[e]) + 1] += 1; outFirst[Int(head[e]) + 1] += 1
        }
        for v in 0..<nodeCount { outFirst[v + 1] += outFirst[v] }
        inFirst = outFirst
        // Each node's residual arcs leaving it (by `from`) and entering it (by `to`).
        var leaving = [Int32](repeating: 0, count: 2 * tail.count), entering = leaving
        var fillOut = outFirst, fillIn = inFirst
        for e in tail.indices {
            let t = Int(tail[e]), h = Int(head[e])
            leaving[Int(fillOut[t])] = Int32(2 * e); fillOut[t] += 1
            leaving[Int(fillOut[h])] = Int32(2 * e + 1); fillOut[h] += 1
            entering[Int(fillIn[h])] = Int32(2 * e); fillIn[h] += 1
            entering[Int(fillIn[t])] = Int32(2 * e + 1); fillIn[t] += 1
        }
        @inline(__always) func from(_ r: Int) -> Int { r & 1 == 0 ? Int(tail[r >> 1]) : Int(head[r >> 1]) }
        @inline(__always) func to(_ r: Int) -> Int { r & 1 == 0 ? Int(head[r >> 1]) : Int(tail[r >> 1]) }

        func grow(_ seen: inout [Bool], from start: Int, forward: Bool) {
            guard !seen[start] else { return }
            seen[start] = true
            var stack = [start]
            let arcs = forward ? leaving : entering
            let first = forward ? outFirst : inFirst
            while let u = stack.popLast() {
                for i in Int(first[u])..<Int(first[u + 1]) {
                    let r = Int(arcs[i])
                    guard present[r] else { continue }
                    let v = forward ? to(r) : from(r)
                    if !seen[v] { seen[v] = true; stack.append(v) }
                }
            }
        }
        var fromSource = [Bool](repeating: false, count: nodeCount)
        let saved = present
        for (_, r) in lowering { present[r] = true }
        grow(&fromSource, from: Int(source), forward: true)
        if fromSource[Int(sink)] { return .augmentingPath }
        present = saved

        let rising = members.filter { capacity[nodes[$0].arc] - flow[nodes[$0].arc] > noise }
            .sorted { value[$0] / nodes[$0].requested > value[$1] / nodes[$1].requested }
        for capArc in brokenCaps {
            present = saved
            let hub = Int(tail[capArc])
            var reached = [Bool](repeating: false, count: nodeCount), reaching = reached
            grow(&reached, from: hub, forward: true)
            grow(&reaching, from: hub, forward: false)
            var next = 0
            for c in rising {
                let arc = nodes[c].arc
                let ratio = value[c] / nodes[c].requested
                while next < lowering.count && lowering[next].ratio > ratio + 1e-9 * max(1, ratio) {
                    let r = lowering[next].r
                    next += 1
                    present[r] = true
                    if reached[from(r)] { grow(&reached, from: to(r), forward: true) }
                    if reaching[to(r)] { grow(&reaching, from: from(r), forward: false) }
                }
                if reached[Int(tail[arc])] && reaching[Int(head[arc])] { return .cycle }
            }
        }
        return .holds
    }
}
