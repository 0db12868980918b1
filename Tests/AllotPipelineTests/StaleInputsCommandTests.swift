import AllotCore
import Foundation
import XCTest

/// A night planned from feeds that are not tonight's says so: feeds whose
/// newest time is more than a day before the plan date, and feeds with the
/// bytes the previous plan was made from, are warned about on stderr, in the
/// manifest's warnings and in a banner at the top of the report; the plan is
/// published all the same. `--archive-feeds` empties the drop zone after a
/// successful publish.
final class StaleInputsCommandTests: ScratchCommandTestCase {
    private func run(_ inputs: URL, _ outputs: URL, date: String, _ extra: [String] = []) throws -> AllotCommand.Result {
        let result = try AllotCommand.run(["run", "--inputs", inputs.path, "--outputs", outputs.path, "--date", date]
                                          + extra)
        XCTAssertEqual(result.status, 0, result.stderr)
        return result
    }

    private func warnings(_ outputs: URL, _ date: String) throws -> [String] {
        let manifest = try JSONSerialization.jsonObject(
            with: Data(contentsOf: outputs.appendingPathComponent("\(date)/manifest.json"))) as! [String: Any]
        return manifest["warning_messages"] as! [String]
    }

    private func report(_ outputs: URL, _ date: String) throws -> String {
        try String(contentsOf: outputs.appendingPathComponent("\(date)/report.html"), encoding: .utf8)
    }

    func test_run_tonightsFeeds_noStaleWarning() throws {
        let inputs = try sampleInputs(), outputs = work.appendingPathComponent("Outputs")
        let result = try run(inputs, outputs, date: "2020-02-11")
        XCTAssertFalse(result.stderr.contains("check that tonight's file arrived"), result.stderr)
        XCTAssertFalse(try warnings(outputs, "2020-02-11").contains { $0.contains("tonight's file") })
        XCTAssertFalse(try report(outputs, "2020-02-11").contains("id=\"stale-inputs\""))
    }

    func test_run_feedsMoreThanADayOlderThanThePlanDate_areWarnedAbout() throws {
        let inputs = try sampleInputs(), outputs = work.appendingPathComponent("Outputs")
        let result = try run(inputs, outputs, date: "2020-02-14")
        let expected = "feeds/county-chiping.csv: its newest updated_at, updated or generated is 2020-02-10 "
        XCTAssertTrue(result.stderr.contains(expected), result.stderr)
        XCTAssertTrue(result.stderr.contains("(Asia/Shanghai), more than a day before the plan date 2020-02-14; "
            + "planned as sent: check that tonight's file arrived"), result.stderr)
        XCTAssertTrue(try warnings(outputs, "2020-02-14").contains { $0.hasPrefix(expected) })
        let page = try report(outputs, "2020-02-14")
        XCTAssertTrue(page.contains("<section class=\"banner\" id=\"stale-inputs\"><h2>输入可能过期</h2>"))
        XCTAssertTrue(page.contains("<li>" + expected))
    }

    func test_run_dropZoneUnchangedSinceThePreviousPlan_isWarnedAbout_aSameDateRerunIsNot() throws {
        let inputs = try sampleInputs(), outputs = work.appendingPathComponent("Outputs")
        _ = try run(inputs, outputs, date: "2020-02-11")
        let rerun = try run(inputs, outputs, date: "2020-02-11")
        XCTAssertFalse(rerun.stderr.contains("is unchanged since"), "a re-run of a date reads its own inputs again")
        let next = try run(inputs, outputs, date: "2020-02-12")
        let line = "feeds/jinan-capacity.xml is unchanged since the plan of 2020-02-11: the same bytes (SHA-256 "
        XCTAssertTrue(next.stderr.contains(line), next.stderr)
        let unchanged = try warnings(outputs, "2020-02-12").filter { $0.contains("is unchanged since the plan of 2020-02-11") }
        XCTAssertEqual(unchanged.count, 11, "every feed of the drop")
        XCTAssertTrue(try report(outputs, "2020-02-12").contains("<li>" + line))
    }

    func test_run_archiveFeeds_removesTheFeedsReadAfterPublishing() throws {
        let inputs = try sampleInputs(), outputs = work.appendingPathComponent("Outputs")
        let feeds = inputs.appendingPathComponent("feeds")
        let names = try FileManager.default.contentsOfDirectory(atPath: feeds.path).sorted()
        let result = try run(inputs, outputs, date: "2020-02-11", ["--archive-feeds"])
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: feeds.path), [])
        for name in names {
            XCTAssertTrue(result.stderr.contains("removed feeds/\(name) from the inputs folder (--archive-feeds)"))
            XCTAssertTrue(FileManager.default.fileExists(
                atPath: outputs.appendingPathComponent("2020-02-11/inputs/feeds/\(name)").path), name)
        }
        // The next night starts from an empty drop zone: no feed, exit 3, the plan untouched.
        let next = try AllotCommand.run(["run", "--inputs", inputs.path, "--outputs", outputs.path, "--date", "2020-02-12"])
        XCTAssertEqual(next.status, 3, next.stderr)
    }

    func test_run_withoutArchiveFeeds_leavesTheDropZoneAsItWas() throws {
        let inputs = try sampleInputs(), outputs = work.appendingPathComponent("Outputs")
        let feeds = inputs.appendingPathComponent("feeds")
        let names = try FileManager.default.contentsOfDirectory(atPath: feeds.path).sorted()
        _ = try run(inputs, outputs, date: "2020-02-11")
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: feeds.path).sorted(), names)
    }
}
