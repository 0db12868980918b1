/// Lexicographically optimal flow on parametric sink arcs, by the
/// divide-and-conquer of parametric minimum cuts (Gallo, Grigoriadis and
/// Tarjan 1989, §3; Fujishige's decomposition algorithm for the
/// lexicographically optimal base of a polymatroid, 1980).
///
/// Setting: a network with real capacities and a feasible `flow`; some arcs
/// are *demands* running into the sink, each with capacity
/// c_i(λ) = min(u_i, max(0, λ·d_i − p_i)) for a level λ in [0, 1] (d_i the
/// requested quantity, p_i what is already pinned, u_i = d_i − p_i).
/// `fill` raises the demands' flow to the leximin-optimal values of
/// (p_i + x_i) / d_i among all flows that keep every *held* arc's flow: the
/// vectors x that can be added form a polymatroid, and its lexicographically
/// optimal base is x_i = c_i(λ_i), where λ_i is the level at which the demand's
/// tail leaves the source side of the minimum cut.
///
/// Algorithm: minimum cuts are nested in λ (the capacities into the sink only
/// grow), so a minimum cut at a trial λ splits the nodes into a source side
/// (every demand there has λ_i ≥ λ) and a sink side (λ_i ≤ λ), two independent
/// problems: the sink side with the source side merged into the source, the
/// source side with the sink side merged into the sink. The trial λ of a part
/// is where its two trivial cuts cost the same; when both are minimum cuts, all
/// of the part's demands share that level. Parts are kept as node labels with
/// an order (which part lies nearer the source), never copied; each part's
/// max flow (shortest augmenting paths with kept labels) starts again from the
/// held flow on the arcs it touches, so one round of splits costs about one max
/// flow over the whole network.
///
/// Terms: `residual` of a residual arc r (2e forward, 2e+1 backward) is
/// capacity − flow forward and flow backward, zero on held arcs; residual
/// capacities up to `tolerance` count as zero.
public struct ParametricFlow: ResidualFlowNetwork {
    public let nodeCount: Int
    public let tail: [Int32]
    public let head: [Int32]
    public var capacity: [Double]
    /// The current flow; `fill` starts from it and leaves the filled flow.
    public private(set) var flow: [Double]
    /// Arcs whose flow is fixed.
    public var held: [Bool]
    public var tolerance: Double

    /// The residual arcs by position of `ResidualArcIndex`, the residual capacities by position
    /// (`residual` for `maxFlow`, and `baseResidual` at the held flow a fill starts from, which every
    /// part's max flow starts from, copied a node's range at a time) and the max flows' labels.
    /// Shared by copies of the network until one of them fills (`uniqueResiduals`).
    private var residuals: _ResidualArrays
    /// The last `levelValues`' values, and the flow composed of its parts' final max flows, which
    /// carries them (`realize` starts from it when it checks out).
    private var composedValues: [Double] = []
    private var composedFlow: [Double] = []

    /// A sink arc filled by level: capacity min(upper, max(0, λ·requested − pinned)), upper ≤ requested − pinned.
    public struct Demand: Sendable {
        public var arc: Int
        public var requested: Double
        public var pinned: Double
        public var upper: Double

        public init(arc: Int, requested: Double, pinned: Double, upper: Double? = nil) {
            self.arc = arc
            self.requested = requested
            self.pinned = pinned
            self.upper = max(0, min(requested - pinned, upper ?? requested - pinned))
        }

        @inline(__always)
        func capacity(at lambda: Double) -> Double { min(upper, max(0, lambda * requested - pinned)) }
    }

    public init(nodeCount: Int, tail: [Int32], head: [Int32], capacity: [Double], tolerance: Double) {
        precondition(tail.count == head.count && head.count == capacity.count)
        self.nodeCount = nodeCount
        self.tail = tail
        self.head = head
        self.capacity = capacity
        self.flow = Array(repeating: 0, count: tail.count)
        self.held = Array(repeating: false, count: tail.count)
        self.tolerance = tolerance
        let index = ResidualArcIndex(nodeCount: nodeCount, tail: tail, head: head)
        residuals = _ResidualArrays(index: index, nodeCount: nodeCount)
    }

