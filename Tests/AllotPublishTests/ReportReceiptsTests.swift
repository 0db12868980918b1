import AllotCore
import Foundation
import XCTest
@testable import AllotPublish

/// The report's receipts section (SPEC 15): per supplier and material, the most shortfall first, capped by
/// `ReportLimits.receiptSuppliers`, and nothing of it on a night without receipts.
final class ReportReceiptsTests: XCTestCase {
    private func html(_ run: NightRun, language: OutputLanguage = .zh, limits: ReportLimits = ReportLimits()) throws -> String {
        var options = PlanFileOptions()
        options.language = language
        return String(decoding: try ReportHTML.render(run, options: options, limits: limits), as: UTF8.self)
    }

    private func supplier(_ id: String, _ name: String, shortfall: Int128, unconfirmed: Int128) -> SupplierReceipts {
        var s = SupplierReceipts(supplierID: id, supplierName: name, material: MaterialCode("SUIT"))
        s.confirmedLines = 1
        s.confirmed = 10
        s.shortLines = shortfall > 0 ? 1 : 0
        s.shortfall = shortfall
        s.unconfirmedLines = unconfirmed > 0 ? 1 : 0
        s.unconfirmed = unconfirmed
        return s
    }

    func test_report_receiptsPerSupplier_mostShortfallFirst_capped() throws {
        var run = PublishFixture.run()
        XCTAssertFalse(try html(run).contains("id=\"receipts\""), "no receipts, no section")
        run.receipts = NightReceipts(planDate: run.planDate.adding(days: -1), suppliers: [
            supplier("A", "甲厂", shortfall: 0, unconfirmed: 5),
            supplier("B", "乙厂", shortfall: 7, unconfirmed: 0),
            supplier("C", "丙厂<b>", shortfall: 0, unconfirmed: 9),
        ], recordedTonight: 2)
        var limits = ReportLimits()
        limits.receiptSuppliers = 2
        let page = try html(run, limits: limits)
        XCTAssertTrue(page.contains("<a href=\"#receipts\">到货确认</a>"))
        let section = try XCTUnwrap(page.range(of: "<section id=\"receipts\">").map { page[$0.lowerBound...] })
        let end = try XCTUnwrap(section.range(of: "</section>"))
        let body = String(section[..<end.lowerBound])
        XCTAssertTrue(body.contains("2020-02-10 调拨单的到货情况"), body)
        let b = try XCTUnwrap(body.range(of: "乙厂")), c = try XCTUnwrap(body.range(of: "丙厂&lt;b&gt;"))
        XCTAssertLessThan(b.lowerBound, c.lowerBound, "the most shortfall first, then the most unconfirmed")
        XCTAssertFalse(body.contains("甲厂"), "past the limit")
        XCTAssertTrue(body.contains("data-k=\"shortfall\" data-v=\"7\""))
        XCTAssertTrue(body.contains("仅显示前 2 项，共 3 项；完整清单见 allot ledger receipts --date 2020-02-10。"), body)
        XCTAssertTrue(try html(run, language: .en).contains("<section id=\"receipts\"><h2>Receipts</h2>"))
    }
}
