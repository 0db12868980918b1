/// What the city asks the province to allocate (SPEC 9, `province-request.xml`):
/// for each material and request region, requested, delivered and shortfall
/// by tier, and the quantity asked of the province.
///
/// The ask of a tier is its shortfall less the shortfall of requests whose
/// reason is `capped` (a coordinator's cap, not a lack of supply: the
/// province cannot fix it), counted only for the request tiers (1 and 2 by
/// default, `allot run --request-tiers`). A request region is the region a
/// request names: usually a county, sometimes the city or the province.
public struct ProvinceRequest: Hashable, Sendable {
    public var planDate: CalendarDate
    /// ISO 8601 with the Asia/Shanghai offset (`2020-02-11T00:00:00+08:00`).
    public var generated: String
    /// The tiers whose shortfall is asked of the province, ascending.
    public var requestTiers: [Int]
    /// The city the request comes from (see `city(of:in:)`); `nil` when the
    /// night's request regions share no ancestor, or there are none.
    public var city: RegionCode?
    /// Every material a planned request asks for, in code order.
    public var materials: [MaterialRequest]

    public init(planDate: CalendarDate, generated: String, requestTiers: [Int], city: RegionCode?,
                materials: [MaterialRequest]) {
        self.planDate = planDate
        self.generated = generated
        self.requestTiers = requestTiers
        self.city = city
        self.materials = materials
    }

    /// One tier's figures in one region (or summed over a material's regions).
    ///
    /// Sums of 64-bit quantities, in 128 bits: fewer than 2^63 terms of less
    /// than 2^63 each cannot overflow them, so whatever plan they come from
    /// (a night, or a published plan read back) they are exact.
    public struct TierFigures: Hashable, Sendable {
        public var tier: Int
        public var requested: Int128 = 0
        public var delivered: Int128 = 0
        /// The part of the shortfall of requests left short by a cap (unmet reason `capped`).
        public var cappedShortfall: Int128 = 0
        /// What this tier asks of the province: its uncapped shortfall when it is a request tier, else 0.
        public var ask: Int128 = 0

        public init(tier: Int, requested: Int128 = 0, delivered: Int128 = 0, cappedShortfall: Int128 = 0,
                    ask: Int128 = 0) {
            self.tier = tier
            self.requested = requested
            self.delivered = delivered
            self.cappedShortfall = cappedShortfall
            self.ask = ask
        }

        public var shortfall: Int128 { requested - delivered }
    }

    /// One material's requests in one region, by tier.
    public struct RegionRequest: Hashable, Sendable {
        public var region: RegionCode
        /// Tiers with a request in the region, ascending.
        public var tiers: [TierFigures]

        public init(region: RegionCode, tiers: [TierFigures]) {
            self.region = region
            self.tiers = tiers
        }

        public var total: TierFigures { ProvinceRequest.sum(tiers) }
    }

    /// One material's requests, by region.
    public struct MaterialRequest: Hashable, Sendable {
        public var material: MaterialCode
        /// The canonical unit (`kg`, `piece`).
        public var unit: String
        /// Regions in code order.
        public var regions: [RegionRequest]

        public init(material: MaterialCode, unit: String, regions: [RegionRequest]) {
            self.material = material
            self.unit = unit
            self.regions = regions
        }

        /// The material's figures by tier, summed over its regions, ascending.
        public var tiers: [TierFigures] {
            var byTier = [Int: TierFigures]()
            for region in regions {
                for t in region.tiers { byTier[t.tier] = ProvinceRequest.sum([byTier[t.tier] ?? TierFigures(tier: t.tier), t]) }
            }
            return byTier.keys.sorted().map { byTier[$0]! }
        }

        public var total: TierFigures { ProvinceRequest.sum(regions.map(\.total)) }
    }

    /// Sums figures; the result carries the first one's tier (0 when empty).
    static func sum(_ figures: [TierFigures]) -> TierFigures {
        var total = TierFigures(tier: figures.first?.tier ?? 0)
        for f in figures {
            total.requested += f.requested
            total.delivered += f.delivered
            total.cappedShortfall += f.cappedShortfall
            total.ask += f.ask
        }
        return total
    }
}

