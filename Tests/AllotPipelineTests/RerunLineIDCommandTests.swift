import AllotCore
import Foundation
import XCTest

/// A re-run of the same plan date (a coordinator's pin, a late feed) keeps
/// every line's id on its shipment, so dispatch sheets printed from the
/// version it replaces still name the same shipment; the report says when
/// the plan was made and lists, by line id, what differs from that version.
final class RerunLineIDCommandTests: ScratchCommandTestCase {
    /// `line_id` → offer, lot day, request of a published `dispatch.csv`.
    private func lines(_ outputs: URL, _ date: String) throws -> [String: String] {
        let text = try String(contentsOf: outputs.appendingPathComponent("\(date)/dispatch.csv"), encoding: .utf8)
        var lines = [String: String]()
        for row in text.split(separator: "\r\n").dropFirst() {
            let cells = row.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            lines[cells[1]] = "\(cells[5]):\(cells[6]) \(cells[10]) \(cells[11]):\(cells[12])"
        }
        return lines
    }

    private func run(_ inputs: URL, _ outputs: URL, now: String) throws {
        let result = try AllotCommand.run(["run", "--inputs", inputs.path, "--outputs", outputs.path,
                                           "--date", "2020-02-11", "--now", now])
        XCTAssertEqual(result.status, 0, result.stderr)
    }

    func test_run_sameDateAfterAPin_keepsEveryLineIDOnItsShipment_andTheReportListsWhatChanged() throws {
        let inputs = work.appendingPathComponent("Inputs"), outputs = work.appendingPathComponent("Outputs")
        try FileManager.default.copyItem(at: SampleNightPlanTests.sampleInputs, to: inputs)
        try run(inputs, outputs, now: "2020-02-11T01:30:00+08:00")
        let before = try lines(outputs, "2020-02-11")
        let firstReport = try String(contentsOf: outputs.appendingPathComponent("2020-02-11/report.html"), encoding: .utf8)
        XCTAssertTrue(firstReport.contains("<p class=\"policy\" id=\"generated\">生成于 2020-02-11 01:30:00（北京时间）</p>"))
        XCTAssertFalse(firstReport.contains("id=\"replaced\""), "a first publication replaces nothing")

        // The coordinator pins 50 of alcohol from LCO-016 to CP-016, a pair the plan did not use.
        let overrides = inputs.appendingPathComponent("overrides.csv")
        let pin = "pin,liaocheng-offers:LCO-016,county-chiping:CP-016,,,50,协调\n"
        try Data(contentsOf: overrides).appendingBytes(pin).write(to: overrides)
        try run(inputs, outputs, now: "2020-02-11T09:15:00+08:00")
        let after = try lines(outputs, "2020-02-11")

        XCTAssertEqual(before.count, 150)
        XCTAssertEqual(after.count, 151)
        let kept = Set(before.keys).intersection(after.keys)
        XCTAssertEqual(kept.count, 150, "every line of the first version keeps its id")
        for id in kept { XCTAssertEqual(after[id], before[id], "\(id) names another shipment") }
        let new = try XCTUnwrap(Set(after.keys).subtracting(before.keys).first)
        XCTAssertEqual(after[new], "liaocheng-offers:LCO-016 2020-02-11 county-chiping:CP-016")

        let report = try String(contentsOf: outputs.appendingPathComponent("2020-02-11/report.html"), encoding: .utf8)
        XCTAssertTrue(report.contains("<p class=\"policy\" id=\"generated\">生成于 2020-02-11 09:15:00（北京时间）</p>"))
        let section = try XCTUnwrap(report.range(of: "<section id=\"replaced\">").map {
            String(report[$0.lowerBound...].prefix { $0 != "§" }.split(separator: "</section>")[0])
        })
        XCTAssertTrue(section.contains("<table class=\"grid\" id=\"replaced-new\">"))
        XCTAssertTrue(section.contains("<td class=\"mono\">\(new)</td>"))
        // The pin takes 50 from what LCO-005 and LCO-016 shipped before: those two lines changed, under their ids.
        let changed = try XCTUnwrap(section.components(separatedBy: "id=\"replaced-changed\"").last)
        for shipment in ["liaocheng-offers:LCO-005 2020-02-12 county-chiping:CP-016",
                         "liaocheng-offers:LCO-016 2020-02-11 county-dongchangfu:DCF-005"] {
            let id = try XCTUnwrap(after.first { $0.value == shipment }?.key)
            XCTAssertTrue(changed.contains("<td class=\"mono\">\(id)</td>"), shipment)
        }
        XCTAssertFalse(section.contains("id=\"replaced-dropped\""))
    }
}

private extension Data {
    func appendingBytes(_ text: String) -> Data { self + Data(text.utf8) }
}
