import AllotCore
import Foundation
import XCTest
@testable import AllotIngest

/// `.xlsx` feeds: the first sheet's rows read as a CSV feed's, from
/// workbooks written here part by part (`XLSXFixture`), and every way a
/// workbook can be hostile a clear file-level reject.
final class XLSXFeedReaderTests: XMLFeedTestCase {
    static let header = ["需求编号", "企业信用代码", "企业名称", "所在地区", "物资", "数量", "需求日期", "企业类别", "更新时间"]

    private func read(_ bytes: [UInt8], as name: String = "feed.xlsx", largestWorkbook: Int = XLSXFeedReader.largestWorkbook,
                      sharedStringMemory: Int = XLSXWorkbook.sharedStringMemory,
                      reference: ReferenceData = XMLFeedTestCase.reference) throws -> FeedFileResult {
        try write(bytes, as: name)
        return XLSXFeedReader.read(try open(name), reference: reference, largestWorkbook: largestWorkbook,
                                   sharedStringMemory: sharedStringMemory)
    }

    private func rejects(_ result: FeedFileResult) -> [String] {
        result.rejects.map { "\($0.line) \($0.recordID) \($0.field) \($0.code.rawValue): \($0.message)" }
    }

    // MARK: - Values

    func test_read_chineseHeadersSharedStringsNumbersDatesAndGaps_readAsTheSameCSV() throws {
        let code = Self.enterpriseCode
        // Header cells and the name are shared strings; a number, a date, a date and time; row 3 empty;
        // row 4 leaves its name cell out (a gap), row 6 writes its quantity with an exponent.
        let strings = Self.header + [code, "山东力得汽车科技"]
        let rows = XLSXFixture.row(1, (0..<9).map { "s:\($0)" })
            + XLSXFixture.row(2, ["R-1", "s:9", "s:10", "莘县", "口罩", "n:5000", "d1:43872", "key_enterprise", "d2:43871.75"])
            + "<row r=\"3\"/>"
            + XLSXFixture.row(4, ["R-2", "s:9", nil, "莘县", "口罩", "n:10", "d1:43872", "sme", nil])
            + XLSXFixture.row(6, ["R-3", "s:9", "s:10", "茌平区", "消毒液", "n:1.5E+3", "2020年2月12日", "medical",
                                  "2020-02-10 18:00:00"])
        let result = try read(try XLSXFixture.workbook(rows: rows, strings: strings))
        XCTAssertEqual(result.encoding, .xlsx)
        XCTAssertEqual(result.source, "feed")
        XCTAssertEqual(result.recordCount, 3)
        XCTAssertEqual(result.records.map(\.origin.line), [2, 6])
        XCTAssertEqual(rejects(result), [
            "4 R-2 enterprise_name missing_field: enterprise_name is empty and the enterprise is not in the registry with one",
        ])
        XCTAssertEqual(result.rejects.first?.raw, "R-2,\(code),,莘县,口罩,10,2020-02-11,sme")

        let csv = """
            \(Self.header.joined(separator: ","))
            R-1,\(code),山东力得汽车科技,莘县,口罩,5000,2020-02-11,key_enterprise,2020-02-10 18:00:00
            R-3,\(code),山东力得汽车科技,茌平区,消毒液,1500,2020年2月12日,medical,2020-02-10 18:00:00

            """
        try write(Array(csv.utf8), as: "feed.csv")
        let fromCSV = CSVFeedReader.read(try open("feed.csv"), reference: Self.reference)
        XCTAssertEqual(fromCSV.records.count, 2)
        XCTAssertEqual(result.records.map(\.record), fromCSV.records.map(\.record))
        guard case .request(let first)? = result.records.first?.record else { return XCTFail("no request") }
        XCTAssertEqual(first.neededBy, CalendarDate(year: 2020, month: 2, day: 11))
        XCTAssertEqual(first.quantity.units, 5000)
    }

