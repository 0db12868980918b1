/// Certificates a solution can be checked against (as LEMON's `checkFlow`,
/// `checkPotential` and `checkDualCost`): tests and `ALLOT_INTERNAL_CHECKS`
/// builds prove an optimum rather than trust it.
extension FlowNetwork {
    /// Why a flow or its potentials fail a check; `nil` when they pass.
    public func feasibilityViolation(of flow: [Int64]) -> String? {
        guard flow.count == arcCount else { return "flow has \(flow.count) arcs, the network \(arcCount)" }
        var balance = [Int64](repeating: 0, count: nodeCount)
        for e in 0..<arcCount {
            if flow[e] < lower[e] || flow[e] > upper[e] {
                return "arc \(e) carries \(flow[e]) outside [\(lower[e]), \(upper[e])]"
            }
            balance[Int(tail[e])] += flow[e]
            balance[Int(head[e])] -= flow[e]
        }
        for v in 0..<nodeCount where balance[v] != supply[v] {
            return "node \(v) emits \(balance[v]) but its supply is \(supply[v])"
        }
        return nil
    }

    /// The reduced cost of arc `e` under `potential`.
    public func reducedCost(_ e: Int, potential: [Int64]) -> Int64 {
        cost[e] + potential[Int(tail[e])] - potential[Int(head[e])]
    }

    /// The network a lexicographic second solve optimizes (`NetworkSimplex.solve(_:thenCost:)`): each arc
    /// whose reduced cost under the first solve's `potential` is not zero fixed at the bound complementary
    /// slackness holds it at, and the costs `secondCost`.
    public func holdingNonzeroReducedCosts(potential: [Int64], thenCost secondCost: [Int64]) -> FlowNetwork {
        var held = self
        for e in 0..<arcCount {
            let rc = reducedCost(e, potential: potential)
            if rc > 0 { held.setBounds(arc: Int32(e), lower: lower[e], upper: lower[e]) }
            if rc < 0 { held.setBounds(arc: Int32(e), lower: upper[e], upper: upper[e]) }
            held.setCost(arc: Int32(e), secondCost[e])
        }
        return held
    }

    /// Complementary slackness: a positive reduced cost forces the lower
    /// bound, a negative one the upper bound.
    public func complementarySlacknessViolation(flow: [Int64], potential: [Int64]) -> String? {
        for e in 0..<arcCount {
            let rc = reducedCost(e, potential: potential)
            if rc > 0 && flow[e] != lower[e] { return "arc \(e) has reduced cost \(rc) > 0 but flow \(flow[e]) above its lower bound" }
            if rc < 0 && flow[e] != upper[e] { return "arc \(e) has reduced cost \(rc) < 0 but flow \(flow[e]) below its upper bound" }
        }
        return nil
    }

    /// Σ cost × flow.
    public func primalCost(_ flow: [Int64]) -> Int128 {
        var total: Int128 = 0
        for e in 0..<arcCount { total += Int128(cost[e]) * Int128(flow[e]) }
        return total
    }

    /// The dual objective of `potential`: Σ_e min over [lower, upper] of
    /// reducedCost × x, minus Σ_v potential × supply. Equal to the primal cost
    /// exactly when both are optimal.
    public func dualCost(potential: [Int64]) -> Int128? {
        var total: Int128 = 0
        for e in 0..<arcCount {
            let rc = reducedCost(e, potential: potential)
            if rc > 0 { total += Int128(rc) * Int128(lower[e]) }
            if rc < 0 {
                if upper[e] >= FlowNetwork.unbounded { return nil }
                total += Int128(rc) * Int128(upper[e])
            }
        }
        for v in 0..<nodeCount { total -= Int128(potential[v]) * Int128(supply[v]) }
        return total
    }
}
