import AllotCore
import XCTest

final class EarmarkTests: XCTestCase {
    /// 山东省 > 聊城市 > 茌平区, and 济南市 beside 聊城市.
    private let table = RegionTable(regions: [
        Region(code: RegionCode(370000), name: "山东省", level: .province, parentCode: nil, latitude: 36.7, longitude: 117),
        Region(code: RegionCode(371500), name: "聊城市", level: .prefecture, parentCode: RegionCode(370000),
               latitude: 36.45, longitude: 115.98),
        Region(code: RegionCode(371503), name: "茌平区", level: .county, parentCode: RegionCode(371500),
               latitude: 36.58, longitude: 116.25),
        Region(code: RegionCode(370100), name: "济南市", level: .prefecture, parentCode: RegionCode(370000),
               latitude: 36.65, longitude: 117.12),
    ])

    private func request(region: Int32, category: Category = .medical, enterprise: CreditCode = code("1")) -> Request {
        Request(key: RecordKey(source: "r", kind: .request, id: "1"), enterpriseID: enterprise, enterpriseName: "企业",
                region: RegionCode(region), material: MaterialCode("SUIT"), quantity: Quantity(1), category: category)
    }

    private static func code(_ n: String) -> CreditCode {
        let prefix = "91370000" + String(repeating: "0", count: 9 - n.count) + n
        return try! CreditCode.parse(prefix + String(CreditCode.checkCharacter(forPrefix: prefix)!)).get()
    }

    func test_admits_regionOrInsideIt() {
        let liaocheng = Earmark(regions: [RegionCode(371500)])
        XCTAssertTrue(liaocheng.admits(request(region: 371500), in: table))
        XCTAssertTrue(liaocheng.admits(request(region: 371503), in: table), "茌平区 lies inside 聊城市")
        XCTAssertFalse(liaocheng.admits(request(region: 370100), in: table))
        XCTAssertFalse(liaocheng.admits(request(region: 370000), in: table), "the province is not inside the city")
        XCTAssertEqual(liaocheng.failedEarmark(request(region: 370100), in: table), .regions)
    }

    func test_admitsRegion_looksAtRegionsAlone() {
        let liaocheng = Earmark(categories: [.medical], regions: [RegionCode(371500)])
        XCTAssertTrue(liaocheng.admits(region: RegionCode(371503), in: table), "茌平区 lies inside 聊城市")
        XCTAssertTrue(liaocheng.admits(region: RegionCode(371500), in: table))
        XCTAssertFalse(liaocheng.admits(region: RegionCode(370100), in: table))
        XCTAssertFalse(liaocheng.admits(region: RegionCode(370000), in: table))
        XCTAssertTrue(Earmark(categories: [.medical]).admits(region: RegionCode(370100), in: table))
    }

    func test_admits_everyEarmarkMustHold() {
        let earmark = Earmark(enterprise: Self.code("7"), categories: [.medical, .epidemicProducer],
                              regions: [RegionCode(370000)])
        XCTAssertTrue(earmark.admits(request(region: 371503, enterprise: Self.code("7")), in: table))
        XCTAssertEqual(earmark.failedEarmark(request(region: 371503, enterprise: Self.code("8")), in: table), .enterprise)
        XCTAssertEqual(earmark.failedEarmark(request(region: 371503, category: .sme, enterprise: Self.code("7")),
                                             in: table), .categories)
        XCTAssertTrue(Earmark().admits(request(region: 370100), in: table))
        XCTAssertTrue(Earmark().isEmpty)
    }

    func test_listsAreSortedAndDistinct_describedByCode() {
        let earmark = Earmark(categories: [.sme, .medical, .sme], regions: [RegionCode(371500), RegionCode(370100), RegionCode(371500)])
        XCTAssertEqual(earmark.categories, [.medical, .sme])
        XCTAssertEqual(earmark.regions, [RegionCode(370100), RegionCode(371500)])
        XCTAssertEqual(earmark.description, "for_categories=medical|sme; for_regions=370100|371500")
        XCTAssertEqual(earmark, Earmark(categories: [.medical, .sme], regions: [RegionCode(371500), RegionCode(370100)]))
    }
}