    func test_read_date1904Workbook_countsFrom1904() throws {
        let rows = XLSXFixture.row(1, Self.header)
            + XLSXFixture.row(2, ["R-1", Self.enterpriseCode, "力得", "莘县", "口罩", "n:5000", "d1:42410", "sme", nil])
        let result = try read(try XLSXFixture.workbook(rows: rows, date1904: true))
        guard case .request(let r)? = result.records.first?.record else { return XCTFail(rejects(result).joined()) }
        XCTAssertEqual(r.neededBy, CalendarDate(year: 2020, month: 2, day: 11))
    }

    func test_cellText_numbersAsExcelShowsThem_datesFromSerials() {
        XCTAssertEqual(XLSXCellText.number("5000"), "5000")
        XCTAssertEqual(XLSXCellText.number("0.30000000000000004"), "0.3")
        XCTAssertEqual(XLSXCellText.number("1.2E+7"), "12000000")
        XCTAssertEqual(XLSXCellText.number("1E-3"), "0.001")
        XCTAssertEqual(XLSXCellText.number("-12.50"), "-12.5")
        XCTAssertEqual(XLSXCellText.number("123456789012345678"), "123456789012346000")
        XCTAssertEqual(XLSXCellText.number("9.9999999999999999"), "10")
        XCTAssertEqual(XLSXCellText.number("0"), "0")
        XCTAssertEqual(XLSXCellText.number("abc"), "abc")
        XCTAssertEqual(XLSXCellText.date("1", date1904: false), "1900-01-01")
        XCTAssertEqual(XLSXCellText.date("59", date1904: false), "1900-02-28")
        XCTAssertEqual(XLSXCellText.date("60", date1904: false), "1900-02-29")
        XCTAssertEqual(XLSXCellText.date("61", date1904: false), "1900-03-01")
        XCTAssertEqual(XLSXCellText.date("43872", date1904: false), "2020-02-11")
        XCTAssertEqual(XLSXCellText.date("43871.75", date1904: false), "2020-02-10 18:00:00")
        XCTAssertEqual(XLSXCellText.date("43871.99999999", date1904: false), "2020-02-11")
        XCTAssertEqual(XLSXCellText.date("0", date1904: true), "1904-01-01")
        XCTAssertNil(XLSXCellText.date("-1", date1904: false))
        XCTAssertTrue(XLSXCellText.isDateFormat("yyyy\"年\"m\"月\"d\"日\""))
        XCTAssertTrue(XLSXCellText.isDateFormat("[$-804]yyyy/m/d h:mm"))
        XCTAssertFalse(XLSXCellText.isDateFormat("#,##0.00\"吨\""))
        XCTAssertFalse(XLSXCellText.isDateFormat("[Red]0.0"))
        XCTAssertFalse(XLSXCellText.isDateFormat("General"))
    }

    func test_read_booleansErrorsAndPhoneticRuns_readAsExcelShowsThem() throws {
        let rows = XLSXFixture.row(1, Self.header)
            + "<row r=\"2\"><c r=\"A2\" t=\"inlineStr\"><is><r><t>R-</t></r><r><t>1</t></r><rPh><t>ルビ</t></rPh></is></c>"
            + "<c r=\"B2\" t=\"str\"><f>X</f><v>\(Self.enterpriseCode)</v></c><c r=\"C2\" t=\"b\"><v>1</v></c>"
            + "<c r=\"D2\" t=\"inlineStr\"><is><t>莘县</t></is></c><c r=\"E2\" t=\"inlineStr\"><is><t>口罩</t></is></c>"
            + "<c r=\"F2\" t=\"e\"><v>#N/A</v></c><c r=\"H2\" t=\"inlineStr\"><is><t>sme</t></is></c></row>"
        let result = try read(try XLSXFixture.workbook(rows: rows))
        XCTAssertEqual(result.rejects.map(\.recordID), ["R-1"])
        XCTAssertEqual(result.rejects.map(\.field), ["quantity"])
        XCTAssertEqual(result.rejects.first?.raw, "R-1,\(Self.enterpriseCode),TRUE,莘县,口罩,#N/A,,sme")
    }

    // MARK: - Rows and columns

