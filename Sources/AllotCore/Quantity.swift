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
