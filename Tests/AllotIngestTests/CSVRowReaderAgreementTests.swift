import AllotCSV
import XCTest
@testable import AllotIngest

/// The feed tokenizer and the shared small-file reader (`CSVRowReader`) split
/// rows by the same rules: on seeded random text, well-formed or not, they
/// give the same records, lines, raw text and problems.
final class CSVRowReaderAgreementTests: XCTestCase {
    /// Records as the tokenizer splits `text`, its rows checked as a feed's are.
    private func tokenized(_ text: [UInt8], invalidOffsets: [Int]? = nil) -> CSVTable {
        CSVBytes.withBytes(of: text) { p in
            let tokenizer = CSVRowTokenizer()
            tokenizer.reset(p, from: 0, to: p.count)
            let offsets = invalidOffsets ?? UTF8Validation.invalidOffsets(in: p, from: 0, to: p.count)
            var invalid = CSVInvalidByteCursor(offsets)
            var table = CSVTable()
            while tokenizer.nextRow() {
                var record = CSVRecord(line: 1 + tokenizer.rowLineBreaks,
                                       fields: (0..<tokenizer.fieldCount).map(tokenizer.fieldString),
                                       raw: tokenizer.rowString())
                if tokenizer.isUnterminated {
                    record.problem = .unterminatedQuote
                } else if invalid.contains(from: tokenizer.rowStart, to: tokenizer.rowEnd) {
                    record.problem = .invalidEncoding
                }
                if table.header == nil { table.header = record } else { table.rows.append(record) }
            }
            return table
        }
    }

    private func read(_ text: [UInt8], invalidOffsets: [Int] = []) -> CSVTable {
        var reader = CSVRowReader()
        text.withUnsafeBufferPointer { reader.read($0, invalidOffsets: invalidOffsets) }
        return reader.table
    }

    func test_randomText_sameRecords() {
        var random = CSVTestRandom(seed: 4_180)
        // Line breaks of every kind, bare CRs (old Mac text) among them, next to quotes, commas and each other.
        let letters = ["a", "b", ",", "\"", "\"\"", "\n", "\r", "\r\n", " ", "\t", "口", "𠀀", "=x",
                       "\r", "\r\r", "a\r", ",\r", "\"\r", "\r\"", "\r\n\r", "\n\r"]
        // Then bytes that are no UTF-8, and fields longer than the tokenizer's 64-byte masks.
        let pieces: [[UInt8]] = letters.map { Array($0.utf8) } + [[0xFF], [0x80], [0xE5, 0x8F], [0xED, 0xA0, 0x80], [0xC0, 0xAF]]
            + [Array(String(repeating: "z", count: 70).utf8), Array(String(repeating: "长", count: 30).utf8)]
        for round in 0..<3_000 {
            var text = [UInt8]()
            for _ in 0..<Int.random(in: 0...40, using: &random) { text += pieces.randomElement(using: &random)! }
            let expected = tokenized(text)
            guard read(text) == expected else {
                return XCTFail("round \(round): \(text) read as \(read(text)), tokenized as \(expected)")
            }
        }
    }

    /// Offsets a decoder reports (GB18030 bytes it replaced) mark the same rows.
    func test_randomInvalidOffsets_sameRows() {
        var random = CSVTestRandom(seed: 18_030)
        let pieces = ["a", ",", "\"", "\n", "\r\n", "\r", " ", "口"].map { Array($0.utf8) }
        for round in 0..<1_000 {
            var text = [UInt8]()
            for _ in 0..<Int.random(in: 1...40, using: &random) { text += pieces.randomElement(using: &random)! }
            let offsets = (0..<text.count).filter { _ in Int.random(in: 0..<12, using: &random) == 0 }
            let expected = tokenized(text, invalidOffsets: offsets)
            guard read(text, invalidOffsets: offsets) == expected else {
                return XCTFail("round \(round): \(text), offsets \(offsets)")
            }
        }
    }
}
