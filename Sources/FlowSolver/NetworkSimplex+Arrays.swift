/// The network simplex's arc arrays, one column each (`_Column`), allocated
/// once per solve and freed with the solver: real arcs in mixed order, then
/// one artificial arc per node.
final class _ArcArrays {
    let source: _Column<Int32>
    let target: _Column<Int32>
    /// Upper bound minus lower bound, or `FlowNetwork.unbounded`.
    let cap: _Column<Int64>
    let cost: _Column<Int64>
    /// Flow above the lower bound.
    let flow: _Column<Int64>
    /// Lower = +1, tree = 0, upper = −1.
    let state: _Column<Int8>

    /// `count` arcs, all zero, each in `state`.
    init(count: Int, state: Int8) {
        source = .allocate(count, repeating: 0)
        target = .allocate(count, repeating: 0)
        cap = .allocate(count, repeating: 0)
        cost = .allocate(count, repeating: 0)
        flow = .allocate(count, repeating: 0)
        self.state = .allocate(count, repeating: state)
    }

    /// Puts the arc at `order[i]` at position i, for the first `order.count` positions.
    func rearrange(by order: [Int32]) {
        source.rearrange(by: order)
        target.rearrange(by: order)
        cap.rearrange(by: order)
        cost.rearrange(by: order)
        flow.rearrange(by: order)
        state.rearrange(by: order)
    }

    deinit {
        source.deallocate()
        target.deallocate()
        cap.deallocate()
        cost.deallocate()
        flow.deallocate()
        state.deallocate()
    }
}

/// The network simplex's node arrays, one column each (`_Column`), allocated
/// once per solve and freed with the solver: real nodes, then the root. The
/// spanning tree is kept as parent and thread lists with subtree sizes.
final class _NodeArrays {
    let supply: _Column<Int64>
    /// The potentials.
    let pi: _Column<Int64>
    let parent: _Column<Int32>
    /// The tree arc to the parent.
    let pred: _Column<Int32>
    let thread: _Column<Int32>
    let revThread: _Column<Int32>
    /// Nodes in the subtree, the node included.
    let succNum: _Column<Int32>
    /// The last node of the subtree in thread order.
    let lastSucc: _Column<Int32>
    /// +1: the pred arc points up (the node is its source); −1: down.
    let predDir: _Column<Int8>

    /// `count` nodes: no parents, no tree arcs, everything else zero.
    init(count: Int) {
        supply = .allocate(count, repeating: 0)
        pi = .allocate(count, repeating: 0)
        parent = .allocate(count, repeating: -1)
        pred = .allocate(count, repeating: -1)
        thread = .allocate(count, repeating: 0)
        revThread = .allocate(count, repeating: 0)
        succNum = .allocate(count, repeating: 0)
        lastSucc = .allocate(count, repeating: 0)
        predDir = .allocate(count, repeating: 1)
    }

    deinit {
        supply.deallocate()
        pi.deallocate()
        parent.deallocate()
        pred.deallocate()
        thread.deallocate()
        revThread.deallocate()
        succNum.deallocate()
        lastSucc.deallocate()
        predDir.deallocate()
    }
}

/// The network simplex's candidate list (arcs found eligible, with their
/// reduced costs), allocated once per solve for the longest list a pricing
/// pass can build.
final class _CandidateList {
    let arc: _Column<Int32>
    let value: _Column<Int64>

    init(capacity: Int) {
        arc = .allocate(capacity, repeating: 0)
        value = .allocate(capacity, repeating: 0)
    }

    deinit {
        arc.deallocate()
        value.deallocate()
    }
}
