import AllotCore
import AllotCSV

/// `rejects.csv`: every record, file and override that was rejected (SPEC 9).
public enum RejectsCSV {
    public static let fileName = "rejects.csv"

    public static let header = ["file", "line", "field", "source", "record_id", "code", "message", "raw"]

    /// The file's bytes: `NightRun.rejects` in order (ingest's in input order,
    /// then overrides that could not hold). `line` is empty when not known
    /// (`Reject.line` 0); `raw` is the original text, its line breaks kept
    /// inside a quoted field, guarded against formulas like every text field.
    /// - Complexity: O(total length of the rejects).
    public static func render(_ run: NightRun) -> [UInt8] {
        var csv = CSVWriter(header: header)
        for reject in run.rejects {
            csv.append([
                .text(reject.file), reject.line > 0 ? .integer(Int64(reject.line)) : .text(""), .text(reject.field),
                .text(reject.source), .text(reject.recordID), .text(reject.code.rawValue), .text(reject.message),
                .text(reject.raw),
            ])
        }
        return csv.bytes
    }
}
