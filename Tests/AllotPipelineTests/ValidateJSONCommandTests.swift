import Foundation
import XCTest

/// `allot validate --format json`, run as a program runs it: one document on standard output with the text's counts.
final class ValidateJSONCommandTests: XCTestCase {
    static let sample = SampleNightPlanTests.sampleInputs
    static let header = "request_id,enterprise_id,enterprise_name,region,material,quantity,unit,category\n"
    static let rejectKeys: Set<String> = ["file", "line", "field", "source", "record_id", "code", "message"]

    /// A folder holding `files` (name and text), removed after the test.
    private func folder(_ files: [String: String]) throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("allot-validate-json-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        addTeardownBlock { try? FileManager.default.removeItem(at: url) }
        for (name, text) in files { try Data(text.utf8).write(to: url.appendingPathComponent(name)) }
        return url
    }

    /// The document on standard output, parsed; fails the test when it is not one JSON object.
    private func document(_ result: AllotCommand.Result, file: StaticString = #filePath,
                          line: UInt = #line) throws -> [String: Any] {
        let parsed = try JSONSerialization.jsonObject(with: result.stdout)
        return try XCTUnwrap(parsed as? [String: Any], "not a JSON object: \(result.text)", file: file, line: line)
    }

    private func objects(_ value: Any?) throws -> [[String: Any]] {
        try XCTUnwrap(value as? [[String: Any]], "not an array of objects: \(String(describing: value))")
    }

    func test_validateJSON_sampleInputs_countsEqualTheTextsExit3() throws {
        let text = try AllotCommand.run(["validate", "--inputs", Self.sample.path])
        let json = try AllotCommand.run(["validate", "--inputs", Self.sample.path, "--format", "json"])
        XCTAssertEqual(text.status, 3, text.stderr)
        XCTAssertEqual(json.status, 3, json.stderr)
        let doc = try document(json)
        XCTAssertEqual(Set(doc.keys), ["status", "files", "totals", "rejects", "registry_fills", "warnings",
                                       "possible_duplicates"])
        XCTAssertEqual(doc["status"] as? Int, 3)

        // Each file row and the total of the text, from the document.
        let files = try objects(doc["files"])
        let rows = files.map { f in
            "\(f["path"] as? String ?? "?")\t\(f["encoding"] as? String ?? "-")\t\(f["records"] as? Int ?? -1)\t"
                + "\(f["accepted"] as? Int ?? -1)\t\(f["rejected"] as? Int ?? -1)\t\(f["superseded"] as? Int ?? -1)\n"
        }
        let totals = try XCTUnwrap(doc["totals"] as? [String: Int])
        XCTAssertEqual(totals, ["records": 264, "accepted": 247, "rejected": 10, "superseded": 7])
        XCTAssertTrue(text.text.hasPrefix("file\tencoding\trecords\taccepted\trejected\tsuperseded\n"
            + rows.joined() + "total\t\t264\t247\t10\t7\n\n10 rejects:\n"), text.text)

        let rejects = try objects(doc["rejects"])
        XCTAssertEqual(rejects.count, 10)
        for reject in rejects {
            XCTAssertEqual(Set(reject.keys), Self.rejectKeys, "\(reject)")
            XCTAssertNotNil(reject["line"] as? Int, "\(reject)")
            for key in Self.rejectKeys.subtracting(["line"]) { XCTAssertNotNil(reject[key] as? String, "\(key): \(reject)") }
        }
        let gaotang = try XCTUnwrap(rejects.first { $0["record_id"] as? String == "GT-014" })
        XCTAssertEqual(gaotang["file"] as? String, "feeds/county-gaotang-gb18030.csv")
        XCTAssertEqual(gaotang["line"] as? Int, 15)
        XCTAssertEqual(gaotang["source"] as? String, "county-gaotang-gb18030")
        XCTAssertEqual(gaotang["field"] as? String, "")
        XCTAssertEqual(gaotang["code"] as? String, "wrong_field_count")
        XCTAssertEqual(gaotang["message"] as? String, "row has 12 fields, the header has 11")

        let duplicates = try objects(doc["possible_duplicates"])
        XCTAssertEqual(duplicates.count, 9)
        let chiping = try XCTUnwrap(duplicates.first { $0["first"] as? String == "county-chiping:CP-003" })
        XCTAssertEqual(chiping["second"] as? String, "sd-platform:LC-0041")
        XCTAssertEqual(chiping["exclude_line"] as? String,
                       "exclude,,sd-platform:LC-0041,,,,possible duplicate of county-chiping:CP-003")
        let warnings = try XCTUnwrap(doc["warnings"] as? [String])
        XCTAssertTrue(warnings.contains { $0.hasPrefix("possible duplicate request: sd-platform:LC-0041 asks") }, "\(warnings)")
        XCTAssertEqual(try objects(doc["registry_fills"]).count, 0)
    }

