import AllotCore

/// `allot ledger receipts` (SPEC 15): a recorded night's lines, confirmed, short and unconfirmed, as text, CSV
/// or a workbook, headers and names in Chinese or English. Lines are listed by state (confirmed, short,
/// unconfirmed, as SPEC 15 names them), then supplier, then line id.
public enum ReceiptsExport {
    public enum Format: String, CaseIterable, Sendable {
        case text, csv, xlsx
    }

    /// The export's bytes: text as UTF-8, CSV and the workbook from ``table(_:planDate:labels:)``.
    /// - Throws: ZIPFoundation's errors for a workbook (an internal failure).
    /// - Parameter planDate: the night listed; `nil` when the ledger holds no night with lines (no line).
    public static func render(_ lines: [LineReceipt], planDate: CalendarDate?, as format: Format,
                              labels: PlanLabels) throws -> [UInt8] {
        switch format {
        case .text: return Array(text(lines, planDate: planDate, labels: labels).utf8)
        case .csv: return table(lines, planDate: planDate, labels: labels).csv()
        case .xlsx: return try XLSXWriter.workbook(table(lines, planDate: planDate, labels: labels))
        }
    }

    /// `<plan date>-receipts.xlsx`, where a workbook goes without `--out`.
    public static func defaultFileName(planDate: CalendarDate?, format: Format) -> String {
        (planDate.map { PublishedPlans.folderName(for: $0) + "-" } ?? "") + "receipts.\(format.rawValue)"
    }

    /// The lines in the order every format lists them.
    static func ordered(_ lines: [LineReceipt]) -> [LineReceipt] {
        let rank = Dictionary(uniqueKeysWithValues: Receipt.State.allCases.enumerated().map { ($1, $0) })
        return lines.sorted {
            (rank[$0.state]!, $0.supplierID, $0.lineID) < (rank[$1.state]!, $1.supplierID, $1.lineID)
        }
    }

    /// A state in the language.
    static func stateName(_ state: Receipt.State, _ language: OutputLanguage) -> String {
        switch (state, language) {
        case (.confirmed, .zh): return "已确认"
        case (.short, .zh): return "短少"
        case (.unconfirmed, .zh): return "未确认"
        case (.confirmed, .en): return "confirmed"
        case (.short, .en): return "short"
        case (.unconfirmed, .en): return "unconfirmed"
        }
    }

    // MARK: - Table

    /// The lines as a table: the plan date above the header and a totals row per material in a workbook.
    public static func table(_ lines: [LineReceipt], planDate: CalendarDate?, labels: PlanLabels) -> ExportTable {
        let zh = labels.language == .zh
        let named: [(zh: String, en: String, role: ExportTable.Role)] = [
            ("计划日期", "Plan date", .detail), ("调拨单号", "Line", .detail),
            ("供应方信用代码", "Supplier credit code", .detail), ("供应方名称", "Supplier", .detail),
            ("供给", "Offer", .detail), ("需求", "Request", .detail), ("物资编码", "Material code", .material),
            ("物资名称", "Material", .material), ("单位", "Unit", .material), ("数量", "Quantity", .quantity),
            ("实收数量", "Received", .quantity), ("短少", "Shortfall", .quantity), ("到货日期", "Received on", .detail),
            ("状态", "State", .detail), ("备注", "Note", .detail),
        ]
        var table = ExportTable(title: zh ? "到货确认" : "Receipts",
                                columns: named.map { ExportTable.Column(zh ? $0.zh : $0.en, $0.role) })
        table.rows = ordered(lines).map { line in
            [.date(line.planDate), .text(line.lineID), .text(line.supplierID), .text(line.supplierName),
             .text(line.offer.description), .text(line.request.description), .text(line.material.rawValue),
             .text(labels.material(line.material)), .text(labels.unit(labels.unitCode(line.material))),
             .integer(line.quantity), line.receipt.map { .integer($0.received) } ?? .text(""), .integer(line.shortfall),
             line.receipt?.receivedOn.map(ExportTable.Cell.date) ?? .text(""),
             .text(stateName(line.state, labels.language)), .text(line.receipt?.note ?? "")]
        }
        table.planDate = planDate.map { ExportTable.LabelledDate(label: zh ? "计划日期" : "Plan date", date: $0) }
        table.totalsLabel = zh ? "合计" : "Total"
        return table
    }

    // MARK: - Text

    /// What a coordinator reads on the terminal: the night and its counts, then one line per dispatch line.
    public static func text(_ lines: [LineReceipt], planDate: CalendarDate?, labels: PlanLabels) -> String {
        let zh = labels.language == .zh
        guard let planDate else { return zh ? "台账中还没有含调拨单的计划日\n" : "The ledger holds no night with lines yet\n" }
        let count = { (state: Receipt.State) in lines.count(where: { $0.state == state }) }
        var text = zh
            ? "\(planDate) 的调拨单 \(lines.count) 条：已确认 \(count(.confirmed))，短少 \(count(.short))，未确认 \(count(.unconfirmed))\n"
            : "Lines of the night of \(planDate): \(lines.count); confirmed \(count(.confirmed)), short \(count(.short)), unconfirmed \(count(.unconfirmed))\n"
        for line in ordered(lines) {
            let unit = labels.unit(labels.unitCode(line.material))
            var fields = [stateName(line.state, labels.language), line.lineID,
                          line.supplierName.isEmpty ? line.offer.description : line.supplierName,
                          labels.material(line.material), "\(line.quantity) \(unit)"]
            if let receipt = line.receipt {
                fields.append((zh ? "实收 " : "received ") + "\(receipt.received)")
                if line.shortfall > 0 { fields.append((zh ? "短少 " : "short ") + "\(line.shortfall)") }
                if let on = receipt.receivedOn { fields.append(on.description) }
                if !receipt.note.isEmpty { fields.append(receipt.note) }
            }
            text += "  " + fields.joined(separator: "  ") + "\n"
        }
        return text
    }
}
