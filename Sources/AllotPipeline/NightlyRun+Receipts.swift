import AllotCore
import AllotLedger

extension NightlyPipeline {
    /// Checks tonight's receipts (SPEC 15) against the ledger before anything is published: a receipt for a
    /// line the ledger does not hold, or above its quantity, is a reject of `receipts.csv` in the run and its
    /// count, and one a later receipt for the same line replaced is superseded. Sets the report's receipts:
    /// the lines of the latest night recorded before tonight, tonight's receipts standing over the recorded
    /// ones, when tonight's file brought a receipt or a line of that night has one (a bureau that sends no
    /// receipts is not shown a list of unconfirmed lines every night).
    /// - Returns: the receipts that stand, which the ledger records with the night.
    static func checkReceipts(_ receipts: [Receipt], in ledger: Ledger, run: inout NightRun) throws -> [Receipt] {
        let check = try ledger.check(receipts, tonight: run.planDate)
        run.rejects += check.rejects
        run.inputs = run.inputs.counting(receiptRejects: check.rejects.count, superseded: check.superseded)
        if let previous = try ledger.night(before: run.planDate),
           let night = try ledger.receipts(on: previous, adding: check.standing),
           !check.standing.isEmpty || night.lines.contains(where: { $0.receipt != nil }) {
            run.receipts = NightReceipts(planDate: previous, suppliers: SupplierReceipts.of(night.lines),
                                         recordedTonight: check.standing.count)
        }
        return check.standing
    }
}
