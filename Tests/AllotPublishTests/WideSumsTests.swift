import AllotCore
import Foundation
import XCTest
@testable import AllotPublish

/// The plan folder's sums (manifest, dispatch.xml, the province request, the
/// report, metrics) are exact past 64 bits: a night of 64-bit quantities, as
/// large as they come, renders in full, every file valid against its schema.
final class WideSumsTests: XCTestCase {
    private static let max = Int64.max
    private static let wide = Int128(Int64.max)

    /// The fixture night with three mask requests of Int64.max, two of them
    /// served by lines of Int64.max: 3 × and 2 × Int64.max to add up.
    private func hugeRun() -> NightRun {
        var run = PublishFixture.run()
        var plan = run.plan
        for i in plan.requests.indices where plan.requests[i].material == MaterialCode("MASK-MEDICAL") {
            plan.requests[i].quantity = Quantity(Self.max)
        }
        let requests = Dictionary(uniqueKeysWithValues: plan.requests.map { ($0.key, $0) })
        let offer = PublishFixture.maskOffer
        plan.lines = plan.lines.filter { $0.material != MaterialCode("MASK-MEDICAL") } + [
            PublishFixture.line("MASK-MEDICAL", Self.max, offer, day: 0, requests[PublishFixture.hospital.key]!, tier: 1,
                                decikm: 0, transit: 0, pinned: false),
            PublishFixture.line("MASK-MEDICAL", Self.max, offer, day: 1, requests[PublishFixture.carMaker.key]!, tier: 2,
                                decikm: 398, transit: 1, pinned: false),
        ]
        plan.lines.sort(by: DispatchLine.planOrder)
        for i in plan.outcomes.indices where requests[plan.outcomes[i].request]?.material == MaterialCode("MASK-MEDICAL") {
            let served = plan.outcomes[i].request != PublishFixture.smallShop.key
            plan.outcomes[i].requested = Quantity(Self.max)
            plan.outcomes[i].delivered = Quantity(served ? Self.max : 0)
            plan.outcomes[i].reason = served ? nil : .noOfferInReach
        }
        plan.offeredByMaterial[MaterialCode("MASK-MEDICAL")] = Quantity(Self.max)
        run.plan = plan.linked()
        return run
    }

    func test_materialTotals_sumRequestsAndLinesPast64Bits() throws {
        let run = hugeRun()
        let totals = try MaterialTotals.all(of: run, rows: try DispatchRow.rows(of: run, file: "t"), file: "t")
        let masks = try XCTUnwrap(totals.first { $0.material.code == MaterialCode("MASK-MEDICAL") })
        XCTAssertEqual(masks.requested, 3 * Self.wide)
        XCTAssertEqual(masks.delivered, 2 * Self.wide)
        XCTAssertEqual(masks.tiers.map(\.requested), [Self.wide, Self.wide, 0, Self.wide])
        XCTAssertEqual(masks.tiers.map(\.delivered), [Self.wide, Self.wide, 0, 0])
        // Int64.max × 0.003 kg × 39.8 km ÷ 1000.
        XCTAssertEqual(masks.tonKm, "1101270621200460.231")
    }

