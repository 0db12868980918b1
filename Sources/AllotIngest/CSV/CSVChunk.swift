import AllotCore

/// A piece of a file's decoded text that starts and ends at row boundaries
/// (the last one ends at the end of the file), so it parses on its own.
struct CSVChunk: @unchecked Sendable {
    /// Position in the file, from 0.
    var index: Int
    var buffer: CSVBuffer
    /// Where its rows start in `buffer` (after the header in the first chunk).
    var start: Int
    /// Line breaks in `buffer` before `start`.
    var lineBreaksBefore: Int
    /// Its rows end here; `buffer` may hold more (the next chunk's start).
    var end: Int
    /// The last chunk of the file.
    var isFinal: Bool
    /// Offsets of bytes the decoder could not read (GB18030), each now U+FFFD.
    var invalidOffsets: [Int]
    /// Whether the text was copied as UTF-8 without checking, so rows must be validated.
    var needsValidation: Bool
    /// The file's encoding as decided when the chunk was read.
    var encoding: TextEncoding
    /// A row longer than `[limits] line_bytes`, passed over without keeping
    /// it: the chunk is that row alone, and `buffer` holds none of it.
    var skippedRow: CSVSkippedRow? = nil

    /// Offsets in `start..<end` of bytes that are not valid text, in order.
    func invalidBytes() -> [Int] {
        guard needsValidation else { return invalidOffsets }
        let found = UTF8Validation.invalidOffsets(in: buffer.bytes, from: start, to: end)
        return invalidOffsets.isEmpty ? found : (invalidOffsets + found).sorted()
    }
}

/// A row longer than `[limits] line_bytes` that `CSVChunkSource` passed over
/// without keeping its bytes.
struct CSVSkippedRow {
    /// The row's first bytes (`InputLimits.rawPrefixBytes`), for the reject's `raw`.
    var prefix: [UInt8]
    /// Line breaks in the row, quoted ones included, and the one that ends it
    /// (none when the file ends with the row).
    var lineBreaks: Int
}
