/// A request asking more than its returning workers would use (the bureaus checked needs against returning
/// workers): flagged for a coordinator to check, never cut. The rule's one home.
public struct EntitlementFlag: Hashable, Sendable {
    public var request: RecordKey
    public var enterpriseID: CreditCode
    public var enterpriseName: String
    public var region: RegionCode
    public var material: MaterialCode
    public var requested: Int64
    /// The returning workers the check used, and whether they are the registry's (the request gave none).
    public var workers: Int64
    public var workersFromRegistry: Bool
    /// workers × per_worker_daily × horizon_days, rounded as a quantity (SPEC 4.2's need).
    public var norm: Int64

    public init(request: RecordKey, enterpriseID: CreditCode, enterpriseName: String, region: RegionCode,
                material: MaterialCode, requested: Int64, workers: Int64, workersFromRegistry: Bool, norm: Int64) {
        self.request = request
        self.enterpriseID = enterpriseID
        self.enterpriseName = enterpriseName
        self.region = region
        self.material = material
        self.requested = requested
        self.workers = workers
        self.workersFromRegistry = workersFromRegistry
        self.norm = norm
    }
}

public enum Entitlement {
    /// The requests whose quantity exceeds `workers × per_worker_daily × horizon_days × factor`, workers being
    /// the request's, else the registry's, in the order given. Compared exactly: the norm is the need SPEC 4.2
    /// computes from workers (rounded as a quantity), and `factor` a decimal. A request with no workers
    /// anywhere, or of a material with `per_worker_daily = 0` (no norm: meltblown, thermometers), is never
    /// flagged.
    /// - Complexity: O(n) in the requests.
    public static func flags(_ requests: [Request], registryWorkers: (CreditCode) -> Int64?, catalog: MaterialCatalog,
                             horizonDays: Int, factor: ExactDecimal) -> [EntitlementFlag] {
        requests.compactMap { request in
            let own = request.workers
            guard let workers = own ?? registryWorkers(request.enterpriseID),
                  let material = catalog[request.material], material.perWorkerDaily.significand > 0,
                  case .success(let norm) = Quantity.need(workers: workers, perWorkerDaily: material.perWorkerDaily,
                                                          horizonDays: horizonDays) else { return nil }
            // requested > norm × factor, with factor = significand × 10^-scale: requested × 10^scale > norm × significand.
            let scale = ExactDecimal.powerOfTen(factor.scale)
            guard Int128(request.quantity.units) * scale > Int128(norm.units) * Int128(factor.significand) else { return nil }
            return EntitlementFlag(request: request.key, enterpriseID: request.enterpriseID,
                                   enterpriseName: request.enterpriseName, region: request.region,
                                   material: request.material, requested: request.quantity.units, workers: workers,
                                   workersFromRegistry: own == nil, norm: norm.units)
        }
    }
}
