import AllotCore
import Foundation
import XCTest
@testable import AllotIngest

/// A night whose drop zone holds a workbook feed and a file that is no feed:
/// the workbook's rows are records like a CSV's, and the other file is a
/// reject, never only a log line.
final class NightIngestWorkbookTests: SampleNightCopyTestCase {
    func test_read_workbookFeedAndANote_workbookCountedNoteRejected() throws {
        let code = "91371500706079729C"
        let rows = XLSXFixture.row(1, XLSXFeedReaderTests.header)
            + XLSXFixture.row(2, ["XL-1", code, "山东力得汽车科技", "莘县", "口罩", "n:300", "d1:43872", "key_enterprise", nil])
            + XLSXFixture.row(3, ["XL-2", code, "山东力得汽车科技", "莘县", "口罩", "n:0", "d1:43872", "key_enterprise", nil])
        try Data(try XLSXFixture.workbook(rows: rows)).write(to: inputs.appendingPathComponent("feeds/county-extra.xlsx"))
        try Data("tonight's notes".utf8).write(to: inputs.appendingPathComponent("feeds/notes.txt"))

        let night = try NightIngest.read(inputs: inputs)
        let workbook = try XCTUnwrap(night.files.first { $0.path == "feeds/county-extra.xlsx" })
        XCTAssertEqual(workbook.encoding, "xlsx")
        XCTAssertEqual([workbook.records, workbook.accepted, workbook.rejected, workbook.superseded], [2, 1, 1, 0])
        XCTAssertEqual(workbook.sha256.count, 64)
        XCTAssertTrue(night.requests.contains { $0.key.source == "county-extra" && $0.key.id == "XL-1" })
        let found = night.rejects.filter { $0.file == "feeds/county-extra.xlsx" || $0.file == "feeds/notes.txt" }
            .map { "\($0.file):\($0.line) \($0.recordID) \($0.code.rawValue): \($0.message)" }
        XCTAssertEqual(found, [
            "feeds/county-extra.xlsx:3 XL-2 non_positive_quantity: 0: a quantity must be more than 0",
            "feeds/notes.txt:0  not_a_feed: feeds/notes.txt is not a feed: feeds are .csv, .xml or .xlsx files; the file is not read",
        ])
        let note = try XCTUnwrap(night.files.first { $0.path == "feeds/notes.txt" })
        XCTAssertEqual([note.records, note.accepted, note.rejected], [0, 0, 0])
        XCTAssertFalse(night.warnings.contains { $0.contains("notes.txt") })
    }
}
