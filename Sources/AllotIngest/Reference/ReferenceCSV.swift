import AllotCore
import AllotCSV
import Foundation

/// A reference CSV (regions, materials, registry, overrides) opened, with its
/// header checked for the columns it needs.
struct ReferenceCSV {
    var table: CSVTable
    var header: CSVRecord
    var columns: ColumnMap

    /// For tables that must be whole (regions, materials): any problem makes
    /// the table unusable, a row or value past `limits` too.
    static func openStrictly(_ file: InputFile, displayPath: String, required: [String],
                             what: String, limits: InputLimits) throws -> ReferenceCSV {
        let table: CSVTable
        do { table = try CSVFile.read(file).table } catch {
            throw ReferenceTableError(path: displayPath, line: 0, message: failure(error))
        }
        guard let header = table.header else {
            throw ReferenceTableError(path: displayPath, line: 1, message: "the \(what) is empty")
        }
        for row in [header] + table.rows {
            if let problem = oversize(row, header: row == header ? nil : header, limits: limits) {
                throw ReferenceTableError(path: displayPath, line: row.line, field: problem.field,
                                          message: problem.message)
            }
        }
        let columns = ColumnMap(header: header.fields)
        if let missing = columns.firstMissing(required) {
            throw ReferenceTableError(path: displayPath, line: header.line, field: missing, message: "the header has no \(missing) column")
        }
        return ReferenceCSV(table: table, header: header, columns: columns)
    }

    /// For tables whose bad rows are rejects (registry, overrides): an unreadable file or a header
    /// without a required column becomes one reject in `rejects`, and `nil` comes back.
    /// A header past `limits` is one reject too; rows past them are the caller's to reject (`oversize`).
    /// - Parameter aliases: other names a column may have in the header, to the name it is read by.
    static func openLeniently(_ input: InputFile, required: [String], limits: InputLimits, aliases: [String: String] = [:],
                              encoding: inout TextEncoding?, rejects: inout [Reject]) -> ReferenceCSV? {
        let file: CSVFile
        do { file = try CSVFile.read(input) } catch {
            rejects.append(Reject(file: input.path, line: 0, code: .unreadableFile, message: failure(error)))
            return nil
        }
        encoding = file.encoding
        let table = file.table
        guard let header = table.header else { return nil }
        if let problem = oversize(header, header: nil, limits: limits) {
            rejects.append(Reject(file: input.path, line: header.line, code: problem.code,
                                  message: problem.message, raw: problem.raw))
            return nil
        }
        let columns = ColumnMap(header: header.fields, aliases: aliases)
        if let missing = columns.firstMissing(required) {
            rejects.append(Reject(file: input.path, line: header.line, field: missing, code: .missingColumn,
                                  message: "the header has no \(missing) column", raw: header.raw))
            return nil
        }
        return ReferenceCSV(table: table, header: header, columns: columns)
    }

    /// What `[limits]` finds wrong with `row`: longer than `line_bytes`
    /// (`line_too_long`), or its first value, in column order, larger than
    /// `field_bytes` (`field_too_large`, naming the column as `header` does;
    /// `nil` for the header itself). `raw` is the row's first characters.
    /// - Complexity: O(fields): a `String`'s UTF-8 count is known.
    static func oversize(_ row: CSVRecord, header: CSVRecord?, limits: InputLimits)
        -> (field: String, code: RejectCode, message: String, raw: String)? {
        if row.raw.utf8.count > limits.lineBytes {
            return ("", .lineTooLong, limits.lineTooLongMessage, InputLimits.rawPrefix(row.raw.utf8))
        }
        guard row.raw.utf8.count > limits.fieldBytes,
              let i = row.fields.firstIndex(where: { $0.utf8.count > limits.fieldBytes }) else { return nil }
        let named = header.flatMap { i < $0.fields.count ? $0.fields[i].trimmingSpaces().lowercased() : nil } ?? ""
        let column = header == nil ? "the header's column \(i + 1)" : named.isEmpty ? "column \(i + 1)" : named
        return (header == nil ? "" : column, .fieldTooLarge,
                limits.fieldTooLargeMessage(column: column, bytes: row.fields[i].utf8.count),
                InputLimits.rawPrefix(row.raw.utf8))
    }

    /// Why a file that was open could not be read: `cannot be read: Input/output error`.
    private static func failure(_ error: Error) -> String {
        (error as? CSVFileError)?.message ?? "cannot be read: \(error)"
    }
}

/// Columns of a reference CSV by their trimmed, lower-cased header names.
struct ColumnMap {
    private var indexByName: [String: Int] = [:]

    /// - Parameter aliases: other names a column may have (a Chinese header), to the name it is read by.
    init(header: [String], aliases: [String: String] = [:]) {
        for (i, name) in header.enumerated() {
            let trimmed = name.trimmingSpaces().lowercased()
            let key = aliases[trimmed] ?? trimmed
            if indexByName[key] == nil { indexByName[key] = i }
        }
    }

    func index(_ name: String) -> Int? { indexByName[name] }

    /// The first of `names` the header lacks, or `nil` when it has them all.
    func firstMissing(_ names: [String]) -> String? {
        names.first { indexByName[$0] == nil }
    }

    /// The first of the columns `names` whose trimmed value in `fields` holds a
    /// control character, in the file's column order, and the message of the
    /// reject that names it (`FieldProblem.controlCharacterMessage`).
    /// - Complexity: O(length of the values).
    func controlCharacter(among names: [String], in fields: [String]) -> (column: String, message: String)? {
        let ordered = names.compactMap { name in index(name).map { (name, $0) } }.sorted { $0.1 < $1.1 }
        for (name, i) in ordered where i < fields.count {
            if let message = FieldProblem.controlCharacterMessage(in: fields[i].trimmingSpaces(), column: name) {
                return (name, message)
            }
        }
        return nil
    }

    /// The trimmed value of column `name` in `fields`, `nil` when absent or blank.
    func value(_ name: String, in fields: [String]) -> String? {
        guard let i = indexByName[name], i < fields.count else { return nil }
        let v = fields[i].trimmingSpaces()
        return v.isEmpty ? nil : v
    }
}
