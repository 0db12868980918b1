/// Finds where rows end in a stream of CSV text without splitting fields,
/// so the text can be cut into chunks that parse independently.
///
/// It follows the same states as `CSVRowTokenizer` (a quote opens a quoted
/// field only at a field's start, after a comma or a line break; a quote
/// elsewhere is literal), so both agree on every row boundary. It jumps from
/// quote to quote with `memchr`: text without quotes costs one `memchr` and a
/// short backward search for the last line feed.
///
/// Rows are cut after a line feed. A bare CR (old Mac text) ends a row too;
/// it is looked for only in the text before the scan's first line feed, so
/// a file whose rows end with CR alone is still cut into chunks, and text
/// with line feeds costs no more than before. A CR is a row's end only when
/// the byte after it is known and is no LF: the scan never cuts between the
/// CR and the LF of a CRLF.
struct CSVRowBoundaryScanner {
    enum State: UInt8 {
        /// At the start of a field.
        case fieldStart
        /// Inside an unquoted field, or after a quoted field's closing quote.
        case unquoted
        /// Inside a quoted field.
        case quoted
        /// Just after a quote inside a quoted field: it closes the field or doubles.
        case quoteInQuoted
    }

    /// The state after the last byte scanned.
    private(set) var state = State.fieldStart

    /// Scans `start..<end`, continuing from the bytes scanned before.
    /// - Returns: the offset just after the last line feed in the range that
    ///   ends a row, or after a bare CR that does when no line feed does before
    ///   it; `nil` when no row ends in the range.
    /// - Complexity: O(`end` − `start`).
    mutating func scan(_ p: CSVBytes, from start: Int, to end: Int) -> Int? {
        var rowEnd: Int? = nil
        var position = start
        while position < end {
            if state == .quoted {
                guard let q = p.firstIndex(of: CSVByte.quote, from: position, to: end) else { return rowEnd }
                state = .quoteInQuoted
                position = q + 1
                continue
            }
            let q = p.firstIndex(of: CSVByte.quote, from: position, to: end) ?? end
            if let lf = Self.lastLineFeed(p, from: position, to: q) {
                rowEnd = lf + 1
            } else if rowEnd == nil, let cr = Self.lastBareCarriageReturn(p, from: position, to: q, known: end) {
                rowEnd = cr + 1
            }
            if q > position {
                let b = p[q - 1]
                state = b == CSVByte.comma || b == CSVByte.lineFeed || b == CSVByte.carriageReturn
                    ? .fieldStart : .unquoted
            }
            if q == end { break }
            if state != .unquoted { state = .quoted }
            position = q + 1
        }
        return rowEnd
    }

    /// Scans `start..<end` up to the first row end, continuing from the bytes
    /// scanned before; after it the state is a field's start again.
    ///
    /// Unlike `scan`, which finds the last row end to cut chunks, this finds
    /// the end of the row being passed over (`CSVChunkSource` skipping a row
    /// longer than `[limits] line_bytes`), so a bare CR counts wherever it is.
    /// The caller keeps a CR at `end - 1` back unless the text ends there.
    /// - Parameter known: the bytes before `known` may be looked at (the byte
    ///   after a CR at `end - 1`, when it is there).
    /// - Returns: the offset just after the row's line break; `nil` when the
    ///   row does not end in the range.
    /// - Complexity: O(`end` − `start`), a `memchr` per quote.
    mutating func firstRowEnd(_ p: CSVBytes, from start: Int, to end: Int, known: Int) -> Int? {
        var position = start
        while position < end {
            if state == .quoted {
                guard let q = p.firstIndex(of: CSVByte.quote, from: position, to: end) else { return nil }
                state = .quoteInQuoted
                position = q + 1
                continue
            }
            let q = p.firstIndex(of: CSVByte.quote, from: position, to: end) ?? end
            let lf = p.firstIndex(of: CSVByte.lineFeed, from: position, to: q)
            if let cr = p.firstIndex(of: CSVByte.carriageReturn, from: position, to: lf ?? q) {
                state = .fieldStart
                return cr + 1 < known && p[cr + 1] == CSVByte.lineFeed ? cr + 2 : cr + 1
            }
            if let lf {
                state = .fieldStart
                return lf + 1
            }
            if q > position {
                let b = p[q - 1]
                state = b == CSVByte.comma ? .fieldStart : .unquoted
            }
            if q == end { break }
            if state != .unquoted { state = .quoted }
            position = q + 1
        }
        return nil
    }

    /// Line breaks in `start..<end`, quoted or not: each LF, each CRLF once,
    /// each CR that no LF follows (a CR at `end - 1` is one unless the byte
    /// at `end`, before `known`, is an LF).
    /// - Complexity: O(`end` − `start`), a `memchr` per line break.
    static func lineBreaks(_ p: CSVBytes, from start: Int, to end: Int, known: Int) -> Int {
        var n = 0
        var i = start
        while let lf = p.firstIndex(of: CSVByte.lineFeed, from: i, to: end) {
            n += 1
            i = lf + 1
        }
        i = start
        while let cr = p.firstIndex(of: CSVByte.carriageReturn, from: i, to: end) {
            if cr + 1 >= known || p[cr + 1] != CSVByte.lineFeed { n += 1 }
            i = cr + 1
        }
        return n
    }

    @inline(__always)
    static func lastLineFeed(_ p: CSVBytes, from start: Int, to end: Int) -> Int? {
        var i = end - 1
        while i >= start {
            if p[i] == CSVByte.lineFeed { return i }
            i -= 1
        }
        return nil
    }

    /// The last CR in `start..<end` whose next byte, before `known`, is no
    /// LF: a CR at `known - 1` is not decided yet.
    static func lastBareCarriageReturn(_ p: CSVBytes, from start: Int, to end: Int, known: Int) -> Int? {
        var i = end - 1
        while i >= start {
            if p[i] == CSVByte.carriageReturn && i + 1 < known && p[i + 1] != CSVByte.lineFeed { return i }
            i -= 1
        }
        return nil
    }
}
