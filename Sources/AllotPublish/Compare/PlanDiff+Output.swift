import AllotCore
import AllotCSV

// MARK: - Text

extension PlanDiff {
    /// What `allot diff` prints: each material's totals first, then counts,
    /// then every new, dropped and changed line and every request whose
    /// delivery moved, one a line.
    /// - Complexity: O(size of the diff).
    public func text() -> String {
        var out = "plan \(from) → \(to)\n"
        if !materials.isEmpty {
            out += "by material:\n"
            for m in materials { out += "  " + PlanDiff.describe(m) + "\n" }
        }
        if isEmpty {
            out += "no changes: the same dispatch lines and the same deliveries\n"
            return out
        }
        out += "dispatch lines: \(added.count) new, \(dropped.count) dropped, \(changedAfter.count) changed\n"
        out += "requests whose delivery moved: \(fills.count)\n"
        func describe(_ l: Line) -> String {
            let lots = (l.lotDates.count == 1 ? "lot " : "lots ") + l.lotDates.joined(separator: ", ")
            return "\(l.material) \(l.quantity) \(l.unit)  \(l.key.offerSource):\(l.key.offerID) \(lots) → "
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
                if b.lotDates != a.lotDates {
                    what.append("lots \(b.lotDates.joined(separator: ", ")) → \(a.lotDates.joined(separator: ", "))")
                }
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

    /// `MASK-N95 (piece): delivered 37000 → 40000 (+3000), shortfall 10000 → 7000 (-3000), requests short 2 → 1;
    /// lines 1 new, 0 dropped, 2 changed`; a side without the material shows `—`.
    static func describe(_ m: MaterialChange) -> String {
        func figure(_ value: (MaterialFigures) -> Int128) -> String {
            let b = m.before.map(value), a = m.after.map(value)
            let text = "\(b.map { "\($0)" } ?? "—") → \(a.map { "\($0)" } ?? "—")"
            let change = (a ?? 0) - (b ?? 0)
            return change == 0 ? text : text + " (\(change > 0 ? "+" : "")\(change))"
        }
        let short = "\(m.before.map { "\($0.unmetRequests)" } ?? "—") → \(m.after.map { "\($0.unmetRequests)" } ?? "—")"
        let lines = m.newLines + m.droppedLines + m.changedLines == 0 ? "lines unchanged"
            : "lines \(m.newLines) new, \(m.droppedLines) dropped, \(m.changedLines) changed"
        return "\(m.material) (\(m.unit)): delivered \(figure(\.delivered)), shortfall \(figure(\.shortfall)), "
            + "requests short \(short); \(lines)"
    }
}

// MARK: - CSV

extension PlanDiff {
    /// Columns of `allot diff --format csv`.
    public static let csvHeader = [
        "change", "material", "offer_source", "offer_id", "lot_dates_before", "lot_dates_after", "request_source",
        "request_id", "supplier_name", "enterprise_name", "tier", "quantity_before", "quantity_after", "unit",
        "pinned_before", "pinned_after", "requested_before", "delivered_before", "requested_after", "delivered_after",
        "unmet_requests_before", "unmet_requests_after",
    ]

    /// The diff as CSV (RFC 4180, BOM, formula guard: ``CSVWriter``): one row
    /// per material first (`change` = `material`: requested, delivered and
    /// requests short on both sides), then one per new, dropped or changed
    /// line (`new`, `dropped`, `changed`; lot days space-separated), then one
    /// per request whose delivery moved (`fill`). Empty cells where a side
    /// has no value.
    public func csv() -> [UInt8] {
        var writer = CSVWriter(header: PlanDiff.csvHeader)
        let blank = CSVWriter.Field.text("")
        func wide(_ value: Int128?) -> CSVWriter.Field { value.map { .text("\($0)") } ?? blank }
        func integer(_ value: Int64?) -> CSVWriter.Field { value.map { .integer($0) } ?? blank }
        for m in materials {
            writer.append([.text("material"), .text(m.material)] + Array(repeating: blank, count: 11)
                + [.text(m.unit), blank, blank, wide(m.before?.requested), wide(m.before?.delivered),
                   wide(m.after?.requested), wide(m.after?.delivered),
                   integer(m.before.map { Int64($0.unmetRequests) }), integer(m.after.map { Int64($0.unmetRequests) })])
        }
        func lineRow(_ change: String, _ b: Line?, _ a: Line?) -> [CSVWriter.Field] {
            let l = (a ?? b)!
            return [.text(change), .text(l.material), .text(l.key.offerSource), .text(l.key.offerID),
                    .text(b?.lotDates.joined(separator: " ") ?? ""), .text(a?.lotDates.joined(separator: " ") ?? ""),
                    .text(l.key.requestSource), .text(l.key.requestID), .text(l.supplierName), .text(l.enterpriseName),
                    blank, integer(b?.quantity), integer(a?.quantity), .text(l.unit),
                    b.map { .boolean($0.pinned) } ?? blank, a.map { .boolean($0.pinned) } ?? blank]
                + Array(repeating: blank, count: 6)
        }
        for l in added { writer.append(lineRow("new", nil, l)) }
        for l in dropped { writer.append(lineRow("dropped", l, nil)) }
        for (b, a) in zip(changedBefore, changedAfter) { writer.append(lineRow("changed", b, a)) }
        for f in fills {
            let any = (f.after ?? f.before)!
            writer.append([.text("fill"), .text(any.material), blank, blank, blank, blank, .text(any.requestSource),
                           .text(any.requestID), blank, .text(any.enterpriseName), .integer(Int64(any.tier)),
                           blank, blank, blank, blank, blank,
                           integer(f.before?.requested), integer(f.before?.delivered),
                           integer(f.after?.requested), integer(f.after?.delivered), blank, blank])
        }
        return writer.bytes
    }
}
