/// A non-negative decimal number held exactly as `significand × 10^-scale`.
///
/// Quantities are computed in exact decimal arithmetic and rounded once
/// (SPEC 2), so unit factors such as 0.87 (a litre of alcohol in kg) must not
/// pass through binary floating point.
public struct ExactDecimal: Hashable, Sendable {
    public var significand: Int64
    public var scale: Int

    public init(significand: Int64, scale: Int = 0) {
        self.significand = significand
        self.scale = scale
    }

    public static let one = ExactDecimal(significand: 1)

    /// Parses `123`, `0.87`, `1e4`-free plain decimals; `nil` for anything else.
    public init?(_ text: String) {
        var significand: Int64 = 0
        var scale = 0
        var seenDigit = false, seenPoint = false
        for b in text.utf8 {
            if b == 46 /* . */ {
                guard !seenPoint else { return nil }
                seenPoint = true
            } else if b >= 48 && b <= 57 {
                let (m, o1) = significand.multipliedReportingOverflow(by: 10)
                let (a, o2) = m.addingReportingOverflow(Int64(b - 48))
                guard !o1, !o2 else { return nil }
                significand = a
                seenDigit = true
                if seenPoint { scale += 1 }
            } else {
                return nil
            }
        }
        guard seenDigit else { return nil }
        self.significand = significand
        self.scale = scale
    }

    /// 10^`exponent` (1 for an exponent ≤ 0), in 128 bits: what exact comparisons of decimals scale by.
    public static func powerOfTen(_ exponent: Int) -> Int128 {
        (0..<max(0, exponent)).reduce(Int128(1)) { value, _ in value * 10 }
    }

    /// The product, exact, or `nil` on overflow.
    public func multiplied(by other: ExactDecimal) -> ExactDecimal? {
        let (p, overflow) = significand.multipliedReportingOverflow(by: other.significand)
        return overflow ? nil : ExactDecimal(significand: p, scale: scale + other.scale)
    }

    /// Rounded once to a whole number, half away from zero; `nil` when it does not fit.
    public func roundedToInteger() -> Int64? {
        if scale <= 0 {
            var v = significand
            for _ in 0..<(-scale) {
                let (m, o) = v.multipliedReportingOverflow(by: 10)
                if o { return nil }
                v = m
            }
            return v
        }
        if scale > 18 { return significand >= 0 ? 0 : 0 }
        var divisor: Int64 = 1
        for _ in 0..<scale { divisor *= 10 }
        let q = significand / divisor, r = significand % divisor
        return (r * 2 >= divisor) ? q + 1 : q
    }

    public var doubleValue: Double {
        var d = Double(significand)
        if scale > 0 { for _ in 0..<scale { d /= 10 } } else { for _ in 0..<(-scale) { d *= 10 } }
        return d
    }
}

extension ExactDecimal: CustomStringConvertible {
    public var description: String {
        guard scale > 0 else { return String(significand) + String(repeating: "0", count: -scale) }
        var digits = String(significand)
        if digits.count <= scale { digits = String(repeating: "0", count: scale - digits.count + 1) + digits }
        let cut = digits.index(digits.endIndex, offsetBy: -scale)
        var fraction = String(digits[cut...])
        while fraction.hasSuffix("0") { fraction.removeLast() }
        return fraction.isEmpty ? String(digits[..<cut]) : digits[..<cut] + "." + fraction
    }
}
