/// A lot: what one offer can ship on one day (SPEC 5).
public struct Lot: Hashable, Sendable {
    public var offer: RecordKey
    public var day: CalendarDate
    public var quantity: Quantity

    public init(offer: RecordKey, day: CalendarDate, quantity: Quantity) {
        self.offer = offer
        self.day = day
        self.quantity = quantity
    }
}

/// One shipment of the plan: a quantity from one lot to one request
/// (a row of `dispatch.csv`, SPEC 9).
public struct DispatchLine: Hashable, Sendable {
    /// The lot's material.
    public var material: MaterialCode
    /// The request's material: `material` unless a substitute served it (SPEC 13).
    public var requestedMaterial: MaterialCode
    public var quantity: Quantity
    public var offer: RecordKey
    public var lotDay: CalendarDate
    public var request: RecordKey
    /// Where the offer and the request are in `Plan.offers` and `Plan.requests`.
    public var offerIndex: Int32
    public var requestIndex: Int32
    public var tier: Int
    /// Road distance in tenths of a kilometre (SPEC 5 rounds to 0.1 km).
    public var roadDecikm: Int64
    public var transitDays: Int
    public var pinned: Bool

    public init(material: MaterialCode, quantity: Quantity, offer: RecordKey, lotDay: CalendarDate, request: RecordKey,
                offerIndex: Int32, requestIndex: Int32, tier: Int, roadDecikm: Int64, transitDays: Int, pinned: Bool,
                requestedMaterial: MaterialCode? = nil) {
        self.material = material
        self.requestedMaterial = requestedMaterial ?? material
        self.quantity = quantity
        self.offer = offer
        self.lotDay = lotDay
        self.request = request
        self.offerIndex = offerIndex
        self.requestIndex = requestIndex
        self.tier = tier
        self.roadDecikm = roadDecikm
        self.transitDays = transitDays
        self.pinned = pinned
    }

    /// A substitute's line: the lot's material is not the one requested.
    public var isSubstitution: Bool { material != requestedMaterial }

    /// `ship_on` is the lot's day; `arrive_by` = ship_on + transit days.
    public var arriveBy: CalendarDate { lotDay.adding(days: transitDays) }

    /// The plan's line order, its one home: material, request key, offer key,
    /// lot day. `dispatch.csv` and `dispatch.xml` list lines in this order;
    /// a line's id is its keys' digest (`lineID(offer:lotDay:request:)`), not its place.
    public static func planOrder(_ a: DispatchLine, _ b: DispatchLine) -> Bool {
        if a.material != b.material { return a.material < b.material }
        if a.request != b.request { return a.request < b.request }
        if a.offer != b.offer { return a.offer < b.offer }
        return a.lotDay < b.lotDay
    }
}

/// Why a request was not fully served (SPEC 9: the first that applies).
public enum UnmetReason: String, Hashable, Sendable, CaseIterable {
    case noOfferInReach = "no_offer_in_reach"
    case deadlineUnreachable = "deadline_unreachable"
    case capped = "capped"
    case capacityExhausted = "capacity_exhausted"

    /// SPEC 9's order, its one home: the first reason that applies to a request not fully served.
    /// - Parameters:
    ///   - anyLotInDistance: some lot of the horizon lies within max_distance_km, after excludes and forbids.
    ///   - anyLotInTime: some such lot can arrive by the deadline.
    ///   - capReached: the enterprise's cap for the material is reached.
    public static func first(anyLotInDistance: Bool, anyLotInTime: Bool, capReached: Bool) -> UnmetReason {
        if !anyLotInDistance { return .noOfferInReach }
        if !anyLotInTime { return .deadlineUnreachable }
        if capReached { return .capped }
        return .capacityExhausted
    }
}

/// A request's outcome in the plan.
public struct RequestOutcome: Hashable, Sendable {
    public var request: RecordKey
    /// Where the request is in `Plan.requests`.
    public var requestIndex: Int32
    public var tier: Int
    public var requested: Quantity
    public var delivered: Quantity
    /// `needed_by` was before the plan date: the deadline became the last horizon day.
    public var overdue: Bool
    /// Set when `delivered < requested`.
    public var reason: UnmetReason?

    public init(request: RecordKey, requestIndex: Int32, tier: Int, requested: Quantity, delivered: Quantity,
                overdue: Bool, reason: UnmetReason?) {
        self.request = request
        self.requestIndex = requestIndex
        self.tier = tier
        self.requested = requested
        self.delivered = delivered
        self.overdue = overdue
        self.reason = reason
    }

