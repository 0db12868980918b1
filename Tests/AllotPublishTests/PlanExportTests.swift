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
                                                  .unmet: "unmet.xsd", .passes: "passes.xsd"]
        for kind in PlanExport.Kind.allCases {
            let validator = try XMLSchemaValidator(resource: schemas[kind]!)
            for language in OutputLanguage.allCases {
                let xml = try render(kind, .xml, snapshot, language)
                XCTAssertNoThrow(try validator.validate(xml, name: "\(kind)"), "\(kind) \(language)")
                XCTAssertFalse(xml.isEmpty)
            }
        }
        // The passes made again from the published lines are the published passes.csv, pass for pass.
        let passes = String(decoding: try render(.passes, .xml, snapshot, .zh), as: UTF8.self)
        let published = try StrictCSV.parse(PassesCSV.render(try PassesCSV.passes(of: PublishFixture.run(),
            rows: try DispatchRow.rows(of: PublishFixture.run(), file: "t")), labels: labels(.zh))).dropFirst()
        XCTAssertFalse(published.isEmpty)
        for row in published {
            XCTAssertTrue(passes.contains("pass-id=\"\(row[0])\" ship-on=\"\(row[1])\" valid-until=\"\(row[2])\""), row[0])
            XCTAssertTrue(passes.contains("weight-kg=\"\(row[10])\" trucks=\"\(row[11])\""), row[0])
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
        XCTAssertEqual(zh[0], ExportColumns.dispatch(.zh).map(\.name))
        XCTAssertEqual(zh.count, 5)
        let disinfectant = try XCTUnwrap(zh.first { $0[2] == "DISINFECTANT" })
        XCTAssertEqual(disinfectant[3], "消毒液")
        XCTAssertEqual(disinfectant[5], "千克")
        XCTAssertEqual(disinfectant[9], "'=HYPERLINK(\"http://x\")", "the formula guard stays in CSV")
        XCTAssertEqual(disinfectant[22], "是")
        XCTAssertEqual(disinfectant[0], "2020-02-11", "dates stay YYYY-MM-DD text in CSV")
        XCTAssertEqual(zh.count, 5, "no plan date row and no totals rows in CSV")
        let en = try StrictCSV.parse(try render(.unmet, .csv, snapshot, .en))
        XCTAssertEqual(en[0], ExportColumns.unmet(.en).map(\.name))
        XCTAssertEqual(en.dropFirst().map { $0[13] }.filter { $0.wholeMatch(of: #/[01]\.\d{4}/#) == nil }, [],
                       "fill ratios stay fractions with 4 decimals in CSV")
        XCTAssertEqual(en.dropFirst().map { $0[15] }, ["Cap reached", "Deadline unreachable", "Supply exhausted",
                                                       "No offer in reach"])
        let province = try StrictCSV.parse(try render(.province, .csv, snapshot, .zh))
        XCTAssertEqual(province[0].last, "申请省级调拨")
        XCTAssertEqual(province.dropFirst().map { Int64($0[10])! }.reduce(0, +), 6_500)
    }

    /// Each workbook, read back by openpyxl, holds the CSV export's rows with numbers, dates (datetimes
    /// formatted yyyy-mm-dd) and fill ratios (formatted 0.00%) typed, below the plan date and a frozen,
    /// filtered header, and ends with one totals row per material whose sums the checker recomputes
    /// from the rows (`Tests/Oracle/xlsx_check.py`).
    func test_xlsxExports_readByOpenpyxlEqualTheCSVExportsWithPlanDateAndTotals() throws {
        let (scratch, snapshot) = try publishedFixture()
        defer { withExtendedLifetime(scratch) {} }
        try requireOpenpyxl()
        // 0-based columns of each table, stated here independently of ExportColumns.
        struct Layout { var numeric = [Int](), dates = [Int](), percent = [Int](), summed: [Int], material: [Int]
                        var requested: Int?, delivered: Int? }
        let layouts: [PlanExport.Kind: Layout] = [
            .province: Layout(numeric: [5, 6, 7, 8, 9, 10], summed: [6, 7, 8, 9, 10], material: [0, 1, 2],
                              requested: 6, delivered: 7),
            .dispatch: Layout(numeric: [4, 18, 19], dates: [0, 20, 21], summed: [4], material: [2, 3, 5]),
            .passes: Layout(numeric: [10, 11], dates: [1, 2], summed: [11], material: []),
            .unmet: Layout(numeric: [9, 10, 11, 12, 16], percent: [13], summed: [10, 11, 12], material: [6, 7, 8],
                           requested: 10, delivered: 11),
        ]
        for kind in PlanExport.Kind.allCases {
            for language in OutputLanguage.allCases {
                let layout = layouts[kind]!
                let xlsx = try render(kind, .xlsx, snapshot, language), csv = try render(kind, .csv, snapshot, language)
                XCTAssertEqual(Array(xlsx.prefix(2)), [0x50, 0x4B], "a ZIP file")
                let base = scratch.root.appendingPathComponent("\(kind)-\(language)")
                try Data(xlsx).write(to: base.appendingPathExtension("xlsx"))
                try Data(csv).write(to: base.appendingPathExtension("csv"))
                func list(_ columns: [Int]) -> String { columns.map(String.init).joined(separator: ",") }
                var arguments = [checker.path, base.appendingPathExtension("xlsx").path,
                                 base.appendingPathExtension("csv").path, "--plan-date", "2020-02-11",
                                 "--plan-date-label", language == .zh ? "计划日期" : "Plan date",
                                 "--totals-label", language == .zh ? "合计" : "Total",
                                 "--numeric", list(layout.numeric), "--dates", list(layout.dates),
                                 "--percent", list(layout.percent), "--summed", list(layout.summed),
                                 "--material", list(layout.material)]
                if let requested = layout.requested, let delivered = layout.delivered {
                    arguments += ["--requested", String(requested), "--delivered", String(delivered)]
                }
                let (status, output) = try python(arguments)
                XCTAssertEqual(status, 0, "\(kind) \(language): \(output)")
                let rows = try StrictCSV.parse(csv).dropFirst()
                // Passes carry several materials each, so their sheet has one totals row (trucks).
                let materials = layout.material.isEmpty ? 1 : Set(rows.map { $0[layout.material[0]] }).count
                XCTAssertTrue(layout.material.isEmpty || materials > 1, "\(kind): the fixture mixes materials")
                XCTAssertEqual(output.trimmingCharacters(in: .whitespacesAndNewlines),
                               "ok \(rows.count) rows \(materials) totals", "\(kind) \(language)")
            }
        }
    }

    /// The style parts: each `Style` is the `cellXfs` entry at its index, with its number format
    /// declared in `numFmts` and the bold font where it is bold.
    func test_xlsxStyles_cellXfsFollowTheStyleCases() throws {
        let styles = XLSXWriter.styles
        let xfs = try XCTUnwrap(styles.firstMatch(of: #/<cellXfs count="(\d+)">(.*)</cellXfs>/#))
        let entries = xfs.2.matches(of: #/<xf numFmtId="(\d+)" fontId="(\d)"[^>]*/>/#)
        XCTAssertEqual(Int(xfs.1), XLSXWriter.Style.allCases.count)
        XCTAssertEqual(entries.count, XLSXWriter.Style.allCases.count)
        let declared = Dictionary(uniqueKeysWithValues: styles.matches(of: #/<numFmt numFmtId="(\d+)" formatCode="([^"]+)"/>/#)
            .map { (Int($0.1)!, String($0.2)) })
        XCTAssertEqual(declared[167], "yyyy-mm-dd")
        XCTAssertEqual(declared[168], "0.00%")
        for style in XLSXWriter.Style.allCases {
            let entry = entries[style.rawValue]
            XCTAssertEqual(Int(entry.1), style.numberFormat, "\(style)")
            XCTAssertTrue(style.numberFormat == 0 || declared[style.numberFormat] != nil, "\(style)")
            XCTAssertEqual(entry.2 == "1", style.isBold, "\(style)")
        }
        XCTAssertEqual(declared[XLSXWriter.Style.date.numberFormat], "yyyy-mm-dd")
        XCTAssertEqual(declared[XLSXWriter.Style.percent.numberFormat], "0.00%")
        XCTAssertEqual(declared[XLSXWriter.Style.boldPercent.numberFormat], "0.00%")
    }

    /// Totals per material: kilograms and pieces are never added; sums past 64 bits stay exact digits.
    func test_totalsRows_onePerMaterialInOrderOfFirstAppearance() {
        let table = ExportTable(
            title: "t",
            columns: [.init("id"), .init("material", .material), .init("unit", .material), .init("requested", .requested),
                      .init("delivered", .delivered), .init("short", .quantity), .init("fill", .fillRatio),
                      .init("tier")],
            rows: [[.text("a"), .text("MASK"), .text("piece"), .integer(1000), .integer(406), .integer(594),
                    .ratio(units: 4060, scale: 4), .integer(2)],
                   [.text("b"), .text("ALCOHOL"), .text("kg"), .integer(3), .integer(1), .integer(2),
                    .ratio(units: 3333, scale: 4), .integer(1)],
                   [.text("c"), .text("MASK"), .text("piece"), .integer(2000), .integer(2000), .integer(0),
                    .ratio(units: 10000, scale: 4), .integer(3)],
                   [.text("d"), .text("SUIT"), .text("piece"), .integer(Int64.max), .integer(0), .text("18446744073709551614"),
                    .ratio(units: 0, scale: 4), .integer(3)]],
            totalsLabel: "合计")
        XCTAssertEqual(table.totalsRows(of: table.rows), [
            [.text("合计"), .text("MASK"), .text("piece"), .integer(3000), .integer(2406), .integer(594),
             .ratio(units: 8020, scale: 4), .text("")],
            [.text("合计"), .text("ALCOHOL"), .text("kg"), .integer(3), .integer(1), .integer(2),
             .ratio(units: 3333, scale: 4), .text("")],
            [.text("合计"), .text("SUIT"), .text("piece"), .integer(Int64.max), .integer(0),
             .text("18446744073709551614"), .ratio(units: 0, scale: 4), .text("")],
        ])
        XCTAssertEqual(table.totalsRows(of: []), [[.text("合计"), .text(""), .text(""), .integer(0), .integer(0),
                                                   .integer(0), .text(""), .text("")]])
        XCTAssertEqual(ExportTable(title: "t", header: ["a"], rows: [[.integer(1)]]).totalsRows(of: [[.integer(1)]]), [],
                       "no totals label, no totals rows")
    }

    /// A table split over sheets: each sheet has the plan date, the frozen header, its rows and the
    /// totals of its own rows; dates before 1900-03-01, which Excel's serials get wrong, are text.
    func test_xlsx_splitTable_eachSheetHasPlanDateHeaderAndItsOwnTotals() throws {
        try requireOpenpyxl()
        let scratch = try ScratchOutputs()
        let day = CalendarDate(year: 2020, month: 2, day: 11)!
        var table = ExportTable(title: "Unmet", columns: [.init("Ship on"), .init("Material", .material),
                                                          .init("Requested", .requested), .init("Delivered", .delivered),
                                                          .init("Fill ratio", .fillRatio)],
                                planDate: .init(label: "Plan date", date: day), totalsLabel: "Total")
        table.rows = [[.date(day.adding(days: 1)), .text("MASK"), .integer(10), .integer(4), .ratio(units: 4000, scale: 4)],
                      [.date(CalendarDate(year: 1900, month: 2, day: 28)!), .text("ALCOHOL"), .integer(5), .integer(5),
                       .ratio(units: 10000, scale: 4)],
                      [.date(CalendarDate(year: 1900, month: 3, day: 1)!), .text("MASK"), .integer(7), .integer(0),
                       .ratio(units: 0, scale: 4)]]
        let file = scratch.root.appendingPathComponent("split.xlsx")
        try Data(try XLSXWriter.workbook(table, rowsPerSheet: 2)).write(to: file)
        let (status, output) = try python(["-W", "error", "-c", """
            import openpyxl, sys
            wb = openpyxl.load_workbook(sys.argv[1])
            for ws in wb.worksheets:
                print(ws.title, ws.freeze_panes, ws.auto_filter.ref)
                for row in ws.iter_rows():
                    print([(c.value.isoformat() if hasattr(c.value, "isoformat") else c.value, c.number_format,
                            c.font.b) for c in row if c.value is not None])
            """, file.path])
        XCTAssertEqual(status, 0, output)
        XCTAssertEqual(output, """
            Unmet 1 A3 A2:E4
            [('Plan date', 'General', True), ('2020-02-11T00:00:00', 'yyyy-mm-dd', False)]
            [('Ship on', 'General', True), ('Material', 'General', True), ('Requested', 'General', True), \
            ('Delivered', 'General', True), ('Fill ratio', 'General', True)]
            [('2020-02-12T00:00:00', 'yyyy-mm-dd', False), ('MASK', 'General', False), (10, 'General', False), \
            (4, 'General', False), (0.4, '0.00%', False)]
            [('1900-02-28', 'General', False), ('ALCOHOL', 'General', False), (5, 'General', False), \
            (5, 'General', False), (1.0, '0.00%', False)]
            [('Total', 'General', True), ('MASK', 'General', True), (10, 'General', True), (4, 'General', True), \
            (0.4, '0.00%', True)]
            [('Total', 'General', True), ('ALCOHOL', 'General', True), (5, 'General', True), (5, 'General', True), \
            (1.0, '0.00%', True)]
            Unmet 2 A3 A2:E3
            [('Plan date', 'General', True), ('2020-02-11T00:00:00', 'yyyy-mm-dd', False)]
            [('Ship on', 'General', True), ('Material', 'General', True), ('Requested', 'General', True), \
            ('Delivered', 'General', True), ('Fill ratio', 'General', True)]
            [('1900-03-01T00:00:00', 'yyyy-mm-dd', False), ('MASK', 'General', False), (7, 'General', False), \
            (0, 'General', False), (0.0, '0.00%', False)]
            [('Total', 'General', True), ('MASK', 'General', True), (7, 'General', True), (0, 'General', True), \
            (0.0, '0.00%', True)]

            """)
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
