import AllotCore

/// Splits RFC 4180 text into rows and fields, on bytes.
///
/// Quoted fields may hold commas, doubled quotes and line breaks; rows end
/// with LF, CRLF or a CR alone (old Mac text, which spreadsheets still
/// write), mixed as they come; blank lines (nothing, or only spaces and
/// tabs) are skipped. A line break inside a quoted field is data, and counts
/// as a line like any other. It is lenient where spreadsheets are sloppy: a
/// quote inside an unquoted field is kept literally, and so is text after a
/// closing quote (`"a"b` reads `ab`). A quoted field still open at the end of
/// the text makes the row `unterminated`; it then holds the rest of the text.
///
/// The tokenizer only records where each field lies; `withField(_:_:)`
/// and `fieldString(_:)` unescape the fields a caller keeps.
///
/// Bare CRs cost nothing where there are none: `reset` asks once whether
/// the text holds a CR that no LF follows (`CSVBytes.hasBareCarriageReturn`,
/// one `memchr` for text without a CR, 64 bytes a step with one). Only then
/// do fields end at CRs too (a mask of commas, LFs and CRs) and quoted
/// fields count the CRs they hold as lines; otherwise fields end at commas
/// and LFs alone, and a CR before an LF is cut from the field, as before.
///
/// The text must stay alive and unchanged between `reset` and the last use
/// of the row. Not thread-safe: one per thread.
final class CSVRowTokenizer {
    private var text = CSVBytes.empty
    private var end = 0
    /// Where the next row starts.
    private(set) var position = 0
    /// Line breaks (LF, CRLF or a bare CR) passed so far, quoted ones included.
    private(set) var lineBreaks = 0

    // The current row.
    /// Line breaks before the row's first byte: its line is the first line plus this.
    private(set) var rowLineBreaks = 0
    private(set) var rowStart = 0
    /// The row's end, its line break excluded.
    private(set) var rowEnd = 0
    private(set) var fieldCount = 0
    /// A quoted field was still open at the end of the text.
    private(set) var isUnterminated = false

    /// The text holds a CR that no LF follows (`reset` looks once): fields
    /// then end at CRs too, and quoted fields count theirs as line breaks.
    private var hasBareCarriageReturns = false

    /// The separators (commas and line feeds, and carriage returns when
    /// `hasBareCarriageReturns`) of the 64 bytes of text from
    /// `scanBlock`, a bit each, as `fieldEnd` found them; kept from field to
    /// field and row to row. Any `scanBlock` is right as long as the text is
    /// the same: `reset` forgets it.
    private var scanBlock = Int.min
    private var scanMask: UInt64 = 0

    /// Where `nextRow` puts the fields of the row it reads.
    private let fields = CSVFieldTable(capacity: 32)
    /// The current row's fields: in `fields` after `nextRow`, a saved row's
    /// after `restore` (read in place, not copied back).
    private var row = CSVFieldTable.Fields.none
    /// Where a quoted field with doubled quotes is unescaped.
    private let scratch = CSVBuffer(capacity: 256)

    init() {}

    /// Starts on `text[start..<end]`, counting `lineBreaks` from `lineBreaksBefore`.
    /// A CR at `end - 1` ends a row: the text must not stop between a CR and its LF.
    /// - Complexity: O(`end` − `start`) to look for bare CRs, one `memchr` when there is no CR.
    func reset(_ text: CSVBytes, from start: Int, to end: Int, lineBreaksBefore: Int = 0) {
        precondition(start >= 0 && start <= end && end <= text.count, "rows out of the text")
        self.text = text
        position = start
        self.end = end
        lineBreaks = lineBreaksBefore
        fieldCount = 0
        scanBlock = Int.min
        scanMask = 0
        hasBareCarriageReturns = text.hasBareCarriageReturn(from: start, to: end)
    }

    // MARK: - Rows

