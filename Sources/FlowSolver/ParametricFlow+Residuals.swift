/// A `ParametricFlow`'s residual network by position of `ResidualArcIndex`
/// (a node's residual arcs side by side, so a scan reads consecutive
/// memory), and the scratch of its max flows: one column each (`_Column`),
/// allocated once per network and freed with it.
final class _ResidualArrays {
    /// Node `v`'s positions are `firstOut[v]..<firstOut[v + 1]`.
    let firstOut: _Column<Int32>
    /// Per position: the residual arc (2e forward, 2e + 1 backward).
    let arcs: _Column<Int32>
    /// Per position: the node the residual arc leads to.
    let farEnd: _Column<Int32>
    /// Per position: the position of the same arc's other direction.
    let pair: _Column<Int32>
    /// Per residual arc (2e, 2e + 1): its position.
    let position: _Column<Int32>
    /// Per position: residual capacity during a part's max flow (what the last one left).
    let residual: _Column<Double>
    /// Per position: residual capacity at the held flow a fill starts from (demand arcs at capacity 0
    /// in `levelValues`), which every part's max flow starts from.
    let baseResidual: _Column<Double>
    /// Per node: the max flow's distance labels (and 0 or `LevelRun.aboveLabel` around its part).
    let distance: _Column<Int32>
    /// Per node: the max flow's current position.
    let current: _Column<Int32>

    /// - Complexity: O(n + m).
    init(index: ResidualArcIndex, nodeCount: Int) {
        firstOut = .allocate(index.firstOut)
        arcs = .allocate(index.arcs)
        farEnd = .allocate(index.farEnd)
        pair = .allocate(index.pair)
        position = .allocate(index.position)
        residual = .allocate(index.arcs.count, repeating: 0)
        baseResidual = .allocate(index.arcs.count, repeating: 0)
        distance = .allocate(nodeCount, repeating: -1)
        current = .allocate(nodeCount, repeating: 0)
    }

    /// A copy that shares nothing with this one, for a copy of its network that is about to fill.
    /// - Complexity: O(n + m).
    private init(copying other: _ResidualArrays) {
        firstOut = .allocate(other.firstOut.count, repeating: 0)
        arcs = .allocate(other.arcs.count, repeating: 0)
        farEnd = .allocate(other.farEnd.count, repeating: 0)
        pair = .allocate(other.pair.count, repeating: 0)
        position = .allocate(other.position.count, repeating: 0)
        residual = .allocate(other.residual.count, repeating: 0)
        baseResidual = .allocate(other.baseResidual.count, repeating: 0)
        distance = .allocate(other.distance.count, repeating: 0)
        current = .allocate(other.current.count, repeating: 0)
        firstOut.update(from: other.firstOut)
        arcs.update(from: other.arcs)
        farEnd.update(from: other.farEnd)
        pair.update(from: other.pair)
        position.update(from: other.position)
        residual.update(from: other.residual)
        baseResidual.update(from: other.baseResidual)
        distance.update(from: other.distance)
        current.update(from: other.current)
    }

    func copy() -> _ResidualArrays { _ResidualArrays(copying: self) }

    deinit {
        firstOut.deallocate()
        arcs.deallocate()
        farEnd.deallocate()
        pair.deallocate()
        position.deallocate()
        residual.deallocate()
        baseResidual.deallocate()
        distance.deallocate()
        current.deallocate()
    }
}
