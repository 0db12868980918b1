import AllotCore

/// Reads SPEC 2's dates (`2020-02-11`, `2020/2/11`, `2020年2月11日`, a time part
/// ignored) and timestamps (ISO 8601 with an optional zone, none meaning
/// Asia/Shanghai; or a date alone, meaning its midnight).
public enum DateText {
    /// The calendar date at the start of `text`, ignoring a time part; `nil` when there is none.
    public static func date(_ text: String) -> CalendarDate? {
        var normalized = TextNormalization.nfkc(text.trimmingSpaces())
        return CSVBytes.withUTF8(of: &normalized) { bytes in
            var scanner = ByteScanner(bytes)
            return scanner.dateIgnoringTime()
        }
    }

    /// The instant `text` names; `nil` when it is not a timestamp.
    public static func instant(_ text: String) -> Instant? {
        var normalized = TextNormalization.nfkc(text.trimmingSpaces())
        return CSVBytes.withUTF8(of: &normalized) { bytes in
            var scanner = ByteScanner(bytes)
            return scanner.instant()
        }
    }
}

extension ByteScanner {
    mutating func dateIgnoringTime() -> CalendarDate? {
        guard let date = scanDate() else { return nil }
        skipSpaces()
        if atEnd { return date }
        // A time part follows: `T08:00`, ` 8:00:00`, `T08:00:00+08:00`. It must at least look like one.
        if peek == UInt8(ascii: "T") { advance() }
        skipSpaces()
        return scanTime() != nil ? date : nil
    }

    mutating func instant() -> Instant? {
        guard let date = scanDate() else { return nil }
        return instant(after: date)
    }

    /// The rest of `instant()`, once `scanDate()` has read `date`.
    mutating func instant(after date: CalendarDate) -> Instant? {
        skipSpaces()
        if atEnd { return Instant(shanghaiMidnightOf: date) }
        if peek == UInt8(ascii: "T") { advance() }
        skipSpaces()
        guard let micros = scanTime() else { return nil }
        skipSpaces()
        var offsetMinutes = Instant.shanghaiOffsetMinutes
        if !atEnd {
            guard let zone = scanZone() else { return nil }
            offsetMinutes = zone
        }
        guard atEnd else { return nil }
        let localMicros = Int64(date.dayNumber) * 86_400_000_000 + micros
        return Instant(microsecondsSinceEpoch: localMicros - Int64(offsetMinutes) * 60_000_000)
    }
}

/// A cursor over UTF-8 bytes for the small grammars of dates and times.
/// Only valid while its bytes are (a field of a chunk being read, or inside
/// the call that lent a string's UTF-8).
struct ByteScanner {
    let bytes: CSVBytes
    var position = 0

    init(_ bytes: CSVBytes) { self.bytes = bytes }

    var atEnd: Bool { position >= bytes.count }
    var peek: UInt8? { atEnd ? nil : bytes[position] }
    mutating func advance(_ n: Int = 1) { position += n }

    mutating func skipSpaces() {
        while let b = peek, b == 32 || b == 9 { advance() }
    }

    /// Reads `minDigits...maxDigits` ASCII digits.
    mutating func scanNumber(minDigits: Int = 1, maxDigits: Int) -> Int? {
        var value = 0, count = 0
        while count < maxDigits, let b = peek, b >= 48 && b <= 57 {
            value = value * 10 + Int(b - 48)
            count += 1
            advance()
        }
        return count >= minDigits ? value : nil
    }

    mutating func scan(_ literal: StaticString) -> Bool {
        let count = literal.utf8CodeUnitCount
        guard position + count <= bytes.count else { return false }
        let l = literal.utf8Start
        for i in 0..<count where bytes[position + i] != l[i] { return false }
        advance(count)
        return true
    }

    /// `YYYY-M-D`, `YYYY/M/D` or `YYYY年M月D日`.
    mutating func scanDate() -> CalendarDate? {
        guard let year = scanNumber(minDigits: 4, maxDigits: 4) else { return nil }
        let month: Int?, day: Int?
        if scan("年") {
            skipSpaces(); month = scanNumber(maxDigits: 2); skipSpaces()
            guard scan("月") else { return nil }
            skipSpaces(); day = scanNumber(maxDigits: 2); skipSpaces()
            guard scan("日") || scan("号") else { return nil }
        } else if let sep = peek, sep == UInt8(ascii: "-") || sep == UInt8(ascii: "/") {
            advance()
            month = scanNumber(maxDigits: 2)
            guard peek == sep else { return nil }
            advance()
            day = scanNumber(maxDigits: 2)
        } else {
            return nil
        }
        guard let m = month, let d = day else { return nil }
        return CalendarDate(year: year, month: m, day: d)
    }

    /// `H:MM[:SS[.fff]]`, as microseconds since midnight.
    mutating func scanTime() -> Int64? {
        guard let h = scanNumber(maxDigits: 2), h < 24, scan(":"),
              let m = scanNumber(minDigits: 2, maxDigits: 2), m < 60 else { return nil }
        var s = 0, micros = 0
        if scan(":") {
            guard let sec = scanNumber(minDigits: 2, maxDigits: 2), sec <= 60 else { return nil }
            s = min(sec, 59)
            if scan(".") || scan(",") {
                var digits = 0
                while let b = peek, b >= 48 && b <= 57 {
                    if digits < 6 { micros = micros * 10 + Int(b - 48); digits += 1 }
                    advance()
                }
                guard digits > 0 else { return nil }
                for _ in digits..<6 { micros *= 10 }
            }
        }
        return Int64((h * 60 + m) * 60 + s) * 1_000_000 + Int64(micros)
    }

    /// `Z`, `+08:00`, `+0800` or `+08`, as minutes east of UTC.
    mutating func scanZone() -> Int? {
        if scan("Z") || scan("z") { return 0 }
        guard let sign = peek, sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-") else { return nil }
        advance()
        guard let h = scanNumber(minDigits: 2, maxDigits: 2), h <= 14 else { return nil }
        var m = 0
        if scan(":") {
            guard let mm = scanNumber(minDigits: 2, maxDigits: 2) else { return nil }
            m = mm
        } else if let mm = scanNumber(minDigits: 2, maxDigits: 2) {
            m = mm
        }
        guard m < 60 else { return nil }
        let total = h * 60 + m
        return sign == UInt8(ascii: "-") ? -total : total
    }
}
