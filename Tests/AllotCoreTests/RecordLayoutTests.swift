import XCTest
@testable import AllotCore

final class RecordLayoutTests: XCTestCase {
    /// A night holds a million records: each byte of a record is a megabyte of
    /// fresh memory written during the read. 144 bytes before the fields were
    /// ordered by size and the optionals kept as value and flag.
    func test_records_fitIn120Bytes() {
        XCTAssertLessThanOrEqual(MemoryLayout<Offer>.stride, 120)
        XCTAssertLessThanOrEqual(MemoryLayout<Request>.stride, 120)
        XCTAssertLessThanOrEqual(MemoryLayout<FeedRecord>.stride, 120)
    }

    func test_optionals_readBackWhatWasSet() throws {
        let key = RecordKey(source: "s", kind: .request, id: "1")
        let id = try CreditCode.parse("91110000600037341L").get()
        var r = Request(key: key, enterpriseID: id, enterpriseName: "n", region: RegionCode(371500),
                        material: MaterialCode("MASK-MEDICAL"), quantity: Quantity(10), category: .sme)
        XCTAssertNil(r.workers); XCTAssertNil(r.neededBy); XCTAssertNil(r.updatedAt)
        let plain = r
        r.workers = 0; r.neededBy = CalendarDate(dayNumber: 0); r.updatedAt = Instant(microsecondsSinceEpoch: 0)
        XCTAssertEqual(r.workers, 0)
        XCTAssertEqual(r.neededBy, CalendarDate(dayNumber: 0))
        XCTAssertEqual(r.updatedAt, Instant(microsecondsSinceEpoch: 0))
        XCTAssertNotEqual(r, plain)
        r.workers = nil; r.neededBy = nil; r.updatedAt = nil
        XCTAssertEqual(r, plain)
        XCTAssertEqual(r.hashValue, plain.hashValue)

        var o = Offer(key: key, supplierID: id, supplierName: "n", region: RegionCode(371500),
                      material: MaterialCode("MELTBLOWN"), quantity: Quantity(5))
        let plainOffer = o
        o.availableFrom = CalendarDate(dayNumber: 3); o.availableUntil = CalendarDate(dayNumber: 0)
        o.updatedAt = Instant(microsecondsSinceEpoch: 7)
        XCTAssertEqual(o.availableFrom, CalendarDate(dayNumber: 3))
        XCTAssertEqual(o.availableUntil, CalendarDate(dayNumber: 0))
        XCTAssertEqual(o.updatedAt, Instant(microsecondsSinceEpoch: 7))
        o.availableFrom = nil; o.availableUntil = nil; o.updatedAt = nil
        XCTAssertEqual(o, plainOffer)
    }
}
