import AllotCore
import Foundation
import XCTest
@_spi(Benchmarks) @_spi(Fuzzing) @testable import AllotIngest

/// The byte-level readers (`PlainText`, `CSVRowNormalizer`) against the
/// `String` path they stand in for: whatever they read must be exactly what
/// `QuantityText`, `DateText`, `CreditCode.parse` and `RecordNormalizer` read,
/// and they must leave every unusual or bad text to those.
final class CSVRowNormalizerTests: XCTestCase {
    private var folder: CSVTestFolder!

    override func setUpWithError() throws { folder = try CSVTestFolder() }
    override func tearDown() { folder = nil }

    private static let reference = TestReference.data()

    private static func withBytes<R>(_ text: String, _ body: (CSVBytes) -> R) -> R {
        CSVBytes.withBytes(of: Array(text.utf8), body)
    }

    // MARK: - Values

    func test_parsePlain_readsWhatParseReads() {
        let common = ["1200", "3.5万", "12吨", "500 kg", "500\tkg", "12,000", "1,200.5", "20盒", "100L", "1.5亿",
                      "3万亿", "2亿万", "12万 只", "12万只", "+7", "12.", "1,2", "0.4", "50 桶", "7 piece",
                      "99999999999万", "12 万"]
        let declined = ["１２吨", "１２", " 12", "12 ", "12\u{3000}吨", "ｋｇ", "-5", "0", "0.0万", ",12", "1,,2",
                        "12,", "12万3", "12 3", "abc", "", "12吨\u{A0}", "12\u{0B}kg", "9999999999999999999",
                        "99999999999999亿", "12万.5", "١٢", "1亿亿", "1万亿亿只"]
        for text in common + declined {
            let plain = Self.withBytes(text) { b in QuantityText.parsePlain(b).map { ($0.amount, String(decoding: b[$0.unit], as: UTF8.self)) } }
            if common.contains(text) {
                XCTAssertNotNil(plain, "\(text) should be read from its bytes")
            } else {
                XCTAssertNil(plain, "\(text) should be left to QuantityText.parse")
            }
            guard let (amount, unit) = plain else { continue }
            guard case .success(let parsed) = QuantityText.parse(text) else {
                XCTFail("\(text): read from bytes, but parse fails")
                continue
            }
            XCTAssertEqual(amount, parsed.amount, text)
            XCTAssertEqual(unit.isEmpty ? nil : unit, parsed.unit, text)
        }
    }

    func test_datePlain_readsWhatDateReads() {
        let common = ["2020-02-11", "2020/2/11", "2020年2月11日", "2020年2月11号", "2020年 2月 11日", "2020-02-11 08:00",
                      "2020年2月20日 08:00", "2020-02-11T08:00:00", "2020/2/29"]
        let declined = ["２０２０-02-11", " 2020-02-11", "2020-02-11 ", "2020-02-30", "2019/2/29", "2020-2/11", "20-02-11",
                        "2020-02-11 8", "2020-02-11T25:00", "2020.02.11", "", "2020-13-01"]
        for text in common + declined {
            let plain = Self.withBytes(text) { DateText.datePlain($0) }
            XCTAssertEqual(plain != nil, common.contains(text), text)
            if let plain { XCTAssertEqual(plain, DateText.date(text), text) }
        }
    }

    func test_instantPlain_readsWhatInstantReads() {
        let common = ["2020-02-10T18:00:00+08:00", "2020-02-10T18:00:00+0800", "2020-02-10T10:00:00Z", "2020-02-10 18:00",
                      "2020-02-10T18:00:00.123+08:00", "2020-02-10", "2020/2/10 18:00:00", "2020-02-10T18:00-05", "2020年2月10日"]
        let declined = ["2020-02-10T25:00", "2020-02-10T18:00:00+08:00 ", "２０２０-02-10", "2020-02-10T18:00:00 +0800x",
                        "2020-02-10T18", "", "yesterday"]
        for text in common + declined {
            let plain = Self.withBytes(text) { DateText.instantPlain($0) }
            XCTAssertEqual(plain != nil, common.contains(text), text)
            if let plain { XCTAssertEqual(plain, DateText.instant(text), text) }
        }
    }

