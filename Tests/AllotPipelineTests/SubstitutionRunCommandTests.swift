import Foundation
import XCTest

/// `allot run` on a small inputs folder whose `allot.toml` has `[substitutes]` (SPEC 13), through the
/// built executable: N95 masks serve medical masks' requests, and every plan file and export says so.
final class SubstitutionRunCommandTests: ScratchCommandTestCase {
    private static let supplier = "91371523779066507N", hospital = "12371500430402132B", county = "12371525413538381K"
    private static let shop = "91371523659524893L"

    /// Medical masks: 1,000 in stock for 1,700 asked (tier 1: 1,200; tier 4: 500). N95 masks: 500 in
    /// stock for 100 asked. With N95 masks serving medical ones, tier 1 is served whole and the
    /// tier-4 shop gets what is left: 400 N95 masks go to medical masks' requests.
    private func inputs(substitutes: Bool) throws -> URL {
        let inputs = work.appendingPathComponent(substitutes ? "Inputs" : "Inputs-plain")
        let files = [
            "allot.toml": substitutes ? "[substitutes]\nMASK-MEDICAL = [\"MASK-N95\"]\n" : "",
            "feeds/offers.csv": "offer_id,supplier_id,supplier_name,region,material,quantity,unit,kind\n"
                + "O-1,\(Self.supplier),信发集团有限公司,371502,医用口罩,1000,只,stock\n"
                + "O-2,\(Self.supplier),信发集团有限公司,371502,N95口罩,500,只,stock\n",
            "feeds/requests.csv": "request_id,enterprise_id,enterprise_name,region,material,quantity,workers,category\n"
                + "R-1,\(Self.hospital),聊城市人民医院,371502,医用口罩,1200,,medical\n"
                + "R-2,\(Self.county),冠县人民医院,371525,N95口罩,100,,medical\n"
                + "R-3,\(Self.shop),聊城小店,371502,医用口罩,500,,sme\n",
        ]
        for (path, text) in files {
            let url = inputs.appendingPathComponent(path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(text.utf8).write(to: url)
        }
        return inputs
    }

    private func run(_ inputs: URL) throws -> (folder: URL, outputs: URL, stderr: String) {
        let outputs = inputs.deletingLastPathComponent().appendingPathComponent(inputs.lastPathComponent + "-out")
        let result = try AllotCommand.run(["run", "--inputs", inputs.path, "--outputs", outputs.path,
                                           "--date", "2020-02-11", "--now", "2020-02-11T00:00:00+08:00"])
        XCTAssertEqual(result.status, 0, result.stderr)
        return (outputs.appendingPathComponent("2020-02-11"), outputs, result.stderr)
    }

    private func materials(_ folder: URL) throws -> [String: [String: Any]] {
        let root = try JSONSerialization.jsonObject(with: Data(contentsOf: folder.appendingPathComponent("manifest.json")))
        return try XCTUnwrap((root as? [String: Any])?["materials"] as? [String: [String: Any]])
    }

    func test_run_substitutes_everyPlanFileShowsWhatServedWhat() throws {
        let (folder, outputs, stderr) = try run(inputs(substitutes: true))

        // dispatch.csv: the last column is the request's material; 400 N95 masks went to medical masks' requests.
        let dispatch = try StrictCSV.rows(folder.appendingPathComponent("dispatch.csv"))
        XCTAssertEqual(dispatch[0].last, "requested_material")
        let material = dispatch[0].firstIndex(of: "material")!, quantity = dispatch[0].firstIndex(of: "quantity")!
        func sum(_ lot: String, _ requested: String) -> Int {
            dispatch.dropFirst().filter { $0[material] == lot && $0.last == requested }.reduce(0) { $0 + Int($1[quantity])! }
        }
        XCTAssertEqual([sum("MASK-MEDICAL", "MASK-MEDICAL"), sum("MASK-N95", "MASK-MEDICAL"), sum("MASK-N95", "MASK-N95"),
                        sum("MASK-MEDICAL", "MASK-N95")], [1_000, 400, 100, 0])

        // The manifest: delivered by the requested material, shipped and substituted_in by the lot's.
        let figures = try materials(folder)
        let masks = try XCTUnwrap(figures["MASK-MEDICAL"]), n95 = try XCTUnwrap(figures["MASK-N95"])
        XCTAssertEqual(["requested", "delivered", "shipped", "substituted_in", "offered"].map { masks[$0] as? Int },
                       [1_700, 1_400, 1_000, 0, 1_000])
        XCTAssertEqual(["requested", "delivered", "shipped", "substituted_in", "offered"].map { n95[$0] as? Int },
                       [100, 100, 500, 400, 500])
        XCTAssertEqual((masks["delivered_by_tier"] as? [String: Int])?["1"], 1_200)
        XCTAssertEqual((masks["delivered_by_tier"] as? [String: Int])?["4"], 200)
        XCTAssertEqual((n95["delivered_by_tier"] as? [String: Int])?["1"], 100)

        // unmet.csv: the shop's medical masks, counting the N95 masks it got.
        let unmet = try StrictCSV.rows(folder.appendingPathComponent("unmet.csv"))
        guard unmet.count == 2 else { return XCTFail("\(unmet)") }
        let row = Dictionary(uniqueKeysWithValues: zip(unmet[0], unmet[1]))
        XCTAssertEqual([row["request_id"], row["material"], row["requested"], row["delivered"], row["shortfall"]],
                       ["R-3", "MASK-MEDICAL", "500", "200", "300"])

        // The report marks the substitutes' lines 代用 with the requested material.
        let report = try String(contentsOf: folder.appendingPathComponent("report.html"), encoding: .utf8)
        XCTAssertTrue(report.contains(">代用 一次性使用医用口罩</span>"), report)
        XCTAssertTrue(report.contains("data-k=\"substituted_in\" data-v=\"400\""))
        XCTAssertTrue(report.contains("data-k=\"served_by_substitutes\" data-v=\"400\""))

        // The summary on stderr.
        XCTAssertTrue(stderr.contains("allot: MASK-MEDICAL: requested 1700 piece, delivered 1400 piece (82.4%), "
            + "shortfall 300 piece (0 capped); 400 piece of it by substitutes\n"), stderr)
        XCTAssertTrue(stderr.contains("allot: MASK-N95: requested 100 piece, delivered 100 piece (100.0%), "
            + "shortfall 0 piece (0 capped); shipped 500 piece, 400 piece of it for other materials"), stderr)

        // The exports read the column back.
        let file = work.appendingPathComponent("dispatch-en.csv")
        let export = try AllotCommand.run(["export", "dispatch", "--format", "csv", "--lang", "en",
                                           "--outputs", outputs.path, "--out", file.path])
        XCTAssertEqual(export.status, 0, export.stderr)
        let exported = try StrictCSV.rows(file)
        XCTAssertEqual(Array(exported[0].suffix(2)), ["Requested material code", "Requested material"])
        XCTAssertEqual(exported.dropFirst().filter { $0[2] == "MASK-N95" && $0[$0.count - 2] == "MASK-MEDICAL" }.count,
                       dispatch.dropFirst().filter { $0[material] == "MASK-N95" && $0.last == "MASK-MEDICAL" }.count)
        let xml = try AllotCommand.run(["export", "dispatch", "--format", "xml", "--outputs", outputs.path])
        XCTAssertEqual(xml.status, 0, xml.stderr)
        XCTAssertTrue(String(decoding: xml.stdout, as: UTF8.self).contains("requested-material=\"MASK-MEDICAL\""))
        // The province is asked for medical masks by what their requests lack (tier 4 is not asked).
        let province = try String(contentsOf: folder.appendingPathComponent("province-request.xml"), encoding: .utf8)
        XCTAssertTrue(province.contains("MASK-MEDICAL"), province)
    }

    /// Without `[substitutes]` no material serves another: each is planned alone, as in v1.
    func test_run_withoutSubstitutes_shippedIsDeliveredAndNoLineIsASubstitute() throws {
        let (folder, _, stderr) = try run(inputs(substitutes: false))
        let dispatch = try StrictCSV.rows(folder.appendingPathComponent("dispatch.csv"))
        let material = dispatch[0].firstIndex(of: "material")!
        XCTAssertTrue(dispatch.dropFirst().allSatisfy { $0[material] == $0.last }, "\(dispatch)")
        for (code, m) in try materials(folder) {
            XCTAssertEqual(m["shipped"] as? Int, m["delivered"] as? Int, code)
            XCTAssertEqual(m["substituted_in"] as? Int, 0, code)
        }
        XCTAssertEqual(try materials(folder)["MASK-MEDICAL"]?["delivered"] as? Int, 1_000)
        XCTAssertFalse(stderr.contains("substitutes"), stderr)
        let report = try String(contentsOf: folder.appendingPathComponent("report.html"), encoding: .utf8)
        XCTAssertFalse(report.contains("代用"))
    }
}
