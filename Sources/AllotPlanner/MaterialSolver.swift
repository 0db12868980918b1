import AllotCore
import FlowSolver

/// Plans one material, or one substitution group (SPEC 8, 13): builds the
/// network of lot classes, request classes and cap nodes, solves it, and
/// splits class flows back into shipments between lots and requests.
///
/// Network: source → lot class (its supply) → request class (reach; cost =
/// road decikm) → cap node or sink (bounds from the share step; cost −W_tier)
/// → sink → source. One minimum-cost circulation then gives the tier totals
/// in order and the least transport (`TierWeights`). With `share = "maxmin"`
/// the request arcs are first bounded by floor..ceil of each class's fair
/// value (`FairShare`), which keeps every tier total. When substitutes serve
/// some class (SPEC 13), the least Σ quantity × rank comes between fairness
/// and transport: one circulation with the ranks as costs, then one with the
/// distances as costs among its optima (`NetworkLayout.solve`).
enum MaterialSolver {
    struct Solution {
        var lines: [DispatchLine] = []
        var outcomes: [RequestOutcome] = []
        var profile: PlanningProfile.Material
    }

    static func solve(_ problem: MaterialProblem, pairs: RegionPairs) -> Solution {
        var clock = StageClock()
        var profile = PlanningProfile.Material(material: problem.name)
        let classes = ProblemClasses(problem, pairs: pairs)
        let layout = NetworkLayout(classes: classes, problem: problem)
        let tiers = Array(Set(classes.requestClasses.map(\.tier))).sorted()
        profile.lotClasses = classes.lotClasses.count
        profile.requestClasses = classes.requestClasses.count
        profile.arriveNodes = classes.arrives.count
        profile.capNodes = classes.capGroups.count
        profile.nodes = layout.nodeCount
        profile.arcs = layout.requestArcBase + classes.requestClasses.count
        profile.classesSeconds = clock.lap()

        var bounds = classes.requestClasses.map { (lower: Int64(0), upper: max(0, $0.residual)) }
        var fairValues: [Double]? = nil
        var fairFlow: [Double]? = nil
        var fairTolerance = 0.0
        if problem.policy.share == .maxmin && !classes.requestClasses.isEmpty {
            let share = layout.fairShare(classes: classes)
            let fair = share.solve()
            fairTolerance = share.tolerance
            fairValues = fair.values
            fairFlow = fair.flow
            for (c, rc) in classes.requestClasses.enumerated() {
                bounds[c] = roundingBounds(fair.values[c] - Double(rc.pinned), residual: rc.residual)
            }
            profile.fairShareSteps = Dictionary(uniqueKeysWithValues: fair.steps.map { (String($0.key), $0.value.name) })
        }
        profile.fairShareSeconds = clock.lap()
        var flows = layout.solve(classes: classes, tiers: tiers, bounds: bounds, fairFlow: fairFlow)
        if flows == nil, fairValues != nil {
            // Rounding could not keep every floor (numerical trouble in the fair values): keep the totals and
            // transport exact and let fairness go, rather than fail the night.
            bounds = classes.requestClasses.map { (lower: Int64(0), upper: max(0, $0.residual)) }
            flows = layout.solve(classes: classes, tiers: tiers, bounds: bounds, fairFlow: nil)
        } else if let fair = flows, fairTolerance >= Self.unitTolerance {
            // The fair share counts what is below its tolerance (a fraction of the supply) as nothing: from
            // 5 × 10^11 units of lots on, never a real night, that is half a unit or more, and a request that
            // small may get no fair value, its bounds costing the tier totals. The totals are kept exact: when
            // the bounds cost them, fairness gives way, and classes split what they get by requested quantity.
            let free = classes.requestClasses.map { (lower: Int64(0), upper: max(0, $0.residual)) }
            if let plain = layout.solve(classes: classes, tiers: tiers, bounds: free, fairFlow: nil),
               layout.tierTotals(plain, classes: classes, tiers: tiers)
                != layout.tierTotals(fair, classes: classes, tiers: tiers) {
                flows = plain
                fairValues = nil
            }
        }
        let arcFlow = flows ?? Array(repeating: 0, count: layout.requestArcBase + classes.requestClasses.count)
        profile.minimumCostSeconds = clock.lap()
        var solution = PlanAssembly(problem: problem, classes: classes, layout: layout, arcFlow: arcFlow,
                                    fairValues: fairValues).solution(profile: profile)
        solution.profile.assemblySeconds = clock.lap()
        return solution
    }
}

