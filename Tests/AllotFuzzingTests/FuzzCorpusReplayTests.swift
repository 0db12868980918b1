import AllotFuzzing
import Foundation
import XCTest

/// Every file of `Fuzz/Corpus/<target>/` and `Fuzz/Regressions/<target>/`
/// through the entry its fuzz target calls (`FuzzTarget.run`), with the
/// same properties: the seeds and every crash found stay fixed in `make test`,
/// without libFuzzer.
final class FuzzCorpusReplayTests: XCTestCase {
    /// `Fuzz/` at the root of the repository.
    static let fuzzFolder = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fuzz")

    /// Regression inputs whose defect is known and not fixed yet: file name → the defect.
    /// The replay skips them, naming the defect; remove the entry with the fix.
    static let knownDefects: [String: String] = [:]

    func testCorpus() throws {
        try replay("Corpus", minimumPerTarget: 3)
    }

    func testRegressions() throws {
        try replay("Regressions", minimumPerTarget: 0)
    }

    /// Every target has a corpus folder, and nothing else lies beside them.
    func testEveryTargetHasACorpus() throws {
        let names = try FileManager.default.contentsOfDirectory(atPath: Self.fuzzFolder.appendingPathComponent("Corpus").path)
            .filter { !$0.hasPrefix(".") }
        XCTAssertEqual(Set(names), Set(FuzzTarget.allCases.map(\.rawValue)))
    }

    private func replay(_ kind: String, minimumPerTarget: Int) throws {
        var skipped = [String]()
        for target in FuzzTarget.allCases {
            let folder = Self.fuzzFolder.appendingPathComponent(kind).appendingPathComponent(target.rawValue)
            let names = ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? [])
                .filter { !$0.hasPrefix(".") }.sorted()
            XCTAssertGreaterThanOrEqual(names.count, minimumPerTarget, "\(kind)/\(target.rawValue)")
            for name in names {
                if let defect = Self.knownDefects[name] {
                    skipped.append("\(kind)/\(target.rawValue)/\(name): \(defect)")
                    continue
                }
                let bytes = try [UInt8](Data(contentsOf: folder.appendingPathComponent(name)))
                do {
                    try target.run(bytes)
                } catch {
                    XCTFail("\(kind)/\(target.rawValue)/\(name): \(error)")
                }
            }
        }
        if !skipped.isEmpty {
            throw XCTSkip("known defects, not fixed yet: " + skipped.joined(separator: "; "))
        }
    }
}
