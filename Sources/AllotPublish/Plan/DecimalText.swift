import AllotCSV

/// Numbers as the plan files write them: fixed decimals computed from
/// integers, so no file ever shows `1.2500000000000002`.
enum DecimalText {
    /// `units × 10^-scale` with exactly `scale` decimals: `(123, 1)` → `12.3`,
    /// `(5, 3)` → `0.005`, `(-5, 1)` → `-0.5`, `(7, 0)` → `7`.
    static func fixed(_ units: Int64, scale: Int) -> String { CSVWriter.decimalText(units, scale: scale) }

    /// Decimal digits of a natural number with a point `scale` places from the right.
    static func point(_ digits: String, scale: Int) -> String {
        guard scale > 0 else { return digits }
        let padded = digits.count <= scale ? String(repeating: "0", count: scale + 1 - digits.count) + digits : digits
        let cut = padded.index(padded.endIndex, offsetBy: -scale)
        return padded[..<cut] + "." + padded[cut...]
    }

    /// delivered ÷ requested with 4 decimals, rounded half up once, as every
    /// other figure is (SPEC 9 asks for 4 decimals; a checker recomputes it
    /// the same way). `shortfall` says exactly whether anything is missing.
    /// A request of 0 reads `1.0000`, as `RequestOutcome.fillRatio` has it.
    /// - Complexity: O(1); exact for every `Int64` quantity.
    static func fillRatio(delivered: Int64, requested: Int64) -> String {
        guard requested > 0 else { return "1.0000" }
        let r = UInt64(requested)
        let d = UInt64(min(max(delivered, 0), requested))
        let (quotient, remainder) = r.dividingFullWidth(d.multipliedFullWidth(by: 10_000))
        let tenThousandths = remainder >= r - remainder ? quotient + 1 : quotient
        return fixed(Int64(tenThousandths), scale: 4)
    }

    /// A policy value as JSON or XML can hold it and a reader expects it:
    /// whole numbers without a fraction (`400`), others in the shortest form
    /// that reads back as the same `Double` (`1.25`); `nil` when not finite.
    static func shortest(_ value: Double) -> String? {
        guard value.isFinite else { return nil }
        if value == value.rounded(), value.magnitude < 1e15 { return String(Int64(value)) }
        return "\(value)"
    }
}
