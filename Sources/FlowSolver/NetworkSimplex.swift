/// Minimum-cost flow by the primal network simplex method.
///
/// Algorithm: the bounded primal network simplex with a strongly feasible
/// spanning tree, artificial root arcs (big-M start) and the altering
/// candidate list pivot rule, as in LEMON's `lemon/network_simplex.h`
/// (Kovács, "Minimum-cost flow algorithms: an experimental evaluation", 2015)
/// after Ahuja, Magnanti and Orlin, *Network Flows*, ch. 11. The tree is kept
/// as parent/thread lists with subtree sizes, so a pivot costs the length of
/// the cycle and the moved subtree, not the network.
///
/// Arcs are stored in LEMON's mixed order (`ArcMixing`): internal arc `i`
/// holds network arc `arcOf[i]`, network arcs `m / n` apart sit side by side,
/// so every block of the pricing scan samples the whole network instead of
/// one tail's arcs (the network's own order groups them by tail).
///
/// Invariants between pivots: every tree arc has reduced cost 0; the flow
/// meets every bound and supply (artificial arcs included); arcs out of the
/// tree sit at a bound (`state` lower = +1, upper = −1).
///
/// Costs are 64-bit integers; potentials stay below (max |cost| + 1) · (n + 1).
public struct NetworkSimplex {
    public struct Solution: Sendable {
        public var status: FlowStatus
        /// Flow per arc of the network (bounds included).
        public var flow: [Int64]
        /// Node potentials: reduced costs are ≥ 0 on arcs below their upper
        /// bound and ≤ 0 on arcs above their lower bound.
        public var potential: [Int64]
        /// Σ cost × flow.
        public var totalCost: Int128
    }

    private static let stateUpper: Int8 = -1
    private static let stateTree: Int8 = 0
    private static let stateLower: Int8 = 1

    /// The network arc each internal real arc stands for.
    private var arcOf: [Int32]
    /// Real arcs in mixed order, then one artificial arc per node.
    private let arcs: _ArcArrays
    /// Real nodes, then the root.
    private let nodes: _NodeArrays
    private var dirtyRevs: [Int32] = []

    private let nodeCount: Int
    private let arcCount: Int
    private let root: Int32
    private var artificialCost: Int64
    private let lowerBounds: [Int64]

    // Pivot state.
    private var inArc: Int32 = 0
    private var join: Int32 = 0
    private var uIn: Int32 = 0, vIn: Int32 = 0, uOut: Int32 = 0, vOut: Int32 = 0
    private var delta: Int64 = 0
    private var nextArc = 0
    /// Arcs `0..<pricedCount` are priced: first the arcs to price first, then all that can carry flow.
    private var pricedCount: Int
    /// Arcs `0..<movableCount` can carry flow; the rest have lower = upper and are never priced.
    private var movableCount: Int
    /// How many arcs are priced first at the start of a solve.
    private var firstCount: Int
    /// The candidate list: arcs found eligible, with their reduced costs (`0..<candidateCount`).
    private let candidates: _CandidateList
    private var candidateCount = 0

    /// Pivot rule tuning: LEMON's altering candidate list. Each pivot prices
    /// the list again and drops what is no longer eligible, scans blocks of
    /// √m arcs until the list holds more than `headLength` arcs (after the
    /// first block: any), enters the best and keeps the next `headLength`.
    /// LEMON keeps a hundredth of a block; a fifth took 301k pivots instead of
    /// 348k on the national bench's MASK-MEDICAL network (scale 1), two thirds
    /// of the potential updates, and 7.5 s against 9.5 s; block search (½√m)
    /// needed 445k pivots and 10.1 s there (Decision 0010).
    private static let blockSizeFactor = 1.0
    private static let minBlockSize = 10
    private static let headLengthFactor = 0.2
    private static let minHeadLength = 3
    /// Arc mixing (LEMON's default) cut the pivots on the national bench's
    /// tier-1 networks from 607k to 31k (THERMOMETER) and the solve time of
    /// all eight from 50 s to under 6 s: in the network's own order a block
    /// holds the arcs of one or two tails, and the pivots chosen from it
    /// re-hang the same nodes over and over (mostly degenerate).
    private static let mixesArcs = true

