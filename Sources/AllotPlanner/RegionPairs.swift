import AllotCore

/// Road distances between the regions a night uses, within the distance limit
/// only (SPEC 5), computed once per night and shared by every material.
///
/// Regions are sorted by latitude, so each origin scans only the band of
/// latitudes the limit allows instead of every other region.
final class RegionPairs {
    struct Neighbour {
        var region: RegionCode
        var decikm: Int64
    }

    private let policy: Policy
    private let regions: RegionTable
    private var cache: [RegionCode: [Neighbour]] = [:]
    private let destinations: [Region]   // sorted by latitude

    /// Latitude degrees per km along a meridian on SPEC 5's sphere.
    private static let degreesPerKm = 180 / (Double.pi * RoadDistance.earthRadiusKm)

    init(policy: Policy, regions: RegionTable, destinations: Set<RegionCode>) {
        self.policy = policy
        self.regions = regions
        self.destinations = destinations.compactMap { regions[$0] }.sorted {
            ($0.latitude, $0.code.value) < ($1.latitude, $1.code.value)
        }
    }

    /// Destinations within the limit of `origin`, with their distance, in region-code order.
    func neighbours(of origin: RegionCode) -> [Neighbour] {
        if let hit = cache[origin] { return hit }
        guard let a = regions[origin] else { return [] }
        var found = [Neighbour]()
        let limited = policy.maxDistanceKm > 0
        // The great-circle distance is at least the latitude difference; allow a margin for rounding.
        let band = limited ? policy.maxDistanceKm / policy.roadFactor * Self.degreesPerKm + 0.01 : 180
        var low = 0, high = destinations.count
        while low < high {
            let mid = (low + high) / 2
            if destinations[mid].latitude < a.latitude - band { low = mid + 1 } else { high = mid }
        }
        var i = low
        while i < destinations.count && destinations[i].latitude <= a.latitude + band {
            let b = destinations[i]
            let d = RoadDistance.decikm(from: a, to: b, roadFactor: policy.roadFactor)
            if !limited || Double(d) / 10 <= policy.maxDistanceKm { found.append(Neighbour(region: b.code, decikm: d)) }
            i += 1
        }
        found.sort { $0.region < $1.region }
        cache[origin] = found
        return found
    }
}
