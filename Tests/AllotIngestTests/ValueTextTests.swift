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

    // MARK: - Time parts as bureaus type them

    func test_date_chineseTimeParts_areIgnored() {
        let expected = CalendarDate(year: 2020, month: 2, day: 12)
        for text in ["2020年2月12日 9时47分", "2020年2月12日9时47分", "2020年2月12日 9点47分", "2020年2月12日 9时47分30秒",
                     "2020年2月12日 9:47", "2020年2月12日 09:47:30", "2020年2月12日 上午9时", "2020年2月12日下午3点半",
                     "2020年2月12日 晚上8点", "2020年2月12日 中午12点", "2020年2月12日 凌晨2点", "2020年2月12日 9时",
                     "2020年2月12日 3点半", "2020年2月12日 3点一刻", "2020年2月12日 3点三刻", "2020年2月12日 9点30",
                     "2020年2月12日 9点整", "2020年2月12日 9点钟", "2020年2月12日 24时", "2020年2月12号 9时",
                     "2020年2月12日 上午 9 时 47 分", "2020年2月12日 早上7点", "2020年2月12日 傍晚6点", "2020年2月12日 下午3:30",
                     "2020-02-12 9时47分", "2020-02-12T9时47分", "2020-02-12T上午9时", "2020-02-12上午9时", "2020/2/12 下午3点",
                     "2020-02-12 下午3点半 +08:00", "２０２０年２月１２日　９时４７分", "2020年2月12日 ９：４７"] {
            XCTAssertEqual(DateText.date(text), expected, text)
        }
    }

    func test_instant_chineseTimeParts_areShanghaiTime() {
        let cases: [(String, String)] = [
            ("2020-02-10 上午9时", "2020-02-10T01:00:00Z"),
            ("2020-02-10 下午3点", "2020-02-10T07:00:00Z"),
            ("2020-02-10 下午3点半", "2020-02-10T07:30:00Z"),
            ("2020年2月10日 9时47分", "2020-02-10T01:47:00Z"),
            ("2020年2月10日9点47分", "2020-02-10T01:47:00Z"),
            ("2020年2月10日 9时47分30秒", "2020-02-10T01:47:30Z"),
            ("2020年2月10日 9:47", "2020-02-10T01:47:00Z"),
            ("2020年2月10日 09:47:30", "2020-02-10T01:47:30Z"),
            ("2020-02-10T9时47分", "2020-02-10T01:47:00Z"),
            ("2020-02-10 9时", "2020-02-10T01:00:00Z"),
            ("2020-02-10 9点30", "2020-02-10T01:30:00Z"),
            ("2020-02-10 9点5分", "2020-02-10T01:05:00Z"),
            ("2020-02-10 9点整", "2020-02-10T01:00:00Z"),
            ("2020-02-10 9点钟", "2020-02-10T01:00:00Z"),
            ("2020-02-10 3点半", "2020-02-09T19:30:00Z"),              // no period: the 24-hour clock
            ("2020-02-10 3点一刻", "2020-02-09T19:15:00Z"),
            ("2020-02-10 15点三刻", "2020-02-10T07:45:00Z"),
            ("2020-02-10 凌晨2点", "2020-02-09T18:00:00Z"),
            ("2020-02-10 早上7点", "2020-02-09T23:00:00Z"),
            ("2020-02-10 中午12点", "2020-02-10T04:00:00Z"),
            ("2020-02-10 中午1点", "2020-02-10T05:00:00Z"),
            ("2020-02-10 傍晚6点", "2020-02-10T10:00:00Z"),
            ("2020-02-10 晚上8点", "2020-02-10T12:00:00Z"),
            ("2020-02-10 下午3:30", "2020-02-10T07:30:00Z"),
            ("2020-02-10上午9时", "2020-02-10T01:00:00Z"),
            ("2020-02-10 上午 9 时 47 分 30 秒", "2020-02-10T01:47:30Z"),
            ("2020-02-10 下午3点 +08:00", "2020-02-10T07:00:00Z"),
            ("2020-02-10T15时Z", "2020-02-10T15:00:00Z"),
            ("２０２０－０２－１０　下午３点半", "2020-02-10T07:30:00Z"),  // full-width, NFKC
            ("2020-02-10 ９：４７", "2020-02-10T01:47:00Z"),
        ]
        for (text, utc) in cases {
            XCTAssertEqual(DateText.instant(text)?.description, utc, text)
        }
    }

    /// 12 o'clock with a period, and the end of the day (Readings: "Time parts").
    func test_instant_twelveOClockAndTheEndOfTheDay() {
        let cases: [(String, String)] = [
            ("2020-02-10 上午12点", "2020-02-10T04:00:00Z"),            // noon
            ("2020-02-10 下午12点", "2020-02-10T04:00:00Z"),            // noon
            ("2020-02-10 下午12点半", "2020-02-10T04:30:00Z"),
            ("2020-02-10 凌晨12点", "2020-02-09T16:00:00Z"),            // the midnight that starts the day
            ("2020-02-10 0时", "2020-02-09T16:00:00Z"),
            ("2020-02-10 24时", "2020-02-10T16:00:00Z"),               // the midnight that ends it
            ("2020-02-10 晚上12点", "2020-02-10T16:00:00Z"),
            ("2020-02-10T24:00", "2020-02-10T16:00:00Z"),
            ("2020-02-10T24:00:00+08:00", "2020-02-10T16:00:00Z"),
        ]
        for (text, utc) in cases {
            XCTAssertEqual(DateText.instant(text)?.description, utc, text)
        }
    }

    /// What is still refused, as a date (`bad_date`) and as a timestamp (`bad_timestamp`).
    func test_dateAndInstant_timePartRefusals() {
        for text in ["2020年2月12日 25时", "2020年2月12日 下午13点", "2020年2月12日 上午13点", "2020年2月12日 早上12点",
                     "2020年2月12日 凌晨7点", "2020年2月12日 晚上4点", "2020年2月12日 中午3点", "2020年2月12日 下午15:30",
                     "2020年2月12日 9时60分", "2020年2月12日 9时47分61秒", "2020年2月12日 9点5", "2020年2月12日 9时47分30",
                     "2020年2月12日 24时30分", "2020年2月12日 晚上12点半", "2020-02-12T24:00:01", "2020-02-12T24:30",
                     "2020年2月12日 九时", "2020年2月12日 上午", "2020年2月12日 9", "2020年2月12日 半", "2020年2月12日 9时钟",
                     "2020年2月12日 9时 soon", "2020年2月12日 9:47 PM", "2020年2月12日 3点两刻", "2020-02-12T",
                     "2020-02-129时", "2020-02-1209:47", "2020/2/129点", "2020-02-12 08:30 soon", "2020年2月12日 9时半半",
                     "2020年2月12日 九点四十七分", "2020年2月12日 零点", "2020年2月12日 差5分10点", "2020年2月12日 9点过5分",
                     "2020年2月12日 9時", "2020年2月12日 半夜12点", "2020年2月12日 夜里2点"] {
            XCTAssertNil(DateText.date(text), text)
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
