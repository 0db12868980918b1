/// Carry-over (结转, SPEC 15): with `carry_over = true`, an item open after the latest earlier night,
/// closed by nobody, and whose key no accepted or withdrawn record restates tonight, is planned again
/// tonight with its last shortfall as its quantity and its other values as they were.
///
/// The rule has two halves and one home each: which items were open and not closed is the work
/// ledger's query (`Ledger.openItems(before:)`); which of them tonight plans again, and as what
/// request, is ``requests(from:restated:addBack:catalog:regions:)`` here. The pipeline joins the two.
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

    /// An item open after the latest earlier night and closed by nobody, with what that night recorded of it.
    public struct OpenItem: Hashable, Sendable {
        public var key: RecordKey
        public var enterpriseID: String
        public var enterpriseName: String
        public var region: RegionCode
        /// The requested material.
        public var material: MaterialCode
        /// `nil` for a night recorded from a plan folder published before `dispatch.xml` held them: such an
        /// item cannot be planned as it was, and is not carried.
        public var terms: Terms?
        /// requested − delivered on that night, > 0.
        public var shortfall: Int64

        public init(key: RecordKey, enterpriseID: String, enterpriseName: String, region: RegionCode,
                    material: MaterialCode, terms: Terms?, shortfall: Int64) {
            self.key = key
            self.enterpriseID = enterpriseID
            self.enterpriseName = enterpriseName
            self.region = region
            self.material = material
            self.terms = terms
            self.shortfall = shortfall
        }
    }

    /// Tonight's carried requests, and the open items that could not be carried, each with why (warnings).
    public struct Outcome: Hashable, Sendable {
        /// In key order.
        public var requests: [Request]
        public var notCarried: [String]
    }

    /// The requests tonight plans again: one per open item whose key is not in `restated` (the keys of
    /// tonight's accepted requests and withdrawals: SPEC 4.5, a record that restates the key wins), with
    /// quantity = its last shortfall plus `addBack` (receipts: what lines confirmed short did not bring,
    /// SPEC 15), and its enterprise, region, material, category and `needed_by` as recorded. A
    /// `needed_by` now in the past makes the request `overdue` (SPEC 5), as a feed's would.
    ///
    /// An item is not carried, and named in `notCarried`, when tonight cannot plan it as it was: no
    /// recorded category, an enterprise id that is not a credit code, a region or material tonight's
    /// reference tables do not hold, or a quantity past `Quantity.maximum`.
    /// - Complexity: O(n log n) for n open items.
    public static func requests(from open: [OpenItem], restated: Set<RecordKey>, addBack: [RecordKey: Int64] = [:],
                                catalog: MaterialCatalog, regions: RegionTable) -> Outcome {
        var requests = [Request]()
        var notCarried = [String]()
        for item in open.sorted(by: { $0.key < $1.key }) where !restated.contains(item.key) {
            func refuse(_ why: String) { notCarried.append("\(item.key) is open but not carried over: \(why)") }
            guard let terms = item.terms else {
                refuse("the ledger has no category for it (recorded from a plan published before carry-over)")
                continue
            }
            guard case .success(let enterprise) = CreditCode.parse(item.enterpriseID) else {
                refuse("its enterprise id \(item.enterpriseID) is not a credit code")
                continue
            }
            guard catalog[item.material] != nil else {
                refuse("tonight's material catalog has no \(item.material.rawValue)")
                continue
            }
            guard regions[item.region] != nil else {
                refuse("tonight's region table has no \(item.region)")
                continue
            }
            let (quantity, overflow) = item.shortfall.addingReportingOverflow(addBack[item.key] ?? 0)
            guard !overflow, quantity > 0, quantity <= Quantity.maximum.units else {
                refuse("its quantity is past \(Quantity.maximum.units)")
                continue
            }
            requests.append(Request(key: item.key, enterpriseID: enterprise, enterpriseName: item.enterpriseName,
                                    region: item.region, material: item.material, quantity: Quantity(quantity),
                                    neededBy: terms.neededBy, category: terms.category))
        }
        return Outcome(requests: requests, notCarried: notCarried)
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
