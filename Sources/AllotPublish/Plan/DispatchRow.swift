import AllotCore

/// One line of the plan as `dispatch.csv` and `dispatch.xml` show it: its
/// id, the line, and the offer, request and unit it names.
struct DispatchRow {
    /// `L-7F3K9-2QDXM`: a digest of the line's offer, lot day and request (`DispatchLine.lineIDs(of:)`).
    var id: String
    var line: DispatchLine
    var offer: Offer
    var request: Request
    var unit: CanonicalUnit
}

// MARK: - From a night

extension DispatchRow {
    /// The plan's lines, in the plan's line order (`DispatchLine.planOrder`), with their ids.
    /// - Throws: `PlanFileError` when a line names an offer, request or
    ///   material the night does not hold.
    /// - Complexity: O(n) for n lines.
    static func rows(of run: NightRun, file: String) throws -> [DispatchRow] {
        let lines = run.plan.lines
        #if ALLOT_INTERNAL_CHECKS
        precondition(zip(lines, lines.dropFirst()).allSatisfy { !DispatchLine.planOrder($1, $0) }, "plan lines out of order")
        #endif
        var units = [MaterialCode: CanonicalUnit]()
        let ids = DispatchLine.lineIDs(of: lines)
        var rows = [DispatchRow]()
        rows.reserveCapacity(lines.count)
        for (index, line) in lines.enumerated() {
            guard let offer = run.plan.offer(of: line) else { throw PlanFileError.unknownOffer(line.offer, file: file) }
            guard let request = run.plan.request(of: line) else {
                throw PlanFileError.unknownRequest(line.request, file: file)
            }
            let unit: CanonicalUnit
            if let known = units[line.material] {
                unit = known
            } else {
                guard let material = run.catalog[line.material] else {
                    throw PlanFileError.unknownMaterial(line.material, file: file)
                }
                unit = material.canonicalUnit
                units[line.material] = unit
            }
            rows.append(DispatchRow(id: ids[index], line: line, offer: offer, request: request, unit: unit))
        }
        return rows
    }

}
