import Foundation
import AllotCore
import XCTest
@testable import AllotIngest

final class QuantityTextTests: XCTestCase {
    func test_parse_acceptedForms() throws {
        let cases: [(String, String, String?)] = [
            ("12吨", "12", "吨"),
            ("123.5万只", "1235000", "只"),
            ("500 kg", "500", "kg"),
            ("50万", "500000", nil),
            ("1,234.5", "1234.5", nil),
            ("1,000,000 pcs", "1000000", "pcs"),
            ("  2亿  ", "200000000", nil),
            ("１２吨", "12", "吨"),                 // full-width digits, NFKC
            ("3 万 只", "30000", "只"),
            ("0.5", "0.5", nil),
            ("+7箱", "7", "箱"),
            ("12千克", "12", "千克"),                // 千 starts a unit here, not a numeral
            ("3万亿", "3000000000000", nil),         // compounds: 10^12
            ("1亿亿只", "10000000000000000", "只"),  // and 10^16
            ("0.9223372036854775万", "9223.372036854775", nil),   // the scale takes 万 the significand cannot
        ]
        for (text, amount, unit) in cases {
            let parsed = try QuantityText.parse(text).get()
            XCTAssertEqual(parsed.amount.description, amount, text)
            XCTAssertEqual(parsed.unit, unit, text)
        }
    }

    func test_parse_refusals() {
        let cases: [(String, QuantityText.Problem)] = [
            ("", .notANumber), ("吨", .notANumber), ("abc", .notANumber), ("1,,000", .notANumber),
            ("12,", .notANumber), ("1.2.3", .notANumber), (",5", .notANumber),
            ("0", .notPositive), ("-5", .notPositive), ("0.00吨", .notPositive), ("-1万", .notPositive),
            ("99999999999999999999", .tooLarge), ("0.12345678901234567890", .tooManyDigits),
        ]
        for (text, problem) in cases {
            XCTAssertEqual(QuantityText.parse(text), .failure(problem), text)
        }
    }
}

final class DateTextTests: XCTestCase {
    func test_date_threeFormsAndTimeParts() {
        let expected = CalendarDate(year: 2020, month: 2, day: 11)
        for text in ["2020-02-11", "2020/2/11", "2020年2月11日", "2020-2-11", " 2020-02-11 ", "2020-02-11 08:30",
                     "2020-02-11T08:30:00+08:00", "2020/2/11 8:00:00", "2020年2月11日 08:00", "２０２０－０２－１１"] {
            XCTAssertEqual(DateText.date(text), expected, text)
        }
    }

    func test_date_refusals() {
        for text in ["", "2020-02-30", "2020-13-01", "20-02-11", "2020.02.11", "2020-02", "2020/02-11",
                     "11/02/2020", "2020-02-11 soon", "2020年2月", "yesterday"] {
            XCTAssertNil(DateText.date(text), text)
        }
    }

    func test_instant_zonesAndDefaults() {
        let cases: [(String, String)] = [
            ("2020-02-10T18:00:00+08:00", "2020-02-10T10:00:00Z"),
            ("2020-02-10T18:00:00", "2020-02-10T10:00:00Z"),           // no zone: Asia/Shanghai
            ("2020-02-10 18:00", "2020-02-10T10:00:00Z"),
            ("2020-02-10T10:00:00Z", "2020-02-10T10:00:00Z"),
            ("2020-02-10T05:30:00-04:30", "2020-02-10T10:00:00Z"),
            ("2020-02-10T18:00:00+0800", "2020-02-10T10:00:00Z"),
            ("2020-02-10T18:00:00.250+08:00", "2020-02-10T10:00:00.250000Z"),
            ("2020-02-11", "2020-02-10T16:00:00Z"),                    // a date alone: its midnight in Shanghai
            ("2020/2/11", "2020-02-10T16:00:00Z"),
        ]
        for (text, utc) in cases {
            XCTAssertEqual(DateText.instant(text)?.description, utc, text)
        }
    }

    func test_instant_refusals() {
        for text in ["2020-02-10T25:00", "2020-02-10T18:60", "2020-02-10T18:00+25:00", "2020-02-10T18", "noon"] {
            XCTAssertNil(DateText.instant(text), text)
        }
    }
}

final class TextNormalizationTests: XCTestCase {
    func test_lookupKey_nfkcAndLatinCase() {
        XCTAssertEqual(TextNormalization.lookupKey("ＫＮ９５"), "kn95")
        XCTAssertEqual(TextNormalization.lookupKey(" Medical Mask "), "medical mask")
        XCTAssertEqual(TextNormalization.lookupKey("熔喷布"), "熔喷布")
    }
}

final class NFKCFastPathTests: XCTestCase {
    /// The fast path must give exactly what Foundation's NFKC gives.
    func test_nfkc_fastPathAgreesWithFoundation() {
        for text in ["12吨", "123.5万只", "2020年2月11日", "山东力得汽车科技", "ＫＮ９５", "１２吨", "熔喷布\u{3000}", "℃", "㎏", "①", "ｶ", "abc", ""] {
            XCTAssertEqual(TextNormalization.nfkc(text), text.precomposedStringWithCompatibilityMapping, text)
        }
    }
}
