import XCTest
@testable import AllotPublish

final class AllotPublishModuleTests: XCTestCase {
    func test_module_links() { XCTAssertNotNil(AllotPublish.self as Any) }
}
