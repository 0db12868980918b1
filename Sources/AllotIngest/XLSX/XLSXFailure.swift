import AllotCore

/// Why a workbook gives no record at all: one file-level reject.
struct XLSXFailure: Error, Equatable {
    var code: RejectCode
    /// The sheet's row where the read stopped; 0 for the workbook as a whole.
    var line = 0
    var message: String

    /// A workbook that cannot be read as one: `not_well_formed`.
    static func broken(_ message: String, line: Int = 0) -> XLSXFailure {
        XLSXFailure(code: .notWellFormed, line: line, message: message)
    }
}
