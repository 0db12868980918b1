import AllotCore

/// How much of one material of the built-in catalog (SPEC 3) a night asks
/// for and offers, in canonical units (kg or pieces).
struct MaterialProfile {
    var code: MaterialCode
    /// A mid-sized enterprise's request: log-uniform between these.
    var requestLow: Double
    var requestHigh: Double
    /// The pack larger quantities come in (`盒` of 50 masks, `箱` of 20 suits,
    /// a `吨` of meltblown): from 5 packs up, quantities are whole packs. 1 = none.
    var pack: Int64
    /// Weight of this material among the night's offers.
    var offerWeight: Int

    /// Catalog order.
    static let all: [MaterialProfile] = [
        MaterialProfile(code: MaterialCode("MELTBLOWN"), requestLow: 300, requestHigh: 5_000, pack: 1_000, offerWeight: 7),
        MaterialProfile(code: MaterialCode("DISINFECTANT"), requestLow: 20, requestHigh: 500, pack: 25, offerWeight: 15),
        MaterialProfile(code: MaterialCode("ALCOHOL"), requestLow: 10, requestHigh: 300, pack: 1, offerWeight: 12),
        MaterialProfile(code: MaterialCode("MASK-MEDICAL"), requestLow: 500, requestHigh: 20_000, pack: 50, offerWeight: 30),
        MaterialProfile(code: MaterialCode("MASK-SURGICAL"), requestLow: 500, requestHigh: 10_000, pack: 50, offerWeight: 8),
        MaterialProfile(code: MaterialCode("MASK-N95"), requestLow: 100, requestHigh: 3_000, pack: 20, offerWeight: 10),
        MaterialProfile(code: MaterialCode("SUIT"), requestLow: 20, requestHigh: 500, pack: 20, offerWeight: 8),
        MaterialProfile(code: MaterialCode("THERMOMETER"), requestLow: 2, requestHigh: 30, pack: 50, offerWeight: 10),
    ]

    static func index(of code: MaterialCode) -> Int? { all.firstIndex { $0.code == code } }

    /// What each kind of enterprise asks for (index into `all`, weight), as in
    /// February 2020: mask factories want meltblown, hospitals masks, suits and
    /// N95, enterprises resuming work masks, disinfectant, alcohol and thermometers.
    static let demandMix: [Category: [(Int, Int)]] = [
        .epidemicProducer: [(0, 50), (2, 10), (1, 10), (3, 10), (6, 5), (7, 15)],
        .medical: [(4, 22), (5, 20), (6, 18), (3, 12), (1, 10), (2, 10), (7, 8)],
        .keyEnterprise: [(3, 40), (1, 20), (7, 15), (2, 15), (5, 10)],
        .aboveScale: [(3, 45), (1, 20), (7, 15), (2, 15), (5, 5)],
        .sme: [(3, 50), (1, 20), (7, 15), (2, 15)],
    ]

    /// A request's size relative to a mid-sized enterprise's.
    static let sizeFactor: [Category: Double] = [
        .sme: 0.3, .aboveScale: 1, .keyEnterprise: 4, .medical: 2, .epidemicProducer: 3,
    ]

    /// Shares of the categories among the requests: many small and above-scale
    /// firms, fewer key enterprises, hospitals and mask factories.
    static let categoryWeights: [(Category, Int)] = [
        (.sme, 52), (.aboveScale, 28), (.keyEnterprise, 10), (.medical, 6), (.epidemicProducer, 4),
    ]

    /// `x` as a whole quantity: at least 1, whole packs from 5 packs up.
    func quantity(_ x: Double) -> Int64 {
        var q = max(1, Int64(x.rounded()))
        if pack > 1 && q >= 5 * pack { q = (q + pack / 2) / pack * pack }
        return q
    }
}
