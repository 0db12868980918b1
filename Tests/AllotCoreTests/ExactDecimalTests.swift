import XCTest
@testable import AllotCore

final class ExactDecimalTests: XCTestCase {
    func test_roundedToInteger_halfAwayFromZero() {
        let cases: [(String, Int64)] = [("0.5", 1), ("1.49", 1), ("2.5", 3), ("0.4999", 0), ("12", 12), ("8.70", 9)]
        for (text, expected) in cases {
            XCTAssertEqual(ExactDecimal(text)?.roundedToInteger(), expected, text)
        }
    }

    func test_multiplied_isExact() throws {
        // 10 L of alcohol at 0.87 kg/L: 8.7 kg, which binary floating point cannot hold.
        let product = try XCTUnwrap(ExactDecimal("10")?.multiplied(by: ExactDecimal("0.87")!))
        XCTAssertEqual(product.description, "8.7")
        XCTAssertEqual(product.roundedToInteger(), 9)
    }

    func test_parse_refusesNonNumbers() {
        for text in ["", ".", "1.2.3", "1e3", "-1", "abc"] { XCTAssertNil(ExactDecimal(text), text) }
    }
}
