import AllotCore

/// One published night as the work ledger records it (SPEC 15): every planned request with its figures
/// and every dispatch line. Built from a published plan folder, so that a run and `rebuild` record the
/// same night.
public struct LedgerNight: Hashable, Sendable {
    /// One planned request of the night.
    public struct Request: Hashable, Sendable {
        public var key: RecordKey
        public var enterpriseID: String
        public var enterpriseName: String
        public var region: RegionCode
        public var material: MaterialCode
        public var tier: Int
        public var requested: Int64
        public var delivered: Int64
        /// `unmet.csv`'s reason; `nil` when served in full.
        public var reason: String?

        public init(key: RecordKey, enterpriseID: String, enterpriseName: String, region: RegionCode,
                    material: MaterialCode, tier: Int, requested: Int64, delivered: Int64, reason: String?) {
            self.key = key
            self.enterpriseID = enterpriseID
            self.enterpriseName = enterpriseName
            self.region = region
            self.material = material
            self.tier = tier
            self.requested = requested
            self.delivered = delivered
            self.reason = reason
        }

        public var shortfall: Int64 { requested - delivered }
    }

    /// One dispatch line of the night.
    public struct Line: Hashable, Sendable {
        public var lineID: String
        public var offer: RecordKey
        public var lotDate: CalendarDate
        public var request: RecordKey
        /// The lot's material, and the request's.
        public var material: MaterialCode
        public var requestedMaterial: MaterialCode
        public var quantity: Int64
        public var arriveBy: CalendarDate

        public init(lineID: String, offer: RecordKey, lotDate: CalendarDate, request: RecordKey, material: MaterialCode,
                    requestedMaterial: MaterialCode, quantity: Int64, arriveBy: CalendarDate) {
            self.lineID = lineID
            self.offer = offer
            self.lotDate = lotDate
            self.request = request
            self.material = material
            self.requestedMaterial = requestedMaterial
            self.quantity = quantity
            self.arriveBy = arriveBy
        }
    }

    public var planDate: CalendarDate
    /// In key order.
    public var requests: [Request]
    /// In line id order.
    public var lines: [Line]

    public init(planDate: CalendarDate, requests: [Request], lines: [Line]) {
        self.planDate = planDate
        self.requests = requests.sorted { $0.key < $1.key }
        self.lines = lines.sorted { $0.lineID < $1.lineID }
    }
}
