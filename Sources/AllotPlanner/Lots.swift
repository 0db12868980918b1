import AllotCore

/// SPEC 5: the lots an offer makes within the horizon.
enum LotBuilder {
    /// A stock, donation or allocation offer is one lot on max(available_from,
    /// plan date); a capacity offer one lot a day from there to
    /// min(available_until, last day). Empty when nothing falls in the horizon.
    /// A conversion offer makes its lots from the input the plan delivers
    /// (`Production`): none here.
    static func lots(of offer: Offer, planDate: CalendarDate, lastDay: CalendarDate) -> [Lot] {
        switch offer.kind {
        case .capacity:
            return days(of: offer, planDate: planDate, lastDay: lastDay).map {
                Lot(offer: offer.key, day: $0, quantity: offer.quantity)
            }
        case .conversion:
            return []
        case .stock, .donation, .allocation:
            let first = max(offer.availableFrom ?? planDate, planDate)
            if let until = offer.availableUntil, until < planDate { return [] }
            guard first <= lastDay else { return [] }
            if let until = offer.availableUntil, until < first { return [] }
            return [Lot(offer: offer.key, day: first, quantity: offer.quantity)]
        }
    }

    /// The days a capacity or conversion offer works within the horizon: max(available_from, plan date)
    /// to min(available_until, last day); empty when none.
    static func days(of offer: Offer, planDate: CalendarDate, lastDay: CalendarDate) -> [CalendarDate] {
        let first = max(offer.availableFrom ?? planDate, planDate)
        if let until = offer.availableUntil, until < planDate { return [] }
        let end = min(offer.availableUntil ?? lastDay, lastDay)
        guard first <= end else { return [] }
        return (0...first.days(to: end)).map { first.adding(days: $0) }
    }
}
