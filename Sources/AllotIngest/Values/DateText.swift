import AllotCore

/// Reads SPEC 2's dates (`2020-02-11`, `2020/2/11`, `2020年2月11日`, a time part
/// ignored) and timestamps (ISO 8601 with an optional zone, none meaning
/// Asia/Shanghai; or a date alone, meaning its midnight).
///
/// Both read one grammar: a date, then optionally a time part to the end of
/// the text, as ISO 8601 writes it (`T08:30:00+08:00`) or as bureaus type it
/// (`9时47分`, `下午3点半`); `Documentation/Readings.md` ("Time parts")
/// lists every form and what is refused. A date keeps the day as written and
/// ignores the time; a timestamp honours both.
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
    /// A date, and a time part that is ignored but must be one.
    /// - Complexity: O(n), no allocation.
    mutating func dateIgnoringTime() -> CalendarDate? {
        guard let date = scanDate(), scanTimePartToEnd() != nil else { return nil }
        return date
    }

    /// A date and its time part as an instant; no time part is the date's midnight.
    /// - Complexity: O(n), no allocation.
    mutating func instant() -> Instant? {
        guard let date = scanDate() else { return nil }
        return instant(after: date)
    }

    /// The rest of `instant()`, once `scanDate()` has read `date`.
    mutating func instant(after date: CalendarDate) -> Instant? {
        guard let time = scanTimePartToEnd() else { return nil }
        let localMicros = Int64(date.dayNumber) * 86_400_000_000 + time.microseconds
        let offsetMinutes = time.zoneMinutes ?? Instant.shanghaiOffsetMinutes
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

    /// Reads `character` (ASCII) when it is next. The times' separators and
    /// zones are read with this: `scan(_: StaticString)` is not inlined in
    /// checked builds, which keep `StaticString`'s own preconditions.
    @inline(__always)
    mutating func scan(ascii character: Unicode.Scalar) -> Bool {
        guard position < bytes.count, bytes[position] == UInt8(ascii: character) else { return false }
        advance()
        return true
    }

    /// Reads `literal` (an ideograph or two) when it is next.
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

    /// A clock time, as microseconds since midnight (24:00 is the midnight that ends the day):
    /// `[period] H:MM[:SS[.fff]]`, or `[period] H时|点[minutes]` as `scanChineseMinutes` reads them.
    mutating func scanTime() -> Int64? {
        let period = scanDayPeriod()
        skipSpaces()
        guard let written = scanNumber(maxDigits: 2) else { return nil }
        var m = 0, s = 0, micros = 0
        if scan(ascii: ":") {
            guard let mm = scanNumber(minDigits: 2, maxDigits: 2) else { return nil }
            m = mm
            if scan(ascii: ":") {
                guard let sec = scanNumber(minDigits: 2, maxDigits: 2) else { return nil }
                s = sec
                if scan(ascii: ".") || scan(ascii: ",") {
                    var digits = 0
                    while let b = peek, b >= 48 && b <= 57 {
                        if digits < 6 { micros = micros * 10 + Int(b - 48); digits += 1 }
                        advance()
                    }
                    guard digits > 0 else { return nil }
                    for _ in digits..<6 { micros *= 10 }
                }
            }
        } else {
            skipSpaces()
            let oClock = scan("点")
            guard oClock || scan("时"), let (mm, sec) = scanChineseMinutes(oClock: oClock) else { return nil }
            (m, s) = (mm, sec)
        }
        // A leap second (:60) is read as :59.
        guard m < 60, s <= 60, let h = DayPeriod.hourOfDay(written, period),
              h < 24 || (m == 0 && s == 0 && micros == 0) else { return nil }
        return Int64((h * 60 + m) * 60 + min(s, 59)) * 1_000_000 + Int64(micros)
    }

    /// `Z`, `+08:00`, `+0800` or `+08`, as minutes east of UTC.
    mutating func scanZone() -> Int? {
        if scan(ascii: "Z") || scan(ascii: "z") { return 0 }
        guard let sign = peek, sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-") else { return nil }
        advance()
        guard let h = scanNumber(minDigits: 2, maxDigits: 2), h <= 14 else { return nil }
        var m = 0
        if scan(ascii: ":") {
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

// MARK: - Time parts

/// What follows a date: its clock time (0 when there is none) and the zone, when one is written.
struct TimePart {
    var microseconds: Int64 = 0
    /// Minutes east of UTC; `nil` means Asia/Shanghai.
    var zoneMinutes: Int?
}

/// A part of the day written before the hour (`上午9时`, `下午3点`), placing a
/// 12-hour clock's hour in the day. Each takes the hours it is said with;
/// any other (`下午13点`, `凌晨7点`) is refused as a slip.
enum DayPeriod {
    case smallHours    // 凌晨
    case earlyMorning  // 早上, 早晨
    case forenoon      // 上午
    case noon          // 中午
    case afternoon     // 下午
    case dusk          // 傍晚
    case evening       // 晚上

    /// The hour of the day (0–24, 24 being the midnight that ends it) that `hour`, written after `period`, names.
    static func hourOfDay(_ hour: Int, _ period: DayPeriod?) -> Int? {
        guard let period else { return hour <= 24 ? hour : nil }
        switch (period, hour) {
        case (.smallHours, 0...6): return hour
        case (.smallHours, 12): return 0               // the midnight that starts the day
        case (.earlyMorning, 4...11): return hour
        case (.forenoon, 1...12): return hour          // 上午12点 is noon
        case (.noon, 11...12): return hour
        case (.noon, 1...2): return hour + 12
        case (.afternoon, 1...11): return hour + 12
        case (.afternoon, 12): return 12               // 下午12点(半) is noon (and half past)
        case (.dusk, 4...8): return hour + 12
        case (.evening, 5...11): return hour + 12
        case (.evening, 12): return 24                 // the midnight that ends the day
        default: return nil
        }
    }
}

extension ByteScanner {
    /// A time part after a date, to the end of the text: nothing, or `[T] clock [zone]` with spaces
    /// allowed between them. A clock that starts with a digit must not touch a date that ends with one
    /// (`2020-02-129时`, `2020-02-1209:47`): which digits are the day's would be a guess.
    /// `nil` when what follows the date is not a time part.
    /// - Complexity: O(n), no allocation.
    mutating func scanTimePartToEnd() -> TimePart? {
        let dateEnd = position
        skipSpaces()
        if atEnd { return TimePart() }
        if peek == UInt8(ascii: "T") { advance() }
        skipSpaces()
        if position == dateEnd, dateEnd > 0, Self.isDigit(bytes[dateEnd - 1]), let b = peek, Self.isDigit(b) {
            return nil
        }
        guard let micros = scanTime() else { return nil }
        var part = TimePart(microseconds: micros)
        skipSpaces()
        if !atEnd {
            guard let zone = scanZone() else { return nil }
            part.zoneMinutes = zone
        }
        return atEnd ? part : nil
    }

    /// `凌晨`, `早上`, `早晨`, `上午`, `中午`, `下午`, `傍晚` or `晚上`; `nil`, reading nothing, for anything else.
    mutating func scanDayPeriod() -> DayPeriod? {
        // Every period starts with an ideograph, three bytes from a lead byte of E0 or more: ASCII leaves at once.
        guard let b = peek, b >= 0xE0 else { return nil }
        if scan("上午") { return .forenoon }
        if scan("下午") { return .afternoon }
        if scan("晚上") { return .evening }
        if scan("中午") { return .noon }
        if scan("凌晨") { return .smallHours }
        if scan("早上") || scan("早晨") { return .earlyMorning }
        if scan("傍晚") { return .dusk }
        return nil
    }

    /// What follows `时` or `点`: nothing or `整` (on the hour), `钟` after `点` (`9点钟`), `半` (:30),
    /// `一刻` (:15), `三刻` (:45), `M分` optionally followed by `S秒`, or two digits alone (`9点30`).
    /// Spaces may stand between the parts. Returns minutes and seconds, not yet checked against 60.
    mutating func scanChineseMinutes(oClock: Bool) -> (minutes: Int, seconds: Int)? {
        skipSpaces()
        if scan("整") || (oClock && scan("钟")) { return (0, 0) }
        if scan("半") { return (30, 0) }
        if scan("一刻") { return (15, 0) }
        if scan("三刻") { return (45, 0) }
        let start = position
        guard let minutes = scanNumber(maxDigits: 2) else { return (0, 0) }
        let digits = position - start
        skipSpaces()
        guard scan("分") else {
            // Minutes without 分 take two digits: `9点5` could be :05 or :50.
            return digits == 2 ? (minutes, 0) : nil
        }
        let afterMinutes = position
        skipSpaces()
        guard let seconds = scanNumber(maxDigits: 2) else {
            position = afterMinutes
            return (minutes, 0)
        }
        skipSpaces()
        return scan("秒") ? (minutes, seconds) : nil
    }

    @inline(__always)
    static func isDigit(_ b: UInt8) -> Bool { b >= 48 && b <= 57 }
}
