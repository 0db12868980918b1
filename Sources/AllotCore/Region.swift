/// A six-digit GB/T 2260 administrative division code (行政区划代码), e.g. 371522 for 莘县.
public struct RegionCode: Hashable, Comparable, Sendable {
    public var value: Int32

    public init(_ value: Int32) { self.value = value }

    /// Parses exactly six ASCII digits.
    public init?(text: String) {
        let bytes = text.utf8
        guard bytes.count == 6 else { return nil }
        var v: Int32 = 0
        for b in bytes {
            guard b >= 48 && b <= 57 else { return nil }
            v = v * 10 + Int32(b - 48)
        }
        self.value = v
    }

    public static func < (lhs: RegionCode, rhs: RegionCode) -> Bool { lhs.value < rhs.value }
}

extension RegionCode: CustomStringConvertible {
    public var description: String {
        let s = String(value)
        return String(repeating: "0", count: max(0, 6 - s.count)) + s
    }
}

/// One administrative unit of the region table.
public struct Region: Hashable, Sendable {
    public enum Level: String, Sendable, CaseIterable {
        case province, prefecture, county
    }

    public var code: RegionCode
    public var name: String
    public var level: Level
    public var parentCode: RegionCode?
    /// WGS-84 degrees of the unit's seat (SPEC 5 measures road_km between these points).
    public var latitude: Double
    public var longitude: Double

    public init(code: RegionCode, name: String, level: Level, parentCode: RegionCode?,
                latitude: Double, longitude: Double) {
        self.code = code
        self.name = name
        self.level = level
        self.parentCode = parentCode
        self.latitude = latitude
        self.longitude = longitude
    }
}
