import FlowSolver
@testable import AllotPlanner

/// The planner's earlier fair-share algorithm, kept as a reference for the
/// parametric one: SPEC 8 step 2 by progressive filling, one level at a time.
/// Exact when no cap groups request classes of one tier (with such caps it
/// filled below the tier's maximum total, which is why the planner no longer
/// uses it).
///
/// For each tier in turn (earlier tiers held at their values), raise a common
/// fill ratio λ for the tier's unsettled requests as far as the network
/// allows — found by Newton's method on minimum cuts, each step a max flow —
/// then settle every request that cannot rise above λ while the others keep
/// theirs, and go on with the rest from λ. Values are real numbers; whole
/// units come from rounding afterwards (`MaterialSolver`).
struct ProgressiveFillingReference {
    typealias Node = FairShare.Node

    let nodeCount: Int
    let source: Int32
    let sink: Int32
    let tail: [Int32]
    let head: [Int32]
    /// Capacities of the arcs that are not request arcs (lots, reach, caps).
    let baseCapacity: [Double]
    let nodes: [Node]

    /// Residual capacity below this fraction of the total supply counts as zero.
    static let relativeTolerance = 1e-12

    /// Newton steps per level before giving up on exactness.
    private static let maxNewtonSteps = 200

    /// Each request class's value: its fair delivered quantity, pinned included.
    ///
    /// Flows are warm-started: the flow found at the current level stays
    /// feasible when capacities rise, so each trial level only pushes the
    /// increment from a copy of it.
    func values() -> [Double] {
        var value = [Double?](repeating: nil, count: nodes.count)
        let requestArcs = Set(nodes.map(\.arc))
        // Tolerances relative to what can flow at all: the supply leaving the source. (Not the sum of all
        // capacities: reach arcs are effectively unbounded, and a tolerance grown with them let Newton's
        // method stop far below the true level on a national night.)
        var supply = 0.0
        for e in tail.indices where tail[e] == source { supply += baseCapacity[e] }
        let tolerance = FairShare.relativeTolerance * max(1, supply)
        var capacity = baseCapacity
        for n in nodes { capacity[n.arc] = 0 }
        var base = FractionalMaxFlow(nodeCount: nodeCount, tail: tail, head: head, capacity: capacity, tolerance: tolerance)
        for tier in Set(nodes.map(\.tier)).sorted() {
            var active = [Int]()
            for (c, n) in nodes.enumerated() where n.tier == tier {
                if n.requested - n.pinned <= 0 { value[c] = n.pinned } else { active.append(c) }
            }
            var level = 0.0
            while !active.isEmpty {
                // The largest λ the network allows, by Newton steps down from 1.
                var lambda = 1.0
                var flow = trial(base, lambda: lambda, active: active)
                for _ in 0..<ProgressiveFillingReference.maxNewtonSteps {
                    let demand = requestDemand(lambda: lambda, active: active, value: value)
                    let delivered = requestArcs.reduce(0.0) { $0 + flow.flow[$1] }
                    if delivered >= demand - tolerance { break }
                    let cut = flow.reachable(from: source)
                    var fixedCut = 0.0, fixedDemand = 0.0
                    let activeArcs = Set(active.map { nodes[$0].arc })
                    for e in 0..<tail.count where !activeArcs.contains(e) {
                        if cut[Int(tail[e])] && !cut[Int(head[e])] { fixedCut += flow.capacity[e] }
                        if requestArcs.contains(e) { fixedDemand += flow.capacity[e] }
                    }
                    var pinnedOut = 0.0, weightOut = 0.0
                    for c in active {
                        let n = nodes[c]
                        let crossing = cut[Int(tail[n.arc])] && !cut[Int(head[n.arc])]
                        if !crossing && lambda * n.requested > n.pinned {
                            pinnedOut += n.pinned
                            weightOut += n.requested
                        }
                    }
                    guard weightOut > 0 else { break }
                    let next = max(level, (fixedCut - fixedDemand + pinnedOut) / weightOut)
                    guard next < lambda else { break }
                    lambda = next
                    flow = trial(base, lambda: lambda, active: active)
                }

                // Settle every request that cannot rise above λ while the others keep theirs.
                var probe = flow
                for c in nodes.indices { probe.held[nodes[c].arc] = true }
                let reach = probe.reachable(from: source)
                var settled = [Int]()
                for c in active {
                    let n = nodes[c]
                    let full = lambda >= 1 - 1e-12
                    let room = n.capArc.map { flow.capacity[$0] - flow.flow[$0] > tolerance } ?? true
                    if full || !reach[Int(tail[n.arc])] || !room { settled.append(c) }
                }
                if settled.isEmpty { settled = active }   // numerical safety: never loop forever
                for c in settled { value[c] = max(nodes[c].pinned, min(nodes[c].requested, lambda * nodes[c].requested)) }
                let settledSet = Set(settled)
                active.removeAll { settledSet.contains($0) }
                level = lambda
                base = flow
                for c in settled { base.capacity[nodes[c].arc] = value[c]! - nodes[c].pinned }
            }
        }
        return value.map { $0 ?? 0 }
    }

    /// A copy of `base` with the active requests' arcs raised to level λ, augmented.
    private func trial(_ base: FractionalMaxFlow, lambda: Double, active: [Int]) -> FractionalMaxFlow {
        var flow = base
        for c in active {
            let n = nodes[c]
            flow.capacity[n.arc] = max(flow.flow[n.arc], min(n.requested - n.pinned, max(0, lambda * n.requested - n.pinned)))
        }
        flow.augment(from: source, to: sink)
        return flow
    }

    /// What the request arcs must carry at level λ.
    private func requestDemand(lambda: Double, active: [Int], value: [Double?]) -> Double {
        var total = 0.0
        for (c, n) in nodes.enumerated() {
            if let v = value[c] { total += v - n.pinned }
        }
        for c in active { total += max(0, lambda * nodes[c].requested - nodes[c].pinned) }
        return total
    }

}
