import AllotCore

extension RunOutcome {
    /// The one line a run ends with: where it published, records, rejects,
    /// delivered and shortfall. `outputs` is the outputs folder as the operator wrote it.
    public func summaryLine(outputs: String) -> String {
        let records = run.inputs.filter { $0.role == .feed }
        let total = records.reduce(0) { $0 + $1.records }
        let accepted = records.reduce(0) { $0 + $1.accepted }
        let superseded = records.reduce(0) { $0 + $1.superseded }
        // Summed in 128 bits, which no count of 64-bit quantities overflows.
        var delivered = [MaterialCode: Int128](), shortfall = [MaterialCode: Int128]()
        for o in run.plan.outcomes {
            guard let m = run.plan.request(of: o)?.material else { continue }
            delivered[m, default: 0] += Int128(o.delivered.units)
            shortfall[m, default: 0] += Int128(o.shortfall.units)
        }
        let short = shortfall.filter { $0.value > 0 }.sorted { $0.key < $1.key }
            .map { "\($0.key) \($0.value)" }.joined(separator: ", ")
        return "allot: published \(outputs)/\(run.planDate): \(total) records (\(accepted) accepted, "
            + "\(run.rejects.count) rejected, \(superseded) superseded); \(run.plan.lines.count) shipments; "
            + "delivered \(delivered.values.reduce(0, +)) units of \(delivered.count) materials; "
            + (short.isEmpty ? "no shortfall" : "shortfall \(short)")
    }
}
