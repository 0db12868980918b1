/// A directed network with lower and upper arc bounds, arc costs and node
/// supplies, stored as parallel arrays indexed by `Int32` (as LEMON stores
/// its graphs). Knows nothing of supplies of masks: nodes and arcs are numbers.
///
/// Terms used throughout the solver:
/// - `tail`/`head`: an arc runs from its tail to its head.
/// - `lower`/`upper`: bounds on an arc's flow; `upper` may be `FlowNetwork.unbounded`.
/// - `supply`: net flow a node emits (negative for a demand). A circulation
///   has every supply 0.
/// - `potential`, `reducedCost` = cost + potential[tail] − potential[head].
public struct FlowNetwork: Sendable {
    /// An upper bound that never binds.
    public static let unbounded: Int64 = Int64.max / 4

    public private(set) var nodeCount: Int
    public private(set) var tail: [Int32] = []
    public private(set) var head: [Int32] = []
    public private(set) var lower: [Int64] = []
    public private(set) var upper: [Int64] = []
    public private(set) var cost: [Int64] = []
    public var supply: [Int64]

    public init(nodeCount: Int = 0) {
        self.nodeCount = nodeCount
        self.supply = Array(repeating: 0, count: nodeCount)
    }

    public var arcCount: Int { tail.count }

    /// Adds a node and returns its index.
    @discardableResult
    public mutating func addNode(supply: Int64 = 0) -> Int32 {
        nodeCount += 1
        self.supply.append(supply)
        return Int32(nodeCount - 1)
    }

    /// Adds an arc and returns its index.
    @discardableResult
    public mutating func addArc(from u: Int32, to v: Int32, lower: Int64 = 0, upper: Int64 = FlowNetwork.unbounded,
                                cost: Int64 = 0) -> Int32 {
        precondition(Int(u) < nodeCount && Int(v) < nodeCount, "arc end outside the network")
        precondition(lower >= 0 && lower <= upper, "arc bounds must satisfy 0 <= lower <= upper")
        tail.append(u)
        head.append(v)
        self.lower.append(lower)
        self.upper.append(upper)
        self.cost.append(cost)
        return Int32(tail.count - 1)
    }

    public mutating func reserveArcs(_ n: Int) {
        tail.reserveCapacity(n); head.reserveCapacity(n)
        lower.reserveCapacity(n); upper.reserveCapacity(n); cost.reserveCapacity(n)
    }

    public mutating func setBounds(arc: Int32, lower l: Int64, upper u: Int64) {
        precondition(l >= 0 && l <= u)
        lower[Int(arc)] = l
        upper[Int(arc)] = u
    }

    public mutating func setCost(arc: Int32, _ c: Int64) { cost[Int(arc)] = c }
}

/// The outcome of a solve: a value, not an exception (as LEMON's `ProblemType`).
public enum FlowStatus: Equatable, Sendable {
    case optimal
    /// No flow meets the bounds and supplies.
    case infeasible
    /// A negative-cost cycle of unbounded capacity.
    case unbounded
}
