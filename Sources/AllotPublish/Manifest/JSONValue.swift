/// A JSON document built in a fixed order and written byte for byte the same
/// every time: object members in the order given, numbers as literals
/// formatted by the caller from integers (`DecimalText`), never from a
/// `Double`'s default printing. `manifest.json` and `allot validate --format json`
/// write through it.
public indirect enum JSONValue: Sendable {
    case object([(key: String, value: JSONValue)])
    case array([JSONValue])
    case string(String)
    /// A JSON number literal, already formatted (`12`, `0.3333`, `1.25`).
    case number(String)
    case bool(Bool)
    case null

    public static func integer<I: BinaryInteger>(_ value: I) -> JSONValue { .number(String(value)) }

    /// Two-space indentation; an object or array whose members are all
    /// scalars on one line (an input's counts, a record key), others one
    /// member a line. Ends with a line feed.
    /// - Complexity: O(size of the document).
    public func serialized() -> [UInt8] {
        var out = [UInt8]()
        write(to: &out, indent: 0)
        out.append(0x0A)
        return out
    }

    private var isScalar: Bool {
        switch self {
        case .object, .array: return false
        default: return true
        }
    }

    private func write(to out: inout [UInt8], indent: Int) {
        switch self {
        case .object(let members):
            writeContainer(members.map { ($0.key, $0.value) }, open: 0x7B, close: 0x7D, to: &out, indent: indent)
        case .array(let elements):
            writeContainer(elements.map { (nil, $0) }, open: 0x5B, close: 0x5D, to: &out, indent: indent)
        case .string(let text): JSONValue.writeString(text, to: &out)
        case .number(let literal): out.append(contentsOf: literal.utf8)
        case .bool(let value): out.append(contentsOf: (value ? "true" : "false").utf8)
        case .null: out.append(contentsOf: "null".utf8)
        }
    }

    private func writeContainer(_ members: [(String?, JSONValue)], open: UInt8, close: UInt8,
                                to out: inout [UInt8], indent: Int) {
        out.append(open)
        defer { out.append(close) }
        guard !members.isEmpty else { return }
        let inline = members.allSatisfy { $0.1.isScalar }
        for (i, (key, value)) in members.enumerated() {
            if i > 0 { out.append(0x2C) }
            if inline {
                if i > 0 { out.append(0x20) }
            } else {
                out.append(0x0A)
                out.append(contentsOf: repeatElement(0x20, count: 2 * (indent + 1)))
            }
            if let key {
                JSONValue.writeString(key, to: &out)
                out.append(contentsOf: ": ".utf8)
            }
            value.write(to: &out, indent: indent + 1)
        }
        if !inline {
            out.append(0x0A)
            out.append(contentsOf: repeatElement(0x20, count: 2 * indent))
        }
    }

    /// A JSON string: `"` and `\` escaped, control characters as `\n`, `\r`,
    /// `\t`, `\b`, `\f` or `\u00XX`; everything else as UTF-8.
    private static func writeString(_ text: String, to out: inout [UInt8]) {
        out.append(0x22)
        for b in text.utf8 {
            switch b {
            case 0x22: out.append(contentsOf: "\\\"".utf8)
            case 0x5C: out.append(contentsOf: "\\\\".utf8)
            case 0x0A: out.append(contentsOf: "\\n".utf8)
            case 0x0D: out.append(contentsOf: "\\r".utf8)
            case 0x09: out.append(contentsOf: "\\t".utf8)
            case 0x08: out.append(contentsOf: "\\b".utf8)
            case 0x0C: out.append(contentsOf: "\\f".utf8)
            case 0..<0x20:
                let hex: [UInt8] = Array("0123456789abcdef".utf8)
                out.append(contentsOf: "\\u00".utf8)
                out.append(hex[Int(b >> 4)])
                out.append(hex[Int(b & 0xF)])
            default: out.append(b)
            }
        }
        out.append(0x22)
    }
}
