import AllotCore

/// Everything one night's plan depends on: accepted, active records, the
/// coordinators' overrides, the policy and the reference tables.
public struct PlanningInput: Sendable {
    public var planDate: CalendarDate
    public var policy: Policy
    public var regions: RegionTable
    public var catalog: MaterialCatalog
    public var offers: [Offer]
    public var requests: [Request]
    /// In file order: pins apply in this order (SPEC 7).
    public var overrides: [Override]
    /// Where `overrides.csv` is, for the rejects of overrides that cannot hold.
    public var overridesFile: String

    public init(planDate: CalendarDate, policy: Policy, regions: RegionTable, catalog: MaterialCatalog,
                offers: [Offer], requests: [Request], overrides: [Override] = [], overridesFile: String = "overrides.csv") {
        self.planDate = planDate
        self.policy = policy
        self.regions = regions
        self.catalog = catalog
        self.offers = offers
        self.requests = requests
        self.overrides = overrides
        self.overridesFile = overridesFile
    }

    /// The last day of the horizon: plan date + horizon_days − 1.
    public var lastDay: CalendarDate { policy.lastDay(from: planDate) }
}
