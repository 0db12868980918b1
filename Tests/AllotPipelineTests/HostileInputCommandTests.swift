import AllotCore
import AllotPublish
import Foundation
import XCTest

/// `allot run` as cron runs it, on a drop zone holding what is not a feed:
/// a named pipe, and links to the server's password file. The run ends,
/// publishes, names each in `rejects.csv`, and publishes nothing of what
/// lies outside the inputs folder. A region table that cannot be used ends
/// the run with exit 3, never in an endless walk. Dates with a time part as
/// bureaus type it are planned, not rejected.
final class HostileInputCommandTests: XCTestCase {
    private var scratch: URL!
    private var inputs: URL { scratch.appendingPathComponent("Inputs") }
    private var outputs: URL { scratch.appendingPathComponent("Outputs") }

    override func setUpWithError() throws {
        scratch = FileManager.default.temporaryDirectory
            .appendingPathComponent("allot-hostile-run-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: SampleNightPlanTests.sampleInputs, to: inputs)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: scratch)
    }

    private func runNight() throws -> AllotCommand.Result {
        try AllotCommand.run(["run", "--inputs", inputs.path, "--outputs", outputs.path, "--date", "2020-02-11"],
                             timeout: 60)
    }

    /// The rows of the published `rejects.csv` that name `file`.
    private func rejectRows(_ file: String) throws -> [String] {
        let text = try String(contentsOf: outputs.appendingPathComponent("2020-02-11/rejects.csv"), encoding: .utf8)
        return text.components(separatedBy: "\r\n").filter { $0.hasPrefix(file + ",") }
    }

    func test_run_namedPipeFeed_exits0WithItsRejectAndReleasesTheLock() throws {
        XCTAssertEqual(mkfifo(inputs.appendingPathComponent("feeds/x.csv").path, 0o644), 0)
        let result = try runNight()
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertEqual(try rejectRows("feeds/x.csv"), [
            "feeds/x.csv,,,x,,not_a_regular_file,"
                + "\"feeds/x.csv is a named pipe, not a regular file: feeds must be files\",",
        ])
        let lock = try OutputLock.acquire(outputs: outputs)
        lock.release()
    }

    func test_run_linksToThePasswordFile_exit0AndNothingOfItIsPublished() throws {
        let passwd = try String(contentsOfFile: "/etc/passwd", encoding: .utf8)
        let firstLine = try XCTUnwrap(passwd.split(separator: "\n").first.map(String.init))
        for name in ["passwd.csv", "UPPER.CSV", "passwd.xml"] {
            try FileManager.default.createSymbolicLink(atPath: inputs.appendingPathComponent("feeds/\(name)").path,
                                                       withDestinationPath: "/etc/passwd")
        }
        let result = try runNight()
        XCTAssertEqual(result.status, 0, result.stderr)
        for name in ["passwd.csv", "UPPER.CSV", "passwd.xml"] {
            let source = name.split(separator: ".")[0]
            XCTAssertEqual(try rejectRows("feeds/\(name)"), [
                "feeds/\(name),,,\(source),,not_a_regular_file,feeds/\(name) is a symbolic link to a file outside "
                    + "the inputs folder: feeds must be files in the inputs folder,",
            ])
        }
        let walker = try XCTUnwrap(FileManager.default.enumerator(at: outputs, includingPropertiesForKeys: nil))
        var checked = 0
        for case let url as URL in walker {
            guard let data = FileManager.default.contents(atPath: url.path) else { continue }
            checked += 1
            let text = String(decoding: data, as: UTF8.self)
            XCTAssertFalse(text.contains(firstLine), "\(url.lastPathComponent) holds the password file's first line")
            XCTAssertFalse(text.contains("/bin/"), "\(url.lastPathComponent) holds a login shell")
        }
        XCTAssertGreaterThan(checked, 5)
        XCTAssertFalse(result.stderr.contains(firstLine))
    }

    /// An XML feed whose one offer names its supplier in 100 KB: the offer is one `field_too_large`
    /// reject, the night publishes, and no output holds the name (it made dispatch.xml too large for
    /// libxml2 to validate, and the run exit 1, before `[limits] attribute_bytes`).
    func test_run_xmlOfferWithHugeSupplierName_exits0WithFieldTooLargeAndNoOutputHoldsIt() throws {
        let name = String(repeating: "济南康华医疗用品有限公司", count: 2_800)  // 100,800 bytes
        let feed = """
            <?xml version="1.0" encoding="UTF-8"?>
            <feed xmlns="urn:allot:feed:1" source="huge-name">
              <offer id="H-1" kind="stock">
                <supplier id="91370112MA34FFXAE1" name="\(name)"/>
                <region>370112</region>
                <material>一次性使用医用口罩</material>
                <quantity unit="只">1万</quantity>
              </offer>
            </feed>

            """
        try Data(feed.utf8).write(to: inputs.appendingPathComponent("feeds/huge-name.xml"))
        let result = try runNight()
        XCTAssertEqual(result.status, 0, result.stderr)
        let rows = try rejectRows("feeds/huge-name.xml")
        XCTAssertEqual(rows.count, 1, "\(rows)")
        XCTAssertTrue(rows.first?.hasPrefix("feeds/huge-name.xml,3,supplier_name,huge-name,H-1,field_too_large,") ?? false,
                      "\(rows)")
        let walker = try XCTUnwrap(FileManager.default.enumerator(at: outputs, includingPropertiesForKeys: nil))
        var checked = 0
        for case let url as URL in walker where !url.pathComponents.contains("inputs") {   // the copy holds the feed as sent
            guard let data = FileManager.default.contents(atPath: url.path) else { continue }
            checked += 1
            XCTAssertFalse(String(decoding: data, as: UTF8.self).contains(name), "\(url.lastPathComponent) holds the name")
        }
        XCTAssertGreaterThan(checked, 5)
        XCTAssertFalse(result.stderr.contains(name))
    }

    /// A request whose needed_by carries a time part as a county office types it (`2020年2月12日 9时47分`) is in
    /// the plan, not in `rejects.csv`; of its two updates the afternoon one (`下午3点`, 3) wins over the
    /// morning one (`上午9时`, 5) that comes after it in the file.
    func test_run_chineseTimeParts_requestIsPlannedNotRejected() throws {
        try Data("""
            需求编号,企业信用代码,企业名称,所在地区,物资,数量,单位,需求日期,企业类别,更新时间
            T-001,123715224826085527,莘县人民医院,莘县,额温枪,3,只,2020年2月12日 9时47分,医疗机构,2020-02-10 下午3点
            T-001,123715224826085527,莘县人民医院,莘县,额温枪,5,只,2020年2月12日 9时47分,医疗机构,2020-02-10 上午9时

            """.utf8).write(to: inputs.appendingPathComponent("feeds/county-times.csv"))
        let result = try runNight()
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertEqual(try rejectRows("feeds/county-times.csv"), [])
        let dispatch = try String(contentsOf: outputs.appendingPathComponent("2020-02-11/dispatch.csv"),
                                  encoding: .utf8)
        let lines = dispatch.components(separatedBy: "\r\n")
            .filter { $0.contains(",county-times,T-001,123715224826085527,莘县人民医院,371522,") }
            .map { $0.components(separatedBy: ",") }
        XCTAssertFalse(lines.isEmpty, dispatch)
        // plan_date,line_id,material,quantity,… ,ship_on,arrive_by,pinned,requested_material
        XCTAssertEqual(lines.map { $0[2] }, lines.map { _ in "THERMOMETER" })
        XCTAssertEqual(lines.reduce(0) { $0 + (Int($1[3]) ?? 0) }, 3)
        XCTAssertTrue(lines.allSatisfy { $0[$0.count - 3] <= "2020-02-12" }, "\(lines)")
    }

    /// A feed with NUL bytes and other control characters (a damaged export):
    /// the record whose name holds one is rejected naming the field, a row of
    /// binary junk is rejected as a row, and no file of the plan folder holds a
    /// control character but tab, LF and CR, so a spreadsheet or `grep` never
    /// takes `rejects.csv` for binary. The feed's good record is planned.
    func test_run_feedWithNULBytes_rejectedNamingTheFieldAndNoOutputHoldsOne() throws {
        let bytes = Array("需求编号,企业信用代码,企业名称,所在地区,物资,数量,单位,需求日期,企业类别\r\n".utf8)
            + Array("N-001,123715224826085527,莘县人民\u{0}医院,莘县,额温枪,3,只,2020/2/12,医疗机构\r\n".utf8)
            + [0x00, 0x00, 0x01, 0x1B, 0x7F, 0x00, 0x0D, 0x0A]
            + Array("N-003,123715224826085527,莘县人民医院,莘县,额温枪,2,只,2020/2/12,医疗机构\r\n".utf8)
        try Data(bytes).write(to: inputs.appendingPathComponent("feeds/county-nul.csv"))
        let result = try runNight()
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertEqual(try rejectRows("feeds/county-nul.csv"), [
            "feeds/county-nul.csv,2,enterprise_name,county-nul,N-001,control_character,\"enterprise_name holds the "
                + "control character \\u0000 at character 5, which is not text: remove it\","
                + "\"N-001,123715224826085527,莘县人民\\u0000医院,莘县,额温枪,3,只,2020/2/12,医疗机构\"",
            "feeds/county-nul.csv,3,,county-nul,\\u0000\\u0000\\u0001\\u001B\\u007F\\u0000,wrong_field_count,"
                + "\"row has 1 fields, the header has 9\",\\u0000\\u0000\\u0001\\u001B\\u007F\\u0000",
        ])
        let folder = outputs.appendingPathComponent("2020-02-11")
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path)
        XCTAssertTrue(names.contains("report.html"), "\(names)")
        for name in names where [".csv", ".xml", ".html", ".json"].contains(where: name.hasSuffix) {
            let data = try Data(contentsOf: folder.appendingPathComponent(name))
            let bad = data.firstIndex { $0 < 0x20 && $0 != 0x09 && $0 != 0x0A && $0 != 0x0D || $0 == 0x7F }
            XCTAssertNil(bad, "\(name) holds a control character")
        }
        let dispatch = try String(contentsOf: folder.appendingPathComponent("dispatch.csv"), encoding: .utf8)
        XCTAssertTrue(dispatch.contains(",county-nul,N-003,123715224826085527,莘县人民医院,371522,"), dispatch)
        XCTAssertFalse(dispatch.contains(",county-nul,N-001,"), dispatch)
    }

