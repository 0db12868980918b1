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
