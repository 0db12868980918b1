import AllotCore

/// How a cell Excel stores as a number reads as the text of a feed value
/// (SPEC 2), so that a workbook's values take the same rules as a CSV's.
///
/// A number is written as Excel shows it in its formula bar: its stored
/// value rounded to 15 significant digits (`0.30000000000000004` is `0.3`),
/// plainly, without an exponent (`1.2E+7` is `12000000`). A number whose
/// cell style shows a date or time is a serial day: whole days since the
/// workbook's epoch and the fraction of the day, written `2020-02-11` or
/// `2020-02-10 18:00:00` (no zone: Asia/Shanghai, as SPEC 2 reads a
/// timestamp without one).
enum XLSXCellText {
    /// The significant digits Excel keeps.
    static let significantDigits = 15

    /// `stored` (a `<v>`'s text) as Excel shows it; the text itself when it is no number.
    /// - Complexity: O(n + |exponent|), the exponent at most 400.
    static func number(_ stored: String) -> String {
        var bytes = Array(stored.utf8)[...]
        var negative = false
        if bytes.first == UInt8(ascii: "-") || bytes.first == UInt8(ascii: "+") {
            negative = bytes.first == UInt8(ascii: "-")
            bytes = bytes.dropFirst()
        }
        var digits = [UInt8]()
        var pointAt: Int?
        var exponent = 0
        var i = bytes.startIndex
        while i < bytes.endIndex {
            let b = bytes[i]
            if b >= 0x30 && b <= 0x39 {
                digits.append(b - 0x30)
            } else if b == UInt8(ascii: "."), pointAt == nil {
                pointAt = digits.count
            } else if b == UInt8(ascii: "E") || b == UInt8(ascii: "e") {
                guard let e = Int(String(decoding: bytes[(i + 1)...], as: UTF8.self)), abs(e) <= 400 else { return stored }
                exponent = e
                break
            } else {
                return stored
            }
            i += 1
        }
        guard !digits.isEmpty else { return stored }
        // value = 0.d1d2d3… × 10^point
        var point = (pointAt ?? digits.count) + exponent
        while let first = digits.first, first == 0 {
            digits.removeFirst()
            point -= 1
        }
        guard !digits.isEmpty else { return "0" }
        if digits.count > significantDigits {
            let roundUp = digits[significantDigits] >= 5
            digits.removeLast(digits.count - significantDigits)
            if roundUp {
                var k = digits.count - 1
                while k >= 0 {
                    if digits[k] == 9 { digits[k] = 0; k -= 1 } else { digits[k] += 1; break }
                }
                if k < 0 {
                    digits.insert(1, at: 0)
                    digits.removeLast()
                    point += 1
                }
            }
        }
        while digits.last == 0 { digits.removeLast() }
        var out = negative ? "-" : ""
        if point <= 0 {
            out += "0." + String(repeating: "0", count: -point) + digits.map(String.init).joined()
        } else if point >= digits.count {
            out += digits.map(String.init).joined() + String(repeating: "0", count: point - digits.count)
        } else {
            out += digits[..<point].map(String.init).joined() + "." + digits[point...].map(String.init).joined()
        }
        return out
    }

    /// The serial day `stored` as a date, with its time when it has one;
    /// `nil` when it is no serial day (negative, or not a number).
    /// `date1904`: the workbook counts from 1904-01-01.
    ///
    /// The 1900 system counts 1900-01-01 as 1 and, as Lotus 1-2-3 did,
    /// takes 1900 for a leap year: serial 60 is 1900-02-29, which never was,
    /// and is written so (a date field then rejects it as `bad_date`).
    static func date(_ stored: String, date1904: Bool) -> String? {
        guard let serial = Double(stored), serial.isFinite, serial >= 0, serial < 3_000_000 else { return nil }
        var day = Int(serial.rounded(.down))
        var seconds = Int(((serial - Double(day)) * 86_400).rounded())
        if seconds >= 86_400 {
            day += 1
            seconds -= 86_400
        }
        let date: String
        if date1904 {
            date = CalendarDate(year: 1904, month: 1, day: 1)!.adding(days: day).description
        } else if day == 60 {
            date = "1900-02-29"
        } else {
            // Serial 1 is 1900-01-01; past the day that never was, one day less.
            date = CalendarDate(year: 1899, month: 12, day: 31)!.adding(days: day < 60 ? day : day - 1).description
        }
        guard seconds > 0 else { return date }
        func two(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
        return "\(date) \(two(seconds / 3600)):\(two(seconds / 60 % 60)):\(two(seconds % 60))"
    }

    /// Whether Excel's built-in number format `id` shows a date or time:
    /// 14–22 and 45–47 everywhere, and 27–36 and 50–58, the dates of the
    /// Chinese, Japanese and Korean editions (`yyyy"年"m"月"d"日"`).
    static func isDateFormat(builtIn id: Int) -> Bool {
        (14...22).contains(id) || (27...36).contains(id) || (45...47).contains(id) || (50...58).contains(id)
    }

    /// Whether a format code (`yyyy/m/d`, `[$-804]yyyy"年"m"月"d"日"`) shows a
    /// date or time: a `y`, `m`, `d`, `h` or `s` outside quoted text,
    /// escaped characters and `[…]` (colours, locales, conditions).
    static func isDateFormat(_ code: String) -> Bool {
        var quoted = false, bracket = false, escaped = false
        for c in code.unicodeScalars {
            if escaped { escaped = false; continue }
            if quoted { if c == "\"" { quoted = false }; continue }
            if bracket { if c == "]" { bracket = false }; continue }
            switch c {
            case "\"": quoted = true
            case "[": bracket = true
            case "\\", "_", "*": escaped = true
            case "y", "Y", "m", "M", "d", "D", "h", "H", "s", "S": return true
            case ";": return false   // the first section decides
            default: break
            }
        }
        return false
    }
}
