import AllotCore

/// Reads `receipts.csv` (到货确认, SPEC 15): `plan_date, line_id, received, received_on, note`, each also
/// under its Chinese header (`Receipt.Column`), UTF-8 or GB18030 like every reference CSV.
///
/// A row that cannot be read is a reject naming the file, its line and the first bad field in column
/// order. Whether a receipt names a line the ledger holds, within its quantity, is the ledger's to say
/// (`Ledger.check`), and which of several receipts for one line stands is decided after it
/// (`Receipt.latest`): a rejected row replaces nothing.
public enum ReceiptsFile {
    public struct Result: Sendable {
        /// The rows read, in file order.
        public var receipts: [Receipt] = []
        public var rejects: [Reject] = []
        public var recordCount = 0
        public var encoding: TextEncoding?
    }

    public static let path = Receipt.path

    static let chineseColumns = Dictionary(uniqueKeysWithValues: Receipt.Column.allCases.map { ($0.chineseName, $0.rawValue) })

    /// Reads the receipts `InputFolder` opened. A file that cannot be read, or whose header lacks a
    /// required column, is one reject and gives no receipt.
    public static func read(_ file: InputFile, limits: InputLimits) -> Result {
        var result = Result()
        guard let csv = ReferenceCSV.openLeniently(file, required: Receipt.Column.required.map(\.rawValue), limits: limits,
                                                   aliases: chineseColumns, encoding: &result.encoding,
                                                   rejects: &result.rejects) else {
            return result
        }
        let (header, columns) = (csv.header, csv.columns)
        for row in csv.table.rows {
            result.recordCount += 1
            func reject(_ field: String, _ code: RejectCode, _ message: String, raw: String = row.raw) {
                let id = [Receipt.Column.planDate, .lineID].compactMap { columns.value($0.rawValue, in: row.fields) }
                    .joined(separator: ":")
                result.rejects.append(Reject(file: file.path, line: row.line, field: field, source: "receipts",
                                             recordID: id, code: code, message: message, raw: raw))
            }
            if let problem = ReferenceCSV.oversize(row, header: header, limits: limits) {
                reject(problem.field, problem.code, problem.message, raw: problem.raw)
                continue
            }
            guard row.problem == nil, row.fields.count == header.fields.count else {
                reject("", .wrongFieldCount, "the row does not split into the header's \(header.fields.count) fields")
                continue
            }
            switch receipt(row.fields, columns: columns) {
            case .success(var r):
                r.line = row.line
                r.raw = row.raw
                result.receipts.append(r)
            case .failure(let p):
                reject(p.field, p.code, p.message)
            }
        }
        return result
    }

    struct Problem: Error {
        var field: String
        var code: RejectCode
        var message: String
    }

    /// One row's receipt, or its first bad field in column order.
    private static func receipt(_ row: [String], columns: ColumnMap) -> Swift.Result<Receipt, Problem> {
        let names = Receipt.Column.allCases.map(\.rawValue)
        if let (column, message) = columns.controlCharacter(among: names, in: row) {
            return .failure(Problem(field: column, code: .controlCharacter, message: message))
        }
        func value(_ column: Receipt.Column) -> String? { columns.value(column.rawValue, in: row) }
        func missing(_ column: Receipt.Column) -> Problem {
            Problem(field: column.rawValue, code: .missingField, message: "\(column.rawValue) is required")
        }
        guard let dateText = value(.planDate) else { return .failure(missing(.planDate)) }
        guard let planDate = DateText.date(dateText) else {
            return .failure(Problem(field: "plan_date", code: .badDate, message: "\(dateText) is not a date"))
        }
        guard let lineID = value(.lineID) else { return .failure(missing(.lineID)) }
        guard let receivedText = value(.received) else { return .failure(missing(.received)) }
        let received: Int64
        switch self.received(receivedText) {
        case .success(let units): received = units
        case .failure(let problem): return .failure(problem)
        }
        var receivedOn: CalendarDate?
        if let text = value(.receivedOn) {
            guard let date = DateText.date(text) else {
                return .failure(Problem(field: "received_on", code: .badDate, message: "\(text) is not a date"))
            }
            receivedOn = date
        }
        return .success(Receipt(planDate: planDate, lineID: lineID, received: received, receivedOn: receivedOn,
                                note: value(.note) ?? ""))
    }

    /// `received`: a quantity in the line's canonical unit as SPEC 2 writes one (`1,200`, `1.2万`), rounded
    /// once, or 0 for nothing arrived; no unit, since the line's unit is the ledger's.
    private static func received(_ text: String) -> Swift.Result<Int64, Problem> {
        if text.allSatisfy({ $0 == "0" || $0 == "." }) { return .success(0) }
        let tooLarge = Problem(field: "received", code: .quantityTooLarge,
                               message: QuantityText.tooLargeMessage(text, material: nil))
        let parsed: QuantityText.Parsed
        switch QuantityText.parse(text) {
        case .success(let p): parsed = p
        case .failure(.tooLarge): return .failure(tooLarge)
        case .failure:
            return .failure(Problem(field: "received", code: .badQuantity,
                                    message: "\(text) is not a quantity: write what arrived in the line's canonical unit, 0 for nothing"))
        }
        guard parsed.unit == nil else {
            return .failure(Problem(field: "received", code: .badQuantity,
                                    message: "\(text) has a unit: write received in the line's canonical unit, without one"))
        }
        switch Quantity.reading(parsed.amount) {
        case .success(let q): return .success(q.units)
        case .failure(.notPositive): return .success(0)   // less than half a unit: nothing
        case .failure(.tooLarge): return .failure(tooLarge)
        }
    }
}