    /// Time parts as bureaus type them are read from the bytes, by the one grammar of `DateText`; so are its refusals.
    func test_datePlainAndInstantPlain_chineseTimeParts() {
        let common = ["2020年2月12日 9时47分", "2020年2月12日9点47分", "2020-02-12 上午9时", "2020/2/12 下午3点半",
                      "2020-02-12T9时47分30秒", "2020-02-12 晚上8点", "2020-02-12 3点一刻", "2020-02-12 24时"]
        let refused = ["2020年2月12日 25时", "2020-02-12 下午13点", "2020-02-129时", "2020-02-12 九时"]
        for text in common + refused {
            let date = Self.withBytes(text) { DateText.datePlain($0) }
            let instant = Self.withBytes(text) { DateText.instantPlain($0) }
            XCTAssertEqual(date != nil, common.contains(text), text)
            XCTAssertEqual(instant != nil, common.contains(text), text)
            XCTAssertEqual(date, DateText.date(text), text)
            XCTAssertEqual(instant, DateText.instant(text), text)
        }
        // The timestamp path of CSVRowNormalizer: a ten-byte date read first, the time part after it.
        for text in common where text.hasPrefix("2020-02-12") {
            let day = CalendarDate(year: 2020, month: 2, day: 12)!
            let instant = Self.withBytes(text) { DateText.instantPlain($0, date: day, dateLength: 10) }
            XCTAssertEqual(instant, DateText.instant(text), text)
        }
    }

    /// A request row whose needed_by and updated_at carry Chinese time parts is read from its bytes.
    func test_read_chineseTimeParts_readFromBytes() throws {
        let layout = try CSVFeedLayout(header: Self.header.components(separatedBy: ","), path: "t.csv")
        let normalizer = RecordNormalizer(reference: Self.reference)
        let rows = CSVRowNormalizer(layout: layout, normalizer: normalizer, source: "t")
        let tokenizer = CSVRowTokenizer()
        let row = "RQ-1,\(TestReference.creditCode(1)),莘县商贸,371522,口罩,1200,只,2020年2月12日 9时47分,sme,"
            + "2020-02-10 下午3点半,"
        let bytes = Array(row.utf8)
        try CSVBytes.withBytes(of: bytes) { p in
            tokenizer.reset(p, from: 0, to: p.count)
            XCTAssertTrue(tokenizer.nextRow())
            guard case .request(let request) = try XCTUnwrap(rows.read(tokenizer, names: nil)) else {
                return XCTFail("not a request")
            }
            XCTAssertEqual(request.neededBy, CalendarDate(year: 2020, month: 2, day: 12))
            XCTAssertEqual(request.updatedAt?.description, "2020-02-10T07:30:00Z")
        }
    }

    func test_creditCodeValidated_agreesWithParse() {
        let valid = TestReference.creditCode(42)
        var badCheck = Array(valid.utf8)
        badCheck[17] = badCheck[17] == UInt8(ascii: "0") ? UInt8(ascii: "1") : UInt8(ascii: "0")
        let texts = [valid, valid.lowercased(), String(decoding: badCheck, as: UTF8.self), String(valid.dropLast()),
                     " " + valid.dropLast(), "91371500I0000004X2", "９１371500000000042", valid + "0", ""]
        for text in texts {
            let utf8 = Array(text.utf8)
            let fromBytes = CreditCode.validated(utf8: utf8.span)
            switch CreditCode.parse(text) {
            case .success(let code): XCTAssertEqual(fromBytes, code, text)
            case .failure: XCTAssertNil(fromBytes, text)
            }
        }
    }

    // MARK: - Rows

    private static let header =
        "request_id,enterprise_id,enterprise_name,region,material,quantity,unit,needed_by,category,updated_at,status"

    /// One field's text and whether it is a common, valid form the byte path must take.
    private typealias Variant = (text: String, common: Bool)

