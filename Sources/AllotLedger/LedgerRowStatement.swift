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

/// A prepared statement bound and stepped through SQLite's C API, for the ledger's bulk writes: a national
/// night is 1.7 million rows, and binding each through `StatementArguments` took about twice as long as
/// binding them here (Benchmarks/README.md, Part 4). The ledger's one use of the C API: used only inside a `Ledger` write, on the writer's
/// connection, with the statement GRDB prepared and keeps alive.
struct LedgerRowStatement {
    private let statement: Statement

    init(_ db: Database, sql: String) throws {
        statement = try db.cachedStatement(sql: sql)
    }

    /// Runs the statement with `values` for its parameters, in order.
    func run(_ values: [LedgerValue]) throws {
        try step(values)
    }

    /// Runs a query with `values` and returns the first column of its first row; `nil` when it has none.
    func integer(_ values: [LedgerValue]) throws -> Int64? {
        try step(values, reading: 1)?.0
    }

    /// The first two columns of the query's first row.
    func integers(_ values: [LedgerValue]) throws -> (Int64, Int64)? {
        try step(values, reading: 2)
    }

    /// Binds `values`, steps once, and reads the first `columns` integers of the row it stands on.
    @discardableResult
    private func step(_ values: [LedgerValue], reading columns: Int = 0) throws -> (Int64, Int64)? {
        let handle = statement.sqliteStatement
        sqlite3_reset(handle)
        defer {
            sqlite3_reset(handle)
            sqlite3_clear_bindings(handle)
        }
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
        let code = sqlite3_step(handle)
        switch code {
        case SQLITE_ROW:
            guard columns > 0 else { return nil }
            return (sqlite3_column_int64(handle, 0), columns > 1 ? sqlite3_column_int64(handle, 1) : 0)
        case SQLITE_DONE: return nil
        default: throw failure(code)
        }
    }

    private func failure(_ code: CInt) -> DatabaseError {
        let message = sqlite3_db_handle(statement.sqliteStatement).flatMap { sqlite3_errmsg($0) }.map { String(cString: $0) }
        return DatabaseError(resultCode: ResultCode(rawValue: code), message: message, sql: statement.sql)
    }

    private static let transient = unsafeBitCast(OpaquePointer(bitPattern: -1), to: sqlite3_destructor_type.self)
}
