import AllotCore

/// What records are checked against: the catalog, the region table, the
/// enterprise registry and the policy (for the worker horizon).
public struct ReferenceData: Sendable {
    public var catalog: MaterialCatalog
    public var regions: RegionTable
    public var registry: [CreditCode: Enterprise]
    public var policy: Policy
    /// A feed provider's check without the bureau's registry (`allot validate FILE…`):
    /// a request's blank enterprise name, region or category is the registry's
    /// to fill, so the record is `registry_fills` (a warning) once its other
    /// fields are good, not `missing_field`.
    public var registryFillsLater = false

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
