import AllotCore
import AllotLedger

extension NightlyPipeline {
    /// Checks tonight's receipts (SPEC 15) against the ledger before anything is published: a receipt for a
    /// line the ledger does not hold, or above its quantity, is a reject of `receipts.csv` in the run and its
    /// count, and one a later receipt for the same line replaced is superseded.
    /// - Returns: the receipts that stand, which the ledger records with the night.
    static func checkReceipts(_ receipts: [Receipt], in ledger: Ledger, run: inout NightRun) throws -> [Receipt] {
        let check = try ledger.check(receipts, tonight: run.planDate)
        run.rejects += check.rejects
        run.inputs = run.inputs.counting(receiptRejects: check.rejects.count, superseded: check.superseded)
        return check.standing
    }
}
