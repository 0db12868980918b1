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
    public var material: MaterialCode
    public var quantity: Quantity
    public var offer: RecordKey
    public var lotDay: CalendarDate
    public var request: RecordKey
    public var tier: Int
    /// Road distance in tenths of a kilometre (SPEC 5 rounds to 0.1 km).
    public var roadDecikm: Int64
    public var transitDays: Int
    public var pinned: Bool

    public init(material: MaterialCode, quantity: Quantity, offer: RecordKey, lotDay: CalendarDate, request: RecordKey,
                tier: Int, roadDecikm: Int64, transitDays: Int, pinned: Bool) {
        self.material = material
        self.quantity = quantity
        self.offer = offer
        self.lotDay = lotDay
        self.request = request
        self.tier = tier
        self.roadDecikm = roadDecikm
        self.transitDays = transitDays
        self.pinned = pinned
    }

    /// `ship_on` is the lot's day; `arrive_by` = ship_on + transit days.
    public var arriveBy: CalendarDate { lotDay.adding(days: transitDays) }
}

/// Why a request was not fully served (SPEC 9: the first that applies).
public enum UnmetReason: String, Hashable, Sendable, CaseIterable {
    case noOfferInReach = "no_offer_in_reach"
    case deadlineUnreachable = "deadline_unreachable"
    case capped = "capped"
    case capacityExhausted = "capacity_exhausted"
}

/// A request's outcome in the plan.
public struct RequestOutcome: Hashable, Sendable {
    public var request: RecordKey
    public var tier: Int
    public var requested: Quantity
    public var delivered: Quantity
    /// `needed_by` was before the plan date: the deadline became the last horizon day.
    public var overdue: Bool
    /// Set when `delivered < requested`.
    public var reason: UnmetReason?

    public init(request: RecordKey, tier: Int, requested: Quantity, delivered: Quantity, overdue: Bool,
                reason: UnmetReason?) {
        self.request = request
        self.tier = tier
        self.requested = requested
        self.delivered = delivered
        self.overdue = overdue
        self.reason = reason
    }

    public var shortfall: Quantity { requested - delivered }
    /// delivered ÷ requested.
    public var fillRatio: Double { requested.units == 0 ? 1 : Double(delivered.units) / Double(requested.units) }
}

/// Why an accepted record takes no part in the plan (manifest `left_out`).
public enum LeftOutReason: String, Hashable, Sendable, CaseIterable {
    case withdrawn
    case excluded
    case outsideHorizon = "outside_horizon"
}

/// The night's plan: every shipment, every request's outcome, and what was
/// left out or could not hold.
public struct Plan: Sendable {
    public var planDate: CalendarDate
    public var lines: [DispatchLine] = []
    /// Every planned request (excluded ones are not here), in key order.
    public var outcomes: [RequestOutcome] = []
    /// Accepted records that take no part, by reason.
    public var leftOut: [LeftOutReason: [RecordKey]] = [:]
    /// Overrides that could not hold, as rejects (SPEC 7).
    public var overrideRejects: [Reject] = []
    /// Lots built from the offers, per material: what was offered within the horizon.
    public var offeredByMaterial: [MaterialCode: Quantity] = [:]

    public init(planDate: CalendarDate) { self.planDate = planDate }
}
