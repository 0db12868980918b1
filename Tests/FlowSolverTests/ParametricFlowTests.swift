import AllotCore
import XCTest
@testable import FlowSolver

final class ParametricFlowTests: XCTestCase {
    /// Source → lots (supplies) → requests (unbounded reach) → sink; arcs listed lot by lot.
    private func network(supplies: [Double], reach: [(lot: Int, request: Int)], requests: Int)
        -> (ParametricFlow, demandArcs: [Int]) {
        let source: Int32 = 0, sink: Int32 = 1
        let lot = { Int32(2 + $0) }, request = { Int32(2 + supplies.count + $0) }
        var tail = [Int32](), head = [Int32](), capacity = [Double]()
        for (l, s) in supplies.enumerated() { tail.append(source); head.append(lot(l)); capacity.append(s) }
        for r in reach { tail.append(lot(r.lot)); head.append(request(r.request)); capacity.append(1e6) }
        var arcs = [Int]()
        for r in 0..<requests { arcs.append(tail.count); tail.append(request(r)); head.append(sink); capacity.append(0) }
        let flow = ParametricFlow(nodeCount: 2 + supplies.count + requests, tail: tail, head: head, capacity: capacity,
                                  tolerance: 1e-9)
        return (flow, arcs)
    }

    func test_fill_specExample_tenSuitsForThousandOneOne() {
        var (flow, arcs) = network(supplies: [10], reach: [(0, 0), (0, 1), (0, 2)], requests: 3)
        let x = flow.fill(zip(arcs, [1000.0, 1, 1]).map { .init(arc: $0, requested: $1, pinned: 0) }, source: 0, sink: 1)
        let lambda = 10.0 / 1002
        XCTAssertEqual(x[0], 1000 * lambda, accuracy: 1e-9)
        XCTAssertEqual(x[1], lambda, accuracy: 1e-9)
        XCTAssertEqual(x[2], lambda, accuracy: 1e-9)
    }

    func test_fill_twoLevels_eachRequestAtItsBottleneck() {
        // Lot A (10) serves R0 (100) and R3 (5); lot B (50) serves R1 (20), R2 (40) and R3.
        var (flow, arcs) = network(supplies: [10, 50], reach: [(0, 0), (1, 1), (1, 2), (0, 3), (1, 3)], requests: 4)
        let x = flow.fill(zip(arcs, [100.0, 20, 40, 5]).map { .init(arc: $0, requested: $1, pinned: 0) },
                          source: 0, sink: 1)
        // Lowest level: R0 at 0.1 with all of A; then B's 50 for R1, R2, R3 at the ratio 50 / 65.
        XCTAssertEqual(x[0], 10, accuracy: 1e-9)
        XCTAssertEqual(x[1], 20 * 50 / 65, accuracy: 1e-9)
        XCTAssertEqual(x[2], 40 * 50 / 65, accuracy: 1e-9)
        XCTAssertEqual(x[3], 5 * 50 / 65, accuracy: 1e-9)
        XCTAssertEqual(flow.flow[arcs[0]] + flow.flow[arcs[1]] + flow.flow[arcs[2]] + flow.flow[arcs[3]], 60, accuracy: 1e-9)
    }

    func test_fill_pinnedAndUpperBound_shapeTheRamps() {
        // One lot of 30 for R0 (20, 6 pinned: ratio starts at 0.3) and R1 (20, at most 4 more).
        var (flow, arcs) = network(supplies: [30], reach: [(0, 0), (0, 1)], requests: 2)
        let x = flow.fill([.init(arc: arcs[0], requested: 20, pinned: 6), .init(arc: arcs[1], requested: 20, pinned: 0, upper: 4)],
                          source: 0, sink: 1)
        XCTAssertEqual(x[1], 4, accuracy: 1e-9)
        XCTAssertEqual(x[0], 14, accuracy: 1e-9)   // everything left: R0 full
    }

    func test_fill_heldArcsKeepTheirFlow() {
        // An earlier tier's request R0 holds 8 of lot A's 10; R1 gets the other 2 and lot B's 3.
        var (flow, arcs) = network(supplies: [10, 3], reach: [(0, 0), (0, 1), (1, 1)], requests: 2)
        flow.setFlow(0, 8); flow.setFlow(2, 8); flow.setFlow(arcs[0], 8)
        flow.held[arcs[0]] = true
        flow.capacity[arcs[0]] = 8
        let x = flow.fill([.init(arc: arcs[1], requested: 100, pinned: 0)], source: 0, sink: 1)
        XCTAssertEqual(x[0], 5, accuracy: 1e-9)
        XCTAssertEqual(flow.flow[arcs[0]], 8)
    }