    /// Sets an arc's flow directly (for starting from a known feasible flow).
    public mutating func setFlow(_ e: Int, _ value: Double) {
        flow[e] = value
        composedValues = []
    }

    /// Replaces every arc's flow (for starting from a known feasible flow).
    public mutating func setFlows(_ values: [Double]) {
        precondition(values.count == flow.count)
        flow = values
        composedValues = []
    }
}

// MARK: - Filling by levels

extension ParametricFlow {
    /// Raises the demands' flow to their lexicographically optimal values and returns each demand's
    /// added flow x_i (what it carries beyond the flow it had, which must be 0). The demands' arcs end
    /// at `sink`; held arcs keep their flow. The same as `levelValues` followed by `realize`.
    /// - Complexity: one max flow over the network per round of splits; the rounds number at most
    ///   the distinct levels, and about their logarithm when splits are balanced.
    public mutating func fill(_ demands: [Demand], source: Int32, sink: Int32) -> [Double] {
        let values = levelValues(demands, source: source, sink: sink)
        return realize(demands, values: values, source: source, sink: sink)
    }

    /// The demands' lexicographically optimal values x_i = c_i(λ_i), without a flow that carries them:
    /// `flow` is left as it was (for a caller that may throw the answer away, the last max flow saved).
    public mutating func levelValues(_ demands: [Demand], source: Int32, sink: Int32) -> [Double] {
        uniqueResiduals()
        var run = LevelRun(nodeCount: nodeCount, source: source, sink: sink, residuals: residuals)
        var level = [Double](repeating: 0, count: demands.count)
        var top = [Int]()
        for (i, d) in demands.enumerated() {
            precondition(Int(head[d.arc]) == Int(sink), "a demand arc must end at the sink")
            precondition(flow[d.arc] == 0, "a demand arc must start empty")
            capacity[d.arc] = 0
            if d.upper > 0 { top.append(i) }
        }
        let base = flow
        setBaseResidual(base)
        run.demandPosition = demands.map { position(ofArc: $0.arc) }
        composedFlow = base
        if !top.isEmpty {
            var stack = [run.makePart(nodes: innerNodes(source: source, sink: sink), demands: top, low: 0, high: 1,
                                      order: 0..<LevelRun.orderSpan)]
            while let part = stack.popLast() {
                split(part, demands: demands, base: base, run: &run, level: &level, stack: &stack)
            }
        }
        flow = base
        composedValues = demands.indices.map { demands[$0].upper > 0 ? demands[$0].capacity(at: level[$0]) : 0 }
        return composedValues
    }

    /// Carries `values` (from `levelValues`, the flow as it left it) by one max flow over the whole
    /// network, and returns each demand's added flow (`values` up to the tolerance).
    ///
    /// The flow composed of the parts' last max flows in `levelValues` usually is that max flow: a part
    /// that settles saturates every arc into it from nearer the source and out of it to nearer the sink,
    /// so the parts' flows agree on the arcs between them. It is taken when `values` are that call's
    /// values and it checks out (within capacities, conserved at every inner node, every arc into the
    /// sink full); otherwise the max flow runs from the held flow.
    public mutating func realize(_ demands: [Demand], values: [Double], source: Int32, sink: Int32) -> [Double] {
        uniqueResiduals()
        for (i, d) in demands.enumerated() { capacity[d.arc] = values[i] }
        let base = flow
        defer {
            composedValues = []
            composedFlow = []
        }
        if values == composedValues && carriesFlow(composedFlow, source: source, sink: sink)
            && fillsSink(composedFlow, sink: sink) {
            for e in composedFlow.indices where !held[e] { composedFlow[e] = min(capacity[e], max(0, composedFlow[e])) }
            flow = composedFlow
            return demands.map { flow[$0.arc] - base[$0.arc] }
        }
        setBaseResidual(base)
        var run = LevelRun(nodeCount: nodeCount, source: source, sink: sink, residuals: residuals)
        run.orders = [Int64.max..<Int64.max, Int64.min..<Int64.min, 0..<1]
        let nodes = innerNodes(source: source, sink: sink)
        _ = maxFlow(part: 2, nodes: nodes, demandArcs: [], boundary: boundary(part: 2, nodes: nodes, run: &run),
                    base: base, run: &run, writesFlow: true)
        return demands.map { flow[$0.arc] - base[$0.arc] }
    }

