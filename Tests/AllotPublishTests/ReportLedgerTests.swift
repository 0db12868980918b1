import AllotCore
import Foundation
import XCTest
@testable import AllotPublish

/// What the report shows from the work ledger (SPEC 15): each unmet request's age, carried requests marked
/// 结转, the problem list of requests short for 3 nights or more, and the items closed out since the previous night.
final class ReportLedgerTests: XCTestCase {
    private func html(_ run: NightRun, limits: ReportLimits = ReportLimits()) throws -> String {
        String(decoding: try ReportHTML.render(run, limits: limits), as: UTF8.self)
    }

    /// The `<table id="…">` of the page, up to its end.
    private func table(_ html: String, _ id: String) throws -> Substring {
        let start = try XCTUnwrap(html.range(of: "<table class=\"grid\" id=\"\(id)\">"), "no \(id)")
        let end = try XCTUnwrap(html[start.upperBound...].range(of: "</table>"))
        return html[start.lowerBound..<end.upperBound]
    }

    /// The request keys of a table's rows, in order (each row shows its key in a `sub` div or a cell).
    private func keys(_ table: Substring, _ candidates: [String]) -> [String] {
        table.components(separatedBy: "<tr>").dropFirst(2).compactMap { row in
            candidates.first { row.contains($0 + "<") || row.contains($0 + " <span") }
        }
    }

    private static let shop = PublishFixture.smallShop.key, carMaker = PublishFixture.carMaker.key
    private static let factory = PublishFixture.factory.key, lateOne = PublishFixture.lateOne.key

    private func ledgerRun() -> NightRun {
        var run = PublishFixture.run()
        run.ages = [Self.carMaker: 3, Self.shop: 5, Self.factory: 2]
        run.carriedOver = [Self.shop]
        run.closedOut = [ClosedOutItem(key: RecordKey(source: "lc-requests", kind: .request, id: "R-9"),
                                       enterpriseName: "聊城市<东昌>医院", material: MaterialCode("SUIT"), shortfall: 120,
                                       note: "已协调省级调拨", by: "王科长",
                                       at: Instant(microsecondsSinceEpoch: 1_581_382_800_000_000))]
        return run
    }

    func test_report_unmetList_showsEachAge_andMarksCarriedRequests() throws {
        let page = try html(ledgerRun())
        let unmet = try table(page, "unmet-table")
        XCTAssertTrue(unmet.contains("<th class=\"num\">挂账（晚）</th>"))
        for (key, age) in [(Self.carMaker, 3), (Self.shop, 5), (Self.factory, 2), (Self.lateOne, 1)] {
            let row = try XCTUnwrap(unmet.components(separatedBy: "<tr>").first { $0.contains(key.description + "<") || $0.contains(key.description + " <") })
            XCTAssertTrue(row.contains("data-k=\"age\" data-v=\"\(age)\""), "\(key): \(row.prefix(300))")
            XCTAssertEqual(row.contains("badge carried"), key == Self.shop, "\(key)")
        }
        XCTAssertTrue(page.contains(".badge.carried{"), "the mark's style, on a night with carried requests")
        XCTAssertTrue(page.contains("<div class=\"label\">结转需求</div><div class=\"value\">1</div>"))
    }

    /// Age 3 or more, oldest first: the shop (5), then the car maker (3); the factory (2) and the late one (1) are not.
    func test_report_problemList_oldestFirst_andClosedOutSinceThePreviousNight() throws {
        let page = try html(ledgerRun())
        XCTAssertTrue(page.contains("<a href=\"#problems\">问题清单</a>"))
        let problems = try table(page, "problem-table")
        XCTAssertEqual(keys(problems, [Self.shop, Self.carMaker, Self.factory, Self.lateOne].map(\.description)),
                       [Self.shop.description, Self.carMaker.description])
        XCTAssertTrue(problems.contains("data-k=\"age\" data-v=\"5\""))
        XCTAssertTrue(problems.contains("data-k=\"shortfall\" data-v=\"3000\""), "the shop's shortfall")
        XCTAssertTrue(problems.contains("data-k=\"shortfall\" data-v=\"6000\""), "the car maker's shortfall")
        let closed = try table(page, "closeout-table")
        for text in ["lc-requests:R-9", "聊城市&lt;东昌&gt;医院", "医用防护服", "120", "已协调省级调拨", "王科长", "2020-02-11 09:00:00"] {
            XCTAssertTrue(closed.contains(text), text)
        }
    }

    func test_report_problemList_capped() throws {
        var limits = ReportLimits()
        limits.unmetRows = 1
        let problems = try table(try html(ledgerRun(), limits: limits), "problem-table")
        XCTAssertEqual(problems.components(separatedBy: "<tr>").count - 2, 1)
    }

    /// A night with no old problem, no close-out and carry-over off shows none of it: only the ages.
    func test_report_withoutLedgerItems_showsNoProblemList() throws {
        let page = try html(PublishFixture.run())
        XCTAssertTrue(try table(page, "unmet-table").contains("data-k=\"age\" data-v=\"1\""))
        for absent in ["id=\"problems\"", "#problems", "badge carried", ".badge.carried", "closeout-table", "结转"] {
            XCTAssertFalse(page.contains(absent), absent)
        }
        // Only close-outs: the section says there is no old problem and lists them.
        var run = PublishFixture.run()
        run.closedOut = ledgerRun().closedOut
        let closedOnly = try html(run)
        XCTAssertTrue(closedOnly.contains("没有连续 3 晚及以上仍有缺口的需求。"))
        XCTAssertNoThrow(try table(closedOnly, "closeout-table"))
        XCTAssertFalse(closedOnly.contains("problem-table"))
    }
}