    /// Solves `network`.
    /// - Complexity: pseudo-polynomial in the worst case; in practice near-linear pivots on transportation networks.
    ///
    /// - Parameter pricedFirst: when given (one flag per arc), the other arcs are left out of the pricing
    ///   until none of these can enter: a transportation network's optimal flow mostly takes few of its
    ///   arcs, so most pivots are found among far fewer arcs. The optimum is the same.
    public static func solve(_ network: FlowNetwork, pricingFirst pricedFirst: [Bool]? = nil) -> Solution {
        precondition(pricedFirst.map { $0.count == network.arcCount } ?? true, "one flag per arc")
        var solver = NetworkSimplex(network, pricedFirst: pricedFirst)
        return solver.run(network)
    }

    /// Lexicographic minimum-cost flow: among the flows of least `network.cost`, one of least `secondCost`.
    ///
    /// The second solve goes on from the first's optimal tree. Every arc out of the tree whose reduced cost
    /// under the first's potentials is not zero is held at its bound (by complementary slackness the first's
    /// optima are exactly the feasible flows that keep them there) and moved out of the pricing; the costs
    /// become `secondCost`, the potentials are recomputed down the tree, and pivoting goes on. The tree stays
    /// strongly feasible: neither flows nor bounds change.
    /// - Returns: the first solve and the second (whose potentials price the network with the held arcs'
    ///   bounds fixed, `FlowNetwork.holdingNonzeroReducedCosts`); the second is the first when that is not
    ///   optimal.
    public static func solve(_ network: FlowNetwork, thenCost secondCost: [Int64],
                             pricingFirst pricedFirst: [Bool]? = nil) -> (first: Solution, second: Solution) {
        precondition(secondCost.count == network.arcCount, "one second cost per arc")
        precondition(pricedFirst.map { $0.count == network.arcCount } ?? true, "one flag per arc")
        var solver = NetworkSimplex(network, pricedFirst: pricedFirst)
        let first = solver.run(network)
        guard first.status == .optimal, network.nodeCount > 0 else { return (first, first) }
        solver.holdNonzeroReducedCosts(thenCost: secondCost)
        return (first, solver.pivotToOptimum(network, cost: secondCost))
    }

    private init(_ network: FlowNetwork, pricedFirst: [Bool]?) {
        let n = network.nodeCount, m = network.arcCount
        nodeCount = n
        arcCount = m
        root = Int32(n)
        lowerBounds = network.lower
        arcs = _ArcArrays(count: m + n, state: NetworkSimplex.stateLower)
        nodes = _NodeArrays(count: n + 1)

        // The arcs to price first, then the rest, each group in mixed order; last the arcs whose bounds
        // fix their flow. Pricing those only made degenerate pivots that flip them between their bounds
        // (on the national bench's MASK-MEDICAL network, 37 k of 270 k pivots).
        var first = [Int32](), rest = [Int32](), fixed = [Int32]()
        for a in 0..<m {
            if network.lower[a] == network.upper[a] {
                fixed.append(Int32(a))
            } else if pricedFirst?[a] ?? true {
                first.append(Int32(a))
            } else {
                rest.append(Int32(a))
            }
        }
        arcOf = NetworkSimplex.arcOrder(arcCount: first.count, nodeCount: n).map { first[Int($0)] }
            + NetworkSimplex.arcOrder(arcCount: rest.count, nodeCount: n).map { rest[Int($0)] } + fixed
        pricedCount = first.count
        firstCount = first.count
        movableCount = first.count + rest.count
        // Room for the longest list a pricing pass can build, with every movable arc priced.
        let (blockSize, headLength) = NetworkSimplex.pricingLengths(searchCount: movableCount)
        candidates = _CandidateList(capacity: headLength + blockSize)
        var maxCost: Int64 = 0
        for i in 0..<n { nodes.supply[i] = network.supply[i] }
        for e in 0..<m {
            let a = Int(arcOf[e])
            arcs.source[e] = network.tail[a]
            arcs.target[e] = network.head[a]
            arcs.cost[e] = network.cost[a]
            maxCost = max(maxCost, abs(network.cost[a]))
            let l = network.lower[a]
            let u = network.upper[a]
            arcs.cap[e] = u >= FlowNetwork.unbounded ? FlowNetwork.unbounded : u - l
            if l != 0 {
                nodes.supply[Int(network.tail[a])] -= l
                nodes.supply[Int(network.head[a])] += l
            }
        }
        let (product, overflow) = (maxCost + 1).multipliedReportingOverflow(by: Int64(n + 1))
        precondition(!overflow && product < Int64.max / 8, "arc costs too large for the network simplex")
        artificialCost = product
    }

