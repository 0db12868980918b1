import AllotCore
import XCTest
@testable import FlowSolver

final class NetworkSimplexTests: XCTestCase {
    /// Checks a solution as a proof: feasible, complementary slack, primal cost = dual cost.
    private func assertProvenOptimal(_ network: FlowNetwork, _ s: NetworkSimplex.Solution,
                                     file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(s.status, .optimal, file: file, line: line)
        guard s.status == .optimal else { return }
        XCTAssertNil(network.feasibilityViolation(of: s.flow), file: file, line: line)
        XCTAssertNil(network.complementarySlacknessViolation(flow: s.flow, potential: s.potential), file: file, line: line)
        XCTAssertEqual(network.primalCost(s.flow), s.totalCost, file: file, line: line)
        XCTAssertEqual(network.dualCost(potential: s.potential), s.totalCost, file: file, line: line)
    }

    /// The candidate list's selection: the k best (most negative, ties by the lower arc), the best first.
    func test_selectBest_movesTheKBestToTheFrontBestFirst() {
        var rng = SplitMix64(seed: 11)
        for round in 0..<500 {
            let count = Int.random(in: 1...60, using: &rng)
            let k = Int.random(in: 1...count, using: &rng)
            var arcs = (0..<count).map { _ in Int32.random(in: 0..<40, using: &rng) }
            var values = (0..<count).map { _ in Int64.random(in: -9 ... -1, using: &rng) }
            let pairs = zip(values, arcs).map { ($0, $1) }
            let best = pairs.sorted { $0.0 != $1.0 ? $0.0 < $1.0 : $0.1 < $1.1 }
            NetworkSimplex.selectBest(k, of: count, arcs: &arcs, values: &values)
            let front = zip(values, arcs).prefix(k).map { ($0, $1) }
            XCTAssertTrue(front[0] == best[0], "round \(round)")
            XCTAssertEqual(front.map(\.0).sorted(), best.prefix(k).map(\.0), "round \(round)")
            XCTAssertEqual(front.map { "\($0.0)/\($0.1)" }.sorted(), best.prefix(k).map { "\($0.0)/\($0.1)" }.sorted(),
                           "round \(round)")
            XCTAssertEqual(zip(values, arcs).map { "\($0)/\($1)" }.sorted(), pairs.map { "\($0.0)/\($0.1)" }.sorted(),
                           "round \(round): the list keeps its members")
        }
    }

    func test_solve_transportationTextbookInstance() {
        // Two plants (supply 20, 30), three markets (demand 10, 25, 15).
        var n = FlowNetwork(nodeCount: 5)
        n.supply = [20, 30, -10, -25, -15]
        let costs: [[Int64]] = [[8, 6, 10], [9, 12, 13]]
        for p in 0..<2 { for m in 0..<3 { n.addArc(from: Int32(p), to: Int32(2 + m), cost: costs[p][m]) } }
        let s = NetworkSimplex.solve(n)
        assertProvenOptimal(n, s)
        // Plant 0 ships its 20 to market 1 (cost 6): then 10, 5, 15 from plant 1.
        let expected: Int128 = 120 + 90 + 60 + 195   // 20·6 + 10·9 + 5·12 + 15·13
        XCTAssertEqual(s.totalCost, expected)
    }

    func test_solve_circulationWithNegativeCycle_takesItToCapacity() {
        var n = FlowNetwork(nodeCount: 3)
        n.addArc(from: 0, to: 1, upper: 7, cost: 2)
        n.addArc(from: 1, to: 2, upper: 5, cost: 1)
        n.addArc(from: 2, to: 0, cost: -10)
        let s = NetworkSimplex.solve(n)
        assertProvenOptimal(n, s)
        XCTAssertEqual(s.flow, [5, 5, 5])
        XCTAssertEqual(s.totalCost, -35)
    }

    func test_solve_lowerBounds_areMet() {
        var n = FlowNetwork(nodeCount: 2)
        n.supply = [4, -4]
        n.addArc(from: 0, to: 1, lower: 3, upper: 10, cost: 5)
        n.addArc(from: 0, to: 1, upper: 10, cost: 1)
        let s = NetworkSimplex.solve(n)
        assertProvenOptimal(n, s)
        XCTAssertEqual(s.flow, [3, 1])
    }

