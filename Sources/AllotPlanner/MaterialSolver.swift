import AllotCore
import FlowSolver

/// Plans one material (SPEC 8): builds the network of lot classes, request
/// classes and cap nodes, solves it, and splits class flows back into
/// shipments between lots and requests.
///
/// Network: source → lot class (its supply) → request class (reach; cost =
/// road decikm) → cap node or sink (bounds from the share step; cost −W_tier)
/// → sink → source. One minimum-cost circulation then gives the tier totals
/// in order and the least transport (`TierWeights`). With `share = "maxmin"`
/// the request arcs are first bounded by floor..ceil of each class's fair
/// value (`FairShare`), which keeps every tier total.
enum MaterialSolver {
    struct Solution {
        var lines: [DispatchLine] = []
        var outcomes: [RequestOutcome] = []
    }

    static func solve(_ input: MaterialProblem) -> Solution {
        var problem = input
        let classes = ProblemClasses(&problem)
        let layout = NetworkLayout(classes: classes, problem: problem)
        let tiers = Array(Set(classes.requestClasses.map(\.tier))).sorted()

        var bounds = classes.requestClasses.map { (lower: Int64(0), upper: max(0, $0.residual)) }
        var fairValues: [Double]? = nil
        if problem.policy.share == .maxmin && !classes.requestClasses.isEmpty {
            let values = layout.fairShare(classes: classes).values()
            fairValues = values
            for (c, rc) in classes.requestClasses.enumerated() {
                bounds[c] = roundingBounds(values[c] - Double(rc.pinned), residual: rc.residual)
            }
        }
        var flows = layout.solve(classes: classes, tiers: tiers, bounds: bounds)
        if flows == nil, fairValues != nil {
            // Rounding could not keep every floor (numerical trouble in the fair values): keep the totals and
            // transport exact and let fairness go, rather than fail the night.
            bounds = bounds.map { (lower: 0, upper: $0.upper) }
            flows = layout.solve(classes: classes, tiers: tiers, bounds: bounds)
        }
        let arcFlow = flows ?? Array(repeating: 0, count: classes.arcs.count)
        return PlanAssembly(problem: problem, classes: classes, arcFlow: arcFlow, fairValues: fairValues).solution()
    }
}

extension MaterialSolver {
    /// Relative distance from a whole number below which a fair value counts as that number.
    static let integralTolerance = 1e-9

    /// floor..ceil of a request class's fair value: the rounding SPEC 8 allows.
    /// A value that is a whole number up to floating-point noise is kept exactly.
    static func roundingBounds(_ v: Double, residual: Int64) -> (lower: Int64, upper: Int64) {
        let nearest = v.rounded()
        let clamp = { (x: Double) in max(0, min(residual, Int64(x))) }
        if abs(v - nearest) <= integralTolerance * max(1, abs(v)) { return (clamp(nearest), clamp(nearest)) }
        return (clamp(v.rounded(.down)), clamp(v.rounded(.up)))
    }
}

/// Node and arc numbering of one material's network.
struct NetworkLayout {
    let source: Int32 = 0
    let sink: Int32 = 1
    let lotNode: [Int32]
    let requestNode: [Int32]
    let capNode: [Int32]
    let nodeCount: Int
    let capLimits: [Int64]

    init(classes: ProblemClasses, problem: MaterialProblem) {
        var next: Int32 = 2
        lotNode = classes.lotClasses.indices.map { _ in defer { next += 1 }; return next }
        requestNode = classes.requestClasses.indices.map { _ in defer { next += 1 }; return next }
        capNode = classes.capGroups.indices.map { _ in defer { next += 1 }; return next }
        nodeCount = Int(next)
        capLimits = classes.capGroups.map { max(0, problem.capResidual[$0] ?? 0) }
    }

    /// The request class's outlet: its cap node, or the sink.
    func outlet(_ rc: ProblemClasses.RequestClass) -> Int32 { rc.capGroup.map { capNode[$0] } ?? sink }

