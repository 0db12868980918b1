import Foundation
import XCTest

/// Quantities no night can hold, through the built executable as cron runs
/// it: each costs its own record (a `quantity_too_large` reject naming the
/// file, line and field) and never the night, which publishes (exit 0) with
/// totals that add up.
final class HostileQuantityTests: XCTestCase {
    private func scratch() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("allot-hostile-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        addTeardownBlock { try? FileManager.default.removeItem(at: url) }
        return url
    }

    /// An inputs folder with `files` (path → text) and the built-in tables.
    private func inputs(_ files: [String: String]) throws -> URL {
        let root = try scratch().appendingPathComponent("Inputs")
        for (path, text) in files {
            let url = root.appendingPathComponent(path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(text.utf8).write(to: url)
        }
        return root
    }

    /// What one `allot run` published.
    private struct Published {
        var result: AllotCommand.Result
        var rejects: [[String]]
        var manifest: [String: Any]

        /// `file:line field record code` of each reject.
        var rejected: [String] { rejects.dropFirst().map { "\($0[0]):\($0[1]) \($0[2]) \($0[4]) \($0[5])" } }

        func figures(_ material: String) -> [String: Any] {
            (manifest["materials"] as? [String: [String: Any]])?[material] ?? [:]
        }
    }

    private func run(_ inputs: URL, file: StaticString = #filePath, line: UInt = #line) throws -> Published {
        let outputs = inputs.deletingLastPathComponent().appendingPathComponent("Outputs")
        let result = try AllotCommand.run(["run", "--inputs", inputs.path, "--outputs", outputs.path, "--date", "2020-02-11"],
                                          file: file, line: line)
        XCTAssertEqual(result.status, 0, result.stderr, file: file, line: line)
        let folder = outputs.appendingPathComponent("2020-02-11")
        let manifest = try JSONSerialization.jsonObject(with: Data(contentsOf: folder.appendingPathComponent("manifest.json")))
        let published = Published(result: result, rejects: try StrictCSV.rows(folder.appendingPathComponent("rejects.csv")),
                                  manifest: manifest as? [String: Any] ?? [:])
        // Every record counted once, and the totals are the inputs' sums.
        var sums = [String: Int]()
        for input in published.manifest["inputs"] as? [[String: Any]] ?? [] {
            let n = { (key: String) in input[key] as? Int ?? -1 }
            XCTAssertEqual(n("accepted") + n("rejected") + n("superseded"), n("records"), "\(input["path"] ?? "")",
                           file: file, line: line)
            for key in ["records", "accepted", "rejected", "superseded"] { sums[key, default: 0] += n(key) }
        }
        XCTAssertEqual(published.manifest["totals"] as? [String: Int], sums, file: file, line: line)
        return published
    }

    private static let supplier = "91371523779066507N", hospital = "12371500430402132B", county = "12371525413538381K"
    private static let offers = "offer_id,supplier_id,supplier_name,region,material,quantity,unit,kind\n"
    private static let requests = "request_id,enterprise_id,enterprise_name,region,material,quantity,workers,category\n"

    /// The night that made `allot run` die of an arithmetic overflow: two
    /// requests of one material, 9223372036854775807 and 1, summed as 64-bit
    /// integers in the manifest's totals.
    func test_run_requestsOfInt64MaxAndOne_publishesWithTheHugeOneRejected() throws {
        let published = try run(inputs([
            "feeds/offers.csv": Self.offers + "O-1,\(Self.supplier),信发集团有限公司,371502,医用口罩,1000,只,stock\n",
            "feeds/requests.csv": Self.requests
                + "R-1,\(Self.hospital),聊城市人民医院,371502,医用口罩,9223372036854775807,,medical\n"
                + "R-2,\(Self.county),冠县人民医院,371525,医用口罩,1,,medical\n",
        ]))
        XCTAssertEqual(published.rejected, ["feeds/requests.csv:2 quantity R-1 quantity_too_large"])
        XCTAssertEqual(published.rejects[1][6], "9223372036854775807 is more than a record may hold: "
            + "at most 1000000000000 piece of 一次性使用医用口罩")
        let masks = published.figures("MASK-MEDICAL")
        XCTAssertEqual(masks["offered"] as? Int, 1000)
        XCTAssertEqual(masks["requested"] as? Int, 1)
        XCTAssertEqual(masks["delivered"] as? Int, 1)
        XCTAssertTrue(published.result.stderr.contains("1 shipments; feeds: 3 records (2 accepted, 1 rejected, "
            + "0 superseded); overrides: none; rejects.csv: 1 rows\nallot: MASK-MEDICAL: requested 1 piece, "
            + "delivered 1 piece (100.0%), shortfall 0 piece (0 capped)\n"), published.result.stderr)
    }

    /// Two offers of that size wrapped to offered = -9223372036854775808, which
    /// only the final XSD check caught (exit 1, nothing published).
    func test_run_twoOffersOfInt64Max_publishWithBothRejected() throws {
        let published = try run(inputs([
            "feeds/offers.csv": Self.offers
                + "O-1,\(Self.supplier),信发集团有限公司,371502,医用口罩,9223372036854775807,只,stock\n"
                + "O-2,\(Self.supplier),信发集团有限公司,371502,医用口罩,9223372036854775807,只,capacity\n"
                + "O-3,\(Self.supplier),信发集团有限公司,371502,医用口罩,500,只,stock\n",
            "feeds/requests.csv": Self.requests + "R-1,\(Self.hospital),聊城市人民医院,371502,医用口罩,800,,medical\n",
        ]))
        XCTAssertEqual(published.rejected, ["feeds/offers.csv:2 quantity O-1 quantity_too_large",
                                            "feeds/offers.csv:3 quantity O-2 quantity_too_large"])
        let masks = published.figures("MASK-MEDICAL")
        XCTAssertEqual(masks["offered"] as? Int, 500)
        XCTAssertEqual(masks["delivered"] as? Int, 500)
    }

    /// A huge count of workers on a request and in the registry, an XML
    /// quantity of 1亿亿 and a pin past the limit: four rejects, one night.
    func test_run_hugeWorkersXMLQuantityAndPin_publishWithEachRejected() throws {
        let published = try run(inputs([
            "reference/enterprises.csv": "enterprise_id,enterprise_name,region,category,workers\n"
                + "\(Self.county),冠县人民医院,371525,medical,9223372036854775807\n",
            "feeds/offers.csv": Self.offers + "O-1,\(Self.supplier),信发集团有限公司,371502,医用口罩,1000,只,stock\n",
            "feeds/requests.csv": Self.requests
                + "R-1,\(Self.hospital),聊城市人民医院,371502,医用口罩,,9223372036854775807,medical\n"
                + "R-2,\(Self.hospital),聊城市人民医院,371502,医用口罩,,100,medical\n",
            "feeds/platform.xml": """
                <?xml version="1.0" encoding="UTF-8"?>
                <feed xmlns="urn:allot:feed:1" source="platform">
                  <request id="P-1"><enterprise id="\(Self.hospital)" name="聊城市人民医院" category="medical"/>
                    <region>371502</region><material>医用口罩</material><quantity>1亿亿</quantity></request>
                </feed>
                """,
            "overrides.csv": "action,offer_id,request_id,enterprise_id,material,quantity,note\n"
                + "pin,offers:O-1,requests:R-2,,,2000000000000,\n",
        ]))
        XCTAssertEqual(published.rejected.sorted(), [
            "feeds/platform.xml:3 quantity P-1 quantity_too_large",
            "feeds/requests.csv:2 workers R-1 quantity_too_large",
            "overrides.csv:2 quantity offers:O-1 -> requests:R-2 quantity_too_large",
            "reference/enterprises.csv:2 workers \(Self.county) quantity_too_large",
        ])
        let masks = published.figures("MASK-MEDICAL")
        XCTAssertEqual(masks["requested"] as? Int, 600)   // R-2: 100 workers × 2 masks × 3 days
        XCTAssertEqual(masks["delivered"] as? Int, 600)
    }

    /// Records each within the limit whose material adds up past what the
    /// planner holds: 25 lines making 1万亿 masks a day over a 366-day horizon.
    /// The night is refused (exit 3) with a message naming the material, and
    /// nothing is published.
    func test_run_materialPastThePlannersLimit_exits3AndPublishesNothing() throws {
        let inputs = try inputs([
            "allot.toml": "horizon_days = 366\n",
            "feeds/offers.csv": Self.offers + (1...25).map {
                "O-\($0),\(Self.supplier),信发集团有限公司,371502,医用口罩,1万亿,只,capacity\n"
            }.joined(),
            "feeds/requests.csv": Self.requests + "R-1,\(Self.hospital),聊城市人民医院,371502,医用口罩,800,,medical\n",
        ])
        let outputs = inputs.deletingLastPathComponent().appendingPathComponent("Outputs")
        let result = try AllotCommand.run(["run", "--inputs", inputs.path, "--outputs", outputs.path, "--date", "2020-02-11"])
        XCTAssertEqual(result.status, 3, result.stderr)
        XCTAssertEqual(result.stderr, "allot: MASK-MEDICAL: the night's lots within the horizon add up to 9150000000000000 "
            + "piece, more than the planner holds for one material (9007199254740992); look in the feeds for quantities "
            + "near 1000000000000, the most a record may hold; nothing is published\n")
        XCTAssertFalse(FileManager.default.fileExists(atPath: outputs.appendingPathComponent("2020-02-11").path))
    }
}