    /// Arcs whose bounds fix their flow carry exactly that, however cheap (they are never priced).
    func test_solve_fixedArcs_carryTheirBound() {
        var n = FlowNetwork(nodeCount: 3)
        n.supply = [5, 0, -5]
        n.addArc(from: 0, to: 2, lower: 2, upper: 2, cost: -100)
        n.addArc(from: 0, to: 1, upper: 10, cost: 1)
        n.addArc(from: 1, to: 2, upper: 10, cost: 1)
        n.addArc(from: 0, to: 2, lower: 0, upper: 0, cost: -100)
        for first in [nil, [false, true, true, true]] {
            let s = NetworkSimplex.solve(n, pricingFirst: first)
            assertProvenOptimal(n, s)
            XCTAssertEqual(s.flow, [2, 3, 3, 0])
        }
    }

    func test_solve_infeasibleAndUnbounded_areValues() {
        var short = FlowNetwork(nodeCount: 2)
        short.supply = [5, -5]
        short.addArc(from: 0, to: 1, upper: 3)
        XCTAssertEqual(NetworkSimplex.solve(short).status, .infeasible)

        var cycle = FlowNetwork(nodeCount: 2)
        cycle.addArc(from: 0, to: 1, cost: -1)
        cycle.addArc(from: 1, to: 0, cost: 0)
        XCTAssertEqual(NetworkSimplex.solve(cycle).status, .unbounded)
    }

    /// The mixed arc order visits every network arc exactly once, and
    /// network arcs m / n apart sit side by side.
    func test_arcOrder_isAPermutationThatInterleavesTails() {
        for (m, n) in [(0, 5), (1, 2), (2, 2), (7, 1), (10, 3), (100, 10), (1000, 7), (997, 31)] {
            let order = NetworkSimplex.arcOrder(arcCount: m, nodeCount: n)
            XCTAssertEqual(order.sorted(), (0..<Int32(m)).map { $0 }, "m \(m), n \(n)")
        }
        let order = NetworkSimplex.arcOrder(arcCount: 100, nodeCount: 10)
        XCTAssertEqual(Array(order.prefix(3)), [0, 10, 20])
        XCTAssertEqual(order[10], 1)
    }

    /// Transportation-shaped networks large enough for many pricing blocks
    /// (source → lots → requests → sink with a return arc of cost −W, as the
    /// planner and the bench build them), proven optimal.
    func test_solve_randomTransportationNetworks_provenOptimal() {
        var rng = SplitMix64(seed: 11)
        for round in 0..<10 {
            let lots = Int.random(in: 5...30, using: &rng), requests = Int.random(in: 5...45, using: &rng)
            var n = FlowNetwork(nodeCount: lots + requests + 2)
            let source = Int32(lots + requests), sink = source + 1
            var maxCost: Int64 = 1, out: Int64 = 0
            for l in 0..<lots {
                let supply = Int64.random(in: 0...50, using: &rng)
                n.addArc(from: source, to: Int32(l), upper: supply)
                out += supply
            }
            for l in 0..<lots {
                for r in 0..<requests where Int.random(in: 0..<3, using: &rng) > 0 {
                    let cost = Int64.random(in: 1...8000, using: &rng)
                    maxCost = max(maxCost, cost)
                    n.addArc(from: Int32(l), to: Int32(lots + r), upper: 50, cost: cost)
                }
            }
            for r in 0..<requests { n.addArc(from: Int32(lots + r), to: sink, upper: Int64.random(in: 0...40, using: &rng)) }
            n.addArc(from: sink, to: source, upper: out, cost: -(Int64(n.nodeCount) * maxCost + 1))
            let s = NetworkSimplex.solve(n)
            assertProvenOptimal(n, s)
            if s.status == .optimal {
                XCTAssertEqual(s.totalCost, ReferenceMinCostFlow.solve(n).cost, "round \(round)")
            }
            // Short arcs priced first: the same optimum, proven again.
            for limit: Int64 in [0, 800, 4000] {
                let first = NetworkSimplex.solve(n, pricingFirstUpTo: limit)
                XCTAssertEqual(first.status, s.status, "round \(round), limit \(limit)")
                assertProvenOptimal(n, first)
                XCTAssertEqual(first.totalCost, s.totalCost, "round \(round), limit \(limit)")
            }
        }
    }

