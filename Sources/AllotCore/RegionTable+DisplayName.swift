/// How a region is named to people, its one home: a county-level unit's
/// name is often shared (市中区 names four districts), so it is shown with
/// its prefecture's; a prefecture or province is shown alone.
extension RegionTable {
    /// How the two names are put together.
    public enum DisplayStyle: Sendable {
        /// `聊城市莘县`, as Chinese writes an address.
        case joined
        /// `聊城市 莘县`, for tables read at a glance.
        case spaced
        /// `Shen County, Liaocheng City`: the unit first, as English writes it.
        case unitFirst
    }

    /// The unit's name, with its parent's before or after it when the unit is a
    /// county-level one whose parent the table holds; the code's digits when the
    /// table does not hold the unit.
    /// - Parameter name: how one region is named (its Chinese name by default; the report passes English names).
    public func displayName(_ code: RegionCode, style: DisplayStyle,
                            name: (Region) -> String = { $0.name }) -> String {
        guard let unit = self[code] else { return code.description }
        guard unit.level == .county, let parent = unit.parentCode.flatMap({ self[$0] }) else { return name(unit) }
        switch style {
        case .joined: return name(parent) + name(unit)
        case .spaced: return name(parent) + " " + name(unit)
        case .unitFirst: return name(unit) + ", " + name(parent)
        }
    }
}
