import AllotCore

// MARK: - From a night or a published plan

extension ProvinceRequest {
    /// From a night: every planned request's outcome, by its region and tier.
    /// - Parameter generated: when the request is dated; `nil` for midnight of the plan date in Asia/Shanghai.
    /// - Throws: `PlanFileError` when an outcome names a request or material the night does not hold.
    public static func of(_ run: NightRun, requestTiers: [Int] = defaultRequestTiers,
                          generated: Instant? = nil, file: String = ProvinceRequestXML.fileName) throws -> ProvinceRequest {
        var contributions = [Contribution]()
        contributions.reserveCapacity(run.plan.outcomes.count)
        for outcome in run.plan.outcomes {
            guard let request = run.plan.request(of: outcome) else {
                throw PlanFileError.unknownRequest(outcome.request, file: file)
            }
            guard let material = run.catalog[request.material] else {
                throw PlanFileError.unknownMaterial(request.material, file: file)
            }
            contributions.append(Contribution(
                material: request.material, unit: material.canonicalUnit.rawValue, region: request.region,
                tier: outcome.tier, requested: outcome.requested.units, delivered: outcome.delivered.units,
                capped: outcome.cappedShortfall.units))
        }
        return build(planDate: run.planDate, generated: timestamp(generated ?? Instant(shanghaiMidnightOf: run.planDate)),
                     requestTiers: requestTiers, city: city(of: contributions.map(\.region), in: run.regions),
                     contributions: contributions)
    }

    /// From a published plan's rows: delivered from `dispatch.csv`, shortfall
    /// from `unmet.csv` (a request fully served is not in `unmet.csv`, and one
    /// that got nothing has no line), so requested = delivered + shortfall;
    /// a line counts for its `requested_material`.
    /// The same figures as `of(_:)` gave the night it was published.
    public static func of(_ snapshot: PlanSnapshot, requestTiers: [Int], generated: String, city: RegionCode?)
        -> ProvinceRequest {
        var contributions = [Contribution]()
        var units = [MaterialCode: String]()
        for line in snapshot.dispatch {
            // By the request's material, whatever served it (SPEC 13); a substitute has its unit.
            units[line.requestedMaterial] = line.unit
            contributions.append(Contribution(material: line.requestedMaterial, unit: line.unit, region: line.toRegion,
                                              tier: line.tier, requested: line.quantity, delivered: line.quantity, capped: 0))
        }
        for row in snapshot.unmet {
            let unit = units[row.material] ?? snapshot.manifest[row.material]?.unit ?? ""
            contributions.append(Contribution(material: row.material, unit: unit, region: row.region, tier: row.tier,
                                              requested: row.shortfall, delivered: 0,
                                              capped: row.reason == .capped ? row.shortfall : 0))
        }
        return build(planDate: snapshot.planDate, generated: generated, requestTiers: requestTiers, city: city,
                     contributions: contributions)
    }

    /// `2020-02-11T00:00:00+08:00`: an instant in Asia/Shanghai time with its offset.
    public static func timestamp(_ instant: Instant) -> String {
        let local = Instant(microsecondsSinceEpoch: instant.microsecondsSinceEpoch
            + Int64(Instant.shanghaiOffsetMinutes) * 60_000_000)
        let utc = local.description   // `…Z`, the Shanghai wall clock
        return String(utc.dropLast()) + "+08:00"
    }
}
