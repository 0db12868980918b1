import XCTest
@testable import AllotCSV

final class CSVWriterTests: XCTestCase {
    private func text(_ writer: CSVWriter) -> String { String(decoding: writer.bytes, as: UTF8.self) }

    func test_csvWriter_startsWithBOMAndEndsRecordsWithCRLF() {
        var csv = CSVWriter(header: ["a", "b"])
        csv.append([.text("x"), .integer(1)])
        XCTAssertEqual(Array(csv.bytes.prefix(3)), [0xEF, 0xBB, 0xBF])
        XCTAssertEqual(text(csv), "\u{FEFF}a,b\r\nx,1\r\n")
    }

    func test_csvWriter_quotesCommaQuoteAndLineBreaks() {
        var csv = CSVWriter(header: ["v"])
        for value in ["a,b", "say \"hi\"", "two\nlines", "cr\rhere", "crlf\r\nend", "plain 聊城"] {
            csv.append([.text(value)])
        }
        XCTAssertEqual(text(csv), "\u{FEFF}v\r\n\"a,b\"\r\n\"say \"\"hi\"\"\"\r\n\"two\nlines\"\r\n\"cr\rhere\"\r\n"
            + "\"crlf\r\nend\"\r\nplain 聊城\r\n")
    }

    func test_csvWriter_guardsEveryFormulaStart() {
        var csv = CSVWriter(header: ["v"])
        for value in ["=1+2", "+86", "-5", "@SUM(A1)", "\tx", "\rx", "=1,2", "a=b", ""] { csv.append([.text(value)]) }
        XCTAssertEqual(text(csv), "\u{FEFF}v\r\n'=1+2\r\n'+86\r\n'-5\r\n'@SUM(A1)\r\n'\tx\r\n\"'\rx\"\r\n\"'=1,2\"\r\n"
            + "a=b\r\n\r\n")
    }

    func test_csvWriter_writesNumbersPlainly() {
        var csv = CSVWriter(header: ["n"])
        csv.append([.integer(-5)])
        csv.append([.decimal(units: 123, scale: 1)])
        csv.append([.decimal(units: 5, scale: 3)])
        csv.append([.decimal(units: -5, scale: 1)])
        csv.append([.decimal(units: 0, scale: 1), .decimal(units: 7, scale: 0), .decimal(units: Int64.min, scale: 2)])
        csv.append([.boolean(true), .boolean(false)])
        XCTAssertEqual(text(csv), "\u{FEFF}n\r\n-5\r\n12.3\r\n0.005\r\n-0.5\r\n0.0,7,-92233720368547758.08\r\n"
            + "true,false\r\n")
    }
}