    /// The lexicographic minimum-cost circulation; class-arc flows, or `nil` when the bounds cannot be met.
    func solve(classes: ProblemClasses, tiers: [Int], bounds: [(lower: Int64, upper: Int64)]) -> [Int64]? {
        var network = FlowNetwork(nodeCount: nodeCount)
        network.reserveArcs(classes.arcs.count + classes.lotClasses.count + 2 * classes.requestClasses.count + 1)
        let maxCost = classes.arcs.map(\.decikm).max() ?? 0
        let mixedCaps = Dictionary(grouping: classes.requestClasses.compactMap { rc in rc.capGroup.map { ($0, rc.tier) } },
                                   by: { $0.0 }).values.filter { Set($0.map(\.1)).count > 1 }.count
        guard let weights = TierWeights(tierCount: tiers.count, transportBound: Int64(nodeCount) * max(1, maxCost),
                                        hubs: Int64(1 + mixedCaps)) else {
            preconditionFailure("tier weights overflow: \(tiers.count) tiers, \(nodeCount) nodes")
        }
        let tierIndex = Dictionary(uniqueKeysWithValues: tiers.enumerated().map { ($1, $0) })
        for arc in classes.arcs {
            network.addArc(from: lotNode[arc.lotClass], to: requestNode[arc.requestClass], cost: arc.decikm)
        }
        for (l, lc) in classes.lotClasses.enumerated() {
            network.addArc(from: source, to: lotNode[l], upper: max(0, lc.supply))
        }
        for (c, rc) in classes.requestClasses.enumerated() {
            network.addArc(from: requestNode[c], to: outlet(rc), lower: bounds[c].lower, upper: bounds[c].upper,
                           cost: -weights.weights[tierIndex[rc.tier]!])
        }
        for (g, limit) in capLimits.enumerated() {
            network.addArc(from: capNode[g], to: sink, upper: limit)
        }
        network.addArc(from: sink, to: source)
        let solution = NetworkSimplex.solve(network)
        guard solution.status == .optimal else { return nil }
        #if ALLOT_INTERNAL_CHECKS
        precondition(network.feasibilityViolation(of: solution.flow) == nil)
        precondition(network.complementarySlacknessViolation(flow: solution.flow, potential: solution.potential) == nil)
        precondition(network.dualCost(potential: solution.potential) == solution.totalCost)
        #endif
        return Array(solution.flow[0..<classes.arcs.count])
    }

    /// The same network with real capacities, for fair sharing.
    func fairShare(classes: ProblemClasses) -> FairShare {
        var tail = [Int32](), head = [Int32](), capacity = [Double]()
        let totalSupply = Double(classes.lotClasses.reduce(Int64(0)) { $0 + max(0, $1.supply) })
        func add(_ u: Int32, _ v: Int32, _ c: Double) -> Int {
            tail.append(u); head.append(v); capacity.append(c)
            return tail.count - 1
        }
        for arc in classes.arcs { _ = add(lotNode[arc.lotClass], requestNode[arc.requestClass], totalSupply + 1) }
        for (l, lc) in classes.lotClasses.enumerated() { _ = add(source, lotNode[l], Double(max(0, lc.supply))) }
        var capArcs = [Int]()
        for (g, limit) in capLimits.enumerated() { capArcs.append(add(capNode[g], sink, Double(limit))) }
        var nodes = [FairShare.Node]()
        for (c, rc) in classes.requestClasses.enumerated() {
            let arc = add(requestNode[c], outlet(rc), 0)
            nodes.append(FairShare.Node(requested: Double(rc.requested), pinned: Double(rc.pinned), tier: rc.tier,
                                        arc: arc, capArc: rc.capGroup.map { capArcs[$0] }))
        }
        return FairShare(nodeCount: nodeCount, source: source, sink: sink, tail: tail, head: head,
                         baseCapacity: capacity, nodes: nodes)
    }
}
