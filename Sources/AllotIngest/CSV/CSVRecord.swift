import Foundation

/// Why a CSV row could not be split into fields.
public enum CSVRowProblem: Equatable, Sendable {
    /// A quoted field was still open at the end of the file.
    case unterminatedQuote
    /// The row holds bytes that are not text in the file's encoding.
    case invalidEncoding
}

/// One row of a CSV file.
public struct CSVRecord: Sendable {
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

/// A whole CSV file: its encoding, its first row and the rows after it.
public struct CSVTable: Sendable {
    /// The encoding the file was read in (SPEC 2).
    public var encoding: TextEncoding
    /// The first row; `nil` for a file without any row.
    public var header: CSVRecord?
    /// The rows after the header, blank lines skipped.
    public var rows: [CSVRecord]

    public init(encoding: TextEncoding, header: CSVRecord?, rows: [CSVRecord]) {
        self.encoding = encoding
        self.header = header
        self.rows = rows
    }
}

/// A CSV file that could not be opened or read.
public struct CSVFileError: Error, CustomStringConvertible {
    public var path: String
    public var message: String

    public init(path: String, message: String) {
        self.path = path
        self.message = message
    }

    public var description: String { "\(path): \(message)" }
}
