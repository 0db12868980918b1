import AllotCore
import AllotCSV
import Foundation
import XCTest
@_spi(Benchmarks) @testable import AllotIngest

/// A deterministic random generator for seeded tests (SplitMix64).
struct CSVTestRandom: RandomNumberGenerator {
    private var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// A temporary folder for one test's files, removed afterwards.
final class CSVTestFolder {
    let url: URL

    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("allot-csv-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(at: url) }

    /// Writes `bytes` to `name` and returns its URL.
    func write(_ name: String, bytes: [UInt8]) throws -> URL {
        let file = url.appendingPathComponent(name)
        try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(bytes).write(to: file)
        return file
    }

    /// Writes `text` as UTF-8.
    func write(_ name: String, _ text: String) throws -> URL { try write(name, bytes: Array(text.utf8)) }

    /// Writes `text` as GB18030.
    func writeGB18030(_ name: String, _ text: String) throws -> URL {
        let data = try XCTUnwrap(text.data(using: CSVTestEncoding.gb18030), "Foundation cannot encode GB18030 here")
        return try write(name, bytes: Array(data))
    }
}

enum CSVTestEncoding {
    /// Foundation has no named constant for GB18030 (kCFStringEncodingGB_18030_2000).
    static let gb18030 = String.Encoding(rawValue: 0x8000_0632)
}

final class CSVFileTests: XCTestCase {
    private var folder: CSVTestFolder!

    override func setUpWithError() throws { folder = try CSVTestFolder() }
    override func tearDown() { folder = nil }

    private func read(_ text: String, blockSize: Int = CSVTextDecoder.defaultBlockSize,
                      chunkSize: Int = CSVChunkSource.defaultChunkSize) throws -> CSVFile {
        try CSVFile.read(.opening(folder.write("t.csv", text)), blockSize: blockSize, chunkSize: chunkSize)
    }

    private func fields(_ file: CSVFile) -> [[String]] {
        (file.table.header.map { [$0] } ?? []).map(\.fields) + file.table.rows.map(\.fields)
    }

    // MARK: - Files

    func test_read_bomIsSkippedAndMeansUTF8() throws {
        let url = try folder.write("bom.csv", bytes: [0xEF, 0xBB, 0xBF] + Array("名称,数量\n口罩,5\n".utf8))
        let t = try CSVFile.read(.opening(url))
        XCTAssertEqual(t.encoding, .utf8)
        XCTAssertEqual(t.table.header?.fields, ["名称", "数量"])
        XCTAssertEqual(t.table.rows.map(\.fields), [["口罩", "5"]])
    }

    func test_read_emptyFile_isUTF8WithNoHeader() throws {
        let t = try read("")
        XCTAssertEqual(t.encoding, .utf8)
        XCTAssertNil(t.table.header)
        XCTAssertEqual(t.table.rows.count, 0)
    }

    // MARK: - Encodings

    func test_read_gb18030File_decodedAndRecorded() throws {
        let text = "企业名称,物资,数量\n莘县华联纺织有限公司,医用口罩,\"1,200\"\n聊城市鲁西化工集团,消毒液,12吨\n"
        let t = try CSVFile.read(.opening(folder.writeGB18030("gb.csv", text)))
        XCTAssertEqual(t.encoding, .gb18030)
        XCTAssertEqual(t.table.header?.fields, ["企业名称", "物资", "数量"])
        XCTAssertEqual(t.table.rows.map(\.fields), [["莘县华联纺织有限公司", "医用口罩", "1,200"], ["聊城市鲁西化工集团", "消毒液", "12吨"]])
        XCTAssertTrue(t.table.rows.allSatisfy { $0.problem == nil })
    }

    func test_read_gb18030FourByteCharactersAcrossSmallBlocks() throws {
        // 𠀀 (U+20000) is four bytes in GB18030; blocks of 5 bytes cut characters everywhere.
        let text = "名,值\n𠀀中文𠀀,\"引号,逗号\"\n"
        let url = try folder.writeGB18030("gb4.csv", text)
        let t = try CSVFile.read(.opening(url), blockSize: 5, chunkSize: 3)
        XCTAssertEqual(t.encoding, .gb18030)
        XCTAssertEqual(t.table.rows.map(\.fields), [["𠀀中文𠀀", "引号,逗号"]])
    }

    func test_read_asciiForTwoMiBThenGB18030_decidesLate() throws {
        let ascii = String(repeating: "REQ-0000001,371522,12\n", count: (2 << 20) / 22 + 1)
        let text = "id,region,quantity\n" + ascii + "需求,莘县,十二\n"
        let t = try CSVFile.read(.opening(folder.writeGB18030("late.csv", text)))
        XCTAssertEqual(t.encoding, .gb18030)
        XCTAssertEqual(t.table.rows.last?.fields, ["需求", "莘县", "十二"])
        XCTAssertEqual(t.table.rows.last?.line, t.table.rows.count + 1)
        XCTAssertEqual(t.table.rows.first?.fields, ["REQ-0000001", "371522", "12"])
        XCTAssertTrue(t.table.rows.allSatisfy { $0.problem == nil })
    }