    /// Whether `candidate` is a flow: held arcs at their flow, every other arc within [0, capacity] and
    /// every node but the source and the sink balanced, up to the tolerance.
    private func carriesFlow(_ candidate: [Double], source: Int32, sink: Int32) -> Bool {
        guard candidate.count == flow.count else { return false }
        var balance = [Double](repeating: 0, count: nodeCount)
        for e in candidate.indices {
            let f = candidate[e]
            if held[e] ? f != flow[e] : f < -tolerance || f > capacity[e] + tolerance { return false }
            balance[Int(tail[e])] -= f
            balance[Int(head[e])] += f
        }
        for v in 0..<nodeCount where v != Int(source) && v != Int(sink) && abs(balance[v]) > tolerance { return false }
        return true
    }

    /// Whether every arc into the sink that is not held is full in `candidate` (up to the tolerance): then
    /// no path can add to it.
    private func fillsSink(_ candidate: [Double], sink: Int32) -> Bool {
        for e in candidate.indices where head[e] == sink && !held[e] && candidate[e] < capacity[e] - tolerance {
            return false
        }
        return true
    }

    /// A copy of the network (a `var` assigned from another) shares its residual arrays with the
    /// original until it fills: then it takes a copy of its own.
    private mutating func uniqueResiduals() {
        if !isKnownUniquelyReferenced(&residuals) { residuals = residuals.copy() }
    }

    /// Fills `baseResidual` from `base` and the current capacities (held arcs at zero both ways).
    /// Arc by arc, so that capacities, flows and held flags are read in order and only the writes jump.
    private func setBaseResidual(_ base: [Double]) {
        let residual = residuals.baseResidual, position = residuals.position
        for e in 0..<tail.count {
            let forward = Int(position[2 * e]), backward = Int(position[2 * e + 1])
            if held[e] {
                residual[forward] = 0
                residual[backward] = 0
            } else {
                residual[forward] = capacity[e] - base[e]
                residual[backward] = base[e]
            }
        }
    }

    /// The position of arc `e`'s forward residual arc (among its tail's).
    private func position(ofArc e: Int) -> Int32 { residuals.position[2 * e] }

    /// Every node but the source and the sink.
    private func innerNodes(source: Int32, sink: Int32) -> [Int32] {
        (0..<Int32(nodeCount)).filter { $0 != source && $0 != sink }
    }