    func test_read_cellsPastTheLastColumnOrTheHeader_rejectTheirRow() throws {
        let rows = XLSXFixture.row(1, Self.header)
            + "<row r=\"2\"><c r=\"A2\" t=\"inlineStr\"><is><t>R-1</t></is></c><c r=\"XFE2\"><v>1</v></c></row>"
            + XLSXFixture.row(3, ["R-2", Self.enterpriseCode, "力得", "莘县", "口罩", "n:5", nil, "sme", nil, nil, "n:7"])
        let result = try read(try XLSXFixture.workbook(rows: rows))
        XCTAssertEqual(rejects(result), [
            "2 R-1  wrong_field_count: the row has a cell at XFE2, past Excel's last column XFD (16,384)",
            "3 R-2  wrong_field_count: the row has a value in column K (cell K3), past the header's 9 columns",
        ])
        XCTAssertEqual(result.recordCount, 2)
    }

    func test_read_headerOfAMillionCells_rejectsTheFileWhole() throws {
        let rows = "<row r=\"1\">" + String(repeating: "<c><v>1</v></c>", count: 20_000) + "</row>"
        let result = try read(try XLSXFixture.workbook(rows: rows))
        XCTAssertEqual(rejects(result), [
            "1   bad_header: the header has a cell at column 16385, past Excel's last column XFD (16,384)",
        ])
        XCTAssertEqual(result.recordCount, 0)
    }

    func test_read_valueLargerThanFieldBytes_rejectsItsRowNamingTheColumn() throws {
        let rows = XLSXFixture.row(1, Self.header)
            + XLSXFixture.row(2, ["R-1", Self.enterpriseCode, String(repeating: "厂", count: 6_000), "莘县", "口罩",
                                  "n:5", nil, "sme"])
        let result = try read(try XLSXFixture.workbook(rows: rows))
        XCTAssertEqual(result.rejects.map(\.code), [.fieldTooLarge])
        XCTAssertEqual(result.rejects.first?.field, "enterprise_name")
        XCTAssertEqual(result.rejects.first?.line, 2)
        XCTAssertEqual(result.rejects.first?.raw, "R-1,\(Self.enterpriseCode),…,莘县,口罩,5,,sme")
    }

    func test_read_rowsPastRecordsPerFile_areOneRejectAtTheFirstRowNotRead() throws {
        var reference = Self.reference
        reference.policy.limits.recordsPerFile = 2
        let rows = XLSXFixture.row(1, Self.header) + (2...5).map {
            XLSXFixture.row($0, ["R-\($0)", Self.enterpriseCode, "力得", "莘县", "口罩", "n:5", nil, "sme"])
        }.joined()
        let result = try read(try XLSXFixture.workbook(rows: rows), reference: reference)
        XCTAssertEqual(result.records.count, 2)
        XCTAssertEqual(result.rejects.map(\.code), [.tooManyRecords])
        XCTAssertEqual(result.rejects.first?.line, 4)
        XCTAssertEqual(result.recordCount, 3)
    }

    // MARK: - Hostile workbooks

    func test_read_notAZip_isOneFileLevelReject() throws {
        let result = try read(Array("request_id,enterprise_id\n".utf8), as: "renamed.xlsx")
        XCTAssertEqual(rejects(result), [
            "0   not_well_formed: feeds/renamed.xlsx is not a workbook: it is not a zip archive (an .xlsx file is one); save it from the spreadsheet program as an Excel workbook (.xlsx)",
        ])
        XCTAssertEqual(result.recordCount, 0)
    }

    func test_read_workbookWithoutItsSheet_isOneFileLevelReject() throws {
        let result = try read(try XLSXFixture.workbook(rows: "", sheetPart: nil))
        XCTAssertEqual(rejects(result), [
            "0   not_well_formed: feeds/feed.xlsx is damaged: its first sheet '需求' has no part in the zip",
        ])
        let noBook = try read(try XLSXFixture.zip([("xl/worksheets/sheet1.xml", Array("<worksheet/>".utf8))]))
        XCTAssertEqual(rejects(noBook), ["0   not_well_formed: feeds/feed.xlsx is not a workbook: it lacks xl/workbook.xml"])
    }