    func test_read_asciiForTwoMiBThenUTF8_staysUTF8() throws {
        let ascii = String(repeating: "REQ-0000001,371522,12\n", count: (2 << 20) / 22 + 1)
        let t = try read("id,region,quantity\n" + ascii + "需求,莘县,十二\n", blockSize: 4096, chunkSize: 1 << 20)
        XCTAssertEqual(t.encoding, .utf8)
        XCTAssertEqual(t.table.rows.last?.fields, ["需求", "莘县", "十二"])
        XCTAssertNil(t.table.rows.last?.problem)
    }

    func test_read_invalidUTF8_marksOnlyThatRow() throws {
        let bytes = Array("名称,数量\n口罩,5\n".utf8) + [0x41, 0xFF, 0x42] + Array(",6\n消毒液,7\n".utf8)
        let t = try CSVFile.read(.opening(folder.write("bad.csv", bytes: bytes)))
        XCTAssertEqual(t.encoding, .utf8)
        XCTAssertEqual(t.table.rows.map(\.problem), [nil, .invalidEncoding, nil])
        XCTAssertEqual(t.table.rows[1].fields, ["A\u{FFFD}B", "6"])
        XCTAssertEqual(t.table.rows[1].line, 3)
    }

    func test_read_truncatedUTF8AtEndOfFile_isInvalid() throws {
        let bytes = Array("名称,数量\n口罩,5\n口".utf8).dropLast()
        let t = try CSVFile.read(.opening(folder.write("cut.csv", bytes: Array(bytes))))
        XCTAssertEqual(t.table.rows.map(\.problem), [nil, .invalidEncoding])
    }

    func test_read_invalidGB18030Byte_marksThatRow() throws {
        var bytes = Array(try XCTUnwrap("名称,数量\n口罩,5\n".data(using: CSVTestEncoding.gb18030)))
        bytes += [0x41, 0xFF, 0x42, 0x2C, 0x36, 0x0A]  // A\xFFB,6
        bytes += Array(try XCTUnwrap("消毒液,7\n".data(using: CSVTestEncoding.gb18030)))
        let t = try CSVFile.read(.opening(folder.write("badgb.csv", bytes: bytes)))
        XCTAssertEqual(t.encoding, .gb18030)
        XCTAssertEqual(t.table.rows.map(\.problem), [nil, .invalidEncoding, nil])
        XCTAssertEqual(t.table.rows.map(\.fields), [["口罩", "5"], ["A\u{FFFD}B", "6"], ["消毒液", "7"]])
    }

    func test_read_utf16File_throwsWithAHint() throws {
        let url = try folder.write("u16.csv", bytes: [0xFF, 0xFE] + Array("a,b\n".utf16).flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] })
        XCTAssertThrowsError(try CSVFile.read(.opening(url))) { error in
            XCTAssertEqual((error as? CSVFileError)?.message,
                           "is UTF-16 text (it starts with a UTF-16 byte order mark); save it as UTF-8 or GB18030")
        }
    }

    func test_scan_countsRowsFieldsAndProblems() throws {
        let bytes = Array("a,b\n\"x\ny\",2\n".utf8) + [0xFF] + Array(",3\n\n4,\"open".utf8)
        let count = try CSVFile.scan(.opening(folder.write("scan.csv", bytes: bytes)))
        // 0xFF is the first byte beyond ASCII and no UTF-8: the file reads as GB18030, where it is no text either.
        XCTAssertEqual(count, CSVFile.ScanCount(rows: 4, fields: 8, problemRows: 2, encoding: .gb18030))
    }

    // MARK: - Boundaries

    func test_read_rowsAcrossBlockAndChunkBoundaries() throws {
        let text = "h1,h2,h3\r\n\"a\nb\",\"c,\"\"d\"\"\",e\r\n\n中文,\"x\"y,z\r\n" + String(repeating: "1,\"2\n\",3\n", count: 20) + "\"end"
        let expected = try read(text)
        XCTAssertEqual(expected.table.rows.count, 23)
        for (block, chunk) in [(1, 1), (2, 3), (3, 7), (7, 2), (16, 16), (64, 5)] {
            let t = try read(text, blockSize: block, chunkSize: chunk)
            XCTAssertEqual(fields(t), fields(expected), "block \(block), chunk \(chunk)")
            XCTAssertEqual(t.table.rows.map(\.line), expected.table.rows.map(\.line), "block \(block), chunk \(chunk)")
            XCTAssertEqual(t.table.rows.map(\.raw), expected.table.rows.map(\.raw), "block \(block), chunk \(chunk)")
            XCTAssertEqual(t.table.rows.map(\.problem), expected.table.rows.map(\.problem), "block \(block), chunk \(chunk)")
        }
        XCTAssertEqual(expected.table.rows.last?.problem, .unterminatedQuote)
        XCTAssertEqual(expected.table.rows.last?.line, 46)
    }

