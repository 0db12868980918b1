import AllotCore
import AllotIngest
import AllotPipeline
import AllotPlanner
import AllotPublish
import Foundation
import XCTest

/// The morning review on the sample night: the report, `allot explain`, `allot diff`.
final class ReviewTests: XCTestCase {
    static let planDate = CalendarDate(year: 2020, month: 2, day: 11)!

    private func outputsFolder() -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("allot-review-\(UUID().uuidString)")
        addTeardownBlock { try? FileManager.default.removeItem(at: url) }
        return url
    }

    private func publish(_ outputs: URL, date: CalendarDate = ReviewTests.planDate, language: OutputLanguage = .zh) throws {
        _ = try NightlyPipeline.run(RunOptions(inputs: SampleNightPlanTests.sampleInputs, outputs: outputs, planDate: date,
                                               files: PlanFileOptions(language: language)))
    }

    func test_explain_sampleNight_namesTheCapOnXinfa() throws {
        let outputs = outputsFolder()
        try publish(outputs)
        let text = try NightExplanation.text(for: "county-chiping:CP-003", outputs: outputs, date: nil)
        XCTAssertTrue(text.hasPrefix("plan 2020-02-11\nmatches the published 2020-02-11/dispatch.csv\n"), text)
        XCTAssertTrue(text.contains("request county-chiping:CP-003  信发集团有限公司"), text)
        // overrides.csv caps 信发集团 at 100,000 medical masks over its two requests.
        XCTAssertTrue(text.contains("why not more: binding constraint: cap — the enterprise's cap for this material is 100000 piece and its requests get 100000 in total"), text)
    }

    /// DCF-005 is the only taker of the only alcohol lot in time; explain named a fair share of tier 1
    /// where unmet.csv says capacity_exhausted.
    func test_explain_sampleNight_onlyTakerOfTheOnlyLot_isCapacity() throws {
        let outputs = outputsFolder()
        try publish(outputs)
        let text = try NightExplanation.text(for: "county-dongchangfu:DCF-005", outputs: outputs, date: nil)
        XCTAssertTrue(text.contains("why not more: binding constraint: capacity — the lots in reach and in time hold 696 kg "
            + "and no other request of tier 1 or before shares them: this request gets 696, all of them\n"
            + "  reason in unmet.csv: capacity_exhausted\n"), text)
        XCTAssertFalse(text.contains("fair share"), text)
    }

    /// For every request of the sample night and of two generated nights, explain's reason is the one
    /// the published unmet.csv gives (none for a request fully served).
    func test_explain_everyRequest_agreesWithUnmetCSV() throws {
        let work = outputsFolder()
        let nights: [(String, URL)] = [
            ("sample", SampleNightPlanTests.sampleInputs),
            ("gen7", try GeneratedNight(seed: 7).write(to: work.appendingPathComponent("in7"))),
            ("gen11", try GeneratedNight(seed: 11, share: "none", offers: 150, requests: 900)
                .write(to: work.appendingPathComponent("in11"))),
        ]
        for (name, inputs) in nights {
            let outputs = work.appendingPathComponent("out-" + name)
            _ = try NightlyPipeline.run(RunOptions(inputs: inputs, outputs: outputs, planDate: Self.planDate))
            let folder = try PlanFolder.locate(outputs: outputs, date: Self.planDate)
            var published = [RecordKey: UnmetReason]()
            for row in try PlanSnapshot.readUnmet(folder) { published[row.request] = row.reason }
            // As allot explain does: the plan folder's copy of its inputs, planned again.
            let night = try NightlyPipeline.ingest(inputs: folder.url.appendingPathComponent("inputs"), config: nil)
            let input = NightlyPipeline.planningInput(night, planDate: Self.planDate)
            let plan = try Planner.plan(input)
            var checked = 0
            for request in input.requests {
                let e = try XCTUnwrap(Explanation.request(request.key, input: input, plan: plan))
                XCTAssertEqual(e.binding?.reason, published[request.key], "\(name) \(request.key)")
                XCTAssertEqual(e.reason, published[request.key], "\(name) \(request.key)")
                checked += 1
            }
            XCTAssertGreaterThan(published.count, 10, name)
            XCTAssertGreaterThan(checked, published.count, name)
        }
    }

    func test_explain_sampleNight_pinnedDonation() throws {
        let outputs = outputsFolder()
        try publish(outputs)
        let text = try NightExplanation.text(for: "liaocheng-offers:LCO-003", outputs: outputs, date: Self.planDate)
        XCTAssertTrue(text.contains("offer liaocheng-offers:LCO-003"), text)
        XCTAssertTrue(text.contains("→ county-chiping:CP-001  山东力得汽车科技股份有限公司  tier 2  12000 kg"), text)
        XCTAssertTrue(text.contains("[pinned]"), text)
    }

    func test_explain_badKeys_areUsageErrors() throws {
        let outputs = outputsFolder()
        try publish(outputs)
        func failure(_ key: String) -> NightExplanation.Failure? {
            do {
                _ = try NightExplanation.text(for: key, outputs: outputs, date: nil)
                return nil
            } catch { return error as? NightExplanation.Failure }
        }
        XCTAssertEqual(failure("CP-003"), .malformedKey("CP-003"))
        XCTAssertEqual(failure(":CP-003"), .malformedKey(":CP-003"))
        XCTAssertEqual(failure("county-chiping:NOPE"), .unknownKey("county-chiping:NOPE", planDate: Self.planDate))
        XCTAssertThrowsError(try NightExplanation.text(for: "county-chiping:CP-003", outputs: outputsFolder(), date: nil)) {
            XCTAssertTrue($0 is PlanFolderError, "\($0)")
        }
    }

    func test_report_secondNight_showsWhatChangedSinceThePrevious() throws {
        let outputs = outputsFolder()
        try publish(outputs, date: Self.planDate.adding(days: -1))
        try publish(outputs)
        let html = try String(contentsOf: outputs.appendingPathComponent("2020-02-11/report.html"), encoding: .utf8)
        XCTAssertTrue(html.contains("上一计划: 2020-02-10"))
        XCTAssertTrue(html.contains("id=\"changes-new\""))
        let first = try String(contentsOf: outputs.appendingPathComponent("2020-02-10/report.html"), encoding: .utf8)
        XCTAssertTrue(first.contains("输出目录中没有更早的计划，无从比较。"))
        // Re-running the same date compares with the day before, and lists apart what differs from the plan it
        // replaces: nothing, for the same inputs.
        try publish(outputs)
        let rerun = try String(contentsOf: outputs.appendingPathComponent("2020-02-11/report.html"), encoding: .utf8)
        XCTAssertTrue(rerun.contains("上一计划: 2020-02-10"))
        XCTAssertTrue(rerun.contains("<section id=\"replaced\"><h2>与被取代的同日版本相比</h2>\n"
            + "<p class=\"note\">调拨与被取代的版本完全相同，按旧版打印的调度单仍然有效。</p>\n</section>"))
        XCTAssertFalse(html.contains("id=\"replaced\""))
    }

    func test_diff_samePlanIsEmpty_twoNightsAreNot() throws {
        let outputs = outputsFolder()
        try publish(outputs, date: Self.planDate.adding(days: -1))
        try publish(outputs)
        func side(_ date: CalendarDate) throws -> PlanDiff.Side {
            try PlanDiff.Side(PlanSnapshot.read(outputs: outputs, date: date))
        }
        XCTAssertTrue(PlanDiff(from: try side(Self.planDate), to: try side(Self.planDate)).isEmpty)
        let diff = PlanDiff(from: try side(Self.planDate.adding(days: -1)), to: try side(Self.planDate))
        XCTAssertFalse(diff.isEmpty)
        // The sample night a day later plans other (offer, request) pairs.
        XCTAssertFalse(diff.added.isEmpty)
        XCTAssertFalse(diff.dropped.isEmpty)
    }
}