    /// A request row of seeded random variants, CSV-escaped, and whether every value is common and valid.
    private static func randomRow(_ i: Int, _ random: inout CSVTestRandom) -> (row: String, common: Bool) {
        // A third of the rows take common forms only, so that both kinds of rows are plenty.
        let commonOnly = random.next() % 3 == 0
        func pick(_ variants: [Variant]) -> Variant {
            let pool = commonOnly ? variants.filter(\.common) : variants
            return (pool.isEmpty ? variants : pool).randomElement(using: &random)!
        }
        let valid = TestReference.creditCode(1000 + i % 50)
        var badCheck = Array(valid.utf8)
        badCheck[17] = badCheck[17] == UInt8(ascii: "0") ? UInt8(ascii: "1") : UInt8(ascii: "0")
        let material = pick([("口罩", true), ("KN95", true), ("ＫＮ９５", true), ("kn95", true), (" 口罩 ", true),
                             ("melt-blown fabric", true), ("75%酒精", true), ("消毒水", true), ("纱布", false)])
        let units: [Variant]
        switch material.text {
        case "melt-blown fabric":
            units = [("吨", true), ("kg", true), ("KG", true), ("t", true), ("公斤", true), ("L", false), ("只", false)]
        case "75%酒精":
            units = [("L", true), ("升", true), ("kg", true), ("桶", false)]
        case "消毒水":
            units = [("L", true), ("桶", true), ("吨", true), ("ｋｇ", false), ("只", false)]
        case "纱布":
            units = [("只", false)]
        default:
            units = [("只", true), ("个", true), ("盒", true), ("箱", true), ("piece", true), ("pcs", true), ("吨", false)]
        }
        let unit = pick(units)
        let number = pick([("1200", true), ("3.5万", true), ("12,000", true), ("1.5亿", true), ("2.5", true), ("0.0002万亿", true),
                           ("１２", false), (" 12", false), ("-3", false), ("0", false), ("0.4", false), ("1,2", true),
                           ("12.", true)])
        var quantity: Variant, unitColumn: Variant
        switch random.next() % 6 {
        case 0: (quantity, unitColumn) = (number, ("", true))
        case 1: (quantity, unitColumn) = ((number.text + unit.text, number.common && unit.common), ("", true))
        case 2: (quantity, unitColumn) = ((number.text + " " + unit.text, number.common && unit.common), ("", true))
        case 3: (quantity, unitColumn) = (number, unit)
        case 4: (quantity, unitColumn) = ((number.text + unit.text, number.common && unit.common), unit)
        default:
            let other = pick(units)
            (quantity, unitColumn) = ((number.text + unit.text, number.common && unit.common),
                                      (other.text, other.common && other.text == unit.text))
        }
        let fields: [Variant] = [
            pick([("RQ-\(i)", true), (" RQ-\(i) ", false), ("ＲＱ\(i)", true), ("", false), ("RQ-\u{0}\(i)", false)]),
            pick([(valid, true), (valid.lowercased(), true), (" \(valid)", false), (String(decoding: badCheck, as: UTF8.self), false),
                  (String(valid.dropLast()), false)]),
            pick([("山东力得汽车科技股份有限公司", true), ("Jinan \"Huatai\" & Lide Textile Co., Ltd.", true),
                  ("聊城, 鲁西\n化工", false), ("", false), (" 莘县商贸 ", false), ("ＡＢＣ公司", true), ("甲", true),
                  // Control characters reject the record; a tab is text, read by the String path.
                  ("甲\u{0}乙", false), ("\u{1B}[31m甲", false), ("甲\u{7F}", false), ("甲\u{85}乙", false),
                  ("甲\t乙", false)]),
            pick([("371522", true), ("莘县", true), ("聊城市莘县", true), ("市中区", false), ("999999", false),
                  (" 371522", true), ("３７１５２２", true), ("", false)]),
            material, quantity, unitColumn,
            pick([("2020-02-11", true), ("2020/2/11", true), ("2020年2月11日", true), ("2020年2月11日 08:00", true),
                  ("2020-02-11T08:00:00", true), ("", true), ("2020-02-30", false), ("２０２０-02-11", false),
                  ("2020-2-11 ", false), ("2020年2月11日 9时47分", true), ("2020/2/11 下午3点半", true),
                  ("2020年2月11日 下午13点", false)]),
            pick([("sme", true), ("SME", true), ("医疗机构", true), ("above_scale", true), ("", false), ("工厂", false)]),
            pick([("", true), ("2020-02-10T18:00:00+08:00", true), ("2020-02-10T18:00:00+0800", true), ("2020-02-10T10:00:00Z", true),
                  ("2020-02-10 18:00", true), ("2020-02-10T18:00:00.123+08:00", true), ("2020-02-10", true),
                  ("2020-02-10T25:00", false), ("2020-02-10T18:00:00+08:00 ", false),
                  // Ten bytes in front that are not a whole date, or a date followed by more digits.
                  ("2020-2-10 18:00", true), ("2020-02-10 T18:00", true), ("2020年2月10日 18:00", true),
                  ("2020-02-101", false), ("2020-02-30T08:00", false),
                  ("2020-02-10 上午9时", true), ("2020年2月10日下午3点半", true), ("2020-02-10 25时", false)]),
            pick([("", true), ("active", true), ("ACTIVE", true), ("有效", true), ("withdrawn", true), ("撤回", true), ("gone", false)]),
        ]
        let cells = fields.map { f -> String in
            let needsQuotes = f.text.contains(",") || f.text.contains("\"") || f.text.contains("\n")
            return needsQuotes || random.next() % 10 == 0 ? "\"" + f.text.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : f.text
        }
        return (cells.joined(separator: ","), fields.allSatisfy(\.common))
    }

