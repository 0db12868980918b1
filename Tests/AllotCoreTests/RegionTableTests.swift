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
