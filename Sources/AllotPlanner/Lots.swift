import AllotCore

/// SPEC 5: the lots an offer makes within the horizon.
enum LotBuilder {
    /// A stock, donation or allocation offer is one lot on max(available_from,
    /// plan date); a capacity offer one lot a day from there to
    /// min(available_until, last day). Empty when nothing falls in the horizon.
    static func lots(of offer: Offer, planDate: CalendarDate, lastDay: CalendarDate) -> [Lot] {
        let first = max(offer.availableFrom ?? planDate, planDate)
        if let until = offer.availableUntil, until < planDate { return [] }
        switch offer.kind {
        case .capacity:
            let end = min(offer.availableUntil ?? lastDay, lastDay)
            guard first <= end else { return [] }
            return (0...first.days(to: end)).map { Lot(offer: offer.key, day: first.adding(days: $0), quantity: offer.quantity) }
        case .stock, .donation, .allocation:
            guard first <= lastDay else { return [] }
            if let until = offer.availableUntil, until < first { return [] }
            return [Lot(offer: offer.key, day: first, quantity: offer.quantity)]
        }
    }
}
