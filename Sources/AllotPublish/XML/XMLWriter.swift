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
    /// - Complexity: O(n); text with nothing to escape is copied at once.
    static func appendEscaped(_ text: String, to out: inout [UInt8]) {
        let plain = text.utf8.allSatisfy { $0 >= 0x20 && $0 != 0x26 && $0 != 0x3C && $0 != 0x3E && $0 != 0x22 && $0 != 0xEF }
        if plain { return out.append(contentsOf: text.utf8) }
        for scalar in text.unicodeScalars {
            switch scalar.value {
            case 0x26: out.append(contentsOf: "&amp;".utf8)
            case 0x3C: out.append(contentsOf: "&lt;".utf8)
            case 0x3E: out.append(contentsOf: "&gt;".utf8)
            case 0x22: out.append(contentsOf: "&quot;".utf8)
            case 0x09: out.append(contentsOf: "&#9;".utf8)
            case 0x0A: out.append(contentsOf: "&#10;".utf8)
            case 0x0D: out.append(contentsOf: "&#13;".utf8)
            case 0..<0x20, 0xFFFE, 0xFFFF: UTF8.encode("\u{FFFD}") { out.append($0) }
            default: UTF8.encode(scalar) { out.append($0) }
            }
        }
    }
}
