import AllotCore
import XCTest
@testable import AllotPublish

/// `unmet.csv`'s order: the fast sort (positions and small keys) gives the
/// same rows as sorting by `UnmetRow.order` itself.
final class UnmetOrderTests: XCTestCase {
    func test_sorted_equalsTheReferenceOrderOnRandomRowsWithTies() {
        var random = SplitMix64(seed: 20_200_211)
        func pick(_ n: Int) -> Int { Int(random.next() % UInt64(n)) }
        let materials = ["MASK-MEDICAL", "DISINFECTANT", "SUIT", "ALCOHOL"]
        for round in 0..<50 {
            var rows = [UnmetRow]()
            for i in 0..<(1 + pick(300)) {
                // Few distinct values, so materials, tiers and fill ratios tie often (1/2 = 2/4 = 3/6).
                let requested = Int64([2, 4, 6, 10][pick(4)])
                let delivered = Int64(pick(Int(requested)))
                let request = PublishFixture.request("R-\(round)-\(pick(1_000))-\(i)", 11, "企业 \(i)", 371502,
                                                     materials[pick(materials.count)], requested, .medical)
                let outcome = RequestOutcome(request: request.key, requestIndex: -1, tier: 1 + pick(3), requested: Quantity(requested),
                                             delivered: Quantity(delivered), overdue: false, reason: .capacityExhausted)
                rows.append(UnmetRow(outcome: outcome, request: request, reason: .capacityExhausted,
                                     fillRatio: DecimalText.fillRatio(delivered: delivered, requested: requested), age: 1))
            }
            let fast = UnmetRow.sorted(rows).map(\.outcome.request)
            let reference = rows.sorted(by: UnmetRow.order).map(\.outcome.request)
            XCTAssertEqual(fast, reference, "round \(round)")
        }
    }
}
