import AllotCore
import AllotCSV

// MARK: - Text

extension PlanDiff {
    /// What `allot diff` prints: counts, then every new, dropped and changed
    /// line and every request whose delivery moved, one a line.
    /// - Complexity: O(size of the diff).
    public func text() -> String {
        var out = "plan \(from) → \(to)\n"
        if isEmpty {
            out += "no changes: the same dispatch lines and the same deliveries\n"
            return out
        }
        out += "dispatch lines: \(added.count) new, \(dropped.count) dropped, \(changedAfter.count) changed\n"
        out += "requests whose delivery moved: \(fills.count)\n"
        func describe(_ l: Line) -> String {
            "\(l.material) \(l.quantity) \(l.unit)  \(l.key.offerSource):\(l.key.offerID) lot \(l.key.lotDate) → "
                + "\(l.key.requestSource):\(l.key.requestID)  \(l.supplierName) → \(l.enterpriseName)"
                + (l.pinned ? "  [pinned]" : "")
        }
        if !added.isEmpty {
            out += "\nnew lines:\n"
            for l in added { out += "  + " + describe(l) + "\n" }
        }
        if !dropped.isEmpty {
            out += "\ndropped lines:\n"
            for l in dropped { out += "  - " + describe(l) + "\n" }
        }
        if !changedAfter.isEmpty {
            out += "\nchanged lines:\n"
            for (b, a) in zip(changedBefore, changedAfter) {
                var what = [String]()
                if b.quantity != a.quantity { what.append("quantity \(b.quantity) → \(a.quantity)") }
                if b.pinned != a.pinned { what.append("pinned \(b.pinned) → \(a.pinned)") }
                out += "  ~ " + describe(a) + "  (" + what.joined(separator: ", ") + ")\n"
            }
        }
        if !fills.isEmpty {
            out += "\nrequests whose delivery moved (largest change of fill first):\n"
            for f in fills {
                let any = (f.after ?? f.before)!
                func side(_ x: Fill?) -> String {
                    guard let x else { return "not planned" }
                    return "\(x.delivered) of \(x.requested) (\(HTMLText.percent(x.delivered, of: x.requested)))"
                }
                out += "  \(any.key) \(any.enterpriseName) \(any.material) tier \(any.tier): \(side(f.before)) → \(side(f.after))\n"
            }
        }
        return out
    }
}

// MARK: - CSV

extension PlanDiff {
    /// Columns of `allot diff --format csv`.
    public static let csvHeader = [
        "change", "material", "offer_source", "offer_id", "lot_date", "request_source", "request_id", "supplier_name",
        "enterprise_name", "tier", "quantity_before", "quantity_after", "unit", "pinned_before", "pinned_after",
        "requested_before", "delivered_before", "requested_after", "delivered_after",
    ]

    /// The diff as CSV (RFC 4180, BOM, formula guard: ``CSVWriter``): one row
    /// per new, dropped or changed line (`change` = `new`, `dropped`,
    /// `changed`), then one per request whose delivery moved (`fill`).
    /// Empty cells where a side has no value.
    public func csv() -> [UInt8] {
        var writer = CSVWriter(header: PlanDiff.csvHeader)
        func lineRow(_ change: String, _ b: Line?, _ a: Line?) -> [CSVWriter.Field] {
            let l = (a ?? b)!
            return [.text(change), .text(l.material), .text(l.key.offerSource), .text(l.key.offerID), .text(l.key.lotDate),
                    .text(l.key.requestSource), .text(l.key.requestID), .text(l.supplierName), .text(l.enterpriseName),
                    .text(""),
                    b.map { .integer($0.quantity) } ?? .text(""), a.map { .integer($0.quantity) } ?? .text(""),
                    .text(l.unit), b.map { .boolean($0.pinned) } ?? .text(""), a.map { .boolean($0.pinned) } ?? .text(""),
                    .text(""), .text(""), .text(""), .text("")]
        }
        for l in added { writer.append(lineRow("new", nil, l)) }
        for l in dropped { writer.append(lineRow("dropped", l, nil)) }
        for (b, a) in zip(changedBefore, changedAfter) { writer.append(lineRow("changed", b, a)) }
        for f in fills {
            let any = (f.after ?? f.before)!
            writer.append([.text("fill"), .text(any.material), .text(""), .text(""), .text(""), .text(any.requestSource),
                           .text(any.requestID), .text(""), .text(any.enterpriseName), .integer(Int64(any.tier)),
                           .text(""), .text(""), .text(""), .text(""), .text(""),
                           f.before.map { .integer($0.requested) } ?? .text(""), f.before.map { .integer($0.delivered) } ?? .text(""),
                           f.after.map { .integer($0.requested) } ?? .text(""), f.after.map { .integer($0.delivered) } ?? .text("")])
        }
        return writer.bytes
    }
}
