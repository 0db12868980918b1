import AllotCore
import AllotPlanner

/// What a generated night holds, for the report, and a fingerprint of its
/// records, so the parent can tell that every child made the same night.
struct NightSummary: Codable, Equatable {
    var generatorVersion: Int
    var seed: UInt64
    var scale: Double
    var counties: Int
    var countiesWithRequests: Int
    var offers: Int
    var requests: Int
    var overrides: Int
    var offersByKind: [String: Int]
    var requestsByCategory: [String: Int]
    var overridesByAction: [String: Int]
    var requestsOverdue: Int
    var requestsWithoutDeadline: Int
    var materials: [MaterialSummary]
    /// The supply-chain night (`--supply-chain`): offers with earmarks, by
    /// earmark (`for_enterprise`, …); conversion offers; the policy's
    /// substitution lists (`MASK-MEDICAL=MASK-SURGICAL|MASK-N95`).
    var supplyChain: Bool
    var earmarkedOffers: [String: Int]
    var conversionOffers: Int
    var substitutes: [String]
    /// FNV-1a 64 over every record's planning values, in hex.
    var fingerprint: String

    struct MaterialSummary: Codable, Equatable {
        var material: String
        var offers: Int
        var requests: Int
        var tierOneRequests: Int
        /// Σ requested, canonical units.
        var requested: Int64
        var tierOneRequested: Int64
        /// Σ of the lots within the horizon.
        var supplied: Int64
        /// supplied ÷ requested.
        var supplyRatio: Double
    }

    init(input: PlanningInput, settings: NightSettings, schedule: Schedule, supplyRatio: [Double]) {
        generatorVersion = NightSettings.generatorVersion
        seed = settings.seed
        scale = settings.scale
        counties = input.regions.regions.filter { $0.level == .county }.count
        countiesWithRequests = Set(input.requests.map(\.region)).count
        offers = input.offers.count
        requests = input.requests.count
        overrides = input.overrides.count
        offersByKind = Dictionary(grouping: input.offers, by: { $0.kind.rawValue }).mapValues(\.count)
        requestsByCategory = Dictionary(grouping: input.requests, by: { $0.category.rawValue }).mapValues(\.count)
        overridesByAction = Dictionary(grouping: input.overrides, by: { $0.action.rawValue }).mapValues(\.count)
        requestsOverdue = input.requests.filter { schedule.isOverdue($0) }.count
        requestsWithoutDeadline = input.requests.filter { $0.neededBy == nil }.count
        supplyChain = settings.supplyChain
        earmarkedOffers = [:]
        for o in input.offers {
            guard let e = o.earmark else { continue }
            for kind in Earmark.Kind.allCases {
                let has = kind == .enterprise ? e.enterprise != nil : kind == .categories ? !e.categories.isEmpty : !e.regions.isEmpty
                if has { earmarkedOffers[kind.rawValue, default: 0] += 1 }
            }
        }
        conversionOffers = input.offers.filter { $0.kind == .conversion }.count
        substitutes = input.policy.substitutes.entries.map {
            "\($0.requested)=" + $0.substitutes.map(\.rawValue).joined(separator: "|")
        }

        var hash = FNV()
        materials = MaterialProfile.all.enumerated().map { m, profile in
            MaterialSummary(material: profile.code.rawValue, offers: 0, requests: 0, tierOneRequests: 0, requested: 0,
                            tierOneRequested: 0, supplied: 0, supplyRatio: m < supplyRatio.count ? supplyRatio[m] : 0)
        }
        for o in input.offers {
            let m = MaterialProfile.index(of: o.material)!
            materials[m].offers += 1
            materials[m].supplied += o.quantity.units * Int64(schedule.lotDays(o).count)
            hash.add(o.key.id); hash.add(Int64(o.region.value)); hash.add(Int64(m)); hash.add(o.quantity.units)
            hash.add(o.kind.rawValue); hash.add(Int64(o.availableFrom?.dayNumber ?? -1)); hash.add(Int64(o.availableUntil?.dayNumber ?? -1))
            // Only the supply-chain night's offers carry terms, so the plain night's fingerprint is as before.
            if let e = o.earmark { hash.add(e.description) }
            if let c = o.conversion {
                hash.add(c.material.rawValue); hash.add(c.perUnit.significand); hash.add(Int64(c.perUnit.scale)); hash.add(c.stock.units)
            }
        }
        for r in input.requests {
            let m = MaterialProfile.index(of: r.material)!
            materials[m].requests += 1
            materials[m].requested += r.quantity.units
            if input.policy.tier(of: r.category) == 1 {
                materials[m].tierOneRequests += 1
                materials[m].tierOneRequested += r.quantity.units
            }
            hash.add(r.key.id); hash.add(Int64(r.region.value)); hash.add(Int64(m)); hash.add(r.quantity.units)
            hash.add(r.category.rawValue); hash.add(Int64(r.neededBy?.dayNumber ?? -1)); hash.add(r.enterpriseID.description)
        }
        for o in input.overrides { hash.add(o.raw) }
        for line in substitutes { hash.add(line) }
        fingerprint = String(hash.value, radix: 16)
    }
}

/// FNV-1a 64.
struct FNV {
    private(set) var value: UInt64 = 0xCBF2_9CE4_8422_2325

    mutating func add(_ s: String) {
        for b in s.utf8 { value = (value ^ UInt64(b)) &* 0x100_0000_01B3 }
        add(Int64(-1))
    }

    mutating func add(_ x: Int64) {
        var v = UInt64(bitPattern: x)
        for _ in 0..<8 {
            value = (value ^ (v & 0xFF)) &* 0x100_0000_01B3
            v >>= 8
        }
    }
}
