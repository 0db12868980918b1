import AllotCore

/// Small hand-made values the core tests share.
enum CoreFixture {
    /// Shandong, Liaocheng and two of its counties; and a county whose parent the table does not hold.
    static let regions = RegionTable(regions: [
        Region(code: RegionCode(370000), name: "山东省", level: .province, parentCode: nil, latitude: 36.7, longitude: 117.0),
        Region(code: RegionCode(371500), name: "聊城市", level: .prefecture, parentCode: RegionCode(370000),
               latitude: 36.5, longitude: 116.0),
        Region(code: RegionCode(371502), name: "东昌府区", level: .county, parentCode: RegionCode(371500),
               latitude: 36.5, longitude: 116.0),
        Region(code: RegionCode(371522), name: "莘县", level: .county, parentCode: RegionCode(371500),
               latitude: 36.2, longitude: 115.7),
        Region(code: RegionCode(379999), name: "孤县", level: .county, parentCode: RegionCode(378800),
               latitude: 36.2, longitude: 115.7),
    ])
}