    /// LEMON's arc mixing: network arcs 0, skip, 2·skip, … first, then 1,
    /// 1 + skip, …, with skip = max(m / n, 3). Deterministic; the identity
    /// when mixing is off or the network has at most one node.
    /// - Complexity: O(m).
    static func arcOrder(arcCount m: Int, nodeCount n: Int) -> [Int32] {
        var order = [Int32](repeating: 0, count: m)
        guard mixesArcs && n > 1 else {
            for e in 0..<m { order[e] = Int32(e) }
            return order
        }
        let skip = max(m / n, 3)
        var i = 0, column = 0
        for a in 0..<m {
            order[i] = Int32(a)
            i += skip
            if i >= m {
                column += 1
                i = column
            }
        }
        return order
    }

    private mutating func run(_ network: FlowNetwork) -> Solution {
        let (source, target, cap, cost) = (arcs.source, arcs.target, arcs.cap, arcs.cost)
        let (flow, state) = (arcs.flow, arcs.state)
        let (supply, pi, parent, pred, thread) = (nodes.supply, nodes.pi, nodes.parent, nodes.pred, nodes.thread)
        let (revThread, succNum, lastSucc, predDir) = (nodes.revThread, nodes.succNum, nodes.lastSucc, nodes.predDir)
        let n = nodeCount, m = arcCount
        var supplySum: Int64 = 0
        for i in 0..<n { supplySum += supply[i] }
        if supplySum != 0 {
            return Solution(status: .infeasible, flow: [], potential: [], totalCost: 0)
        }
        let r = Int(root)
        parent[r] = -1
        pred[r] = -1
        thread[r] = 0
        revThread[0] = root
        succNum[r] = Int32(n + 1)
        lastSucc[r] = root - 1
        supply[r] = 0
        pi[r] = 0
        for u in 0..<n {
            let e = m + u
            parent[u] = root
            pred[u] = Int32(e)
            thread[u] = Int32(u + 1)
            revThread[u + 1] = Int32(u)
            succNum[u] = 1
            lastSucc[u] = Int32(u)
            cap[e] = FlowNetwork.unbounded
            state[e] = NetworkSimplex.stateTree
            if supply[u] >= 0 {
                predDir[u] = 1
                pi[u] = 0
                source[e] = Int32(u)
                target[e] = root
                flow[e] = supply[u]
                cost[e] = 0
            } else {
                predDir[u] = -1
                pi[u] = artificialCost
                source[e] = root
                target[e] = Int32(u)
                flow[e] = -supply[u]
                cost[e] = artificialCost
            }
        }
        if n == 0 {
            return Solution(status: .optimal, flow: network.lower, potential: [], totalCost: 0)
        }
        return pivotToOptimum(network, cost: network.cost)
    }

