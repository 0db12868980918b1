import XCTest
@testable import AllotCore

final class CreditCodeTests: XCTestCase {
    func test_parse_validCode_roundTrips() throws {
        let prefix = "91371500706079729"
        let check = try XCTUnwrap(CreditCode.checkCharacter(forPrefix: prefix))
        let code = try CreditCode.parse(prefix + String(check)).get()
        XCTAssertEqual(code.description, prefix + String(check))
    }
}
