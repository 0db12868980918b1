import AllotCore

extension RunOutcome {
    /// What a run ends with on stderr, one line per fact an operator greps for,
    /// each starting `allot: `:
    ///
    /// ```
    /// allot: published Outputs/2020-02-11: 150 shipments; feeds: 213 records (196 accepted, 10 rejected, 7 superseded); overrides: 2 (2 applied, 0 rejected); rejects.csv: 10 rows
    /// allot: MASK-MEDICAL: requested 2543280 piece, delivered 1700000 piece (66.8%), shortfall 843280 piece (392000 capped)
    /// ```
    ///
    /// Feed records and overrides are counted apart (an override is not a
    /// record), and so are the rows of a `receipts.csv` when there is one
    /// (recorded: the receipts the ledger takes with the night); each material has its own line in its own unit, with the
    /// figures of the manifest's `materials` and `allot.prom`
    /// (`Plan.quantitiesByMaterial`), written in full as they are. A material
    /// no planned request asks for has no fill. With substitutes (SPEC 13)
    /// delivered is what the material's requests got; a material whose
    /// requests substitutes served says how much, and one whose lots served
    /// other materials says what it shipped and how much of it went there:
    ///
    /// ```
    /// allot: MASK-MEDICAL: requested 1000 piece, delivered 800 piece (80.0%), shortfall 200 piece (0 capped); 300 piece of it by substitutes
    /// allot: MASK-N95: requested 100 piece, delivered 100 piece (100.0%), shortfall 0 piece (0 capped); shipped 400 piece, 300 piece of it for other materials
    /// ```
    /// - Parameter outputs: the outputs folder as the operator wrote it.
    /// - Complexity: O(inputs + lines + outcomes + materials).
    public func summary(outputs: String) -> String {
        let feeds = run.inputs.filter { $0.role == .feed }
        var text = "allot: published \(outputs)/\(run.planDate): \(run.plan.lines.count) shipments; "
            + "feeds: \(feeds.reduce(0) { $0 + $1.records }) records "
            + "(\(feeds.reduce(0) { $0 + $1.accepted }) accepted, \(feeds.reduce(0) { $0 + $1.rejected }) rejected, "
            + "\(feeds.reduce(0) { $0 + $1.superseded }) superseded); "
        if let overrides = run.inputs.first(where: { $0.role == .overrides }) {
            text += "overrides: \(overrides.records) (\(overrides.accepted) applied, \(overrides.rejected) rejected); "
        } else {
            text += "overrides: none; "
        }
        if let receipts = run.inputs.first(where: { $0.role == .receipts }) {
            text += "receipts: \(receipts.records) (\(receipts.accepted) recorded, \(receipts.rejected) rejected, "
                + "\(receipts.superseded) superseded); "
        }
        text += "rejects.csv: \(run.rejects.count) rows"
        for q in run.plan.quantitiesByMaterial() {
            let unit = run.catalog[q.material]?.canonicalUnit.rawValue ?? "units"
            text += "\nallot: \(q.material): requested \(q.requested) \(unit), delivered \(q.delivered) \(unit)"
                + (q.requested > 0 ? " (\(Self.percent(q.delivered, of: q.requested)))" : "")
                + ", shortfall \(q.shortfall) \(unit) (\(q.cappedShortfall) capped)"
                + (q.servedBySubstitutes > 0 ? "; \(q.servedBySubstitutes) \(unit) of it by substitutes" : "")
                + (q.substitutedIn > 0 ? "; shipped \(q.shipped) \(unit), \(q.substitutedIn) \(unit) of it for other materials" : "")
        }
        return text
    }

    /// `part ÷ whole` in percent with one decimal, rounded half up (`66.8%`); `whole` > 0.
    static func percent(_ part: Int128, of whole: Int128) -> String {
        let p = UInt128(max(0, min(part, whole))), w = UInt128(whole)
        let (q, r) = w.dividingFullWidth(p.multipliedFullWidth(by: 1000))
        let tenths = r >= w - r ? q + 1 : q
        return "\(tenths / 10).\(tenths % 10)%"
    }
}