    /// Pivots until no arc can enter; the flow per network arc, its potentials and its cost under `networkCost`.
    private mutating func pivotToOptimum(_ network: FlowNetwork, cost networkCost: [Int64]) -> Solution {
        let n = nodeCount, m = arcCount
        let flow = arcs.flow, pi = nodes.pi
        while findEnteringArc() {
            findJoinNode()
            let change = findLeavingArc()
            if delta >= FlowNetwork.unbounded {
                return Solution(status: .unbounded, flow: [], potential: [], totalCost: 0)
            }
            changeFlow(change)
            if change {
                updateTreeStructure()
                updatePotential()
            }
        }

        for e in m..<(m + n) where flow[e] != 0 {
            return Solution(status: .infeasible, flow: [], potential: [], totalCost: 0)
        }
        var result = [Int64](repeating: 0, count: m)
        var total: Int128 = 0
        for e in 0..<m {
            let a = Int(arcOf[e])
            result[a] = flow[e] + lowerBounds[a]
            total += Int128(result[a]) * Int128(networkCost[a])
        }
        return Solution(status: .optimal, flow: result, potential: pi.prefix(n), totalCost: total)
    }

    /// After an optimal solve: holds every arc out of the tree whose reduced cost is not zero (moved after
    /// the movable arcs, so they are never priced again), takes `secondCost` (by network arc) as the arcs'
    /// costs, sizes the artificial arcs' cost for it, and recomputes the potentials down the tree (each
    /// node's from its parent's, in thread order).
    private mutating func holdNonzeroReducedCosts(thenCost secondCost: [Int64]) {
        let (source, target, cost, state) = (arcs.source, arcs.target, arcs.cost, arcs.state)
        let (pi, parent, pred, thread, predDir) = (nodes.pi, nodes.parent, nodes.pred, nodes.thread, nodes.predDir)
        let n = nodeCount, m = arcCount
        // The movable arcs that stay, in their order (those priced first, first), then the held ones.
        var kept = [Int32](), held = [Int32]()
        var keptFirst = 0
        for e in 0..<movableCount {
            if state[e] != NetworkSimplex.stateTree && cost[e] + pi[Int(source[e])] - pi[Int(target[e])] != 0 {
                held.append(Int32(e))
            } else {
                kept.append(Int32(e))
                if e < firstCount { keptFirst += 1 }
            }
        }
        let order = kept + held
        arcs.rearrange(by: order)
        let before = Array(arcOf[0..<order.count])
        var newPosition = [Int32](repeating: 0, count: order.count)
        for (i, e) in order.enumerated() {
            arcOf[i] = before[Int(e)]
            newPosition[Int(e)] = Int32(i)
        }
        for u in 0..<n where pred[u] >= 0 && Int(pred[u]) < order.count { pred[u] = newPosition[Int(pred[u])] }
        movableCount = kept.count
        pricedCount = keptFirst
        candidateCount = 0
        nextArc = 0

        var maxCost: Int64 = 0
        for e in 0..<m {
            cost[e] = secondCost[Int(arcOf[e])]
            maxCost = max(maxCost, abs(cost[e]))
        }
        let (product, overflow) = (maxCost + 1).multipliedReportingOverflow(by: Int64(n + 1))
        precondition(!overflow && product < Int64.max / 8, "arc costs too large for the network simplex")
        artificialCost = product
        for e in m..<(m + n) { cost[e] = source[e] == root ? artificialCost : 0 }
        var u = thread[Int(root)]
        while u != root {
            let ui = Int(u)
            pi[ui] = pi[Int(parent[ui])] - Int64(predDir[ui]) * cost[Int(pred[ui])]
            u = thread[ui]
        }
    }

    // MARK: - Pivoting

    /// The altering candidate list: the entering arc is the most negative reduced cost among the
    /// list's arcs still eligible and the blocks scanned after them.
    private mutating func findEnteringArc() -> Bool {
        if findEnteringArc(among: pricedCount) { return true }
        guard pricedCount < movableCount else { return false }
        // None of the arcs priced first can enter: price every arc from now on.
        pricedCount = movableCount
        nextArc = 0
        return findEnteringArc(among: movableCount)
    }

