import AllotCore
import AllotCSV

/// `unmet.csv`: every planned request not fully served (SPEC 9).
public enum UnmetCSV {
    public static let fileName = "unmet.csv"

    public static let header = [
        "request_source", "request_id", "enterprise_id", "enterprise_name", "region", "material", "tier",
        "requested", "delivered", "shortfall", "fill_ratio", "overdue", "reason", "age",
    ]

    /// The file's bytes: one row per outcome with a reason, ordered by
    /// material, tier, fill ratio ascending (worst served first), request
    /// key; `fill_ratio` with 4 decimals (never `1.0000` for a shortfall,
    /// never `0.0000` when something arrived), `overdue` `true` or `false`, `age` the
    /// consecutive nights the request has been open (SPEC 15, the last column).
    /// Excluded requests are not planned and so never listed.
    /// - Throws: `PlanFileError.unknownRequest` when an outcome names a request the night does not hold.
    /// - Complexity: O(n log n) for n outcomes.
    public static func render(_ run: NightRun) throws -> [UInt8] {
        render(try UnmetRow.rows(of: run, file: fileName))
    }

    /// The file's bytes from rows already resolved and ordered.
    static func render(_ rows: [UnmetRow]) -> [UInt8] {
        var csv = CSVWriter(header: header)
        for row in rows {
            let outcome = row.outcome, request = row.request
            csv.append([
                .text(request.key.source), .text(request.key.id), .text(request.enterpriseID.description),
                .text(request.enterpriseName), .text(request.region.description), .text(request.material.rawValue),
                .integer(Int64(outcome.tier)), .integer(outcome.requested.units), .integer(outcome.delivered.units),
                .integer(outcome.shortfall.units), .text(row.fillRatio), .boolean(outcome.overdue),
                .text(row.reason.rawValue), .integer(Int64(row.age)),
            ])
        }
        return csv.bytes
    }
}
