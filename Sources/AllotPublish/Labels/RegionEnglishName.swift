import Foundation

/// A Chinese administrative unit's name in English: the proper name in
/// Hanyu Pinyin without tone marks, then the English word for the kind of
/// unit (`聊城市` → `Liaocheng City`, `东阿县` → `Dong'a County`,
/// `内蒙古自治区` → `Neimenggu Autonomous Region`).
///
/// The Pinyin comes from ICU's Mandarin-to-Latin transform, which Foundation
/// carries on every platform; it takes the common reading of a character,
/// which is sometimes not the place name's (a reader always has the region
/// code beside the name). Syllables are joined, and an apostrophe separates
/// a syllable that begins with a, o or e, as Pinyin writes `Xi'an`.
enum RegionEnglishName {
    /// Endings of unit names and their English words, longest first.
    static let suffixes: [(String, String)] = [
        ("特别行政区", "Special Administrative Region"),
        ("自治区", "Autonomous Region"), ("自治州", "Autonomous Prefecture"), ("自治县", "Autonomous County"),
        ("自治旗", "Autonomous Banner"), ("林区", "Forestry District"), ("特区", "Special District"),
        ("地区", "Prefecture"), ("新区", "New District"),
        ("省", "Province"), ("市", "City"), ("县", "County"), ("区", "District"), ("盟", "League"), ("旗", "Banner"),
    ]

    static func name(for chinese: String) -> String {
        var stem = Substring(chinese), english = ""
        for (suffix, word) in suffixes where chinese.hasSuffix(suffix) && chinese.count > suffix.count {
            stem = chinese.dropLast(suffix.count)
            english = word
            break
        }
        let pinyin = pinyin(String(stem))
        guard !pinyin.isEmpty else { return chinese }
        return english.isEmpty ? pinyin : pinyin + " " + english
    }

    /// `聊城` → `Liaocheng`; text ICU cannot transform is kept as it is.
    static func pinyin(_ text: String) -> String {
        guard let latin = text.applyingTransform(.mandarinToLatin, reverse: false),
              let plain = latin.applyingTransform(.stripDiacritics, reverse: false) else { return text }
        var out = ""
        for syllable in plain.split(separator: " ") {
            let lower = syllable.lowercased()
            if !out.isEmpty, let first = lower.first, "aoe".contains(first) { out += "'" }
            out += lower
        }
        return out.prefix(1).uppercased() + out.dropFirst()
    }
}