extension MaterialSolver {
    /// Relative distance from a whole number below which a fair value counts as that number.
    static let integralTolerance = 1e-9

    /// A fair share tolerance from which its values may miss whole units: then the tier totals its bounds
    /// give are checked against those without them.
    static let unitTolerance = 0.5

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
///
/// Nodes: source, sink, lot classes, arrive nodes, request classes, cap nodes.
/// Arcs, in this order: reach arcs (lot class → arrive node or request class,
/// cost = decikm), chain arcs (arrive node → the region's next deadline),
/// lot chain arcs (lot class → the region's next lot day), attach arcs (arrive
/// node → the request classes it feeds, cost in the rank step = the rank of its
/// material for theirs), supply arcs (source → lot class), cap arcs
/// (cap node → sink), then one request arc per request class (→ cap node or
/// sink), whose bounds and costs each phase sets.
struct NetworkLayout {
    let source: Int32 = 0
    let sink: Int32 = 1
    let lotNode: [Int32]
    let arriveNode: [Int32]
    let requestNode: [Int32]
    let capNode: [Int32]
    let nodeCount: Int
    let capLimits: [Int64]

    /// Structural arcs (everything but the request arcs).
    private(set) var tail: [Int32] = []
    private(set) var head: [Int32] = []
    private(set) var cost: [Int64] = []
    /// The cost in the rank step (SPEC 13): the rank on attach arcs and on reach arcs straight to a class.
    private(set) var rankCost: [Int64] = []
    private(set) var upper: [Int64] = []
    /// Index of each chain arc by arrive node and by lot class.
    private(set) var chainArc: [Int?] = []
    private(set) var lotChainArc: [Int?] = []
    /// Per arrive node, the attach arc of each class it feeds (in the order of `ArriveNode.attached`).
    private(set) var attachArcs: [[Int]] = []
    /// Per request class, its attach arc when it has exactly one (the usual case), else `nil`.
    private(set) var soleAttachArc: [Int?] = []
    private(set) var capArc: [Int] = []
    /// Request arcs come after the structural ones.
    var requestArcBase: Int { tail.count }

    init(classes: ProblemClasses, problem: MaterialProblem) {
        var next: Int32 = 2
        func nodes(_ n: Int) -> [Int32] { (0..<n).map { _ in defer { next += 1 }; return next } }
        lotNode = nodes(classes.lotClasses.count)
        arriveNode = nodes(classes.arrives.count)
        requestNode = nodes(classes.requestClasses.count)
        capNode = nodes(classes.capGroups.count)
        nodeCount = Int(next)
        capLimits = classes.capGroups.map { max(0, problem.capResidual[$0] ?? 0) }

        func add(_ u: Int32, _ v: Int32, upper u2: Int64 = FlowNetwork.unbounded, cost c: Int64 = 0,
                 rank: Int = 0) -> Int {
            tail.append(u); head.append(v); upper.append(u2); cost.append(c); rankCost.append(Int64(rank))
            return tail.count - 1
        }
        for arc in classes.arcs {
            switch arc.target {
            case .arrive(let a): _ = add(lotNode[arc.lotClass], arriveNode[a], cost: arc.decikm)
            case .requestClass(let c): _ = add(lotNode[arc.lotClass], requestNode[c], cost: arc.decikm, rank: arc.rank)
            }
        }
        chainArc = classes.arrives.indices.map { a in classes.arrives[a].next.map { add(arriveNode[a], arriveNode[$0]) } }
        lotChainArc = classes.lotClasses.indices.map { l in classes.lotClasses[l].next.map { add(lotNode[l], lotNode[$0]) } }
        attachArcs = classes.arrives.indices.map { a in
            classes.arrives[a].attached.map { add(arriveNode[a], requestNode[$0.requestClass], rank: $0.rank) }
        }
        soleAttachArc = Array(repeating: nil, count: classes.requestClasses.count)
        for (a, node) in classes.arrives.enumerated() {
            for (i, attach) in node.attached.enumerated() where classes.arrivesOf[attach.requestClass].count == 1 {
                soleAttachArc[attach.requestClass] = attachArcs[a][i]
            }
        }
        for (l, lc) in classes.lotClasses.enumerated() { _ = add(source, lotNode[l], upper: max(0, lc.supply)) }
        capArc = capLimits.enumerated().map { add(capNode[$0.offset], sink, upper: $0.element) }
    }

    /// The request class's outlet: its cap node, or the sink.
    func outlet(_ rc: ProblemClasses.RequestClass) -> Int32 { rc.capGroup.map { capNode[$0] } ?? sink }

