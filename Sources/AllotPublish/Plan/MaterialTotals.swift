import AllotCore

/// One material's figures for the night, as `manifest.json` and
/// `dispatch.xml` report them.
///
/// Sums of 64-bit quantities are kept in 128 bits, which no count of them
/// can overflow (fewer than 2^63 terms of less than 2^63 each): whatever
/// plan it is given, a sum is exact and written in full, never trapped or
/// wrapped. (The planner keeps a material's night within 2^53 units.)
struct MaterialTotals {
    /// Requested and delivered for the requests of one tier (of this material, whatever served them).
    struct TierTotals {
        var tier: Int
        var requested: Int128 = 0
        var delivered: Int128 = 0
    }

    var material: Material
    /// What the lots within the horizon hold (`Plan.offeredByMaterial`).
    var offered: Int64 = 0
    /// What the planned requests ask for (excluded and withdrawn ones are not planned).
    var requested: Int128 = 0
    /// What the material's requests got, whatever material served them (SPEC 13).
    var delivered: Int128 = 0
    /// The part of `delivered` substitutes sent (lots of other materials).
    var servedBySubstitutes: Int128 = 0
    /// What lots of the material sent to any request (the sum of its dispatch lines).
    var shipped: Int128 = 0
    /// The part of `shipped` that went to requests of other materials.
    var substitutedIn: Int128 = 0
    /// Every tier the policy names, and any other a request landed in, in tier order.
    var tiers: [TierTotals] = []
    /// Σ quantity × kg_per_unit ÷ 1000 × road_km, exact, rounded half up to 3 decimals.
    var tonKm: String = "0.000"
    /// How many requests have a shortfall.
    var unmetRequests = 0
    /// What the earmarked offers' lots within the horizon hold, and the part no request took (SPEC 12).
    var earmarkedOffered: Int128 = 0
    var earmarkedUnused: Int128 = 0
}

// MARK: - From a night

extension MaterialTotals {
    /// Decimals ton-km is written with.
    static let tonKmDecimals = 3

    /// The figures of every material the night touches (offered within the
    /// horizon, requested by a planned request, or shipped), in code order.
    /// Offered, requested, delivered, shipped, substituted in, unmet requests and the earmarked
    /// figures are the plan's own (`Plan.quantitiesByMaterial`, which the summary on stderr and
    /// `allot.prom` read too); the tiers and ton-km are added up here from the
    /// dispatch rows, one per line, so they add up to `dispatch.csv`: a line's
    /// tier delivery counts for its `requested_material`, its ton-km for its
    /// `material`, the lot's (SPEC 13).
    /// - Throws: `PlanFileError` when a material or request is not in the night.
    /// - Complexity: O(lines + outcomes + materials × tiers).
    static func all(of run: NightRun, rows: [DispatchRow], file: String) throws -> [MaterialTotals] {
        var materialOfRequest = [RecordKey: MaterialCode]()
        for outcome in run.plan.outcomes {
            guard let request = run.plan.request(of: outcome) else {
                throw PlanFileError.unknownRequest(outcome.request, file: file)
            }
            materialOfRequest[outcome.request] = request.material
        }
        let policyTiers = Set(run.policy.tiers.values)
        var totals = [MaterialCode: MaterialTotals]()
        var tierSets = [MaterialCode: Set<Int>]()
        var transport = [MaterialCode: WideNatural]()
        for q in run.plan.quantitiesByMaterial() {
            guard let material = run.catalog[q.material] else {
                throw PlanFileError.unknownMaterial(q.material, file: file)
            }
            totals[q.material] = MaterialTotals(material: material, offered: q.offered.units, requested: q.requested,
                                                delivered: q.delivered, servedBySubstitutes: q.servedBySubstitutes,
                                                shipped: q.shipped, substitutedIn: q.substitutedIn,
                                                unmetRequests: q.unmetRequests,
                                                earmarkedOffered: q.earmarkedOffered, earmarkedUnused: q.earmarkedUnused)
            tierSets[q.material] = policyTiers
        }
        var byTier = [MaterialCode: [Int: TierTotals]]()
        for outcome in run.plan.outcomes {
            let code = materialOfRequest[outcome.request]!
            byTier[code, default: [:]][outcome.tier, default: TierTotals(tier: outcome.tier)].requested
                += Int128(outcome.requested.units)
            tierSets[code]!.insert(outcome.tier)
        }
        for row in rows {
            let code = row.line.material, requested = row.line.requestedMaterial, quantity = row.line.quantity.units
            byTier[requested, default: [:]][row.line.tier, default: TierTotals(tier: row.line.tier)].delivered
                += Int128(quantity)
            tierSets[requested]!.insert(row.line.tier)
            var product = WideNatural(UInt64(max(0, quantity)))
            product.multiply(by: UInt64(max(0, row.line.roadDecikm)))
            transport[code, default: WideNatural()].add(product)
        }
        return totals.keys.sorted().map { code in
            var t = totals[code]!
            t.tiers = tierSets[code]!.sorted().map { byTier[code]?[$0] ?? TierTotals(tier: $0) }
            t.tonKm = tonKm(quantityDecikm: transport[code] ?? WideNatural(), kilogramsPerUnit: t.material.kilogramsPerUnit)
            return t
        }
    }

    /// Σ(quantity × decikm) × kg_per_unit ÷ 1000 ÷ 10, with `tonKmDecimals` decimals.
    ///
    /// kg_per_unit is `significand × 10^-scale`, so the exact value is
    /// Σ × significand ÷ 10^(scale + 4); rounded to thousandths that is
    /// Σ × significand ÷ 10^(scale + 4 − 3), rounded once, half up.
    static func tonKm(quantityDecikm sum: WideNatural, kilogramsPerUnit kg: ExactDecimal) -> String {
        var value = sum
        value.multiply(by: UInt64(max(0, kg.significand)))
        value.divideRounded(byPowerOfTen: kg.scale + 4 - tonKmDecimals)
        return DecimalText.point(value.description, scale: tonKmDecimals)
    }
}
