/// One night's run as publishing sees it: the plan and everything the output
/// files name or count (SPEC 9). Built by the pipeline; writers only read it.
public struct NightRun: Sendable {
    public var planDate: CalendarDate
    public var policy: Policy
    public var catalog: MaterialCatalog
    public var regions: RegionTable
    /// The plan, with the accepted, active records it was made from (its lines and outcomes point at them).
    public var plan: Plan
    /// The coordinators' overrides of the night in file order, applied or not
    /// (those that could not hold are also in `plan.overrideRejects`, by line).
    public var overrides: [Override]
    /// Every input file in the order read (policy, reference tables, feeds in sorted path order, overrides).
    public var inputs: [InputFileSummary]
    /// Every rejected record, file and override: ingest's, then overrides that could not hold.
    public var rejects: [Reject]
    /// Requests asking more than their returning workers would use (`Entitlement`), flagged, never cut.
    public var entitlementFlags: [EntitlementFlag] = []
    /// Keys a winning withdrawal took out of the night.
    public var withdrawn: [RecordKey]
    /// The age of each request with a shortfall tonight (SPEC 15: consecutive recorded nights open, tonight
    /// included), from the work ledger; a request not in it is open for the first night (1).
    public var ages: [RecordKey: Int] = [:]
    /// The requests planned again from the work ledger (`carry_over = true`, SPEC 15), in key order; `nil`
    /// when carry-over is off, when the manifest has no `carried_over` and the night is planned as in v1.
    public var carriedOver: [RecordKey]?
    /// Items closed out since the previous night (SPEC 15), from the work ledger, oldest first.
    public var closedOut: [ClosedOutItem] = []
    /// The receipts of the latest night recorded before tonight, tonight's `receipts.csv` included (SPEC 15),
    /// from the work ledger; `nil` when the ledger holds no earlier night, or no receipt came tonight nor for
    /// that night's lines.
    public var receipts: NightReceipts?
    /// Requests of two sources that ask the same (`PossibleDuplicate.find`): planned as sent, listed for a coordinator.
    public var possibleDuplicates: [PossibleDuplicate] = []
    /// Why `overrides.csv` was not used (`allot run --allow-bad-overrides`); `nil` when it was read or absent.
    public var overridesNotUsed: String?
    public var warnings: [String]
    /// Warnings that the inputs may not be tonight's (stale or unchanged feeds): also in `warnings`,
    /// and a banner at the top of `report.html`.
    public var staleInputs: [String] = []
    /// Every warning occurrence; a message in `warnings` may stand for several ("(N times)").
    public var warningCount: Int
    /// Stage name → seconds; the only values allowed to differ between two runs on the same inputs.
    public var timings: [String: Double]
    /// The exit status the run ends with (SPEC 11), recorded in the manifest.
    public var exitStatus: Int32

    public init(planDate: CalendarDate, policy: Policy, catalog: MaterialCatalog, regions: RegionTable,
                plan: Plan, inputs: [InputFileSummary],
                rejects: [Reject], withdrawn: [RecordKey], warnings: [String], timings: [String: Double] = [:],
                exitStatus: Int32 = 0, overrides: [Override] = []) {
        self.planDate = planDate
        self.policy = policy
        self.catalog = catalog
        self.regions = regions
        self.plan = plan
        self.overrides = overrides
        self.inputs = inputs
        self.rejects = rejects
        self.withdrawn = withdrawn
        self.warnings = warnings
        self.warningCount = warnings.count
        self.timings = timings
        self.exitStatus = exitStatus
    }
}