    /// The lexicographic minimum-cost circulation: flows on the structural arcs
    /// (request arcs follow), or `nil` when the bounds cannot be met. `fairFlow`, the fair share's flow
    /// when there is one, only guides the simplex (`pricedFirst`).
    ///
    /// With substitutes serving some class, two circulations: the first weighs the tiers above the ranks
    /// (SPEC 13's step between fairness and transport), and the second minimizes transport among the
    /// first's optima: an arc whose reduced cost under the first's potentials is positive keeps its lower
    /// bound, a negative one its upper bound, which by complementary slackness leaves exactly those optima.
    func solve(classes: ProblemClasses, tiers: [Int], bounds: [(lower: Int64, upper: Int64)],
               fairFlow: [Double]?) -> [Int64]? {
        let substitution = classes.hasSubstitution
        var network = FlowNetwork(nodeCount: nodeCount)
        network.reserveArcs(tail.count + classes.requestClasses.count + 1)
        let maxCost = substitution ? (rankCost.max() ?? 0) : (classes.arcs.map(\.decikm).max() ?? 0)
        let mixedCaps = Dictionary(grouping: classes.requestClasses.compactMap { rc in rc.capGroup.map { ($0, rc.tier) } },
                                   by: { $0.0 }).values.filter { Set($0.map(\.1)).count > 1 }.count
        // With very many caps mixing tiers the exact weights would not fit in 64 bits; the weights for
        // one hub still order every cycle through the sink and one cap node correctly (Decision 0005).
        let bound = Int64(nodeCount) * max(1, maxCost)
        guard let weights = TierWeights(tierCount: tiers.count, transportBound: bound, hubs: Int64(1 + mixedCaps))
            ?? TierWeights(tierCount: tiers.count, transportBound: bound, hubs: 1) else {
            preconditionFailure("tier weights overflow: \(tiers.count) tiers, \(nodeCount) nodes")
        }
        let tierIndex = Dictionary(uniqueKeysWithValues: tiers.enumerated().map { ($1, $0) })
        for e in tail.indices {
            network.addArc(from: tail[e], to: head[e], upper: upper[e], cost: substitution ? rankCost[e] : cost[e])
        }
        // A class whose bounds fix its flow L has no choice to make: its arrive node (or, when lots reach it
        // directly, its own node) demands L and its outlet supplies L, and its arcs carry nothing in the
        // solve. Most classes are fixed after fair sharing, so most request nodes drop out of the simplex.
        var fixed = [Int64?](repeating: nil, count: classes.requestClasses.count)
        for (c, rc) in classes.requestClasses.enumerated() {
            var (lower, upper) = bounds[c]
            if lower == upper {
                fixed[c] = lower
                // Fed by one arrive node alone, the class's demand sits there; else at its own node.
                var taker = requestNode[c]
                if !classes.reachedDirectly[c], let sole = soleAttachArc[c] {
                    taker = arriveNode[classes.arrivesOf[c][0]]
                    network.setBounds(arc: Int32(sole), lower: 0, upper: 0)
                }
                network.supply[Int(taker)] -= lower
                network.supply[Int(outlet(rc))] += lower
                (lower, upper) = (0, 0)
            }
            network.addArc(from: requestNode[c], to: outlet(rc), lower: lower, upper: upper,
                           cost: -weights.weights[tierIndex[rc.tier]!])
        }
        network.addArc(from: sink, to: source)
        let priced = pricedFirst(classes, fairFlow: fairFlow, arcCount: network.arcCount)
        let solution: NetworkSimplex.Solution
        if substitution {
            // Among the optima of tiers and ranks, the least transport: the second solve goes on from the
            // first's optimal tree, the arcs its reduced costs hold left out.
            let transport = (0..<network.arcCount).map { $0 < tail.count ? cost[$0] : 0 }
            let (first, second) = NetworkSimplex.solve(network, thenCost: transport, pricingFirst: priced)
            guard first.status == .optimal, second.status == .optimal else { return nil }
            NetworkLayout.check(network, first, then: second, cost: transport)
            solution = second
        } else {
            solution = NetworkSimplex.solve(network, pricingFirst: priced)
            guard solution.status == .optimal else { return nil }
            NetworkLayout.check(network, solution)
        }
        var flow = Array(solution.flow[0..<(tail.count + classes.requestClasses.count)])
        for (c, value) in fixed.enumerated() {
            guard let value else { continue }
            flow[requestArcBase + c] = value
            if !classes.reachedDirectly[c], let sole = soleAttachArc[c] { flow[sole] = value }
        }
        return flow
    }

