/// Maximum flow with real capacities, for fair sharing where a cap binds
/// (level by level, with lower bounds) and as a reference in tests.
///
/// Algorithm: Dinic's blocking flows (level graph by breadth-first search,
/// then depth-first augmentation with current-arc pointers), started from
/// whatever flow the arcs already carry, so a caller can raise capacities and
/// augment again. Residual capacities below `tolerance` count as zero.
///
/// An arc can be *held*: its flow then neither rises nor falls, which is how
/// requests whose share is settled keep it while others are filled.
public struct FractionalMaxFlow: ResidualFlowNetwork {
    public let nodeCount: Int
    public let tail: [Int32]
    public let head: [Int32]
    public var capacity: [Double]
    public private(set) var flow: [Double]
    /// Arcs whose flow is fixed.
    public var held: [Bool]
    /// Residual capacity treated as zero.
    public var tolerance: Double

    // Residual arcs: 2e forward (tail -> head), 2e+1 backward; CSR by node.
    private var firstOut: [Int32]
    private var residualArcs: [Int32]

    public init(nodeCount: Int, tail: [Int32], head: [Int32], capacity: [Double], tolerance: Double = 1e-9) {
        precondition(tail.count == head.count && head.count == capacity.count)
        self.nodeCount = nodeCount
        self.tail = tail
        self.head = head
        self.capacity = capacity
        self.flow = Array(repeating: 0, count: tail.count)
        self.held = Array(repeating: false, count: tail.count)
        self.tolerance = tolerance
        let index = ResidualArcIndex(nodeCount: nodeCount, tail: tail, head: head)
        firstOut = index.firstOut
        residualArcs = index.arcs
    }

    /// Sets an arc's flow directly (for starting from a known feasible flow).
    public mutating func setFlow(_ e: Int, _ value: Double) { flow[e] = value }

    /// Pushes as much more flow from `source` to `sink` as the residual network allows.
    /// - Returns: the flow added.
    /// - Complexity: O(n²m) per call in the worst case.
    @discardableResult
    public mutating func augment(from source: Int32, to sink: Int32) -> Double {
        var total = 0.0
        var level = [Int32](repeating: -1, count: nodeCount)
        var current = [Int32](repeating: 0, count: nodeCount)
        var queue = [Int32]()
        queue.reserveCapacity(nodeCount)
        while true {
            for i in 0..<nodeCount { level[i] = -1 }
            level[Int(source)] = 0
            queue.removeAll(keepingCapacity: true)
            queue.append(source)
            var qi = 0
            while qi < queue.count {
                let u = queue[qi]; qi += 1
                var i = firstOut[Int(u)]
                while i < firstOut[Int(u) + 1] {
                    let r = residualArcs[Int(i)]
                    let v = otherEnd(r)
                    if level[Int(v)] < 0 && residual(r) > tolerance {
                        level[Int(v)] = level[Int(u)] + 1
                        queue.append(v)
                    }
                    i += 1
                }
            }
            if level[Int(sink)] < 0 { return total }
            for v in 0..<nodeCount { current[v] = firstOut[v] }
            while true {
                let pushed = blockingPath(from: source, to: sink, level: level, current: &current)
                if pushed <= tolerance { break }
                total += pushed
            }
        }
    }

    /// One augmenting path in the level graph, found iteratively.
    private mutating func blockingPath(from source: Int32, to sink: Int32, level: [Int32], current: inout [Int32]) -> Double {
        var path = [Int32]()   // residual arcs
        var u = source
        while true {
            if u == sink {
                var bottleneck = Double.infinity
                for r in path { bottleneck = min(bottleneck, residual(r)) }
                for r in path {
                    let e = Int(r >> 1)
                    if r & 1 == 0 { flow[e] = min(capacity[e], flow[e] + bottleneck) } else { flow[e] = max(0, flow[e] - bottleneck) }
                }
                return bottleneck
            }
            var advanced = false
            while current[Int(u)] < firstOut[Int(u) + 1] {
                let r = residualArcs[Int(current[Int(u)])]
                let v = otherEnd(r)
                if level[Int(v)] == level[Int(u)] + 1 && residual(r) > tolerance {
                    path.append(r)
                    u = v
                    advanced = true
                    break
                }
                current[Int(u)] += 1
            }
            if !advanced {
                guard let last = path.popLast() else { return 0 }
                let back = (last & 1 == 0) ? tail[Int(last >> 1)] : head[Int(last >> 1)]
                current[Int(back)] += 1
                u = back
            }
        }
    }

    /// Nodes reachable from `source` along residual arcs; the source side of a minimum cut after `augment`.
    public func reachable(from source: Int32) -> [Bool] {
        var seen = [Bool](repeating: false, count: nodeCount)
        var stack = [source]
        seen[Int(source)] = true
        while let u = stack.popLast() {
            var i = firstOut[Int(u)]
            while i < firstOut[Int(u) + 1] {
                let r = residualArcs[Int(i)]
                let v = otherEnd(r)
                if !seen[Int(v)] && residual(r) > tolerance {
                    seen[Int(v)] = true
                    stack.append(v)
                }
                i += 1
            }
        }
        return seen
    }
}
