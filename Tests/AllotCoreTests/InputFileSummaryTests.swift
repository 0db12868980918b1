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
