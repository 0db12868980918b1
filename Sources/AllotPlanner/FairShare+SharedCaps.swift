import FlowSolver

/// A shared cap that the parametric fill broke, tried first as per-class bounds (Decision 13, step 3). The
/// classes of one cap that the cap holds back share a fill ratio μ, so each class of a broken cap is bounded
/// by min(ceiling, max(floor, μ·requested − pinned)) and the tier filled again with step 1's parametric
/// cuts. μ is searched per cap (Newton steps on the cap's total, which rises piecewise linearly with μ, kept
/// in a bracket) until the total meets the room the earlier tiers left. Where the bounds cost the tier some
/// of its maximum, a maximum flow with the caps shows which classes the maximum needs lower (they get
/// ceilings) or, when none, higher (floors). A cap that the bounds break in turn is searched too. The result
/// is kept only when the certificate holds.
extension FairShare {
    /// The tier's values with each broken cap's classes bounded as above, when the certificate holds; `nil`
    /// otherwise (the network's flow is then back at `before`).
    func splitCapsCertified(members: [Int], candidate: [Double], value: [Double], tolerance: Double, before: [Double],
                            network: inout ParametricFlow, demands: ([Int: Double]) -> [ParametricFlow.Demand])
        -> [Double]? {
        var groups = brokenCapGroups(members: members, candidate: candidate, value: value, tolerance: tolerance)
        network.setFlows(before)
        guard !groups.isEmpty else { return nil }
        var broken = groups.map(\.capArc)
        let noise = 1_000 * tolerance
        var floor = [Int: Double](), ceiling = [Int: Double]()
        for _ in 0..<FairShare.levelSearchRounds {
            var bounds = [Int: Double]()
            for g in groups {
                for c in g.classes { bounds[c] = g.bound(of: nodes[c], floor: floor[c] ?? 0, ceiling: ceiling[c] ?? .infinity) }
            }
            let levelValues = network.levelValues(demands(bounds), source: source, sink: sink)
            var split = value
            for (k, c) in members.enumerated() { split[c] = nodes[c].pinned + levelValues[k] }
            var settled = true
            for k in groups.indices {
                let total = groups[k].classes.reduce(0.0) { $0 + split[$1] - nodes[$1].pinned }
                // The total rises with μ at the weight of the classes held at a bound that μ sets.
                let slope = groups[k].classes.reduce(0.0) { sum, c in
                    let bound = bounds[c]!
                    let byLevel = bound > (floor[c] ?? 0)
                        && bound < min(nodes[c].requested - nodes[c].pinned, ceiling[c] ?? .infinity)
                    return byLevel && split[c] - nodes[c].pinned >= bound - noise ? sum + nodes[c].requested : sum
                }
                if groups[k].step(total: total, slope: slope, tolerance: max(noise, 1e-9 * groups[k].room)) {
                    settled = false
                }
            }
            guard settled else { network.setFlows(before); continue }
            // Settled: the flow that carries the values, for the checks below.
            let added = network.realize(demands(bounds), values: levelValues, source: source, sink: sink)
            for (k, c) in members.enumerated() { split[c] = nodes[c].pinned + added[k] }
            var flow = network.flow
            for n in nodes { if let a = n.capArc { flow[a] += flow[n.arc] } }
            if brokenCap(split, tolerance: tolerance) != nil {
                // Bounding some classes gave others more and broke another shared cap: search that one too.
                let more = brokenCapGroups(members: members, candidate: split, value: value, tolerance: tolerance)
                    .filter { !broken.contains($0.capArc) }
                guard !more.isEmpty else { break }
                groups += more
                broken += more.map(\.capArc)
                network.setFlows(before)
                continue
            }
            switch certificate(members: members, brokenCaps: broken, value: split, flow: flow, tolerance: tolerance) {
            case .holds:
                return split
            case .cycle:
                network.setFlows(before)
                return nil
            case .augmentingPath:
                // The bounds cost the tier some of its maximum. A maximum flow with the caps from this flow
                // lowers classes whose supply others need (their new ceilings) or, when it lowers none, raises
                // those the maximum needs higher (floors); then μ is searched again.
                let maximum = maximumWithCaps(members: members, flow: flow, tolerance: tolerance)
                let capped = groups.flatMap(\.classes)
                let lowered = capped.filter { maximum[nodes[$0].arc] < flow[nodes[$0].arc] - noise }
                if !lowered.isEmpty {
                    for c in lowered { ceiling[c] = min(ceiling[c] ?? .infinity, maximum[nodes[c].arc]) }
                } else {
                    for c in capped where maximum[nodes[c].arc] > flow[nodes[c].arc] + noise {
                        floor[c] = max(floor[c] ?? 0, maximum[nodes[c].arc])
                    }
                }
                for k in groups.indices { groups[k].reopen() }
                network.setFlows(before)
            }
        }
        network.setFlows(before)
        return nil
    }

