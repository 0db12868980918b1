import AllotCore

/// Reads SPEC 2's dates (`2020-02-11`, `2020/2/11`, `2020年2月11日`, a time part
/// ignored) and timestamps (ISO 8601 with an optional zone, none meaning
/// Asia/Shanghai; or a date alone, meaning its midnight).
public enum DateText {
    /// The calendar date at the start of `text`, ignoring a time part; `nil` when there is none.
    public static func date(_ text: String) -> CalendarDate? {
        var scanner = ByteScanner(TextNormalization.nfkc(text.trimmingSpaces()))
        guard let date = scanner.scanDate() else { return nil }
        scanner.skipSpaces()
        if scanner.atEnd { return date }
        // A time part follows: `T08:00`, ` 8:00:00`, `T08:00:00+08:00`. It must at least look like one.
        if scanner.peek == UInt8(ascii: "T") { scanner.advance() }
        scanner.skipSpaces()
        return scanner.scanTime() != nil ? date : nil
    }

    /// The instant `text` names; `nil` when it is not a timestamp.
    public static func instant(_ text: String) -> Instant? {
        var scanner = ByteScanner(TextNormalization.nfkc(text.trimmingSpaces()))
        guard let date = scanner.scanDate() else { return nil }
        scanner.skipSpaces()
        if scanner.atEnd { return Instant(shanghaiMidnightOf: date) }
        if scanner.peek == UInt8(ascii: "T") { scanner.advance() }
        scanner.skipSpaces()
        guard let micros = scanner.scanTime() else { return nil }
        scanner.skipSpaces()
        var offsetMinutes = Instant.shanghaiOffsetMinutes
        if !scanner.atEnd {
            guard let zone = scanner.scanZone() else { return nil }
            offsetMinutes = zone
        }
        guard scanner.atEnd else { return nil }
        let localMicros = Int64(date.dayNumber) * 86_400_000_000 + micros
        return Instant(microsecondsSinceEpoch: localMicros - Int64(offsetMinutes) * 60_000_000)
    }
}

/// A cursor over UTF-8 bytes for the small grammars of dates and times.
struct ByteScanner {
    let bytes: [UInt8]
    var position = 0

    init(_ text: String) { bytes = Array(text.utf8) }

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

    mutating func scan(_ literal: String) -> Bool {
        let l = Array(literal.utf8)
        guard position + l.count <= bytes.count, Array(bytes[position..<position + l.count]) == l else { return false }
        advance(l.count)
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
