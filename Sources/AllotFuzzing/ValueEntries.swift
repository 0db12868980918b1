import AllotCore
import AllotIngest
import Foundation

/// SPEC 2's value parsers under hostile text: the bytes, as UTF-8 text
/// (invalid bytes become U+FFFD), go through every one of them.
enum ValueEntries {
    static func values(_ bytes: [UInt8]) throws(FuzzViolation) {
        let text = String(decoding: bytes, as: UTF8.self)
        try quantity(text)
        try date(text)
        try region(text)
        try creditCode(text)
    }

    /// A quantity that reads is positive, and as canonical units (by itself,
    /// in grams, in tonnes) lies in `1...Quantity.maximum`, or is refused.
    static func quantity(_ text: String) throws(FuzzViolation) {
        guard case .success(let parsed) = QuantityText.parse(text) else { return }
        try require(parsed.amount.significand > 0, .values, "quantity \(text.debugDescription) read as \(parsed.amount)")
        for factor in [ExactDecimal.one, ExactDecimal(significand: 1, scale: 3), ExactDecimal(significand: 1000)] {
            guard case .success(let q) = Quantity.reading(parsed.amount, unitFactor: factor) else { continue }
            try require(q > .zero && q <= Quantity.maximum, .values,
                        "quantity \(text.debugDescription) × \(factor) gave \(q) units, outside 1...\(Quantity.maximum)")
        }
    }

    /// A date written back as `YYYY-MM-DD` reads back the same; a timestamp
    /// written back (ISO 8601, UTC) reads back the same instant, and lies
    /// within two days of its date's midnight in Asia/Shanghai (a time of
    /// day, and a zone from -12:00 to +14:00).
    static func date(_ text: String) throws(FuzzViolation) {
        let date = DateText.date(text)
        if let date {
            try require(DateText.date(date.description) == date, .values,
                        "date \(text.debugDescription) read as \(date), which reads back as \(String(describing: DateText.date(date.description)))")
            try require(CalendarDate(iso: date.description) == date, .values, "date \(text.debugDescription) written as \(date)")
        }
        guard let instant = DateText.instant(text) else { return }
        guard let date else {
            throw FuzzViolation(.values, "\(text.debugDescription) is a timestamp (\(instant)) but not a date")
        }
        let fromMidnight = instant.microsecondsSinceEpoch - Instant(shanghaiMidnightOf: date).microsecondsSinceEpoch
        try require(abs(fromMidnight) <= 48 * 3_600_000_000, .values,
                    "timestamp \(text.debugDescription) read as \(instant), \(fromMidnight / 1_000_000) s from its date's midnight")
        // The UTC form of an instant in the first or last day of year 1...9999 may fall outside that range.
        let utcYear = CalendarDate(dayNumber: Int32(instant.microsecondsSinceEpoch.dividedFloor(by: 86_400_000_000))).components.year
        if (2...9998).contains(utcYear) {
            try require(DateText.instant(instant.description) == instant, .values,
                        "timestamp \(text.debugDescription) read as \(instant), which reads back as \(String(describing: DateText.instant(instant.description)))")
        }
    }

    /// A region found is in the table and found again by its code; an
    /// ambiguous name lists two or more distinct units in code order.
    static func region(_ text: String) throws(FuzzViolation) {
        let table = FuzzNight.shared.reference.regions
        let key = TextNormalization.nfkc(text).trimmingCharacters(in: .whitespaces)
        switch table.resolve(key) {
        case .found(let code):
            try require(table[code] != nil, .values, "region \(key.debugDescription) resolved to \(code), not in the table")
            try require(table.resolve(table[code]!.code.description) == .found(code), .values,
                        "region \(code) does not resolve by its own code")
        case .ambiguous(let candidates):
            let codes = candidates.map(\.code)
            try require(codes.count >= 2 && zip(codes, codes.dropFirst()).allSatisfy { $0 < $1 }, .values,
                        "region \(key.debugDescription) ambiguous among \(codes)")
        case .unknown:
            break
        }
    }

    /// A credit code that validates is the text upper-cased, and its 18 characters validate again.
    static func creditCode(_ text: String) throws(FuzzViolation) {
        guard case .success(let code) = CreditCode.parse(text) else { return }
        try require(code.description == text.uppercased(), .values, "credit code \(text.debugDescription) read as \(code)")
        try require(CreditCode.parse(code.description) == .success(code), .values, "credit code \(code) does not validate again")
    }
}

extension Int64 {
    /// Division rounding toward negative infinity.
    fileprivate func dividedFloor(by d: Int64) -> Int64 {
        let (q, r) = quotientAndRemainder(dividingBy: d)
        return r < 0 ? q - 1 : q
    }
}
