import AllotCore

/// Cuts a file's decoded text into chunks of about `chunkSize` bytes that end
/// at row boundaries, reading and decoding as it goes.
///
/// Only the chunks handed out and not yet recycled, plus the start of the
/// next one, are in memory. A row longer than `lineBytes` is passed over as
/// it is read, its bytes dropped block by block (`skipLongRow`), so one
/// chunk holds at most about `lineBytes` plus `chunkSize` bytes, however
/// long a row is. Not thread-safe: callers take turns.
final class CSVChunkSource {
    /// About this many bytes of text per chunk. 256 KiB: some 1,800 rows, so
    /// the threads seldom meet at the lock, and a chunk's text and its records
    /// (about 300 KB) stay in the core's 1 MiB second-level cache from
    /// splitting to merging. On the 150 MB benchmark the read took 5 % less
    /// CPU time than with 2 MiB chunks (0.725 s against 0.769 s, and 0.711
    /// against 0.749 in another run; 128 and 384 KiB no better), and its peak
    /// memory fell from 264 to 249 MB.
    static let defaultChunkSize = 256 << 10

    let decoder: CSVTextDecoder
    let chunkSize: Int
    /// Rows longer than this many bytes (`[limits] line_bytes`) are skipped.
    let lineBytes: Int
    /// The next chunk's buffer, holding the text after the last row boundary.
    private var next: CSVBuffer?
    private var nextInvalid: [Int] = []
    private var scanner = CSVRowBoundaryScanner()
    /// Bytes of `next` already scanned for row boundaries.
    private var scanned = 0
    private var finished = false
    private var index = 0
    private var spare: [CSVBuffer] = []

    init(decoder: CSVTextDecoder, chunkSize: Int = CSVChunkSource.defaultChunkSize,
         lineBytes: Int = InputLimits().lineBytes) {
        self.decoder = decoder
        self.chunkSize = max(chunkSize, 1)
        self.lineBytes = lineBytes
    }

    /// The next chunk, or `nil` after the last.
    /// - Throws: `CSVReadFailure` when the file cannot be read.
    func nextChunk() throws -> CSVChunk? {
        guard !finished else { return nil }
        let buffer = next ?? makeBuffer()
        next = nil
        var invalid = nextInvalid
        nextInvalid = []
        while true {
            let target = max(chunkSize, buffer.count + max(chunkSize / 2, 1))
            let done = try decoder.fill(buffer, upTo: target, invalid: &invalid)
            let rowEnd = scanner.scan(buffer.bytes, from: scanned, to: buffer.count)
            scanned = buffer.count
            let validate = decoder.mode != .gb18030
            if done {
                finished = true
                guard buffer.count > 0 else { return nil }
                return CSVChunk(index: index, buffer: buffer, start: 0, lineBreaksBefore: 0, end: buffer.count,
                                isFinal: true, invalidOffsets: invalid, needsValidation: validate,
                                encoding: decoder.encoding)
            }
            guard let rowEnd else {
                // A row longer than the buffer: read on, up to the limit.
                if buffer.count > lineBytes + 1 { return try cutOrSkip(buffer, invalid: invalid) }
                continue
            }
            let carry = buffer.count - rowEnd
            let following = makeBuffer()
            following.append(buffer.bytes.extracting(rowEnd..<buffer.count))
            next = following
            scanned = carry
            if let cut = invalid.firstIndex(where: { $0 >= rowEnd }) {
                nextInvalid = invalid[cut...].map { $0 - rowEnd }
                invalid.removeSubrange(cut...)
            }
            defer { index += 1 }
            return CSVChunk(index: index, buffer: buffer, start: 0, lineBreaksBefore: 0, end: rowEnd,
                            isFinal: false, invalidOffsets: invalid, needsValidation: validate,
                            encoding: decoder.encoding)
        }
    }

    /// `buffer` holds more than `lineBytes` + 1 bytes and no row end `scan`
    /// found. Looks again from its start for the first row's end (`scan`
    /// leaves a bare CR at the end of a block undecided, and may pass over
    /// it): when it is in the buffer, the chunk is that row, and the parser
    /// judges its length; otherwise the row is longer than `lineBytes`
    /// whatever follows (its text holds at least `buffer.count` − 1 bytes),
    /// and is skipped.
    private func cutOrSkip(_ buffer: CSVBuffer, invalid: [Int]) throws -> CSVChunk {
        var rows = CSVRowBoundaryScanner()
        let bytes = buffer.bytes
        let end = bytes[buffer.count - 1] == CSVByte.carriageReturn ? buffer.count - 1 : buffer.count
        guard let rowEnd = rows.firstRowEnd(bytes, from: 0, to: end, known: buffer.count) else {
            return try skipLongRow(buffer, scanner: rows, scannedTo: end, invalid: invalid)
        }
        return cut(buffer, at: rowEnd, invalid: invalid)
    }