    /// Each row alone: what the byte path reads is what `RecordNormalizer` reads, and it reads every common row.
    func test_read_randomRows_byteReadingEqualsStringReading() throws {
        var random = CSVTestRandom(seed: 20200211)
        let layout = try CSVFeedLayout(header: Self.header.components(separatedBy: ","), path: "t.csv")
        let normalizer = RecordNormalizer(reference: Self.reference)
        let rows = CSVRowNormalizer(layout: layout, normalizer: normalizer, source: "t")
        let tokenizer = CSVRowTokenizer()
        var fast = 0, commonRows = 0, accepted = 0
        for i in 0..<4000 {
            let (row, common) = Self.randomRow(i, &random)
            let bytes = Array(row.utf8)
            try CSVBytes.withBytes(of: bytes) { p in
                tokenizer.reset(p, from: 0, to: p.count)
                XCTAssertTrue(tokenizer.nextRow())
                XCTAssertEqual(tokenizer.fieldCount, 11, row)
                var fields = RecordFields(order: layout.order)
                for (c, field) in layout.columns.enumerated() {
                    fields[field!] = tokenizer.fieldIsEmpty(c) ? nil : tokenizer.fieldString(c)
                }
                let slow = normalizer.normalize(fields, kind: .request, source: "t")
                if case .success = slow { accepted += 1 }
                if common { commonRows += 1 }
                guard let record = rows.read(tokenizer, names: nil) else {
                    XCTAssertFalse(common, "a common row left to the String path: \(row.debugDescription)")
                    return
                }
                fast += 1
                XCTAssertEqual(try slow.get(), record, row)
            }
        }
        // The variants are mixed so that both paths see plenty of rows.
        XCTAssertGreaterThan(commonRows, 500)
        XCTAssertGreaterThan(accepted - fast, 50)
        XCTAssertGreaterThan(fast, commonRows)
    }

    /// Whole files, UTF-8 and GB18030, on threads and in small chunks: the
    /// same records, rejects (with their lines and messages) and counts with
    /// the byte path as without it.
    func test_read_randomFile_sameWithAndWithoutByteReading() throws {
        var random = CSVTestRandom(seed: 7)
        var text = Self.header + "\n"
        for i in 0..<3000 {
            text += Self.randomRow(i, &random).row + (i % 3 == 0 ? "\r\n" : "\n")
            if i % 97 == 0 { text += "\n" }
        }
        let utf8 = try folder.write("utf8/feeds/feed.csv", text)
        let gb = try folder.writeGB18030("gb/feeds/feed.csv", text)
        func read(_ url: URL, bytes: Bool, workers: Int, chunk: Int) throws -> FeedFileResult {
            var options = CSVFeedReader.Options()
            options.readsCommonFormsFromBytes = bytes
            options.workers = workers
            options.chunkSize = chunk
            return CSVFeedReader.read(try .opening(url, as: "feeds/feed.csv"), reference: Self.reference,
                                      options: options)
        }
        let expected = try read(utf8, bytes: false, workers: 1, chunk: CSVChunkSource.defaultChunkSize)
        XCTAssertGreaterThan(expected.records.count, 500)
        XCTAssertGreaterThan(expected.rejects.count, 500)
        for (url, encoding) in [(utf8, TextEncoding.utf8), (gb, .gb18030)] {
            for (workers, chunk) in [(1, CSVChunkSource.defaultChunkSize), (2, 4096), (3, 700)] {
                let label = "\(encoding.rawValue), workers \(workers), chunk \(chunk)"
                let r = try read(url, bytes: true, workers: workers, chunk: chunk)
                XCTAssertEqual(r.encoding, encoding, label)
                XCTAssertEqual(r.records.map(\.record), expected.records.map(\.record), label)
                XCTAssertEqual(r.records.map(\.origin), expected.records.map(\.origin), label)
                XCTAssertEqual(r.rejects, expected.rejects, label)
                XCTAssertEqual(r.recordCount, expected.recordCount, label)
            }
        }
    }
}

