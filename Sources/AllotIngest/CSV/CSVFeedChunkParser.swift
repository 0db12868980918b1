import AllotCore

/// Turns the rows of one chunk of a feed into records and rejects. Each
/// thread has its own, with its own `RecordNormalizer`.
final class CSVFeedChunkParser {
    /// What one chunk gave; lines are counted from the chunk's start.
    struct Outcome {
        var index: Int
        /// Origins hold line breaks before the row within the chunk, not lines yet.
        var records: CSVRecordBuffer
        /// Lines hold line breaks before the row within the chunk, not lines yet.
        var rejects: [Reject] = []
        var rows = 0
        /// Line breaks in the chunk.
        var lineBreaks = 0
        /// Bytes of text in the chunk.
        var bytes = 0
    }

    private let layout: CSVFeedLayout
    private let path: String
    private let source: String
    private let normalizer: RecordNormalizer
    /// Reads the rows whose values are all in common forms from their bytes;
    /// `normalizer` reads the others.
    private let rows: CSVRowNormalizer?
    private let tokenizer = CSVRowTokenizer()
    /// Rows are split a batch at a time, then read: the names of a batch are
    /// fetched from the string cache's memory together (`CSVStringCache.prefetch`).
    /// `parse` holds the batch's rows and names' hashes in locals for a chunk
    /// (`nil` and empty meanwhile): as stored properties of a class, each
    /// row's save, restore and hash was checked for exclusivity at run time
    /// (Decision 17).
    private var savedRows: CSVRowTokenizer.SavedRows? = CSVRowTokenizer.SavedRows()
    private var nameHashes: [UInt64] = []
    /// Rows per batch: enough loads at once to keep memory busy, few enough
    /// that what they fetch is still in the first-level cache when read.
    /// perf on the 150 MB benchmark: 15 % less CPU in the read than row by
    /// row (32 and 64 alike).
    static let batchRows = 32
    private var fields: RecordFields
    /// The mapped columns, with their fields.
    private let mapped: [(column: Int, field: FeedField)]
    /// The fields whose text a record keeps as it is: only their strings are
    /// worth sharing. Other texts become codes, numbers and dates, and a cache
    /// would only hold on to them (100 k credit codes cost 8 MB a thread).
    private static let keptAsText: Set<FeedField> = [.supplierName, .enterpriseName]
    /// For each mapped column whose text records keep, shared strings for its
    /// repeated texts; `nil` for the other columns, and once a column shows
    /// its texts seldom repeat. Held in a local of `parse` for a chunk, as
    /// `savedRows`.
    private var caches: [CSVStringCache?]
    /// The index in `mapped` and `caches` of the name column, if any.
    private let nameIndex: Int?
    private var rowsParsed = 0
    private var bytesParsed = 0
    /// `[limits]`: rows and values past them are rejects (`line_too_long`, `field_too_large`).
    private let limits: InputLimits

    /// `textTables` holds the tables of names that the threads share, by
    /// column (`textTables(for:fileSize:)`); a column without one gets a table of its own.
    init(layout: CSVFeedLayout, path: String, source: String, reference: ReferenceData,
         textTables: [Int: CSVStringTable] = [:],
         readsCommonFormsFromBytes: Bool = true) {
        self.layout = layout
        // Own copies: every record retains them, and threads sharing one
        // string's reference count would fight over its cache line.
        self.path = String(decoding: Array(path.utf8), as: UTF8.self)
        self.source = String(decoding: Array(source.utf8), as: UTF8.self)
        self.normalizer = RecordNormalizer(reference: reference)
        self.limits = reference.policy.limits
        self.fields = RecordFields(order: layout.order)
        self.mapped = layout.columns.enumerated().compactMap { i, f in f.map { (i, $0) } }
        self.caches = mapped.map { column, field in
            guard Self.keptAsText.contains(field) else { return nil }
            return CSVStringCache(table: textTables[column] ?? CSVStringTable(slots: CSVStringCache.initialSlots))
        }
        self.nameIndex = mapped.firstIndex { Self.keptAsText.contains($0.field) }
        self.rows = readsCommonFormsFromBytes
            ? CSVRowNormalizer(layout: layout, normalizer: normalizer, source: self.source) : nil
    }

