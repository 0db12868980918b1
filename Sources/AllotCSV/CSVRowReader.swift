/// Splits small CSV files into records: the RFC 4180 rules every CSV that is
/// not a feed is read by (reference tables, overrides, our own plan files).
///
/// Quoted fields may hold commas, doubled quotes and line breaks; rows end
/// with LF, CRLF or a CR alone (old Mac text, which spreadsheets still
/// write), mixed as they come; a line break inside a quoted field is data.
/// Every line break counts as a line, quoted ones too; blank lines (nothing,
/// or only spaces and tabs) are skipped but counted. It is lenient where spreadsheets are sloppy: a quote
/// inside an unquoted field is kept literally, and so is text after a closing
/// quote (`"a"b` reads `ab`). A quoted field still open at the end of the text
/// makes the row `.unterminatedQuote`; it then holds the rest of the text. A
/// row that is not UTF-8 is `.invalidEncoding`, its bad bytes read U+FFFD.
///
/// Feeds, which can be hundreds of megabytes, have a byte-level reader of
/// their own in AllotIngest that splits rows by the same rules; a test holds
/// the two to the same records.
public struct CSVRowReader: Sendable {
    /// What has been read so far.
    public private(set) var table = CSVTable()
    /// The physical line the next text starts on.
    private var line = 1

    public init() {}

    /// Reads the rows of `text`: UTF-8 holding whole rows, the whole file or
    /// its next piece that ends where a row ends, after the row's whole line
    /// break (a piece that ends with a CR is not followed by one that starts
    /// with its LF).
    /// - Parameter invalidOffsets: offsets in `text`, in increasing order, of
    ///   bytes a decoder could not read and replaced with U+FFFD; their rows
    ///   become `.invalidEncoding` too.
    /// - Complexity: O(`text.count`); every field becomes a `String`.
    public mutating func read(_ text: UnsafeBufferPointer<UInt8>, invalidOffsets: [Int] = []) {
        var rows = CSVRowSplitter(text)
        var nextInvalid = 0
        while let row = rows.next() {
            while nextInvalid < invalidOffsets.count && invalidOffsets[nextInvalid] < row.start { nextInvalid += 1 }
            let bytes = UnsafeBufferPointer(rebasing: text[row.start..<row.end])
            var record = CSVRecord(line: line + row.lineBreaksBefore, fields: row.fields,
                                   raw: String(decoding: bytes, as: UTF8.self))
            if row.isUnterminated {
                record.problem = .unterminatedQuote
            } else if nextInvalid < invalidOffsets.count && invalidOffsets[nextInvalid] < row.end
                || !CSVRowSplitter.isUTF8(bytes) {
                record.problem = .invalidEncoding
            }
            if table.header == nil { table.header = record } else { table.rows.append(record) }
        }
        line += rows.lineBreaks
    }
}

// MARK: - Splitting

/// Walks UTF-8 text row by row, by the rules `CSVRowReader` states.
struct CSVRowSplitter {
    /// One row that is not blank.
    struct Row {
        var fields: [String]
        /// The row's text, its line break excluded.
        var start: Int
        var end: Int
        /// Line breaks in the text before `start`.
        var lineBreaksBefore: Int
        var isUnterminated: Bool
    }

    private let text: UnsafeBufferPointer<UInt8>
    private var position = 0
    /// Line breaks (LF, CRLF or a bare CR) passed so far, quoted ones included.
    private(set) var lineBreaks = 0

    init(_ text: UnsafeBufferPointer<UInt8>) { self.text = text }

    /// The next row that is not blank, or `nil` at the end of the text.
    /// - Complexity: O(row length).
    mutating func next() -> Row? {
        let end = text.count
        while true {
            while position < end {
                if text[position] == lineFeed || text[position] == carriageReturn {
                    position = afterLineBreak(at: position)
                } else {
                    break
                }
                lineBreaks += 1
            }
            guard position < end else { return nil }
            var row = Row(fields: [], start: position, end: position, lineBreaksBefore: lineBreaks,
                          isUnterminated: false)
            var sawQuote = false
            while true {
                let fieldStart = position
                if position == end {
                    // A comma ended the text: one more, empty field.
                    row.fields.append("")
                    row.end = position
                    break
                }
                if text[position] == quote {
                    sawQuote = true
                    if readQuotedField(from: fieldStart, into: &row) { break }
                } else {
                    var q = position
                    while q < end && text[q] != comma && text[q] != lineFeed && text[q] != carriageReturn { q += 1 }
                    if q < end && text[q] == comma {
                        row.fields.append(string(fieldStart, q))
                        position = q + 1
                        continue
                    }
                    row.fields.append(string(fieldStart, q))
                    row.end = q
                    endRow(at: q)
                    break
                }
            }
            if row.fields.count == 1 && !sawQuote && isBlank(row.start, row.end) { continue }
            return row
        }
    }

