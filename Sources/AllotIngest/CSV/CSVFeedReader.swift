import AllotCore
import Foundation

/// Reads one CSV feed file of offers or requests (SPEC 4), on several threads
/// for large files.
///
/// The text is cut into chunks at row boundaries (`CSVChunkSource`); each
/// thread takes the next chunk (reading and cutting take turns under a
/// lock), parses and normalizes its rows with its own `RecordNormalizer`,
/// and hands the outcome back to be merged in file order. Only the chunks
/// being parsed are in memory, besides the records kept.
public enum CSVFeedReader {
    /// How to read: threads and sizes. Tests use small sizes to cross
    /// boundaries; benchmarks compare thread counts (`@_spi(Benchmarks) import AllotIngest`).
    @_spi(Benchmarks)
    public struct Options {
        /// Threads that parse at once. 2 on the machines this runs on; more
        /// cores would take more, up to the point where reading and cutting,
        /// which take turns, keep up.
        public var workers = min(max(ProcessInfo.processInfo.activeProcessorCount, 1), 8)
        /// Bytes of text per chunk.
        public var chunkSize = CSVChunkSource.defaultChunkSize
        /// Bytes read from the file at a time.
        public var blockSize = CSVTextDecoder.defaultBlockSize
        /// Whether rows whose values are all in common forms are read from
        /// their bytes (`CSVRowNormalizer`); off, every row goes through
        /// `RecordNormalizer`. Tests and the fuzz target compare the two.
        @_spi(Fuzzing) public var readsCommonFormsFromBytes = true

        public init() {}
    }

    /// Reads one feed file (SPEC 4), which `InputFolder` opened: source = file name without extension.
    public static func read(_ file: InputFile, reference: ReferenceData) -> FeedFileResult {
        read(file, reference: reference, options: Options())
    }

    /// `read(_:reference:)` with explicit threads and sizes.
    @_spi(Benchmarks)
    public static func read(_ file: InputFile, reference: ReferenceData, options: Options) -> FeedFileResult {
        let relativePath = file.path
        let source = file.baseName
        var result = FeedFileResult(path: relativePath, source: source)
        // Every record's source, and with it the plan files, would hold the character: the file is rejected whole.
        if let message = FieldProblem.controlCharacterMessage(in: source, column: "the file's name",
                                                              fix: "rename the file") {
            result.rejects = [Reject(file: relativePath, line: 0, source: source, code: .controlCharacter,
                                     message: message)]
            return result
        }
        do {
            let decoder = CSVTextDecoder(file: file, blockSize: options.blockSize)
            let limits = reference.policy.limits
            let chunks = CSVChunkSource(decoder: decoder, chunkSize: options.chunkSize, lineBytes: limits.lineBytes)
            guard let first = try readHeader(chunks, limits: limits, into: &result) else {
                result.encoding = decoder.encoding
                return result
            }
            let layout = first.layout
            result.warnings = layout.warnings
            let merger = CSVFeedMerger(result: result, firstIndex: first.chunk.index,
                                       firstLine: 1 + first.lineBreaksBefore, fileSize: decoder.fileSize,
                                       limits: limits)
            let job = CSVFeedJob(chunks: chunks, first: first.chunk, merger: merger)
            // One table of names for all threads: a name becomes one string, not one per thread.
            let textTables = CSVFeedChunkParser.textTables(for: layout, fileSize: decoder.fileSize)
            let parse = { (_: Int) in
                let parser = CSVFeedChunkParser(layout: layout, path: relativePath, source: source, reference: reference,
                                                textTables: textTables,
                                                readsCommonFormsFromBytes: options.readsCommonFormsFromBytes)
                var used: CSVBuffer?
                while let chunk = job.take(recycling: used) {
                    job.finish(parser.parse(chunk, into: job.spareRecords()))
                    used = chunk.buffer
                }
            }
            let workers = first.chunk.isFinal ? 1 : max(options.workers, 1)
            run(workers, parse)
            if let failure = job.failure { throw failure }
            result = job.result
            result.encoding = decoder.encoding
            return result
        } catch {
            let failure = error as? CSVReadFailure ?? CSVReadFailure(message: "\(error)")
            var failed = FeedFileResult(path: relativePath, source: source)
            failed.rejects = [Reject(file: relativePath, line: 0, source: source, code: failure.code, message: failure.message)]
            return failed
        }
    }

