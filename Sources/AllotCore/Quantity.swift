/// A whole number of a material's canonical unit (kg or pieces).
///
/// Every quantity in a plan is one of these; its material says which unit.
public struct Quantity: Hashable, Comparable, Sendable, CustomStringConvertible {
    public var units: Int64
    public init(_ units: Int64) { self.units = units }
    public static let zero = Quantity(0)
    public static func < (lhs: Quantity, rhs: Quantity) -> Bool { lhs.units < rhs.units }
    public static func + (lhs: Quantity, rhs: Quantity) -> Quantity { Quantity(lhs.units + rhs.units) }
    public static func - (lhs: Quantity, rhs: Quantity) -> Quantity { Quantity(lhs.units - rhs.units) }
    public var description: String { String(units) }
}

// MARK: - A record's quantity (SPEC 2, 4.2)

extension Quantity {
    /// The most one record may hold, in its material's canonical unit: 10^12,
    /// a trillion masks or a billion tonnes of disinfectant, far above any
    /// real offer, request, pin or cap. A record above it is rejected
    /// (`quantity_too_large`), so a mistyped or hostile figure costs its
    /// record and never the night. Applies after the unit and multiplier,
    /// to a need computed from workers, and to a count of workers.
    ///
    /// Bounded records keep every figure derived from one record far inside
    /// 64 bits (a capacity offer over a 366-day horizon makes 3.66 × 10^14);
    /// what a whole night adds up to is bounded where it is added up.
    public static let maximum = Quantity(1_000_000_000_000)

    /// Why an amount read from an input is not a quantity.
    public enum ReadingProblem: Error, Equatable, Sendable {
        /// It rounds to 0 canonical units (or is negative).
        case notPositive
        /// It is more than `maximum`, however far (past 64 bits too).
        case tooLarge
    }

    /// `amount × unitFactor` canonical units, computed exactly and rounded
    /// once, half away from zero (SPEC 2), when the result is more than 0 and
    /// at most `maximum`. Every quantity read from an input comes through
    /// here: feeds (CSV and XML), `overrides.csv`, needs from workers.
    /// - Complexity: O(|scale|).
    public static func reading(_ amount: ExactDecimal, unitFactor: ExactDecimal = .one)
        -> Result<Quantity, ReadingProblem> {
        // Two 64-bit significands: the product needs at most 126 bits.
        let product = Int128(amount.significand) * Int128(unitFactor.significand)
        let scale = amount.scale + unitFactor.scale
        guard product > 0 else { return .failure(.notPositive) }
        let limit = Int128(maximum.units)
        var units: Int128
        if scale <= 0 {
            units = product
            for _ in 0..<(-scale) {
                if units > limit { return .failure(.tooLarge) }
                units *= 10   // at most 10^13 here
            }
        } else if scale <= 18, let narrow = Int64(exactly: product) {
            // What feeds write (`123.5万`, `0.87` L): in 64 bits, which is quicker on the CSV byte path.
            var divisor: Int64 = 1
            for _ in 0..<scale { divisor *= 10 }
            let (quotient, remainder) = narrow.quotientAndRemainder(dividingBy: divisor)
            units = Int128(remainder >= divisor - remainder ? quotient + 1 : quotient)
        } else if scale > 38 {
            units = 0   // below 2^126 / 10^39 < 0.1
        } else {
            var divisor: Int128 = 1
            for _ in 0..<scale { divisor *= 10 }   // at most 10^38 < Int128.max
            let (quotient, remainder) = product.quotientAndRemainder(dividingBy: divisor)
            units = remainder >= divisor - remainder ? quotient + 1 : quotient
        }
        if units > limit { return .failure(.tooLarge) }
        if units < 1 { return .failure(.notPositive) }
        return .success(Quantity(Int64(units)))
    }

    /// A request's need from its returning workers (SPEC 4.2): workers ×
    /// per_worker_daily × horizon_days, rounded as a quantity, and bounded as
    /// one: `tooLarge` when the workers alone are more than `maximum` or the
    /// need is; `notPositive` when it rounds to 0.
    public static func need(workers: Int64, perWorkerDaily: ExactDecimal, horizonDays: Int)
        -> Result<Quantity, ReadingProblem> {
        guard workers > 0, horizonDays > 0 else { return .failure(.notPositive) }
        guard workers <= maximum.units else { return .failure(.tooLarge) }
        let (workerDays, overflow) = workers.multipliedReportingOverflow(by: Int64(horizonDays))
        guard !overflow else { return .failure(.tooLarge) }
        return reading(ExactDecimal(significand: workerDays), unitFactor: perWorkerDaily)
    }
}
