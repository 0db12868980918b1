import Foundation

/// Reads small CSV files whole: reference tables and overrides.
public enum CSVFile {
    /// Reads a whole (small) CSV file: reference tables, overrides.
    /// Throws `CSVFileError` when the file cannot be opened or read.
    /// - Complexity: O(file size); every field becomes a `String`.
    public static func read(contentsOf url: URL) throws -> CSVTable {
        try read(contentsOf: url, blockSize: CSVTextDecoder.defaultBlockSize, chunkSize: CSVChunkSource.defaultChunkSize)
    }

    /// `read(contentsOf:)` with the decoder's and the chunker's sizes, small in tests.
    static func read(contentsOf url: URL, blockSize: Int, chunkSize: Int) throws -> CSVTable {
        do {
            let decoder = try CSVTextDecoder(path: url.path, blockSize: blockSize)
            let source = CSVChunkSource(decoder: decoder, chunkSize: chunkSize)
            let tokenizer = CSVRowTokenizer()
            var header: CSVRecord?
            var rows = [CSVRecord]()
            var firstLine = 1
            while let chunk = try source.nextChunk() {
                var invalid = CSVInvalidByteCursor(chunk.invalidBytes())
                tokenizer.reset(chunk.buffer.bytes, from: chunk.start, to: chunk.end)
                while tokenizer.nextRow() {
                    let fields = (0..<tokenizer.fieldCount).map(tokenizer.fieldString)
                    var record = CSVRecord(line: firstLine + tokenizer.rowLineBreaks, fields: fields,
                                           raw: tokenizer.rowString())
                    if tokenizer.isUnterminated {
                        record.problem = .unterminatedQuote
                    } else if invalid.contains(from: tokenizer.rowStart, to: tokenizer.rowEnd) {
                        record.problem = .invalidEncoding
                    }
                    if header == nil { header = record } else { rows.append(record) }
                }
                firstLine += tokenizer.lineBreaks
                source.recycle(chunk.buffer)
            }
            return CSVTable(encoding: decoder.encoding, header: header, rows: rows)
        } catch let failure as CSVReadFailure {
            throw CSVFileError(path: url.path, message: failure.message)
        }
    }
}
