import AllotCore
import Foundation

/// SPEC 5's reach, written out again for the bench: road distance in tenths
/// of a km, transit days and the distance limit, between the regions of the
/// night's table. The checks use this, not AllotCore's `RoadDistance` or the
/// planner's caches, so a planner change that gets a distance wrong shows.
///
/// Distances are kept per origin region, each row computed on first use.
final class Geography {
    let regions: [Region]
    let policy: Policy
    private let indexByCode: [RegionCode: Int]
    private var rows: [[Int32]?]

    /// SPEC 5's sphere, in km.
    static let earthRadiusKm = 6371.0088

    init(table: RegionTable, policy: Policy) {
        regions = table.regions
        self.policy = policy
        indexByCode = Dictionary(uniqueKeysWithValues: regions.enumerated().map { ($1.code, $0) })
        rows = Array(repeating: nil, count: regions.count)
    }

    var count: Int { regions.count }

    func index(of code: RegionCode) -> Int {
        guard let i = indexByCode[code] else { preconditionFailure("region \(code) is not in the table") }
        return i
    }

    /// road_km × 10 between two regions (by index): 0 within one region, else
    /// haversine × road_factor, rounded to 0.1 km half away from zero.
    func decikm(_ a: Int, _ b: Int) -> Int64 {
        if rows[a] == nil { rows[a] = computeRow(a) }
        return Int64(rows[a]![b])
    }

    /// Every distance from `a`, by region index.
    func row(_ a: Int) -> [Int32] {
        if rows[a] == nil { rows[a] = computeRow(a) }
        return rows[a]!
    }

    private func computeRow(_ a: Int) -> [Int32] {
        let from = regions[a]
        let radians = Double.pi / 180
        let lat1 = from.latitude * radians, cosLat1 = cos(lat1)
        return regions.indices.map { b in
            if b == a { return 0 }
            let to = regions[b]
            let lat2 = to.latitude * radians
            let dLat = lat2 - lat1, dLon = (to.longitude - from.longitude) * radians
            let s = sin(dLat / 2), t = sin(dLon / 2)
            let h = s * s + cosLat1 * cos(lat2) * t * t
            let km = 2 * Self.earthRadiusKm * asin(min(1, h.squareRoot())) * policy.roadFactor
            return Int32((km * 10).rounded(.toNearestOrAwayFromZero))
        }
    }

    /// road_km ≤ max_distance_km (0 = no limit).
    func withinLimit(_ decikm: Int64) -> Bool {
        policy.maxDistanceKm <= 0 || Double(decikm) <= policy.maxDistanceKm * 10
    }

    /// ceil(road_km / speed_km_per_day).
    func transitDays(_ decikm: Int64) -> Int {
        decikm == 0 ? 0 : Int((Double(decikm) / 10 / policy.speedKmPerDay).rounded(.up))
    }
}
