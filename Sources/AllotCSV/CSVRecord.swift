/// Why a CSV row could not be split into fields.
public enum CSVRowProblem: Equatable, Sendable {
    /// A quoted field was still open at the end of the file.
    case unterminatedQuote
    /// The row holds bytes that are not text in the file's encoding.
    case invalidEncoding
}

/// One row of a CSV file.
public struct CSVRecord: Equatable, Sendable {
    /// 1-based physical line where the row starts.
    public var line: Int
    /// The fields, unquoted, as decoded UTF-8 (not trimmed).
    public var fields: [String]
    /// The row's text as decoded, without its line break.
    public var raw: String
    public var problem: CSVRowProblem?

    public init(line: Int, fields: [String], raw: String, problem: CSVRowProblem? = nil) {
        self.line = line
        self.fields = fields
        self.raw = raw
        self.problem = problem
    }
}

/// A whole CSV file: its first row and the rows after it.
public struct CSVTable: Equatable, Sendable {
    /// The first row; `nil` for a file without any row.
    public var header: CSVRecord?
    /// The rows after the header, blank lines skipped.
    public var rows: [CSVRecord]

    public init(header: CSVRecord? = nil, rows: [CSVRecord] = []) {
        self.header = header
        self.rows = rows
    }
}