    /// The flow of a maximum flow with the caps from `flow`, the tier's classes free up to their requests and
    /// every other class held.
    func maximumWithCaps(members: [Int], flow: [Double], tolerance: Double) -> [Double] {
        let memberSet = Set(members)
        var maximum = FractionalMaxFlow(nodeCount: nodeCount, tail: tail, head: head,
                                        capacity: tierCapacity(memberSet: memberSet, flow: flow), tolerance: tolerance)
        for e in tail.indices { maximum.setFlow(e, flow[e]) }
        for (c, n) in nodes.enumerated() where !memberSet.contains(c) { maximum.held[n.arc] = true }
        maximum.augment(from: source, to: sink)
        return maximum.flow
    }

    /// Arc capacities for filling a tier: its classes up to their requests, every other class at its flow.
    func tierCapacity(memberSet: Set<Int>, flow: [Double]) -> [Double] {
        var capacity = baseCapacity
        for (c, n) in nodes.enumerated() {
            capacity[n.arc] = memberSet.contains(c) ? max(0, n.requested - n.pinned) : flow[n.arc]
        }
        return capacity
    }

    /// Fills of the tier while searching the broken caps' levels, before filling level by level instead.
    static let levelSearchRounds = 12

    /// One broken cap: its classes in the tier, the room the earlier tiers left in it, and the search for
    /// the common level μ of the classes it holds back.
    struct CapLevelSearch {
        var capArc: Int
        var classes: [Int]
        var room: Double
        var level: Double
        /// μ values known to give a total at most (`low`) and above (`high`) the room.
        var low = 0.0
        var high = Double.infinity

        /// Class `node`'s upper bound beyond its pins at the current level.
        func bound(of node: Node, floor: Double, ceiling: Double) -> Double {
            max(0, min(node.requested - node.pinned, ceiling, max(floor, level * node.requested - node.pinned)))
        }

        /// Forgets the bracket, when floors or ceilings change.
        mutating func reopen() { low = 0; high = .infinity }

        /// Takes the group's total at the current level; moves the level and returns true unless the total
        /// meets the room (or lies below it with no class held at its bound, so raising μ cannot help).
        mutating func step(total: Double, slope: Double, tolerance: Double) -> Bool {
            if total > room + tolerance {
                high = min(high, level)
            } else if total < room - tolerance && slope > 0 {
                low = max(low, level)
            } else {
                return false
            }
            let newton = slope > 0 ? level - (total - room) / slope : .nan
            let next = newton > low && newton < high ? newton : (high.isFinite ? (low + high) / 2 : min(1, 2 * level))
            guard next != level else { return false }
            level = next
            return true
        }
    }

    /// Each cap the uncapped fill broke and that groups several classes of the tier, with a first level: the
    /// ratio at which water-filling the classes' uncapped values (each at most what it got) meets the room.
    func brokenCapGroups(members: [Int], candidate: [Double], value: [Double], tolerance: Double)
        -> [CapLevelSearch] {
        var groups = [Int: [Int]]()
        var left = [Int: Double]()
        let memberSet = Set(members)
        for (c, n) in nodes.enumerated() {
            guard let a = n.capArc else { continue }
            if memberSet.contains(c) { groups[a, default: []].append(c) } else { left[a, default: baseCapacity[a]] -= value[c] - n.pinned }
        }
        var searches = [CapLevelSearch]()
        for a in groups.keys.sorted() {
            let group = groups[a]!
            let room = max(0, left[a, default: baseCapacity[a]])
            let load = group.reduce(0.0) { $0 + candidate[$1] - nodes[$1].pinned }
            guard group.count > 1, load > room + tolerance else { continue }
            func share(_ c: Int, _ rho: Double) -> Double {
                min(candidate[c] - nodes[c].pinned, max(0, rho * nodes[c].requested - nodes[c].pinned))
            }
            var low = 0.0, high = 1.0
            for _ in 0..<100 {
                let mid = (low + high) / 2
                if group.reduce(0.0, { $0 + share($1, mid) }) <= room { low = mid } else { high = mid }
            }
            searches.append(CapLevelSearch(capArc: a, classes: group, room: room, level: low))
        }
        return searches
    }

    enum Certificate { case holds, augmentingPath, cycle }

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
        let memberSet = Set(members)
        let capacity = tierCapacity(memberSet: memberSet, flow: flow)
        var fixed = [Bool](repeating: false, count: tail.count)
        for (c, n) in nodes.enumerated() where !memberSet.contains(c) { fixed[n.arc] = true }
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
