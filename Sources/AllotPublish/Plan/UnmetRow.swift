import AllotCore

/// One request not fully served, as `unmet.csv` and `dispatch.xml` show it.
struct UnmetRow {
    var outcome: RequestOutcome
    var request: Request
    var reason: UnmetReason
    /// delivered ÷ requested with 4 decimals (`DecimalText.fillRatio`).
    var fillRatio: String
    /// Consecutive nights open, tonight included (`NightRun.ages`).
    var age: Int
}

// MARK: - From a night

extension UnmetRow {
    /// Every planned request with a shortfall (an outcome with a reason;
    /// excluded requests are not planned, so never here), in the order a
    /// coordinator works the list: by material, then tier (tier 1 first),
    /// then fill ratio ascending (the worst served first, compared exactly),
    /// then request key. SPEC 9 names no order; this one groups what one
    /// person handles and puts the most urgent at the top of each group.
    /// - Throws: `PlanFileError.unknownRequest` when an outcome names a request the night does not hold.
    /// - Complexity: O(n log n) for n outcomes.
    static func rows(of run: NightRun, file: String) throws -> [UnmetRow] {
        var rows = [UnmetRow]()
        for outcome in run.plan.outcomes {
            guard let reason = outcome.reason else { continue }
            guard let request = run.plan.request(of: outcome) else {
                throw PlanFileError.unknownRequest(outcome.request, file: file)
            }
            rows.append(UnmetRow(outcome: outcome, request: request, reason: reason,
                                 fillRatio: DecimalText.fillRatio(delivered: outcome.delivered.units,
                                                                  requested: outcome.requested.units),
                                 age: run.ages[outcome.request] ?? 1))
        }
        return sorted(rows)
    }

    /// `rows` in `order(_:_:)`. A row holds its whole request, so the sort
    /// moves positions and compares small keys (material rank, tier, fill),
    /// reading the request keys only to break ties: a national night has a
    /// million rows.
    /// - Complexity: O(n log n).
    static func sorted(_ rows: [UnmetRow]) -> [UnmetRow] {
        struct Key {
            var material: Int
            var tier: Int
            var fill: (delivered: UInt64, requested: UInt64)
        }
        let materials = Set(rows.map(\.request.material)).sorted()
        let rank = Dictionary(uniqueKeysWithValues: materials.enumerated().map { ($1, $0) })
        let keys = rows.map { row in
            Key(material: rank[row.request.material]!, tier: row.outcome.tier, fill: fillParts(row.outcome))
        }
        let positions = rows.indices.sorted { i, j in
            let a = keys[i], b = keys[j]
            if a.material != b.material { return a.material < b.material }
            if a.tier != b.tier { return a.tier < b.tier }
            switch compareFill(a.fill, b.fill) {
            case .some(let less): return less
            case .none: return rows[i].outcome.request < rows[j].outcome.request
            }
        }
        return positions.map { rows[$0] }
    }

    static func order(_ a: UnmetRow, _ b: UnmetRow) -> Bool {
        if a.request.material != b.request.material { return a.request.material < b.request.material }
        if a.outcome.tier != b.outcome.tier { return a.outcome.tier < b.outcome.tier }
        switch compareFill(fillParts(a.outcome), fillParts(b.outcome)) {
        case .some(let less): return less
        case .none: return a.outcome.request < b.outcome.request
        }
    }

    /// An outcome's fill ratio as (delivered, requested); a request of 0 counts as fully served (1 / 1).
    private static func fillParts(_ o: RequestOutcome) -> (delivered: UInt64, requested: UInt64) {
        o.requested.units > 0 ? (UInt64(max(0, o.delivered.units)), UInt64(o.requested.units)) : (1, 1)
    }

    /// Whether fill ratio `a` is below `b` (`nil` when equal), by cross
    /// multiplication in 128 bits: d_a × r_b against d_b × r_a.
    private static func compareFill(_ a: (delivered: UInt64, requested: UInt64),
                                    _ b: (delivered: UInt64, requested: UInt64)) -> Bool? {
        let (da, ra) = a, (db, rb) = b
        let left = da.multipliedFullWidth(by: rb), right = db.multipliedFullWidth(by: ra)
        if left == right { return nil }
        return left < right
    }
}
