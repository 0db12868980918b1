/// One supplier's lines of one material on a night, by receipt state (the report's receipts). Quantities
/// are summed in 128 bits, as every sum of the plan's quantities is: a hand-edited plan folder recorded by
/// `rebuild` is not held to the planner's limits.
public struct SupplierReceipts: Hashable, Sendable {
    public var supplierID: String
    public var supplierName: String
    public var material: MaterialCode
    public var confirmedLines = 0
    public var confirmed: Int128 = 0
    public var shortLines = 0
    /// What the short lines received, and what they lacked.
    public var shortReceived: Int128 = 0
    public var shortfall: Int128 = 0
    public var unconfirmedLines = 0
    public var unconfirmed: Int128 = 0

    public init(supplierID: String, supplierName: String, material: MaterialCode) {
        self.supplierID = supplierID
        self.supplierName = supplierName
        self.material = material
    }

    /// `lines` summed per supplier and material, by supplier id, name, then material.
    /// - Complexity: O(n log n).
    public static func of(_ lines: [LineReceipt]) -> [SupplierReceipts] {
        struct Key: Hashable { var id: String; var name: String; var material: MaterialCode }
        var byKey = [Key: SupplierReceipts]()
        for line in lines {
            let key = Key(id: line.supplierID, name: line.supplierName, material: line.material)
            var s = byKey[key] ?? SupplierReceipts(supplierID: key.id, supplierName: key.name, material: key.material)
            switch line.state {
            case .confirmed:
                s.confirmedLines += 1
                s.confirmed += Int128(line.quantity)
            case .short:
                s.shortLines += 1
                s.shortReceived += Int128(line.receipt?.received ?? 0)
                s.shortfall += Int128(line.shortfall)
            case .unconfirmed:
                s.unconfirmedLines += 1
                s.unconfirmed += Int128(line.quantity)
            }
            byKey[key] = s
        }
        return byKey.values.sorted {
            ($0.supplierID, $0.supplierName, $0.material.rawValue) < ($1.supplierID, $1.supplierName, $1.material.rawValue)
        }
    }
}
