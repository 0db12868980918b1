import AllotCore

/// What records are checked against: the catalog, the region table, the
/// enterprise registry and the policy (for the worker horizon).
public struct ReferenceData: Sendable {
    public var catalog: MaterialCatalog
    public var regions: RegionTable
    public var registry: [CreditCode: Enterprise]
    public var policy: Policy

    public init(catalog: MaterialCatalog, regions: RegionTable, registry: [CreditCode: Enterprise] = [:],
                policy: Policy = Policy()) {
        self.catalog = catalog
        self.regions = regions
        self.registry = registry
        self.policy = policy
    }
}

extension MaterialCatalog {
    /// The built-in catalog of SPEC 3.
    public static var builtIn: MaterialCatalog {
        MaterialCatalog(materials: builtInMaterials, normalize: TextNormalization.lookupKey)
    }
}