    /// The pricing's block size and the candidate list's head length when `searchCount` arcs are priced.
    private static func pricingLengths(searchCount: Int) -> (blockSize: Int, headLength: Int) {
        let blockSize = max(Int(Self.blockSizeFactor * Double(searchCount).squareRoot()), Self.minBlockSize)
        let headLength = max(Int(Self.headLengthFactor * Double(blockSize)), Self.minHeadLength)
        return (blockSize, headLength)
    }

    private mutating func findEnteringArc(among searchCount: Int) -> Bool {
        guard searchCount > 0 else { return false }
        let (blockSize, headLength) = NetworkSimplex.pricingLengths(searchCount: searchCount)
        var count = candidateCount
        var e = nextArc < searchCount ? nextArc : 0
        // The hot loop of the solve, on columns held in registers. Wrapping arithmetic cannot
        // overflow: |cost| and |potential| stay below Int64.max / 8 (see `artificialCost`).
        let state = arcs.state, cost = arcs.cost, source = arcs.source, target = arcs.target
        let pi = nodes.pi
        let listArc = candidates.arc, listValue = candidates.value
        @inline(__always)
        func reducedCost(_ e: Int) -> Int64 {
            Int64(state[e]) &* (cost[e] &+ pi[Int(source[e])] &- pi[Int(target[e])])
        }
        // The list first: keep what is still eligible.
        var i = 0
        while i < count {
            let c = reducedCost(Int(listArc[i]))
            if c < 0 {
                listValue[i] = c
                i += 1
            } else {
                count -= 1
                listArc[i] = listArc[count]
                listValue[i] = listValue[count]
            }
        }
        // Then blocks, until the list is long enough.
        var left = blockSize
        var limit = headLength
        for _ in 0..<searchCount {
            let c = reducedCost(e)
            if c < 0 {
                listArc[count] = Int32(e)
                listValue[count] = c
                count += 1
            }
            e += 1
            if e == searchCount { e = 0 }
            left -= 1
            if left == 0 {
                if count > limit { break }
                limit = 0
                left = blockSize
            }
        }
        guard count > 0 else {
            candidateCount = 0
            return false
        }
        let kept = min(headLength + 1, count)
        NetworkSimplex.selectBest(kept, of: count, in: candidates)
        inArc = listArc[0]
        nextArc = e
        listArc[0] = listArc[kept - 1]
        listValue[0] = listValue[kept - 1]
        candidateCount = kept - 1
        return true
    }

    /// Moves the `k` best of the first `count` candidates (most negative reduced cost, ties by the
    /// lower arc, so the choice is deterministic) to the front, the best first. Wirth's selection.
    /// - Complexity: O(count) on average.
    static func selectBest(_ k: Int, of count: Int, arcs: inout [Int32], values: inout [Int64]) {
        let list = _CandidateList(capacity: arcs.count)
        list.arc.update(from: arcs)
        list.value.update(from: values)
        selectBest(k, of: count, in: list)
        arcs = list.arc.prefix(arcs.count)
        values = list.value.prefix(values.count)
    }

    /// `selectBest(_:of:arcs:values:)` on the candidate list's columns.
    private static func selectBest(_ k: Int, of count: Int, in list: _CandidateList) {
        let arc = list.arc, value = list.value
        @inline(__always)
        func before(_ i: Int, _ v: Int64, _ a: Int32) -> Bool { value[i] < v || (value[i] == v && arc[i] < a) }
        @inline(__always)
        func after(_ i: Int, _ v: Int64, _ a: Int32) -> Bool { value[i] > v || (value[i] == v && arc[i] > a) }
        @inline(__always)
        func swap(_ i: Int, _ j: Int) {
            (arc[i], arc[j]) = (arc[j], arc[i])
            (value[i], value[j]) = (value[j], value[i])
        }
        let kth = k - 1
        var low = 0, high = count - 1
        while low < high {
            let (v, a) = (value[kth], arc[kth])
            var i = low, j = high
            repeat {
                while before(i, v, a) { i += 1 }
                while after(j, v, a) { j -= 1 }
                if i <= j {
                    swap(i, j)
                    i += 1
                    j -= 1
                }
            } while i <= j
            if j < kth { low = i }
            if kth < i { high = j }
        }
        var best = 0
        for i in 1..<max(1, k) where before(i, value[best], arc[best]) { best = i }
        swap(0, best)
    }

