import AllotCore
import AllotIngest
import XCTest

/// `RegionTable.resolve` on the national table, as feeds reach it.
final class RegionResolveGrowthTests: XCTestCase {
    /// A feed's region value of tens of thousands of characters that ends with
    /// a unit's name (and names no unit) takes time that grows at most with its length, not with its
    /// square: it took 0.41 s at 40,000 characters and 1.47 s at 80,000.
    func test_resolve_longText_timeGrowsLinearly() throws {
        let sizes = [10_000, 20_000, 40_000, 80_000]
        let texts = Dictionary(uniqueKeysWithValues: sizes.map { ($0, String(repeating: "莘", count: $0 - 3) + "聊城市") })
        let table = try RegionTableFile.builtIn()
        let seconds = GrowthTiming.seconds(for: sizes) { XCTAssertEqual(table.resolve(texts[$0]!), .unknown) }
        XCTAssertTrue(GrowthTiming.growsLinearly(seconds, sizes: sizes),
                      "seconds by length: \(zip(sizes, seconds).map { "\($0): \($1)" })")
        // The longest forms the table spells still resolve.
        XCTAssertEqual(table.resolve("山东省聊城市莘县"), .found(RegionCode(371522)))
        XCTAssertEqual(table.resolve("山东省聊城市莘县县"), .unknown)
    }
}
