import AllotCore
import XCTest

/// `Plan.earmarkedSupply()` and the earmarked figures of `Plan.quantitiesByMaterial()` (SPEC 12).
final class EarmarkedSupplyTests: XCTestCase {
    private static let day = CalendarDate(year: 2020, month: 2, day: 11)!

    private static func code(_ n: Int) -> CreditCode {
        let digits = String(n)
        let prefix = "91370000" + String(repeating: "0", count: 9 - digits.count) + digits
        return try! CreditCode.parse(prefix + String(CreditCode.checkCharacter(forPrefix: prefix)!)).get()
    }

    private static func offer(_ id: String, _ material: String, _ quantity: Int64, earmark: Earmark?) -> Offer {
        Offer(key: RecordKey(source: "o", kind: .offer, id: id), supplierID: code(1), supplierName: "供应方",
              region: RegionCode(371500), material: MaterialCode(material), quantity: Quantity(quantity),
              terms: earmark.map { OfferTerms(earmark: $0) })
    }

    private static func request(_ id: String, _ material: String, _ quantity: Int64) -> Request {
        Request(key: RecordKey(source: "r", kind: .request, id: id), enterpriseID: code(2), enterpriseName: "企业",
                region: RegionCode(371500), material: MaterialCode(material), quantity: Quantity(quantity), category: .medical)
    }

    private static func line(_ offer: Offer, _ o: Int32, _ request: Request, _ r: Int32, _ quantity: Int64) -> DispatchLine {
        DispatchLine(material: offer.material, quantity: Quantity(quantity), offer: offer.key, lotDay: day,
                     request: request.key, offerIndex: o, requestIndex: r, tier: 1, roadDecikm: 0, transitDays: 0,
                     pinned: false)
    }

    /// Masks: an open offer and one earmarked for medical institutions, 20 of which 10 shipped; disinfectant:
    /// an earmarked offer nothing took.
    private func plan() -> Plan {
        let open = Self.offer("A", "MASK-MEDICAL", 50, earmark: nil)
        let medical = Self.offer("B", "MASK-MEDICAL", 20, earmark: Earmark(categories: [.medical]))
        let forTwo = Self.offer("C", "DISINFECTANT", 8, earmark: Earmark(enterprise: Self.code(2)))
        let first = Self.request("R1", "MASK-MEDICAL", 40), second = Self.request("R2", "MASK-MEDICAL", 3)
        var plan = Plan(planDate: Self.day, offers: [forTwo, open, medical], requests: [first, second])
        plan.lines = [Self.line(open, 1, first, 0, 5), Self.line(medical, 2, first, 0, 7), Self.line(medical, 2, second, 1, 3)]
        plan.offeredByMaterial = [MaterialCode("MASK-MEDICAL"): Quantity(70), MaterialCode("DISINFECTANT"): Quantity(8)]
        plan.earmarkedOfferedByOffer = [medical.key: Quantity(20), forTwo.key: Quantity(8)]
        return plan
    }

    func test_earmarkedSupply_offerByOfferInKeyOrder() {
        let supply = plan().earmarkedSupply()
        XCTAssertEqual(supply.map(\.offer.key.id), ["B", "C"])
        XCTAssertEqual(supply.map(\.offerIndex), [2, 0])
        XCTAssertEqual(supply.map(\.offered), [Quantity(20), Quantity(8)])
        XCTAssertEqual(supply.map(\.shipped), [10, 0])
        XCTAssertEqual(supply.map(\.unused), [10, 8])
        XCTAssertEqual(supply[0].earmark, Earmark(categories: [.medical]))
    }

    func test_quantitiesByMaterial_earmarkedOfferedAndUnused() {
        let figures = Dictionary(uniqueKeysWithValues: plan().quantitiesByMaterial().map { ($0.material.rawValue, $0) })
        XCTAssertEqual(figures["MASK-MEDICAL"]?.offered, Quantity(70))
        XCTAssertEqual(figures["MASK-MEDICAL"]?.delivered, 15)
        XCTAssertEqual(figures["MASK-MEDICAL"]?.earmarkedOffered, 20)
        XCTAssertEqual(figures["MASK-MEDICAL"]?.earmarkedDelivered, 10, "the open offer's 5 are not earmarked")
        XCTAssertEqual(figures["MASK-MEDICAL"]?.earmarkedUnused, 10)
        XCTAssertEqual(figures["DISINFECTANT"]?.earmarkedOffered, 8)
        XCTAssertEqual(figures["DISINFECTANT"]?.earmarkedUnused, 8)
    }

    /// An offer the plan does not record (excluded, or no lot in the horizon) adds nothing, even with lines.
    func test_earmarkedSupply_onlyRecordedOffers() {
        var plan = plan()
        plan.earmarkedOfferedByOffer = [:]
        XCTAssertEqual(plan.earmarkedSupply(), [])
        XCTAssertEqual(plan.quantitiesByMaterial().map(\.earmarkedOffered), [0, 0])
        XCTAssertEqual(plan.quantitiesByMaterial().map(\.earmarkedUnused), [0, 0])
    }
}
