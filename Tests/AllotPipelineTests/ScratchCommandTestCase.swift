import Foundation
import XCTest

/// A command test that works in a scratch folder of its own (`work`),
/// removed after the test, with a copy of the sample night's inputs at hand.
class ScratchCommandTestCase: XCTestCase {
    var work: URL!

    override func setUpWithError() throws {
        work = FileManager.default.temporaryDirectory.appendingPathComponent("allot-\(type(of: self))-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
        let folder = work!
        addTeardownBlock { try? FileManager.default.removeItem(at: folder) }
    }

    /// A copy of the sample night's inputs in `work/Inputs`, to change as the next drop would.
    func sampleInputs() throws -> URL {
        let inputs = work.appendingPathComponent("Inputs")
        try FileManager.default.copyItem(at: SampleNightPlanTests.sampleInputs, to: inputs)
        return inputs
    }
}
