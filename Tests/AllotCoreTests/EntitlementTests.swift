import XCTest
@testable import AllotCore

/// The entitlement check at its boundary: workers × per_worker_daily × horizon_days × factor.
final class EntitlementTests: XCTestCase {
    private let catalog = MaterialCatalog(materials: MaterialCatalog.builtInMaterials, normalize: { $0.lowercased() })
    private let registered = try! CreditCode.parse("91371500706079729C").get()
    private let unregistered = try! CreditCode.parse("91371523779066507N").get()

    private func request(_ id: String, _ material: String, _ quantity: Int64, workers: Int64? = nil,
                         enterprise: CreditCode? = nil) -> Request {
        Request(key: RecordKey(source: "county", kind: .request, id: id), enterpriseID: enterprise ?? registered,
                enterpriseName: "企业", region: RegionCode(371503), material: MaterialCode(material),
                quantity: Quantity(quantity), workers: workers, category: .keyEnterprise)
    }

    private func flagged(_ requests: [Request], factor: String = "1.5") -> [String] {
        Entitlement.flags(requests, registryWorkers: { $0 == self.registered ? 100 : nil }, catalog: catalog,
                          horizonDays: 3, factor: ExactDecimal(factor)!).map(\.request.id)
    }

    func test_flags_atTheBoundary_withRequestAndRegistryWorkers() {
        // Masks: 2 a worker a day. Request workers 100: norm 600, × 1.5 = 900.
        XCTAssertEqual(flagged([request("at", "MASK-MEDICAL", 900, workers: 100),
                                request("above", "MASK-MEDICAL", 901, workers: 100)]), ["above"])
        // No workers on the request: the registry's 100, the same norm.
        let byRegistry = Entitlement.flags([request("r", "MASK-MEDICAL", 901)], registryWorkers: { _ in 100 },
                                           catalog: catalog, horizonDays: 3, factor: ExactDecimal("1.5")!)
        XCTAssertEqual(byRegistry.map(\.norm), [600])
        XCTAssertEqual(byRegistry.map(\.workersFromRegistry), [true])
        XCTAssertEqual(flagged([request("r900", "MASK-MEDICAL", 900)]), [])
        // The request's workers win over the registry's: 10 workers, norm 60, limit 90.
        XCTAssertEqual(flagged([request("own", "MASK-MEDICAL", 91, workers: 10)]), ["own"])
        // No workers anywhere: nothing to check against.
        XCTAssertEqual(flagged([request("none", "MASK-MEDICAL", 1_000_000, enterprise: unregistered)]), [])
        // A factor of 1: exactly the norm is not above it.
        XCTAssertEqual(flagged([request("one", "MASK-MEDICAL", 600, workers: 100),
                                request("two", "MASK-MEDICAL", 601, workers: 100)], factor: "1"), ["two"])
    }

    /// A material no one uses per worker (per_worker_daily = 0: meltblown) has no norm and is never flagged.
    func test_flags_neverForAMaterialWithoutPerWorkerUse() {
        XCTAssertEqual(flagged([request("mb", "MELTBLOWN", 1_000_000, workers: 1)]), [])
    }
}
