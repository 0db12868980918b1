/// A natural number of any size, for sums that must stay exact however
/// large the night (ton-km: quantity × kg per unit × tenths of a km, summed
/// over every line, can pass `Int64.max`).
///
/// Stored as little-endian 64-bit limbs with no zero limb at the top.
struct WideNatural: Equatable, CustomStringConvertible {
    private(set) var limbs: [UInt64]

    init(_ value: UInt64 = 0) {
        limbs = value == 0 ? [] : [value]
    }

    var isZero: Bool { limbs.isEmpty }

    /// - Complexity: O(number of limbs).
    mutating func add(_ other: WideNatural) {
        var carry: UInt64 = 0
        for i in 0..<max(limbs.count, other.limbs.count) {
            if i == limbs.count { limbs.append(0) }
            let (a, o1) = limbs[i].addingReportingOverflow(i < other.limbs.count ? other.limbs[i] : 0)
            let (b, o2) = a.addingReportingOverflow(carry)
            limbs[i] = b
            carry = (o1 ? 1 : 0) + (o2 ? 1 : 0)
        }
        if carry > 0 { limbs.append(carry) }
    }

    /// - Complexity: O(number of limbs).
    mutating func multiply(by factor: UInt64) {
        guard factor != 0 else { limbs = []; return }
        var carry: UInt64 = 0
        for i in limbs.indices {
            let (high, low) = limbs[i].multipliedFullWidth(by: factor)
            let (sum, overflow) = low.addingReportingOverflow(carry)
            limbs[i] = sum
            carry = high &+ (overflow ? 1 : 0)
        }
        if carry > 0 { limbs.append(carry) }
    }

    /// Divides in place, rounding down; returns the remainder.
    /// - Complexity: O(number of limbs).
    @discardableResult
    mutating func divide(by divisor: UInt64) -> UInt64 {
        precondition(divisor != 0, "division by zero")
        var remainder: UInt64 = 0
        for i in limbs.indices.reversed() {
            (limbs[i], remainder) = divisor.dividingFullWidth((remainder, limbs[i]))
        }
        while limbs.last == 0 { limbs.removeLast() }
        return remainder
    }

    /// Divides by 10^`power`, rounding half up: floor(floor(x / 10^(p-1)) + 5) / 10)
    /// equals floor(x / 10^p + 1/2), because floors of divisions compose.
    mutating func divideRounded(byPowerOfTen power: Int) {
        guard power > 0 else {
            for _ in 0..<(-power) { multiply(by: 10) }
            return
        }
        for _ in 0..<(power - 1) { divide(by: 10) }
        add(WideNatural(5))
        divide(by: 10)
    }

    /// Decimal digits.
    var description: String {
        guard !isZero else { return "0" }
        var rest = self
        var chunks: [UInt64] = []
        let base: UInt64 = 10_000_000_000_000_000_000   // 10^19, the largest power of ten in a UInt64
        while !rest.isZero { chunks.append(rest.divide(by: base)) }
        var text = String(chunks.removeLast())
        for chunk in chunks.reversed() {
            let digits = String(chunk)
            text += String(repeating: "0", count: 19 - digits.count) + digits
        }
        return text
    }
}
