import Foundation
import XCTest
@testable import AllotCore

final class RegionTableTests: XCTestCase {
    private func region(_ code: Int32, _ name: String, _ level: Region.Level, _ parent: Int32?) -> Region {
        Region(code: RegionCode(code), name: name, level: level, parentCode: parent.map(RegionCode.init),
               latitude: 36, longitude: 116)
    }

    private var table: RegionTable {
        RegionTable(regions: [
            region(370000, "山东省", .province, nil),
            region(370100, "济南市", .prefecture, 370000),
            region(370103, "市中区", .county, 370100),
            region(370400, "枣庄市", .prefecture, 370000),
            region(370402, "市中区", .county, 370400),
            region(371500, "聊城市", .prefecture, 370000),
            region(371522, "莘县", .county, 371500),
        ])
    }

    func test_resolve_codeNameAndAncestorForms() {
        let cases: [(String, RegionTable.Resolution)] = [
            ("371522", .found(RegionCode(371522))),
            ("莘县", .found(RegionCode(371522))),
            ("聊城市莘县", .found(RegionCode(371522))),
            ("山东省聊城市莘县", .found(RegionCode(371522))),
            ("山东省莘县", .found(RegionCode(371522))),
            ("山东省聊城市", .found(RegionCode(371500))),
            ("济南市市中区", .found(RegionCode(370103))),
            ("999999", .unknown),
            ("北京市", .unknown),
            ("莘县聊城市", .unknown),
        ]
        for (text, expected) in cases { XCTAssertEqual(table.resolve(text), expected, text) }
    }

    func test_ancestors_nearestFirstEndingAtAnUnknownParent() {
        XCTAssertEqual(table.ancestors(of: RegionCode(371522)).map(\.value), [371500, 370000])
        XCTAssertEqual(table.ancestors(of: RegionCode(370000)), [])
        let orphan = RegionTable(regions: [region(379999, "孤县", .county, 378800)])
        XCTAssertEqual(orphan.ancestors(of: RegionCode(379999)).map(\.value), [378800])
    }

    /// A table built in code may hold what a file never gives: a unit its
    /// own parent, parents in a circle. Every walk up the parents still ends.
    func test_parentWalks_endInTablesWhoseParentsGoRoundInACircle() {
        let selfParent = RegionTable(regions: [
            region(371500, "聊城市", .prefecture, 371500),
            region(371522, "莘县", .county, 371500),
        ])
        XCTAssertEqual(selfParent.ancestors(of: RegionCode(371522)).map(\.value), [371500])
        XCTAssertEqual(selfParent.resolve("聊城市莘县"), .found(RegionCode(371522)))
        XCTAssertEqual(selfParent.resolve("聊城市聊城市"), .unknown)
        XCTAssertEqual(ProvinceRequest.city(of: [RegionCode(371522)], in: selfParent), RegionCode(371500))

        let circle = RegionTable(regions: [
            region(370000, "山东省", .province, 371522),
            region(371500, "聊城市", .prefecture, 370000),
            region(371522, "莘县", .county, 371500),
        ])
        XCTAssertEqual(circle.ancestors(of: RegionCode(371522)).map(\.value), [371500, 370000])
        XCTAssertEqual(circle.resolve("山东省聊城市莘县"), .found(RegionCode(371522)))
        XCTAssertEqual(circle.resolve("莘县山东省"), .found(RegionCode(370000)))
        XCTAssertEqual(circle.resolve("北京市莘县"), .unknown)
        // Seen from two places on a circle, the outermost ancestors differ: no common city, and no endless walk.
        XCTAssertNil(ProvinceRequest.city(of: [RegionCode(371522), RegionCode(371500)], in: circle))
    }

    /// Ancestors with one name, many deep: a text that almost spells them is tried once per place, not once per way.
    func test_resolve_deepChainOfOneName_endsQuickly() {
        var regions = [region(100000, "甲", .province, nil)]
        for i in 1...200 { regions.append(region(100000 + Int32(i), "甲", .county, 100000 + Int32(i - 1))) }
        regions.append(region(200000, "乙", .county, 100200))
        let deep = RegionTable(regions: regions)
        let started = Date()
        XCTAssertEqual(deep.resolve(String(repeating: "甲", count: 20) + "丙乙"), .unknown)
        XCTAssertLessThan(Date().timeIntervalSince(started), 10)
    }

    func test_resolve_ambiguousName_listsCandidatesInCodeOrder() {
        guard case .ambiguous(let candidates) = table.resolve("市中区") else { return XCTFail("not ambiguous") }
        XCTAssertEqual(candidates.map(\.code.value), [370103, 370402])
        guard case .ambiguous = table.resolve("山东省市中区") else { return XCTFail("province prefix alone should stay ambiguous") }
    }
}

/// How regions are named to people (`RegionTable.displayName`).
final class RegionDisplayNameTests: XCTestCase {
    private let table = CoreFixture.regions

    func test_displayName_countyWithItsPrefectureInEachStyle() {
        XCTAssertEqual(table.displayName(RegionCode(371522), style: .joined), "聊城市莘县")
        XCTAssertEqual(table.displayName(RegionCode(371522), style: .spaced), "聊城市 莘县")
        XCTAssertEqual(table.displayName(RegionCode(371522), style: .unitFirst) { $0.code.description }, "371522, 371500")
    }

    func test_displayName_prefectureAloneAndUnknownParentOrCodeAsTheyAre() {
        XCTAssertEqual(table.displayName(RegionCode(371500), style: .spaced), "聊城市")
        XCTAssertEqual(table.displayName(RegionCode(379999), style: .joined), "孤县")
        XCTAssertEqual(table.displayName(RegionCode(110101), style: .joined), "110101")
    }
}
