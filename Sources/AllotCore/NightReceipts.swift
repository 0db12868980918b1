/// The receipts of one recorded night's lines, as the report shows them.
public struct NightReceipts: Hashable, Sendable {
    /// The night whose lines these are.
    public var planDate: CalendarDate
    public var suppliers: [SupplierReceipts]
    /// How many receipts tonight's `receipts.csv` brought (standing ones, for lines of any night).
    public var recordedTonight: Int

    public init(planDate: CalendarDate, suppliers: [SupplierReceipts], recordedTonight: Int) {
        self.planDate = planDate
        self.suppliers = suppliers
        self.recordedTonight = recordedTonight
    }
}