    /// With the internal checks built in, proves a solve optimal: feasible, complementary slack, primal = dual.
    private static func check(_ network: FlowNetwork, _ solution: NetworkSimplex.Solution) {
        #if ALLOT_INTERNAL_CHECKS
        precondition(network.feasibilityViolation(of: solution.flow) == nil)
        precondition(network.complementarySlacknessViolation(flow: solution.flow, potential: solution.potential) == nil)
        precondition(network.dualCost(potential: solution.potential) == solution.totalCost)
        #endif
    }

    /// With the internal checks built in, proves a lexicographic solve optimal: the first on `network`, the
    /// second on the network of the first's optima with the second `cost`.
    private static func check(_ network: FlowNetwork, _ first: NetworkSimplex.Solution,
                              then second: NetworkSimplex.Solution, cost: [Int64]) {
        #if ALLOT_INTERNAL_CHECKS
        check(network, first)
        check(network.holdingNonzeroReducedCosts(potential: first.potential, thenCost: cost), second)
        #endif
    }

    /// How many of its shortest reach arcs each lot class and each destination (arrive node or request
    /// class) brings into the simplex's first pricing stage.
    static let nearestReach = 3

    /// Each tier's total in a solution's flows (`solve`), in the order of `tiers`.
    func tierTotals(_ flow: [Int64], classes: ProblemClasses, tiers: [Int]) -> [Int64] {
        var totals = [Int64](repeating: 0, count: tiers.count)
        for (c, rc) in classes.requestClasses.enumerated() {
            totals[tiers.firstIndex(of: rc.tier)!] += flow[requestArcBase + c]
        }
        return totals
    }

    /// The arcs the simplex prices first: every arc but the reach arcs; each lot class's and each
    /// destination's `nearestReach` shortest reach arcs (ties by arc); and the reach arcs the fair share's
    /// flow uses. That flow carries the fair values, so the bounds can be met within these arcs and the
    /// first stage ends with no artificial flow left. On the national bench's MASK-MEDICAL (scale 1) that
    /// is 185 k of 3.36 M arcs, and 78 % of the pivots are found among them.
    /// On the national bench (scale 1) MASK-MEDICAL's final solve took 24 s with the shortest tenth of
    /// the reach arcs first and block search, 5.8–6.6 s with these and the candidate list.
    private func pricedFirst(_ classes: ProblemClasses, fairFlow: [Double]?, arcCount: Int) -> [Bool] {
        let reachCount = classes.arcs.count
        var first = [Bool](repeating: true, count: arcCount)
        for e in 0..<reachCount { first[e] = fairFlow.map { $0[e] > 0 } ?? false }
        let k = NetworkLayout.nearestReach
        // The k shortest so far per node, as (cost, arc), shortest first; the earlier arc wins a tie.
        var nearest = [(cost: Int64, arc: Int32)](repeating: (Int64.max, -1), count: nodeCount * k)
        func offer(_ node: Int32, _ e: Int) {
            let base = Int(node) * k
            var i = base + k - 1
            guard cost[e] < nearest[i].cost else { return }
            while i > base && cost[e] < nearest[i - 1].cost {
                nearest[i] = nearest[i - 1]
                i -= 1
            }
            nearest[i] = (cost[e], Int32(e))
        }
        for e in 0..<reachCount {
            offer(tail[e], e)
            offer(head[e], e)
        }
        for entry in nearest where entry.arc >= 0 { first[Int(entry.arc)] = true }
        return first
    }

    /// The same network with real capacities, for fair sharing.
    func fairShare(classes: ProblemClasses) -> FairShare {
        let totalSupply = Double(classes.lotClasses.reduce(Int64(0)) { $0 + max(0, $1.supply) })
        var t = tail, h = head
        var capacity = upper.map { $0 >= FlowNetwork.unbounded ? totalSupply + 1 : Double($0) }
        var nodes = [FairShare.Node]()
        for (c, rc) in classes.requestClasses.enumerated() {
            t.append(requestNode[c]); h.append(outlet(rc)); capacity.append(0)
            nodes.append(FairShare.Node(requested: Double(rc.requested), pinned: Double(rc.pinned), tier: rc.tier,
                                        arc: t.count - 1, capArc: rc.capGroup.map { capArc[$0] }))
        }
        return FairShare(nodeCount: nodeCount, source: source, sink: sink, tail: t, head: h,
                         baseCapacity: capacity, nodes: nodes)
    }
}
