import XCTest
@testable import AllotCore

final class CreditCodeTests: XCTestCase {
    /// Published codes with correct check digits (GB 32100-2015 examples and real registrations).
    func test_parse_knownValidCodes() {
        for text in ["91350100M000100Y43", "91110000600037341L", "91370000163060838N"] {
            if case .failure(let p) = CreditCode.parse(text) { XCTFail("\(text): \(p)") }
        }
    }

    func test_parse_validCode_roundTripsThroughPackedForm() throws {
        let prefix = "91371500706079729"
        let check = try XCTUnwrap(CreditCode.checkCharacter(forPrefix: prefix))
        let code = try CreditCode.parse(prefix + String(check)).get()
        XCTAssertEqual(code.description, prefix + String(check))
    }

    func test_parse_lowercaseLetters_areAccepted() throws {
        let code = try CreditCode.parse("91350100m000100y43").get()
        XCTAssertEqual(code.description, "91350100M000100Y43")
    }

    func test_parse_problems_nameWhatIsWrong() {
        let cases: [(String, CreditCode.Problem)] = [
            ("91350100M000100Y4", .wrongLength(17)),
            ("91350100M000100Y433", .wrongLength(19)),
            ("91350100M000I00Y43", .invalidCharacter("I", position: 13)),
            ("91350100M000100Y4O", .invalidCharacter("O", position: 18)),
            ("91350100M000100Y44", .checkDigit(expected: "3", found: "4")),
        ]
        for (text, expected) in cases {
            XCTAssertEqual(CreditCode.parse(text), .failure(expected), text)
        }
    }

    func test_problemDescription_isReadable() {
        XCTAssertEqual(CreditCode.Problem.checkDigit(expected: "3", found: "4").description,
                       "check digit is '4' but the code's first 17 characters give '3'")
    }

    func test_weights_arePowersOfThreeModulo31() {
        XCTAssertEqual(CreditCode.weights, [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28])
    }

    func test_order_followsText() throws {
        let a = try CreditCode.parse("91110000600037341L").get()
        let b = try CreditCode.parse("91350100M000100Y43").get()
        XCTAssertLessThan(a, b)
    }
}
