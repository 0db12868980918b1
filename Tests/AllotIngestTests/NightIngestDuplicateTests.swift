import AllotCore
import Foundation
import XCTest
@testable import AllotIngest

/// The same demand sent twice: a file re-sent under another name is
/// rejected whole, naming the first.
final class NightIngestDuplicateTests: SampleNightCopyTestCase {
    func test_read_fileResentUnderAnotherName_isRejectedWholeNamingTheFirst() throws {
        let before = try NightIngest.read(inputs: inputs)
        try FileManager.default.copyItem(at: inputs.appendingPathComponent("feeds/county-donge.csv"),
                                         to: inputs.appendingPathComponent("feeds/county-upper.CSV"))
        let night = try NightIngest.read(inputs: inputs)
        XCTAssertEqual(night.requests.count, before.requests.count)
        let digest = try XCTUnwrap(night.files.first { $0.path == "feeds/county-donge.csv" }?.sha256)
        XCTAssertEqual(night.rejects.filter { $0.file == "feeds/county-upper.CSV" }.map { "\($0.line) \($0.code.rawValue): \($0.message)" }, [
            "0 duplicate_file: feeds/county-upper.CSV has the same content as feeds/county-donge.csv (SHA-256 \(digest)), read before it: its records are not read again; remove one of the two files",
        ])
        let copy = try XCTUnwrap(night.files.first { $0.path == "feeds/county-upper.CSV" })
        XCTAssertEqual([copy.records, copy.accepted, copy.rejected], [0, 0, 0])
        XCTAssertEqual(copy.sha256, digest)
    }
}

extension NightIngestDuplicateTests {
    /// The sample night's nine requests that a county feed and the provincial
    /// platform both send: planned, and each a warning with its exclude row.
    func test_sampleNight_requestsOfTwoSourcesAskingTheSame_areWarnedAbout() throws {
        let night = try NightIngest.read(inputs: inputs)
        XCTAssertEqual(night.possibleDuplicates.count, 9)
        XCTAssertTrue(night.possibleDuplicates.allSatisfy { $0.first.source != $0.second.source })
        XCTAssertEqual(night.warningCount, 3 + 9)
        let first = try XCTUnwrap(night.possibleDuplicates.first)
        XCTAssertTrue(night.requests.contains { $0.key == first.first })
        XCTAssertTrue(night.requests.contains { $0.key == first.second })
        XCTAssertTrue(night.warnings.contains(first.warning))
        XCTAssertEqual(first.excludeLine, "exclude,,\(first.second),,,,possible duplicate of \(first.first)")
    }
}
