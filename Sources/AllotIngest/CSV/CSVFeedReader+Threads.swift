import AllotCore
import Foundation

extension CSVFeedReader {
    /// Runs `body` on `count` threads at once, this one included, and waits for all.
    ///
    /// Own threads rather than `DispatchQueue.concurrentPerform`: they start
    /// at once even when the dispatch pool is busy (a caller reading several
    /// feeds in parallel), and they inherit this thread's priority. On a busy
    /// machine the pool's second thread was seen to get a third of a core.
    static func run(_ count: Int, _ body: @escaping (Int) -> Void) {
        let group = DispatchGroup()
        for i in 1..<max(count, 1) {
            group.enter()
            let thread = Thread {
                body(i)
                group.leave()
            }
            thread.name = "allot.csv.\(i)"
            thread.start()
        }
        body(0)
        group.wait()
    }
}

/// The chunks the threads take in turn, and the first failure, which stops them.
final class CSVFeedJob: @unchecked Sendable {
    /// Guards reading and cutting chunks.
    private let lock = NSLock()
    /// Guards the merger's parked chunks and spare buffers, and `merging`.
    /// Records are moved outside it: moving a chunk's records touches fresh
    /// memory, and a thread that finished a chunk, or wanted a buffer for its
    /// next one, meanwhile waited for the page faults. Time spent waiting for
    /// this lock in one read of the 150 MB benchmark on a busy machine: 36-63
    /// ms (once 0.1) with the move inside it, 0.1-8 ms since.
    private let mergeLock = NSLock()
    /// A thread is moving records into the result; only that thread does.
    private var merging = false
    private let chunks: CSVChunkSource
    private var first: CSVChunk?
    private let merger: CSVFeedMerger
    private(set) var failure: Error?
    /// The file held more records than `[limits] records_per_file`: no more chunks are read.
    private var full = false

    init(chunks: CSVChunkSource, first: CSVChunk, merger: CSVFeedMerger) {
        self.chunks = chunks
        self.first = first
        self.merger = merger
    }

    /// The next chunk to parse, or `nil` when there is none or reading failed.
    /// `used` is the text buffer of the chunk this thread parsed last, handed
    /// back for later chunks here, under the lock taken anyway, rather than
    /// under a second turn of it when the chunk is finished.
    func take(recycling used: CSVBuffer?) -> CSVChunk? {
        lock.lock()
        defer { lock.unlock() }
        if let used { chunks.recycle(used) }
        if failure != nil || full { return nil }
        if let chunk = first {
            first = nil
            return chunk
        }
        do {
            return try chunks.nextChunk()
        } catch {
            failure = error
            return nil
        }
    }

    /// Hands back a parsed chunk. The first thread to find no one merging
    /// merges every chunk that is next in file order, its own and those that
    /// others hand back meanwhile; the others go on to their next chunk.
    /// Consumes `outcome`, so that the merger holds its records' only reference and can move them.
    func finish(_ outcome: consuming CSVFeedChunkParser.Outcome) {
        mergeLock.lock()
        merger.park(outcome)
        guard !merging else {
            mergeLock.unlock()
            return
        }
        merging = true
        while let next = merger.takeNext() {
            mergeLock.unlock()
            merger.append(next)
            if merger.isFull {
                lock.lock()
                full = true
                lock.unlock()
            }
            mergeLock.lock()
            if merger.spareRecords.count < 3 { merger.spareRecords.append(next.records) }
        }
        merging = false
        mergeLock.unlock()
    }

    /// An empty buffer for a chunk's records: one a merged chunk left, or a new one.
    func spareRecords() -> CSVRecordBuffer {
        mergeLock.lock()
        defer { mergeLock.unlock() }
        return merger.spareRecords.popLast() ?? CSVRecordBuffer()
    }

    var result: FeedFileResult {
        mergeLock.lock()
        defer { mergeLock.unlock() }
        return merger.result
    }
}

