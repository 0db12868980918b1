/// Writes an XML document as UTF-8, one element a line, indented by two
/// spaces, attributes in the order given: the same bytes for the same calls.
///
/// Attribute values are escaped for double quotes (`&amp;`, `&lt;`, `&gt;`,
/// `&quot;`, and tab, line feed and carriage return as character
/// references, so a reader gets them back instead of spaces). Characters
/// XML 1.0 cannot hold at all (C0 controls other than tab, LF and CR;
/// U+FFFE, U+FFFF) are written as U+FFFD: a feed's stray control character
/// must not make the whole file unreadable.
struct XMLWriter {
    private(set) var bytes: [UInt8] = Array("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n".utf8)
    private var open: [String] = []

    /// Opens an element, or with `empty` writes `<name …/>`.
    mutating func start(_ name: String, _ attributes: [(String, String)], empty: Bool = false) {
        indent()
        bytes.append(UInt8(ascii: "<"))
        bytes.append(contentsOf: name.utf8)
        for (attribute, value) in attributes {
            bytes.append(UInt8(ascii: " "))
            bytes.append(contentsOf: attribute.utf8)
            bytes.append(contentsOf: "=\"".utf8)
            XMLWriter.appendEscaped(value, to: &bytes)
            bytes.append(UInt8(ascii: "\""))
        }
        bytes.append(contentsOf: (empty ? "/>\n" : ">\n").utf8)
        if !empty { open.append(name) }
    }

    /// Closes the innermost open element.
    mutating func end() {
        let name = open.removeLast()
        indent()
        bytes.append(contentsOf: "</".utf8)
        bytes.append(contentsOf: name.utf8)
        bytes.append(contentsOf: ">\n".utf8)
    }

    private mutating func indent() {
        bytes.append(contentsOf: repeatElement(UInt8(ascii: " "), count: 2 * open.count))
    }

    /// Appends `text` escaped for a double-quoted attribute value.
    /// - Complexity: O(n); runs with nothing to escape are copied at once.
    static func appendEscaped(_ text: String, to out: inout [UInt8]) {
        var text = text
        text.withUTF8 { field in
            var runStart = 0, i = 0
            while i < field.count {
                var width = 1
                let replacement: StaticString?
                switch field[i] {
                case 0x26: replacement = "&amp;"
                case 0x3C: replacement = "&lt;"
                case 0x3E: replacement = "&gt;"
                case 0x22: replacement = "&quot;"
                case 0x09: replacement = "&#9;"
                case 0x0A: replacement = "&#10;"
                case 0x0D: replacement = "&#13;"
                case 0..<0x20: replacement = "\u{FFFD}"
                // U+FFFE and U+FFFF are EF BF BE and EF BF BF in UTF-8.
                case 0xEF where i + 2 < field.count && field[i + 1] == 0xBF && field[i + 2] >= 0xBE:
                    replacement = "\u{FFFD}"
                    width = 3
                default: replacement = nil
                }
                if let replacement {
                    out.append(contentsOf: UnsafeBufferPointer(rebasing: field[runStart..<i]))
                    replacement.withUTF8Buffer { out.append(contentsOf: $0) }
                    runStart = i + width
                }
                i += width
            }
            out.append(contentsOf: UnsafeBufferPointer(rebasing: field[runStart...]))
        }
    }
}
