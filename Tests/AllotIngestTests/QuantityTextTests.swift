import XCTest
@testable import AllotIngest

final class QuantityTextTests: XCTestCase {
    func test_parse_multiplierAndUnit() throws {
        let p = try QuantityText.parse("123.5万只").get()
        XCTAssertEqual(p.amount.roundedToInteger(), 1_235_000)
        XCTAssertEqual(p.unit, "只")
    }
}
