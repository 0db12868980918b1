/// One earmarked offer's part in a night's plan (SPEC 12): what its lots
/// within the horizon hold, what the plan ships from them, and what no
/// request took.
///
/// With `Plan.quantitiesByMaterial()`, which adds these up per material, the
/// one home of the figures: the manifest's `earmarked_offered` and
/// `earmarked_unused` and the report's earmarked supply read them, so they
/// agree by construction.
public struct EarmarkedSupply: Hashable, Sendable {
    /// The earmarked offer, as the plan holds it.
    public var offer: Offer
    /// Where the offer is in `Plan.offers`.
    public var offerIndex: Int32
    /// What the offer's lots within the horizon hold (`Plan.earmarkedOfferedByOffer`).
    public var offered: Quantity
    /// The sum of the dispatch lines shipped from those lots, pinned ones included.
    public var shipped: Int128 = 0

    public init(offer: Offer, offerIndex: Int32, offered: Quantity, shipped: Int128 = 0) {
        self.offer = offer
        self.offerIndex = offerIndex
        self.offered = offered
        self.shipped = shipped
    }

    /// The offer's earmarks.
    public var earmark: Earmark { offer.earmark ?? Earmark() }

    /// What the lots hold and no request took.
    public var unused: Int128 { Int128(offered.units) - shipped }
}

// MARK: - From a plan

extension Plan {
    /// Every earmarked offer that takes part in the plan (not excluded, with
    /// lots within the horizon), in key order, with what it shipped. An
    /// offer `earmarkedOfferedByOffer` names that `offers` does not hold is
    /// left out, and so are the lines of an offer it does not name.
    /// - Complexity: O(offers + lines + e log e) for e earmarked offers.
    public func earmarkedSupply() -> [EarmarkedSupply] {
        guard !earmarkedOfferedByOffer.isEmpty else { return [] }
        var supply = [RecordKey: EarmarkedSupply]()
        for (i, offer) in offers.enumerated() where offer.terms != nil {
            guard let offered = earmarkedOfferedByOffer[offer.key] else { continue }
            supply[offer.key] = EarmarkedSupply(offer: offer, offerIndex: Int32(i), offered: offered)
        }
        for line in lines where supply[line.offer] != nil {
            supply[line.offer]!.shipped += Int128(line.quantity.units)
        }
        return supply.keys.sorted().map { supply[$0]! }
    }
}