    /// Reads the quoted field that opens at `start` into `row`.
    /// - Returns: whether the row ends with it.
    private mutating func readQuotedField(from start: Int, into row: inout Row) -> Bool {
        let end = text.count
        var q = start + 1
        var closed = false
        while q < end {
            if text[q] == quote {
                if q + 1 < end && text[q + 1] == quote {
                    q += 2
                    continue
                }
                closed = true
                break
            }
            if text[q] == lineFeed || text[q] == carriageReturn && (q + 1 == end || text[q + 1] != lineFeed) {
                lineBreaks += 1
            }
            q += 1
        }
        guard closed else {
            row.isUnterminated = true
            var e = end
            if e > start + 1 && text[e - 1] == lineFeed {
                e -= 1
                if e > start + 1 && text[e - 1] == carriageReturn { e -= 1 }
            } else if e > start + 1 && text[e - 1] == carriageReturn {
                e -= 1
            }
            row.fields.append(unquoted(start, e))
            row.end = e
            position = end
            return true
        }
        // The closing quote is at q.
        let r = q + 1
        if r == end {
            row.fields.append(unquoted(start, r))
            row.end = r
            position = r
            return true
        }
        if text[r] == comma {
            row.fields.append(unquoted(start, r))
            position = r + 1
            return false
        }
        if text[r] == lineFeed || text[r] == carriageReturn {
            row.fields.append(unquoted(start, r))
            row.end = r
            endRow(at: r)
            return true
        }
        // Text after the closing quote: kept, up to the field's end.
        var t = r
        while t < end && text[t] != comma && text[t] != lineFeed && text[t] != carriageReturn { t += 1 }
        if t < end && text[t] == comma {
            row.fields.append(unquoted(start, t))
            position = t + 1
            return false
        }
        row.fields.append(unquoted(start, t))
        row.end = t
        endRow(at: t)
        return true
    }

    /// Moves past the line break at `lineBreakAt` (an LF, a CR and the LF
    /// after it, or a CR alone), or to the end of the text when it is there.
    private mutating func endRow(at lineBreakAt: Int) {
        if lineBreakAt < text.count {
            position = afterLineBreak(at: lineBreakAt)
            lineBreaks += 1
        } else {
            position = text.count
        }
    }

    /// Where the text after the line break at `i` starts.
    private func afterLineBreak(at i: Int) -> Int {
        i + 1 < text.count && text[i] == carriageReturn && text[i + 1] == lineFeed ? i + 2 : i + 1
    }

    private func string(_ start: Int, _ end: Int) -> String {
        String(decoding: UnsafeBufferPointer(rebasing: text[start..<end]), as: UTF8.self)
    }

    /// A quoted field's value from its raw text `text[start..<end]`, which
    /// opens with a quote: doubled quotes become one, a closing quote goes,
    /// text after it stays.
    private func unquoted(_ start: Int, _ end: Int) -> String {
        var bytes = [UInt8]()
        bytes.reserveCapacity(end - start)
        var i = start + 1
        while i < end {
            if text[i] == quote {
                if i + 1 < end && text[i + 1] == quote {
                    bytes.append(quote)
                    i += 2
                    continue
                }
                bytes.append(contentsOf: text[(i + 1)..<end])
                break
            }
            bytes.append(text[i])
            i += 1
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Whether `text[start..<end]` holds only spaces, tabs and carriage returns.
    private func isBlank(_ start: Int, _ end: Int) -> Bool {
        text[start..<end].allSatisfy { $0 == space || $0 == tab || $0 == carriageReturn }
    }

    /// Whether `bytes` are well-formed UTF-8 (Unicode Table 3-7).
    static func isUTF8(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        if bytes.allSatisfy({ $0 < 0x80 }) { return true }
        var iterator = bytes.makeIterator()
        var parser = Unicode.UTF8.ForwardParser()
        while true {
            switch parser.parseScalar(from: &iterator) {
            case .valid: continue
            case .emptyInput: return true
            case .error: return false
            }
        }
    }
}

private let lineFeed: UInt8 = 0x0A
private let carriageReturn: UInt8 = 0x0D
private let quote = UInt8(ascii: "\"")
private let comma = UInt8(ascii: ",")
private let space = UInt8(ascii: " ")
private let tab: UInt8 = 0x09
