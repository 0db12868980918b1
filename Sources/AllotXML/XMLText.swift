/// Byte-level text helpers for XML: white space as XML defines it, and
/// escaping for the reconstruction of a record in a reject's `raw`.
public enum XMLText {
    /// XML's white space: space, tab, line feed, carriage return.
    @inline(__always)
    public static func isSpace(_ b: UInt8) -> Bool { b == 0x20 || b == 0x0A || b == 0x09 || b == 0x0D }

    /// Bytes `escape` replaces in element content, one bit each (all are below 64).
    public static var contentSpecials: UInt64 { 1 << 0x26 | 1 << 0x3C | 1 << 0x3E | 1 << 0x0D }
    /// Bytes `escape` replaces in an attribute value.
    public static var attributeSpecials: UInt64 { contentSpecials | 1 << 0x22 | 1 << 0x0A | 1 << 0x09 }

    /// What `b` is written as in element content, or with `inAttribute` in a
    /// double-quoted attribute value; `nil` when it stands for itself.
    @inline(__always)
    public static func escape(_ b: UInt8, inAttribute: Bool) -> StaticString? {
        switch b {
        case UInt8(ascii: "&"): return "&amp;"
        case UInt8(ascii: "<"): return "&lt;"
        case UInt8(ascii: ">"): return "&gt;"
        case UInt8(ascii: "\""): return inAttribute ? "&quot;" : nil
        case 0x0A: return inAttribute ? "&#10;" : nil
        case 0x0D: return "&#13;"
        case 0x09: return inAttribute ? "&#9;" : nil
        default: return nil
        }
    }
}
