/// Writes CSV the way SPEC 9 wants it for spreadsheet programs.
///
/// - UTF-8 with a byte order mark: without it Excel opens UTF-8 CSV in the
///   system's code page (GBK on a Chinese Windows) and garbles every name.
/// - RFC 4180: a field holding a comma, a double quote, CR or LF is quoted,
///   its double quotes doubled; everything else is written as it is.
/// - Records end with CRLF: RFC 4180 §2 asks for it, and Excel, LibreOffice
///   and Numbers read it on every platform (a bare LF confuses some Windows
///   tools). A line break inside a quoted field is kept as the input had it.
/// - Formula guard: a text field that begins with `=`, `+`, `-`, `@`, tab or
///   carriage return is written with a leading `'`, so a spreadsheet shows
///   it as text and never runs it as a formula (CSV injection). The guard
///   comes first, the quoting after, so `=1,2` becomes `"'=1,2"`.
///
/// Numbers are written plainly, without the guard: `.integer` and
/// `.decimal` fields are formatted here from integers, so they are digits,
/// an optional point and, for a negative value, a leading minus, which a
/// spreadsheet reads as a number, not a formula. (No column of the plan
/// files can be negative.) Everything that came from the inputs — ids,
/// names, messages, raw text — is `.text` and always guarded.
public struct CSVWriter: Sendable {
    /// One field of a record.
    public enum Field: Hashable, Sendable {
        /// Text, guarded against formulas and quoted as needed.
        case text(String)
        /// A whole number, written plainly.
        case integer(Int64)
        /// `units × 10^-scale` with exactly `scale` decimals (`(123, 1)` → `12.3`), written plainly.
        case decimal(units: Int64, scale: Int)
        /// `true` or `false`.
        case boolean(Bool)
    }

    /// The bytes so far, starting with the byte order mark.
    public private(set) var bytes: [UInt8] = [0xEF, 0xBB, 0xBF]

    /// Starts a file with the byte order mark and the header record.
    public init(header: [String]) {
        append(header.map(Field.text))
    }

    /// Appends one record and its CRLF.
    /// - Complexity: O(total length of the fields).
    public mutating func append(_ record: [Field]) {
        for (i, field) in record.enumerated() {
            if i > 0 { bytes.append(CSVWriter.comma) }
            switch field {
            case .text(let text): appendText(text)
            case .integer(let value): bytes.append(contentsOf: String(value).utf8)
            case .decimal(let units, let scale): appendDecimal(units, scale: scale)
            case .boolean(let value): bytes.append(contentsOf: (value ? "true" : "false").utf8)
            }
        }
        bytes.append(CSVWriter.carriageReturn)
        bytes.append(CSVWriter.lineFeed)
    }

    /// The bytes of `text` as one field: guarded, then quoted if needed.
    /// - Complexity: O(n); a field with no quote is copied at once.
    private mutating func appendText(_ text: String) {
        var text = text
        text.withUTF8 { appendText($0) }
    }

    private mutating func appendText(_ field: UnsafeBufferPointer<UInt8>) {
        guard let first = field.first else { return }
        let guarded = CSVWriter.startsFormula(first)
        var quoted = false
        for b in field where b == CSVWriter.comma || b == CSVWriter.quote || b == CSVWriter.carriageReturn
            || b == CSVWriter.lineFeed {
            quoted = true
            break
        }
        if quoted { bytes.append(CSVWriter.quote) }
        if guarded { bytes.append(CSVWriter.apostrophe) }
        guard quoted else { return bytes.append(contentsOf: field) }
        var runStart = 0
        for i in 0..<field.count where field[i] == CSVWriter.quote {
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: field[runStart...i]))
            bytes.append(CSVWriter.quote)
            runStart = i + 1
        }
        bytes.append(contentsOf: UnsafeBufferPointer(rebasing: field[runStart...]))
        bytes.append(CSVWriter.quote)
    }

    private mutating func appendDecimal(_ units: Int64, scale: Int) {
        CSVWriter.appendDecimal(units, scale: scale, to: &bytes)
    }

    /// `units × 10^-scale` with exactly `scale` decimals, as text: how every
    /// published file writes a fixed-point figure (`(123, 1)` → `12.3`).
    public static func decimalText(_ units: Int64, scale: Int) -> String {
        var bytes = [UInt8]()
        appendDecimal(units, scale: scale, to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// `units × 10^-scale` with exactly `scale` decimals: digits, a point when
    /// `scale` > 0, a leading `0` before it, a leading minus when negative.
    /// - Complexity: O(number of digits + scale).
    private static func appendDecimal(_ units: Int64, scale: Int, to bytes: inout [UInt8]) {
        if units < 0 { bytes.append(CSVWriter.minus) }
        var digits = Array(String(units.magnitude).utf8)
        if scale > 0 && digits.count <= scale {
            digits.insert(contentsOf: repeatElement(CSVWriter.zero, count: scale + 1 - digits.count), at: 0)
        }
        let point = digits.count - max(scale, 0)
        bytes.append(contentsOf: digits[..<point])
        guard scale > 0 else { return }
        bytes.append(CSVWriter.point)
        bytes.append(contentsOf: digits[point...])
    }

    /// Whether a field beginning with `byte` could be run as a formula: `=`, `+`, `-`, `@`, tab, CR.
    public static func startsFormula(_ byte: UInt8) -> Bool {
        byte == 0x3D || byte == 0x2B || byte == 0x2D || byte == 0x40 || byte == 0x09 || byte == carriageReturn
    }

    /// A text field read back as it was before the formula guard: without the
    /// leading `'` before `=`, `+`, `-`, `@`, tab or CR. (A field that itself
    /// began with such an apostrophe comes back without it.)
    public static func unguarded(_ field: String) -> String {
        let bytes = field.utf8
        guard bytes.count >= 2, bytes.first == apostrophe,
              startsFormula(bytes[bytes.index(after: bytes.startIndex)]) else { return field }
        return String(field.dropFirst())
    }

    private static let comma = UInt8(ascii: ",")
    private static let quote = UInt8(ascii: "\"")
    private static let apostrophe = UInt8(ascii: "'")
    private static let minus = UInt8(ascii: "-")
    private static let point = UInt8(ascii: ".")
    private static let zero = UInt8(ascii: "0")
    private static let carriageReturn: UInt8 = 0x0D
    private static let lineFeed: UInt8 = 0x0A
}
