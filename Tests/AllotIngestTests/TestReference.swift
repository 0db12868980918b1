import AllotCore
@testable import AllotIngest

/// Small reference data for ingest tests: a few Shandong regions, the
/// built-in catalog, valid credit codes.
enum TestReference {
    static func region(_ code: Int32, _ name: String, _ level: Region.Level, _ parent: Int32?,
                       _ lat: Double = 36.5, _ lon: Double = 116.0) -> Region {
        Region(code: RegionCode(code), name: name, level: level, parentCode: parent.map(RegionCode.init),
               latitude: lat, longitude: lon)
    }

    static let regions = RegionTable(regions: [
        region(370000, "山东省", .province, nil, 36.6756, 116.9951),
        region(370100, "济南市", .prefecture, 370000, 36.6756, 116.9951),
        region(370103, "市中区", .county, 370100),
        region(370400, "枣庄市", .prefecture, 370000),
        region(370402, "市中区", .county, 370400),
        region(371500, "聊城市", .prefecture, 370000, 36.4560, 115.9747),
        region(371502, "东昌府区", .county, 371500, 36.4560, 115.9744),
        region(371503, "茌平区", .county, 371500, 36.5917, 116.2477),
        region(371522, "莘县", .county, 371500, 36.2377, 115.6616),
    ])

    /// A valid credit code whose first 17 characters are `91371500` + a 9-digit serial.
    static func creditCode(_ serial: Int) -> String {
        let digits = String(serial)
        let prefix = "91371500" + String(repeating: "0", count: 9 - digits.count) + digits
        return prefix + String(CreditCode.checkCharacter(forPrefix: prefix)!)
    }

    static func data(registry: [Enterprise] = [], policy: Policy = Policy()) -> ReferenceData {
        ReferenceData(catalog: .builtIn, regions: regions,
                      registry: Dictionary(uniqueKeysWithValues: registry.map { ($0.id, $0) }), policy: policy)
    }
}