    /// Solves one part at its trial level and either settles its demands or splits it in two.
    private mutating func split(_ part: LevelRun.Part, demands: [Demand], base: [Double], run: inout LevelRun,
                                level: inout [Double], stack: inout [LevelRun.Part]) {
        // The part's trivial cuts: everything on the sink side costs `into` (arcs from nearer the source);
        // everything on the source side costs `out` (arcs to nearer the sink) + Σ c_i(λ).
        let boundary = boundary(part: part.id, nodes: part.nodes, run: &run)
        let lambda = LevelRun.level(where: part.demands.map { demands[$0] }, sum: boundary.into - boundary.out,
                                    low: part.low, high: part.high)
        // A source side starts from the flow that cut it off, its demands raised from that level to this one.
        let raise = part.startsFromLastFlow
            ? part.demands.map { demands[$0].capacity(at: lambda) - capacity[demands[$0].arc] } : nil
        for i in part.demands { capacity[demands[i].arc] = demands[i].capacity(at: lambda) }
        let value = maxFlow(part: part.id, nodes: part.nodes,
                            demandArcs: part.demands.map { (run.demandPosition[$0], demands[$0].arc) },
                            raisedBy: raise, boundary: boundary, base: base, run: &run, writesFlow: false)
        let sourceSide = sourceSide(part: part.id, entries: boundary.entries, run: &run)
        var allSource = boundary.out
        for i in part.demands { allSource += demands[i].capacity(at: lambda) }
        let slack = max(tolerance, 1e-9 * max(boundary.into, allSource))

        var upNodes = [Int32](), downNodes = [Int32]()
        for v in part.nodes { if run.mark[Int(v)] == sourceSide { upNodes.append(v) } else { downNodes.append(v) } }
        var up = [Int](), down = [Int]()
        for i in part.demands {
            if run.mark[Int(tail[demands[i].arc])] == sourceSide { up.append(i) } else { down.append(i) }
        }
        let bothTrivialMinimal = value >= allSource - slack
        // Numerical safety: a split that leaves the part as it was settles it at λ rather than loop.
        let noProgress = (up.count == part.demands.count && upNodes.count == part.nodes.count)
            || (down.count == part.demands.count && downNodes.count == part.nodes.count && !bothTrivialMinimal
                && lambda >= part.high)
        if noProgress {
            for i in part.demands { level[i] = lambda }
            compose(part.nodes)
            return
        }
        // Demands on the sink side have λ_i ≤ λ; when the all-source cut is minimal too, they have λ_i = λ.
        let downSettled = bothTrivialMinimal || lambda <= part.low
        let upSettled = lambda >= part.high
        let (downOrder, upOrder) = run.divide(part)
        if downSettled {
            for i in down { level[i] = lambda }
        }
        if upSettled {
            for i in up { level[i] = lambda }
        }
        run.assign(downNodes, to: run.makePartID(order: downOrder))
        run.assign(upNodes, to: run.makePartID(order: upOrder))
        run.orders[Int(part.id)] = 0..<0
        if !downSettled && !down.isEmpty {
            stack.append(LevelRun.Part(id: run.partOf[Int(downNodes[0])], nodes: downNodes, demands: down,
                                       low: part.low, high: lambda))
        } else {
            compose(downNodes)
        }
        if !upSettled && !up.isEmpty {
            // Pushed last, so solved next: `residuals.residual` still holds this max flow.
            stack.append(LevelRun.Part(id: run.partOf[Int(upNodes[0])], nodes: upNodes, demands: up,
                                       low: lambda, high: part.high, startsFromLastFlow: true))
        } else {
            compose(upNodes)
        }
    }

    /// Takes the flow of every arc of `nodes` (solved no further) from the last max flow into `composedFlow`.
    private mutating func compose(_ nodes: [Int32]) {
        let firstOut = residuals.firstOut, residualArcs = residuals.arcs, residual = residuals.residual
        for u in nodes {
            for i in Int(firstOut[Int(u)])..<Int(firstOut[Int(u) + 1]) {
                let r = residualArcs[i]
                let e = Int(r >> 1)
                if held[e] { continue }
                composedFlow[e] = r & 1 == 0 ? capacity[e] - residual[i] : residual[i]
            }
        }
    }

    /// The residual arcs between a part and the nodes around it.
    struct Boundary {
        /// Positions of the residual arcs into the part from nodes nearer the source.
        var entries: [Int32] = []
        /// Positions of the part's residual arcs to nodes nearer the sink.
        var exits: [Int32] = []
        /// Capacity into the part from nodes nearer the source, and out of it to nodes nearer the sink, at
        /// the held flow (demand arcs, at capacity 0 and empty there, add nothing): the costs of the part's
        /// two trivial cuts.
        var into = 0.0
        var out = 0.0
    }

