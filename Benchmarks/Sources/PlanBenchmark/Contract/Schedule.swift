import AllotCore
import AllotPlanner

/// SPEC 5's days, written out again for the bench: the horizon, the lots an
/// offer makes, a request's deadline.
struct Schedule {
    let planDate: CalendarDate
    let lastDay: CalendarDate

    init(input: PlanningInput) {
        planDate = input.planDate
        lastDay = input.planDate.adding(days: input.policy.horizonDays - 1)
    }

    /// The days of an offer's lots, each of the offer's quantity: one day for
    /// stock, donation and allocation (max(available_from, plan date)), every
    /// day to min(available_until, last day) for capacity; none when the offer
    /// falls outside the horizon or its available_until is before the plan date
    /// (or, for a single lot, before the lot's day).
    func lotDays(_ offer: Offer) -> [CalendarDate] {
        let first = max(offer.availableFrom ?? planDate, planDate)
        if let until = offer.availableUntil, until < planDate { return [] }
        switch offer.kind {
        case .capacity:
            let end = min(offer.availableUntil ?? lastDay, lastDay)
            return first <= end ? (0...first.days(to: end)).map { first.adding(days: $0) } : []
        case .conversion:
            // Lots made from the input the plan delivers (SPEC 14): the national night draws none.
            return []
        case .stock, .donation, .allocation:
            if first > lastDay { return [] }
            if let until = offer.availableUntil, until < first { return [] }
            return [first]
        }
    }

    /// A conversion offer's production days (SPEC 14): max(available_from, plan date) …
    /// min(available_until, last horizon day); what it makes on each comes from the plan's input.
    func productionDays(_ offer: Offer) -> [CalendarDate] {
        let first = max(offer.availableFrom ?? planDate, planDate)
        let end = min(offer.availableUntil ?? lastDay, lastDay)
        return first <= end ? (0...first.days(to: end)).map { first.adding(days: $0) } : []
    }

    /// needed_by, or the last horizon day when it is absent or before the plan date (overdue).
    func deadline(_ request: Request) -> CalendarDate {
        guard let d = request.neededBy, d >= planDate else { return lastDay }
        return d
    }

    func isOverdue(_ request: Request) -> Bool { request.neededBy.map { $0 < planDate } ?? false }
}