// MARK: - The rules (SPEC 9)

extension ProvinceRequest {
    /// The default request tiers (SPEC 9: the shortfall of tiers 1 and 2).
    public static let defaultRequestTiers = [1, 2]

    /// What one request (or part of one) contributes.
    public struct Contribution: Sendable {
        public var material: MaterialCode
        /// The canonical unit (`kg`, `piece`).
        public var unit: String
        public var region: RegionCode
        public var tier: Int
        public var requested: Int64
        public var delivered: Int64
        /// The part of the shortfall a cap caused (unmet reason `capped`).
        public var capped: Int64

        public init(material: MaterialCode, unit: String, region: RegionCode, tier: Int, requested: Int64,
                    delivered: Int64, capped: Int64) {
            self.material = material
            self.unit = unit
            self.region = region
            self.tier = tier
            self.requested = requested
            self.delivered = delivered
            self.capped = capped
        }
    }

    /// What a tier asks of the province (SPEC 9): its shortfall less what caps
    /// caused, when it is one of the request tiers; else nothing.
    public static func ask(_ figures: TierFigures, requestTiers: Set<Int>) -> Int128 {
        requestTiers.contains(figures.tier) ? max(0, figures.shortfall - figures.cappedShortfall) : 0
    }

    /// Adds up contributions by material, region and tier.
    /// - Complexity: O(n log n) in the contributions.
    public static func build(planDate: CalendarDate, generated: String, requestTiers: [Int], city: RegionCode?,
                      contributions: [Contribution]) -> ProvinceRequest {
        struct Key: Hashable { var material: MaterialCode; var region: RegionCode; var tier: Int }
        var figures = [Key: TierFigures]()
        var units = [MaterialCode: String]()
        for c in contributions {
            let key = Key(material: c.material, region: c.region, tier: c.tier)
            var f = figures[key] ?? TierFigures(tier: c.tier)
            f.requested += Int128(c.requested)
            f.delivered += Int128(c.delivered)
            f.cappedShortfall += Int128(c.capped)
            figures[key] = f
            units[c.material] = c.unit
        }
        let tiers = Set(requestTiers)
        var byMaterial = [MaterialCode: [RegionCode: [TierFigures]]]()
        for (key, var f) in figures {
            f.ask = ask(f, requestTiers: tiers)
            byMaterial[key.material, default: [:]][key.region, default: []].append(f)
        }
        let materials = byMaterial.keys.sorted().map { code in
            MaterialRequest(material: code, unit: units[code]!, regions: byMaterial[code]!.keys.sorted().map { region in
                RegionRequest(region: region, tiers: byMaterial[code]![region]!.sorted { $0.tier < $1.tier })
            })
        }
        return ProvinceRequest(planDate: planDate, generated: generated, requestTiers: requestTiers.sorted(),
                               city: city, materials: materials)
    }

    /// The city of a night's request regions: their lowest common ancestor in
    /// the region table, taken up to the prefecture when it is a county (a
    /// night whose requests all come from one county still reports as its
    /// city). `nil` when they share no ancestor (requests from two provinces)
    /// or there are none.
    /// - Complexity: O(n × depth) for n regions.
    public static func city(of regions: [RegionCode], in table: RegionTable) -> RegionCode? {
        func chain(_ code: RegionCode) -> [RegionCode] {
            ([code] + table.ancestors(of: code)).reversed()   // outermost first
        }
        var common: [RegionCode]?
        for code in Set(regions) {
            let path = chain(code)
            guard let sofar = common else { common = path; continue }
            common = Array(zip(sofar, path).prefix { $0.0 == $0.1 }.map(\.0))
            if common!.isEmpty { return nil }
        }
        guard let path = common, var city = path.last else { return nil }
        if table[city]?.level == .county, path.count > 1 { city = path[path.count - 2] }
        return city
    }
}