    /// One pass over the part's arcs: its boundary, and the labels of the nodes around it for `maxFlow`
    /// (0 nearer the sink, `LevelRun.aboveLabel` nearer the source).
    private func boundary(part: Int32, nodes: [Int32], run: inout LevelRun) -> Boundary {
        var boundary = Boundary()
        let firstOut = residuals.firstOut, farEnd = residuals.farEnd, pair = residuals.pair
        let baseResidual = residuals.baseResidual, distance = residuals.distance
        for u in nodes {
            for i in Int(firstOut[Int(u)])..<Int(firstOut[Int(u) + 1]) {
                let v = farEnd[i]
                switch run.side(of: v, from: part) {
                case 1:
                    // The residual arc v → u.
                    let j = Int(pair[i])
                    boundary.entries.append(Int32(j))
                    boundary.into += baseResidual[j]
                    distance[Int(v)] = LevelRun.aboveLabel
                case -1:
                    boundary.exits.append(Int32(i))
                    boundary.out += baseResidual[i]
                    distance[Int(v)] = 0
                default:
                    break
                }
            }
        }
        return boundary
    }

    /// Max flow from the nodes nearer the source into the part, through it, to the nodes nearer the
    /// sink (shortest augmenting paths with kept distance labels and the gap rule, "ISAP"), starting
    /// from the held flow `base` on every arc the part touches.
    ///
    /// The search runs on `residuals.residual` (residual capacities in the order of `ResidualArcIndex`,
    /// held arcs at zero both ways), so that scanning a node's arcs reads consecutive memory. It starts
    /// as `residuals.baseResidual` on the part's positions and the entries into it, with `demandArcs`
    /// (position, arc) at their capacities now; or, given `raisedBy` (per demand arc), from what the last
    /// max flow left there, each demand arc's capacity raised by that much. That flow is a flow of this
    /// part when the part is the source side of the last max flow's cut: it saturates the arcs to the
    /// sink side, which now count as the sink. `boundary` is the part's, read just before by
    /// `boundary(part:nodes:run:)`, which also labelled the nodes around it. With `writesFlow`, the flow
    /// of every arc the part touches is written back at the end.
    /// - Returns: the flow value (from the held flow).
    private mutating func maxFlow(part: Int32, nodes: [Int32], demandArcs: [(position: Int32, arc: Int)],
                                  raisedBy raise: [Double]? = nil, boundary: Boundary, base: [Double],
                                  run: inout LevelRun, writesFlow: Bool) -> Double {
        let firstOut = residuals.firstOut, pair = residuals.pair
        let rescap = residuals.residual, baseResidual = residuals.baseResidual
        // What the start sends to the nodes nearer the sink, beyond the held flow. The base residual of a
        // demand arc was taken at capacity 0, hence the capacities added back.
        var total = 0.0
        // Residual capacities of the part's arcs at the held flow, and of the entries into it.
        if raise == nil {
            for u in nodes {
                rescap.update(Int(firstOut[Int(u)])..<Int(firstOut[Int(u) + 1]), from: baseResidual)
            }
            for j in boundary.entries { rescap[Int(j)] = baseResidual[Int(j)] }
        }
        for (k, (p, e)) in demandArcs.enumerated() {
            if let raise {
                rescap[Int(p)] += raise[k]
            } else {
                rescap[Int(p)] = capacity[e] - base[e]
                rescap[Int(pair[Int(p)])] = base[e]
            }
            total += capacity[e]
        }
        for i in boundary.exits { total += baseResidual[Int(i)] - rescap[Int(i)] }
        total += ParametricFlow.augmentingPaths(nodes: nodes, entries: boundary.entries, tolerance: tolerance,
                                                queue: &run.queue, residuals: residuals)
        guard writesFlow else { return total }
        // The flow of each arc the part touches is its backward residual capacity.
        let residualArcs = residuals.arcs
        for u in nodes {
            for i in Int(firstOut[Int(u)])..<Int(firstOut[Int(u) + 1]) {
                let r = residualArcs[i]
                let e = Int(r >> 1)
                if held[e] { flow[e] = base[e]; continue }
                let backward = r & 1 == 0 ? rescap[Int(pair[i])] : rescap[i]
                flow[e] = min(capacity[e], max(0, backward))
            }
        }
        return total
    }

