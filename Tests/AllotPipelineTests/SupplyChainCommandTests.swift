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

    /// 1 吨 of meltblown for the mask factory makes 100,000 masks on the day after it arrives, for the
    /// hospital; a line that would make meltblown from masks closes a cycle and is rejected.
    func test_run_meltblownBecomesMasks_andACycleIsRejected() throws {
        let night = try run([
            "feeds/offers.csv": Self.offers
                + "MB-1,\(Self.county),冠县熔喷布厂,371525,熔喷布,1,吨,stock,,,\n"
                + "LINE-1,\(Self.factory),聊城口罩厂,371502,医用口罩,10万,只,conversion,熔喷布,0.001,0\n"
                + "Z-CYCLE,\(Self.factory),聊城口罩厂,371502,熔喷布,100,kg,以料定产,医用口罩,0.01,\n",
            "feeds/requests.csv": Self.requests
                + "R-MB,\(Self.factory),聊城口罩厂,371502,熔喷布,1000,epidemic_producer\n"
                + "R-1,\(Self.hospital),聊城市人民医院,371502,医用口罩,300000,medical\n",
        ])
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
}