    private mutating func findJoinNode() {
        let source = arcs.source, target = arcs.target
        let parent = nodes.parent, succNum = nodes.succNum
        var u = source[Int(inArc)], v = target[Int(inArc)]
        while u != v {
            if succNum[Int(u)] < succNum[Int(v)] { u = parent[Int(u)] } else { v = parent[Int(v)] }
        }
        join = u
    }

    /// Finds the blocking arc of the cycle; `false` when the entering arc itself blocks.
    private mutating func findLeavingArc() -> Bool {
        let source = arcs.source, target = arcs.target, cap = arcs.cap, flow = arcs.flow, state = arcs.state
        let parent = nodes.parent, pred = nodes.pred, predDir = nodes.predDir
        let first: Int32, second: Int32
        if state[Int(inArc)] == NetworkSimplex.stateLower {
            first = source[Int(inArc)]; second = target[Int(inArc)]
        } else {
            first = target[Int(inArc)]; second = source[Int(inArc)]
        }
        delta = cap[Int(inArc)]
        var result = 0
        var u = first
        while u != join {
            let e = Int(pred[Int(u)])
            var d = flow[e]
            if predDir[Int(u)] == -1 {
                d = cap[e] >= FlowNetwork.unbounded ? FlowNetwork.unbounded : cap[e] - d
            }
            if d < delta {
                delta = d
                uOut = u
                result = 1
            }
            u = parent[Int(u)]
        }
        u = second
        while u != join {
            let e = Int(pred[Int(u)])
            var d = flow[e]
            if predDir[Int(u)] == 1 {
                d = cap[e] >= FlowNetwork.unbounded ? FlowNetwork.unbounded : cap[e] - d
            }
            if d <= delta {
                delta = d
                uOut = u
                result = 2
            }
            u = parent[Int(u)]
        }
        if result == 1 {
            uIn = first; vIn = second
        } else {
            uIn = second; vIn = first
        }
        return result != 0
    }

    private mutating func changeFlow(_ change: Bool) {
        let source = arcs.source, target = arcs.target, flow = arcs.flow, state = arcs.state
        let parent = nodes.parent, pred = nodes.pred, predDir = nodes.predDir
        if delta > 0 {
            let val = Int64(state[Int(inArc)]) * delta
            flow[Int(inArc)] += val
            var u = source[Int(inArc)]
            while u != join {
                flow[Int(pred[Int(u)])] -= Int64(predDir[Int(u)]) * val
                u = parent[Int(u)]
            }
            u = target[Int(inArc)]
            while u != join {
                flow[Int(pred[Int(u)])] += Int64(predDir[Int(u)]) * val
                u = parent[Int(u)]
            }
        }
        if change {
            state[Int(inArc)] = NetworkSimplex.stateTree
            let out = Int(pred[Int(uOut)])
            state[out] = flow[out] == 0 ? NetworkSimplex.stateLower : NetworkSimplex.stateUpper
        } else {
            state[Int(inArc)] = -state[Int(inArc)]
        }
    }

