/// One material's quantities in a night's plan, in its canonical unit (SPEC 9):
/// what its lots within the horizon offered, what its planned requests ask,
/// what they are delivered, and the part of the shortfall caps caused.
///
/// With substitutes (SPEC 13) a line counts twice, once for each side:
/// `delivered` is what requests of the material got, whatever served them;
/// `shipped` what lots of the material sent, to whatever request. Without
/// substitutes the two are equal.
///
/// The one home of these figures: the manifest's `materials`, `allot.prom`
/// and the run's summary on stderr all read them, so they agree by
/// construction. Sums of 64-bit quantities are kept in 128 bits, which no
/// count of them can overflow.
public struct MaterialQuantities: Hashable, Sendable {
    public var material: MaterialCode
    /// What the lots within the horizon hold (`Plan.offeredByMaterial`).
    public var offered: Quantity = .zero
    /// What the planned requests ask for (excluded and withdrawn ones are not planned).
    public var requested: Int128 = 0
    /// What the planned requests of the material got, whatever material served them (SPEC 13).
    public var delivered: Int128 = 0
    /// The part of `delivered` lots of other materials sent (substitutes serving this material's requests).
    public var servedBySubstitutes: Int128 = 0
    /// What lots of the material sent to any request: the sum of the dispatch lines of the material.
    public var shipped: Int128 = 0
    /// The part of `shipped` that went to requests of other materials (the manifest's `substituted_in`).
    public var substitutedIn: Int128 = 0
    /// The part of the shortfall coordinators' caps caused (`RequestOutcome.cappedShortfall`).
    public var cappedShortfall: Int128 = 0
    /// How many planned requests are not fully served.
    public var unmetRequests = 0
    /// What the earmarked offers' lots within the horizon hold (SPEC 12), part of `offered`.
    public var earmarkedOffered: Int128 = 0
    /// The sum of the lines shipped from earmarked offers, part of `shipped`.
    public var earmarkedDelivered: Int128 = 0

    public init(material: MaterialCode) {
        self.material = material
    }

    /// Requested and not delivered.
    public var shortfall: Int128 { requested - delivered }

    /// What earmarked lots held and no request took (the manifest's `earmarked_unused`, SPEC 12).
    public var earmarkedUnused: Int128 { earmarkedOffered - earmarkedDelivered }
}

// MARK: - From a plan

extension Plan {
    /// The quantities of every material the plan touches (offered within the
    /// horizon, asked for by a planned request, or shipped), in code order.
    /// A line counts for its request's material in `delivered` and for its
    /// lot's in `shipped` (SPEC 13).
    /// An outcome whose request the plan does not hold is not counted (writers
    /// refuse such a plan before they add up). The earmarked figures add up
    /// `earmarkedSupply()`, offer by offer.
    /// - Complexity: O(offers + lines + outcomes + m log m) for m materials.
    public func quantitiesByMaterial() -> [MaterialQuantities] {
        var figures = [MaterialCode: MaterialQuantities]()
        for (code, offered) in offeredByMaterial {
            figures[code, default: MaterialQuantities(material: code)].offered = offered
        }
        for outcome in outcomes {
            guard let code = request(of: outcome)?.material else { continue }
            figures[code, default: MaterialQuantities(material: code)].requested += Int128(outcome.requested.units)
            figures[code]!.cappedShortfall += Int128(outcome.cappedShortfall.units)
            if outcome.reason != nil { figures[code]!.unmetRequests += 1 }
        }
        for line in lines {
            let quantity = Int128(line.quantity.units)
            figures[line.requestedMaterial, default: MaterialQuantities(material: line.requestedMaterial)].delivered
                += quantity
            figures[line.material, default: MaterialQuantities(material: line.material)].shipped += quantity
            if line.isSubstitution {
                figures[line.requestedMaterial]!.servedBySubstitutes += quantity
                figures[line.material]!.substitutedIn += quantity
            }
        }
        for supply in earmarkedSupply() {
            let code = supply.offer.material
            figures[code, default: MaterialQuantities(material: code)].earmarkedOffered += Int128(supply.offered.units)
            figures[code]!.earmarkedDelivered += supply.shipped
        }
        return figures.keys.sorted().map { figures[$0]! }
    }
}
