/// The control characters no output of allot carries as they are: NUL and
/// the other C0 controls but tab, line feed and carriage return (U+0000 to
/// U+001F), DEL (U+007F) and the C1 controls (U+0080 to U+009F).
///
/// A spreadsheet or `grep` takes a file holding a NUL for binary, XML 1.0
/// cannot hold most of them, and none shows on a page. Tab, LF and CR are
/// text: a CSV field holds them quoted, XML and HTML as they are. So a value
/// holding one rejects its record (`RejectCode.controlCharacter`, naming the
/// field; ingest's `RecordNormalizer`, the registry and the overrides), and a
/// reject's texts show each one escaped, `\u0000` (`Reject` escapes what it
/// is given).
public enum ControlCharacters {
    /// Whether `scalar` is one of them.
    @inline(__always)
    public static func isRefused(_ scalar: Unicode.Scalar) -> Bool {
        let v = scalar.value
        return v < 0x20 ? v != 0x09 && v != 0x0A && v != 0x0D : v >= 0x7F && v <= 0x9F
    }

    /// The first of them in `text` and its position (1 for the first character).
    /// - Complexity: O(n); text without a byte that can start one is not looked at twice.
    @inlinable
    public static func first(in text: String) -> (scalar: Unicode.Scalar, position: Int)? {
        guard mayHold(text) else { return nil }
        return firstScalar(in: text)
    }

    /// `first(in:)` once `mayHold` has found a suspect byte.
    @usableFromInline
    static func firstScalar(in text: String) -> (scalar: Unicode.Scalar, position: Int)? {
        var position = 0
        for character in text {
            position += 1
            if let scalar = character.unicodeScalars.first(where: isRefused) { return (scalar, position) }
        }
        return nil
    }

    /// `text` with each of them written as `\u` and four hexadecimal digits
    /// (`\u0000` for NUL, `\u001B` for ESC); everything else as it is.
    /// - Complexity: O(n); text without one is returned without a copy.
    public static func escaped(_ text: String) -> String {
        guard mayHold(text), text.unicodeScalars.contains(where: isRefused) else { return text }
        var out = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            if isRefused(scalar) {
                out.append(contentsOf: written(scalar).unicodeScalars)
            } else {
                out.append(scalar)
            }
        }
        return String(out)
    }

    /// How a message names `scalar`: `\u0000`.
    public static func written(_ scalar: Unicode.Scalar) -> String {
        let hex = String(scalar.value, radix: 16, uppercase: true)
        return "\\u" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
    }

    /// False when no UTF-8 byte of `text` can start one: none below 0x20 but
    /// tab, LF and CR, no 0x7F, no 0xC2 (the lead byte of U+0080 to U+00BF).
    /// It runs on every value of every record, so it is inlined into ingest,
    /// reads the string's own bytes when it has them in one piece (a native
    /// string does) and looks closer only at a byte that can start one. Before
    /// that it was 3 % of the CPU samples of a 100 MB XML feed's read.
    @inlinable @inline(__always)
    static func mayHold(_ text: String) -> Bool {
        @inline(__always) func suspect(_ b: UInt8) -> Bool {
            b < 0x20 ? b != 0x09 && b != 0x0A && b != 0x0D : b == 0x7F || b == 0xC2
        }
        if let found = text.utf8.withContiguousStorageIfAvailable({ bytes -> Bool in
            for b in bytes where b < 0x20 || b == 0x7F || b == 0xC2 { if suspect(b) { return true } }
            return false
        }) {
            return found
        }
        return text.utf8.contains(where: suspect)
    }
}