    /// Random text of quotes, commas, line breaks and letters, well-formed or
    /// not, reads the same whatever the blocks and chunks: the row-boundary
    /// scanner and the tokenizer agree on every row end.
    func test_read_randomText_sameRowsWhateverTheChunks() throws {
        var random = CSVTestRandom(seed: 4180)
        let pieces = ["a", "b", ",", "\"", "\"\"", "\n", "\r", "\r\n", " ", "口", "\r", "\r\r", "\"\r"]
        for round in 0..<120 {
            let text = (0..<Int.random(in: 0...60, using: &random)).map { _ in pieces.randomElement(using: &random)! }.joined()
            let whole = try read(text)
            for (block, chunk) in [(1, 1), (5, 2)] {
                let t = try read(text, blockSize: block, chunkSize: chunk)
                guard fields(t) == fields(whole), t.table.rows.map(\.line) == whole.table.rows.map(\.line),
                      t.table.rows.map(\.raw) == whole.table.rows.map(\.raw), t.table.rows.map(\.problem) == whole.table.rows.map(\.problem) else {
                    return XCTFail("round \(round), block \(block), chunk \(chunk): \(text.debugDescription)")
                }
            }
        }
    }

    /// Random records with commas, quotes, line breaks and CJK text, written as
    /// RFC 4180, read back equal, with default and with tiny blocks and chunks.
    func test_read_randomRecords_roundTrip() throws {
        var random = CSVTestRandom(seed: 20_200_211)
        let alphabet: [String] = ["a", "Z", "7", " ", ",", "\"", "\n", "\r\n", "口", "罩", "莘", "县", "𠀀", "é", "\t", "'", ";"]
        for round in 0..<40 {
            let columns = Int.random(in: 1...6, using: &random)
            var rows = [[String]]()
            for _ in 0..<Int.random(in: 1...30, using: &random) {
                rows.append((0..<columns).map { _ in
                    (0..<Int.random(in: 0...8, using: &random)).map { _ in alphabet.randomElement(using: &random)! }.joined()
                })
            }
            // A one-column row whose only field is empty or blank would be a blank line.
            if columns == 1 { rows = rows.map { $0[0].allSatisfy { $0 == " " || $0 == "\t" } ? ["x" + $0[0]] : $0 } }
            let crlf = Bool.random(using: &random)
            let text = rows.map { row in
                row.map { f in
                    let special = f.unicodeScalars.contains { $0 == "," || $0 == "\"" || $0 == "\r" || $0 == "\n" }
                    let quote = f.isEmpty || special || Bool.random(using: &random)
                    return quote ? "\"" + f.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : f
                }.joined(separator: ",")
            }.joined(separator: crlf ? "\r\n" : "\n") + (Bool.random(using: &random) ? "\n" : "")
            for (block, chunk) in [(CSVTextDecoder.defaultBlockSize, CSVChunkSource.defaultChunkSize), (3, 5), (1, 1)] {
                let t = try read(text, blockSize: block, chunkSize: chunk)
                guard fields(t) == rows, t.table.rows.allSatisfy({ $0.problem == nil }) else {
                    return XCTFail("round \(round), block \(block), chunk \(chunk): \(text.debugDescription) read as \(fields(t))")
                }
            }
        }
    }
}

final class CSVScanTests: XCTestCase {
    /// The 16-bytes-a-step validator agrees with the byte-by-byte one on
    /// seeded random text: valid pieces of every length, then bytes changed,
    /// cut or replaced by stray leads and continuations.
    func test_isValid_agreesWithByteByByte() {
        var random = CSVTestRandom(seed: 3_629)
        let pieces: [[UInt8]] = ["a", ",", "\n", "中", "医", "é", "😀", "１", "\u{D7FF}", "\u{E000}", "\u{0800}",
                                 "\u{10FFFF}", "\u{80}", "0123456789"].map { Array($0.utf8) }
        var validCount = 0
        for round in 0..<20_000 {
            var bytes = [UInt8]()
            let target = Int.random(in: 0...120, using: &random)
            while bytes.count < target { bytes += pieces.randomElement(using: &random)! }
            for _ in 0..<Int.random(in: 0...2, using: &random) where !bytes.isEmpty {
                let at = Int.random(in: 0..<bytes.count, using: &random)
                switch Int.random(in: 0..<4, using: &random) {
                case 0: bytes[at] = UInt8.random(in: 0...255, using: &random)
                case 1: bytes[at] = 0x80 | UInt8.random(in: 0...0x3F, using: &random)
                case 2: bytes.removeSubrange(at...)
                default: bytes[at] = 0xC0 | UInt8.random(in: 0...0x3F, using: &random)
                }
            }
            let byteByByte = CSVBytes.withBytes(of: bytes) {
                UTF8Validation.invalidOffsetsByteByByte(in: $0, from: 0, to: $0.count)
            }
            let valid = CSVBytes.withBytes(of: bytes) { UTF8Validation.isValid($0, from: 0, to: $0.count) }
            #if arch(x86_64)
            XCTAssertEqual(valid, byteByByte.isEmpty, "round \(round): \(bytes)")
            #else
            XCTAssertTrue(!valid || byteByByte.isEmpty, "round \(round): \(bytes)")
            #endif
            if byteByByte.isEmpty { validCount += 1 }
        }
        XCTAssertGreaterThan(validCount, 2_000)
    }

