import AllotCore

/// Why the planner refuses a night: a value, thrown, whose message names the
/// material and what to look for in the feeds.
public enum PlanningError: Error, Equatable, Sendable, CustomStringConvertible {
    /// One material's lots within the horizon, or its planned requests, add
    /// up to more than `Planner.materialLimit`.
    case materialTooLarge(MaterialCode, unit: String, side: Side, total: Int128)

    /// Which side of a material's night is too large.
    public enum Side: String, Sendable {
        case lots = "lots within the horizon"
        case requests = "planned requests"
    }

    /// The material the night is refused for.
    public var material: MaterialCode {
        switch self {
        case .materialTooLarge(let material, _, _, _): return material
        }
    }

    public var description: String {
        switch self {
        case .materialTooLarge(let material, let unit, let side, let total):
            return "\(material): the night's \(side.rawValue) add up to \(total) \(unit), more than the planner "
                + "holds for one material (\(Planner.materialLimit)); look in the feeds for quantities near "
                + "\(Quantity.maximum), the most a record may hold; nothing is published"
        }
    }
}
