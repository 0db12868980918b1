import AllotCore
import Foundation
import XCTest

/// What every command shares: `--version`.
final class CommandLineTests: XCTestCase {
    static let sample = SampleNightPlanTests.sampleInputs

    func test_version_printsTheVersionAndExits0() throws {
        let result = try AllotCommand.run(["--version"])
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertEqual(result.text, AllotVersion.current + "\n")
    }
}