    /// The search of `maxFlow` (residual capacities by position, labels and current positions by node,
    /// all columns of `residuals`): shortest augmenting paths from `entries` (positions of residual arcs
    /// into the part) to the nodes labelled 0 around it. Returns the flow it adds.
    private static func augmentingPaths(nodes: [Int32], entries: [Int32], tolerance: Double, queue: inout [Int32],
                                        residuals: _ResidualArrays) -> Double {
        let residual = residuals.residual, distance = residuals.distance, current = residuals.current
        let firstOut = residuals.firstOut, farEnd = residuals.farEnd, pair = residuals.pair
        // Shortest augmenting paths with distance labels kept between paths (ISAP): exact distances to the
        // nodes nearer the sink by one backward search, raised one node at a time where a path dead-ends,
        // and a gap in the labels cuts off every node above it. The nodes around the part carry labels
        // too (`boundary(part:nodes:run:)` set them): 0 nearer the sink, `aboveLabel` nearer the source, so
        // the search reads one label per arc and never asks which side a node is on.
        let unreachable = Int32(nodes.count + 1)
        var count = [Int32](repeating: 0, count: nodes.count + 2)
        for u in nodes { distance[Int(u)] = unreachable; current[Int(u)] = firstOut[Int(u)] }
        queue.removeAll(keepingCapacity: true)
        for u in nodes {
            for i in Int(firstOut[Int(u)])..<Int(firstOut[Int(u) + 1])
            where residual[i] > tolerance && distance[Int(farEnd[i])] == 0 {
                distance[Int(u)] = 1
                queue.append(u)
                break
            }
        }
        var qi = 0
        while qi < queue.count {
            let v = queue[qi]; qi += 1
            let dv = distance[Int(v)]
            count[Int(dv)] += 1
            for i in Int(firstOut[Int(v)])..<Int(firstOut[Int(v) + 1]) {
                let w = farEnd[i]
                if distance[Int(w)] == unreachable && residual[Int(pair[i])] > tolerance {
                    distance[Int(w)] = dv + 1
                    queue.append(w)
                }
            }
        }
        var total = 0.0
        var entry = 0
        var path = [Int32]()
        var u = Int32(-1)
        search: while true {
            if u < 0 {
                // From the virtual source: the next entry into a node that can still reach the sink side.
                while entry < entries.count {
                    let p = entries[entry]
                    if residual[Int(p)] > tolerance && distance[Int(farEnd[Int(p)])] < unreachable { break }
                    entry += 1
                }
                guard entry < entries.count else { break search }
                path.append(entries[entry])
                u = farEnd[Int(entries[entry])]
                continue
            }
            let du = distance[Int(u)]
            var reached = false, advanced = false
            while current[Int(u)] < firstOut[Int(u) + 1] {
                let p = Int(current[Int(u)])
                if residual[p] > tolerance {
                    let v = farEnd[p]
                    let dv = distance[Int(v)]
                    if dv == du - 1 {
                        path.append(Int32(p))
                        if dv == 0 { reached = true } else { u = v; advanced = true }
                        break
                    }
                }
                current[Int(u)] += 1
            }
            if reached {
                var bottleneck = Double.infinity
                for p in path { bottleneck = min(bottleneck, residual[Int(p)]) }
                var firstSaturated = path.count
                for (k, p) in path.enumerated() {
                    residual[Int(p)] -= bottleneck
                    residual[Int(pair[Int(p)])] += bottleneck
                    if firstSaturated == path.count && residual[Int(p)] <= tolerance { firstSaturated = k }
                }
                total += bottleneck
                // Back to the tail of the first arc the path filled.
                if firstSaturated == path.count { firstSaturated = path.count - 1 }
                path.removeSubrange(firstSaturated...)
                u = path.isEmpty ? -1 : farEnd[Int(path[path.count - 1])]
                continue
            }
            if advanced { continue }
            // Dead end: raise u's label to one above its lowest residual neighbour, then retreat. The
            // search from u resumes at the first arc to that neighbour: the arcs before it lead higher.
            // Labels stay valid (no residual arc drops more than one label), so no neighbour is below du
            // and a neighbour at du already gives the lowest label possible: the scan stops there.
            var lowest = unreachable
            var lowestAt = firstOut[Int(u)]
            for i in Int(firstOut[Int(u)])..<Int(firstOut[Int(u) + 1]) where residual[i] > tolerance {
                let label = distance[Int(farEnd[i])] + 1
                if label < lowest {
                    lowest = label
                    lowestAt = Int32(i)
                    if label == du + 1 { break }
                }
            }
            count[Int(du)] -= 1
            if count[Int(du)] == 0 {
                // A gap: nothing above du reaches the sink side any more.
                for w in nodes where distance[Int(w)] > du && distance[Int(w)] < unreachable {
                    count[Int(distance[Int(w)])] -= 1
                    distance[Int(w)] = unreachable
                }
                lowest = unreachable
            }
            distance[Int(u)] = min(lowest, unreachable)
            if lowest < unreachable { count[Int(lowest)] += 1 }
            current[Int(u)] = lowest < unreachable ? lowestAt : firstOut[Int(u)]
            path.removeLast()
            u = path.isEmpty ? -1 : farEnd[Int(path[path.count - 1])]
        }
        return total
    }

