import AllotCore

extension PlanSnapshot {
    /// A planned request as a published plan folder shows it: from `unmet.csv` when it is short, else from
    /// the dispatch lines that serve it in full.
    public struct PlannedRequest: Hashable, Sendable {
        public var request: RecordKey
        public var enterpriseID: String
        public var enterpriseName: String
        public var region: RegionCode
        /// The requested material.
        public var material: MaterialCode
        public var tier: Int
        public var requested: Int64
        public var delivered: Int64
        /// `unmet.csv`'s reason; `nil` when served in full.
        public var reason: UnmetReason?
        /// `unmet.csv`'s age; 0 when served in full, `nil` for a plan published before `unmet.csv` had it.
        public var age: Int?
    }

    /// Every planned request of the folder: `unmet.csv`'s in its order, then in key order every other
    /// request its dispatch lines serve, in full (requested = delivered = what its lines carry). The one
    /// reading `allot diff` and the ledger take of a plan folder's requests.
    /// - Throws: `PlanSnapshotError` when one request's lines add up past 64 bits (a plan folder edited by
    ///   hand: no run publishes one), so that every sum made of them is exact.
    /// - Complexity: O(n) in the plan's lines and unmet requests, plus sorting the served requests.
    public func plannedRequests() throws -> [PlannedRequest] {
        var requests = unmet.map { u in
            PlannedRequest(request: u.request, enterpriseID: u.enterpriseID, enterpriseName: u.enterpriseName,
                           region: u.region, material: u.material, tier: u.tier, requested: u.requested,
                           delivered: u.delivered, reason: u.reason, age: u.age)
        }
        let short = Set(unmet.map(\.request))
        var lineSums = [RecordKey: Int128]()
        var served = [RecordKey: PlannedRequest]()
        for line in dispatch {
            let sum = lineSums[line.request, default: 0] + Int128(line.quantity)
            guard sum <= Int128(Int64.max) else {
                throw PlanSnapshotError(file: PlanSnapshot.path(folder, DispatchCSV.fileName), field: "quantity",
                                        message: "the lines to \(line.request) add up to \(sum) or more, past 64 bits")
            }
            lineSums[line.request] = sum
            guard !short.contains(line.request) else { continue }
            served[line.request] = PlannedRequest(
                request: line.request, enterpriseID: line.enterpriseID, enterpriseName: line.enterpriseName,
                region: line.toRegion, material: line.requestedMaterial, tier: line.tier, requested: Int64(sum),
                delivered: Int64(sum), reason: nil, age: 0)
        }
        requests += served.keys.sorted().map { served[$0]! }
        return requests
    }
}
