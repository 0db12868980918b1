import AllotCore

// MARK: - Receipts

extension ReportHTML.Builder {
    /// The lines of the latest night recorded before tonight as receipts left them, tonight's `receipts.csv`
    /// included (SPEC 15): per supplier and material, lines and quantities confirmed, short and unconfirmed,
    /// the most shortfall first. Only when the run found receipts for it (`NightRun.receipts`); the full list
    /// is `allot ledger receipts`.
    mutating func receipts() {
        guard let receipts = run.receipts else { return }
        let r = ReportLabels.Receipts(options.language)
        sectionStart("receipts", r.title)
        note(r.note(receipts.planDate.description, receipts.recordedTonight))
        if closedEmpty(receipts.suppliers.isEmpty, note: r.noLines) { return }
        let shown = receipts.suppliers.indices.sorted {
            let a = receipts.suppliers[$0], b = receipts.suppliers[$1]
            if a.shortfall != b.shortfall { return a.shortfall > b.shortfall }
            if a.unconfirmed != b.unconfirmed { return a.unconfirmed > b.unconfirmed }
            return $0 < $1
        }.prefix(limits.receiptSuppliers)
        html.raw("<table class=\"grid\" id=\"receipts-table\">")
        headerRow([t.supplier, t.material, t.unit, r.confirmedLines, r.confirmed, r.shortLines, r.shortfall,
                   r.unconfirmedLines, r.unconfirmed], numeric: [3, 4, 5, 6, 7, 8])
        html.raw("<tbody>")
        for i in shown {
            let s = receipts.suppliers[i]
            html.raw("<tr>")
            html.raw("<td>")
            html.text(s.supplierName)
            html.raw("<div class=\"sub\">")
            html.text(s.supplierID)
            html.raw("</div></td>")
            cell(materialName(s.material), class: "nowrap")
            cell(unitName(s.material))
            numberCell(s.confirmedLines)
            numberCell(s.confirmed, key: "confirmed")
            numberCell(s.shortLines)
            numberCell(s.shortfall, key: "shortfall", class: s.shortfall > 0 ? "num short" : "num")
            numberCell(s.unconfirmedLines)
            numberCell(s.unconfirmed, key: "unconfirmed")
            html.raw("</tr>")
        }
        html.raw("</tbody></table>\n")
        if receipts.suppliers.count > shown.count {
            note(t.capNote(shown.count, receipts.suppliers.count, "allot ledger receipts --date \(receipts.planDate)"))
        }
        html.raw("</section>\n")
    }
}

extension ReportLabels {
    /// The receipts section's words (SPEC 15).
    struct Receipts {
        let title: String
        /// What the table counts: the night's lines, and how many receipts tonight's file brought.
        let note: (_ night: String, _ recordedTonight: Int) -> String
        let noLines: String
        let confirmedLines: String
        let confirmed: String
        let shortLines: String
        let shortfall: String
        let unconfirmedLines: String
        let unconfirmed: String

        init(_ language: OutputLanguage) {
            switch language {
            case .zh:
                title = "到货确认"
                note = { night, n in
                    "\(night) 调拨单的到货情况，按供应方和物资汇总（含今晚 receipts.csv 的 \(n) 条确认）；逐单明细见 allot ledger receipts。"
                }
                noLines = "该计划日没有调拨单。"
                confirmedLines = "已确认（单）"
                confirmed = "已确认数量"
                shortLines = "短少（单）"
                shortfall = "短少数量"
                unconfirmedLines = "未确认（单）"
                unconfirmed = "未确认数量"
            case .en:
                title = "Receipts"
                note = { night, n in
                    "Lines of the night of \(night) by supplier and material, with the \(n) receipts of tonight's receipts.csv; allot ledger receipts lists each line."
                }
                noLines = "That night had no lines."
                confirmedLines = "Confirmed (lines)"
                confirmed = "Confirmed"
                shortLines = "Short (lines)"
                shortfall = "Shortfall"
                unconfirmedLines = "Unconfirmed (lines)"
                unconfirmed = "Unconfirmed"
            }
        }
    }
}
