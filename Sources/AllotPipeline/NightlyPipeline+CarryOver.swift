import AllotCore
import AllotIngest
import AllotLedger

extension NightlyPipeline {
    /// The requests tonight plans again from the work ledger (`carry_over = true`, SPEC 15), or `nil` when
    /// carry-over is off: the ledger's open items before `planDate` (`Ledger.openItems(before:)`) less those
    /// whose key tonight's accepted requests or withdrawals restate (`CarryOver.requests`). The one place
    /// the ledger and ingest meet.
    ///
    /// A carried item gets back what its lines confirmed short did not bring (SPEC 15), by tonight's receipts
    /// that hold against the ledger (`Ledger.shortReceipts`): a receipt counts once, on the night it comes
    /// (with carry-over off that night, it adds nothing).
    static func carriedOver(_ night: IngestedNight, planDate: CalendarDate, ledger: Ledger) throws -> CarryOver.Outcome? {
        guard night.policy.carryOver else { return nil }
        var addBack = [RecordKey: Int64]()
        if !night.receipts.isEmpty {
            let tonight = try ledger.check(night.receipts, tonight: planDate).standing
            addBack = try ledger.shortReceipts(recordedWith: nil, adding: tonight)
        }
        let restated = Set(night.requests.map(\.key)).union(night.withdrawn.filter { $0.kind == .request })
        return CarryOver.requests(from: try ledger.openItems(before: planDate), restated: restated, addBack: addBack,
                                  catalog: night.reference.catalog, regions: night.reference.regions)
    }
}
