import Foundation
import XCTest

/// A test that changes a copy of the sample night's inputs: `inputs` is a
/// fresh copy for each test, removed after it.
class SampleNightCopyTestCase: XCTestCase {
    var inputs: URL!

    override func setUpWithError() throws {
        inputs = FileManager.default.temporaryDirectory.appendingPathComponent("allot-night-\(UUID().uuidString)")
        try FileManager.default.copyItem(at: NightIngestTests.sampleInputs, to: inputs)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: inputs)
    }
}