    /// The bare-CR check of `CSVRowTokenizer.reset` (`csv_has_bare_cr`, 64
    /// bytes a step) agrees with a byte-by-byte look on seeded random text and ranges.
    func test_hasBareCarriageReturn_agreesWithByteByByte() {
        var random = CSVTestRandom(seed: 13)
        let pieces: [[UInt8]] = ["a", ",", "\n", "\r\n", "\r\n\r\n", "口", String(repeating: "x", count: 70)]
            .map { Array($0.utf8) }
        var bare = 0
        for round in 0..<5_000 {
            var bytes = [UInt8]()
            for _ in 0..<Int.random(in: 0...30, using: &random) { bytes += pieces.randomElement(using: &random)! }
            if !bytes.isEmpty && Int.random(in: 0..<3, using: &random) == 0 {
                bytes[Int.random(in: 0..<bytes.count, using: &random)] = 13
            }
            let start = Int.random(in: 0...bytes.count, using: &random)
            let end = Int.random(in: start...bytes.count, using: &random)
            let expected = (start..<end).contains { bytes[$0] == 13 && ($0 + 1 == end || bytes[$0 + 1] != 10) }
            let found = CSVBytes.withBytes(of: bytes) { $0.hasBareCarriageReturn(from: start, to: end) }
            guard found == expected else { return XCTFail("round \(round): \(bytes), \(start)..<\(end)") }
            if expected { bare += 1 }
        }
        XCTAssertGreaterThan(bare, 500)
    }

    /// Rows of plain fields longer than the tokenizer's 64-byte masks, many
    /// of them empty, ending with LF, CRLF or a CR alone, split by the
    /// tokenizer and by `CSVFile` as `split(separator:)` splits them.
    func test_read_longPlainRows_splitAtEveryComma() throws {
        let folder = try CSVTestFolder()
        var random = CSVTestRandom(seed: 64)
        let alphabet: [String] = ["a", "7", " ", "口", "\"", "'"]
        for round in 0..<30 {
            let columns = Int.random(in: 2...40, using: &random)
            let rows: [[String]] = (0..<Int.random(in: 1...20, using: &random)).map { _ in
                (0..<columns).map { c in
                    let length = Bool.random(using: &random) ? 0 : Int.random(in: 1...90, using: &random)
                    // Not starting with a quote: such a field would be read as quoted.
                    return (c == 0 ? "x" : "") + String((0..<length).map { _ in alphabet.randomElement(using: &random)! }.joined()
                        .drop { $0 == "\"" })
                }
            }
            // Every other round, bare CRs among the line ends: fields then end at CRs too.
            let lineEnds = round % 2 == 0 ? ["\n", "\r\n", "\r"] : ["\n", "\r\n"]
            let text = rows.map { $0.joined(separator: ",") + lineEnds.randomElement(using: &random)! }.joined()
            let tokenized = CSVBytes.withBytes(of: Array(text.utf8)) { p -> [[String]] in
                let tokenizer = CSVRowTokenizer()
                tokenizer.reset(p, from: 0, to: p.count)
                var rows = [[String]]()
                while tokenizer.nextRow() { rows.append((0..<tokenizer.fieldCount).map(tokenizer.fieldString)) }
                return rows
            }
            guard tokenized == rows else { return XCTFail("round \(round), tokenized: \(text.debugDescription)") }
            for chunk in [CSVChunkSource.defaultChunkSize, 100, 7] {
                let t = try CSVFile.read(.opening(folder.write("long.csv", text)), blockSize: CSVTextDecoder.defaultBlockSize,
                                         chunkSize: chunk)
                let read = (t.table.header.map { [$0] } ?? []).map(\.fields) + t.table.rows.map(\.fields)
                guard read == rows else { return XCTFail("round \(round), chunk \(chunk): \(text.debugDescription)") }
            }
        }
    }
}
