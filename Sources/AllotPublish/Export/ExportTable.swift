import AllotCSV
import AllotCore

/// A table as the exports write it, to CSV or to a spreadsheet: columns
/// named in the export's language, each saying what its cells mean for a
/// totals row, and rows of typed cells, so a spreadsheet gets numbers as
/// numbers and dates as dates.
///
/// What a column is decided here, once: a cell's kind (`Cell`) says how a
/// value is stored and shown (a date, a fraction shown as a percentage), a
/// column's `Role` says what a totals row does with it (sum it, key it,
/// recompute a fill ratio). The workbook adds the plan date above the
/// header and the totals below the rows (`planDate`, `totalsLabel`,
/// `totalsRows(of:)`); CSV writes the header and the rows only.
public struct ExportTable: Hashable, Sendable {
    /// One cell.
    public enum Cell: Hashable, Sendable {
        case text(String)
        case integer(Int64)
        /// `units × 10^-scale`, shown with exactly `scale` decimals.
        case decimal(units: Int64, scale: Int)
        /// A calendar day: a date cell in a workbook, `YYYY-MM-DD` in CSV.
        case date(CalendarDate)
        /// A fraction of one, `units × 10^-scale` (`4060, 4` is 0.4060): in a
        /// workbook a number shown as a percentage with `scale - 2` decimals
        /// (40.60%), in CSV the fraction as the plan files write it (`0.4060`).
        case ratio(units: Int64, scale: Int)

        /// A sum of the plan's quantities (128 bits): an `integer` cell, or, past 64 bits, where only a
        /// hand-edited plan read back can take it, its digits as text, exact either way.
        public static func whole(_ value: Int128) -> Cell {
            Int64(exactly: value).map(Cell.integer) ?? .text(String(value))
        }

        /// delivered ÷ requested as the plan files round it (`DecimalText.fillRatio`, 4 decimals);
        /// empty text when a sum is past 64 bits.
        static func fillRatio(delivered: Int128, requested: Int128) -> Cell {
            guard let delivered = Int64(exactly: delivered), let requested = Int64(exactly: requested) else {
                return .text("")
            }
            return fillRatio(DecimalText.fillRatio(delivered: delivered, requested: requested))
        }

        /// A fill ratio as the plan files write it (`0.4060`) to a `ratio` cell; other text stays text.
        static func fillRatio(_ text: String) -> Cell {
            let parts = text.split(separator: ".", omittingEmptySubsequences: false)
            guard parts.count == 2, parts[1].count == 4, let units = Int64(parts[0] + parts[1]) else { return .text(text) }
            return .ratio(units: units, scale: 4)
        }
    }

    /// What a column's cells are to a totals row.
    public enum Role: Hashable, Sendable {
        /// Ids, names, codes, tiers, distances, dates: left empty in a totals row.
        case detail
        /// Names the material (code, name, unit): one totals row per material,
        /// which repeats these cells, so kilograms are never added to pieces.
        case material
        /// A quantity, summed in the totals row.
        case quantity
        /// The requested quantity: summed, and the denominator of `fillRatio`.
        case requested
        /// The delivered quantity: summed, and the numerator of `fillRatio`.
        case delivered
        /// delivered ÷ requested of the row; the totals row recomputes it from the sums.
        case fillRatio

        /// Whether a totals row sums the column.
        var isSummed: Bool { self == .quantity || self == .requested || self == .delivered }
    }

    /// A column: its header in the export's language and its role.
    public struct Column: Hashable, Sendable {
        public var name: String
        public var role: Role

        public init(_ name: String, _ role: Role = .detail) {
            self.name = name
            self.role = role
        }
    }

    /// A label and a date, written as a row of two cells (`计划日期 | 2020-02-11`).
    public struct LabelledDate: Hashable, Sendable {
        public var label: String
        public var date: CalendarDate

        public init(label: String, date: CalendarDate) {
            self.label = label
            self.date = date
        }
    }

    /// The worksheet's name (at most 31 characters, none of `[]:*?/\`).
    public var title: String
    public var columns: [Column]
    public var rows: [[Cell]]
    /// The row a workbook's sheets show above the header; `nil`: the header is the first row.
    public var planDate: LabelledDate?
    /// The first cell of the totals rows (`合计`); `nil`: the table has none.
    public var totalsLabel: String?

    public init(title: String, columns: [Column], rows: [[Cell]] = [], planDate: LabelledDate? = nil,
                totalsLabel: String? = nil) {
        self.title = title
        self.columns = columns
        self.rows = rows
        self.planDate = planDate
        self.totalsLabel = totalsLabel
    }

    /// A table of `detail` columns, without plan date or totals (a workbook feed, say).
    public init(title: String, header: [String], rows: [[Cell]] = []) {
        self.init(title: title, columns: header.map { Column($0) }, rows: rows)
    }

    public var header: [String] { columns.map(\.name) }
}

// MARK: - CSV

extension ExportTable {
    /// The table as CSV (SPEC 9's rules: UTF-8 with BOM, RFC 4180, CRLF, formula guard): the header
    /// and the rows, without the plan date row or totals (a CSV file is read by programs as well).
    /// - Complexity: O(total length of the cells).
    public func csv() -> [UInt8] {
        var csv = CSV(header: header)
        for row in rows { csv.append(row) }
        return csv.bytes
    }

    /// A table's CSV written a row at a time (SPEC 9's rules, as ``csv()``), for a table too large to be worth
    /// holding whole first (the ledger's problem list, a third of a million rows).
    public struct CSV {
        private var writer: CSVWriter

        public init(header: [String]) {
            writer = CSVWriter(header: header)
        }

        public mutating func append(_ row: [Cell]) {
            writer.append(row.map { cell in
                switch cell {
                case .text(let text): return .text(text)
                case .integer(let value): return .integer(value)
                case .decimal(let units, let scale), .ratio(let units, let scale): return .decimal(units: units, scale: scale)
                case .date(let date): return .text(date.description)
                }
            })
        }

        public var bytes: [UInt8] { writer.bytes }
    }
}