    /// Reads the next row that is not blank.
    /// - Returns: `false` at the end of the text.
    /// - Complexity: O(row length).
    func nextRow() -> Bool {
        let p = self.text, end = self.end, fields = self.fields
        let bareCarriageReturns = hasBareCarriageReturns
        var pos = position
        var breaks = lineBreaks
        var block = scanBlock, mask = scanMask
        defer {
            scanBlock = block
            scanMask = mask
        }
        while true {
            while pos < end {
                let b = p[pos]
                if b == CSVByte.lineFeed {
                    pos += 1
                } else if b == CSVByte.carriageReturn {
                    pos += pos + 1 < end && p[pos + 1] == CSVByte.lineFeed ? 2 : 1
                } else {
                    break
                }
                breaks += 1
            }
            guard pos < end else {
                position = pos
                lineBreaks = breaks
                return false
            }
            rowStart = pos
            rowLineBreaks = breaks
            isUnterminated = false
            var count = 0
            var sawQuote = false
            fields: while true {
                if count == fields.capacity { fields.reserve(2 * count, keeping: count) }
                let fieldStart = pos
                if pos == end {
                    // A comma ended the text: one more, empty field.
                    setField(count, pos, pos, escaped: false)
                    count += 1
                    rowEnd = pos
                    break fields
                }
                if p[pos] == CSVByte.quote {
                    sawQuote = true
                    var q = pos + 1
                    var doubled = false
                    var closed = false
                    while q < end {
                        let c = p[q]
                        if c == CSVByte.quote {
                            if q + 1 < end && p[q + 1] == CSVByte.quote {
                                doubled = true
                                q += 2
                                continue
                            }
                            closed = true
                            break
                        }
                        if c == CSVByte.lineFeed { breaks += 1 }
                        q += 1
                    }
                    if bareCarriageReturns { breaks += Self.bareCarriageReturns(p, from: pos + 1, to: q, end: end) }
                    guard closed else {
                        isUnterminated = true
                        var e = end
                        if e > fieldStart + 1 && p[e - 1] == CSVByte.lineFeed {
                            e -= 1
                            if e > fieldStart + 1 && p[e - 1] == CSVByte.carriageReturn { e -= 1 }
                        } else if e > fieldStart + 1 && p[e - 1] == CSVByte.carriageReturn {
                            e -= 1
                        }
                        setField(count, fieldStart, e, escaped: true)
                        count += 1
                        rowEnd = e
                        pos = end
                        break fields
                    }
                    // The closing quote is at q.
                    let r = q + 1
                    if r == end {
                        setQuotedField(count, fieldStart, q, doubled: doubled)
                        count += 1
                        rowEnd = r
                        pos = r
                        break fields
                    }
                    let c = p[r]
                    if c == CSVByte.comma {
                        setQuotedField(count, fieldStart, q, doubled: doubled)
                        count += 1
                        pos = r + 1
                        continue fields
                    }
                    if c == CSVByte.lineFeed || c == CSVByte.carriageReturn {
                        setQuotedField(count, fieldStart, q, doubled: doubled)
                        count += 1
                        rowEnd = r
                        pos = Self.afterLineBreak(p, at: r, end: end)
                        breaks += 1
                        break fields
                    }
                    // Text after the closing quote: kept, up to the field's end.
                    var t = r
                    while t < end {
                        let b = p[t]
                        if b == CSVByte.comma || b == CSVByte.lineFeed || b == CSVByte.carriageReturn { break }
                        t += 1
                    }
                    if t < end && p[t] == CSVByte.comma {
                        setField(count, fieldStart, t, escaped: true)
                        count += 1
                        pos = t + 1
                        continue fields
                    }
                    setField(count, fieldStart, t, escaped: true)
                    count += 1
                    rowEnd = t
                    if t < end {
                        pos = Self.afterLineBreak(p, at: t, end: end)
                        breaks += 1
                    } else {
                        pos = end
                    }
                    break fields
                } else {
                    let q = Self.fieldEnd(p, from: pos, to: end, block: &block, mask: &mask,
                                          carriageReturns: bareCarriageReturns)
                    if q < end && p[q] == CSVByte.comma {
                        setField(count, fieldStart, q, escaped: false)
                        count += 1
                        pos = q + 1
                        continue fields
                    }
                    // Without bare CRs the field ends at an LF, and a CR before it is the line
                    // break's; with them it ends at the CR itself.
                    var e = q
                    if e > fieldStart && p[e - 1] == CSVByte.carriageReturn { e -= 1 }
                    setField(count, fieldStart, e, escaped: false)
                    count += 1
                    rowEnd = e
                    if q < end {
                        pos = Self.afterLineBreak(p, at: q, end: end)
                        breaks += 1
                    } else {
                        pos = end
                    }
                    break fields
                }
            }
            fieldCount = count
            row = fields.fields(from: 0, count: count)
            if count == 1 && !sawQuote && isBlank(rowStart, rowEnd) { continue }
            position = pos
            lineBreaks = breaks
            return true
        }
    }

    /// A quoted field from `start` (its opening quote) to its closing quote at `close`.
    @inline(__always)
    private func setQuotedField(_ i: Int, _ start: Int, _ close: Int, doubled: Bool) {
        if doubled {
            setField(i, start, close + 1, escaped: true)
        } else {
            setField(i, start + 1, close, escaped: false)
        }
    }

