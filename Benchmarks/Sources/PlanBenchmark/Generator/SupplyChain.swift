import AllotCore
import BenchmarkSupport

/// Turns the national night into the supply-chain night (`--supply-chain`),
/// after the plain night is made and from a random stream of its own, so the
/// plain night's records are drawn exactly as without it:
///
/// - conversion (SPEC 14): `NightSettings.conversionCount` (500 at scale 1)
///   mask capacity lines of producers become conversion offers from
///   MELTBLOWN, 0.0004–0.001 kg a unit, half of them with 0.5–1.5 days of
///   input in stock; each of their suppliers (epidemic producers) asks for
///   meltblown under its own credit code, 0.6–1.2 times what its lines could
///   use over the horizon (these requests come after the night's own);
/// - earmarks (SPEC 12): each other offer with probability 1/3, by kind:
///   a donation for one enterprise that asks for that material (in the
///   offer's province when one does), an allocation for
///   `medical|epidemic_producer`, stock and capacity for the offer's
///   prefecture or province;
/// - substitution (SPEC 13): MASK-MEDICAL = [MASK-SURGICAL, MASK-N95],
///   MASK-SURGICAL = [MASK-N95]: the three masks are one group.
///
/// Offers that an override names keep their kind and stay open, so the
/// overrides mean what they meant in the plain night.
enum SupplyChain {
    static let meltblown = MaterialCode("MELTBLOWN")
    static let masks = [MaterialCode("MASK-MEDICAL"), MaterialCode("MASK-SURGICAL"), MaterialCode("MASK-N95")]

    static let substitutes = Substitutes([
        .init(requested: MaterialCode("MASK-MEDICAL"), substitutes: [MaterialCode("MASK-SURGICAL"), MaterialCode("MASK-N95")]),
        .init(requested: MaterialCode("MASK-SURGICAL"), substitutes: [MaterialCode("MASK-N95")]),
    ])

    static func apply(settings: NightSettings, table: RegionTable, schedule: Schedule, overrides: [Override],
                      offers: inout [Offer], requests: inout [Request], policy: inout Policy) {
        var random = SeededRandom(seed: settings.seed ^ 0x5355_5050_4C59_4348)
        let named = Set(overrides.compactMap { $0.offer })

        // Conversion offers: mask capacity lines, in offer order after a seeded shuffle.
        let maskSet = Set(masks)
        let candidates = offers.indices.filter {
            offers[$0].kind == .capacity && maskSet.contains(offers[$0].material) && !named.contains(offers[$0].key)
        }
        let chosen = random.shuffled(candidates).prefix(settings.conversionCount).sorted()
        var inputWanted = [CreditCode: Double](), supplierOrder = [Int]()
        let days = Double(schedule.planDate.days(to: schedule.lastDay) + 1)
        for o in chosen {
            let offer = offers[o]
            let perUnit = ExactDecimal(significand: Int64(random.int(4...10)), scale: 4)
            let perUnitValue = Double(perUnit.significand) / 10_000
            let daily = Double(offer.quantity.units) * perUnitValue
            let stock = random.chance(0.5) ? max(1, Int64((daily * (0.5 + random.unit())).rounded())) : 0
            offers[o].kind = .conversion
            offers[o].terms = OfferTerms(conversion: ConversionInput(material: meltblown, perUnit: perUnit,
                                                                     stock: Quantity(stock)))
            if inputWanted[offer.supplierID] == nil { supplierOrder.append(o) }
            inputWanted[offer.supplierID, default: 0] += daily * days
        }
        // Each supplier asks for meltblown under its own code, in its own county.
        let profile = MaterialProfile.all[MaterialProfile.index(of: meltblown)!]
        var serial = requests.count
        for o in supplierOrder {
            let offer = offers[o]
            serial += 1
            let want = inputWanted[offer.supplierID]! * (0.6 + 0.6 * random.unit())
            let parent = table[offer.region]?.parentCode ?? offer.region
            requests.append(Request(
                key: RecordKey(source: "rq-\(parent)", kind: .request, id: "R" + String(repeating: "0", count: max(0, 7 - String(serial).count)) + String(serial)),
                enterpriseID: offer.supplierID, enterpriseName: offer.supplierName, region: offer.region,
                material: meltblown, quantity: Quantity(profile.quantity(want)),
                neededBy: random.chance(0.5) ? schedule.planDate : schedule.planDate.adding(days: 1),
                category: .epidemicProducer))
        }

        // Earmarks: a third of the other offers.
        var requestsByPlace = [Int: [Int32]]()
        for (i, r) in requests.enumerated() {
            requestsByPlace[placeKey(r.material, r.region.value / 10_000), default: []].append(Int32(i))
        }
        var requestsByMaterial = [MaterialCode: [Int32]]()
        for (i, r) in requests.enumerated() { requestsByMaterial[r.material, default: []].append(Int32(i)) }
        let forCategories = OfferTerms(earmark: Earmark(categories: [.medical, .epidemicProducer]))
        for o in offers.indices where offers[o].kind != .conversion && !named.contains(offers[o].key) {
            guard random.chance(1.0 / 3) else { continue }
            let offer = offers[o]
            switch offer.kind {
            case .donation:
                let list = requestsByPlace[placeKey(offer.material, offer.region.value / 10_000)]
                    ?? requestsByMaterial[offer.material] ?? []
                guard !list.isEmpty else { continue }
                let r = requests[Int(random.pick(list))]
                offers[o].terms = OfferTerms(earmark: Earmark(enterprise: r.enterpriseID))
            case .allocation:
                offers[o].terms = forCategories
            case .stock, .capacity:
                let province = RegionCode(offer.region.value / 10_000 * 10_000)
                let prefecture = table[offer.region]?.parentCode ?? province
                offers[o].terms = OfferTerms(earmark: Earmark(regions: [random.chance(0.5) ? prefecture : province]))
            case .conversion:
                continue
            }
        }
        policy.substitutes = substitutes
    }

    private static func placeKey(_ material: MaterialCode, _ province: Int32) -> Int {
        MaterialProfile.index(of: material)! << 16 | Int(province)
    }
}