    /// One table of names for each column of `layout` whose texts records
    /// keep, sized for a file of `fileSize` bytes, for every thread's parser.
    static func textTables(for layout: CSVFeedLayout, fileSize: Int?) -> [Int: CSVStringTable] {
        var tables: [Int: CSVStringTable] = [:]
        for (column, field) in layout.columns.enumerated() where field.map(keptAsText.contains) == true {
            tables[column] = CSVStringTable(slots: CSVStringCache.slots(forFileOf: fileSize))
        }
        return tables
    }

    /// Parses the chunk's rows.
    /// - Complexity: O(chunk size), plus normalizing each row.
    /// `records` is an empty buffer to fill, which a merged chunk may have
    /// used before (`CSVFeedJob.spareRecords`).
    func parse(_ chunk: CSVChunk, into records: CSVRecordBuffer = CSVRecordBuffer()) -> Outcome {
        var outcome = Outcome(index: chunk.index, records: records)
        if let skipped = chunk.skippedRow {
            outcome.rows = 1
            outcome.lineBreaks = skipped.lineBreaks
            outcome.rejects.append(Self.lineTooLong(path: path, source: source, line: 0,
                                                    raw: InputLimits.rawPrefix(skipped.prefix), limits: limits))
            return outcome
        }
        outcome.bytes = chunk.end - chunk.start
        if rowsParsed > 0 {
            // As many rows as the chunks before suggest: the buffer then grows once at most.
            outcome.records.reserve(outcome.bytes * rowsParsed / bytesParsed + 64)
        }
        defer {
            rowsParsed += outcome.rows
            bytesParsed += outcome.bytes
        }
        var invalid = CSVInvalidByteCursor(chunk.invalidBytes())
        var batch = savedRows.take() ?? CSVRowTokenizer.SavedRows()
        var nameHashes = self.nameHashes
        self.nameHashes = []
        var caches = self.caches
        self.caches = []
        defer {
            savedRows = batch
            self.nameHashes = nameHashes
            self.caches = caches
        }
        tokenizer.reset(chunk.buffer.bytes, from: chunk.start, to: chunk.end, lineBreaksBefore: chunk.lineBreaksBefore)
        let nameColumn = nameIndex.map { mapped[$0].column }
        // Held here for the whole chunk and lent to each row: reading them
        // from `self` and `outcome` per row retained and released each of them
        // per row (atomic operations on the hot path).
        let rows = self.rows
        let records = outcome.records
        while true {
            batch.removeAll()
            nameHashes.removeAll(keepingCapacity: true)
            while batch.count < Self.batchRows && tokenizer.nextRow() {
                tokenizer.save(to: &batch)
                if let nameColumn {
                    // One per row, 0 for a row without the column: the row's read takes its name's hash from here.
                    nameHashes.append(nameColumn < tokenizer.fieldCount
                        ? CSVStringCache.lookupHash(tokenizer.fieldBytes(nameColumn)) : 0)
                }
            }
            if batch.count == 0 { break }
            // The batch's rows share the names while the cache is kept at the
            // batch's start (`CSVStringCache` still answers once it has given up).
            let names = nameCache(&caches)
            names?.prefetch(nameHashes)
            for k in 0..<batch.count {
                tokenizer.restore(k, from: batch)
                parseRow(into: &outcome, &invalid, &caches, encoding: chunk.encoding, rows: rows, names: names,
                         nameHash: nameColumn == nil ? 0 : nameHashes[k], records: records)
            }
        }
        outcome.lineBreaks = tokenizer.lineBreaks
        return outcome
    }

