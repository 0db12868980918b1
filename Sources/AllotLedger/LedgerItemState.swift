/// An item's state after a night (SPEC 15). An item is a request key across nights.
public enum LedgerItemState: String, Hashable, Sendable, CaseIterable {
    /// Planned tonight, and a shortfall remains.
    case open
    /// Planned tonight and delivered in full; stays served until a record states the key again.
    case served
    /// Tonight's feeds withdrew the key.
    case withdrawn
    /// Closed out by a coordinator (销号) and not stated by any record since.
    case closed
    /// Open before, and tonight neither restated nor carried over.
    case lapsed

    /// What a night says of an item: planned (with its shortfall) or withdrawn; `nil` when the night does
    /// not state it.
    public enum Statement: Hashable, Sendable {
        case planned(shortfall: Int64)
        case withdrawn
    }

    /// The state after a night, from the state before it: the night's own statement of the key when it has
    /// one, else an open item lapses and any other state stays. `nil` before the item's first statement.
    ///
    /// The one home of the night rules: ``Ledger/history(of:)`` walks it night by night; the ledger's queries
    /// of open items follow from it (an item is open after night N exactly when night N planned it with a
    /// shortfall). Close-outs lie over it (``Ledger/closedItemsSQL``).
    public static func after(_ previous: LedgerItemState?, stated statement: Statement?) -> LedgerItemState? {
        switch statement {
        case let .planned(shortfall)?: return shortfall > 0 ? .open : .served
        case .withdrawn?: return .withdrawn
        case nil: return previous == .open ? .lapsed : previous
        }
    }
}