    public var shortfall: Quantity { requested - delivered }
    /// The part of the shortfall a coordinator's cap caused (SPEC 7, 9): all of it when the
    /// reason is `capped`, else none. Not a lack of supply: the province is not asked for it,
    /// and the report shows it apart.
    public var cappedShortfall: Quantity { reason == .capped ? shortfall : .zero }
    /// delivered ÷ requested.
    public var fillRatio: Double { requested.units == 0 ? 1 : Double(delivered.units) / Double(requested.units) }
}

/// What one conversion offer (SPEC 14) received and made tonight: the manifest's `conversions`.
public struct ConversionOutcome: Hashable, Sendable {
    public var offer: RecordKey
    public var inputMaterial: MaterialCode
    /// What the plan delivered to the offer's pool (its supplier's input), without the stocks.
    public var inputReceived: Int64
    /// What the offer's own lots consume.
    public var inputUsed: ScaledAmount
    /// Its production lots, day by day (days with nothing made left out).
    public var lots: [Lot]
    public var produced: Int64 { lots.reduce(0) { $0 + $1.quantity.units } }

    public init(offer: RecordKey, inputMaterial: MaterialCode, inputReceived: Int64, inputUsed: ScaledAmount, lots: [Lot]) {
        self.offer = offer
        self.inputMaterial = inputMaterial
        self.inputReceived = inputReceived
        self.inputUsed = inputUsed
        self.lots = lots
    }
}

/// Why an accepted record takes no part in the plan (manifest `left_out`).
public enum LeftOutReason: String, Hashable, Sendable, CaseIterable {
    case withdrawn
    case excluded
    case outsideHorizon = "outside_horizon"
}

/// The night's plan: every shipment, every request's outcome, and what was
/// left out or could not hold. Lines and outcomes carry the indices of their
/// offer and request in `offers` and `requests`, so no later stage joins
/// them back by key.
public struct Plan: Sendable {
    public var planDate: CalendarDate
    /// The accepted, active offers the plan was made from, as the planner was given them.
    public var offers: [Offer] = []
    /// The accepted, active requests the plan was made from (excluded ones too), as the planner was given them.
    public var requests: [Request] = []
    /// Every shipment, in `DispatchLine.planOrder`.
    public var lines: [DispatchLine] = []
    /// Every planned request (excluded ones are not here), in key order.
    public var outcomes: [RequestOutcome] = []
    /// Accepted records that take no part, by reason.
    public var leftOut: [LeftOutReason: [RecordKey]] = [:]
    /// Overrides that could not hold, as rejects (SPEC 7).
    public var overrideRejects: [Reject] = []
    /// Lots built from the offers, per material: what was offered within the horizon.
    public var offeredByMaterial: [MaterialCode: Quantity] = [:]
    /// Lots built from the earmarked offers (SPEC 12), per offer: what each earmarked offer taking part
    /// (not excluded) offered within the horizon. Open offers are not here (`Plan.earmarkedSupply()`).
    public var earmarkedOfferedByOffer: [RecordKey: Quantity] = [:]
    /// Every conversion offer taking part (SPEC 14), in key order: its input and what it made.
    public var conversions: [ConversionOutcome] = []

    public init(planDate: CalendarDate, offers: [Offer] = [], requests: [Request] = []) {
        self.planDate = planDate
        self.offers = offers
        self.requests = requests
    }

    /// The offer a line ships from; `nil` when the line's index holds no offer with its key.
    public func offer(of line: DispatchLine) -> Offer? { record(offers, at: line.offerIndex, key: line.offer) }

    /// The request a line ships to; `nil` when the line's index holds no request with its key.
    public func request(of line: DispatchLine) -> Request? { record(requests, at: line.requestIndex, key: line.request) }

    /// The request an outcome is of; `nil` when the outcome's index holds no request with its key.
    public func request(of outcome: RequestOutcome) -> Request? {
        record(requests, at: outcome.requestIndex, key: outcome.request)
    }

    private func record<R: KeyedRecord>(_ records: [R], at index: Int32, key: RecordKey) -> R? {
        guard records.indices.contains(Int(index)), records[Int(index)].key == key else { return nil }
        return records[Int(index)]
    }
}

/// A record the plan names by key and index.
protocol KeyedRecord { var key: RecordKey { get } }
extension Offer: KeyedRecord {}
extension Request: KeyedRecord {}