    /// Reads the tokenizer's current row into `outcome`: a record or a reject.
    /// `rows` reads it from its bytes when it can, sharing `names` (the
    /// name's `CSVStringCache.lookupHash` is `nameHash`, 0 when not taken),
    /// into `records` (`outcome.records`); others read their names through `caches`.
    @inline(__always)
    private func parseRow(into outcome: inout Outcome, _ invalid: inout CSVInvalidByteCursor,
                          _ caches: inout [CSVStringCache?], encoding: TextEncoding,
                          rows: CSVRowNormalizer?, names: CSVStringCache?, nameHash: UInt64,
                          records: CSVRecordBuffer) {
        outcome.rows += 1
        let line = tokenizer.rowLineBreaks
        // One comparison per row while rows are shorter than the limits: a
        // field is measured only in a row longer than `fieldBytes`.
        let rowBytes = tokenizer.rowEnd - tokenizer.rowStart
        if rowBytes > limits.lineBytes {
            outcome.rejects.append(Self.lineTooLong(path: path, source: source, line: line, raw: tokenizer.rowPrefix(),
                                                    limits: limits))
            return
        }
        if tokenizer.isUnterminated {
            outcome.rejects.append(rowReject(line, .unterminatedQuote,
                "a quoted field opened in this row is not closed before the end of the file"))
            return
        }
        if rowBytes > limits.fieldBytes, let (column, bytes) = tokenizer.firstField(largerThan: limits.fieldBytes) {
            let name = column < layout.columnNames.count ? layout.columnNames[column] : "column \(column + 1)"
            var reject = rowReject(line, .fieldTooLarge, limits.fieldTooLargeMessage(column: name, bytes: bytes))
            reject.field = name
            reject.raw = tokenizer.rowPrefix()
            outcome.rejects.append(reject)
            return
        }
        if invalid.contains(from: tokenizer.rowStart, to: tokenizer.rowEnd) {
            outcome.rejects.append(rowReject(line, .badEncoding, encoding == .gb18030
                ? "the row holds bytes that are not GB18030 text (shown as \u{FFFD})"
                : "the row holds bytes that are not valid UTF-8 (shown as \u{FFFD}); save the file as UTF-8 or GB18030"))
            return
        }
        let columnCount = layout.columns.count
        guard tokenizer.fieldCount == columnCount else {
            outcome.rejects.append(rowReject(line, .wrongFieldCount,
                "row has \(tokenizer.fieldCount) fields, the header has \(columnCount)"))
            return
        }
        if rows?.read(tokenizer, names: names, nameHash: nameHash, origin: RecordOrigin(file: path, line: line), into: records) == true {
            return
        }
        setFields(&caches)
        let kind = layout.kind
        switch normalizer.normalize(fields, kind: kind, source: source) {
        case .success(let record):
            outcome.records.append((record, RecordOrigin(file: path, line: line)))
        case .failure(let problem):
            outcome.rejects.append(Reject(file: path, line: line, field: problem.field?.name ?? "", source: source,
                                          recordID: fields[FeedField.idField(of: kind)]?.trimmingSpaces() ?? "",
                                          code: problem.code, message: problem.message, raw: tokenizer.rowString()))
        }
    }

    /// The shared strings of the name column (in `caches`), while they are worth it.
    @inline(__always)
    private func nameCache(_ caches: inout [CSVStringCache?]) -> CSVStringCache? {
        guard let k = nameIndex, let cache = caches[k] else { return nil }
        if !cache.isUseful {
            caches[k] = nil
            return nil
        }
        return cache
    }

    /// Fills `fields` from the current row, sharing names through `caches`; an empty cell is an absent value.
    @inline(__always)
    private func setFields(_ caches: inout [CSVStringCache?]) {
        for k in mapped.indices {
            let (column, field) = mapped[k]
            if tokenizer.fieldIsEmpty(column) {
                fields[field] = nil
            } else if let cache = caches[k] {
                fields[field] = tokenizer.withField(column) { cache.string($0) }
                if !cache.isUseful { caches[k] = nil }
            } else {
                fields[field] = tokenizer.fieldString(column)
            }
        }
    }

    /// The reject of a row longer than `[limits] line_bytes`, read whole
    /// (`line` counts the chunk's line breaks before it) or passed over unread
    /// (`CSVSkippedRow`, line 0 of its own chunk): the same either way, its
    /// `raw` the row's first characters.
    static func lineTooLong(path: String, source: String, line: Int, raw: String, limits: InputLimits) -> Reject {
        Reject(file: path, line: line, source: source, code: .lineTooLong, message: limits.lineTooLongMessage, raw: raw)
    }

    /// A reject of the whole current row, before its values are read; its
    /// record id only when the id is no larger than `[limits] field_bytes`.
    private func rowReject(_ line: Int, _ code: RejectCode, _ message: String) -> Reject {
        let idColumn = layout.idColumn
        let id = idColumn < tokenizer.fieldCount && tokenizer.rawFieldLength(idColumn) <= limits.fieldBytes
            ? tokenizer.fieldString(idColumn).trimmingSpaces() : ""
        return Reject(file: path, line: line, field: "", source: source, recordID: id, code: code, message: message,
                      raw: tokenizer.rowString())
    }
}
