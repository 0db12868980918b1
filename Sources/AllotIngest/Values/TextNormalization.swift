import Foundation

/// NFKC and the lookup keys SPEC 2 compares names by.
public enum TextNormalization {
    /// NFKC (full-width `ＫＮ９５` becomes `KN95`). Text that NFKC leaves alone — ASCII and the
    /// unified ideographs U+4000–U+9FFF, which is what `12吨`, `123.5万只` and `2020年2月11日`
    /// are made of — is returned as is without calling into Foundation.
    public static func nfkc(_ text: String) -> String {
        if isNFKCInvariant(text.utf8) { return text }
        return text.precomposedStringWithCompatibilityMapping
    }

    /// True when every scalar is ASCII or a unified ideograph of U+4000–U+9FFF (UTF-8 lead bytes E4–E9).
    static func isNFKCInvariant(_ bytes: String.UTF8View) -> Bool {
        var pending = 0
        for b in bytes {
            if pending > 0 {
                pending -= 1
            } else if b >= 0x80 {
                guard b >= 0xE4 && b <= 0xE9 else { return false }
                pending = 2
            }
        }
        return true
    }

    /// Trimmed, NFKC, latin letters lower-cased: how materials and units are matched.
    public static func lookupKey(_ text: String) -> String {
        lowercasingLatin(nfkc(text.trimmingSpaces()).trimmingSpaces())
    }

    /// Lower-cases ASCII letters only, leaving every other character alone.
    static func lowercasingLatin(_ text: String) -> String {
        guard text.utf8.contains(where: { $0 >= 65 && $0 <= 90 }) else { return text }
        return String(decoding: text.utf8.map { ($0 >= 65 && $0 <= 90) ? $0 + 32 : $0 }, as: UTF8.self)
    }
}
