import AllotCore
import Foundation
import XCTest
@testable import AllotPublish

final class PlanExportTests: XCTestCase {
    /// The fixture night published, and read back.
    private func publishedFixture() throws -> (ScratchOutputs, PlanSnapshot) {
        let run = PublishFixture.run()
        let scratch = try ScratchOutputs()
        try PlanPublisher(fault: nil).publish(files: try PlanFiles.render(run), planDate: run.planDate,
                                              outputs: scratch.outputs)
        return (scratch, try PlanSnapshot.read(outputs: scratch.outputs))
    }

    private func labels(_ language: OutputLanguage) -> PlanLabels {
        PlanLabels(language: language, catalog: PublishFixture.catalog, regions: PublishFixture.regions)
    }

    private func render(_ kind: PlanExport.Kind, _ format: PlanExport.Format, _ snapshot: PlanSnapshot,
                        _ language: OutputLanguage = .zh) throws -> [UInt8] {
        try PlanExport.render(kind, as: format, from: snapshot, labels: labels(language), regions: PublishFixture.regions)
    }

    func test_xmlExports_validateAgainstTheirSchemas() throws {
        let (scratch, snapshot) = try publishedFixture()
        defer { withExtendedLifetime(scratch) {} }
        let schemas: [PlanExport.Kind: String] = [.province: "province-request.xsd", .dispatch: "dispatch.xsd",
                                                  .unmet: "unmet.xsd"]
        for kind in PlanExport.Kind.allCases {
            let validator = try XMLSchemaValidator(resource: schemas[kind]!)
            for language in OutputLanguage.allCases {
                let xml = try render(kind, .xml, snapshot, language)
                XCTAssertNoThrow(try validator.validate(xml, name: "\(kind)"), "\(kind) \(language)")
                XCTAssertFalse(xml.isEmpty)
            }
        }
        let unmet = String(decoding: try render(.unmet, .xml, snapshot, .en), as: UTF8.self)
        XCTAssertTrue(unmet.contains("requests=\"4\""), unmet)
        XCTAssertTrue(unmet.contains("region-name=\"Shen County\" material=\"MASK-MEDICAL\" "
            + "material-name=\"Disposable medical mask\" unit=\"piece\" tier=\"4\""), unmet)
        XCTAssertTrue(unmet.contains("reason=\"capped\" reason-text=\"Cap reached\""), unmet)
        // dispatch.xml is handed out as published.
        XCTAssertEqual(try render(.dispatch, .xml, snapshot),
                       [UInt8](try Data(contentsOf: snapshot.folder.url.appendingPathComponent("dispatch.xml"))))
    }

    func test_unmetXML_brokenDocumentIsRefusedWithLibxml2sLine() throws {
        let (scratch, snapshot) = try publishedFixture()
        defer { withExtendedLifetime(scratch) {} }
        var lines = String(decoding: try render(.unmet, .xml, snapshot), as: UTF8.self).components(separatedBy: "\n")
        // Line 4 is the second request; a reason the schema does not know.
        XCTAssertTrue(lines[3].contains("<request "), lines[3])
        lines[3] = lines[3].replacingOccurrences(of: "reason=\"", with: "reason=\"x")
        let validator = try XMLSchemaValidator(resource: "unmet.xsd")
        XCTAssertThrowsError(try validator.validate(Array(lines.joined(separator: "\n").utf8), name: "unmet.xml")) { error in
            XCTAssertTrue("\(error)".hasPrefix("unmet.xml is not valid against unmet.xsd: line 4"), "\(error)")
            XCTAssertTrue("\(error)".contains("'reason'"), "\(error)")
        }
    }

    func test_csvExports_headersAndNamesInTheLanguage() throws {
        let (scratch, snapshot) = try publishedFixture()
        defer { withExtendedLifetime(scratch) {} }
        let zh = try StrictCSV.parse(try render(.dispatch, .csv, snapshot, .zh))
        XCTAssertEqual(zh[0], ExportHeaders.dispatch(.zh))
        XCTAssertEqual(zh.count, 5)
        let disinfectant = try XCTUnwrap(zh.first { $0[2] == "DISINFECTANT" })
        XCTAssertEqual(disinfectant[3], "消毒液")
        XCTAssertEqual(disinfectant[5], "千克")
        XCTAssertEqual(disinfectant[9], "'=HYPERLINK(\"http://x\")", "the formula guard stays in CSV")
        XCTAssertEqual(disinfectant[22], "是")
        let en = try StrictCSV.parse(try render(.unmet, .csv, snapshot, .en))
        XCTAssertEqual(en[0], ExportHeaders.unmet(.en))
        XCTAssertEqual(en.dropFirst().map { $0[15] }, ["Cap reached", "Deadline unreachable", "Supply exhausted",
                                                       "No offer in reach"])
        let province = try StrictCSV.parse(try render(.province, .csv, snapshot, .zh))
        XCTAssertEqual(province[0].last, "申请省级调拨")
        XCTAssertEqual(province.dropFirst().map { Int64($0[10])! }.reduce(0, +), 6_500)
    }

