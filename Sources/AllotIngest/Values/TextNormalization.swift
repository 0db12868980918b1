import Foundation

/// NFKC and the lookup keys SPEC 2 compares names by.
public enum TextNormalization {
    /// NFKC (full-width `ＫＮ９５` becomes `KN95`); ASCII text is returned as is.
    public static func nfkc(_ text: String) -> String {
        if text.utf8.allSatisfy({ $0 < 0x80 }) { return text }
        return text.precomposedStringWithCompatibilityMapping
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
