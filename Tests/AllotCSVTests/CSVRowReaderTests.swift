import AllotCore
import XCTest
import AllotCSV

final class CSVRowReaderTests: XCTestCase {
    private func read(_ text: String) -> CSVTable { read(bytes: Array(text.utf8)) }

    private func read(bytes: [UInt8], invalidOffsets: [Int] = []) -> CSVTable {
        var reader = CSVRowReader()
        bytes.withUnsafeBufferPointer { reader.read($0, invalidOffsets: invalidOffsets) }
        return reader.table
    }

    private func fields(_ table: CSVTable) -> [[String]] {
        (table.header.map { [$0] } ?? []).map(\.fields) + table.rows.map(\.fields)
    }

    // MARK: - RFC 4180

    func test_read_quotedFieldsHoldCommasQuotesAndNewlines() {
        let t = read("a,b,c\n\"1,5\",\"say \"\"hi\"\"\",\"two\nlines\"\nx,\"\",\"\"\"\"\n")
        XCTAssertEqual(fields(t), [["a", "b", "c"], ["1,5", "say \"hi\"", "two\nlines"], ["x", "", "\""]])
        XCTAssertEqual(t.rows[0].raw, "\"1,5\",\"say \"\"hi\"\"\",\"two\nlines\"")
        XCTAssertNil(t.rows[0].problem)
    }

    func test_read_crlfLineEnds() {
        let t = read("a,b\r\n1,\"x\"\r\n2,y\r\n\"q\r\nr\",z\r\n")
        XCTAssertEqual(fields(t), [["a", "b"], ["1", "x"], ["2", "y"], ["q\r\nr", "z"]])
        XCTAssertEqual(t.rows.map(\.raw), ["1,\"x\"", "2,y", "\"q\r\nr\",z"])
        XCTAssertEqual(t.rows.map(\.line), [2, 3, 4])
    }

    /// Old Mac Excel ("CSV (Macintosh)") ends rows with a CR alone; a file
    /// edited elsewhere mixes in CRLF and LF. A CR in a quoted field is data,
    /// and every line break, quoted or not, counts as a line.
    func test_read_bareCarriageReturnLineEnds_mixedWithCRLFAndLF() {
        let t = read("a,b\r1,\"x\"\r2,y\r\n\"q\rr\",z\n\r3,w\r\"4\"\"\",\"v\"tail\r")
        XCTAssertEqual(fields(t), [["a", "b"], ["1", "x"], ["2", "y"], ["q\rr", "z"], ["3", "w"], ["4\"", "vtail"]])
        XCTAssertEqual(t.rows.map(\.raw), ["1,\"x\"", "2,y", "\"q\rr\",z", "3,w", "\"4\"\"\",\"v\"tail"])
        XCTAssertEqual(t.rows.map(\.line), [2, 3, 4, 7, 8])
        XCTAssertTrue(t.rows.allSatisfy { $0.problem == nil })
        XCTAssertEqual(fields(read("a\r\r\rb,\"\"\r\r")), [["a"], ["b", ""]])
        XCTAssertEqual(read("a\r\r\rb,\"\"\r\r").rows.map(\.line), [4])
    }

    func test_read_unterminatedQuoteAfterBareCarriageReturns_givesProblemRowAtItsStart() {
        let t = read("a,b\r1,\"open\rstill\r")
        XCTAssertEqual(t.rows.map(\.line), [2])
        XCTAssertEqual(t.rows.map(\.problem), [.unterminatedQuote])
        XCTAssertEqual(t.rows.map(\.fields), [["1", "open\rstill"]])
        XCTAssertEqual(t.rows.map(\.raw), ["1,\"open\rstill"])
    }

    func test_read_blankLinesSkippedButCounted() {
        let t = read("\n\na,b\n\n1,2\r\n   \n\r\n3,4")
        XCTAssertEqual(t.header?.line, 3)
        XCTAssertEqual(t.rows.map(\.fields), [["1", "2"], ["3", "4"]])
        XCTAssertEqual(t.rows.map(\.line), [5, 8])
    }

    func test_read_lineNumbersCountQuotedNewlines() {
        let t = read("h1,h2\n\"a\nb\nc\",1\nnext,2\n\"\n\",3\nlast,4\n")
        XCTAssertEqual(t.rows.map(\.line), [2, 5, 6, 8])
        XCTAssertEqual(t.rows.map { $0.fields[1] }, ["1", "2", "3", "4"])
    }

    func test_read_unterminatedQuote_givesProblemRowAtItsStart() {
        let t = read("a,b\n1,2\n3,\"open\nstill open,\n")
        XCTAssertEqual(t.rows.count, 2)
        XCTAssertNil(t.rows[0].problem)
        XCTAssertEqual(t.rows[1].line, 3)
        XCTAssertEqual(t.rows[1].problem, .unterminatedQuote)
        XCTAssertEqual(t.rows[1].fields, ["3", "open\nstill open,"])
        XCTAssertEqual(t.rows[1].raw, "3,\"open\nstill open,")
    }

    func test_read_strayQuotesAreKeptLiterally() {
        let t = read("a,b\n5\"x,\"q\"tail\nab\"c\"d,\"e\"\" \"f\n")
        XCTAssertEqual(t.rows.map(\.fields), [["5\"x", "qtail"], ["ab\"c\"d", "e\" f"]])
        XCTAssertTrue(t.rows.allSatisfy { $0.problem == nil })
    }

    func test_read_emptyFile_hasNoHeader() {
        let t = read("")
        XCTAssertNil(t.header)
        XCTAssertEqual(t.rows.count, 0)
        XCTAssertNil(read("\n\r\n\n").header)
    }

