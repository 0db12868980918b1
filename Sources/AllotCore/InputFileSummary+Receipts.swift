extension Array where Element == InputFileSummary {
    /// The files with `receipts.csv` counting the receipts the ledger refused as rejected, and those a
    /// later receipt for the same line replaced as superseded, instead of accepted (SPEC 15): ingest
    /// accepts every row it can read, and only the ledger knows its lines.
    public func counting(receiptRejects rejected: Int, superseded: Int) -> [InputFileSummary] {
        guard rejected + superseded > 0, let i = firstIndex(where: { $0.role == .receipts }) else { return self }
        var files = self
        files[i].rejected += rejected
        files[i].superseded += superseded
        files[i].accepted -= rejected + superseded
        return files
    }
}