    /// Hands out `buffer` up to `rowEnd` as a chunk, its rest the next chunk's start.
    private func cut(_ buffer: CSVBuffer, at rowEnd: Int, invalid: [Int]) -> CSVChunk {
        var invalid = invalid
        let following = makeBuffer()
        following.append(buffer.bytes.extracting(rowEnd..<buffer.count))
        next = following
        scanner = CSVRowBoundaryScanner()
        scanned = 0
        if let cut = invalid.firstIndex(where: { $0 >= rowEnd }) {
            nextInvalid = invalid[cut...].map { $0 - rowEnd }
            invalid.removeSubrange(cut...)
        }
        defer { index += 1 }
        return CSVChunk(index: index, buffer: buffer, start: 0, lineBreaksBefore: 0, end: rowEnd,
                        isFinal: false, invalidOffsets: invalid, needsValidation: decoder.mode != .gb18030,
                        encoding: decoder.encoding)
    }

    /// Passes over the row that starts `buffer` and is longer than
    /// `lineBytes`: keeps its first bytes for the reject, counts its line
    /// breaks, and drops the rest as it reads, a chunk's worth at a time,
    /// until the row ends; the text after it starts the next chunk.
    /// `scanner` has scanned the row up to `scannedTo`.
    /// - Complexity: O(the row's length), in memory of `buffer`'s size.
    private func skipLongRow(_ buffer: CSVBuffer, scanner rows: CSVRowBoundaryScanner, scannedTo: Int,
                             invalid: [Int]) throws -> CSVChunk {
        var rows = rows
        let prefix = Array(buffer.bytes.extracting(0..<min(buffer.count, InputLimits.rawPrefixBytes)))
        var lineBreaks = CSVRowBoundaryScanner.lineBreaks(buffer.bytes, from: 0, to: scannedTo, known: buffer.count)
        var invalid = invalid
        var done = false
        var processed = scannedTo
        while true {
            buffer.removeFirst(processed)
            invalid = invalid.filter { $0 >= processed }.map { $0 - processed }
            // At least one byte more than a CR kept back.
            if !done { done = try decoder.fill(buffer, upTo: max(chunkSize, buffer.count + 1), invalid: &invalid) }
            let bytes = buffer.bytes
            let end = !done && buffer.count > 0 && bytes[buffer.count - 1] == CSVByte.carriageReturn
                ? buffer.count - 1 : buffer.count
            if let rowEnd = rows.firstRowEnd(bytes, from: 0, to: end, known: buffer.count) {
                lineBreaks += CSVRowBoundaryScanner.lineBreaks(bytes, from: 0, to: rowEnd, known: buffer.count)
                buffer.removeFirst(rowEnd)
                next = buffer
                nextInvalid = invalid.filter { $0 >= rowEnd }.map { $0 - rowEnd }
                scanner = CSVRowBoundaryScanner()
                scanned = 0
                return skipped(prefix: prefix, lineBreaks: lineBreaks, isFinal: false)
            }
            lineBreaks += CSVRowBoundaryScanner.lineBreaks(bytes, from: 0, to: end, known: buffer.count)
            if done && end == buffer.count {
                finished = true
                return skipped(prefix: prefix, lineBreaks: lineBreaks, isFinal: true)
            }
            processed = end
        }
    }

    /// The chunk that stands for a skipped row.
    private func skipped(prefix: [UInt8], lineBreaks: Int, isFinal: Bool) -> CSVChunk {
        defer { index += 1 }
        var chunk = CSVChunk(index: index, buffer: makeBuffer(), start: 0, lineBreaksBefore: 0, end: 0,
                             isFinal: isFinal, invalidOffsets: [], needsValidation: false, encoding: decoder.encoding)
        chunk.skippedRow = CSVSkippedRow(prefix: prefix, lineBreaks: lineBreaks)
        return chunk
    }

    /// Takes back a chunk's buffer once its rows are parsed, for a later chunk.
    func recycle(_ buffer: CSVBuffer) {
        if spare.count < 2 { spare.append(buffer) }
    }

    private func makeBuffer() -> CSVBuffer {
        if let b = spare.popLast() {
            b.removeAll()
            return b
        }
        return CSVBuffer(capacity: chunkSize + 4096)
    }
}
