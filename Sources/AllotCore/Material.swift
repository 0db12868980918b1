/// A catalog code such as `MELTBLOWN` or `MASK-MEDICAL`.
public struct MaterialCode: Hashable, Comparable, Sendable, CustomStringConvertible {
    public var rawValue: String
    public init(_ rawValue: String) { self.rawValue = rawValue }
    public var description: String { rawValue }
    public static func < (lhs: MaterialCode, rhs: MaterialCode) -> Bool { lhs.rawValue < rhs.rawValue }
}

/// The unit every quantity of a material is counted in once read (SPEC 3).
public enum CanonicalUnit: String, Sendable, CaseIterable {
    case kilogram = "kg"
    case piece = "piece"

    /// The units every material with this canonical unit accepts, with their
    /// factor in canonical units (SPEC 2).
    public var generalUnits: [(name: String, factor: ExactDecimal)] {
        switch self {
        case .kilogram:
            return [("kg", .one), ("千克", .one), ("公斤", .one),
                    ("t", ExactDecimal(significand: 1000)), ("吨", ExactDecimal(significand: 1000)),
                    ("g", ExactDecimal(significand: 1, scale: 3)), ("克", ExactDecimal(significand: 1, scale: 3))]
        case .piece:
            return ["piece", "pcs", "只", "个", "片", "件"].map { ($0, ExactDecimal.one) }
        }
    }
}

/// One material of the catalog.
public struct Material: Hashable, Sendable {
    public var code: MaterialCode
    public var name: String
    public var canonicalUnit: CanonicalUnit
    /// Mass of one canonical unit in kg, for ton-km.
    public var kilogramsPerUnit: ExactDecimal
    public var aliases: [String]
    /// The material's own units (`盒`, `箱`, `L`...) with their factor in canonical units.
    public var units: [String: ExactDecimal]
    /// Canonical quantity one returning worker uses per day (SPEC 4.2).
    public var perWorkerDaily: ExactDecimal

    public init(code: MaterialCode, name: String, canonicalUnit: CanonicalUnit, kilogramsPerUnit: ExactDecimal,
                aliases: [String], units: [String: ExactDecimal], perWorkerDaily: ExactDecimal) {
        self.code = code
        self.name = name
        self.canonicalUnit = canonicalUnit
        self.kilogramsPerUnit = kilogramsPerUnit
        self.aliases = aliases
        self.units = units
        self.perWorkerDaily = perWorkerDaily
    }

    /// Every unit this material accepts, with its factor: the general units of
    /// its canonical unit, then its own (which win on a clash).
    public var acceptedUnits: [String: ExactDecimal] {
        var all = [String: ExactDecimal]()
        for (name, factor) in canonicalUnit.generalUnits { all[name] = factor }
        for (name, factor) in units { all[name] = factor }
        return all
    }
}
