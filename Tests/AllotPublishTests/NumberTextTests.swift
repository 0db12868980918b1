import AllotCore
import AllotCSV
import XCTest
@testable import AllotPublish

final class NumberTextTests: XCTestCase {
    func test_decimalText_fixedPadsAndSigns() {
        XCTAssertEqual(DecimalText.fixed(123, scale: 1), "12.3")
        XCTAssertEqual(DecimalText.fixed(0, scale: 1), "0.0")
        XCTAssertEqual(DecimalText.fixed(5, scale: 3), "0.005")
        XCTAssertEqual(DecimalText.fixed(-5, scale: 1), "-0.5")
        XCTAssertEqual(DecimalText.fixed(7, scale: 0), "7")
        XCTAssertEqual(DecimalText.fixed(Int64.min, scale: 2), "-92233720368547758.08")
    }

    /// The CSV writer formats its decimal cells itself; they read as the other plan files write the same number.
    func test_csvWriterDecimal_agreesWithDecimalText() {
        var random = SplitMix64(seed: 4180)
        var values: [Int64] = [0, 1, -1, 9, 10, 99, 100, -100, 12_345, Int64.max, Int64.min]
        for _ in 0..<200 { values.append(Int64.random(in: -1_000_000_000...1_000_000_000, using: &random)) }
        for units in values {
            for scale in 0...6 {
                var csv = CSVWriter(header: [])
                csv.append([.decimal(units: units, scale: scale)])
                let cell = String(decoding: csv.bytes.dropFirst(5).dropLast(2), as: UTF8.self)
                XCTAssertEqual(cell, DecimalText.fixed(units, scale: scale), "\(units) scale \(scale)")
            }
        }
    }

    func test_decimalText_fillRatioRoundsHalfUp() {
        XCTAssertEqual(DecimalText.fillRatio(delivered: 1, requested: 3), "0.3333")
        XCTAssertEqual(DecimalText.fillRatio(delivered: 2, requested: 3), "0.6667")
        XCTAssertEqual(DecimalText.fillRatio(delivered: 1, requested: 2), "0.5000")
        XCTAssertEqual(DecimalText.fillRatio(delivered: 3, requested: 20_000), "0.0002")   // 0.00015 rounds up
        XCTAssertEqual(DecimalText.fillRatio(delivered: 0, requested: 7), "0.0000")
        // Plainly rounded, like every other figure: a ratio this close to the ends reads as the end.
        XCTAssertEqual(DecimalText.fillRatio(delivered: 1, requested: 1_000_000), "0.0000")
        XCTAssertEqual(DecimalText.fillRatio(delivered: 99_999, requested: 100_000), "1.0000")
        XCTAssertEqual(DecimalText.fillRatio(delivered: 99_994, requested: 100_000), "0.9999")
        XCTAssertEqual(DecimalText.fillRatio(delivered: 5, requested: 5), "1.0000")
        XCTAssertEqual(DecimalText.fillRatio(delivered: 0, requested: 0), "1.0000")
        XCTAssertEqual(DecimalText.fillRatio(delivered: Int64.max - 1, requested: Int64.max), "1.0000")   // exact at 64 bits
    }

    func test_decimalText_shortestPolicyValues() {
        XCTAssertEqual(DecimalText.shortest(400), "400")
        XCTAssertEqual(DecimalText.shortest(1.25), "1.25")
        XCTAssertEqual(DecimalText.shortest(0.1 + 0.2), "0.30000000000000004")
        XCTAssertNil(DecimalText.shortest(.infinity))
    }

    func test_wideNatural_sumsPastInt64Exactly() {
        var sum = WideNatural()
        for _ in 0..<1_000 {
            var product = WideNatural(UInt64(Int64.max))
            product.multiply(by: 99_999)
            sum.add(product)
        }
        // (2^63 - 1) × 99,999 × 1,000
        XCTAssertEqual(sum.description, "922327980313440725924193000")
        XCTAssertEqual(sum.divide(by: 1_000), 0)
        XCTAssertEqual(sum.description, "922327980313440725924193")
    }

    func test_wideNatural_divideRoundedHalfUp() {
        var a = WideNatural(12_345)
        a.divideRounded(byPowerOfTen: 1)
        XCTAssertEqual(a.description, "1235")
        var b = WideNatural(12_344)
        b.divideRounded(byPowerOfTen: 2)
        XCTAssertEqual(b.description, "123")
        var c = WideNatural(7)
        c.divideRounded(byPowerOfTen: -2)
        XCTAssertEqual(c.description, "700")
        XCTAssertEqual(WideNatural().description, "0")
    }

    func test_materialTotals_tonKmExactDecimal() {
        // 4,000 pieces × 398 decikm at 0.003 kg: 0.4776 t·km.
        XCTAssertEqual(MaterialTotals.tonKm(quantityDecikm: WideNatural(4_000 * 398),
                                            kilogramsPerUnit: ExactDecimal("0.003")!), "0.478")
        // 0.0005 t·km rounds half up to 0.001: 1 kg × 5 decikm.
        XCTAssertEqual(MaterialTotals.tonKm(quantityDecikm: WideNatural(5), kilogramsPerUnit: .one), "0.001")
        XCTAssertEqual(MaterialTotals.tonKm(quantityDecikm: WideNatural(4), kilogramsPerUnit: .one), "0.000")
        XCTAssertEqual(MaterialTotals.tonKm(quantityDecikm: WideNatural(12_000 * 398), kilogramsPerUnit: .one), "477.600")
    }
}
