import XCTest
@testable import AllotCore

/// Transport passes (SPEC 16) on hand-computed lines.
final class TransportPassTests: XCTestCase {
    private let planDate = CalendarDate(year: 2020, month: 2, day: 11)!
    private let mask = (code: MaterialCode("MASK-MEDICAL"), kg: ExactDecimal(significand: 4, scale: 3))      // 0.004 kg
    private let disinfectant = (code: MaterialCode("DISINFECTANT"), kg: ExactDecimal(significand: 1))        // 1 kg
    private let suit = (code: MaterialCode("SUIT"), kg: ExactDecimal(significand: 65, scale: 2))              // 0.65 kg

    private func line(_ supplier: String, _ from: Int32, _ to: Int32, ship: Int, arrive: Int,
                      _ material: (code: MaterialCode, kg: ExactDecimal), _ quantity: Int64) -> TransportPass.Line {
        TransportPass.Line(supplierID: supplier, supplierName: "name of \(supplier)", fromRegion: RegionCode(from),
                           toRegion: RegionCode(to), shipOn: planDate.adding(days: ship), arriveBy: planDate.adding(days: arrive),
                           material: material.code, quantity: quantity, kilogramsPerUnit: material.kg)
    }

    func test_passes_groupNumberWeighAndCountTrucks() {
        let lines = [
            // B's day-0 lines to 371503: masks twice (summed) and suits; arrive by day 1 and day 2.
            line("B", 371500, 371503, ship: 0, arrive: 1, mask, 100_000),
            line("B", 371500, 371503, ship: 0, arrive: 2, mask, 25_001),
            line("B", 371500, 371503, ship: 0, arrive: 1, suit, 3),
            // A's day-0 line to 371502 and day-1 line to 371503: two passes.
            line("A", 371500, 371502, ship: 0, arrive: 0, disinfectant, 10_000),
            line("A", 371500, 371503, ship: 1, arrive: 2, disinfectant, 10_001),
            // A from another region on day 0: its own pass.
            line("A", 370100, 371502, ship: 0, arrive: 1, disinfectant, 20_000),
        ]
        let passes = TransportPass.passes(of: lines, planDate: planDate, truckCapacityKilograms: 10_000)
        XCTAssertEqual(passes.map(\.passID), ["P20200211-1", "P20200211-2", "P20200211-3", "P20200211-4"])
        // (ship_on, supplier_id, from_region, to_region) order.
        XCTAssertEqual(passes.map(\.supplierID), ["A", "A", "B", "A"])
        XCTAssertEqual(passes.map(\.fromRegion.value), [370100, 371500, 371500, 371500])
        XCTAssertEqual(passes.map(\.shipOn), [planDate, planDate, planDate, planDate.adding(days: 1)])
        XCTAssertEqual(passes.map(\.validUntil), [planDate.adding(days: 1), planDate, planDate.adding(days: 2), planDate.adding(days: 2)])
        // 20,000 kg: exactly two trucks; 10,000 kg: one; 10,001 kg: two.
        XCTAssertEqual(passes.map(\.weightDecikilograms), [200_000, 100_000, 5_020, 100_010])
        XCTAssertEqual(passes.map(\.trucks), [2, 1, 1, 2])
        // B: 125,001 masks × 0.004 = 500.004 kg, 3 suits × 0.65 = 1.95 kg: 501.954 → 502.0 (half up, once).
        XCTAssertEqual(passes[2].goods, [TransportPass.Goods(material: mask.code, quantity: 125_001),
                                         TransportPass.Goods(material: suit.code, quantity: 3)])
        XCTAssertEqual(passes[2].supplierName, "name of B")
    }

    func test_weight_roundsHalfUpOnce_andALightPassStillNeedsATruck() {
        // 12 masks × 0.004 = 0.048 kg → 0.0; 13 → 0.052 → 0.1 kg; 1,000,000 masks on a 3.9 t truck: 4,000 kg → 2.
        let light = TransportPass.passes(of: [line("A", 371500, 371503, ship: 0, arrive: 0, mask, 12)], planDate: planDate,
                                         truckCapacityKilograms: 10_000)
        XCTAssertEqual(light.map(\.weightDecikilograms), [0])
        XCTAssertEqual(light.map(\.trucks), [1])
        let tenth = TransportPass.passes(of: [line("A", 371500, 371503, ship: 0, arrive: 0, mask, 13)], planDate: planDate,
                                         truckCapacityKilograms: 10_000)
        XCTAssertEqual(tenth.map(\.weightDecikilograms), [1])
        let heavy = TransportPass.passes(of: [line("A", 371500, 371503, ship: 0, arrive: 0, mask, 1_000_000)], planDate: planDate,
                                         truckCapacityKilograms: 3_900)
        XCTAssertEqual(heavy.map(\.weightDecikilograms), [40_000])
        XCTAssertEqual(heavy.map(\.trucks), [2])
        XCTAssertEqual(TransportPass.passes(of: [], planDate: planDate, truckCapacityKilograms: 1), [])
    }
}
