import AllotCore
import XCTest

final class InputFileSummaryTests: XCTestCase {
    func test_counting_overridesThatCouldNotHold_areRejectedOncePerLine() {
        var overrides = InputFileSummary(path: "overrides.csv", role: .overrides, sha256: "", encoding: "UTF-8")
        (overrides.records, overrides.accepted, overrides.rejected) = (6, 5, 1)
        var feed = InputFileSummary(path: "feeds/a.csv", role: .feed, sha256: "", encoding: "UTF-8")
        (feed.records, feed.accepted) = (3, 3)
        func reject(_ line: Int) -> Reject {
            Reject(file: "overrides.csv", line: line, code: .overrideNotApplied, message: "pin: cannot hold")
        }
        let files = [feed, overrides].counting(overrideRejects: [reject(3), reject(3), reject(5)])
        XCTAssertEqual(files[0], feed)
        XCTAssertEqual([files[1].records, files[1].accepted, files[1].rejected], [6, 3, 3])
        XCTAssertEqual([feed, overrides].counting(overrideRejects: []), [feed, overrides])
        XCTAssertEqual([feed].counting(overrideRejects: [reject(2)]), [feed])
    }
}

/// Whether the night's feeds look like tonight's (`StaleInputs`).
final class StaleInputsTests: XCTestCase {
    private let planDate = CalendarDate(year: 2020, month: 2, day: 11)!

    private func feed(_ path: String, stated: Instant? = nil, modified: Instant? = nil, sha256: String = "ab") -> InputFileSummary {
        var s = InputFileSummary(path: path, role: .feed, sha256: sha256)
        s.statedTime = stated
        s.modifiedTime = modified
        return s
    }

    func test_threshold_isMidnightStartingTheDayBeforeThePlanDate_inShanghai() {
        XCTAssertEqual(StaleInputs.threshold(planDate: planDate).description, "2020-02-09T16:00:00Z")
    }

    func test_warnings_staleByStatedTime_elseByModificationTime_neverForAFeedNotRead() {
        let limit = StaleInputs.threshold(planDate: planDate)
        let old = Instant(microsecondsSinceEpoch: limit.microsecondsSinceEpoch - 1)
        let warnings = StaleInputs.warnings(inputs: [
            feed("feeds/a.csv", stated: old, modified: limit),
            feed("feeds/b.csv", stated: limit, modified: old),
            feed("feeds/c.csv", modified: old),
            feed("feeds/d.csv", stated: old, sha256: ""),
            InputFileSummary(path: "overrides.csv", role: .overrides, sha256: "ab"),
        ], planDate: planDate, previous: nil)
        XCTAssertEqual(warnings, [
            "feeds/a.csv: its newest updated_at, updated or generated is 2020-02-09 23:59:59 (Asia/Shanghai), more than "
                + "a day before the plan date 2020-02-11; planned as sent: check that tonight's file arrived",
            "feeds/c.csv: it states no time and was last modified 2020-02-09 23:59:59 (Asia/Shanghai), more than "
                + "a day before the plan date 2020-02-11; planned as sent: check that tonight's file arrived",
        ])
    }

    func test_warnings_feedWithThePreviousPlansBytes_namesItsPathThen() {
        let warnings = StaleInputs.warnings(inputs: [feed("feeds/a.csv", sha256: String(repeating: "1", count: 64)),
                                                     feed("feeds/b.csv", sha256: String(repeating: "2", count: 64))],
                                            planDate: planDate,
                                            previous: (planDate.adding(days: -1),
                                                       [String(repeating: "1", count: 64): "feeds/old.csv"]))
        XCTAssertEqual(warnings, ["feeds/a.csv is unchanged since the plan of 2020-02-10: the same bytes (SHA-256 "
            + "111111111111…) were planned then (then feeds/old.csv); planned again as sent: check that tonight's file arrived"])
    }
}
