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
            case .decimal(let units, let scale): bytes.append(contentsOf: DecimalText.fixed(units, scale: scale).utf8)
            case .boolean(let value): bytes.append(contentsOf: (value ? "true" : "false").utf8)
            }
        }
        bytes.append(CSVWriter.carriageReturn)
        bytes.append(CSVWriter.lineFeed)
    }

    /// The bytes of `text` as one field: guarded, then quoted if needed.
    private mutating func appendText(_ text: String) {
        let utf8 = text.utf8
        let guarded = utf8.first.map(CSVWriter.startsFormula) ?? false
        let quoted = utf8.contains { $0 == CSVWriter.comma || $0 == CSVWriter.quote
            || $0 == CSVWriter.carriageReturn || $0 == CSVWriter.lineFeed }
        if quoted { bytes.append(CSVWriter.quote) }
        if guarded { bytes.append(CSVWriter.apostrophe) }
        if quoted {
            for b in utf8 {
                bytes.append(b)
                if b == CSVWriter.quote { bytes.append(b) }
            }
            bytes.append(CSVWriter.quote)
        } else {
            bytes.append(contentsOf: utf8)
        }
    }

    /// Whether a field beginning with `byte` could be run as a formula: `=`, `+`, `-`, `@`, tab, CR.
    public static func startsFormula(_ byte: UInt8) -> Bool {
        byte == 0x3D || byte == 0x2B || byte == 0x2D || byte == 0x40 || byte == 0x09 || byte == carriageReturn
    }

    private static let comma = UInt8(ascii: ",")
    private static let quote = UInt8(ascii: "\"")
    private static let apostrophe = UInt8(ascii: "'")
    private static let carriageReturn: UInt8 = 0x0D
    private static let lineFeed: UInt8 = 0x0A
}
