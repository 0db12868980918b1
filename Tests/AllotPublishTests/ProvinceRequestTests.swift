import AllotCore
import Foundation
import XCTest
@testable import AllotPublish

final class ProvinceRequestTests: XCTestCase {
    private static let validator = try! XMLSchemaValidator(resource: ProvinceRequestXML.schemaResource)

    private func labels(_ language: OutputLanguage) -> PlanLabels {
        PlanLabels(language: language, catalog: PublishFixture.catalog, regions: PublishFixture.regions)
    }

    private func figures(_ request: ProvinceRequest, _ material: String) throws -> ProvinceRequest.TierFigures {
        try XCTUnwrap(request.materials.first { $0.material.rawValue == material }).total
    }

    func test_provinceRequest_asksTiers1And2LessCappedShortfall() throws {
        let request = try ProvinceRequest.of(PublishFixture.run())
        // Masks: R-2 (tier 2, 茌平) is 6000 short for lack of supply and is asked; R-3 (tier 4) is not.
        let masks = try figures(request, "MASK-MEDICAL")
        XCTAssertEqual([masks.requested, masks.delivered, masks.shortfall, masks.cappedShortfall, masks.ask],
                       [19_000, 10_000, 9_000, 0, 6_000])
        // Disinfectant: R-4's 3000 short is its cap (not asked); R-5 (tier 2, overdue) asks its 500.
        let disinfectant = try figures(request, "DISINFECTANT")
        XCTAssertEqual([disinfectant.shortfall, disinfectant.cappedShortfall, disinfectant.ask], [3_500, 3_000, 500])
        XCTAssertEqual(request.city, RegionCode(371500))
        XCTAssertEqual(request.generated, "2020-02-11T00:00:00+08:00")
        XCTAssertEqual(request.materials.map(\.material.rawValue), ["DISINFECTANT", "MASK-MEDICAL"])
        XCTAssertEqual(request.materials[1].regions.map(\.region.description), ["371502", "371503", "371522"])
    }

    func test_provinceRequest_requestTiersChangeWhatIsAsked() throws {
        let request = try ProvinceRequest.of(PublishFixture.run(), requestTiers: [1, 2, 3, 4])
        XCTAssertEqual(try figures(request, "MASK-MEDICAL").ask, 9_000)
        XCTAssertEqual(try figures(ProvinceRequest.of(PublishFixture.run(), requestTiers: [1]), "MASK-MEDICAL").ask, 0)
    }

    func test_provinceRequestXML_matchesGoldenAndValidates() throws {
        let xml = ProvinceRequestXML.render(try ProvinceRequest.of(PublishFixture.run()), labels: labels(.zh))
        try assertGolden(xml, "province-request.xml")
        XCTAssertNoThrow(try Self.validator.validate(xml, name: "province-request.xml"))
    }

    func test_provinceRequestXML_englishNamesMaterialsAndRegions() throws {
        let xml = ProvinceRequestXML.render(try ProvinceRequest.of(PublishFixture.run()), labels: labels(.en))
        let text = String(decoding: xml, as: UTF8.self)
        XCTAssertTrue(text.contains("language=\"en\""), text)
        XCTAssertTrue(text.contains("<city code=\"371500\" name=\"Liaocheng City\"/>"), text)
        XCTAssertTrue(text.contains("code=\"MASK-MEDICAL\" name=\"Disposable medical mask\""), text)
        XCTAssertTrue(text.contains("code=\"371522\" name=\"Shen County\""), text)
        XCTAssertTrue(text.contains("code=\"371502\" name=\"Dongchangfu District\""), text)
        XCTAssertNoThrow(try Self.validator.validate(xml, name: "province-request.xml"))
    }

    func test_provinceRequestXML_nowSetsGenerated() throws {
        let now = Instant(microsecondsSinceEpoch: 1_581_357_600_000_000)   // 2020-02-10T18:00:00Z
        let request = try ProvinceRequest.of(PublishFixture.run(), generated: now)
        XCTAssertEqual(request.generated, "2020-02-11T02:00:00+08:00")
        XCTAssertNoThrow(try Self.validator.validate(ProvinceRequestXML.render(request, labels: labels(.zh)),
                                                     name: "province-request.xml"))
    }

    func test_provinceRequestXML_readsBackWhatItWrote() throws {
        let request = try ProvinceRequest.of(PublishFixture.run(), requestTiers: [1, 3])
        let read = try ProvinceRequestXML.read(ProvinceRequestXML.render(request, labels: labels(.en)), path: "p.xml")
        XCTAssertEqual(read, request)
    }

    func test_provinceRequestXML_brokenDocumentIsRefusedWithLine() throws {
        var text = String(decoding: ProvinceRequestXML.render(try ProvinceRequest.of(PublishFixture.run()),
                                                              labels: labels(.zh)), as: UTF8.self)
        // Line 5 is the first material; give it a negative figure.
        var lines = text.components(separatedBy: "\n")
        XCTAssertTrue(lines[4].hasPrefix("  <material "), lines[4])
        lines[4] = lines[4].replacingOccurrences(of: "requested=\"", with: "requested=\"-")
        text = lines.joined(separator: "\n")
        XCTAssertThrowsError(try Self.validator.validate(Array(text.utf8), name: "province-request.xml")) { error in
            XCTAssertTrue("\(error)".hasPrefix("province-request.xml is not valid against province-request.xsd: line 5"),
                          "\(error)")
            XCTAssertTrue("\(error)".contains("'requested'"), "\(error)")
        }
        XCTAssertThrowsError(try ProvinceRequestXML.read(Array(text.utf8), path: "x/province-request.xml")) { error in
            let e = error as? PlanSnapshotError
            XCTAssertEqual(e?.line, 5)
            XCTAssertEqual(e?.file, "x/province-request.xml")
        }
        // Not well-formed: the parser's own line.
        let cut = Array(text.utf8.prefix(300))
        XCTAssertThrowsError(try Self.validator.validate(cut, name: "province-request.xml")) { error in
            XCTAssertTrue("\(error)".contains("line "), "\(error)")
        }
    }

    func test_provinceRequest_fromPublishedSnapshotEqualsFromNight() throws {
        let run = PublishFixture.run()
        let scratch = try ScratchOutputs()
        try PlanPublisher(fault: nil).publish(files: try PlanFiles.render(run), planDate: run.planDate,
                                              outputs: scratch.outputs)
        let snapshot = try PlanSnapshot.read(outputs: scratch.outputs)
        let fromNight = try ProvinceRequest.of(run)
        XCTAssertEqual(snapshot.provinceRequest, fromNight)
        XCTAssertEqual(ProvinceRequest.of(snapshot, requestTiers: fromNight.requestTiers, generated: fromNight.generated,
                                          city: fromNight.city), fromNight)
    }

    func test_regionEnglishName_pinyinAndUnitWord() {
        XCTAssertEqual(RegionEnglishName.name(for: "聊城市"), "Liaocheng City")
        XCTAssertEqual(RegionEnglishName.name(for: "东阿县"), "Dong'a County")
        XCTAssertEqual(RegionEnglishName.name(for: "山东省"), "Shandong Province")
        XCTAssertEqual(RegionEnglishName.name(for: "内蒙古自治区"), "Neimenggu Autonomous Region")
    }
}