    /// Random networks checked by certificates and against an independent
    /// successive-shortest-path solver.
    func test_solve_randomNetworks_provenOptimalAndAgreeWithReference() {
        var rng = SplitMix64(seed: 7)
        for round in 0..<400 {
            let nodes = Int.random(in: 2...9, using: &rng)
            var n = FlowNetwork(nodeCount: nodes)
            for _ in 0..<Int.random(in: 1...25, using: &rng) {
                let u = Int32.random(in: 0..<Int32(nodes), using: &rng)
                var v = Int32.random(in: 0..<Int32(nodes), using: &rng)
                if v == u { v = (v + 1) % Int32(nodes) }
                let upper = Int64.random(in: 0...12, using: &rng)
                let lower = Int64.random(in: 0...2, using: &rng) == 0 ? Int64.random(in: 0...upper, using: &rng) : 0
                n.addArc(from: u, to: v, lower: lower, upper: upper, cost: Int64.random(in: -6...15, using: &rng))
            }
            var supplies = (0..<nodes).map { _ in Int64.random(in: -6...6, using: &rng) }
            supplies[nodes - 1] -= supplies.reduce(0, +)
            n.supply = supplies
            let reference = ReferenceMinCostFlow.solve(n)
            for limit in [nil, Int64(3)] {
                let s = NetworkSimplex.solve(n, pricingFirstUpTo: limit)
                XCTAssertEqual(s.status, reference.status, "round \(round), limit \(String(describing: limit))")
                if s.status == .optimal {
                    assertProvenOptimal(n, s)
                    XCTAssertEqual(s.totalCost, reference.cost, "round \(round), limit \(String(describing: limit))")
                }
            }
            // Any set of arcs priced first, even none or one that cannot carry the supplies.
            let firstArcs = (0..<n.arcCount).map { _ in Bool.random(using: &rng) }
            let s = NetworkSimplex.solve(n, pricingFirst: firstArcs)
            XCTAssertEqual(s.status, reference.status, "round \(round), random arcs first")
            if s.status == .optimal {
                assertProvenOptimal(n, s)
                XCTAssertEqual(s.totalCost, reference.cost, "round \(round), random arcs first")
            }
        }
    }

    /// The lexicographic solve (the second costs from the first's optimal tree) on random networks with few
    /// distinct first costs, so the first has many optima: the first is proven optimal; the second is a
    /// flow of the first's least cost and proven optimal on the network of the first's optima, whose least
    /// second cost the reference finds too.
    func test_solveThenCost_isOptimalAmongTheFirstOptima() {
        var rng = SplitMix64(seed: 29)
        var moved = 0
        for round in 0..<400 {
            let nodes = Int.random(in: 2...10, using: &rng)
            var n = FlowNetwork(nodeCount: nodes)
            var secondCost = [Int64]()
            for _ in 0..<Int.random(in: 1...30, using: &rng) {
                let u = Int32.random(in: 0..<Int32(nodes), using: &rng)
                var v = Int32.random(in: 0..<Int32(nodes), using: &rng)
                if v == u { v = (v + 1) % Int32(nodes) }
                let upper = Int64.random(in: 0...12, using: &rng)
                let lower = Int64.random(in: 0...3, using: &rng) == 0 ? Int64.random(in: 0...upper, using: &rng) : 0
                n.addArc(from: u, to: v, lower: lower, upper: upper, cost: Int64.random(in: -1...2, using: &rng))
                secondCost.append(Int64.random(in: -5...40, using: &rng))
            }
            var supplies = (0..<nodes).map { _ in Int64.random(in: -6...6, using: &rng) }
            supplies[nodes - 1] -= supplies.reduce(0, +)
            n.supply = supplies
            let reference = ReferenceMinCostFlow.solve(n)
            let firstArcs = (0..<n.arcCount).map { _ in Bool.random(using: &rng) }
            let (first, second) = NetworkSimplex.solve(n, thenCost: secondCost,
                                                       pricingFirst: round % 2 == 0 ? nil : firstArcs)
            XCTAssertEqual(first.status, reference.status, "round \(round)")
            guard first.status == .optimal else { continue }
            assertProvenOptimal(n, first)
            XCTAssertEqual(first.totalCost, reference.cost, "round \(round)")
            XCTAssertNil(n.feasibilityViolation(of: second.flow), "round \(round)")
            XCTAssertEqual(n.primalCost(second.flow), first.totalCost, "round \(round): the second keeps the first's optimum")
            let held = n.holdingNonzeroReducedCosts(potential: first.potential, thenCost: secondCost)
            assertProvenOptimal(held, second)
            XCTAssertEqual(second.totalCost, ReferenceMinCostFlow.solve(held).cost, "round \(round)")
            if second.flow != first.flow { moved += 1 }
        }
        XCTAssertGreaterThan(moved, 50, "the second costs moved the flow in many rounds")
    }
}


