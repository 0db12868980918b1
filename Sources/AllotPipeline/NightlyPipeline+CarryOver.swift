import AllotCore
import AllotIngest
import AllotLedger

extension NightlyPipeline {
    /// The requests tonight plans again from the work ledger (`carry_over = true`, SPEC 15), or `nil` when
    /// carry-over is off: the ledger's open items before `planDate` (`Ledger.openItems(before:)`) less those
    /// whose key tonight's accepted requests or withdrawals restate (`CarryOver.requests`). The one place
    /// the ledger and ingest meet.
    /// - Parameter addBack: per item, what dispatch lines confirmed short did not bring (receipts, SPEC 15),
    ///   added to its carried quantity.
    static func carriedOver(_ night: IngestedNight, planDate: CalendarDate, ledger: Ledger,
                            addBack: [RecordKey: Int64] = [:]) throws -> CarryOver.Outcome? {
        guard night.policy.carryOver else { return nil }
        let restated = Set(night.requests.map(\.key)).union(night.withdrawn.filter { $0.kind == .request })
        return CarryOver.requests(from: try ledger.openItems(before: planDate), restated: restated, addBack: addBack,
                                  catalog: night.reference.catalog, regions: night.reference.regions)
    }
}
