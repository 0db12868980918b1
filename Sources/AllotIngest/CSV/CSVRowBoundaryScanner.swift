/// Finds where rows end in a stream of CSV text without splitting fields,
/// so the text can be cut into chunks that parse independently.
///
/// It follows the same states as `CSVRowTokenizer` (a quote opens a quoted
/// field only at a field's start; a quote elsewhere is literal), so both
/// agree on every row boundary. It jumps from quote to quote with `memchr`:
/// text without quotes costs one `memchr` and a short backward search for
/// the last line feed.
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
    ///   ends a row, or `nil` when none does.
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
            if let lf = Self.lastLineFeed(p, from: position, to: q) { rowEnd = lf + 1 }
            if q > position {
                let b = p[q - 1]
                state = b == CSVByte.comma || b == CSVByte.lineFeed ? .fieldStart : .unquoted
            }
            if q == end { break }
            if state != .unquoted { state = .quoted }
            position = q + 1
        }
        return rowEnd
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
}
