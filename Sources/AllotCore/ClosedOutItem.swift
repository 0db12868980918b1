/// An item a coordinator closed out (销号, SPEC 15), as the report lists those closed since the previous
/// night: the close-out's note, who and when, and the item's figures on the latest night that planned it.
public struct ClosedOutItem: Hashable, Sendable {
    public var key: RecordKey
    /// Empty, and `material` `nil`, for an item no recorded night planned (only withdrawn).
    public var enterpriseName: String
    public var material: MaterialCode?
    /// requested − delivered on the latest night that planned it.
    public var shortfall: Int64
    public var note: String
    public var by: String
    /// When it was closed.
    public var at: Instant

    public init(key: RecordKey, enterpriseName: String, material: MaterialCode?, shortfall: Int64, note: String,
                by: String, at: Instant) {
        self.key = key
        self.enterpriseName = enterpriseName
        self.material = material
        self.shortfall = shortfall
        self.note = note
        self.by = by
        self.at = at
    }
}
