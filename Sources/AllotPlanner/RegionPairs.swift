import AllotCore

/// Road distances between the regions a night uses, within the distance limit
/// only (SPEC 5), computed once per night and shared by every material (and
/// read by several threads at once: it does not change after `init`).
///
/// Regions are sorted by latitude, so each origin scans only the band of
/// latitudes the limit allows instead of every other region.
struct RegionPairs: Sendable {
    struct Neighbour {
        var region: RegionCode
        var decikm: Int64
        /// The region's number among the destinations (`destination(of:)`).
        var destination: Int32
    }

    private let table: [RegionCode: [Neighbour]]
    private let destinationNumber: [RegionCode: Int32]

    /// How many destinations there are: `destination(of:)` numbers them from 0, in region-code order.
    var destinationCount: Int { destinationNumber.count }

    /// Latitude degrees per km along a meridian on SPEC 5's sphere.
    private static let degreesPerKm = 180 / (Double.pi * RoadDistance.earthRadiusKm)

    /// Pairs from each of `origins` to each of `destinations` within the limit, the origins shared out
    /// among `threads` threads.
    init(policy: Policy, regions: RegionTable, origins: Set<RegionCode>, destinations: Set<RegionCode>, threads: Int = 1) {
        let numbers = Dictionary(uniqueKeysWithValues: destinations.sorted().enumerated().map { ($1, Int32($0)) })
        let sorted = destinations.compactMap { regions[$0] }.sorted {
            ($0.latitude, $0.code.value) < ($1.latitude, $1.code.value)
        }.map { (region: $0, number: numbers[$0.code]!) }
        let from = origins.compactMap { regions[$0] }
        let parts = max(1, min(threads, from.count))
        let found = ParallelJobs.run(parts, threads: parts, largestFirst: Array(repeating: 0, count: parts)) { k in
            stride(from: k, to: from.count, by: parts).map { (from[$0].code, Self.neighbours(of: from[$0], among: sorted, policy: policy)) }
        }
        table = Dictionary(uniqueKeysWithValues: found.joined())
        destinationNumber = numbers
    }

    /// The destination's number, from 0 to `destinationCount` (`nil` for a region that is not one).
    func destination(of region: RegionCode) -> Int? { destinationNumber[region].map(Int.init) }

    /// Destinations within the limit of `origin`, with their distance, in region-code order.
    func neighbours(of origin: RegionCode) -> [Neighbour] { table[origin] ?? [] }

    private static func neighbours(of a: Region, among destinations: [(region: Region, number: Int32)],
                                   policy: Policy) -> [Neighbour] {
        var found = [Neighbour]()
        let limited = policy.maxDistanceKm > 0
        // The great-circle distance is at least the latitude difference; allow a margin for rounding.
        let band = limited ? policy.maxDistanceKm / policy.roadFactor * Self.degreesPerKm + 0.01 : 180
        var low = 0, high = destinations.count
        while low < high {
            let mid = (low + high) / 2
            if destinations[mid].region.latitude < a.latitude - band { low = mid + 1 } else { high = mid }
        }
        var i = low
        while i < destinations.count && destinations[i].region.latitude <= a.latitude + band {
            let (b, number) = destinations[i]
            let d = RoadDistance.decikm(from: a, to: b, roadFactor: policy.roadFactor)
            if policy.allowsDistance(decikm: d) {
                found.append(Neighbour(region: b.code, decikm: d, destination: number))
            }
            i += 1
        }
        found.sort { $0.region < $1.region }
        return found
    }
}
