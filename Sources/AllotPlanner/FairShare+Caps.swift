import FlowSolver

/// Fair sharing of one tier when a cap binds: with caps the quantities a tier
/// can receive are no longer a polymatroid (two requests under one cap served
/// by different lots can force one of them to 0 at the tier's maximum), so the
/// parametric cuts do not apply. Progressive filling over the plans of the
/// tier's maximum total, with every earlier tier held: raise a common level λ
/// for the unsettled classes as a *lower* bound (bisection, each step a
/// feasible-flow test by max flow), then settle every class that no residual
/// cycle can raise while the others keep their bounds. Exact, and as slow as
/// the levels are many: it runs only for tiers where leaving caps out broke one
/// and splitting it into per-class bounds found no certificate.
extension FairShare {
    /// Bisection steps per level.
    private static let bisectionSteps = 60

    /// Fills tier `members` with the caps, from `flow` (earlier tiers at their values, this tier at 0 on its
    /// request arcs; cap arcs carrying their request arcs' flow). Updates `value` and leaves the filled flow.
    func fillWithCaps(members: [Int], value: inout [Double], flow: inout [Double], tolerance: Double) {
        let memberSet = Set(members)
        let capacity = tierCapacity(memberSet: memberSet, flow: flow)
        // The tier's maximum total, from the earlier tiers' flow.
        flow = maximumWithCaps(members: members, flow: flow, tolerance: tolerance)

        var settled = Set<Int>()
        var active = members.filter { nodes[$0].requested - nodes[$0].pinned > tolerance }
        var low = 0.0
        while !active.isEmpty {
            let fixed = fixedArcs(memberSet: memberSet, settled: settled)
            if let full = feasibleFlow(level: 1, active: active, fixed: fixed, capacity: capacity, flow: flow,
                                       tolerance: tolerance) {
                flow = full
                low = 1
            } else {
                var high = 1.0
                for _ in 0..<FairShare.bisectionSteps where high - low > 1e-15 {
                    let mid = (low + high) / 2
                    if let f = feasibleFlow(level: mid, active: active, fixed: fixed, capacity: capacity, flow: flow,
                                            tolerance: tolerance) {
                        flow = f
                        low = mid
                    } else {
                        high = mid
                    }
                }
            }
            // Settle who cannot rise. Flows found by bisection sit a hair off their bounds, so a class counts as
            // able to rise only by more than `slack`, widened until someone settles.
            var done = low >= 1 ? active : []
            var slack = tolerance * 1_000
            while done.isEmpty && slack <= tolerance * 1e12 {
                let rise = canRise(level: low, active: active, fixed: fixed, capacity: capacity, flow: flow,
                                   tolerance: slack)
                done = active.filter { !rise[$0]! }
                slack *= 100
            }
            if done.isEmpty { done = active }   // numerical safety: never loop forever
            for c in done {
                settled.insert(c)
                value[c] = nodes[c].pinned + flow[nodes[c].arc]
            }
            let doneSet = Set(done)
            active.removeAll { doneSet.contains($0) }
        }
        for c in members where !settled.contains(c) { value[c] = nodes[c].pinned + flow[nodes[c].arc] }
    }

    /// The lower bound level λ puts on an active class's request arc.
    private func lowerBound(_ c: Int, level: Double) -> Double {
        let n = nodes[c]
        return min(n.requested - n.pinned, max(0, level * n.requested - n.pinned))
    }

    /// A flow that keeps every other arc's flow where it is held, the tier's total, and gives every active
    /// class at least its bound at `level`; `nil` when there is none.
    /// Lower bounds by the usual reduction: each active arc's flow is its bound plus a flow on the rest of its
    /// capacity, and what the current flow still lacks of the bound enters at the arc's head from a super
    /// source and leaves its tail to a super sink.
    private func feasibleFlow(level: Double, active: [Int], fixed: [Bool], capacity: [Double], flow: [Double],
                              tolerance: Double) -> [Double]? {
        let superSource = Int32(nodeCount), superSink = Int32(nodeCount + 1)
        var t = tail, h = head
        var cap = capacity
        var start = flow
        var lows = [(arc: Int, low: Double)]()
        var lacking = 0.0
        for c in active {
            let arc = nodes[c].arc
            let l = lowerBound(c, level: level)
            lows.append((arc, l))
            cap[arc] = capacity[arc] - l
            if flow[arc] >= l {
                start[arc] = flow[arc] - l
            } else {
                start[arc] = 0
                let missing = l - flow[arc]
                lacking += missing
                t.append(superSource); h.append(head[arc]); cap.append(missing); start.append(0)
                t.append(tail[arc]); h.append(superSink); cap.append(missing); start.append(0)
            }
        }
        var network = FractionalMaxFlow(nodeCount: nodeCount + 2, tail: t, head: h, capacity: cap, tolerance: tolerance)
        for e in t.indices { network.setFlow(e, start[e]) }
        for (e, isFixed) in fixed.enumerated() where isFixed { network.held[e] = true }
        let pushed = network.augment(from: superSource, to: superSink)
        guard pushed >= lacking - max(tolerance, 1e-9 * lacking) else { return nil }
        var result = Array(network.flow[0..<tail.count])
        for (arc, l) in lows { result[arc] += l }
        return result
    }