    func test_validateJSON_sameInputs_sameBytesKeysSorted() throws {
        let first = try AllotCommand.run(["validate", "--inputs", Self.sample.path, "--format", "json"])
        let second = try AllotCommand.run(["validate", "--inputs", Self.sample.path, "--format", "json"])
        XCTAssertEqual(first.stdout, second.stdout)
        let topLevel = first.text.split(separator: "\n").filter { $0.hasPrefix("  \"") }.map { $0.split(separator: "\"")[1] }
        XCTAssertEqual(topLevel, ["files", "possible_duplicates", "registry_fills", "rejects", "status", "totals",
                                  "warnings"])
        XCTAssertTrue(first.text.contains(#"{"code": "wrong_field_count", "field": "", "file": "#
            + #""feeds/county-gaotang-gb18030.csv", "line": 15, "message": "row has 12 fields, the header has 11", "#
            + #""record_id": "GT-014", "source": "county-gaotang-gb18030"}"#), first.text)
    }

    func test_validateJSON_file_registryFillsExit0() throws {
        let dir = try folder(["county-x.csv": Self.header
            + "R-1,91371500706079729C,,371503,口罩,100,只,\n"
            + "R-2,91371500706079729C,某厂,371503,口罩,100,只,sme\n"])
        let result = try AllotCommand.run(["validate", "county-x.csv", "--format", "json"], in: dir)
        XCTAssertEqual(result.status, 0, result.stderr)
        let doc = try document(result)
        XCTAssertEqual(doc["status"] as? Int, 0)
        let files = try objects(doc["files"])
        XCTAssertEqual(files.count, 1)
        XCTAssertEqual(files[0]["path"] as? String, "county-x.csv")
        XCTAssertEqual(files[0]["encoding"] as? String, "UTF-8")
        XCTAssertEqual(doc["totals"] as? [String: Int], ["records": 2, "accepted": 2, "rejected": 0, "superseded": 0])
        XCTAssertEqual(try objects(doc["rejects"]).count, 0)
        let fills = try objects(doc["registry_fills"])
        XCTAssertEqual(fills.count, 1)
        XCTAssertEqual(Set(fills[0].keys), Self.rejectKeys)
        XCTAssertEqual(fills[0]["file"] as? String, "county-x.csv")
        XCTAssertEqual(fills[0]["line"] as? Int, 2)
        XCTAssertEqual(fills[0]["source"] as? String, "county-x")
        XCTAssertEqual(fills[0]["record_id"] as? String, "R-1")
        XCTAssertEqual(fills[0]["field"] as? String, "enterprise_name")
        XCTAssertEqual(fills[0]["message"] as? String, "enterprise_name and category are empty: the bureau's registry "
            + "fills them from the enterprise's credit code 91371500706079729C; the bureau rejects the request if its "
            + "registry does not have the enterprise")
    }

    func test_validateJSON_fileWithABadValue_rejectHasItsFieldsExit3() throws {
        let dir = try folder(["county-x.csv": Self.header + "R-1,91371500706079729C,,,口罩,abc,只,\n"])
        let result = try AllotCommand.run(["validate", "county-x.csv", "--format", "json"], in: dir)
        XCTAssertEqual(result.status, 3, result.stderr)
        let doc = try document(result)
        XCTAssertEqual(doc["status"] as? Int, 3)
        let rejects = try objects(doc["rejects"])
        XCTAssertEqual(rejects.count, 1)
        XCTAssertEqual(rejects[0]["file"] as? String, "county-x.csv")
        XCTAssertEqual(rejects[0]["line"] as? Int, 2)
        XCTAssertEqual(rejects[0]["field"] as? String, "quantity")
        XCTAssertEqual(rejects[0]["source"] as? String, "county-x")
        XCTAssertEqual(rejects[0]["record_id"] as? String, "R-1")
        XCTAssertEqual(rejects[0]["code"] as? String, "bad_quantity")
        XCTAssertTrue((rejects[0]["message"] as? String ?? "").hasPrefix("abc is not a quantity"), "\(rejects[0])")
        XCTAssertEqual(doc["totals"] as? [String: Int], ["records": 1, "accepted": 0, "rejected": 1, "superseded": 0])
    }

    func test_validateJSON_missingFile_wholeFileRejectHasLine0Exit3() throws {
        let dir = try folder([:])
        let result = try AllotCommand.run(["validate", "nothere.csv", "--format", "json"], in: dir)
        XCTAssertEqual(result.status, 3, result.stderr)
        let rejects = try objects(try document(result)["rejects"])
        XCTAssertEqual(rejects.count, 1)
        XCTAssertEqual(rejects.first?["file"] as? String, "nothere.csv")
        XCTAssertEqual(rejects.first?["line"] as? Int, 0)
        XCTAssertEqual(rejects.first?["code"] as? String, "unreadable_file")
        XCTAssertEqual(rejects.first?["record_id"] as? String, "")
    }

    func test_validateJSON_policyError_writesNoDocumentExit2() throws {
        let config = try folder([:]).appendingPathComponent("none.toml")
        let result = try AllotCommand.run(["validate", "--inputs", Self.sample.path, "--config", config.path,
                                           "--format", "json"])
        XCTAssertEqual(result.status, 2, result.stderr)
        XCTAssertEqual(result.stdout, Data())
        XCTAssertEqual(result.stderr, "allot: policy error: \(config.path): the policy file does not exist\n")
    }

    func test_validateFormat_unknownFormat_isAUsageErrorExit2() throws {
        let result = try AllotCommand.run(["validate", "--inputs", Self.sample.path, "--format", "yaml"])
        XCTAssertEqual(result.status, 2, result.stderr)
        XCTAssertEqual(result.stdout, Data())
    }
}