    private mutating func updateTreeStructure() {
        let source = arcs.source
        let (parent, pred, thread, revThread) = (nodes.parent, nodes.pred, nodes.thread, nodes.revThread)
        let (succNum, lastSucc, predDir) = (nodes.succNum, nodes.lastSucc, nodes.predDir)
        let oldRevThread = revThread[Int(uOut)]
        let oldSuccNum = succNum[Int(uOut)]
        let oldLastSucc = lastSucc[Int(uOut)]
        vOut = parent[Int(uOut)]

        if uIn == uOut {
            parent[Int(uIn)] = vIn
            pred[Int(uIn)] = inArc
            predDir[Int(uIn)] = uIn == source[Int(inArc)] ? 1 : -1
            if thread[Int(vIn)] != uOut {
                var after = thread[Int(oldLastSucc)]
                thread[Int(oldRevThread)] = after
                revThread[Int(after)] = oldRevThread
                after = thread[Int(vIn)]
                thread[Int(vIn)] = uOut
                revThread[Int(uOut)] = vIn
                thread[Int(oldLastSucc)] = after
                revThread[Int(after)] = oldLastSucc
            }
        } else {
            let threadContinue = oldRevThread == vIn ? thread[Int(oldLastSucc)] : thread[Int(vIn)]
            var stem = uIn
            var parStem = vIn
            var last = lastSucc[Int(uIn)]
            var after = thread[Int(last)]
            thread[Int(vIn)] = uIn
            dirtyRevs.removeAll(keepingCapacity: true)
            dirtyRevs.append(vIn)
            while stem != uOut {
                let nextStem = parent[Int(stem)]
                thread[Int(last)] = nextStem
                dirtyRevs.append(last)
                let before = revThread[Int(stem)]
                thread[Int(before)] = after
                revThread[Int(after)] = before
                parent[Int(stem)] = parStem
                parStem = stem
                stem = nextStem
                last = lastSucc[Int(stem)] == lastSucc[Int(parStem)] ? revThread[Int(parStem)] : lastSucc[Int(stem)]
                after = thread[Int(last)]
            }
            parent[Int(uOut)] = parStem
            thread[Int(last)] = threadContinue
            revThread[Int(threadContinue)] = last
            lastSucc[Int(uOut)] = last
            if oldRevThread != vIn {
                thread[Int(oldRevThread)] = after
                revThread[Int(after)] = oldRevThread
            }
            for u in dirtyRevs { revThread[Int(thread[Int(u)])] = u }

            var tmpSc: Int32 = 0
            let tmpLs = lastSucc[Int(uOut)]
            var u = uOut
            var p = parent[Int(u)]
            while u != uIn {
                pred[Int(u)] = pred[Int(p)]
                predDir[Int(u)] = -predDir[Int(p)]
                tmpSc += succNum[Int(u)] - succNum[Int(p)]
                succNum[Int(u)] = tmpSc
                lastSucc[Int(p)] = tmpLs
                u = p
                p = parent[Int(u)]
            }
            pred[Int(uIn)] = inArc
            predDir[Int(uIn)] = uIn == source[Int(inArc)] ? 1 : -1
            succNum[Int(uIn)] = oldSuccNum
        }

        let upLimitOut: Int32 = lastSucc[Int(join)] == vIn ? join : -1
        let lastSuccOut = lastSucc[Int(uOut)]
        var u = vIn
        while u != -1 && lastSucc[Int(u)] == vIn {
            lastSucc[Int(u)] = lastSuccOut
            u = parent[Int(u)]
        }
        if join != oldRevThread && vIn != oldRevThread {
            u = vOut
            while u != upLimitOut && lastSucc[Int(u)] == oldLastSucc {
                lastSucc[Int(u)] = oldRevThread
                u = parent[Int(u)]
            }
        } else if lastSuccOut != oldLastSucc {
            u = vOut
            while u != upLimitOut && lastSucc[Int(u)] == oldLastSucc {
                lastSucc[Int(u)] = lastSuccOut
                u = parent[Int(u)]
            }
        }
        u = vIn
        while u != join {
            succNum[Int(u)] += oldSuccNum
            u = parent[Int(u)]
        }
        u = vOut
        while u != join {
            succNum[Int(u)] -= oldSuccNum
            u = parent[Int(u)]
        }
    }

    private mutating func updatePotential() {
        let cost = arcs.cost
        let pi = nodes.pi, thread = nodes.thread, lastSucc = nodes.lastSucc, predDir = nodes.predDir
        let sigma = pi[Int(vIn)] - pi[Int(uIn)] - Int64(predDir[Int(uIn)]) * cost[Int(inArc)]
        let end = thread[Int(lastSucc[Int(uIn)])]
        var u = uIn
        while u != end {
            pi[Int(u)] += sigma
            u = thread[Int(u)]
        }
    }
}
