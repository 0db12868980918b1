/// How fill ratios are shared within a tier (SPEC 8 step 2).
public enum ShareMode: String, Hashable, Sendable, CaseIterable {
    case maxmin, none
}

/// The night's policy (`allot.toml`, SPEC 6); every value has a default.
public struct Policy: Hashable, Sendable {
    public var horizonDays: Int = 3
    public var roadFactor: Double = 1.25
    public var speedKmPerDay: Double = 400
    /// 0 means no limit.
    public var maxDistanceKm: Double = 800
    public var share: ShareMode = .maxmin
    /// Category to tier; 1 is served first.
    public var tiers: [Category: Int] = [
        .epidemicProducer: 1, .medical: 1, .keyEnterprise: 2, .aboveScale: 3, .sme: 4,
    ]

    /// How much of any one input allot will read (`[limits]`).
    public var limits = InputLimits()

    /// `[substitutes]` (SPEC 13): none by default.
    public var substitutes = Substitutes()

    /// `ledger` (SPEC 15): the work ledger's path, relative to the outputs folder unless absolute
    /// (`Ledger.location`).
    public var ledger = "ledger.sqlite"

    /// `truck_capacity_kg` (SPEC 16): one truck's load, for the trucks a transport pass asks for.
    public var truckCapacityKilograms: Double = 10_000

    /// `entitlement_factor`: a request above workers × per_worker_daily × horizon_days × this is flagged
    /// (never cut) for a coordinator to check.
    public var entitlementFactor: Double = 1.5

    /// `carry_over` (SPEC 15): plan the work ledger's open items again on a night whose feeds do not
    /// restate them (`CarryOver`); off by default, when a night is planned as in v1.
    public var carryOver = false

    public init() {}

    public func tier(of category: Category) -> Int { tiers[category] ?? Int.max }
}