    /// Against a brute-force leximin on small random networks: the level of each request, found by
    /// bisection on "every unsettled request at λ" with max flows, settling those whose arc cannot carry more.
    func test_fill_matchesProgressiveFilling_onRandomNetworks() {
        var rng = SplitMix64(seed: 7)
        for round in 0..<200 {
            let lots = Int.random(in: 1...5, using: &rng), requests = Int.random(in: 1...7, using: &rng)
            let supplies = (0..<lots).map { _ in Double(Int.random(in: 0...40, using: &rng)) }
            var reach = [(lot: Int, request: Int)]()
            for l in 0..<lots { for r in 0..<requests where Int.random(in: 0..<3, using: &rng) == 0 { reach.append((l, r)) } }
            let demands = (0..<requests).map { _ -> (Double, Double) in
                let d = Double(Int.random(in: 1...30, using: &rng))
                return (d, Bool.random(using: &rng) ? 0 : Double(Int.random(in: 0...Int(d), using: &rng)))
            }
            var (flow, arcs) = network(supplies: supplies, reach: reach, requests: requests)
            let x = flow.fill(arcs.indices.map { .init(arc: arcs[$0], requested: demands[$0].0, pinned: demands[$0].1) },
                              source: 0, sink: 1)
            let expected = referenceFilling(supplies: supplies, reach: reach, demands: demands)
            for r in 0..<requests {
                XCTAssertEqual(x[r], expected[r], accuracy: 1e-6, "round \(round), request \(r)")
            }
            // The values alone leave the flow as it was; carrying them gives fill's answer.
            var (split, _) = network(supplies: supplies, reach: reach, requests: requests)
            let ds = arcs.indices.map { ParametricFlow.Demand(arc: arcs[$0], requested: demands[$0].0, pinned: demands[$0].1) }
            let values = split.levelValues(ds, source: 0, sink: 1)
            XCTAssertEqual(split.flow, Array(repeating: 0, count: split.flow.count), "round \(round)")
            let carried = split.realize(ds, values: values, source: 0, sink: 1)
            for r in 0..<requests {
                XCTAssertEqual(values[r], expected[r], accuracy: 1e-6, "round \(round), request \(r)")
                XCTAssertEqual(carried[r], x[r], accuracy: 1e-9, "round \(round), request \(r)")
            }
            XCTAssertEqual(split.flow, flow.flow, "round \(round)")
            assertCarries(split, values: values, demandArcs: arcs, "round \(round), composed")
            // Without levelValues before it, realize finds the flow by a max flow from the held flow.
            var direct = network(supplies: supplies, reach: reach, requests: requests).0
            let directly = direct.realize(ds, values: values, source: 0, sink: 1)
            for r in 0..<requests { XCTAssertEqual(directly[r], values[r], accuracy: 1e-6, "round \(round), request \(r)") }
            assertCarries(direct, values: values, demandArcs: arcs, "round \(round), by max flow")
        }
    }

    /// `network.flow` is a flow that delivers `values` on the demand arcs: within capacities, conserved
    /// at every node but the source (0) and the sink (1).
    private func assertCarries(_ network: ParametricFlow, values: [Double], demandArcs: [Int], _ message: String,
                               file: StaticString = #filePath, line: UInt = #line) {
        var balance = [Double](repeating: 0, count: network.nodeCount)
        for e in network.flow.indices {
            XCTAssertGreaterThanOrEqual(network.flow[e], 0, message, file: file, line: line)
            XCTAssertLessThanOrEqual(network.flow[e], network.capacity[e], message, file: file, line: line)
            balance[Int(network.tail[e])] -= network.flow[e]
            balance[Int(network.head[e])] += network.flow[e]
        }
        for v in 2..<network.nodeCount { XCTAssertEqual(balance[v], 0, accuracy: 1e-9, "\(message), node \(v)", file: file, line: line) }
        for (k, e) in demandArcs.enumerated() {
            XCTAssertEqual(network.flow[e], values[k], accuracy: 1e-9, "\(message), demand \(k)", file: file, line: line)
        }
    }

    private func referenceFilling(supplies: [Double], reach: [(lot: Int, request: Int)], demands: [(Double, Double)]) -> [Double] {
        let n = demands.count
        var settled = [Double?](repeating: nil, count: n)
        for r in 0..<n where demands[r].0 - demands[r].1 <= 0 { settled[r] = 0 }
        func capacity(_ r: Int, _ lambda: Double) -> Double {
            settled[r] ?? min(demands[r].0 - demands[r].1, max(0, lambda * demands[r].0 - demands[r].1))
        }
        func maxFlow(_ caps: [Double]) -> FractionalMaxFlow {
            let (base, arcs) = network(supplies: supplies, reach: reach, requests: n)
            var c = base.capacity
            for r in 0..<n { c[arcs[r]] = caps[r] }
            var f = FractionalMaxFlow(nodeCount: base.nodeCount, tail: base.tail, head: base.head, capacity: c, tolerance: 1e-12)
            f.augment(from: 0, to: 1)
            return f
        }
        let arcs = network(supplies: supplies, reach: reach, requests: n).demandArcs
        while settled.contains(where: { $0 == nil }) {
            // The highest λ at which every unsettled request can have c(λ).
            var low = 0.0, high = 1.0
            for _ in 0..<100 {
                let mid = (low + high) / 2
                let caps = (0..<n).map { capacity($0, mid) }
                let f = maxFlow(caps)
                if (0..<n).allSatisfy({ f.flow[arcs[$0]] >= caps[$0] - 1e-9 }) { low = mid } else { high = mid }
            }
            // Settle those that cannot take more while the others keep c(λ).
            var progressed = false
            for r in 0..<n where settled[r] == nil {
                var caps = (0..<n).map { capacity($0, low) }
                let full = caps[r] >= demands[r].0 - demands[r].1 - 1e-12
                caps[r] += 1e-6
                let f = maxFlow(caps)
                if full || f.flow[arcs[r]] < caps[r] - 1e-9 || !(0..<n).allSatisfy({ f.flow[arcs[$0]] >= caps[$0] - 1e-9 }) {
                    settled[r] = capacity(r, low)
                    progressed = true
                }
            }
            if !progressed { for r in 0..<n where settled[r] == nil { settled[r] = capacity(r, low) } }
        }
        return settled.map { $0! }
    }
}
