import Foundation
import XCTest

/// SPEC 12-14 through the built executable as cron runs it: earmarks, substitutes and conversion in
/// feeds and `allot.toml`, and what the plan folder says of them.
final class SupplyChainCommandTests: ScratchCommandTestCase {
    private static let factory = "91371523779066507N", hospital = "12371500430402132B", county = "12371525413538381K"
    private static let offers = "offer_id,supplier_id,supplier_name,region,material,quantity,unit,kind,input_material,input_per_unit,input_stock\n"
    private static let requests = "request_id,enterprise_id,enterprise_name,region,material,quantity,category\n"

    private func run(_ files: [String: String]) throws -> (status: Int32, folder: URL, manifest: [String: Any], rejects: [[String]]) {
        let inputs = work.appendingPathComponent("Inputs"), outputs = work.appendingPathComponent("Outputs")
        for (path, text) in files {
            let url = inputs.appendingPathComponent(path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(text.utf8).write(to: url)
        }
        let result = try AllotCommand.run(["run", "--inputs", inputs.path, "--outputs", outputs.path, "--date", "2020-02-11"])
        XCTAssertEqual(result.status, 0, result.stderr)
        let folder = outputs.appendingPathComponent("2020-02-11")
        let manifest = try JSONSerialization.jsonObject(with: Data(contentsOf: folder.appendingPathComponent("manifest.json")))
        return (result.status, folder, manifest as? [String: Any] ?? [:], try StrictCSV.rows(folder.appendingPathComponent("rejects.csv")))
    }

    /// The mask factory's night: 1 吨 of meltblown from 冠县 for its line (10万 masks a day, 0.001 kg a mask), the
    /// hospital asking for 300,000 masks, and a line that would make meltblown from masks.
    private static let maskNight = [
        "feeds/offers.csv": offers
            + "MB-1,\(county),冠县熔喷布厂,371525,熔喷布,1,吨,stock,,,\n"
            + "LINE-1,\(factory),聊城口罩厂,371502,医用口罩,10万,只,conversion,熔喷布,0.001,0\n"
            + "Z-CYCLE,\(factory),聊城口罩厂,371502,熔喷布,100,kg,以料定产,医用口罩,0.01,\n",
        "feeds/requests.csv": requests
            + "R-MB,\(factory),聊城口罩厂,371502,熔喷布,1000,epidemic_producer\n"
            + "R-1,\(hospital),聊城市人民医院,371502,医用口罩,300000,medical\n",
    ]

    /// 1 吨 of meltblown for the mask factory makes 100,000 masks on the day after it arrives, for the
    /// hospital; a line that would make meltblown from masks closes a cycle and is rejected.
    func test_run_meltblownBecomesMasks_andACycleIsRejected() throws {
        let night = try run(Self.maskNight)
        let conversions = try XCTUnwrap(night.manifest["conversions"] as? [[String: Any]])
        XCTAssertEqual(conversions.count, 1)
        XCTAssertEqual(conversions.first?["offer"] as? String, "offers:LINE-1")
        XCTAssertEqual(conversions.first?["input_material"] as? String, "MELTBLOWN")
        XCTAssertEqual(conversions.first?["input_received"] as? Int, 1000)
        XCTAssertEqual(conversions.first?["input_used"] as? Int, 100)
        XCTAssertEqual(conversions.first?["produced"] as? Int, 100_000)
        let masks = (night.manifest["materials"] as? [String: [String: Any]])?["MASK-MEDICAL"]
        XCTAssertEqual(masks?["delivered"] as? Int, 100_000)
        XCTAssertEqual(night.rejects.dropFirst().map { "\($0[0]):\($0[1]) \($0[2]) \($0[4]) \($0[5])" },
                       ["feeds/offers.csv:4 input_material Z-CYCLE conversion_cycle"])
        let inputs = try XCTUnwrap(night.manifest["inputs"] as? [[String: Any]])
        let offers = try XCTUnwrap(inputs.first { $0["path"] as? String == "feeds/offers.csv" })
        XCTAssertEqual(offers["accepted"] as? Int, 2)
        XCTAssertEqual(offers["rejected"] as? Int, 1)
    }

    /// `allot explain` of the mask line after the run names the meltblown line its masks were made from, and
    /// what the factory received and used and the line produced; the report shows the same figures.
    func test_explain_conversionOffer_namesItsInputLines() throws {
        let night = try run(Self.maskNight)
        let outputs = night.folder.deletingLastPathComponent()
        let result = try AllotCommand.run(["explain", "offers:LINE-1", "--outputs", outputs.path, "--date", "2020-02-11"])
        XCTAssertEqual(result.status, 0, result.stderr)
        let text = result.text
        XCTAssertTrue(text.hasPrefix("plan 2020-02-11\nmatches the published 2020-02-11/dispatch.csv\n"), text)
        XCTAssertTrue(text.contains("offer offers:LINE-1  聊城口罩厂 (\(Self.factory)), 聊城市东昌府区 (371502)\n"), text)
        // Input received and used, produced, and the one line that brought the meltblown (a day on the road).
        XCTAssertTrue(text.contains("""
              conversion: 0.001 kg of MELTBLOWN (熔喷布) a unit; stock 0 kg
              input delivered to \(Self.factory): 1000 kg, used by this line 100 kg; produced 100000 piece
                ← offers:MB-1  lot 2020-02-11  1000 kg to requests:R-MB, arrive by 2020-02-12

            lots and who gets them:
              lot 2020-02-13: 100000 piece, shipped 100000, left 0
                → requests:R-1  聊城市人民医院  tier 1  100000 piece
            """), text)

        let report = try String(contentsOf: night.folder.appendingPathComponent("report.html"), encoding: .utf8)
        let row = try XCTUnwrap(report.range(of: "<tr data-offer=\"offers:LINE-1\">").map { report[$0.upperBound...] })
        let flow = String(row[..<(try XCTUnwrap(row.range(of: "</tr>"))).lowerBound])
        for figure in ["\"input_received\" data-v=\"1000\"", "\"input_used\" data-v=\"100\"", "\"produced\" data-v=\"100000\"",
                       "\"shipped\" data-v=\"100000\"", "\"unshipped\" data-v=\"0\""] {
            XCTAssertTrue(flow.contains(figure), figure + " in " + flow)
        }
    }

    /// The sample night with its commented `[substitutes]` example turned on publishes (every plan file valid
    /// against its schema), and the manifest shows what substitutes served: medical masks get more, what
    /// N95 and surgical lots shipped to them is their `substituted_in`.
    func test_run_sampleNightWithItsSubstitutesExampleOn_publishes() throws {
        let inputs = try sampleInputs()
        let policy = inputs.appendingPathComponent("allot.toml")
        let text = try String(contentsOf: policy, encoding: .utf8)
        let on = text.replacingOccurrences(of: "# [substitutes]\n# MASK-MEDICAL = [\"MASK-SURGICAL\", \"MASK-N95\"]\n# MASK-SURGICAL = [\"MASK-N95\"]",
                                           with: "[substitutes]\nMASK-MEDICAL = [\"MASK-SURGICAL\", \"MASK-N95\"]\nMASK-SURGICAL = [\"MASK-N95\"]")
        XCTAssertNotEqual(on, text, "the sample's allot.toml carries SPEC 13's example, commented")
        try on.write(to: policy, atomically: true, encoding: .utf8)
        let outputs = work.appendingPathComponent("Outputs")
        let result = try AllotCommand.run(["run", "--inputs", inputs.path, "--outputs", outputs.path, "--date", "2020-02-11"])
        XCTAssertEqual(result.status, 0, result.stderr)
        let manifest = try JSONSerialization.jsonObject(with: Data(contentsOf: outputs.appendingPathComponent("2020-02-11/manifest.json")))
        let materials = try XCTUnwrap((manifest as? [String: Any])?["materials"] as? [String: [String: Any]])
        let n95 = try XCTUnwrap(materials["MASK-N95"]), medical = try XCTUnwrap(materials["MASK-MEDICAL"])
        let n95In = try XCTUnwrap(n95["substituted_in"] as? Int), surgicalIn = try XCTUnwrap(materials["MASK-SURGICAL"]?["substituted_in"] as? Int)
        XCTAssertGreaterThan(n95In + surgicalIn, 0)
        XCTAssertEqual(n95["shipped"] as? Int, (n95["delivered"] as? Int ?? 0) + n95In)
        XCTAssertEqual(medical["substituted_in"] as? Int, 0, "no list names medical masks as a substitute")
    }
}

