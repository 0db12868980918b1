import AllotCore

/// One material's night after overrides: lots and requests with what pins
/// already took, caps, forbidden pairs, and the reach between them.
struct MaterialProblem {
    struct LotEntry {
        var lot: Lot
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

    let material: Material
    let policy: Policy
    let regions: RegionTable
    /// In (offer key, day) order: an index order is a key order.
    var lots: [LotEntry]
    /// In key order: an index order is a key order.
    var requests: [RequestEntry]
    /// (offer, request) pairs a `forbid` rules out.
    var forbidden: Set<PairKey>
    /// Remaining cap per enterprise (after pins).
    var capResidual: [CreditCode: Int64]
    var pinnedPieces: [PinnedPiece] = []

    struct PairKey: Hashable {
        var offer: RecordKey
        var request: RecordKey
    }

    init(material: Material, policy: Policy, regions: RegionTable, lots: [LotEntry], requests: [RequestEntry],
         forbidden: Set<PairKey>, caps: [CreditCode: Int64]) {
        self.material = material
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

    /// Whether lot `l` may serve request `r` (SPEC 5, earmarks and forbids), with the distance when it may.
    func reach(lot l: Int, request r: Int) -> Int64? {
        let lot = lots[l], request = requests[r]
        if let earmark = lot.earmark, !earmark.admits(request.request, in: regions) { return nil }
        let d = decikm(lot.region, request.request.region)
        guard policy.allowsDistance(decikm: d), policy.arrivesInTime(shippedOn: lot.lot.day, decikm: d, deadline: request.deadline),
              !forbidden.contains(PairKey(offer: lot.lot.offer, request: request.request.key)) else { return nil }
        return d
    }
}