    func test_xlsxExports_readByOpenpyxlEqualTheCSVExports() throws {
        let (scratch, snapshot) = try publishedFixture()
        defer { withExtendedLifetime(scratch) {} }
        try requireOpenpyxl()
        // Columns that hold numbers in each table (0-based).
        let numeric: [PlanExport.Kind: [Int]] = [.province: [5, 6, 7, 8, 9, 10], .dispatch: [4, 18, 19],
                                                 .unmet: [9, 10, 11, 12, 13]]
        for kind in PlanExport.Kind.allCases {
            for language in OutputLanguage.allCases {
                let xlsx = try render(kind, .xlsx, snapshot, language), csv = try render(kind, .csv, snapshot, language)
                XCTAssertEqual(Array(xlsx.prefix(2)), [0x50, 0x4B], "a ZIP file")
                let base = scratch.root.appendingPathComponent("\(kind)-\(language)")
                try Data(xlsx).write(to: base.appendingPathExtension("xlsx"))
                try Data(csv).write(to: base.appendingPathExtension("csv"))
                let (status, output) = try python([checker.path, base.appendingPathExtension("xlsx").path,
                                                   base.appendingPathExtension("csv").path,
                                                   numeric[kind]!.map(String.init).joined(separator: ",")])
                XCTAssertEqual(status, 0, "\(kind) \(language): \(output)")
                let rows = try StrictCSV.parse(csv).count - 1
                XCTAssertEqual(output.trimmingCharacters(in: .whitespacesAndNewlines), "ok \(rows) rows", "\(kind) \(language)")
            }
        }
    }

    func test_xlsx_moreRowsThanASheetHolds_goOnInMoreSheetsEachWithTheHeader() throws {
        try requireOpenpyxl()
        let scratch = try ScratchOutputs()
        let table = ExportTable(title: "未满足需求", header: ["编号", "数量"],
                                rows: (1...5).map { [.text("R-\($0)"), .integer(Int64($0) * 10)] })
        let file = scratch.root.appendingPathComponent("split.xlsx")
        try Data(try XLSXWriter.workbook(table, rowsPerSheet: 2)).write(to: file)
        let (status, output) = try python(["-W", "error", "-c", """
            import openpyxl, sys
            wb = openpyxl.load_workbook(sys.argv[1])
            for ws in wb.worksheets:
                print(ws.title, ws.freeze_panes, [list(r) for r in ws.iter_rows(values_only=True)])
            """, file.path])
        XCTAssertEqual(status, 0, output)
        XCTAssertEqual(output, """
            未满足需求 1 A2 [['编号', '数量'], ['R-1', 10], ['R-2', 20]]
            未满足需求 2 A2 [['编号', '数量'], ['R-3', 30], ['R-4', 40]]
            未满足需求 3 A2 [['编号', '数量'], ['R-5', 50]]

            """)
    }

    func test_xlsx_columnNamesAndWidths() {
        XCTAssertEqual([0, 25, 26, 27, 701, 702].map(XLSXWriter.columnName), ["A", "Z", "AA", "AB", "ZZ", "AAA"])
        let table = ExportTable(title: "t", header: ["物资名称", "x"], rows: [[.text("一次性使用医用口罩"), .integer(5)]])
        XCTAssertEqual(XLSXWriter.widths(table, columns: 2), ["20", "6"])
        XCTAssertEqual(XLSXWriter.sheetTitle("a/b:c[d]*e?f\\g and more than thirty-one"), "a_b_c_d__e_f_g and more than th")
    }

    func test_defaultFileName_isPlanDateAndWhat() {
        XCTAssertEqual(PlanExport.defaultFileName(.province, .xlsx, planDate: PublishFixture.planDate),
                       "2020-02-11-province.xlsx")
    }

    func test_provinceExport_ofAPlanWithoutTheFile_isRebuiltFromItsRows() throws {
        let (scratch, published) = try publishedFixture()
        try FileManager.default.removeItem(at: published.folder.url.appendingPathComponent("province-request.xml"))
        let snapshot = try PlanSnapshot.read(outputs: scratch.outputs)
        XCTAssertNil(snapshot.provinceRequest)
        XCTAssertEqual(PlanExport.provinceRequest(of: snapshot, regions: PublishFixture.regions), published.provinceRequest)
    }

    // MARK: - Python

    private var checker: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Oracle/xlsx_check.py")
    }

    private func requireOpenpyxl() throws {
        let found = (try? python(["-c", "import openpyxl"]))?.status == 0
        if !found { throw XCTSkip("python3 with openpyxl is missing (make test-setup installs it)") }
    }

    private func python(_ arguments: [String]) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3"] + arguments
        let out = Pipe()
        process.standardOutput = out
        process.standardError = out
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }
}