    /// Where the row after the line break at `i` (an LF, or a CR and the LF
    /// after it if any) starts.
    @inline(__always)
    private static func afterLineBreak(_ p: CSVBytes, at i: Int, end: Int) -> Int {
        i + 1 < end && p[i] == CSVByte.carriageReturn && p[i + 1] == CSVByte.lineFeed ? i + 2 : i + 1
    }

    /// The CRs in `start..<end` that no LF follows before `textEnd`: the line
    /// breaks of old Mac text inside a quoted field.
    private static func bareCarriageReturns(_ p: CSVBytes, from start: Int, to end: Int, end textEnd: Int) -> Int {
        var n = 0
        var i = start
        while let r = p.firstIndex(of: CSVByte.carriageReturn, from: i, to: end) {
            if r + 1 == textEnd || p[r + 1] != CSVByte.lineFeed { n += 1 }
            i = r + 1
        }
        return n
    }

    /// The offset of the first comma or line feed (or carriage return, with
    /// `carriageReturns`) in `start..<end`, or `end`, from the separators of
    /// 64 bytes at a time (`csv_separators64`, `csv_separators_cr64`), kept
    /// in `block` and `mask` for the next fields.
    ///
    /// Looking for each field's end eight bytes a step took a branch that
    /// depends on the field's length per field, and mispredicted it often;
    /// the mask is taken apart with a bit count instead.
    @inline(__always)
    private static func fieldEnd(_ p: CSVBytes, from start: Int, to end: Int,
                                 block: inout Int, mask: inout UInt64, carriageReturns: Bool) -> Int {
        let offset = start &- block
        var next = start
        if offset >= 0 && offset < 64 {
            let m = mask & (~UInt64(0) << UInt64(offset))
            if m != 0 { return block + m.trailingZeroBitCount }
            next = block + 64
        }
        while next + 64 <= end {
            let m = carriageReturns ? p.separatorsAndCarriageReturns64(at: next) : p.separators64(at: next)
            if m != 0 {
                block = next
                mask = m
                return next + m.trailingZeroBitCount
            }
            next += 64
        }
        block = Int.min
        return fieldEnd(p, from: next, to: end, carriageReturns: carriageReturns)
    }

    /// The offset of the first comma or line feed (or carriage return, with
    /// `carriageReturns`) in `start..<end`, or `end`: eight bytes a step (the
    /// zero-byte test of "Bit Twiddling Hacks"), then byte by byte.
    @inline(__always)
    private static func fieldEnd(_ p: CSVBytes, from start: Int, to end: Int, carriageReturns: Bool) -> Int {
        var q = start
        let ones: UInt64 = 0x0101_0101_0101_0101, highs: UInt64 = 0x8080_8080_8080_8080
        while q + 8 <= end {
            let w = p.word(at: q)
            let commas = w ^ (ones &* UInt64(CSVByte.comma))
            let feeds = w ^ (ones &* UInt64(CSVByte.lineFeed))
            var hits = ((commas &- ones) & ~commas | (feeds &- ones) & ~feeds) & highs
            if carriageReturns {
                let returns = w ^ (ones &* UInt64(CSVByte.carriageReturn))
                hits |= (returns &- ones) & ~returns & highs
            }
            if hits != 0 { return q + hits.trailingZeroBitCount >> 3 }
            q += 8
        }
        while q < end {
            let b = p[q]
            if b == CSVByte.comma || b == CSVByte.lineFeed || carriageReturns && b == CSVByte.carriageReturn {
                return q
            }
            q += 1
        }
        return end
    }

    @inline(__always)
    private func setField(_ i: Int, _ start: Int, _ end: Int, escaped isEscaped: Bool) {
        fields.set(i, start: start, end: end, escaped: isEscaped)
    }

    private func isBlank(_ start: Int, _ end: Int) -> Bool {
        for i in start..<end {
            let b = text[i]
            if b != 32 && b != 9 && b != CSVByte.carriageReturn { return false }
        }
        return true
    }

    // MARK: - Rows kept for later

    /// Where `save` keeps rows: their fields and the row's facts. A value, held
    /// by its user in a local and lent `inout` to `save`: as a class's stored
    /// property, each row's append and read of the facts was checked for
    /// exclusivity at run time (Decision 17). Copies share the field table.
    struct SavedRows {
        fileprivate let table = CSVFieldTable(capacity: 1024)
        /// Fields saved.
        fileprivate var fields = 0
        /// Per row: its first field, field count, start, end, line breaks before it, unterminated.
        fileprivate var rows: [(first: Int, fieldCount: Int, start: Int, end: Int, lineBreaks: Int, unterminated: Bool)] = []