    /// A region table whose parents go round in a circle is unusable (exit 3), for `run` and `validate` alike.
    func test_runAndValidate_regionTableInACircle_exit3NamingTheRow() throws {
        try Data("""
            code,name,level,parent_code,lat,lon
            370000,山东省,province,371522,36.67,116.99
            371500,聊城市,prefecture,370000,36.45,115.97
            371522,莘县,county,371500,36.23,115.66

            """.utf8).write(to: inputs.appendingPathComponent("reference/regions.csv"))
        let expected = "allot: inputs unusable: reference/regions.csv:2 (parent_code): the parents of 370000 山东省 "
            + "go round in a circle (370000 → 371522 → 371500 → 370000): a unit cannot lie inside itself\n"
        let validate = try AllotCommand.run(["validate", "--inputs", inputs.path], timeout: 60)
        XCTAssertEqual(validate.status, 3, validate.stderr)
        XCTAssertTrue(validate.stderr.hasSuffix(expected), validate.stderr)
        let run = try runNight()
        XCTAssertEqual(run.status, 3, run.stderr)
        XCTAssertTrue(run.stderr.hasSuffix(expected), run.stderr)
    }

    /// A supplier name of 100 KB in one offer row (a 20 MB one made the
    /// night's `dispatch.xml` fail validation, exit 1, nothing published):
    /// with the default limits the row is one `field_too_large` reject, the
    /// night is published, and no plan file holds the name.
    func test_run_offerWithA100KBName_exit0ItsRejectAndNoFileHoldsTheName() throws {
        let name = String(repeating: "巨", count: 34_000) + "有限公司"
        let row = "LCO-900,91371523779066507N,\(name),茌平区,口罩,1000,只,donation,2020-02-11,,2020-02-10 10:00,\n"
        let handle = try FileHandle(forWritingTo: inputs.appendingPathComponent("feeds/liaocheng-offers.csv"))
        try handle.seekToEnd()
        try handle.write(contentsOf: Data(row.utf8))
        try handle.close()
        let result = try runNight()
        XCTAssertEqual(result.status, 0, result.stderr)
        let rows = try rejectRows("feeds/liaocheng-offers.csv").filter { $0.contains("field_too_large") }
        XCTAssertEqual(rows.count, 1)
        XCTAssertTrue(rows.first?.hasPrefix("feeds/liaocheng-offers.csv,27,supplier_name,liaocheng-offers,LCO-900,field_too_large,\"supplier_name holds 102012 bytes") == true,
                      rows.first ?? "")
        let plan = outputs.appendingPathComponent("2020-02-11")
        // The copy of the inputs (inputs/) holds the feed as it was sent; the plan files must not.
        for file in try FileManager.default.contentsOfDirectory(atPath: plan.path) where file != "inputs" {
            let bytes = try Data(contentsOf: plan.appendingPathComponent(file))
            XCTAssertLessThan(bytes.count, 4 << 20, file)
            XCTAssertNil(bytes.range(of: Data(String(repeating: "巨", count: 300).utf8)), file)
        }
    }
}

