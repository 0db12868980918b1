import FlowSolver

/// SPEC 8 step 2: leximin fill ratios within a tier, among the plans that keep
/// every tier total so far (Documentation/Decisions/0013).
///
/// For each tier in turn, with earlier tiers held at their values: the
/// quantities the tier's request classes can receive form a polymatroid when
/// no cap groups them, and its leximin point (fill ratios, weights =
/// requested) is found by parametric minimum cuts (`ParametricFlow.fill`), a
/// divide and conquer over levels rather than one level at a time. Caps are
/// first left out (a cap with one class of the tier is that class's bound);
/// when that answer keeps every cap it is also the answer with caps (it is
/// leximin over a larger set and lies in the smaller one). A broken shared cap
/// is split into per-class bounds and filled again, kept with a certificate
/// (`FairShare+SharedCaps.swift`); failing that, the tier is filled level by
/// level over the plans of the tier's maximum total, caps included
/// (`FairShare+Caps.swift`). Values are real numbers; whole units come from
/// rounding afterwards (`MaterialSolver`).
struct FairShare {
    struct Node {
        /// Σ requested, pinned included.
        var requested: Double
        var pinned: Double
        var tier: Int
        /// Index of the node's request arc in the network (it ends at the cap node or the sink).
        var arc: Int
        var capArc: Int?
    }

    let nodeCount: Int
    let source: Int32
    let sink: Int32
    let tail: [Int32]
    let head: [Int32]
    /// Capacities of the arcs that are not request arcs (lots, reach, caps).
    let baseCapacity: [Double]
    let nodes: [Node]
    /// Whether a broken shared cap is first tried as per-class bounds (off only to test the level-by-level way).
    var splitsSharedCaps = true

    /// Residual capacity below this fraction of the total supply counts as zero.
    static let relativeTolerance = 1e-12

    /// Tolerances relative to what can flow at all: the supply leaving the source. (Not the sum of all
    /// capacities: reach arcs are effectively unbounded, and a tolerance grown with them let the filling
    /// stop far below the true level on a national night.)
    var tolerance: Double {
        var supply = 0.0
        for e in tail.indices where tail[e] == source { supply += baseCapacity[e] }
        return FairShare.relativeTolerance * max(1, supply)
    }

    /// How a tier's values were found (Decision 13's steps).
    enum Step: Equatable {
        /// The parametric fill without caps kept every cap.
        case capsLeftOut
        /// Broken shared caps were split into per-class bounds, with a certificate.
        case capsSplit
        /// Level by level with the caps.
        case levelByLevel
    }

    struct Outcome {
        /// Each request class's value: its fair delivered quantity, pinned included.
        var values: [Double]
        /// For each tier, the step that found its values.
        var steps: [Int: Step]
        /// A flow per arc that delivers the values beyond the pins (request arcs run to the sink in it).
        var flow: [Double]
    }

    /// Each request class's value: its fair delivered quantity, pinned included.
    func values() -> [Double] { solve().values }

    func solve() -> Outcome {
        var steps = [Int: Step]()
        let tolerance = self.tolerance
        var value = nodes.map(\.pinned)
        let capArcs = Set(nodes.compactMap(\.capArc))
        // The network without caps: every request arc runs to the sink.
        var toSink = head
        var capacity = baseCapacity
        for n in nodes { toSink[n.arc] = sink; capacity[n.arc] = 0 }
        for e in capArcs { capacity[e] = 0 }
        var network = ParametricFlow(nodeCount: nodeCount, tail: tail, head: toSink, capacity: capacity,
                                     tolerance: tolerance)
        for n in nodes { network.held[n.arc] = true }
        for tier in Set(nodes.map(\.tier)).sorted() {
            let members = nodes.indices.filter { nodes[$0].tier == tier }
            for c in members { network.held[nodes[c].arc] = false }
            // A cap with one request class of this tier (the earlier tiers held) is that class's upper bound.
            var capLeft = [Int: Double]()
            var capMembers = [Int: Int]()
            for (c, n) in nodes.enumerated() {
                guard let a = n.capArc else { continue }
                if n.tier < tier { capLeft[a, default: baseCapacity[a]] -= value[c] - n.pinned }
                if n.tier == tier && n.requested - n.pinned > 0 { capMembers[a, default: 0] += 1 }
            }
            let before = network.flow
            let demands = { (bounds: [Int: Double]) in
                members.map { c in
                    let n = nodes[c]
                    let bound = bounds[c]
                        ?? n.capArc.flatMap { capMembers[$0] == 1 ? capLeft[$0, default: baseCapacity[$0]] : nil }
                    return ParametricFlow.Demand(arc: n.arc, requested: n.requested, pinned: n.pinned, upper: bound)
                }
            }
            var candidate = value
            // The flow that carries the values is only routed when they are kept.
            let levelValues = network.levelValues(demands([:]), source: source, sink: sink)
            for (k, c) in members.enumerated() { candidate[c] = nodes[c].pinned + levelValues[k] }
            if brokenCap(candidate, tolerance: tolerance) == nil {
                let added = network.realize(demands([:]), values: levelValues, source: source, sink: sink)
                for (k, c) in members.enumerated() { candidate[c] = nodes[c].pinned + added[k] }
                value = candidate
                steps[tier] = .capsLeftOut
            } else if splitsSharedCaps, let split = splitCapsCertified(members: members, candidate: candidate, value: value,
                                                     tolerance: tolerance, before: before, network: &network,
                                                     demands: demands) {
                value = split
                steps[tier] = .capsSplit
            } else {
                steps[tier] = .levelByLevel
                // Level by level with the caps: the cap arcs carry what their request arcs do.
                var flow = before
                for n in nodes { if let a = n.capArc { flow[a] += flow[n.arc] } }
                fillWithCaps(members: members, value: &value, flow: &flow, tolerance: tolerance)
                for e in capArcs { flow[e] = 0 }
                network.setFlows(flow)
            }
            for c in members { network.held[nodes[c].arc] = true }
        }
        return Outcome(values: value, steps: steps, flow: network.flow)
    }

    /// A cap arc whose request classes' values (beyond their pins) exceed its capacity, if any.
    func brokenCap(_ value: [Double], tolerance: Double) -> Int? {
        var load = [Int: Double]()
        for (c, n) in nodes.enumerated() { if let a = n.capArc { load[a, default: 0] += value[c] - n.pinned } }
        return load.keys.sorted().first { load[$0]! > baseCapacity[$0] + tolerance }
    }
}
