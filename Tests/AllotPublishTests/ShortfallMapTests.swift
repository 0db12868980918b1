import AllotCore
import XCTest
@testable import AllotPublish

/// The report's shortage maps (`ShortfallMap`): a mark for every region with a shortfall, for one city and
/// for a province of hundreds of counties.
final class ShortfallMapTests: XCTestCase {
    private func marks(_ svg: String) -> [String] {
        svg.components(separatedBy: "data-region=\"").dropFirst().map { String($0.prefix(6)) }
    }

    /// A province of 300 counties spread over 4° × 5°, or one city of 8 within half a degree.
    private func table(counties: Int, span: Double) -> RegionTable {
        var random = SplitMix64(seed: 20200211)
        return RegionTable(regions: (0..<counties).map { i in
            Region(code: RegionCode(Int32(370_101 + i)), name: "县\(i)", level: .county, parentCode: nil,
                   latitude: 34.5 + span * Double(random.next() % 1000) / 1000,
                   longitude: 114.5 + span * 1.25 * Double(random.next() % 1000) / 1000)
        })
    }

    func test_map_marksEveryRegionWithAShortfall_cityAndProvince() throws {
        for (counties, span) in [(8, 0.5), (300, 4.0)] {
            let table = table(counties: counties, span: span)
            let regions = table.regions.map(\.code)
            let prefix = counties
            let short = regions.enumerated().filter { $0.offset % 3 == 0 }.map(\.element)
            let map = ShortfallMap(title: "口罩", regions: regions,
                                   marks: short.enumerated().map { i, code in
                                       ShortfallMap.Mark(region: code, name: "县\(i)", value: Int128(i + 1), label: "短缺 \(i + 1) 件")
                                   },
                                   legend: "最大 \(short.count) 件")
            let svg = try XCTUnwrap(map.svg(in: table))
            XCTAssertEqual(Set(marks(svg)), Set(short.map(\.description)), "\(prefix)")
            XCTAssertEqual(svg.components(separatedBy: "class=\"map-dot\"").count - 1, regions.count)
            XCTAssertTrue(svg.contains("<title>县0 短缺 1 件</title>"))
            // Inside the frame.
            for c in svg.components(separatedBy: "cx=\"").dropFirst() {
                let x = Double(c.prefix { $0 != "\"" })!
                XCTAssertTrue((0...ShortfallMap.width).contains(x), "\(x)")
            }
            // A province's map stays small: about a hundred bytes a region.
            XCTAssertLessThan(svg.utf8.count, 200 * regions.count + 2_000, "\(prefix): \(regions.count) regions")
        }
    }

    func test_radius_growsWithTheValuesArea() {
        XCTAssertEqual(ShortfallMap.radius(100, largest: 100), ShortfallMap.maxRadius)
        XCTAssertEqual(ShortfallMap.radius(25, largest: 100), ShortfallMap.maxRadius / 2)
        XCTAssertEqual(ShortfallMap.radius(0, largest: 100), ShortfallMap.minRadius)
        XCTAssertNil(ShortfallMap(title: "x", regions: [RegionCode(999_999)], marks: [], legend: "").svg(in: PublishFixture.regions))
    }

    /// On the report, each material's map marks exactly the regions its unmet requests are in.
    func test_report_eachMaterialsMapMarksTheRegionsOfItsUnmetRequests() throws {
        let run = PublishFixture.run()
        let page = String(decoding: try ReportHTML.render(run), as: UTF8.self)
        let maps = try XCTUnwrap(page.range(of: "<div class=\"maps\" id=\"shortage-maps\">")).upperBound
        let svgs = page[maps...].components(separatedBy: "<svg class=\"map\"").dropFirst()
        var shortRegions = [String: Set<String>]()
        for o in run.plan.outcomes where o.shortfall.units > 0 {
            let r = run.plan.request(of: o)!
            shortRegions[r.material.rawValue, default: []].insert(r.region.description)
        }
        XCTAssertEqual(svgs.count, 1 + shortRegions.count, "all materials, then each with a shortfall")
        XCTAssertEqual(Set(marks(svgs.first!)), shortRegions.values.reduce(Set<String>()) { $0.union($1) })
    }
}