    /// Request arcs whose flow is fixed: other tiers' and settled classes'.
    private func fixedArcs(memberSet: Set<Int>, settled: Set<Int>) -> [Bool] {
        var fixed = [Bool](repeating: false, count: tail.count)
        for (k, n) in nodes.enumerated() where !memberSet.contains(k) || settled.contains(k) { fixed[n.arc] = true }
        return fixed
    }

    /// Which active classes can rise above their bound while every other active class keeps its bound at
    /// `level`: those above it already, and those whose request arc lies on a residual cycle (its head and tail
    /// in one strongly connected component of the residual network).
    /// - Complexity: O(nodes + arcs), one Tarjan pass.
    private func canRise(level: Double, active: [Int], fixed: [Bool], capacity: [Double], flow: [Double],
                         tolerance: Double) -> [Int: Bool] {
        var lower = [Double](repeating: 0, count: tail.count)
        for c in active { lower[nodes[c].arc] = lowerBound(c, level: level) }
        // Residual network in CSR form.
        var degree = [Int32](repeating: 0, count: nodeCount + 1)
        var arcs = [(Int32, Int32)]()
        for e in tail.indices where !fixed[e] {
            if capacity[e] - flow[e] > tolerance { arcs.append((tail[e], head[e])) }
            if flow[e] - lower[e] > tolerance { arcs.append((head[e], tail[e])) }
        }
        for (u, _) in arcs { degree[Int(u) + 1] += 1 }
        for v in 0..<nodeCount { degree[v + 1] += degree[v] }
        var targets = [Int32](repeating: 0, count: arcs.count)
        var fill = degree
        for (u, v) in arcs { targets[Int(fill[Int(u)])] = v; fill[Int(u)] += 1 }
        let component = strongComponents(firstOut: degree, targets: targets)
        var result = [Int: Bool]()
        for c in active {
            let arc = nodes[c].arc
            let above = flow[arc] > lower[arc] + tolerance
            let room = capacity[arc] - flow[arc] > tolerance
            result[c] = above || (room && component[Int(tail[arc])] == component[Int(head[arc])])
        }
        return result
    }

    /// Tarjan's strongly connected components, iterative: a component number per node.
    private func strongComponents(firstOut: [Int32], targets: [Int32]) -> [Int32] {
        let n = nodeCount
        var index = [Int32](repeating: -1, count: n), low = [Int32](repeating: 0, count: n)
        var component = [Int32](repeating: -1, count: n)
        var onStack = [Bool](repeating: false, count: n)
        var stack = [Int32](), call = [(node: Int32, next: Int32)]()
        var counter: Int32 = 0, components: Int32 = 0
        for root in 0..<n where index[root] < 0 {
            call.append((Int32(root), firstOut[root]))
            index[root] = counter; low[root] = counter; counter += 1
            stack.append(Int32(root)); onStack[root] = true
            while let (u, next) = call.last {
                let ui = Int(u)
                if next < firstOut[ui + 1] {
                    call[call.count - 1].next += 1
                    let v = Int(targets[Int(next)])
                    if index[v] < 0 {
                        index[v] = counter; low[v] = counter; counter += 1
                        stack.append(Int32(v)); onStack[v] = true
                        call.append((Int32(v), firstOut[v]))
                    } else if onStack[v] {
                        low[ui] = min(low[ui], index[v])
                    }
                } else {
                    call.removeLast()
                    if let parent = call.last { low[Int(parent.node)] = min(low[Int(parent.node)], low[ui]) }
                    if low[ui] == index[ui] {
                        while let w = stack.popLast() {
                            onStack[Int(w)] = false
                            component[Int(w)] = components
                            if w == u { break }
                        }
                        components += 1
                    }
                }
            }
        }
        return component
    }
}