    /// Marks the part's nodes reachable from the entries in the residual network (the source side of
    /// the minimal minimum cut) with a fresh mark, and returns that mark. Reads the residual capacities
    /// the part's last `maxFlow` left.
    private func sourceSide(part: Int32, entries: [Int32], run: inout LevelRun) -> Int32 {
        run.markCounter += 1
        let mark = run.markCounter
        let firstOut = residuals.firstOut, farEnd = residuals.farEnd, residual = residuals.residual
        var stack = [Int32]()
        for j in entries where residual[Int(j)] > tolerance {
            let u = farEnd[Int(j)]
            if run.mark[Int(u)] != mark {
                run.mark[Int(u)] = mark
                stack.append(u)
            }
        }
        while let u = stack.popLast() {
            for i in Int(firstOut[Int(u)])..<Int(firstOut[Int(u) + 1]) where residual[i] > tolerance {
                let v = farEnd[i]
                if run.partOf[Int(v)] == part && run.mark[Int(v)] != mark {
                    run.mark[Int(v)] = mark
                    stack.append(v)
                }
            }
        }
        return mark
    }
}

/// Book-keeping of one `fill`: which part each node is in and how parts are ordered from the sink
/// (low) to the source (high), plus scratch arrays for the max flows.
struct LevelRun {
    struct Part {
        var id: Int32
        var nodes: [Int32]
        var demands: [Int]
        /// Every demand of the part has its level in [low, high].
        var low: Double
        var high: Double
        /// Whether the part is the source side of the last max flow's cut, solved right after it.
        var startsFromLastFlow = false
    }

    /// The label of nodes nearer the source than the part being solved: above every label in it.
    static let aboveLabel = Int32.max / 2

    /// Orders are disjoint ranges of a 62-bit space, split in halves; relabelled evenly when one runs out.
    static let orderSpan: Int64 = 1 << 62

    let source: Int
    let sink: Int
    var partOf: [Int32]
    /// Per part id: its order range. Part 0 is the source, 1 the sink.
    var orders: [Range<Int64>]
    var mark: [Int32]
    var markCounter: Int32 = 0
    var queue: [Int32] = []
    /// Per demand, the position of its arc's forward residual arc.
    var demandPosition: [Int32] = []

