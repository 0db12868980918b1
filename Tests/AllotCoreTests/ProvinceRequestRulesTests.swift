import AllotCore
import XCTest

/// SPEC 9's rules of the province request at their home: what a tier asks, and the city that asks.
final class ProvinceRequestRulesTests: XCTestCase {
    private let table = CoreFixture.regions

    func test_city_isLowestCommonAncestorTakenUpToPrefecture() {
        XCTAssertEqual(ProvinceRequest.city(of: [RegionCode(371502), RegionCode(371522)], in: table), RegionCode(371500))
        XCTAssertEqual(ProvinceRequest.city(of: [RegionCode(371522)], in: table), RegionCode(371500))
        XCTAssertEqual(ProvinceRequest.city(of: [RegionCode(371500), RegionCode(370000)], in: table), RegionCode(370000))
        XCTAssertNil(ProvinceRequest.city(of: [RegionCode(371502), RegionCode(110101)], in: table))
        XCTAssertNil(ProvinceRequest.city(of: [], in: table))
    }

    func test_ask_isUncappedShortfallOfRequestTiersOnly() {
        let tiers: Set<Int> = [1, 2]
        let figures = ProvinceRequest.TierFigures(tier: 2, requested: 1_000, delivered: 300, cappedShortfall: 200)
        XCTAssertEqual(ProvinceRequest.ask(figures, requestTiers: tiers), 500)
        XCTAssertEqual(ProvinceRequest.ask(ProvinceRequest.TierFigures(tier: 3, requested: 1_000), requestTiers: tiers), 0)
        let allCapped = ProvinceRequest.TierFigures(tier: 1, requested: 100, delivered: 0, cappedShortfall: 100)
        XCTAssertEqual(ProvinceRequest.ask(allCapped, requestTiers: tiers), 0)
    }

    func test_build_sumsContributionsByMaterialRegionAndTier() {
        func part(_ region: Int32, _ tier: Int, _ requested: Int64, _ delivered: Int64, capped: Int64 = 0)
            -> ProvinceRequest.Contribution {
            .init(material: MaterialCode("SUIT"), unit: "piece", region: RegionCode(region), tier: tier,
                  requested: requested, delivered: delivered, capped: capped)
        }
        let request = ProvinceRequest.build(
            planDate: CalendarDate(year: 2020, month: 2, day: 11)!, generated: "2020-02-11T00:00:00+08:00",
            requestTiers: [2, 1], city: RegionCode(371500),
            contributions: [part(371522, 1, 10, 4), part(371502, 3, 7, 0), part(371522, 1, 5, 5), part(371522, 2, 9, 0, capped: 9)])
        XCTAssertEqual(request.requestTiers, [1, 2])
        let suits = try! XCTUnwrap(request.materials.first)
        XCTAssertEqual(suits.regions.map(\.region), [RegionCode(371502), RegionCode(371522)])
        XCTAssertEqual(suits.regions[1].tiers.map { [$0.tier, Int($0.requested), Int($0.delivered), Int($0.ask)] },
                       [[1, 15, 9, 6], [2, 9, 0, 0]])
        XCTAssertEqual(suits.total.ask, 6)
        XCTAssertEqual(suits.regions[0].total.ask, 0, "tier 3 asks nothing")
    }
}
