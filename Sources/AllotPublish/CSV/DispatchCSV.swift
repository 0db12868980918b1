import AllotCore
import AllotCSV

/// `dispatch.csv`: one row per (lot, request) with a positive quantity (SPEC 9).
public enum DispatchCSV {
    public static let fileName = "dispatch.csv"

    public static let header = [
        "plan_date", "line_id", "material", "quantity", "unit", "offer_source", "offer_id", "supplier_id",
        "supplier_name", "from_region", "lot_date", "request_source", "request_id", "enterprise_id",
        "enterprise_name", "to_region", "tier", "road_km", "ship_on", "arrive_by", "pinned", "requested_material",
    ]

    /// Columns later versions added at the end (SPEC: columns only ever grow
    /// there); a plan published before them is read without them.
    static let addedColumns: Set<String> = ["requested_material"]

    /// The file's bytes: rows in line order (material, request key, offer
    /// key, lot day) with `line_id` a digest of the line's keys (`L-7F3K9-2QDXM`); `unit` the
    /// material's canonical unit, regions as 6-digit codes, `road_km` with
    /// one decimal, dates as `YYYY-MM-DD`, `pinned` `true` or `false`;
    /// `material` the lot's and `requested_material`, the last column, the
    /// request's (SPEC 13: they differ on a substitute's line).
    /// - Throws: `PlanFileError` when a line names an offer, request or material the night does not hold.
    /// - Complexity: O(n log n) for n lines.
    public static func render(_ run: NightRun) throws -> [UInt8] {
        render(try DispatchRow.rows(of: run, file: fileName), planDate: run.planDate)
    }

    /// The file's bytes from rows already resolved (`PlanFiles` resolves them once for every file).
    static func render(_ rows: [DispatchRow], planDate date: CalendarDate) -> [UInt8] {
        var csv = CSVWriter(header: header)
        let planDate = date.description
        for row in rows {
            let line = row.line
            csv.append([
                .text(planDate), .text(row.id), .text(line.material.rawValue), .integer(line.quantity.units),
                .text(row.unit.rawValue), .text(line.offer.source), .text(line.offer.id),
                .text(row.offer.supplierID.description), .text(row.offer.supplierName),
                .text(row.offer.region.description), .text(line.lotDay.description),
                .text(line.request.source), .text(line.request.id), .text(row.request.enterpriseID.description),
                .text(row.request.enterpriseName), .text(row.request.region.description), .integer(Int64(line.tier)),
                .decimal(units: line.roadDecikm, scale: 1), .text(line.lotDay.description),
                .text(line.arriveBy.description), .boolean(line.pinned), .text(line.requestedMaterial.rawValue),
            ])
        }
        return csv.bytes
    }
}
