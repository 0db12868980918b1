import AllotCore
import XCTest

final class PossibleDuplicateTests: XCTestCase {
    private func request(_ source: String, _ id: String, enterprise: String = "91371500706079729C",
                         material: String = "MASK-MEDICAL", neededBy: Int32? = 10) -> Request {
        Request(key: RecordKey(source: source, kind: .request, id: id), enterpriseID: try! CreditCode.parse(enterprise).get(),
                enterpriseName: "力得", region: RegionCode(371522), material: MaterialCode(material),
                quantity: Quantity(100), neededBy: neededBy.map { CalendarDate(dayNumber: $0) },
                category: .sme)
    }

    func test_find_sameAskFromTwoSources_isOnePairWithTheFirstInFeedOrder() {
        let pairs = PossibleDuplicate.find(in: [
            request("county-a", "1"),
            request("county-a", "2"),                       // the same source: its own business
            request("sd-platform", "9"),
            request("sd-platform", "10", material: "SUIT"),  // another material
            request("other", "3", neededBy: 11),            // another day
            request("other", "4", neededBy: nil),
            request("platform", "5", neededBy: nil),        // neither names a day
        ])
        XCTAssertEqual(pairs.map { "\($0.first) \($0.second)" }, ["county-a:1 sd-platform:9", "other:4 platform:5"])
        XCTAssertEqual(pairs[0].excludeLine, "exclude,,sd-platform:9,,,,possible duplicate of county-a:1")
        XCTAssertEqual(pairs[0].warning, "possible duplicate request: sd-platform:9 asks what county-a:1 asks (enterprise 91371500706079729C, MASK-MEDICAL, needed by 1970-01-11); both are planned; to drop one, add to overrides.csv: exclude,,sd-platform:9,,,,possible duplicate of county-a:1")
    }
}
