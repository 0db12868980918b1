/// An HTML document built as bytes, every piece of text escaped on the way in.
///
/// Only `raw` takes markup as it is, and it is only ever called with string
/// literals of this module; anything that came from the inputs (names, ids,
/// notes, messages) goes through `text`, which escapes `& < > " '`, so a
/// feed can never add an element or an attribute to the report.
struct HTMLText {
    private(set) var bytes: [UInt8] = []

    init(capacity: Int = 0) { bytes.reserveCapacity(capacity) }

    /// Markup written by this module.
    mutating func raw(_ markup: String) { bytes.append(contentsOf: markup.utf8) }

    /// Text, escaped for an element's content or a quoted attribute value.
    /// - Complexity: O(n); text with nothing to escape is copied at once.
    mutating func text(_ text: String) {
        let utf8 = text.utf8
        guard utf8.contains(where: HTMLText.needsEscape) else { return bytes.append(contentsOf: utf8) }
        for byte in utf8 {
            switch byte {
            case UInt8(ascii: "&"): bytes.append(contentsOf: "&amp;".utf8)
            case UInt8(ascii: "<"): bytes.append(contentsOf: "&lt;".utf8)
            case UInt8(ascii: ">"): bytes.append(contentsOf: "&gt;".utf8)
            case UInt8(ascii: "\""): bytes.append(contentsOf: "&quot;".utf8)
            case UInt8(ascii: "'"): bytes.append(contentsOf: "&#39;".utf8)
            default: bytes.append(byte)
            }
        }
    }

    /// `<tag class="…">text</tag>` with the text escaped.
    mutating func element(_ tag: String, _ content: String, class className: String? = nil) {
        raw("<" + tag)
        if let className { raw(" class=\"" + className + "\"") }
        raw(">")
        text(content)
        raw("</" + tag + ">")
    }

    private static func needsEscape(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: "&") || byte == UInt8(ascii: "<") || byte == UInt8(ascii: ">")
            || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "'")
    }

    /// The escaped form of `text`, for building attribute values.
    static func escaped(_ text: String) -> String {
        var html = HTMLText()
        html.text(text)
        return String(decoding: html.bytes, as: UTF8.self)
    }
}

// MARK: - Numbers as people read them

extension HTMLText {
    /// `1234567` → `1,234,567`.
    static func grouped<Integer: BinaryInteger>(_ value: Integer) -> String {
        let digits = String(value.magnitude)
        var out = ""
        out.reserveCapacity(digits.count + digits.count / 3 + 1)
        for (i, c) in digits.enumerated() {
            if i > 0 && (digits.count - i) % 3 == 0 { out.append(",") }
            out.append(c)
        }
        return value < 0 ? "-" + out : out
    }

    /// A share as a percentage with one decimal, computed from integers and rounded half up: `(1, 3)` → `33.3%`.
    /// Any figure of the plan (a 64-bit quantity or a 128-bit sum) is exact here.
    static func percent<Integer: BinaryInteger>(_ part: Integer, of whole: Integer) -> String {
        guard whole > 0 else { return "—" }
        let p = UInt128(max(0, min(part, whole))), w = UInt128(whole)
        let (q, r) = w.dividingFullWidth(p.multipliedFullWidth(by: 1000))
        let tenths = r >= w - r ? q + 1 : q
        return DecimalText.fixed(Int64(tenths), scale: 1) + "%"
    }

    /// Thousandths of `part ÷ whole` (0...1000), for bar lengths.
    static func permille<Integer: BinaryInteger>(_ part: Integer, of whole: Integer) -> Int {
        guard whole > 0 else { return 0 }
        let p = UInt128(max(0, min(part, whole))), w = UInt128(whole)
        return Int(w.dividingFullWidth(p.multipliedFullWidth(by: 1000)).quotient)
    }
}
