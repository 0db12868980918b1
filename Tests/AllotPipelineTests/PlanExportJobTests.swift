import AllotCore
import AllotIngest
import AllotPipeline
import AllotPublish
import Foundation
import XCTest

final class PlanExportJobTests: XCTestCase {
    private var scratch: URL!

    override func setUpWithError() throws {
        scratch = FileManager.default.temporaryDirectory.appendingPathComponent("allot-export-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: scratch) }

    private func publishSampleNight() throws -> URL {
        let outputs = scratch.appendingPathComponent("Outputs")
        _ = try NightlyPipeline.run(RunOptions(inputs: SampleNightPlanTests.sampleInputs, outputs: outputs,
                                               planDate: SampleNightPlanTests.planDate))
        return outputs
    }

    /// Inputs/README.md: the province export of the sample night asks for 1,154,400 medical masks
    /// (tier 2's 1,546,400 short less 信发's 392,000 cap), 5,700 kg meltblown, 2,640 suits,
    /// 10,000 N95 and 174 kg of alcohol, and nothing of the materials that are covered.
    func test_export_sampleNightProvinceCSV_asksTheShortfallTheDataIsBuiltFor() throws {
        let outputs = try publishSampleNight()
        let csv = try NightlyPipeline.export(ExportOptions(kind: .province, format: .csv, outputs: outputs,
                                                           inputs: SampleNightPlanTests.sampleInputs))
        XCTAssertEqual(csv.folder.date, SampleNightPlanTests.planDate)
        let text = String(decoding: csv.bytes.dropFirst(3), as: UTF8.self)
        let rows = text.components(separatedBy: "\r\n").filter { !$0.isEmpty }.map { $0.components(separatedBy: ",") }
        XCTAssertEqual(rows[0], ["物资编码", "物资名称", "单位", "地区代码", "地区", "保障层级", "需求量", "已调配", "缺口",
                                 "其中限额所致", "申请省级调拨"])
        var asked = [String: Int64](), capped = [String: Int64](), short = [String: Int64]()
        for row in rows.dropFirst() {
            asked[row[0], default: 0] += Int64(row[10])!
            capped[row[0], default: 0] += Int64(row[9])!
            if row[5] == "2" { short[row[0], default: 0] += Int64(row[8])! }
        }
        XCTAssertEqual(asked, ["MASK-MEDICAL": 1_154_400, "MELTBLOWN": 5_700, "SUIT": 2_640, "MASK-N95": 10_000,
                               "ALCOHOL": 174, "MASK-SURGICAL": 0, "DISINFECTANT": 0, "THERMOMETER": 0])
        XCTAssertEqual(short["MASK-MEDICAL"], 1_546_400)
        XCTAssertEqual(capped["MASK-MEDICAL"], 392_000)
        XCTAssertTrue(rows.contains { $0[0] == "MASK-MEDICAL" && $0[1] == "一次性使用医用口罩" && $0[4] == "茌平区" })

        let xml = try NightlyPipeline.export(ExportOptions(kind: .province, format: .xml, outputs: outputs, language: .en,
                                                           inputs: SampleNightPlanTests.sampleInputs))
        let document = String(decoding: xml.bytes, as: UTF8.self)
        XCTAssertTrue(document.contains("<city code=\"371500\" name=\"Liaocheng City\"/>"), document)
        XCTAssertTrue(document.contains("<material code=\"MASK-MEDICAL\" name=\"Disposable medical mask\" unit=\"piece\" "
            + "requested=\"2543280\" delivered=\"935800\" shortfall=\"1607480\" capped-shortfall=\"392000\" ask=\"1154400\">"),
            document)
    }

    /// The sample night's province workbook: the plan date above the header, and below the rows one totals
    /// row per material whose figures are `province-request.xml`'s own per-material totals (summed apart,
    /// by `ProvinceRequest`), so the 1,154,400 medical masks asked of the province are on the sheet.
    func test_export_sampleNightProvinceXLSX_totalsRowsAreTheRequestsMaterialTotals() throws {
        guard (try? Python.run(["-c", "import openpyxl"]))?.status == 0 else {
            throw XCTSkip("python3 with openpyxl is missing (make test-setup installs it)")
        }
        let outputs = try publishSampleNight()
        let xlsx = try NightlyPipeline.export(ExportOptions(kind: .province, format: .xlsx, outputs: outputs,
                                                            inputs: SampleNightPlanTests.sampleInputs))
        let file = scratch.appendingPathComponent("province.xlsx")
        try Data(xlsx.bytes).write(to: file)
        let (status, output) = try Python.run(["-W", "error", "-c", """
            import datetime, openpyxl, re, sys
            ws = openpyxl.load_workbook(sys.argv[1]).active
            print(ws["A1"].value, ws["B1"].value.date().isoformat(), ws["B1"].number_format, ws.freeze_panes)
            last = int(re.search(r"[0-9]+$", ws.auto_filter.ref).group())
            for row in ws.iter_rows(min_row=last + 1, values_only=True):
                print(" ".join(str(v) for v in (row[0], row[3]) + row[6:11]))
            """, file.path])
        XCTAssertEqual(status, 0, output)
        var lines = output.split(separator: "\n").map(String.init)
        XCTAssertEqual(lines.removeFirst(), "计划日期 2020-02-11 yyyy-mm-dd A3")

        let xml = try NightlyPipeline.export(ExportOptions(kind: .province, format: .xml, outputs: outputs,
                                                           inputs: SampleNightPlanTests.sampleInputs))
        let figures = #/<material code="([^"]+)" [^>]*requested="(\d+)" delivered="(\d+)" shortfall="(\d+)" capped-shortfall="(\d+)" ask="(\d+)">/#
        let materials = String(decoding: xml.bytes, as: UTF8.self).matches(of: figures)
        XCTAssertEqual(materials.count, 8)
        XCTAssertEqual(Set(lines), Set(materials.map { m in "\(m.1) 合计 \(m.2) \(m.3) \(m.4) \(m.5) \(m.6)" }),
                       "one totals row per material, equal to the XML's totals")
        XCTAssertTrue(lines.contains("MASK-MEDICAL 合计 2543280 935800 1607480 392000 1154400"), output)
    }

    func test_export_unknownDate_exits2NamingTheOutputsFolder() throws {
        let outputs = try publishSampleNight()
        let options = ExportOptions(kind: .dispatch, format: .csv, outputs: outputs,
                                    date: CalendarDate(year: 2020, month: 2, day: 12)!, inputs: SampleNightPlanTests.sampleInputs)
        XCTAssertThrowsError(try NightlyPipeline.export(options)) { error in
            XCTAssertEqual(ExitStatus(for: error), .usageOrPolicy)
            XCTAssertEqual("\(error)", "\(outputs.path) has no plan for 2020-02-12; published: 2020-02-11")
        }
    }

    func test_export_brokenPlanFile_exits3NamingFileAndLine() throws {
        let outputs = try publishSampleNight()
        let unmet = outputs.appendingPathComponent("2020-02-11/unmet.csv")
        try Data("\u{FEFF}request_source,request_id\r\nx,y\r\n".utf8).write(to: unmet)
        let options = ExportOptions(kind: .unmet, format: .xlsx, outputs: outputs, inputs: SampleNightPlanTests.sampleInputs)
        XCTAssertThrowsError(try NightlyPipeline.export(options)) { error in
            XCTAssertEqual(ExitStatus(for: error), .inputsUnusable)
            XCTAssertEqual("\(error)", "\(unmet.path) line 1, field enterprise_id: the header has no enterprise_id column")
        }
    }
}
