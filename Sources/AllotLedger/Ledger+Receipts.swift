import AllotCore
import GRDB

/// Tonight's receipts checked against the ledger's lines (SPEC 15).
public struct ReceiptCheck: Hashable, Sendable {
    /// The receipts that stand, one per line, in file order.
    public var standing: [Receipt]
    /// One reject per receipt for a line the ledger does not hold, above its quantity or dated before it.
    public var rejects: [Reject]
    /// The receipts a later one for the same line replaced.
    public var superseded: Int
}

/// A recorded night's lines, each with its standing receipt (`allot ledger receipts`).
public struct LedgerReceipts: Hashable, Sendable {
    public var planDate: CalendarDate
    /// In line id order.
    public var lines: [LineReceipt]
}

/// A night asked for that the ledger has not recorded: exit 2.
public struct LedgerNightNotRecorded: Error, CustomStringConvertible, Equatable, Sendable {
    public var date: CalendarDate
    public var ledger: String

    public var description: String {
        "the ledger \(ledger) has no night \(date): allot run records each night it publishes, allot ledger rebuild every plan folder there is"
    }
}

extension Ledger {
    /// Checks `receipts`, read on the night of `tonight`, against the lines the ledger holds
    /// (`Receipt.problem`), then keeps the latest for each line (`Receipt.latest`): a rejected receipt
    /// replaces nothing.
    /// - Complexity: one indexed lookup per receipt.
    public func check(_ receipts: [Receipt], tonight: CalendarDate) throws -> ReceiptCheck {
        try pool.read { db in
            let find = try db.makeStatement(sql: "SELECT quantity FROM night_line WHERE day = ? AND line_id = ?")
            var valid = [Receipt]()
            var rejects = [Reject]()
            for r in receipts {
                let quantity = try Int64.fetchOne(find, arguments: [r.planDate.dayNumber, r.lineID])
                if let problem = r.problem(lineQuantity: quantity, tonight: tonight) {
                    rejects.append(r.reject(problem))
                } else {
                    valid.append(r)
                }
            }
            let (standing, superseded) = Receipt.latest(valid)
            return ReceiptCheck(standing: standing, rejects: rejects, superseded: superseded)
        }
    }

    /// Writes `receipts`, brought by the night of `night`, each in place of the one its line had.
    func insert(_ receipts: [Receipt], from night: CalendarDate, recordedAt: Instant, in db: Database) throws {
        guard !receipts.isEmpty else { return }
        let statement = try db.makeStatement(sql: """
            INSERT OR REPLACE INTO receipt (day, line_id, received, received_on, note, recorded_at, from_night)
            VALUES (?, ?, ?, ?, ?, ?, ?)
            """)
        for r in receipts {
            try statement.execute(arguments: [r.planDate.dayNumber, r.lineID, r.received, r.receivedOn?.dayNumber, r.note,
                                              recordedAt.description, night.dayNumber])
        }
    }

    /// The lines of the night of `date` with their standing receipts: confirmed, short or unconfirmed
    /// (`Receipt.State`). Without a date, the latest night recorded that has lines (a night without lines
    /// has nothing to confirm); `nil` when there is none.
    /// - Parameter pending: receipts not recorded yet (tonight's, checked), standing over the recorded ones.
    /// - Throws: ``LedgerNightNotRecorded`` for a date the ledger has no night of.
    public func receipts(on date: CalendarDate?, adding pending: [Receipt] = []) throws -> LedgerReceipts? {
        try pool.read { db in
            let day: Int32
            if let date {
                guard try Int.fetchOne(db, sql: "SELECT 1 FROM night WHERE day = ?", arguments: [date.dayNumber]) != nil else {
                    throw LedgerNightNotRecorded(date: date, ledger: url.path)
                }
                day = date.dayNumber
            } else {
                guard let latest = try Int32.fetchOne(db, sql: "SELECT max(day) FROM night_line") else { return nil }
                day = latest
            }
            let lines = try lineReceipts(where: "l.day = ?", [day], adding: pending, in: db)
            return LedgerReceipts(planDate: CalendarDate(dayNumber: day), lines: lines)
        }
    }

    /// Every line to the item `key` on any recorded night, with its standing receipt, oldest night first
    /// (`allot ledger history`: an item's receipts); empty for a key no line went to.
    public func receipts(of key: RecordKey) throws -> [LineReceipt] {
        try pool.read { db in
            try lineReceipts(where: "l.item = (SELECT item FROM item WHERE request_source = ? AND request_id = ?)",
                             [key.source, key.id], adding: [], in: db)
        }
    }