    func test_read_lastRowWithoutLineBreak() {
        XCTAssertEqual(fields(read("a,b\n1,2")), [["a", "b"], ["1", "2"]])
        XCTAssertEqual(fields(read("a,b\n1,\"2\"")), [["a", "b"], ["1", "2"]])
        XCTAssertEqual(fields(read("a,b\n1,2\r")), [["a", "b"], ["1", "2"]])
    }

    func test_read_emptyFieldsAtRowEnds() {
        XCTAssertEqual(fields(read("a,b,c\n,,\n1,,\n,\"\",\n")), [["a", "b", "c"], ["", "", ""], ["1", "", ""], ["", "", ""]])
        XCTAssertEqual(fields(read("a,b\n1,")), [["a", "b"], ["1", ""]])
        XCTAssertEqual(fields(read("a,b\n\"1\",")), [["a", "b"], ["1", ""]])
    }

    // MARK: - Encoding

    func test_read_invalidUTF8_marksOnlyThatRow() {
        let bytes = Array("名称,数量\n口罩,5\n".utf8) + [0x41, 0xFF, 0x42] + Array(",6\n消毒液,7\n".utf8)
        let t = read(bytes: bytes)
        XCTAssertEqual(t.rows.map(\.problem), [nil, .invalidEncoding, nil])
        XCTAssertEqual(t.rows[1].fields, ["A\u{FFFD}B", "6"])
        XCTAssertEqual(t.rows[1].raw, "A\u{FFFD}B,6")
        XCTAssertEqual(t.rows[1].line, 3)
    }

    func test_read_overlongSurrogateAndCutSequences_areInvalid() {
        for bad: [UInt8] in [[0xC0, 0xAF], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80], [0xE5, 0x8F], [0x80]] {
            let t = read(bytes: Array("a\nx".utf8) + bad + Array("y\nok\n".utf8))
            XCTAssertEqual(t.rows.map(\.problem), [.invalidEncoding, nil], "\(bad)")
        }
        XCTAssertEqual(read(bytes: Array("a\n口".utf8).dropLast()).rows.map(\.problem), [.invalidEncoding])
    }

    func test_read_invalidOffsets_markTheirRows() {
        let text = Array("h\n\u{FFFD}a\nb\nc\u{FFFD}\n".utf8)
        let t = read(bytes: text, invalidOffsets: [2, 10])
        XCTAssertEqual(t.rows.map(\.problem), [.invalidEncoding, nil, .invalidEncoding])
        // An unterminated quote says more than the bytes.
        XCTAssertEqual(read(bytes: Array("h\n\"\u{FFFD}".utf8), invalidOffsets: [3]).rows.map(\.problem),
                       [.unterminatedQuote])
    }

    // MARK: - Pieces

    func test_read_piecesContinueLinesAndHeader() {
        var reader = CSVRowReader()
        for piece in ["a,b\n\"1\n2\",x\n", "\n3,y\r\n", "4,\"z\""] {
            Array(piece.utf8).withUnsafeBufferPointer { reader.read($0) }
        }
        XCTAssertEqual(reader.table.header?.fields, ["a", "b"])
        XCTAssertEqual(reader.table.rows.map(\.fields), [["1\n2", "x"], ["3", "y"], ["4", "z"]])
        XCTAssertEqual(reader.table.rows.map(\.line), [2, 5, 6])
    }

    /// Random records with commas, quotes, line breaks and CJK text, written as
    /// RFC 4180, read back equal, whole and cut into pieces at row ends.
    func test_read_randomRecords_roundTrip() {
        var random = SplitMix64(seed: 20_200_211)
        let alphabet: [String] = ["a", "Z", "7", " ", ",", "\"", "\n", "\r\n", "\r", "口", "罩", "莘", "县", "𠀀", "é", "\t",
                                  "'", ";"]
        for round in 0..<200 {
            let columns = Int.random(in: 1...6, using: &random)
            var rows = [[String]]()
            for _ in 0..<Int.random(in: 1...30, using: &random) {
                rows.append((0..<columns).map { _ in
                    (0..<Int.random(in: 0...8, using: &random)).map { _ in alphabet.randomElement(using: &random)! }.joined()
                })
            }
            // A one-column row whose only field is empty or blank would be a blank line.
            if columns == 1 { rows = rows.map { $0[0].allSatisfy { $0 == " " || $0 == "\t" } ? ["x" + $0[0]] : $0 } }
            let lineEnd = ["\r\n", "\n", "\r"].randomElement(using: &random)!
            let records = rows.map { row in
                row.map { f in
                    let special = f.unicodeScalars.contains { $0 == "," || $0 == "\"" || $0 == "\r" || $0 == "\n" }
                    let quote = f.isEmpty || special || Bool.random(using: &random)
                    return quote ? "\"" + f.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : f
                }.joined(separator: ",")
            }
            let text = records.joined(separator: lineEnd) + (Bool.random(using: &random) ? lineEnd : "")
            let whole = read(text)
            guard fields(whole) == rows, whole.rows.allSatisfy({ $0.problem == nil }) else {
                return XCTFail("round \(round): \(text.debugDescription) read as \(fields(whole))")
            }
            var reader = CSVRowReader()
            var rest = records[...]
            while !rest.isEmpty {
                let n = Int.random(in: 1...rest.count, using: &random)
                let piece = rest.prefix(n).joined(separator: lineEnd) + (n < rest.count ? lineEnd : "")
                Array(piece.utf8).withUnsafeBufferPointer { reader.read($0) }
                rest = rest.dropFirst(n)
            }
            guard reader.table.rows.map(\.line) == whole.rows.map(\.line), fields(reader.table) == rows else {
                return XCTFail("round \(round) in pieces: \(text.debugDescription)")
            }
        }
    }
}
