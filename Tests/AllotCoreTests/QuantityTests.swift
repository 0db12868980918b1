import XCTest
@testable import AllotCore

/// `Quantity.reading` and `Quantity.need`: every quantity an input gives
/// becomes one here, rounded once and bounded by `Quantity.maximum`.
final class QuantityTests: XCTestCase {
    private func reading(_ amount: String, _ factor: String = "1") -> Result<Quantity, Quantity.ReadingProblem> {
        Quantity.reading(ExactDecimal(amount)!, unitFactor: ExactDecimal(factor)!)
    }

    func test_maximum_isATrillionCanonicalUnits() {
        XCTAssertEqual(Quantity.maximum, Quantity(1_000_000_000_000))
    }

    func test_reading_roundsOnceHalfAwayFromZero() {
        let cases: [(String, String, Int64)] = [
            ("0.5", "1", 1), ("1.49", "1", 1), ("2.5", "1", 3), ("12", "1", 12), ("8.70", "1", 9),
            ("10", "0.87", 9),          // 10 L of alcohol: 8.7 kg
            ("12", "1000", 12_000),      // 12 t
            ("1500", "0.001", 2),        // 1500 g: 1.5 kg
            ("123.5", "10000", 1_235_000),   // 123.5万
        ]
        for (amount, factor, units) in cases {
            XCTAssertEqual(reading(amount, factor), .success(Quantity(units)), "\(amount) × \(factor)")
        }
    }

    func test_reading_atTheMaximum_isAQuantity_andOneUnitMoreIsTooLarge() {
        XCTAssertEqual(reading("1000000000000"), .success(Quantity.maximum))
        XCTAssertEqual(reading("999999999999.5"), .success(Quantity.maximum))
        XCTAssertEqual(reading("1000000000", "1000"), .success(Quantity.maximum), "a billion tonnes in kg")
        XCTAssertEqual(reading("1000000000000.5"), .failure(.tooLarge))
        XCTAssertEqual(reading("1000000000001"), .failure(.tooLarge))
        XCTAssertEqual(reading("1000000001", "1000"), .failure(.tooLarge), "bounded after the unit")
    }

    func test_reading_past64Bits_isTooLargeWithoutTrapping() {
        XCTAssertEqual(reading("9223372036854775807"), .failure(.tooLarge))
        XCTAssertEqual(reading("9223372036854775807", "9223372036854775807"), .failure(.tooLarge))
        XCTAssertEqual(Quantity.reading(ExactDecimal(significand: 1, scale: -30)), .failure(.tooLarge), "10^30")
        XCTAssertEqual(Quantity.reading(ExactDecimal(significand: .max, scale: -1_000_000)), .failure(.tooLarge))
    }

    func test_reading_nothingOrLessThanHalfAUnit_isNotPositive() {
        XCTAssertEqual(reading("0"), .failure(.notPositive))
        XCTAssertEqual(reading("0.4"), .failure(.notPositive))
        XCTAssertEqual(reading("400", "0.001"), .failure(.notPositive), "400 g")
        XCTAssertEqual(Quantity.reading(ExactDecimal(significand: 5, scale: 400)), .failure(.notPositive))
    }

    /// Products past 64 bits that are small numbers are read exactly, not called too large.
    func test_reading_manyDecimals_isExact() {
        // 0.5000000000000000000 (19 decimals) × 1: half a unit rounds up.
        let half = ExactDecimal(significand: 5_000_000_000_000_000_000, scale: 19)
        XCTAssertEqual(Quantity.reading(half), .success(Quantity(1)))
        // 1234567.891234567891 × 0.87 = 1074074.06537407406517: the significands' product passes 64 bits.
        XCTAssertEqual(reading("1234567.891234567891", "0.87"), .success(Quantity(1_074_074)))
        // 0.999999999999999999 × 0.999999999999999999 rounds to 1 (a product of 36 decimals).
        XCTAssertEqual(reading("0.999999999999999999", "0.999999999999999999"), .success(Quantity(1)))
    }

    func test_need_isWorkersTimesDailyUseTimesDays() {
        func need(_ workers: Int64, _ daily: String) -> Result<Quantity, Quantity.ReadingProblem> {
            Quantity.need(workers: workers, perWorkerDaily: ExactDecimal(daily)!, horizonDays: 3)
        }
        XCTAssertEqual(need(120, "2"), .success(Quantity(720)))
        XCTAssertEqual(need(7, "0.05"), .success(Quantity(1)), "1.05 kg of disinfectant")
        XCTAssertEqual(need(50, "0"), .failure(.notPositive))
        XCTAssertEqual(need(0, "2"), .failure(.notPositive))
    }

    func test_need_aboveTheMaximum_isTooLargeWithoutTrapping() {
        let two = ExactDecimal("2")!
        // 166,666,666,666 workers × 2 × 3 = 999,999,999,996: a need at the limit.
        XCTAssertEqual(Quantity.need(workers: 166_666_666_666, perWorkerDaily: two, horizonDays: 3),
                       .success(Quantity(999_999_999_996)))
        XCTAssertEqual(Quantity.need(workers: 166_666_666_667, perWorkerDaily: two, horizonDays: 3),
                       .failure(.tooLarge))
        XCTAssertEqual(Quantity.need(workers: .max, perWorkerDaily: two, horizonDays: 366), .failure(.tooLarge))
        XCTAssertEqual(Quantity.need(workers: 1_000_000_000, perWorkerDaily: two, horizonDays: .max),
                       .failure(.tooLarge))
        // More workers than a record may hold, even where the need alone would fit.
        XCTAssertEqual(Quantity.need(workers: 1_000_000_000_001, perWorkerDaily: ExactDecimal("0.01")!, horizonDays: 3),
                       .failure(.tooLarge))
    }
}