/// Puts chunk outcomes, which arrive in any order, into the file's result in
/// file order, turning counts of line breaks into line numbers.
final class CSVFeedMerger {
    private(set) var result: FeedFileResult
    private var pending: [Int: CSVFeedChunkParser.Outcome] = [:]
    private var nextIndex: Int
    /// The line the next chunk starts on.
    private var firstLine: Int
    private let fileSize: Int?
    /// Buffers of merged chunks, empty, for the chunks still to parse.
    var spareRecords: [CSVRecordBuffer] = []
    /// `[limits]`: the records read of one file stop at `recordsPerFile`.
    private let limits: InputLimits
    /// The records reached `limits.recordsPerFile` and the rest is rejected:
    /// chunks merged after it are dropped.
    private(set) var isFull = false

    init(result: FeedFileResult, firstIndex: Int, firstLine: Int, fileSize: Int?, limits: InputLimits = InputLimits()) {
        self.result = result
        self.nextIndex = firstIndex
        self.firstLine = firstLine
        self.fileSize = fileSize
        self.limits = limits
    }

    /// Keeps a chunk's outcome until it is next in file order. Under the job's merge lock.
    /// Consumes `outcome`: its records are moved only when nothing else refers to them.
    func park(_ outcome: consuming CSVFeedChunkParser.Outcome) {
        let index = outcome.index
        pending[index] = consume outcome
    }

    /// The outcome of the next chunk in file order, if it is parked. Under the job's merge lock.
    func takeNext() -> CSVFeedChunkParser.Outcome? {
        guard let o = pending.removeValue(forKey: nextIndex) else { return nil }
        nextIndex += 1
        return o
    }

    /// Appends the next chunk's records and rejects to the result (its
    /// records buffer is left empty). By one thread at a time, outside the lock.
    func append(_ o: CSVFeedChunkParser.Outcome) {
        if isFull {
            o.records.removeSuffix(from: 0)
            return
        }
        if result.records.isEmpty, let fileSize, o.bytes > 0, !o.records.isEmpty {
            // One reservation from the first chunk's density: no regrowth, no copy.
            let estimate = Double(fileSize) / Double(o.bytes) * Double(o.records.count) * 1.02
            result.records.reserveCapacity(min(Int(estimate) + 16, fileSize / 8 + 16, limits.recordsPerFile + 16))
        }
        var rejects = o.rejects[...]
        let room = limits.recordsPerFile - result.recordCount
        if o.rows > room {
            rejects = keep(room, of: o)
        }
        o.records.move(appendingTo: &result.records, lineOffset: firstLine)
        for var reject in rejects {
            reject.line += firstLine
            result.rejects.append(reject)
        }
        if isFull {
            // The rows not read count as one record, rejected.
            result.recordCount += room + 1
            return
        }
        result.recordCount += o.rows
        firstLine += o.lineBreaks
    }

    /// Keeps the chunk's first `room` rows (its records and rejects, one
    /// for each row, in line order) and rejects the rest of the file as
    /// `too_many_records` at the line of the first row not kept.
    /// - Returns: the rejects kept, the new one last (lines still within the chunk).
    private func keep(_ room: Int, of o: CSVFeedChunkParser.Outcome) -> ArraySlice<Reject> {
        var r = 0, j = 0
        func nextLine() -> Int {
            let recordLine = r < o.records.count ? o.records.line(at: r) : Int.max
            let rejectLine = j < o.rejects.count ? o.rejects[j].line : Int.max
            return min(recordLine, rejectLine)
        }
        for _ in 0..<room {
            if r < o.records.count && (j == o.rejects.count || o.records.line(at: r) < o.rejects[j].line) {
                r += 1
            } else {
                j += 1
            }
        }
        let line = nextLine()
        o.records.removeSuffix(from: r)
        isFull = true
        return o.rejects[..<j] + [Reject(file: result.path, line: line, source: result.source, code: .tooManyRecords,
                                         message: limits.tooManyRecordsMessage)]
    }
}
