import AllotCore

/// Turns a sheet's rows into a feed's records and rejects, through the CSV
/// feed's header layout and `RecordNormalizer`'s text path.
final class XLSXFeedRows {
    private let path: String
    private let source: String
    private let sheet: String
    private let limits: InputLimits
    private let normalizer: RecordNormalizer
    private var layout: CSVFeedLayout?
    private var fields = RecordFields()

    private(set) var records: [(record: FeedRecord, origin: RecordOrigin)] = []
    private(set) var rejects: [Reject] = []
    private(set) var recordCount = 0
    private(set) var warnings: [String] = []
    /// The header made the file unusable, or the read stopped for good.
    private(set) var failure: XLSXFailure?

    var hasHeader: Bool { layout != nil }

    init(path: String, source: String, reference: ReferenceData, sheet: String) {
        self.path = path
        self.source = source
        self.sheet = sheet
        self.limits = reference.policy.limits
        self.normalizer = RecordNormalizer(reference: reference)
    }

    /// Takes one row with a value; `false` when the read should stop.
    func take(_ row: XLSXRow) -> Bool {
        guard let layout else { return readHeader(row) }
        recordCount += 1
        if recordCount > limits.recordsPerFile {
            // The unread rest of the sheet is one rejected record, as for CSV.
            rejects.append(Reject(file: path, line: row.number, source: source, code: .tooManyRecords,
                                  message: limits.tooManyRecordsMessage, raw: Self.raw(row)))
            return false
        }
        if let reject = problem(of: row, layout: layout) {
            rejects.append(reject)
            return true
        }
        fields.removeAllValues()
        for (column, field) in layout.columns.enumerated() {
            guard let field, column < row.cells.count, case .text(let text)? = row.cells[column], !text.isEmpty else {
                continue
            }
            fields[field] = text
        }
        switch normalizer.normalize(fields, kind: layout.kind, source: source) {
        case .success(let record):
            records.append((record, RecordOrigin(file: path, line: row.number)))
        case .failure(let problem):
            rejects.append(Reject(file: path, line: row.number, field: problem.field?.name ?? "", source: source,
                                  recordID: recordID(row, layout), code: problem.code, message: problem.message,
                                  raw: Self.raw(row)))
        }
        return true
    }

    /// What rejects a row before its values are read, in the CSV reader's
    /// order: too long, then a cell past the last column or past the
    /// header's, then a value too large.
    private func problem(of row: XLSXRow, layout: CSVFeedLayout) -> Reject? {
        func reject(_ code: RejectCode, _ message: String, field: String = "", raw: String? = nil) -> Reject {
            Reject(file: path, line: row.number, field: field, source: source, recordID: recordID(row, layout),
                   code: code, message: message, raw: raw ?? Self.raw(row))
        }
        if row.tooLong {
            return reject(.lineTooLong, limits.lineTooLongMessage.replacingOccurrences(of: "the row is longer than",
                                                                                       with: "the row's values are longer than"),
                          raw: InputLimits.rawPrefix(Array(Self.raw(row).utf8)))
        }
        if let reference = row.pastLastColumn {
            return reject(.wrongFieldCount, "the row has a cell at \(reference), past Excel's last column XFD (16,384)")
        }
        if let extra = row.cells.indices.last(where: { i in
            guard i >= layout.columns.count, case .text(let s)? = row.cells[i] else { return false }
            return !s.isEmpty
        }) {
            return reject(.wrongFieldCount,
                          "the row has a value in column \(XLSXSheetRows.reference(extra, row.number).filter(\.isLetter)) (cell \(XLSXSheetRows.reference(extra, row.number))), past the header's \(layout.columns.count) columns")
        }
        for (column, cell) in row.cells.enumerated() {
            if case .tooLarge(let bytes)? = cell {
                let name = column < layout.columnNames.count ? layout.columnNames[column] : "column \(column + 1)"
                return reject(.fieldTooLarge, limits.fieldTooLargeMessage(column: name, bytes: bytes), field: name)
            }
        }
        return nil
    }

    /// Reads the header row; `false` when it makes the file unusable.
    private func readHeader(_ row: XLSXRow) -> Bool {
        func fail(_ code: RejectCode, _ message: String) -> Bool {
            failure = XLSXFailure(code: code, line: row.number, message: message)
            return false
        }
        if row.tooLong { return fail(.lineTooLong, limits.lineTooLongMessage) }
        if let reference = row.pastLastColumn {
            return fail(.badHeader, "the header has a cell at \(reference), past Excel's last column XFD (16,384)")
        }
        var cells = [String]()
        for (column, cell) in row.cells.enumerated() {
            switch cell {
            case .text(let s)?: cells.append(s)
            case nil: cells.append("")
            case .tooLarge(let bytes)?:
                return fail(.fieldTooLarge, limits.fieldTooLargeMessage(column: "the header's column \(column + 1)", bytes: bytes))
            }
        }
        // Columns after the header's last name are no columns: Excel leaves empty cells out anyway.
        while cells.last?.trimmingSpaces().isEmpty == true { cells.removeLast() }
        do {
            let layout = try CSVFeedLayout(header: cells, path: path)
            self.layout = layout
            self.fields = RecordFields(order: layout.order)
            warnings = layout.warnings
            return true
        } catch let problem as CSVFeedLayout.Problem {
            return fail(problem.code, problem.message)
        } catch {
            return fail(.badHeader, "\(error)")
        }
    }

    private func recordID(_ row: XLSXRow, _ layout: CSVFeedLayout) -> String {
        guard layout.idColumn < row.cells.count, case .text(let id)? = row.cells[layout.idColumn] else { return "" }
        return id.trimmingSpaces()
    }

    /// A row as a CSV line would hold it (RFC 4180 quoting), for a reject's `raw`.
    static func raw(_ row: XLSXRow) -> String {
        row.cells.map { cell -> String in
            switch cell {
            case .text(let s)?:
                guard s.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return s }
                return "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\""
            case .tooLarge?: return "…"
            case nil: return ""
            }
        }.joined(separator: ",")
    }
}
