/// The residual arcs of a network grouped by node, in compressed sparse rows:
/// residual arc `2e` runs tail → head of arc `e`, `2e + 1` runs back, and
/// node `v`'s residual arcs are `arcs[firstOut[v]..<firstOut[v + 1]]`, in arc
/// order. The max-flow solvers (`FractionalMaxFlow`, `ParametricFlow`) scan them.
///
/// Per position of that order, `farEnd` is the node the residual arc leads to
/// and `pair` the position of the same arc's other direction, so that a solver
/// can keep residual capacities by position: a scan of a node's arcs then reads
/// consecutive memory instead of arc-indexed arrays at random.
struct ResidualArcIndex {
    let firstOut: [Int32]
    let arcs: [Int32]
    let farEnd: [Int32]
    let pair: [Int32]
    /// Per residual arc (`2e`, `2e + 1`): its position.
    let position: [Int32]

    /// - Complexity: O(n + m).
    init(nodeCount: Int, tail: [Int32], head: [Int32]) {
        var degree = [Int32](repeating: 0, count: nodeCount + 1)
        for e in 0..<tail.count {
            degree[Int(tail[e]) + 1] += 1
            degree[Int(head[e]) + 1] += 1
        }
        for v in 0..<nodeCount { degree[v + 1] += degree[v] }
        var arcs = [Int32](repeating: 0, count: 2 * tail.count)
        var farEnd = [Int32](repeating: 0, count: 2 * tail.count)
        var pair = [Int32](repeating: 0, count: 2 * tail.count)
        var position = [Int32](repeating: 0, count: 2 * tail.count)
        var fill = degree
        for e in 0..<tail.count {
            let t = Int(tail[e]), h = Int(head[e])
            let forward = fill[t], backward = fill[h]
            arcs[Int(forward)] = Int32(2 * e); farEnd[Int(forward)] = Int32(h); fill[t] += 1
            arcs[Int(backward)] = Int32(2 * e + 1); farEnd[Int(backward)] = Int32(t); fill[h] += 1
            pair[Int(forward)] = backward
            pair[Int(backward)] = forward
            position[2 * e] = forward
            position[2 * e + 1] = backward
        }
        firstOut = degree
        self.arcs = arcs
        self.farEnd = farEnd
        self.pair = pair
        self.position = position
    }
}

/// A network whose arc flows a max-flow solver moves, read through its
/// residual arcs (numbered as in `ResidualArcIndex`). A held arc has no
/// residual capacity either way.
protocol ResidualFlowNetwork {
    var tail: [Int32] { get }
    var head: [Int32] { get }
    var capacity: [Double] { get }
    var flow: [Double] { get }
    var held: [Bool] { get }
}

extension ResidualFlowNetwork {
    /// What residual arc `r` can still carry.
    @inline(__always)
    func residual(_ r: Int32) -> Double {
        let e = Int(r >> 1)
        if held[e] { return 0 }
        return r & 1 == 0 ? capacity[e] - flow[e] : flow[e]
    }

    /// The node residual arc `r` leads to.
    @inline(__always)
    func otherEnd(_ r: Int32) -> Int32 {
        let e = Int(r >> 1)
        return r & 1 == 0 ? head[e] : tail[e]
    }
}
