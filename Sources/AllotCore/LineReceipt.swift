/// A dispatch line of a recorded night with the receipt that stands for it, if any (`allot ledger
/// receipts`, the report's receipts).
public struct LineReceipt: Hashable, Sendable {
    public var planDate: CalendarDate
    public var lineID: String
    /// The supplier, as the night's `dispatch.csv` named it; empty for a night recorded before the ledger
    /// kept suppliers (`allot ledger rebuild` fills it).
    public var supplierID: String
    public var supplierName: String
    public var offer: RecordKey
    public var request: RecordKey
    /// The lot's material: the unit of `quantity` and `received`.
    public var material: MaterialCode
    public var quantity: Int64
    public var arriveBy: CalendarDate
    /// The standing receipt; `nil` when unconfirmed.
    public var receipt: Receipt?

    public init(planDate: CalendarDate, lineID: String, supplierID: String, supplierName: String, offer: RecordKey,
                request: RecordKey, material: MaterialCode, quantity: Int64, arriveBy: CalendarDate,
                receipt: Receipt? = nil) {
        self.planDate = planDate
        self.lineID = lineID
        self.supplierID = supplierID
        self.supplierName = supplierName
        self.offer = offer
        self.request = request
        self.material = material
        self.quantity = quantity
        self.arriveBy = arriveBy
        self.receipt = receipt
    }

    public var state: Receipt.State { .of(received: receipt?.received, quantity: quantity) }

    /// What did not arrive of a line confirmed short; 0 otherwise.
    public var shortfall: Int64 {
        guard let received = receipt?.received, received < quantity else { return 0 }
        return quantity - received
    }
}
