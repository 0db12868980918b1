import XCTest
@testable import AllotCore

final class RecordUpdatesTests: XCTestCase {
    private let code = try! CreditCode.parse("91350100M000100Y43").get()

    private func offer(_ id: String, _ quantity: Int64, updated: Int64?, source: String = "s") -> FeedRecord {
        .offer(Offer(key: RecordKey(source: source, kind: .offer, id: id), supplierID: code, supplierName: "x",
                     region: RegionCode(371522), material: MaterialCode("SUIT"), quantity: Quantity(quantity),
                     updatedAt: updated.map { Instant(microsecondsSinceEpoch: $0) }))
    }

    private func entries(_ records: [FeedRecord]) -> [RecordUpdates.Entry] {
        records.enumerated().map { RecordUpdates.Entry(record: $1, origin: RecordOrigin(file: "f.csv", line: $0 + 2), sequence: $0) }
    }

    func test_resolve_latestWins_othersSuperseded() {
        let outcome = RecordUpdates.resolve(entries([offer("A", 1, updated: 5), offer("A", 2, updated: 9), offer("A", 3, updated: nil)]))
        XCTAssertEqual(outcome.accepted.map(\.origin.line), [3])
        XCTAssertEqual(outcome.superseded.map(\.origin.line), [2, 4])
        XCTAssertTrue(outcome.conflicts.isEmpty)
    }

    func test_resolve_noTimestamps_identicalCopiesCountOnce() {
        let outcome = RecordUpdates.resolve(entries([offer("A", 1, updated: nil), offer("A", 1, updated: nil)]))
        XCTAssertEqual(outcome.accepted.map(\.origin.line), [2])
        XCTAssertEqual(outcome.superseded.map(\.origin.line), [3])
    }

    func test_resolve_equalLatestDifferentContent_rejectsEachVersion() {
        let outcome = RecordUpdates.resolve(entries([
            offer("A", 1, updated: 1), offer("A", 2, updated: 7), offer("A", 3, updated: 7), offer("A", 2, updated: 7),
        ]))
        XCTAssertTrue(outcome.accepted.isEmpty)
        XCTAssertEqual(outcome.conflicts.map { $0.map(\.origin.line) }, [[3, 4]])
        XCTAssertEqual(outcome.superseded.map(\.origin.line), [2, 5])
    }

    func test_resolve_keysDifferBySource() {
        let outcome = RecordUpdates.resolve(entries([offer("A", 1, updated: nil, source: "x"), offer("A", 2, updated: nil, source: "y")]))
        XCTAssertEqual(outcome.accepted.count, 2)
    }

    func test_resolve_everyEntryEndsSomewhereOnce() {
        var rng = SplitMix64(seed: 42)
        for _ in 0..<200 {
            let records = (0..<Int.random(in: 1...12, using: &rng)).map { _ in
                offer(["A", "B", "C"].randomElement(using: &rng)!, Int64.random(in: 1...2, using: &rng),
                      updated: [nil, 1, 2].randomElement(using: &rng)!)
            }
            let outcome = RecordUpdates.resolve(entries(records))
            let total = outcome.accepted.count + outcome.superseded.count + outcome.conflicts.reduce(0) { $0 + $1.count }
            XCTAssertEqual(total, records.count)
            XCTAssertEqual(Set(outcome.accepted.map(\.record.key)).count, outcome.accepted.count)
        }
    }
}

