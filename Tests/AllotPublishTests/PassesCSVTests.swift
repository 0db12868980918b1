import Foundation
import AllotCore
import XCTest
@testable import AllotPublish

/// `passes.csv` (SPEC 16) of the publishing fixture.
final class PassesCSVTests: XCTestCase {
    private func render(_ run: NightRun, _ language: OutputLanguage = .zh) throws -> [UInt8] {
        let rows = try DispatchRow.rows(of: run, file: "t")
        return PassesCSV.render(try PassesCSV.passes(of: run, rows: rows),
                                labels: PlanLabels(language: language, catalog: run.catalog, regions: run.regions))
    }

    func test_passesCSV_matchesGolden() throws {
        try assertGolden(try render(PublishFixture.run()), "passes.csv")
    }

    /// Every line is on one pass: each pass's goods add up to its lines, per material, and a supplier name that
    /// a spreadsheet would run as a formula is guarded.
    func test_passes_carryEveryLine_andGuardFormulas() throws {
        let run = PublishFixture.run()
        let bytes = try render(run)
        XCTAssertEqual(Array(bytes.prefix(3)), [0xEF, 0xBB, 0xBF])
        let rows = try StrictCSV.parse(bytes)
        XCTAssertEqual(rows.first, PassesCSV.header)
        XCTAssertTrue(rows.contains { $0[4] == "'=HYPERLINK(\"http://x\")" }, "the formula guard")
        let passes = try PassesCSV.passes(of: run, rows: try DispatchRow.rows(of: run, file: "t"))
        var onPasses = [MaterialCode: Int64](), shipped = [MaterialCode: Int64]()
        for pass in passes { for g in pass.goods { onPasses[g.material, default: 0] += g.quantity } }
        for line in run.plan.lines { shipped[line.material, default: 0] += line.quantity.units }
        XCTAssertEqual(onPasses, shipped)
        XCTAssertEqual(rows.count - 1, passes.count)
        XCTAssertEqual(Set(passes.map(\.passID)).count, passes.count)
    }
}

/// The report's transport pass pages (SPEC 16): one per shipping day, each pass of passes.csv on it.
final class ReportPassesTests: XCTestCase {
    func test_report_listsEveryPassByShippingDay_andCapsTheList() throws {
        let run = PublishFixture.run()
        let passes = try PassesCSV.passes(of: run, rows: try DispatchRow.rows(of: run, file: "t"))
        let page = String(decoding: try ReportHTML.render(run), as: UTF8.self)
        XCTAssertTrue(page.contains("<section id=\"passes\"><h2>应急物资运输通行证申请（按发运日期）</h2>"))
        for day in Set(passes.map(\.shipOn)) {
            let onDay = passes.filter { $0.shipOn == day }
            XCTAssertTrue(page.contains("\(day) 发运 · \(onDay.count) 张 · \(onDay.reduce(0) { $0 + $1.trucks }) 辆车"), "\(day)")
        }
        for pass in passes { XCTAssertTrue(page.contains(">\(pass.passID)<"), pass.passID) }

        var limits = ReportLimits()
        limits.passes = 1
        let capped = String(decoding: try ReportHTML.render(run, limits: limits), as: UTF8.self)
        XCTAssertTrue(capped.contains(">\(passes[0].passID)<"))
        XCTAssertFalse(capped.contains(">\(passes[1].passID)<"))
        XCTAssertTrue(capped.contains("仅显示前 1 项，共 \(passes.count) 项；完整清单见 passes.csv。"))
    }
}

/// The entitlement flags (requests above their returning workers' use) in the manifest and the report.
final class EntitlementReportTests: XCTestCase {
    func test_flags_areCountedInTheManifest_andListedByCountyInTheReport() throws {
        var run = PublishFixture.run()
        let requests = run.plan.requests.prefix(2)
        run.entitlementFlags = requests.enumerated().map { i, r in
            EntitlementFlag(request: r.key, enterpriseID: r.enterpriseID, enterpriseName: r.enterpriseName, region: r.region,
                            material: r.material, requested: r.quantity.units, workers: 10 + Int64(i),
                            workersFromRegistry: i == 1, norm: 60)
        }
        let files = try PlanFiles.render(run)
        let manifest = try XCTUnwrap(try JSONSerialization.jsonObject(
            with: Data(files.first { $0.name == "manifest.json" }!.bytes)) as? [String: Any])
        XCTAssertEqual(manifest["entitlement_flagged"] as? Int, 2)
        let page = String(decoding: files.first { $0.name == "report.html" }!.bytes, as: UTF8.self)
        let table = try XCTUnwrap(page.range(of: "id=\"entitlement-table\"")).upperBound
        let rows = page[table...].prefix { $0 != "\n" }
        for r in requests { XCTAssertTrue(rows.contains(">\(r.key.description)<"), r.key.description) }
        XCTAssertTrue(rows.contains("11 （名录）"), String(rows))

        let none = try PlanFiles.render(PublishFixture.run())
        XCTAssertFalse(String(decoding: none.first { $0.name == "report.html" }!.bytes, as: UTF8.self).contains("entitlement-table"))
    }
}
