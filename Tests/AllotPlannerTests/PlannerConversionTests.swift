import AllotCore
import XCTest
@testable import AllotPlanner

/// Conversion offers (SPEC 14): a mask line makes masks only from the meltblown the plan delivers it.
final class PlannerConversionTests: XCTestCase {
    private let meltblown = MaterialCode("MELTBLOWN"), masks = MaterialCode("MASK-MEDICAL")

    /// The factory (enterprise 5) asks for meltblown like any enterprise; its mask line makes 0.001 kg a mask,
    /// 1,000 masks a day, from what arrives the day before. The masks then serve a hospital's request.
    private func night(meltblownOffered: Int64, stock: Quantity = .zero, roadRegion: Int = 1) -> (PlannerFixture, RecordKey, RecordKey) {
        var f = PlannerFixture()
        f.policy.horizonDays = 4
        f.offer("MB", region: roadRegion, quantity: meltblownOffered, material: meltblown)
        f.request("FACTORY-MB", region: 1, quantity: 10, category: .epidemicProducer, enterprise: 5, material: meltblown)
        let line = RecordKey(source: "o", kind: .offer, id: "LINE")
        f.offers.append(Offer(key: line, supplierID: PlannerFixture.code(5), supplierName: "口罩厂",
                              region: RegionCode(370_101), material: masks, quantity: Quantity(1_000), kind: .conversion,
                              availableFrom: f.planDate,
                              terms: OfferTerms(conversion: ConversionInput(material: meltblown, perUnit: ExactDecimal("0.001")!,
                                                                            stock: stock))))
        let hospital = f.request("HOSPITAL", region: 2, quantity: 5_000, category: .medical, enterprise: 6, material: masks)
        return (f, line, hospital)
    }

    func test_plan_masksMadeFromTheMeltblownDelivered() {
        let (f, line, hospital) = night(meltblownOffered: 2)
        let plan = f.plan()
        // 2 kg of meltblown arrive at the factory on day 0 (same region): 1,000 masks on day 1 and day 2.
        let conversion = try! XCTUnwrap(plan.conversions.first)
        XCTAssertEqual(conversion.offer, line)
        XCTAssertEqual(conversion.inputReceived, 2)
        XCTAssertEqual(conversion.inputUsed.description, "2")
        XCTAssertEqual(conversion.lots.map(\.day), [f.planDate.adding(days: 1), f.planDate.adding(days: 2)])
        XCTAssertEqual(plan.delivered(hospital), 2_000)
        XCTAssertEqual(plan.lines.filter { $0.offer == line }.reduce(0) { $0 + $1.quantity.units }, 2_000)
        XCTAssertEqual(plan.offeredByMaterial[masks], Quantity(2_000))
        XCTAssertEqual(plan.outcome(hospital).reason, .capacityExhausted)
    }

    /// Input the factory holds makes masks from the first day; input that arrives late makes fewer.
    func test_plan_stockAndTransitTime() {
        let (held, _, hospital) = night(meltblownOffered: 1, stock: Quantity(2))
        XCTAssertEqual(held.plan().delivered(hospital), 3_000, "3 kg in all: 1,000 masks on days 0, 1 and 2")
        // Meltblown 2 regions away (278 km, a day on the road) arrives on day 1 and counts from day 2.
        let (far, line, _) = night(meltblownOffered: 3, roadRegion: 3)
        let plan = far.plan()
        XCTAssertEqual(plan.conversions.first?.lots.map(\.day), [far.planDate.adding(days: 2), far.planDate.adding(days: 3)])
        XCTAssertEqual(plan.lines.filter { $0.offer == line }.reduce(0) { $0 + $1.quantity.units }, 1_000,
                       "masks made on day 3 arrive a day after the last day")
    }

    /// No meltblown, no masks: the line makes no lot and the hospital has no offer in reach.
    func test_plan_noInputNoLots() {
        let (f, _, hospital) = night(meltblownOffered: 1)
        var dry = f
        dry.offers.removeFirst()
        let plan = dry.plan()
        XCTAssertEqual(plan.conversions.first?.produced, 0)
        XCTAssertEqual(plan.delivered(hospital), 0)
        XCTAssertEqual(plan.outcome(hospital).reason, .noOfferInReach)
        XCTAssertFalse(plan.leftOut[.outsideHorizon, default: []].contains(RecordKey(source: "o", kind: .offer, id: "LINE")))
    }

    /// `allot explain` for a conversion offer traces its lots back to the input lines.
    func test_explain_conversionOfferTracesItsInput() throws {
        let (f, line, hospital) = night(meltblownOffered: 2)
        let input = f.input()
        let plan = try Planner.plan(input)
        let e = try XCTUnwrap(Explanation.offer(line, input: input, plan: plan))
        XCTAssertEqual(e.conversion?.produced, 2_000)
        XCTAssertEqual(e.inputLines.map(\.offer.id), ["MB"])
        XCTAssertEqual(e.lots.map(\.quantity), [1_000, 1_000])
        let r = try XCTUnwrap(Explanation.request(hospital, input: input, plan: plan))
        XCTAssertEqual(r.lots.filter(\.inReach).map(\.offer), [line, line])
    }
}
