import AllotCSV
import Foundation

/// A small CSV file read whole: a reference table or the overrides, in UTF-8
/// or GB18030 (SPEC 2), its rows split by the shared rules of `CSVRowReader`.
public struct CSVFile: Sendable {
    /// The encoding the file was read in (SPEC 2).
    public var encoding: TextEncoding
    public var table: CSVTable

    public init(encoding: TextEncoding, table: CSVTable) {
        self.encoding = encoding
        self.table = table
    }

    /// Reads a whole (small) CSV file, which `InputFolder` opened: reference tables, overrides.
    /// Throws `CSVFileError` when the file cannot be read.
    /// - Complexity: O(file size); every field becomes a `String`.
    public static func read(_ file: InputFile) throws -> CSVFile {
        try read(file, blockSize: CSVTextDecoder.defaultBlockSize, chunkSize: CSVChunkSource.defaultChunkSize)
    }

    /// `read(_:)` with the decoder's and the chunker's sizes, small in tests.
    static func read(_ file: InputFile, blockSize: Int, chunkSize: Int) throws -> CSVFile {
        do {
            let decoder = CSVTextDecoder(file: file, blockSize: blockSize)
            let source = CSVChunkSource(decoder: decoder, chunkSize: chunkSize)
            var reader = CSVRowReader()
            while let chunk = try source.nextChunk() {
                // The decoder's replaced GB18030 bytes; the reader checks UTF-8 itself.
                let text = chunk.buffer.bytes.extracting(chunk.start..<chunk.end)
                let invalid = chunk.invalidOffsets.map { $0 - chunk.start }
                _ = text.withContiguousStorageIfAvailable { reader.read($0, invalidOffsets: invalid) }
                source.recycle(chunk.buffer)
            }
            return CSVFile(encoding: decoder.encoding, table: reader.table)
        } catch let failure as CSVReadFailure {
            throw CSVFileError(path: file.path, message: failure.message)
        }
    }
}