extension NetworkSimplex {
    /// Solves `network`, pricing the arcs that cost at most `costLimit` first (all alike when `nil`).
    static func solve(_ network: FlowNetwork, pricingFirstUpTo costLimit: Int64?) -> Solution {
        solve(network, pricingFirst: costLimit.map { limit in network.cost.map { $0 <= limit } })
    }
}

/// An independent, slow reference: lower bounds removed, then cycle
/// cancelling by Bellman–Ford from a feasible flow found by max flow.
enum ReferenceMinCostFlow {
    static func solve(_ network: FlowNetwork) -> (status: FlowStatus, cost: Int128) {
        let n = network.nodeCount
        // Residual graph with a super source S and sink T for the supplies.
        let S = n, T = n + 1
        var to = [Int](), cap = [Int64](), cost = [Int64](), adj = [[Int]](repeating: [], count: n + 2)
        func add(_ u: Int, _ v: Int, _ c: Int64, _ w: Int64) {
            adj[u].append(to.count); to.append(v); cap.append(c); cost.append(w)
            adj[v].append(to.count); to.append(u); cap.append(0); cost.append(-w)
        }
        var b = network.supply
        var base: Int128 = 0
        for e in 0..<network.arcCount {
            let l = network.lower[e]
            b[Int(network.tail[e])] -= l
            b[Int(network.head[e])] += l
            base += Int128(l) * Int128(network.cost[e])
            add(Int(network.tail[e]), Int(network.head[e]), network.upper[e] - l, network.cost[e])
        }
        var need: Int64 = 0
        for v in 0..<n {
            if b[v] > 0 { add(S, v, b[v], 0); need += b[v] }
            if b[v] < 0 { add(v, T, -b[v], 0) }
        }
        // Feasible flow by BFS augmenting paths.
        var pushed: Int64 = 0
        while true {
            var prev = [Int](repeating: -1, count: n + 2)
            var queue = [S]; var seen = Set([S]); var i = 0
            while i < queue.count { let u = queue[i]; i += 1
                for a in adj[u] where cap[a] > 0 && !seen.contains(to[a]) { seen.insert(to[a]); prev[to[a]] = a; queue.append(to[a]) }
            }
            guard prev[T] != -1 else { break }
            var f = Int64.max; var v = T
            while v != S { let a = prev[v]; f = min(f, cap[a]); v = to[a ^ 1] }
            v = T
            while v != S { let a = prev[v]; cap[a] -= f; cap[a ^ 1] += f; v = to[a ^ 1] }
            pushed += f
        }
        guard pushed == need else { return (.infeasible, 0) }
        // Cancel negative cycles (Bellman–Ford over real nodes).
        while true {
            var dist = [Int64](repeating: 0, count: n), prev = [Int](repeating: -1, count: n)
            var last = -1
            for _ in 0..<n {
                last = -1
                for u in 0..<n { for a in adj[u] where to[a] < n && cap[a] > 0 && dist[u] + cost[a] < dist[to[a]] {
                    dist[to[a]] = dist[u] + cost[a]; prev[to[a]] = a; last = to[a]
                } }
            }
            guard last != -1 else { break }
            var v = last
            for _ in 0..<n { v = to[prev[v] ^ 1] }
            var f = Int64.max; var u = v
            repeat { let a = prev[u]; f = min(f, cap[a]); u = to[a ^ 1] } while u != v
            if f >= FlowNetwork.unbounded / 2 { return (.unbounded, 0) }
            u = v
            repeat { let a = prev[u]; cap[a] -= f; cap[a ^ 1] += f; u = to[a ^ 1] } while u != v
        }
        var total = base
        for a in stride(from: 0, to: 2 * network.arcCount, by: 2) { total += Int128(cap[a + 1]) * Int128(cost[a]) }
        return (.optimal, total)
    }
}