    /// Resets the max flows' labels and current positions of `residuals` for the run.
    init(nodeCount: Int, source: Int32, sink: Int32, residuals: _ResidualArrays) {
        self.source = Int(source)
        self.sink = Int(sink)
        partOf = [Int32](repeating: 2, count: nodeCount)
        partOf[Int(source)] = 0
        partOf[Int(sink)] = 1
        orders = [Int64.max..<Int64.max, Int64.min..<Int64.min]
        for v in 0..<nodeCount {
            residuals.distance[v] = -1
            residuals.current[v] = 0
        }
        mark = [Int32](repeating: 0, count: nodeCount)
    }

    /// Where node `v` lies from part `part`: 0 inside it, 1 nearer the source, -1 nearer the sink.
    @inline(__always)
    func side(of v: Int32, from part: Int32) -> Int {
        let p = partOf[Int(v)]
        if p == part { return 0 }
        if Int(v) == source || orders[Int(p)].lowerBound >= orders[Int(part)].upperBound { return 1 }
        return -1
    }

    mutating func makePartID(order: Range<Int64>) -> Int32 {
        orders.append(order)
        return Int32(orders.count - 1)
    }

    mutating func makePart(nodes: [Int32], demands: [Int], low: Double, high: Double, order: Range<Int64>) -> Part {
        let id = makePartID(order: order)
        assign(nodes, to: id)
        return Part(id: id, nodes: nodes, demands: demands, low: low, high: high)
    }

    mutating func assign(_ nodes: [Int32], to id: Int32) {
        for v in nodes { partOf[Int(v)] = id }
    }

    /// The lower and upper halves of a part's order range (relabelling every part first when it is too narrow).
    mutating func divide(_ part: Part) -> (down: Range<Int64>, up: Range<Int64>) {
        if orders[Int(part.id)].count < 2 { relabel() }
        let r = orders[Int(part.id)]
        let mid = r.lowerBound + (r.upperBound - r.lowerBound) / 2
        return (r.lowerBound..<mid, mid..<r.upperBound)
    }

    /// Spreads every part's order evenly over the span, keeping their sequence.
    private mutating func relabel() {
        let ids = (2..<orders.count).filter { !orders[$0].isEmpty }.sorted { orders[$0].lowerBound < orders[$1].lowerBound }
        let width = LevelRun.orderSpan / Int64(ids.count + 1)
        for (k, id) in ids.enumerated() { orders[id] = Int64(k) * width..<Int64(k + 1) * width }
    }

    /// The level in [low, high] where Σ c_i(λ) = sum (clamped to the ends).
    /// c_i(λ) = d_i · (clamp(λ, s_i, e_i) − s_i) with s_i = p_i / d_i and e_i = (p_i + u_i) / d_i: a sum of
    /// ramps, solved by one pass over their sorted ends.
    /// - Complexity: O(k log k) for k demands.
    static func level(where demands: [ParametricFlow.Demand], sum: Double, low: Double, high: Double) -> Double {
        func total(_ lambda: Double) -> Double { demands.reduce(0) { $0 + $1.capacity(at: lambda) } }
        if total(low) >= sum { return low }
        if total(high) <= sum { return high }
        // Slope changes: +d at a ramp's start, −d at its end.
        var events = [(at: Double, slope: Double)]()
        events.reserveCapacity(2 * demands.count)
        for d in demands where d.upper > 0 {
            events.append((d.pinned / d.requested, d.requested))
            events.append(((d.pinned + d.upper) / d.requested, -d.requested))
        }
        events.sort { $0.at < $1.at }
        var slope = 0.0, at = 0.0, value = 0.0   // Σ c at `at`
        for event in events {
            if event.at > at {
                let next = value + slope * (event.at - at)
                if next >= sum && slope > 0 { return min(high, max(low, at + (sum - value) / slope)) }
                value = next
                at = event.at
            }
            slope += event.slope
        }
        return high
    }
}
