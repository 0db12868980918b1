import AllotCore

/// One published night as the work ledger records it (SPEC 15): every planned request with its figures,
/// the request keys withdrawn, and every dispatch line. Built from a published plan folder, so that a run and `rebuild` record the
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
        /// `unmet.csv`'s age: consecutive nights open up to this one (0 when served in full); `nil` for a
        /// plan folder published before `unmet.csv` had it, when the ledger works it out
        /// (``Ledger/ages(of:on:)``).
        public var age: Int?
        /// The request's category and `needed_by`, for carry-over (SPEC 15): recorded for a request with a
        /// shortfall (`dispatch.xml`'s `<unmet>`); `nil` when served in full, or short in a plan folder
        /// published before `dispatch.xml` held them.
        public var terms: CarryOver.Terms?

        public init(key: RecordKey, enterpriseID: String, enterpriseName: String, region: RegionCode,
                    material: MaterialCode, tier: Int, requested: Int64, delivered: Int64, reason: String?,
                    age: Int? = nil, terms: CarryOver.Terms? = nil) {
            self.terms = terms
            self.key = key
            self.enterpriseID = enterpriseID
            self.enterpriseName = enterpriseName
            self.region = region
            self.material = material
            self.tier = tier
            self.requested = requested
            self.delivered = delivered
            self.reason = reason
            self.age = age
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
        /// The offer's supplier, as `dispatch.csv` names it (the receipts are told per supplier); empty for a
        /// night recorded before the ledger kept suppliers.
        public var supplierID: String
        public var supplierName: String

        public init(lineID: String, offer: RecordKey, lotDate: CalendarDate, request: RecordKey, material: MaterialCode,
                    requestedMaterial: MaterialCode, quantity: Int64, arriveBy: CalendarDate, supplierID: String = "",
                    supplierName: String = "") {
            self.supplierID = supplierID
            self.supplierName = supplierName
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
    /// The SHA-256 (hex) of the plan folder's `manifest.json` the night was recorded from: which version of
    /// a date the ledger holds, so a run can tell a folder the ledger missed or holds an older version of.
    public var manifestSHA256: String?
    /// In key order.
    public var requests: [Request]
    /// The request keys the night's feeds withdrew (the manifest's `left_out_keys.withdrawn`), in order.
    public var withdrawn: [RecordKey]
    /// In line id order.
    public var lines: [Line]

    public init(planDate: CalendarDate, manifestSHA256: String? = nil, requests: [Request], withdrawn: [RecordKey] = [],
                lines: [Line]) {
        self.planDate = planDate
        self.manifestSHA256 = manifestSHA256
        self.requests = requests.sorted { $0.key < $1.key }
        self.withdrawn = withdrawn.filter { $0.kind == .request }.sorted()
        self.lines = lines.sorted { $0.lineID < $1.lineID }
    }
}
