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
