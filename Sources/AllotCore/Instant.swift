/// A point in time, as microseconds since 1970-01-01T00:00:00Z.
///
/// `updated_at`, `updated` and `generated` are instants: updates of one key are
/// ordered by them (SPEC 4.5).
public struct Instant: Hashable, Comparable, Sendable {
    public var microsecondsSinceEpoch: Int64

    public init(microsecondsSinceEpoch: Int64) { self.microsecondsSinceEpoch = microsecondsSinceEpoch }

    public static func < (lhs: Instant, rhs: Instant) -> Bool {
        lhs.microsecondsSinceEpoch < rhs.microsecondsSinceEpoch
    }

    /// Minutes east of UTC in Asia/Shanghai, which has had no daylight saving since 1991.
    public static let shanghaiOffsetMinutes = 8 * 60

    /// `2020-02-11 01:30:05`: the Asia/Shanghai wall clock at this instant, to the second,
    /// as people read a time in the report and in warnings.
    public var shanghaiWallClock: String {
        let local = Instant(microsecondsSinceEpoch: microsecondsSinceEpoch
            + Int64(Instant.shanghaiOffsetMinutes) * 60_000_000)
        return String(local.description.prefix(19).map { $0 == "T" ? " " : $0 })
    }

    /// Midnight at the start of `date` in Asia/Shanghai.
    public init(shanghaiMidnightOf date: CalendarDate) {
        let seconds = Int64(date.dayNumber) * 86_400 - Int64(Instant.shanghaiOffsetMinutes) * 60
        self.microsecondsSinceEpoch = seconds * 1_000_000
    }
}

extension Instant: CustomStringConvertible {
    /// ISO 8601 in UTC, e.g. `2020-02-10T10:00:00Z` (fractions only when present).
    public var description: String {
        let micros = microsecondsSinceEpoch
        var seconds = micros / 1_000_000
        var fraction = micros % 1_000_000
        if fraction < 0 { fraction += 1_000_000; seconds -= 1 }
        var days = seconds / 86_400
        var secondOfDay = seconds % 86_400
        if secondOfDay < 0 { secondOfDay += 86_400; days -= 1 }
        let date = CalendarDate(dayNumber: Int32(days))
        let h = Int(secondOfDay / 3600), m = Int(secondOfDay / 60 % 60), s = Int(secondOfDay % 60)
        var text = "\(date)T\(String(format2: h)):\(String(format2: m)):\(String(format2: s))"
        if fraction != 0 {
            let digits = String(fraction)
            text += "." + String(repeating: "0", count: 6 - digits.count) + digits
        }
        return text + "Z"
    }
}

extension Instant {
    /// Reads back exactly what `description` writes (`2020-02-10T10:00:00Z`, `…T10:00:00.000250Z`): how
    /// the work ledger's recorded times come back as instants. `nil` for any other text (feeds' timestamps
    /// take more forms: `DateText`, SPEC 2).
    public init?(description text: String) {
        let bytes = Array(text.utf8)
        guard bytes.count == 20 || bytes.count == 27, bytes.last == UInt8(ascii: "Z"), bytes[10] == UInt8(ascii: "T"),
              bytes[13] == UInt8(ascii: ":"), bytes[16] == UInt8(ascii: ":"),
              let date = CalendarDate(iso: text.prefix(10)) else { return nil }
        func number(_ range: Range<Int>) -> Int64? {
            var value: Int64 = 0
            for byte in bytes[range] {
                guard (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) else { return nil }
                value = value * 10 + Int64(byte - UInt8(ascii: "0"))
            }
            return value
        }
        guard let h = number(11..<13), let m = number(14..<16), let s = number(17..<19), h < 24, m < 60, s < 60 else {
            return nil
        }
        var fraction: Int64 = 0
        if bytes.count == 27 {
            guard bytes[19] == UInt8(ascii: "."), let digits = number(20..<26) else { return nil }
            fraction = digits
        }
        let seconds = Int64(date.dayNumber) * 86_400 + h * 3_600 + m * 60 + s
        self.init(microsecondsSinceEpoch: seconds * 1_000_000 + fraction)
    }
}
