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

    /// Inputs/README.md: the province export of the sample night asks for 390,200 medical masks
    /// (tier 2's 782,200 short less 信发's 392,000 cap), 5,700 kg meltblown, 2,640 suits,
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
        XCTAssertEqual(asked, ["MASK-MEDICAL": 390_200, "MELTBLOWN": 5_700, "SUIT": 2_640, "MASK-N95": 10_000,
                               "ALCOHOL": 174, "MASK-SURGICAL": 0, "DISINFECTANT": 0, "THERMOMETER": 0])
        XCTAssertEqual(short["MASK-MEDICAL"], 782_200)
        XCTAssertEqual(capped["MASK-MEDICAL"], 392_000)
        XCTAssertTrue(rows.contains { $0[0] == "MASK-MEDICAL" && $0[1] == "一次性使用医用口罩" && $0[4] == "茌平区" })

        let xml = try NightlyPipeline.export(ExportOptions(kind: .province, format: .xml, outputs: outputs, language: .en,
                                                           inputs: SampleNightPlanTests.sampleInputs))
        let document = String(decoding: xml.bytes, as: UTF8.self)
        XCTAssertTrue(document.contains("<city code=\"371500\" name=\"Liaocheng City\"/>"), document)
        XCTAssertTrue(document.contains("<material code=\"MASK-MEDICAL\" name=\"Disposable medical mask\" unit=\"piece\" "
            + "requested=\"2543280\" delivered=\"1700000\" shortfall=\"843280\" capped-shortfall=\"392000\" ask=\"390200\">"),
            document)
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
