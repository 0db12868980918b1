/// Carry-over (结转, SPEC 15): with `carry_over = true`, an item open after the latest earlier night,
/// closed by nobody, and whose key no accepted or withdrawn record restates tonight, is planned again
/// tonight with its last shortfall as its quantity and its other values as they were.
public enum CarryOver {
    /// What a request's record says beyond `unmet.csv`'s columns that planning it again "as it was"
    /// needs: its category (its tier follows from tonight's policy) and its `needed_by` when it named one.
    /// `dispatch.xml` carries them on `<unmet>`, and the ledger records them for every request with a shortfall.
    public struct Terms: Hashable, Sendable {
        public var category: Category
        /// `nil` when the request named no day (its deadline is then the last day of the horizon planned).
        public var neededBy: CalendarDate?

        public init(category: Category, neededBy: CalendarDate?) {
            self.category = category
            self.neededBy = neededBy
        }
    }
}

// MARK: - From a plan

extension Plan {
    /// The carry-over terms (`CarryOver.Terms`) of every planned request with a shortfall, from the
    /// requests themselves: what the run records in the ledger, equal to what `dispatch.xml` holds.
    /// - Complexity: O(n) in the outcomes.
    public func carryOverTerms() -> [RecordKey: CarryOver.Terms] {
        var terms = [RecordKey: CarryOver.Terms]()
        for outcome in outcomes where outcome.reason != nil {
            guard let request = request(of: outcome) else { continue }
            terms[outcome.request] = CarryOver.Terms(category: request.category, neededBy: request.neededBy)
        }
        return terms
    }
}
