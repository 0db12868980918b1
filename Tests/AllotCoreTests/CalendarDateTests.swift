import XCTest
@testable import AllotCore

final class CalendarDateTests: XCTestCase {
    func test_init_rejectsImpossibleDays() {
        XCTAssertNil(CalendarDate(year: 2019, month: 2, day: 29))
        XCTAssertNotNil(CalendarDate(year: 2020, month: 2, day: 29))
        XCTAssertNil(CalendarDate(year: 2100, month: 2, day: 29))
        XCTAssertNotNil(CalendarDate(year: 2000, month: 2, day: 29))
        XCTAssertNil(CalendarDate(year: 2020, month: 4, day: 31))
        XCTAssertNil(CalendarDate(year: 2020, month: 13, day: 1))
        XCTAssertNil(CalendarDate(year: 2020, month: 1, day: 0))
    }

    func test_dayNumber_matchesEpoch() throws {
        XCTAssertEqual(CalendarDate(year: 1970, month: 1, day: 1)?.dayNumber, 0)
        XCTAssertEqual(CalendarDate(year: 2020, month: 2, day: 11)?.dayNumber, 18_303)
        XCTAssertEqual(CalendarDate(year: 1969, month: 12, day: 31)?.dayNumber, -1)
    }

    func test_components_roundTripOverFourHundredYears() {
        var d = CalendarDate(year: 1900, month: 1, day: 1)!
        for _ in 0..<(146_097) {
            let (y, m, day) = d.components
            XCTAssertEqual(CalendarDate(year: y, month: m, day: day), d)
            d = d.adding(days: 1)
        }
    }

    func test_description_isISO() {
        XCTAssertEqual(CalendarDate(year: 2020, month: 2, day: 1)?.description, "2020-02-01")
    }

    func test_initISO_readsYYYYMMDD() throws {
        XCTAssertEqual(CalendarDate(iso: "2020-02-11")?.dayNumber, 18_303)
        XCTAssertEqual(CalendarDate(iso: "2020-02-29")?.description, "2020-02-29")
        XCTAssertEqual(CalendarDate(iso: "9999-12-31")?.description, "9999-12-31")
        XCTAssertEqual(CalendarDate(iso: "x2020-02-11".dropFirst()), CalendarDate(year: 2020, month: 2, day: 11))
    }

    func test_initISO_rejectsEveryOtherForm() {
        for text in ["2020/2/11", "2020年2月11日", "2020-2-11", "2020-02-1", "20-02-11", "2020-02-11T00:00",
                     "2020-02-11 ", " 2020-02-11", "2020-02-110", "2020_02_11", "20200211", "", "２０２０-02-11",
                     "+020-02-11", "2020-0a-11"] {
            XCTAssertNil(CalendarDate(iso: text), text)
        }
    }

    func test_initISO_rejectsDaysThatDoNotExist() {
        for text in ["2019-02-29", "2020-02-30", "2020-04-31", "2020-13-01", "2020-00-10", "2020-01-00", "0000-01-01"] {
            XCTAssertNil(CalendarDate(iso: text), text)
        }
    }

    func test_instant_shanghaiMidnight() throws {
        let d = try XCTUnwrap(CalendarDate(year: 2020, month: 2, day: 11))
        XCTAssertEqual(Instant(shanghaiMidnightOf: d).description, "2020-02-10T16:00:00Z")
    }

    func test_instant_descriptionReadsBack() {
        for micros: Int64 in [0, 1_581_350_400_000_000, 1_581_350_400_000_250, 1_581_436_799_999_999, -1, -86_400_000_001] {
            let instant = Instant(microsecondsSinceEpoch: micros)
            XCTAssertEqual(Instant(description: instant.description), instant, instant.description)
        }
        for text in ["2020-02-10T16:00:00", "2020-02-10 16:00:00Z", "2020-02-10T24:00:00Z", "2020-02-10T16:00:00.25Z",
                     "2020-02-30T16:00:00Z", "2020-02-10T16:00:00+08:00", "2020-02-10T16:0a:00Z"] {
            XCTAssertNil(Instant(description: text), text)
        }
    }
}
