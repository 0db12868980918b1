import AllotCore

/// Reads `.xlsx` feeds (SPEC 4): the first sheet of an Excel workbook, whose
/// first row with a value is the header and each later row with a value a
/// record, as a CSV feed's.
///
/// The rows take the CSV feed's path: the header is a `CSVFeedLayout`
/// (English or Chinese names, the same required columns and warnings) and
/// each row's values go to `RecordNormalizer` as text, so every value rule
/// has one home. What is Excel's is how a cell's stored value becomes that
/// text (`XLSXCellText`: numbers as Excel shows them, date cells as dates).
/// A record's line is its row number in the sheet.
///
/// Bounded whatever the zip says: the file at most `largestWorkbook`, each
/// part inflated within `XLSXArchive`'s bounds, the shared strings within
/// `XLSXWorkbook.sharedStringMemory`, the sheet streamed a row at a time,
/// and `[limits]` as for CSV (`line_bytes` for a row's values,
/// `field_bytes` for one, `records_per_file`). A file that is not a
/// workbook, lacks its sheet or is damaged is one `not_well_formed` reject;
/// one past a bound one `workbook_too_large` reject; neither counts a record.
public enum XLSXFeedReader {
    /// The largest workbook read; it is held in memory while it is read. A
    /// feed of SPEC 4's columns at Excel's last row is some 40 MB.
    static let largestWorkbook = 256 << 20

    /// Reads one workbook feed, which `InputFolder` opened: source = file name without extension.
    public static func read(_ file: InputFile, reference: ReferenceData) -> FeedFileResult {
        read(file, reference: reference, largestWorkbook: largestWorkbook,
             sharedStringMemory: XLSXWorkbook.sharedStringMemory)
    }

    /// `read(_:reference:)` with other bounds, so tests reach them with small files.
    static func read(_ file: InputFile, reference: ReferenceData, largestWorkbook: Int,
                     sharedStringMemory: Int) -> FeedFileResult {
        let path = file.path
        let source = file.baseName
        var result = FeedFileResult(path: path, source: source, encoding: .xlsx)
        func rejected(_ failure: XLSXFailure) -> FeedFileResult {
            var r = FeedFileResult(path: path, source: source, encoding: .xlsx)
            r.rejects = [Reject(file: path, line: failure.line, source: source, code: failure.code,
                                message: failure.message)]
            return r
        }
        if let message = FieldProblem.controlCharacterMessage(in: source, column: "the file's name",
                                                              fix: "rename the file") {
            return rejected(XLSXFailure(code: .controlCharacter, message: message))
        }
        guard file.size <= largestWorkbook else {
            return rejected(XLSXFailure(code: .workbookTooLarge,
                                        message: "\(path) is \(file.size) bytes, more than the \(largestWorkbook) bytes a workbook feed may have: it is not read; send it as CSV"))
        }
        let bytes: [UInt8]
        do { bytes = try file.bytes() } catch {
            return rejected(XLSXFailure(code: .unreadableFile, message: "cannot read \(path): \(error.problem)"))
        }
        let limits = reference.policy.limits
        do throws(XLSXFailure) {
            let archive = try XLSXArchive(bytes: bytes, path: path)
            let workbook = try XLSXWorkbook(archive, limits: limits, path: path,
                                            sharedStringMemory: sharedStringMemory)
            let feed = XLSXFeedRows(path: path, source: source, reference: reference, sheet: workbook.sheetName)
            let rows = XLSXSheetRows(workbook: workbook, limits: limits, path: path, take: feed.take)
            try XLSXPart.parse(workbook.sheetPart, of: archive, lineBytes: limits.lineBytes, path: path, consumer: rows)
            if let failure = rows.failure ?? feed.failure { throw failure }
            guard feed.hasHeader else {
                throw XLSXFailure(code: .badHeader, line: 1, message: "the first sheet ('\(workbook.sheetName)') is empty: expected a header with \(CSVFeedLayout.describe(.supplierID)) for offers or \(CSVFeedLayout.describe(.enterpriseID)) for requests")
            }
            result.records = feed.records
            result.rejects = feed.rejects
            result.recordCount = feed.recordCount
            result.warnings = feed.warnings
            return result
        } catch {
            return rejected(error)
        }
    }
}