    /// Reads the header row from the first chunks. Returns the layout, the
    /// chunk the data rows start in and the line breaks of the chunks before
    /// it (blank lines only), or `nil` when the file is rejected whole (the
    /// reject is then in `result`).
    private static func readHeader(_ chunks: CSVChunkSource, limits: InputLimits, into result: inout FeedFileResult)
        throws -> (layout: CSVFeedLayout, chunk: CSVChunk, lineBreaksBefore: Int)? {
        let tokenizer = CSVRowTokenizer()
        var lineBreaks = 0
        while var chunk = try chunks.nextChunk() {
            if let skipped = chunk.skippedRow {
                result.rejects = [CSVFeedChunkParser.lineTooLong(path: result.path, source: result.source,
                                                                 line: lineBreaks + 1,
                                                                 raw: InputLimits.rawPrefix(skipped.prefix),
                                                                 limits: limits)]
                return nil
            }
            tokenizer.reset(chunk.buffer.bytes, from: chunk.start, to: chunk.end)
            guard tokenizer.nextRow() else {
                lineBreaks += tokenizer.lineBreaks
                continue
            }
            let line = lineBreaks + tokenizer.rowLineBreaks + 1
            let rowBytes = tokenizer.rowEnd - tokenizer.rowStart
            if rowBytes > limits.lineBytes {
                result.rejects = [CSVFeedChunkParser.lineTooLong(path: result.path, source: result.source, line: line,
                                                                 raw: tokenizer.rowPrefix(), limits: limits)]
                return nil
            }
            if !tokenizer.isUnterminated, rowBytes > limits.fieldBytes,
               let (column, bytes) = tokenizer.firstField(largerThan: limits.fieldBytes) {
                result.rejects = [Reject(file: result.path, line: line, source: result.source, code: .fieldTooLarge,
                                         message: limits.fieldTooLargeMessage(column: "the header's column \(column + 1)",
                                                                              bytes: bytes),
                                         raw: tokenizer.rowPrefix())]
                return nil
            }
            let cells = (0..<tokenizer.fieldCount).map(tokenizer.fieldString)
            var invalid = CSVInvalidByteCursor(chunk.invalidBytes())
            var problem: CSVFeedLayout.Problem?
            var layout: CSVFeedLayout?
            if tokenizer.isUnterminated {
                problem = .init(code: .unterminatedQuote,
                                message: "a quoted field of the header is not closed before the end of the file")
            } else if invalid.contains(from: tokenizer.rowStart, to: tokenizer.rowEnd) {
                problem = .init(code: .badEncoding,
                                message: "the header holds bytes that are not \(chunk.encoding.rawValue) text")
            } else {
                do {
                    layout = try CSVFeedLayout(header: cells, path: result.path)
                } catch let p as CSVFeedLayout.Problem {
                    problem = p
                }
            }
            guard let layout else {
                result.rejects = [Reject(file: result.path, line: line,
                                         source: result.source, code: problem!.code, message: problem!.message,
                                         raw: tokenizer.rowString())]
                return nil
            }
            chunk.start = tokenizer.position
            chunk.lineBreaksBefore = tokenizer.lineBreaks
            return (layout, chunk, lineBreaks)
        }
        result.rejects = [Reject(file: result.path, line: 1, source: result.source, code: .badHeader,
                                 message: "the file is empty: expected a header with \(CSVFeedLayout.describe(.supplierID)) for offers or \(CSVFeedLayout.describe(.enterpriseID)) for requests")]
        return nil
    }
}