    func test_planFiles_renderEveryFileWithTheWideFigures() throws {
        let files = Dictionary(uniqueKeysWithValues: try PlanFiles.render(hugeRun()).map { ($0.name, $0.bytes) })
        let manifest = String(decoding: try XCTUnwrap(files[ManifestJSON.fileName]), as: UTF8.self)
        XCTAssertTrue(manifest.contains("""
                  "offered": 9223372036854775807,
                  "requested": 27670116110564327421,
                  "delivered": 18446744073709551614,
            """), manifest)
        let dispatch = String(decoding: try XCTUnwrap(files[DispatchXML.fileName]), as: UTF8.self)
        XCTAssertTrue(dispatch.contains(#"requested="27670116110564327421" delivered="18446744073709551614""#))
        let province = String(decoding: try XCTUnwrap(files[ProvinceRequestXML.fileName]), as: UTF8.self)
        XCTAssertTrue(province.contains(#"requested="27670116110564327421" delivered="18446744073709551614""#))
        let report = String(decoding: try XCTUnwrap(files[ReportHTML.fileName]), as: UTF8.self)
        XCTAssertTrue(report.contains("27,670,116,110,564,327,421"))
    }

    func test_provinceRequest_sumsPast64BitsAndExportsThem() throws {
        let request = try ProvinceRequest.of(hugeRun())
        let masks = try XCTUnwrap(request.materials.first { $0.material == MaterialCode("MASK-MEDICAL") })
        XCTAssertEqual(masks.total.requested, 3 * Self.wide)
        XCTAssertEqual(masks.total.shortfall, Self.wide)
        XCTAssertEqual(masks.total.ask, 0, "the short request is tier 4")
        let labels = PlanLabels(language: .en, catalog: PublishFixture.catalog, regions: PublishFixture.regions)
        let table = PlanExport.provinceTable(request, labels: labels)
        // A region's figures still fit 64 bits: cells of numbers; past them, the digits.
        XCTAssertEqual(ExportTable.Cell.whole(Self.wide), .integer(Self.max))
        XCTAssertEqual(ExportTable.Cell.whole(2 * Self.wide), .text("18446744073709551614"))
        XCTAssertTrue(table.rows.contains { $0.contains(.integer(Self.max)) })
    }

    func test_runMetrics_sumPast64Bits() {
        let metrics = RunMetrics(run: hugeRun(), durationSeconds: 1, now: Instant(microsecondsSinceEpoch: 0))
        let masks = metrics.night?.materials.first { $0.code == MaterialCode("MASK-MEDICAL") }
        XCTAssertEqual(masks?.delivered, 2 * Self.wide)
        XCTAssertEqual(masks?.shortfall, Self.wide)
        XCTAssertTrue(metrics.prometheusText(previous: nil).contains(#"allot_delivered{material="MASK-MEDICAL",unit="piece"} 18446744073709551614"#))
    }

    func test_percentAndGrouping_ofWideSums() {
        XCTAssertEqual(HTMLText.percent(2 * Self.wide, of: 3 * Self.wide), "66.7%")
        XCTAssertEqual(HTMLText.permille(Self.wide, of: 3 * Self.wide), 333)
        XCTAssertEqual(HTMLText.grouped(3 * Self.wide), "27,670,116,110,564,327,421")
        XCTAssertEqual(HTMLText.percent(Int64(1), of: 3), "33.3%")
    }

    /// A plan folder edited by hand so that one request's lines add up past
    /// 64 bits: comparing with it is refused with the file named, not trapped.
    func test_diffSide_ofLinesPast64Bits_isRefused() throws {
        let scratch = try ScratchOutputs()
        let run = PublishFixture.run()
        try PlanPublisher(fault: nil).publish(files: try PlanFiles.render(run), planDate: run.planDate,
                                              outputs: scratch.outputs)
        let dispatch = scratch.outputs.appendingPathComponent("2020-02-11/\(DispatchCSV.fileName)")
        // R-2's line of 2000 masks, copied ten times with 18 nines, the most a plan file's quantity holds.
        let text = try String(contentsOf: dispatch, encoding: .utf8)
        let line = try XCTUnwrap(text.components(separatedBy: "\r\n").first { $0.contains(",2000,piece,") })
        let copy = line.replacingOccurrences(of: ",2000,piece,", with: ",999999999999999999,piece,")
        try (text + String(repeating: copy + "\r\n", count: 10)).write(to: dispatch, atomically: true, encoding: .utf8)
        XCTAssertThrowsError(try PlanDiff.Side(PlanSnapshot.read(outputs: scratch.outputs))) { error in
            XCTAssertEqual("\(error)", "\(dispatch.path) field quantity: the lines to lc-requests:R-2 add up to "
                + "10000000000000003990 or more, past 64 bits")
        }
    }
}
