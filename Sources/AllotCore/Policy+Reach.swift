/// A request's deadline (SPEC 5).
public struct Deadline: Hashable, Sendable {
    /// The last day a lot may arrive.
    public var day: CalendarDate
    /// `needed_by` was before the plan date: the deadline became the last horizon day.
    public var overdue: Bool

    public init(day: CalendarDate, overdue: Bool) {
        self.day = day
        self.overdue = overdue
    }
}

// MARK: - Reach (SPEC 5)

/// SPEC 5's reach rules, their one home: the horizon, the distance limit,
/// transit time and each request's deadline. The planner builds its network
/// from them and `allot explain` reports them; nothing else restates them.
extension Policy {
    /// The last day of the horizon: plan date + horizon_days − 1.
    public func lastDay(from planDate: CalendarDate) -> CalendarDate {
        planDate.adding(days: horizonDays - 1)
    }

    /// Whether a lot `decikm` tenths of a kilometre away may serve a request:
    /// road_km ≤ max_distance_km, or no limit when max_distance_km is 0.
    @inlinable
    public func allowsDistance(decikm: Int64) -> Bool {
        maxDistanceKm <= 0 || Double(decikm) / 10 <= maxDistanceKm
    }

    /// transit_days = ceil(road_km / speed_km_per_day), from the rounded road_km.
    @inlinable
    public func transitDays(decikm: Int64) -> Int {
        RoadDistance.transitDays(decikm: decikm, speedKmPerDay: speedKmPerDay)
    }

    /// needed_by, or the last horizon day when there is none or when it is
    /// before the plan date (the request is then overdue).
    public func deadline(neededBy: CalendarDate?, planDate: CalendarDate) -> Deadline {
        let overdue = neededBy.map { $0 < planDate } ?? false
        return Deadline(day: (overdue ? nil : neededBy) ?? lastDay(from: planDate), overdue: overdue)
    }

    /// The day a lot shipped on `day` arrives `decikm` away: day + transit_days.
    @inlinable
    public func arrival(shippedOn day: CalendarDate, decikm: Int64) -> CalendarDate {
        day.adding(days: transitDays(decikm: decikm))
    }

    /// Whether a lot shipped on `day` over `decikm` arrives by `deadline`.
    @inlinable
    public func arrivesInTime(shippedOn day: CalendarDate, decikm: Int64, deadline: CalendarDate) -> Bool {
        arrival(shippedOn: day, decikm: decikm) <= deadline
    }
}