        init() {}

        var count: Int { rows.count }

        mutating func removeAll() {
            fields = 0
            rows.removeAll(keepingCapacity: true)
        }
    }

    /// Appends the current row to `saved`, so that `restore` can make it current again.
    /// - Complexity: O(fields).
    @inline(__always)
    func save(to saved: inout SavedRows) {
        saved.table.reserve(saved.fields + fieldCount, keeping: saved.fields)
        saved.rows.append((saved.fields, fieldCount, rowStart, rowEnd, rowLineBreaks, isUnterminated))
        saved.table.copy(fieldCount, from: row, to: saved.fields)
        saved.fields += fieldCount
    }

    /// Makes row `k` of `saved` the current row again (the text must be the same),
    /// its fields read in place in `saved`, which must stay unchanged while the
    /// row is in use. `position` and `lineBreaks` stay where reading got to.
    /// - Complexity: O(1).
    @inline(__always)
    func restore(_ k: Int, from saved: SavedRows) {
        let facts = saved.rows[k]
        row = saved.table.fields(from: facts.first, count: facts.fieldCount)
        fieldCount = facts.fieldCount
        rowStart = facts.start
        rowEnd = facts.end
        rowLineBreaks = facts.lineBreaks
        isUnterminated = facts.unterminated
    }

    // MARK: - Fields

    /// Whether field `i` is empty (before trimming).
    @inline(__always)
    func fieldIsEmpty(_ i: Int) -> Bool { row.start(i) == row.end(i) }

    /// Calls `body` with field `i`'s value as UTF-8 bytes, unescaped; the bytes
    /// are valid only during the call.
    @inline(__always)
    func withField<R>(_ i: Int, _ body: (CSVBytes) -> R) -> R {
        body(fieldBytes(i))
    }

    /// Field `i`'s value as UTF-8 bytes, unescaped. A quoted field with
    /// doubled quotes is unescaped into a scratch buffer that the next such
    /// field overwrites: use the bytes before asking for another field.
    @inline(__always)
    func fieldBytes(_ i: Int) -> CSVBytes {
        let start = row.start(i), end = row.end(i)
        if !row.isEscaped(i) {
            return text.extracting(start..<end)
        }
        unescape(start, end)
        return scratch.bytes
    }

    /// The first field of the current row, in column order, that holds more
    /// than `limit` bytes once unquoted, and how many it holds. Only a field
    /// whose raw text is longer than `limit` is unquoted to be measured.
    /// - Complexity: O(fields), plus the length of such a field.
    func firstField(largerThan limit: Int) -> (index: Int, bytes: Int)? {
        for i in 0..<fieldCount where row.end(i) - row.start(i) > limit {
            let bytes = row.isEscaped(i) ? fieldBytes(i).count : row.end(i) - row.start(i)
            if bytes > limit { return (i, bytes) }
        }
        return nil
    }

    /// Field `i`'s raw length in the text (quotes included when it is escaped).
    @inline(__always)
    func rawFieldLength(_ i: Int) -> Int { row.end(i) - row.start(i) }

    /// The first bytes of the row's text, for a reject's `raw` (`InputLimits.rawPrefix`).
    func rowPrefix() -> String {
        InputLimits.rawPrefix(text.extracting(rowStart..<min(rowEnd, rowStart + InputLimits.rawPrefixBytes)))
    }

    /// Field `i`'s value as a string; invalid UTF-8 becomes U+FFFD.
    func fieldString(_ i: Int) -> String {
        fieldBytes(i).string
    }

    /// The row's text without its line break; invalid UTF-8 becomes U+FFFD.
    func rowString() -> String {
        text.extracting(rowStart..<rowEnd).string
    }

    /// Unescapes a quoted field's raw text `"..."` into `scratch`: doubled
    /// quotes become one, the closing quote goes, text after it stays.
    private func unescape(_ start: Int, _ end: Int) {
        scratch.removeAll()
        scratch.reserve(end - start)
        var i = start + 1
        while i < end {
            let c = text[i]
            if c == CSVByte.quote {
                if i + 1 < end && text[i + 1] == CSVByte.quote {
                    scratch.append(CSVByte.quote)
                    i += 2
                    continue
                }
                scratch.append(text.extracting(i + 1..<end))
                break
            }
            scratch.append(c)
            i += 1
        }
    }
}
