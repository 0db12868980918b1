import AllotCore
import Foundation
import XCTest
@testable import AllotPublish

/// The plan folder of a night with `[substitutes]` (SPEC 13): 1,500 N95 masks serve the car maker's
/// request for medical masks (`PublishFixture.substitutionRun()`).
final class SubstitutionOutputTests: XCTestCase {
    private let medical = MaterialCode("MASK-MEDICAL"), n95 = MaterialCode("MASK-N95")

    private func published(_ run: NightRun) throws -> (ScratchOutputs, PlanSnapshot) {
        let scratch = try ScratchOutputs()
        try PlanPublisher(fault: nil).publish(files: try PlanFiles.render(run), planDate: run.planDate,
                                              outputs: scratch.outputs)
        return (scratch, try PlanSnapshot.read(outputs: scratch.outputs))
    }

    private func manifestMaterials(_ run: NightRun) throws -> [String: [String: Any]] {
        let bytes = try ManifestJSON.render(run, outputs: [:])
        let root = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any])
        return try XCTUnwrap(root["materials"] as? [String: [String: Any]])
    }

    // MARK: - dispatch.csv

    func test_dispatchCSV_substitution_lastColumnIsTheRequestedMaterial() throws {
        let rows = try StrictCSV.parse(DispatchCSV.render(PublishFixture.substitutionRun()))
        XCTAssertEqual(rows[0].last, "requested_material")
        XCTAssertEqual(Array(rows[0].dropLast()), Array(DispatchCSV.header.dropLast()), "columns only grow at the end")
        let column = rows[0].firstIndex(of: "material")!, request = rows[0].firstIndex(of: "request_id")!
        let pairs = rows.dropFirst().map { [$0[column], $0[request], $0.last!] }
        // SPEC 9's order by the line's material, the lot's: the substitute's line stands with the N95 masks.
        XCTAssertEqual(pairs, [
            ["DISINFECTANT", "R-4", "DISINFECTANT"],
            ["MASK-MEDICAL", "R-1", "MASK-MEDICAL"], ["MASK-MEDICAL", "R-2", "MASK-MEDICAL"],
            ["MASK-MEDICAL", "R-2", "MASK-MEDICAL"],
            ["MASK-N95", "R-2", "MASK-MEDICAL"], ["MASK-N95", "R-6", "MASK-N95"],
        ])
    }

    // MARK: - Manifest and its one home

    func test_manifest_substitution_deliveredByRequestShippedByLot() throws {
        let materials = try manifestMaterials(PublishFixture.substitutionRun())
        let masks = try XCTUnwrap(materials["MASK-MEDICAL"]), n95 = try XCTUnwrap(materials["MASK-N95"])
        // Requests of medical masks got 10,000 of their own and 1,500 N95 masks.
        XCTAssertEqual(masks["requested"] as? Int, 19_000)
        XCTAssertEqual(masks["delivered"] as? Int, 11_500)
        XCTAssertEqual(masks["delivered_by_tier"] as? [String: Int], ["1": 6_000, "2": 5_500, "3": 0, "4": 0])
        XCTAssertEqual(masks["shipped"] as? Int, 10_000)
        XCTAssertEqual(masks["substituted_in"] as? Int, 0)
        XCTAssertEqual(masks["offered"] as? Int, 15_000)
        // N95 lots shipped 2,000: 500 to their own request, 1,500 to the car maker's.
        XCTAssertEqual(n95["offered"] as? Int, 3_000)
        XCTAssertEqual(n95["requested"] as? Int, 500)
        XCTAssertEqual(n95["delivered"] as? Int, 500)
        XCTAssertEqual(n95["delivered_by_tier"] as? [String: Int], ["1": 500, "2": 0, "3": 0, "4": 0])
        XCTAssertEqual(n95["shipped"] as? Int, 2_000)
        XCTAssertEqual(n95["substituted_in"] as? Int, 1_500)
        // Ton-km is the lots': 1,500 N95 masks × 0.01 kg × 39.8 km; the medical masks' is the night's without substitutes.
        XCTAssertEqual((n95["ton_km"] as? NSNumber)?.stringValue, "0.597")
        let plain = try manifestMaterials(PublishFixture.run())
        XCTAssertEqual((masks["ton_km"] as? NSNumber), (plain["MASK-MEDICAL"]?["ton_km"] as? NSNumber))
    }

    func test_manifest_withoutSubstitutes_shippedIsDeliveredAndSubstitutedInZero() throws {
        for (code, figures) in try manifestMaterials(PublishFixture.run()) {
            XCTAssertEqual(figures["shipped"] as? Int, figures["delivered"] as? Int, code)
            XCTAssertEqual(figures["substituted_in"] as? Int, 0, code)
        }
    }

    func test_quantitiesByMaterial_substitution_countsEachSideOfTheLine() throws {
        let figures = Dictionary(uniqueKeysWithValues: PublishFixture.substitutionRun().plan.quantitiesByMaterial()
            .map { ($0.material, $0) })
        let masks = try XCTUnwrap(figures[medical]), n95 = try XCTUnwrap(figures[n95])
        XCTAssertEqual([masks.delivered, masks.servedBySubstitutes, masks.shipped, masks.substitutedIn, masks.shortfall],
                       [11_500, 1_500, 10_000, 0, 7_500])
        XCTAssertEqual([n95.delivered, n95.servedBySubstitutes, n95.shipped, n95.substitutedIn, n95.shortfall],
                       [500, 0, 2_000, 1_500, 0])
        // What the stderr summary and allot.prom read: the same figures.
        let metrics = RunMetrics(run: PublishFixture.substitutionRun(), durationSeconds: 1, now: Instant(microsecondsSinceEpoch: 0))
        let prom = try XCTUnwrap(metrics.night?.materials.first { $0.code == medical })
        XCTAssertEqual([prom.delivered, prom.shortfall], [11_500, 7_500])
    }

    // MARK: - unmet.csv, dispatch.xml

    func test_unmetCSV_substitution_theSubstituteCountsForTheRequest() throws {
        let rows = try StrictCSV.parse(UnmetCSV.render(PublishFixture.substitutionRun()))
        let header = rows[0]
        let carMaker = try XCTUnwrap(rows.first { $0[header.firstIndex(of: "request_id")!] == "R-2" })
        XCTAssertEqual(carMaker[header.firstIndex(of: "material")!], "MASK-MEDICAL")
        XCTAssertEqual(carMaker[header.firstIndex(of: "delivered")!], "5500")
        XCTAssertEqual(carMaker[header.firstIndex(of: "shortfall")!], "4500")
        XCTAssertEqual(carMaker[header.firstIndex(of: "fill_ratio")!], "0.5500")
        XCTAssertFalse(rows.contains { $0[header.firstIndex(of: "request_id")!] == "R-6" }, "R-6 is fully served")
    }

    func test_dispatchXML_substitution_isValidAndNamesTheRequestedMaterialOfASubstitutesLine() throws {
        let bytes = try DispatchXML.render(PublishFixture.substitutionRun())
        XCTAssertNoThrow(try XMLSchemaValidator(resource: DispatchXML.schemaResource).validate(bytes, name: "dispatch.xml"))
        let xml = String(decoding: bytes, as: UTF8.self)
        XCTAssertEqual(xml.components(separatedBy: "requested-material=").count - 1, 1, "only the substitute's line")
        XCTAssertTrue(xml.contains("quantity=\"1500\" tier=\"2\" road-km=\"39.8\" ship-on=\"2020-02-11\" "
            + "arrive-by=\"2020-02-12\" pinned=\"false\" requested-material=\"MASK-MEDICAL\">"), xml)
        XCTAssertTrue(xml.contains("code=\"MASK-N95\" name=\"N95口罩\" unit=\"piece\" offered=\"3000\" requested=\"500\" "
            + "delivered=\"500\" unmet-requests=\"0\" ton-km=\"0.597\" shipped=\"2000\" substituted-in=\"1500\">"), xml)
        XCTAssertTrue(xml.contains("code=\"MASK-MEDICAL\" name=\"一次性使用医用口罩\" unit=\"piece\" offered=\"15000\" "
            + "requested=\"19000\" delivered=\"11500\""), xml)
    }

    /// A `dispatch.xml` published before `shipped`, `substituted-in` and `requested-material` is still valid.
    func test_dispatchXSD_planBeforeSubstitutes_staysValid() throws {
        var xml = String(decoding: try DispatchXML.render(PublishFixture.run()), as: UTF8.self)
        xml = xml.replacingOccurrences(of: #" shipped="[0-9]+" substituted-in="[0-9]+""#, with: "",
                                       options: .regularExpression)
        XCTAssertFalse(xml.contains("shipped="))
        XCTAssertNoThrow(try XMLSchemaValidator(resource: DispatchXML.schemaResource).validate(Array(xml.utf8), name: "old"))
    }

    // MARK: - Report

    func test_report_substitution_badgeNamesTheRequestedMaterialAndHeadlineShowsBothSides() throws {
        let html = String(decoding: try ReportHTML.render(PublishFixture.substitutionRun()), as: UTF8.self)
        XCTAssertEqual(html.components(separatedBy: "<span class=\"badge subst\"").count - 1, 1, "one line from a substitute")
        XCTAssertTrue(html.contains("<span class=\"badge subst\" data-requested=\"MASK-MEDICAL\" "
            + "title=\"需求物资：一次性使用医用口罩（MASK-MEDICAL），以 N95口罩 代用\">代用 一次性使用医用口罩</span>"), html)
        XCTAssertTrue(html.contains(".badge.subst{"))
        XCTAssertTrue(html.contains("data-k=\"served_by_substitutes\" data-v=\"1500\""), html)
        XCTAssertTrue(html.contains("data-k=\"substituted_in\" data-v=\"1500\""), html)
        XCTAssertTrue(html.contains("<th class=\"num\">其中代用</th><th class=\"num\">代用调出</th>"))
        let english = String(decoding: try ReportHTML.render(PublishFixture.substitutionRun(),
                                                             options: PlanFileOptions(language: .en)), as: UTF8.self)
        XCTAssertTrue(english.contains(">for Disposable medical mask</span>"), english)
    }

    func test_report_withoutSubstitutes_showsNothingOfThem() throws {
        let html = String(decoding: try ReportHTML.render(PublishFixture.run()), as: UTF8.self)
        XCTAssertFalse(html.contains("subst"))
        XCTAssertFalse(html.contains("代用"))
    }

    // MARK: - Reading back, exports, province request, diff

    func test_snapshot_substitution_readsTheRequestedMaterialBack() throws {
        let run = PublishFixture.substitutionRun()
        let (scratch, snapshot) = try published(run)
        defer { withExtendedLifetime(scratch) {} }
        let substitute = try XCTUnwrap(snapshot.dispatch.first { $0.isSubstitution })
        XCTAssertEqual([substitute.material, substitute.requestedMaterial], [n95, medical])
        XCTAssertEqual(substitute.request.id, "R-2")
        XCTAssertEqual(snapshot.dispatch.filter(\.isSubstitution).count, 1)
        XCTAssertEqual(snapshot.manifest[n95]?.shipped, 2_000)
        XCTAssertEqual(snapshot.manifest[n95]?.substitutedIn, 1_500)
        XCTAssertEqual(snapshot.manifest[medical]?.delivered, 11_500)
        // The province is asked by the requested material, as the night asked it.
        let fromNight = try ProvinceRequest.of(run)
        XCTAssertEqual(ProvinceRequest.of(snapshot, requestTiers: fromNight.requestTiers, generated: fromNight.generated,
                                          city: fromNight.city), fromNight)
        XCTAssertEqual(fromNight.materials.first { $0.material == medical }?.total.delivered, 11_500)
        // A diff's fill of the car maker is of medical masks.
        let side = try PlanDiff.Side(snapshot)
        XCTAssertEqual(side.fills.first { $0.requestID == "R-2" }?.material, "MASK-MEDICAL")
        XCTAssertEqual(side.fills.first { $0.requestID == "R-2" }?.delivered, 5_500)
    }

    /// A plan published before `requested_material` and `shipped`/`substituted_in` reads as one where
    /// every request was served by its own material.
    func test_snapshot_planBeforeTheColumn_requestedIsTheLotsMaterial() throws {
        let (scratch, current) = try published(PublishFixture.run())
        defer { withExtendedLifetime(scratch) {} }
        let folder = scratch.outputs.appendingPathComponent("2020-02-11")
        let dispatch = folder.appendingPathComponent("dispatch.csv")
        let lines = String(decoding: try Data(contentsOf: dispatch), as: UTF8.self).components(separatedBy: "\r\n")
        let old = lines.map { $0.isEmpty ? $0 : $0.components(separatedBy: ",").dropLast().joined(separator: ",") }
        XCTAssertTrue(old[0].hasSuffix(",arrive_by,pinned"))
        try Data(old.joined(separator: "\r\n").utf8).write(to: dispatch)
        let manifest = folder.appendingPathComponent("manifest.json")
        let text = String(decoding: try Data(contentsOf: manifest), as: UTF8.self)
            .replacingOccurrences(of: #",\n      "shipped": [0-9]+,\n      "substituted_in": [0-9]+"#, with: "",
                                  options: .regularExpression)
        XCTAssertFalse(text.contains("\"shipped\""))
        try Data(text.utf8).write(to: manifest)

        let snapshot = try PlanSnapshot.read(outputs: scratch.outputs)
        XCTAssertEqual(snapshot.dispatch, current.dispatch)
        XCTAssertTrue(snapshot.dispatch.allSatisfy { $0.requestedMaterial == $0.material && !$0.isSubstitution })
        XCTAssertEqual(snapshot.manifest.materials.map(\.shipped), snapshot.manifest.materials.map { _ in nil })
        XCTAssertEqual(current.manifest.materials.map(\.shipped), current.manifest.materials.map(\.delivered))
        XCTAssertEqual(current.manifest.materials.compactMap(\.substitutedIn), current.manifest.materials.map { _ in 0 })
    }

    func test_exportDispatch_substitution_showsTheRequestedMaterialLast() throws {
        let (scratch, snapshot) = try published(PublishFixture.substitutionRun())
        defer { withExtendedLifetime(scratch) {} }
        let labels = PlanLabels(language: .zh, catalog: PublishFixture.catalog, regions: PublishFixture.regions)
        let rows = try StrictCSV.parse(PlanExport.render(.dispatch, as: .csv, from: snapshot, labels: labels,
                                                         regions: PublishFixture.regions))
        XCTAssertEqual(Array(rows[0].suffix(2)), ["需求物资编码", "需求物资名称"])
        let substitute = try XCTUnwrap(rows.first { $0[2] == "MASK-N95" && $0[13] == "R-2" })
        XCTAssertEqual(Array(substitute.suffix(2)), ["MASK-MEDICAL", "一次性使用医用口罩"])
        let english = PlanLabels(language: .en, catalog: PublishFixture.catalog, regions: PublishFixture.regions)
        let en = try StrictCSV.parse(PlanExport.render(.dispatch, as: .csv, from: snapshot, labels: english,
                                                       regions: PublishFixture.regions))
        XCTAssertEqual(Array(en[0].suffix(2)), ["Requested material code", "Requested material"])
        // The published dispatch.xml, with its substitute's line, passes the schema check of the xml export.
        let xml = String(decoding: try PlanExport.render(.dispatch, as: .xml, from: snapshot, labels: labels,
                                                         regions: PublishFixture.regions), as: UTF8.self)
        XCTAssertTrue(xml.contains("requested-material=\"MASK-MEDICAL\""))
        XCTAssertFalse(try PlanExport.render(.dispatch, as: .xlsx, from: snapshot, labels: labels,
                                             regions: PublishFixture.regions).isEmpty)
    }
}