    /// The latest night recorded before `date`; `nil` when there is none.
    public func night(before date: CalendarDate) throws -> CalendarDate? {
        try pool.read { db in
            try Int32.fetchOne(db, sql: "SELECT max(day) FROM night WHERE day < ?", arguments: [date.dayNumber])
                .map(CalendarDate.init(dayNumber:))
        }
    }

    /// Per request key, what its lines confirmed short lacked, each receipt counted on one night only: the sum
    /// of quantity − received over the lines whose standing receipt is short and was recorded with the night
    /// `recordedWith`, or is one of `pending` (SPEC 15: with `carry_over`, a line confirmed short adds its
    /// shortfall back to its item's carried quantity), at most `Quantity.maximum`, what a record may hold.
    /// Keys without such a line are absent.
    /// - Parameters:
    ///   - recordedWith: the latest night recorded before tonight; `nil`: only `pending` count.
    ///   - pending: receipts not recorded yet (tonight's, checked), standing over the recorded ones.
    public func shortReceipts(recordedWith night: CalendarDate?, adding pending: [Receipt] = []) throws -> [RecordKey: Int64] {
        try pool.read { db in
            var lines = [LineReceipt]()
            if let night { lines = try lineReceipts(where: "r.from_night = ?", [night.dayNumber], adding: pending, in: db) }
            var seen = Set(lines.map { Receipt.LineKey(planDate: $0.planDate, lineID: $0.lineID) })
            for receipt in pending where !seen.contains(receipt.lineKey) {
                lines += try lineReceipts(where: "l.day = ? AND l.line_id = ?", [receipt.planDate.dayNumber, receipt.lineID],
                                          adding: [receipt], in: db)
                seen.insert(receipt.lineKey)
            }
            var short = [RecordKey: Int64]()
            for line in lines where line.state == .short {
                let sum = (short[line.request] ?? 0).addingReportingOverflow(line.shortfall)
                short[line.request] = sum.overflow ? Quantity.maximum.units : min(sum.partialValue, Quantity.maximum.units)
            }
            return short
        }
    }

    /// The lines `condition` selects (on `night_line l`), with their receipts, `pending` standing over the
    /// recorded ones, in night and line id order.
    private func lineReceipts(where condition: String, _ arguments: StatementArguments, adding pending: [Receipt],
                              in db: Database) throws -> [LineReceipt] {
        let pendingByLine = Dictionary(pending.map { ($0.lineKey, $0) }, uniquingKeysWith: { _, later in later })
        let rows = try Row.fetchCursor(db, sql: """
            SELECT l.day, l.line_id, s.enterprise_id AS supplier_id, s.enterprise_name AS supplier_name,
                   o.offer_source, o.offer_id, i.request_source, i.request_id, l.material, l.quantity, l.arrive_by,
                   r.received, r.received_on, r.note
            FROM night_line l JOIN offer o USING (offer) JOIN item i USING (item)
                 LEFT JOIN enterprise s ON s.enterprise = l.supplier
                 LEFT JOIN receipt r ON r.day = l.day AND r.line_id = l.line_id
            WHERE \(condition)
            ORDER BY l.day, l.line_id
            """, arguments: arguments)
        var lines = [LineReceipt]()
        while let row = try rows.next() {
            let planDate = CalendarDate(dayNumber: row["day"])
            let lineID: String = row["line_id"]
            var receipt = (row["received"] as Int64?).map { received in
                Receipt(planDate: planDate, lineID: lineID, received: received,
                        receivedOn: (row["received_on"] as Int32?).map(CalendarDate.init(dayNumber:)), note: row["note"] ?? "")
            }
            if let later = pendingByLine[Receipt.LineKey(planDate: planDate, lineID: lineID)] { receipt = later }
            lines.append(LineReceipt(
                planDate: planDate, lineID: lineID, supplierID: row["supplier_id"] ?? "",
                supplierName: row["supplier_name"] ?? "",
                offer: RecordKey(source: row["offer_source"], kind: .offer, id: row["offer_id"]),
                request: RecordKey(source: row["request_source"], kind: .request, id: row["request_id"]),
                material: MaterialCode(row["material"]), quantity: row["quantity"],
                arriveBy: CalendarDate(dayNumber: row["arrive_by"]), receipt: receipt))
        }
        return lines
    }
}
