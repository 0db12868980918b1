import GRDB
import GRDBSQLite

/// A value bound to a statement's parameter.
enum LedgerValue {
    case integer(Int64)
    case text(String)
    case null

    /// Text, or NULL for `nil`.
    static func optional(_ value: String?) -> LedgerValue { value.map { .text($0) } ?? .null }
}

/// A prepared statement bound and stepped through SQLite's C API, for the ledger's bulk writes and reads: a
/// national night is 1.7 million rows, and binding each through `StatementArguments` took about twice as
/// long as binding them here (Benchmarks/README.md, Part 4); the problem list is read through it too. The
/// ledger's one use of the C API: used only inside a `Ledger` read or write, on that access's connection,
/// with the statement GRDB prepared and keeps alive.
struct LedgerRowStatement {
    private let statement: Statement

    init(_ db: Database, sql: String) throws {
        statement = try db.cachedStatement(sql: sql)
    }

    /// The row a query stands on, read inside ``rows(_:_:)`` only.
    struct Row {
        fileprivate let handle: OpaquePointer

        func integer(_ column: Int) -> Int64 { sqlite3_column_int64(handle, CInt(column)) }

        /// The column's text as its UTF-8 bytes spell it ("" for NULL).
        func text(_ column: Int) -> String {
            guard let bytes = sqlite3_column_text(handle, CInt(column)) else { return "" }
            let count = Int(sqlite3_column_bytes(handle, CInt(column)))
            return String(decoding: UnsafeBufferPointer(start: bytes, count: count), as: UTF8.self)
        }

        /// The column's text; `nil` for NULL.
        func optionalText(_ column: Int) -> String? {
            sqlite3_column_type(handle, CInt(column)) == SQLITE_NULL ? nil : text(column)
        }
    }

    /// Runs the statement with `values` for its parameters, in order.
    func run(_ values: [LedgerValue]) throws {
        defer { finish() }
        try bind(values)
        _ = try step()
    }

    /// Runs a query with `values` and returns the first column of its first row; `nil` when it has none.
    func integer(_ values: [LedgerValue]) throws -> Int64? {
        defer { finish() }
        try bind(values)
        return try step() ? sqlite3_column_int64(statement.sqliteStatement, 0) : nil
    }

    /// The first two columns of the query's first row.
    func integers(_ values: [LedgerValue]) throws -> (Int64, Int64)? {
        defer { finish() }
        try bind(values)
        let handle = statement.sqliteStatement
        return try step() ? (sqlite3_column_int64(handle, 0), sqlite3_column_int64(handle, 1)) : nil
    }

    /// Runs a query with `values` and calls `body` with each row it returns, in order.
    func rows(_ values: [LedgerValue], _ body: (Row) throws -> Void) throws {
        defer { finish() }
        try bind(values)
        let row = Row(handle: statement.sqliteStatement)
        while try step() { try body(row) }
    }

    /// Resets the statement and binds `values` to its parameters, in order.
    private func bind(_ values: [LedgerValue]) throws {
        let handle = statement.sqliteStatement
        sqlite3_reset(handle)
        for (i, value) in values.enumerated() {
            let index = CInt(i + 1)
            let code: CInt
            switch value {
            case .integer(let number): code = sqlite3_bind_int64(handle, index, number)
            case .null: code = sqlite3_bind_null(handle, index)
            case .text(let text):
                // SQLITE_TRANSIENT: SQLite copies the bytes before withCString's buffer goes.
                code = text.withCString { sqlite3_bind_text(handle, index, $0, -1, Self.transient) }
            }
            guard code == SQLITE_OK else { throw failure(code) }
        }
    }

    /// Steps once: `true` when it stands on a row, `false` when done.
    private func step() throws -> Bool {
        let code = sqlite3_step(statement.sqliteStatement)
        switch code {
        case SQLITE_ROW: return true
        case SQLITE_DONE: return false
        default: throw failure(code)
        }
    }

    private func finish() {
        let handle = statement.sqliteStatement
        sqlite3_reset(handle)
        sqlite3_clear_bindings(handle)
    }

    private func failure(_ code: CInt) -> DatabaseError {
        let message = sqlite3_db_handle(statement.sqliteStatement).flatMap { sqlite3_errmsg($0) }.map { String(cString: $0) }
        return DatabaseError(resultCode: ResultCode(rawValue: code), message: message, sql: statement.sql)
    }

    private static let transient = unsafeBitCast(OpaquePointer(bitPattern: -1), to: sqlite3_destructor_type.self)
}
