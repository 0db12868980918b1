import AllotCore
import XCTest

/// SPEC 14's production rule, computed by hand.
final class ProductionTests: XCTestCase {
    private let day0 = CalendarDate(year: 2020, month: 2, day: 11)!
    private func day(_ n: Int) -> CalendarDate { day0.adding(days: n) }
    private func key(_ id: String) -> RecordKey { RecordKey(source: "o", kind: .offer, id: id) }

    /// 0.001 kg of meltblown a mask, 1,000 masks a day: 2.5 kg arriving by day 0 counts from day 1 (input
    /// needs a day to become product) and makes 1,000, 1,000, then the 500 left.
    func test_lots_inputNeedsADay_andUsedInputCounts() {
        let line = Production.Line(offer: key("F"), dailyQuantity: 1_000, perUnit: ExactDecimal("0.001")!,
                                   days: [day(0), day(1), day(2), day(3)])
        let made = Production.lots(of: [line], stock: 0, deliveries: [(arriveBy: day(0), quantity: 2), (arriveBy: day(1), quantity: 0)])
        XCTAssertEqual(made[0].lots.map(\.day), [day(1), day(2)])
        XCTAssertEqual(made[0].lots.map(\.quantity.units), [1_000, 1_000])
        XCTAssertEqual(made[0].inputUsed.description, "2")
        let more = Production.lots(of: [line], stock: 1, deliveries: [(arriveBy: day(1), quantity: 2)])
        // Day 0: the 1 kg held makes 1,000; day 1: nothing left; day 2: 2 kg arrived by day 1 make 1,000 a day.
        XCTAssertEqual(more[0].lots.map(\.day), [day(0), day(2), day(3)])
        XCTAssertEqual(more[0].produced, 3_000)
    }

    /// Whole units only, exactly: 0.3 kg a unit from 1 kg held makes 3 units (0.9 kg), the 0.1 kg left makes none.
    func test_lots_roundDownExactly() {
        let line = Production.Line(offer: key("F"), dailyQuantity: 100, perUnit: ExactDecimal("0.3")!, days: [day(0), day(1)])
        let made = Production.lots(of: [line], stock: 1, deliveries: [])
        XCTAssertEqual(made[0].lots.map(\.quantity.units), [3])
        XCTAssertEqual(made[0].inputUsed.description, "0.9")
    }

    /// Two lines of one supplier on one input share the pool, taking their lots in key order each day.
    func test_lots_poolSharedInKeyOrder() {
        let a = Production.Line(offer: key("A"), dailyQuantity: 600, perUnit: ExactDecimal("0.001")!, days: [day(0), day(1)])
        let b = Production.Line(offer: key("B"), dailyQuantity: 600, perUnit: ExactDecimal("0.0025")!, days: [day(0), day(1)])
        let made = Production.lots(of: [a, b], stock: 2, deliveries: [])
        // Day 0: A takes 600 (0.6 kg); B ⌊1.4 ÷ 0.0025⌋ = 560 (1.4 kg). Day 1: nothing left.
        XCTAssertEqual(made.map { $0.lots.map(\.quantity.units) }, [[600], [560]])
        XCTAssertEqual(made.map(\.inputUsed.description), ["0.6", "1.4"])
    }

    func test_cycles_inKeyOrder_andInputInTheProductsGroup() {
        func conversion(_ id: String, makes product: String, from input: String) -> Offer {
            Offer(key: key(id), supplierID: try! CreditCode.parse("91371500706079729C").get(), supplierName: "厂",
                  region: RegionCode(371500), material: MaterialCode(product), quantity: Quantity(10), kind: .conversion,
                  terms: OfferTerms(conversion: ConversionInput(material: MaterialCode(input), perUnit: .one)))
        }
        let offers = [conversion("2", makes: "MELTBLOWN", from: "MASK-MEDICAL"), conversion("1", makes: "MASK-MEDICAL", from: "MELTBLOWN"),
                      conversion("3", makes: "MASK-N95", from: "MASK-MEDICAL")]
        XCTAssertEqual(ConversionOrder.cycles(offers, substitutes: Substitutes()).map(\.offer.id), ["2"])
        let grouped = Substitutes([.init(requested: MaterialCode("MASK-N95"), substitutes: [MaterialCode("MASK-MEDICAL")])])
        XCTAssertEqual(ConversionOrder.cycles(offers, substitutes: grouped).map(\.offer.id), ["2", "3"])
        XCTAssertEqual(ConversionOrder.waves([[MaterialCode("MASK-MEDICAL")], [MaterialCode("MELTBLOWN")], [MaterialCode("SUIT")]],
                                             inputs: [MaterialCode("MASK-MEDICAL"): [MaterialCode("MELTBLOWN")]]),
                       [[1, 2], [0]])
        XCTAssertEqual(ConversionOrder.prerequisites([[MaterialCode("MASK-MEDICAL"), MaterialCode("MASK-N95")], [MaterialCode("MELTBLOWN")],
                                                      [MaterialCode("SUIT")]],
                                                     inputs: [MaterialCode("MASK-N95"): [MaterialCode("MELTBLOWN")],
                                                              MaterialCode("MASK-MEDICAL"): [MaterialCode("MELTBLOWN"), MaterialCode("MASK-N95")]]),
                       [[1], [], []], "an input within the group is no prerequisite")
    }
}
