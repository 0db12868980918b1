import AllotCSV
import Foundation

@_spi(Benchmarks)
extension CSVFile {
    /// What reading a file without keeping anything found.
    public struct ScanCount: Equatable, Sendable {
        public var rows: Int
        public var fields: Int
        /// Rows with an unterminated quote or bytes that are not text.
        public var problemRows: Int
        public var encoding: TextEncoding
    }

    /// Reads, decodes, validates and splits a whole file (opened by `InputFolder`) into rows and fields,
    /// building no string: the byte-level reader alone, for benchmarks.
    /// - Complexity: O(file size).
    public static func scan(_ file: InputFile) throws -> ScanCount {
        do {
            let decoder = CSVTextDecoder(file: file)
            let source = CSVChunkSource(decoder: decoder)
            let tokenizer = CSVRowTokenizer()
            var count = ScanCount(rows: 0, fields: 0, problemRows: 0, encoding: .utf8)
            while let chunk = try source.nextChunk() {
                var invalid = CSVInvalidByteCursor(chunk.invalidBytes())
                tokenizer.reset(chunk.buffer.bytes, from: chunk.start, to: chunk.end)
                while tokenizer.nextRow() {
                    count.rows += 1
                    count.fields += tokenizer.fieldCount
                    if tokenizer.isUnterminated || invalid.contains(from: tokenizer.rowStart, to: tokenizer.rowEnd) {
                        count.problemRows += 1
                    }
                }
                source.recycle(chunk.buffer)
            }
            count.encoding = decoder.encoding
            return count
        } catch let failure as CSVReadFailure {
            throw CSVFileError(path: file.path, message: failure.message)
        }
    }
}
