import AllotCore
import Foundation
import XCTest
@testable import AllotPublish

final class ManifestJSONTests: XCTestCase {
    private let outputs: [String: [UInt8]] = ["dispatch.csv": Array("d".utf8), "unmet.csv": Array("u".utf8)]

    private func manifest(_ run: NightRun = PublishFixture.run()) throws -> [String: Any] {
        let bytes = try ManifestJSON.render(run, outputs: outputs)
        return try XCTUnwrap(JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any])
    }

    func test_manifestJSON_matchesGolden() throws {
        try assertGolden(ManifestJSON.render(PublishFixture.run(), outputs: outputs), "manifest.json")
    }

    func test_manifestJSON_inputsAndTotalsReconcile() throws {
        let json = try manifest()
        let inputs = try XCTUnwrap(json["inputs"] as? [[String: Any]])
        XCTAssertEqual(inputs.map { $0["path"] as? String }, PublishFixture.inputs().map(\.path))
        var sums = ["records": 0, "accepted": 0, "rejected": 0, "superseded": 0]
        for input in inputs {
            let counts = sums.keys.map { ($0, input[$0] as! Int) }
            for (key, value) in counts { sums[key]! += value }
            XCTAssertEqual(input["accepted"] as! Int + (input["rejected"] as! Int) + (input["superseded"] as! Int),
                           input["records"] as! Int, "\(input["path"]!)")
        }
        let totals = try XCTUnwrap(json["totals"] as? [String: Int])
        XCTAssertEqual(totals, sums)
        XCTAssertEqual(totals["accepted"]! + totals["rejected"]! + totals["superseded"]!, totals["records"]!)
        XCTAssertEqual(totals, ["records": 19, "accepted": 11, "rejected": 7, "superseded": 1])
    }

    func test_manifestJSON_deliveredEqualsDispatchLines() throws {
        let run = PublishFixture.run()
        let rows = try StrictCSV.parse(DispatchCSV.render(run)).dropFirst()
        var byMaterial = [String: Int](), byMaterialTier = [String: [String: Int]]()
        for row in rows {
            byMaterial[row[2], default: 0] += Int(row[3])!
            byMaterialTier[row[2], default: [:]][row[16], default: 0] += Int(row[3])!
        }
        let materials = try XCTUnwrap(try manifest(run)["materials"] as? [String: [String: Any]])
        XCTAssertEqual(Set(materials.keys), ["DISINFECTANT", "MASK-MEDICAL"])
        for (code, figures) in materials {
            XCTAssertEqual(figures["delivered"] as? Int, byMaterial[code, default: 0], code)
            let tiers = try XCTUnwrap(figures["delivered_by_tier"] as? [String: Int])
            XCTAssertEqual(Set(tiers.keys), ["1", "2", "3", "4"])
            XCTAssertEqual(tiers.filter { $0.value > 0 }, byMaterialTier[code], code)
            XCTAssertEqual(tiers.values.reduce(0, +), figures["delivered"] as? Int, code)
        }
        XCTAssertEqual(materials["MASK-MEDICAL"]?["offered"] as? Int, 15_000)
        XCTAssertEqual(materials["MASK-MEDICAL"]?["requested"] as? Int, 19_000)
        XCTAssertEqual(materials["DISINFECTANT"]?["unmet_requests"] as? Int, 2)
    }

    /// SPEC 12: the donation's lots hold 15,000 kg earmarked for the factory, which takes 12,000 of them.
    func test_manifestJSON_earmarkedOfferPartlyUnused() throws {
        let materials = try XCTUnwrap(try manifest(PublishFixture.earmarkedRun())["materials"] as? [String: [String: Any]])
        XCTAssertEqual(materials["DISINFECTANT"]?["offered"] as? Int, 15_000)
        XCTAssertEqual(materials["DISINFECTANT"]?["delivered"] as? Int, 12_000)
        XCTAssertEqual(materials["DISINFECTANT"]?["earmarked_offered"] as? Int, 15_000)
        XCTAssertEqual(materials["DISINFECTANT"]?["earmarked_unused"] as? Int, 3_000)
        XCTAssertEqual(materials["MASK-MEDICAL"]?["earmarked_offered"] as? Int, 0, "the mask offer is open")
        XCTAssertEqual(materials["MASK-MEDICAL"]?["earmarked_unused"] as? Int, 0)
    }

    /// Every material entry has both keys, 0 on a night without earmarked offers, after `ton_km`.
    func test_manifestJSON_withoutEarmarks_keysAreZero() throws {
        let materials = try XCTUnwrap(try manifest()["materials"] as? [String: [String: Any]])
        for (code, figures) in materials {
            XCTAssertEqual(figures["earmarked_offered"] as? Int, 0, code)
            XCTAssertEqual(figures["earmarked_unused"] as? Int, 0, code)
        }
        let text = String(decoding: try ManifestJSON.render(PublishFixture.run(), outputs: outputs), as: UTF8.self)
        XCTAssertTrue(text.contains("      \"ton_km\": 477.600,\n      \"earmarked_offered\": 0,\n      \"earmarked_unused\": 0,\n"), text)
    }

    func test_manifestJSON_tonKmIsExactWithThreeDecimals() throws {
        let text = String(decoding: try ManifestJSON.render(PublishFixture.run(), outputs: outputs), as: UTF8.self)
        // Masks: 4,000 pieces × 0.003 kg ÷ 1000 × 39.8 km = 0.4776; disinfectant: 12 t × 39.8 km.
        XCTAssertTrue(text.contains("\"ton_km\": 0.478"), text)
        XCTAssertTrue(text.contains("\"ton_km\": 477.600"), text)
    }

    func test_manifestJSON_listsPolicyLeftOutRejectsWarningsOutputs() throws {
        let json = try manifest()
        XCTAssertEqual(json["plan_date"] as? String, "2020-02-11")
        XCTAssertEqual(json["exit_status"] as? Int, 0)
        let policy = try XCTUnwrap(json["policy"] as? [String: Any])
        XCTAssertEqual(policy["road_factor"] as? Double, 1.3)
        XCTAssertEqual(policy["tiers"] as? [String: Int],
                       ["epidemic_producer": 1, "medical": 1, "key_enterprise": 2, "above_scale": 3, "sme": 4])
        XCTAssertEqual(json["left_out"] as? [String: Int], ["withdrawn": 1, "excluded": 1, "outside_horizon": 1])
        let keys = try XCTUnwrap(json["left_out_keys"] as? [String: [[String: String]]])
        XCTAssertEqual(keys["withdrawn"], [["source": "lc-county", "kind": "offer", "id": "OF-3"]])
        XCTAssertEqual(json["rejects"] as? [String: Int], ["rows": 8, "overrides": 1])
        XCTAssertEqual(json["warnings"] as? Int, 1)
        XCTAssertEqual((json["warning_messages"] as? [String])?.count, 1)
        XCTAssertEqual(json["outputs"] as? [String: String], [
            "dispatch.csv": "18ac3e7343f016890c510e93f935261169d9e3f565436429830faf0934f4f8e4",
            "unmet.csv": "0bfe935e70c321c7ca3afc75ce0d0ca2f98b5422e008bb31c00c6d7f1f1c0ad6",
        ])
        XCTAssertEqual(json["plan"] as? [String: Int], ["lines": 4, "pinned_lines": 3, "requests": 5, "unmet_requests": 4])
    }

    func test_manifestJSON_timingsLastWithSixDecimals() throws {
        let text = String(decoding: try ManifestJSON.render(PublishFixture.run(), outputs: outputs), as: UTF8.self)
        XCTAssertTrue(text.hasSuffix("  \"timings\": {\"ingest\": 0.500000, \"plan\": 1.250000, \"publish\": 0.000400}\n}\n"),
                      text)
    }

    func test_manifestJSON_countsThatDoNotAddUpAreAnError() {
        var run = PublishFixture.run()
        run.inputs[3].accepted += 1
        XCTAssertThrowsError(try ManifestJSON.render(run, outputs: [:])) { error in
            XCTAssertEqual("\(error)", "manifest.json: input feeds/lc-county.csv counts 6 records but 3 accepted + 3 "
                + "rejected + 1 superseded = 7")
        }
    }

    func test_manifestJSON_escapesControlCharactersInStrings() throws {
        var run = PublishFixture.emptyRun()
        run.warnings = ["quote \" backslash \\ tab \t line\n bell \u{7} 中文"]
        let text = String(decoding: try ManifestJSON.render(run, outputs: [:]), as: UTF8.self)
        XCTAssertTrue(text.contains(#""warning_messages": ["quote \" backslash \\ tab \t line\n bell \u0007 中文"]"#), text)
        XCTAssertNoThrow(try JSONSerialization.jsonObject(with: Data(text.utf8)))
    }
}
