import AllotCore

/// One material's night after overrides, or one substitution group's (SPEC
/// 13: materials linked by `[substitutes]`, planned as one): lots and
/// requests with what pins already took, caps, forbidden pairs, and the
/// reach between them.
struct MaterialProblem {
    struct LotEntry {
        var lot: Lot
        /// The lot's material (one of the group's).
        var material: MaterialCode
        var region: RegionCode
        /// The offer's place in the planning input (and the plan's `offers`).
        var offerIndex: Int32
        /// Quantity left after pins.
        var residual: Int64
        /// The offer's earmarks (SPEC 12): only requests they admit may take the lot.
        var earmark: Earmark? = nil
    }

    struct RequestEntry {
        var request: Request
        /// The request's place in the planning input (and the plan's `requests`).
        var requestIndex: Int32
        var tier: Int
        var deadline: CalendarDate
        var overdue: Bool
        /// Quantity pins already deliver.
        var pinned: Int64 = 0
        var residual: Int64 { request.quantity.units - pinned }
    }

    /// A shipment fixed by a pin.
    struct PinnedPiece {
        var lot: Int
        var request: Int
        var quantity: Int64
    }

    /// The group's materials, in code order: one unless `[substitutes]` links some.
    let materials: [Material]
    let policy: Policy
    let regions: RegionTable
    /// In (offer key, day) order: an index order is a key order.
    var lots: [LotEntry]
    /// In key order: an index order is a key order.
    var requests: [RequestEntry]
    /// (offer, request) pairs a `forbid` rules out.
    var forbidden: Set<PairKey>
    /// Remaining cap per enterprise and requested material (after pins).
    var capResidual: [CapKey: Int64]
    var pinnedPieces: [PinnedPiece] = []

    struct PairKey: Hashable {
        var offer: RecordKey
        var request: RecordKey
    }

    /// A cap's scope (SPEC 7, 13): what an enterprise receives for its requests of one material, whatever serves them.
    struct CapKey: Hashable, Comparable {
        var enterprise: CreditCode
        var material: MaterialCode

        static func < (a: CapKey, b: CapKey) -> Bool {
            a.enterprise != b.enterprise ? a.enterprise < b.enterprise : a.material < b.material
        }
    }

    init(materials: [Material], policy: Policy, regions: RegionTable, lots: [LotEntry], requests: [RequestEntry],
         forbidden: Set<PairKey>, caps: [CapKey: Int64]) {
        self.materials = materials
        self.policy = policy
        self.regions = regions
        self.lots = lots
        self.requests = requests
        self.forbidden = forbidden
        self.capResidual = caps
    }

    /// The index of the request with `key`, by binary search (requests are in key order).
    func requestIndex(of key: RecordKey) -> Int? {
        var low = 0, high = requests.count
        while low < high {
            let mid = (low + high) / 2
            if requests[mid].request.key < key { low = mid + 1 } else { high = mid }
        }
        return low < requests.count && requests[low].request.key == key ? low : nil
    }

    /// road_km in tenths of a km between two regions of the table (for pins; the
    /// network's arcs take theirs from `RegionPairs`).
    func decikm(_ a: RegionCode, _ b: RegionCode) -> Int64 {
        RoadDistance.decikm(from: regions[a]!, to: regions[b]!, roadFactor: policy.roadFactor)
    }

    /// The group's name in profiles: its material codes joined by `+`.
    var name: String { materials.map(\.code.rawValue).joined(separator: "+") }

    /// The cap on the enterprise of request `r` for its material, when one remains.
    func capKey(of request: Request) -> CapKey { CapKey(enterprise: request.enterpriseID, material: request.material) }

    /// The rank of lot `l`'s material for request `r` (SPEC 13: 0 for its own material, i for its i-th
    /// substitute), `nil` when the lot's material may not serve it.
    func rank(lot l: Int, request r: Int) -> Int? {
        policy.substitutes.rank(of: lots[l].material, serving: requests[r].request.material)
    }

    /// Whether lot `l` may serve request `r` (SPEC 5, substitutes, earmarks and forbids), with the distance when it may.
    func reach(lot l: Int, request r: Int) -> Int64? {
        let lot = lots[l], request = requests[r]
        guard rank(lot: l, request: r) != nil else { return nil }
        if let earmark = lot.earmark, !earmark.admits(request.request, in: regions) { return nil }
        let d = decikm(lot.region, request.request.region)
        guard policy.allowsDistance(decikm: d), policy.arrivesInTime(shippedOn: lot.lot.day, decikm: d, deadline: request.deadline),
              !forbidden.contains(PairKey(offer: lot.lot.offer, request: request.request.key)) else { return nil }
        return d
    }
}