// MARK: - Workbook feeds

extension HostileInputCommandTests {
    /// `allot validate` through the built binary on a drop zone holding a
    /// workbook written by allot's own exporter, a workbook that is a renamed
    /// CSV, and a note: the first is read, the others are rejects.
    func test_validate_workbookFeeds_readOrRejectedNeverIgnored() throws {
        let inputs = FileManager.default.temporaryDirectory.appendingPathComponent("allot-xlsx-cmd-\(UUID().uuidString)")
        try FileManager.default.copyItem(at: SampleNightPlanTests.sampleInputs, to: inputs)
        defer { try? FileManager.default.removeItem(at: inputs) }
        let table = ExportTable(title: "需求", header: ["需求编号", "企业信用代码", "企业名称", "所在地区", "物资", "数量", "企业类别"],
                                rows: [[.text("XL-1"), .text("91371500706079729C"), .text("山东力得汽车科技"), .text("莘县"),
                                        .text("口罩"), .integer(300), .text("重点企业")]])
        try Data(try XLSXWriter.workbook(table)).write(to: inputs.appendingPathComponent("feeds/county-excel.xlsx"))
        try Data("request_id,enterprise_id\n".utf8).write(to: inputs.appendingPathComponent("feeds/renamed.xlsx"))
        try Data("notes".utf8).write(to: inputs.appendingPathComponent("feeds/readme.txt"))

        let result = try AllotCommand.run(["validate", "--inputs", inputs.path], timeout: 60)
        XCTAssertEqual(result.status, 3, result.stderr)
        XCTAssertTrue(result.text.contains("feeds/county-excel.xlsx\txlsx\t1\t1\t0\t0\n"), result.text)
        XCTAssertTrue(result.text.contains("feeds/readme.txt not_a_feed: feeds/readme.txt is not a feed: feeds are .csv, .xml or .xlsx files; the file is not read\n"), result.text)
        XCTAssertTrue(result.text.contains("feeds/renamed.xlsx not_well_formed: feeds/renamed.xlsx is not a workbook: it is not a zip archive"), result.text)
    }
}