final class CSVRowTokenizerSavedRowsTests: XCTestCase {
    /// Rows saved while reading on and restored in any order are the rows as first read.
    func test_restore_givesBackEachSavedRow() {
        let wide = (0..<1500).map { "f\($0)" }.joined(separator: ",")
        let text = "a,\"b \"\"q\"\"\",c\r\n\n\"multi\nline\",x\n\(wide)\n,,\n\"open"
        let bytes = Array(text.utf8)
        CSVBytes.withBytes(of: bytes) { p in
            let tokenizer = CSVRowTokenizer()
            tokenizer.reset(p, from: 0, to: p.count)
            var saved = CSVRowTokenizer.SavedRows()
            var expected: [(fields: [String], raw: String, line: Int, unterminated: Bool)] = []
            while tokenizer.nextRow() {
                tokenizer.save(to: &saved)
                expected.append(((0..<tokenizer.fieldCount).map(tokenizer.fieldString), tokenizer.rowString(),
                                 tokenizer.rowLineBreaks, tokenizer.isUnterminated))
            }
            XCTAssertEqual(saved.count, 5)
            let lineBreaks = tokenizer.lineBreaks
            for k in [4, 0, 2, 1, 3, 0] {
                tokenizer.restore(k, from: saved)
                XCTAssertEqual((0..<tokenizer.fieldCount).map(tokenizer.fieldString), expected[k].fields, "row \(k)")
                XCTAssertEqual(tokenizer.rowString(), expected[k].raw, "row \(k)")
                XCTAssertEqual(tokenizer.rowLineBreaks, expected[k].line, "row \(k)")
                XCTAssertEqual(tokenizer.isUnterminated, expected[k].unterminated, "row \(k)")
                XCTAssertEqual(tokenizer.lineBreaks, lineBreaks)
            }
            XCTAssertEqual(expected[1].fields, ["multi\nline", "x"])
            XCTAssertEqual(expected[2].fields.count, 1500)
            XCTAssertTrue(expected[4].unterminated)
        }
    }
}

final class CSVByteMemoTests: XCTestCase {
    /// Every prefix of a text (0 to 40 bytes, zero bytes included) is its own
    /// key: remembered up to 32 bytes, computed each time beyond.
    func test_value_prefixesAreDistinctKeys() {
        let text: [UInt8] = Array("莘县\u{0}ab\u{0}\u{0}c聊城市东昌府区123456".utf8) + [0, 0]
        XCTAssertGreaterThan(text.count, 40)
        var memo = CSVByteMemo<Int>(slots: 256)
        var computed = 0
        CSVBytes.withBytes(of: text) { all in
            for round in 0..<2 {
                for n in 0...40 {
                    let v = memo.value(all.extracting(0..<n)) { _ in
                        computed += 1
                        return n
                    }
                    XCTAssertEqual(v, n, "round \(round), \(n) bytes")
                }
            }
        }
        XCTAssertEqual(computed, 41 + 8, "33 keys remembered; the 8 longer ones computed twice")
    }
}

final class UTF8ValidationTests: XCTestCase {
    /// The offsets of ill-formed sequences, byte by byte with `sequenceLength`: what the fast paths must agree with.
    private static func reference(_ bytes: [UInt8]) -> [Int] {
        var bad = [Int]()
        CSVBytes.withBytes(of: bytes) { p in
            var i = 0
            while i < p.count {
                if p[i] < 0x80 { i += 1; continue }
                let n = UTF8Validation.sequenceLength(p, at: i, end: p.count)
                if n == 0 {
                    bad.append(i)
                    i += 1
                } else {
                    i += n
                }
            }
        }
        return bad
    }

    /// Seeded random mixes of ASCII, Chinese, other lengths, the E0 and ED edge cases, stray and cut bytes.
    func test_invalidOffsets_randomText_agreesWithByteByByte() {
        var random = CSVTestRandom(seed: 2020)
        let pieces: [[UInt8]] = [
            Array("abc,123\n".utf8), Array("莘县聊城市东昌府区".utf8), Array("é".utf8), Array("😷".utf8), Array("ࠀ".utf8),
            Array("\u{D7FF}".utf8), Array("\u{E000}\u{FFFD}".utf8), [0xE0, 0x80, 0x80], [0xED, 0xA0, 0x80], [0xE4, 0xB8],
            [0xE4], [0x80], [0xFF], [0xC0, 0xAF], [0xF4, 0x90, 0x80, 0x80], [0xEF, 0xBF], [0xE1, 0x80, 0x41],
        ]
        for round in 0..<2000 {
            var bytes = [UInt8]()
            for _ in 0..<Int(random.next() % 24) { bytes += pieces.randomElement(using: &random)! }
            let found = CSVBytes.withBytes(of: bytes) { UTF8Validation.invalidOffsets(in: $0, from: 0, to: $0.count) }
            XCTAssertEqual(found, Self.reference(bytes), "round \(round): \(bytes)")
            XCTAssertEqual(found.isEmpty, String(validating: bytes, as: UTF8.self) != nil, "round \(round): \(bytes)")
        }
    }
}
