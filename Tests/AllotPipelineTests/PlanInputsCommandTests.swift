import AllotCore
import AllotPipeline
import Foundation
import XCTest

/// A plan folder keeps a copy of the inputs it was made from (`inputs/`), and
/// `allot explain` answers for the published plan from that copy, whatever
/// the inputs folder holds by then and wherever it is run from.
final class PlanInputsCommandTests: ScratchCommandTestCase {
    private func run(_ inputs: URL, _ outputs: URL, date: String) throws {
        let result = try AllotCommand.run(["run", "--inputs", inputs.path, "--outputs", outputs.path, "--date", date])
        XCTAssertEqual(result.status, 0, result.stderr)
    }

    /// The next night's drop: county-chiping's feed replaced by one request that was in no plan.
    private func nextDrop(_ inputs: URL) throws {
        let header = "request_id,enterprise_id,enterprise_name,region,material,quantity,unit,workers,needed_by,category,updated_at,status\n"
        try Data((header + "CP-900,91371500706079729C,山东力得汽车科技股份有限公司,371503,口罩,500,个,,2020-02-13,key_enterprise,2020-02-11 08:30,\n").utf8)
            .write(to: inputs.appendingPathComponent("feeds/county-chiping.csv"))
    }

    func test_run_planFolderKeepsTheInputsItRead_listedInTheManifest() throws {
        let inputs = try sampleInputs(), outputs = work.appendingPathComponent("Outputs")
        try run(inputs, outputs, date: "2020-02-11")
        let copy = outputs.appendingPathComponent("2020-02-11/inputs")
        let manifest = try JSONSerialization.jsonObject(
            with: Data(contentsOf: outputs.appendingPathComponent("2020-02-11/manifest.json"))) as! [String: Any]
        let listed = manifest["inputs_copy"] as! [String: String]
        let read = (manifest["inputs"] as! [[String: Any]]).filter { !($0["sha256"] as! String).isEmpty }
        XCTAssertEqual(listed.count, read.count)
        XCTAssertEqual(listed.count, 14)   // allot.toml, reference/enterprises.csv, 11 feeds, overrides.csv
        for entry in read {
            let path = entry["path"] as! String
            let bytes = try Data(contentsOf: copy.appendingPathComponent(path))
            XCTAssertEqual(bytes, try Data(contentsOf: inputs.appendingPathComponent(path)), path)
            XCTAssertEqual(listed["inputs/\(path)"], entry["sha256"] as? String, path)
            XCTAssertEqual(SHA256.hex(of: [UInt8](bytes)), entry["sha256"] as? String, path)
        }
        XCTAssertFalse(FileManager.default.fileExists(atPath: copy.appendingPathComponent("README.md").path),
                       "only the files the night read")
    }

    func test_run_feedThatIsAPipe_isNotCopied() throws {
        let inputs = try sampleInputs(), outputs = work.appendingPathComponent("Outputs")
        XCTAssertEqual(mkfifo(inputs.appendingPathComponent("feeds/pipe.csv").path, 0o644), 0)
        try run(inputs, outputs, date: "2020-02-11")
        let feeds = try FileManager.default.contentsOfDirectory(atPath: outputs.appendingPathComponent("2020-02-11/inputs/feeds").path)
        XCTAssertFalse(feeds.contains("pipe.csv"), "\(feeds)")
        XCTAssertEqual(feeds.count, 11)
    }

    func test_explain_afterTheNextDrop_explainsThePublishedPlan() throws {
        let inputs = try sampleInputs(), outputs = work.appendingPathComponent("Outputs")
        try run(inputs, outputs, date: "2020-02-11")
        try nextDrop(inputs)
        let elsewhere = work.appendingPathComponent("elsewhere")
        try FileManager.default.createDirectory(at: elsewhere, withIntermediateDirectories: true)

        // In the plan, though no longer in the inputs folder; run from another folder.
        let planned = try AllotCommand.run(["explain", "county-chiping:CP-003", "--outputs", outputs.path], in: elsewhere)
        XCTAssertEqual(planned.status, 0, planned.stderr)
        XCTAssertTrue(planned.text.hasPrefix("plan 2020-02-11\nmatches the published 2020-02-11/dispatch.csv\n"), planned.text)
        XCTAssertTrue(planned.text.contains("why not more: binding constraint: cap"), planned.text)
        XCTAssertEqual(planned.stderr, "")

        // In the inputs folder now, in no plan.
        let unplanned = try AllotCommand.run(["explain", "county-chiping:CP-900", "--outputs", outputs.path,
                                              "--date", "2020-02-11"], in: elsewhere)
        XCTAssertEqual(unplanned.status, 2, unplanned.text)
        XCTAssertEqual(unplanned.stderr, "allot: no offer or request county-chiping:CP-900 among the accepted records "
            + "of the plan of 2020-02-11\n")
    }

    func test_explain_dateWithNoPlan_exits2NamingWhatIsPublished() throws {
        let inputs = try sampleInputs(), outputs = work.appendingPathComponent("Outputs")
        try run(inputs, outputs, date: "2020-02-11")
        let result = try AllotCommand.run(["explain", "county-chiping:CP-003", "--outputs", outputs.path, "--date", "2020-02-12"])
        XCTAssertEqual(result.status, 2, result.text)
        XCTAssertEqual(result.stderr, "allot: \(outputs.path) has no plan for 2020-02-12; published: 2020-02-11\n")
        XCTAssertTrue(result.stdout.isEmpty)
    }

    func test_explain_planFolderWithoutACopy_exits3() throws {
        let inputs = try sampleInputs(), outputs = work.appendingPathComponent("Outputs")
        try run(inputs, outputs, date: "2020-02-11")
        // As a plan folder published before the copy was kept.
        let folder = outputs.appendingPathComponent("2020-02-11")
        try FileManager.default.removeItem(at: folder.appendingPathComponent("inputs"))
        let manifestURL = folder.appendingPathComponent("manifest.json")
        var manifest = try JSONSerialization.jsonObject(with: Data(contentsOf: manifestURL)) as! [String: Any]
        manifest["inputs_copy"] = nil
        try JSONSerialization.data(withJSONObject: manifest).write(to: manifestURL)
        let result = try AllotCommand.run(["explain", "county-chiping:CP-003", "--outputs", outputs.path])
        XCTAssertEqual(result.status, 3, result.stderr)
        XCTAssertTrue(result.stderr.contains("inputs_copy"), result.stderr)
        XCTAssertTrue(result.stderr.contains("cannot be explained"), result.stderr)
    }

    func test_explain_copyChangedAfterPublishing_exits3NamingTheFile() throws {
        let inputs = try sampleInputs(), outputs = work.appendingPathComponent("Outputs")
        try run(inputs, outputs, date: "2020-02-11")
        let feed = outputs.appendingPathComponent("2020-02-11/inputs/feeds/county-chiping.csv")
        try nextDrop(feed.deletingLastPathComponent().deletingLastPathComponent())
        let result = try AllotCommand.run(["explain", "county-chiping:CP-003", "--outputs", outputs.path])
        XCTAssertEqual(result.status, 3, result.stderr)
        XCTAssertTrue(result.stderr.hasPrefix("allot: \(feed.path)"), result.stderr)
        XCTAssertTrue(result.stderr.contains("differs from the digest manifest.json lists (inputs_copy)"), result.stderr)
    }
}
