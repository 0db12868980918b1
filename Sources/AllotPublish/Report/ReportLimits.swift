/// How many rows each long list of `report.html` shows at most. A national
/// night (1,000,000 requests, about 200,000 lines) must stay a page a
/// browser opens in seconds: the rest of each list is counted, and the
/// report points at the CSV file that holds it all.
public struct ReportLimits: Hashable, Sendable {
    /// Unmet requests listed, worst first.
    public var unmetRows = 300
    /// Rows of the shortfall-by-county table.
    public var countyRows = 200
    /// Counties in each material's shortfall chart.
    public var countyBars = 12
    /// Suppliers given a dispatch page (those with the most lines).
    public var suppliers = 60
    /// Lines on one supplier's page.
    public var linesPerSupplier = 150
    /// Rows of each list of the changes section.
    public var changeRows = 100
    /// Rows of the rejects summary (groups of file and code).
    public var rejectGroups = 200
    /// Earmarked offers listed, the most left unused first.
    public var earmarkedOffers = 50
    /// Requests flagged by the entitlement check.
    public var entitlementRows = 200
    /// Transport passes listed, over every shipping day.
    public var passes = 300
    /// Rows (supplier and material) of the receipts section, the most shortfall first.
    public var receiptSuppliers = 60

    public init() {}
}
