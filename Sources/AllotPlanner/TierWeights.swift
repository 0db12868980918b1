/// Costs that make one minimum-cost flow lexicographic: tier 1's total
/// first, then tier 2's, ..., then the least transport (SPEC 8 steps 1 and 3).
///
/// A unit delivered to tier k earns −W_k. A simple cycle of the residual
/// network crosses the sink once and each cap node once, so it changes each
/// tier's total by at most H units (H = 1 + cap nodes that mix tiers) and its
/// transport cost by at most B = nodes × largest arc cost. With
/// W_K = B + 1 and W_k = H·Σ_{j>k} W_j + B + 1, every cycle's weighted cost has
/// the sign of its lexicographic change, so the optima coincide
/// (Documentation/Decisions/0005).
struct TierWeights {
    /// Weight per tier index (0 = the first tier served).
    let weights: [Int64]

    /// `nil` when the weights would overflow 64 bits.
    init?(tierCount: Int, transportBound: Int64, hubs: Int64) {
        var w = [Int64](repeating: 0, count: tierCount)
        var laterSum: Int64 = 0
        for k in stride(from: tierCount - 1, through: 0, by: -1) {
            let (scaled, o1) = hubs.multipliedReportingOverflow(by: laterSum)
            let (plus, o2) = scaled.addingReportingOverflow(transportBound)
            let (value, o3) = plus.addingReportingOverflow(1)
            let (sum, o4) = laterSum.addingReportingOverflow(value)
            if o1 || o2 || o3 || o4 || value > Int64.max / 1_000_000 { return nil }
            w[k] = value
            laterSum = sum
        }
        weights = w
    }
}
