import AllotCSV

/// A table as the exports write it, to CSV or to a spreadsheet: a header
/// in the export's language and rows of typed cells, so a spreadsheet gets
/// numbers as numbers.
public struct ExportTable: Hashable, Sendable {
    /// One cell.
    public enum Cell: Hashable, Sendable {
        case text(String)
        case integer(Int64)
        /// `units × 10^-scale`, shown with exactly `scale` decimals.
        case decimal(units: Int64, scale: Int)

        /// A sum of the plan's quantities (128 bits): an `integer` cell, or, past 64 bits, where only a
        /// hand-edited plan read back can take it, its digits as text, exact either way.
        public static func whole(_ value: Int128) -> Cell {
            Int64(exactly: value).map(Cell.integer) ?? .text(String(value))
        }
    }

    /// The worksheet's name (at most 31 characters, none of `[]:*?/\`).
    public var title: String
    public var header: [String]
    public var rows: [[Cell]]

    public init(title: String, header: [String], rows: [[Cell]] = []) {
        self.title = title
        self.header = header
        self.rows = rows
    }
}

// MARK: - CSV

extension ExportTable {
    /// The table as CSV (SPEC 9's rules: UTF-8 with BOM, RFC 4180, CRLF, formula guard).
    /// - Complexity: O(total length of the cells).
    public func csv() -> [UInt8] {
        var writer = CSVWriter(header: header)
        for row in rows {
            writer.append(row.map { cell in
                switch cell {
                case .text(let text): return .text(text)
                case .integer(let value): return .integer(value)
                case .decimal(let units, let scale): return .decimal(units: units, scale: scale)
                }
            })
        }
        return writer.bytes
    }
}
