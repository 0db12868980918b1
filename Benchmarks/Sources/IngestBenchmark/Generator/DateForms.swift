import AllotCore
import BenchmarkSupport

/// Dates and timestamps in the forms of SPEC 2, each with the value it must read as.
enum DateForms {
    /// A date written as `2020-02-11`, `2020/2/11` or `2020年2月11日`, now and then with a time part.
    static func date(_ day: CalendarDate, random: inout SeededRandom) -> String {
        let (y, m, d) = day.components
        var text: String
        switch random.below(10) {
        case 0..<5: text = "\(y)-\(two(m))-\(two(d))"
        case 5..<8: text = "\(y)/\(m)/\(d)"
        default: text = "\(y)年\(m)月\(d)日"
        }
        if random.chance(0.05) { text += random.chance(0.5) ? " 08:00" : " 17:30:00" }
        return text
    }

    /// A timestamp near `microseconds` since the epoch, written in one of the forms of SPEC 2,
    /// and the instant the text means: forms without milliseconds or seconds drop them, and a
    /// date alone is its midnight in Asia/Shanghai.
    static func timestamp(_ microseconds: Int64, random: inout SeededRandom) -> (text: String, instant: Int64) {
        let shanghai = Int64(Instant.shanghaiOffsetMinutes) * 60_000_000
        let local = microseconds + shanghai
        let (day, y, m, d, hh, mm, ss, fraction) = parts(local)
        let date = "\(y)-\(two(m))-\(two(d))"
        // The forms with whole seconds drop the fraction from the value too.
        let whole = microseconds - fraction
        switch random.below(20) {
        case 0..<7:
            return ("\(date)T\(two(hh)):\(two(mm)):\(two(ss))+08:00", whole)
        case 7..<11:
            return ("\(date) \(two(hh)):\(two(mm)):\(two(ss))", whole)
        case 11..<13:
            let utc = parts(microseconds)
            return ("\(utc.y)-\(two(utc.m))-\(two(utc.d))T\(two(utc.hh)):\(two(utc.mm)):\(two(utc.ss))Z", whole)
        case 13..<15:
            // Minutes only: the seconds are dropped from the value too.
            return ("\(y)/\(m)/\(d) \(hh):\(two(mm))", whole - Int64(ss) * 1_000_000)
        case 15..<17:
            return ("\(date)T\(two(hh)):\(two(mm)):\(two(ss))+0800", whole)
        case 17:
            let millis = fraction / 1000
            return ("\(date)T\(two(hh)):\(two(mm)):\(two(ss)).\(three(millis))+08:00", whole + millis * 1000)
        default:
            // A date alone is its midnight in Asia/Shanghai.
            return (date, Int64(day) * 86_400_000_000 - shanghai)
        }
    }

    /// Day number, date, time of day and microseconds within the second of `micros` (local or UTC).
    private static func parts(_ micros: Int64) -> (day: Int32, y: Int, m: Int, d: Int, hh: Int, mm: Int, ss: Int, fraction: Int64) {
        let day = Int32(micros / 86_400_000_000)
        let inDay = micros % 86_400_000_000
        let seconds = Int(inDay / 1_000_000)
        let (y, m, d) = CalendarDate(dayNumber: day).components
        return (day, y, m, d, seconds / 3600, seconds / 60 % 60, seconds % 60, inDay % 1_000_000)
    }

    static func two(_ v: Int) -> String { v < 10 ? "0\(v)" : "\(v)" }
    static func three(_ v: Int64) -> String { v < 10 ? "00\(v)" : v < 100 ? "0\(v)" : "\(v)" }
}
