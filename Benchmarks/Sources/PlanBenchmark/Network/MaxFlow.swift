/// Maximum flow by Dinic's algorithm on integer capacities: breadth-first
/// levels from the source, then a blocking flow of shortest augmenting paths
/// found depth-first with a current-arc pointer per node (Dinic 1970; Ahuja,
/// Magnanti and Orlin, *Network Flows*, 7.4).
///
/// The bench's own solver, so the planner's tier-1 totals are checked against
/// code that shares nothing with FlowSolver. `cutCapacity()` certifies the
/// result: the arcs leaving the nodes still reachable from the source in the
/// residual network form a cut whose capacity equals the flow exactly when
/// the flow is maximum.
///
/// Residual arcs come in pairs: `2e` runs along arc `e`, `2e + 1` against it.
struct MaxFlow {
    let nodeCount: Int
    private let arcCount: Int
    private let originalCapacity: [Int64]
    /// Residual arcs by their tail: those of node v are `order[first[v] ..< first[v + 1]]`.
    private var first: [Int]
    private var order: [Int32]
    private var headOf: [Int32]
    private var residual: [Int64]
    private var level: [Int32]
    private var current: [Int]

    /// - Complexity: O(n + m).
    init(nodeCount: Int, tail: [Int32], head: [Int32], capacity: [Int64]) {
        self.nodeCount = nodeCount
        arcCount = tail.count
        originalCapacity = capacity
        let m2 = 2 * tail.count
        headOf = [Int32](repeating: 0, count: m2)
        residual = [Int64](repeating: 0, count: m2)
        var degree = [Int](repeating: 0, count: nodeCount + 1)
        for e in 0..<tail.count {
            headOf[2 * e] = head[e]
            headOf[2 * e + 1] = tail[e]
            residual[2 * e] = capacity[e]
            degree[Int(tail[e]) + 1] += 1
            degree[Int(head[e]) + 1] += 1
        }
        for v in 0..<nodeCount { degree[v + 1] += degree[v] }
        first = degree
        var fill = degree
        order = [Int32](repeating: 0, count: m2)
        for e in 0..<tail.count {
            order[fill[Int(tail[e])]] = Int32(2 * e); fill[Int(tail[e])] += 1
            order[fill[Int(head[e])]] = Int32(2 * e + 1); fill[Int(head[e])] += 1
        }
        level = [Int32](repeating: -1, count: nodeCount)
        current = [Int](repeating: 0, count: nodeCount)
    }

    /// Pushes a maximum flow from `source` to `sink`; returns its value.
    /// - Complexity: O(n² m) in general; a few phases on these layered networks.
    mutating func solve(source: Int32, sink: Int32) -> Int64 {
        var total: Int64 = 0
        while buildLevels(source: source, sink: sink) {
            for v in 0..<nodeCount { current[v] = first[v] }
            total += blockingFlow(source: source, sink: sink)
        }
        return total
    }

    /// Flow on arc `e` of the input.
    func flow(arc e: Int) -> Int64 { originalCapacity[e] - residual[2 * e] }

    /// Capacity of the cut between the nodes reachable from `source` in the
    /// residual network and the rest; equals the flow value when the flow is maximum.
    func cutCapacity(source: Int32, tail: [Int32], head: [Int32]) -> Int64 {
        var reached = [Bool](repeating: false, count: nodeCount)
        var queue = [source]
        reached[Int(source)] = true
        var i = 0
        while i < queue.count {
            let v = Int(queue[i]); i += 1
            for k in first[v]..<first[v + 1] {
                let a = Int(order[k]), w = Int(headOf[a])
                if residual[a] > 0 && !reached[w] { reached[w] = true; queue.append(Int32(w)) }
            }
        }
        var cut: Int64 = 0
        for e in 0..<arcCount where reached[Int(tail[e])] && !reached[Int(head[e])] { cut += originalCapacity[e] }
        return cut
    }

    private mutating func buildLevels(source: Int32, sink: Int32) -> Bool {
        for v in 0..<nodeCount { level[v] = -1 }
        var queue = [source]
        queue.reserveCapacity(nodeCount)
        level[Int(source)] = 0
        var i = 0
        while i < queue.count {
            let v = Int(queue[i]); i += 1
            for k in first[v]..<first[v + 1] {
                let a = Int(order[k]), w = Int(headOf[a])
                if residual[a] > 0 && level[w] < 0 {
                    level[w] = level[v] + 1
                    queue.append(Int32(w))
                }
            }
        }
        return level[Int(sink)] >= 0
    }

    /// Augments along shortest paths until none is left in the level graph.
    private mutating func blockingFlow(source: Int32, sink: Int32) -> Int64 {
        var total: Int64 = 0
        var path = [Int32]()
        var v = Int(source)
        while true {
            if v == Int(sink) {
                var bottleneck = Int64.max
                for a in path { bottleneck = min(bottleneck, residual[Int(a)]) }
                var firstSaturated = -1
                for (i, a) in path.enumerated() {
                    residual[Int(a)] -= bottleneck
                    residual[Int(a) ^ 1] += bottleneck
                    if firstSaturated < 0 && residual[Int(a)] == 0 { firstSaturated = i }
                }
                total += bottleneck
                // Retreat to the tail of the first arc the augmentation saturated.
                path.removeLast(path.count - firstSaturated)
                v = path.isEmpty ? Int(source) : Int(headOf[Int(path[path.count - 1])])
                continue
            }
            var advanced = false
            while current[v] < first[v + 1] {
                let a = Int(order[current[v]]), w = Int(headOf[a])
                if residual[a] > 0 && level[w] == level[v] + 1 {
                    path.append(Int32(a))
                    v = w
                    advanced = true
                    break
                }
                current[v] += 1
            }
            if advanced { continue }
            // A dead end: no shortest path goes on from v.
            if v == Int(source) { return total }
            level[v] = -1
            let a = Int(path.removeLast())
            v = Int(headOf[a ^ 1])
            current[v] += 1
        }
    }
}