    func test_read_zipBomb_stopsAtTheInflationBound() throws {
        // 40 MB of white space between two rows deflate to some 40 kB: a thousandfold.
        let rows = XLSXFixture.row(1, Self.header) + String(repeating: " ", count: 40 << 20)
        let bytes = try XLSXFixture.workbook(rows: rows)
        XCTAssertLessThan(bytes.count, 200_000)
        let result = try read(bytes)
        XCTAssertEqual(result.rejects.map(\.code), [.workbookTooLarge])
        XCTAssertEqual(result.recordCount, 0)
        let message = try XCTUnwrap(result.rejects.first?.message)
        XCTAssertTrue(message.hasPrefix("feeds/feed.xlsx: the part xl/worksheets/sheet1.xml inflates to "), message)
        XCTAssertTrue(message.hasSuffix(": the workbook is not read"), message)
    }

    func test_read_hugeSharedStringTable_isOneReject() throws {
        let strings = (0..<1_000).map { "string number \($0) of a table larger than allowed" }
        let result = try read(try XLSXFixture.workbook(rows: XLSXFixture.row(1, ["s:0"]), strings: strings),
                              sharedStringMemory: 10_000)
        XCTAssertEqual(rejects(result), [
            "0   workbook_too_large: feeds/feed.xlsx: the shared strings (xl/sharedStrings.xml) take more than 10000 bytes in memory: the workbook is not read; send the rows as CSV",
        ])
    }

    func test_read_fileLargerThanAWorkbookMayBe_isNotRead() throws {
        let result = try read(try XLSXFixture.workbook(rows: ""), largestWorkbook: 100)
        XCTAssertEqual(result.rejects.map(\.code), [.workbookTooLarge])
        XCTAssertTrue(result.rejects[0].message.contains("more than the 100 bytes a workbook feed may have"))
    }

    func test_read_sharedStringIndexOutOfRange_isOneReject() throws {
        let result = try read(try XLSXFixture.workbook(rows: XLSXFixture.row(1, ["s:5"]), strings: ["a"]))
        XCTAssertEqual(rejects(result), [
            "1   not_well_formed: feeds/feed.xlsx is damaged: cell A1 of sheet '需求' refers to shared string 5, and the workbook has 1",
        ])
    }
}

/// The workbook reader's time grows with the rows of its sheet and with the
/// length of a shared string, never with their square.
final class XLSXFeedReaderGrowthTests: XMLFeedTestCase {
    private func workbook(rows count: Int, nameLength: Int) throws -> [UInt8] {
        let name = String(repeating: "力", count: nameLength)
        var rows = XLSXFixture.row(1, XLSXFeedReaderTests.header)
        for n in 0..<count {
            rows += XLSXFixture.row(n + 2, ["R-\(n)", Self.enterpriseCode, "s:0", "莘县", "口罩", "n:\(n + 1)",
                                            "d1:43872", "sme", nil])
        }
        return try XLSXFixture.workbook(rows: rows, strings: [name])
    }

    private func assertLinear(_ sizes: [Int], _ make: (Int) throws -> [UInt8], records: (Int) -> Int,
                              file: StaticString = #filePath, line: UInt = #line) throws {
        for size in sizes { try write(try make(size), as: "grow-\(size).xlsx") }
        let seconds = GrowthTiming.seconds(for: sizes, trials: 5) { size in
            let result = XLSXFeedReader.read(try! self.open("grow-\(size).xlsx"), reference: Self.reference)
            XCTAssertEqual(result.records.count, records(size), file: file, line: line)
        }
        XCTAssertTrue(GrowthTiming.growsLinearly(seconds, sizes: sizes),
                      "seconds by size: \(zip(sizes, seconds).map { "\($0): \($1)" })", file: file, line: line)
    }

    func test_read_growingRows_timeGrowsLinearly() throws {
        try assertLinear([250, 500, 1_000, 2_000], { try self.workbook(rows: $0, nameLength: 8) }, records: { $0 })
    }

    func test_read_growingSharedString_timeGrowsLinearly() throws {
        // Past field_bytes the name is a reject; the time to find that grows with its length too.
        try assertLinear([6_000, 12_000, 24_000, 48_000], { try self.workbook(rows: 1, nameLength: $0) }, records: { _ in 0 })
    }
}
