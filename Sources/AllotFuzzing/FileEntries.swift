import AllotCore
import AllotIngest

/// The night's other files under hostile bytes: `allot.toml`,
/// `overrides.csv`, `receipts.csv` and the reference tables.
enum FileEntries {
    /// `allot.toml`: a `PolicyError` or a policy whose every value is one SPEC 6 allows.
    static func policy(_ bytes: [UInt8]) throws(FuzzViolation) {
        let file = FuzzScratch.open(bytes, as: "allot.toml")
        let policy: Policy
        do {
            policy = try PolicyFile.load(from: file)
        } catch is PolicyError {
            return
        } catch {
            throw FuzzViolation(.policy, "an error that is not a PolicyError: \(error)")
        }
        try require((1...366).contains(policy.horizonDays), .policy, "horizon_days \(policy.horizonDays)")
        try require(policy.roadFactor.isFinite && policy.roadFactor > 0, .policy, "road_factor \(policy.roadFactor)")
        try require(policy.speedKmPerDay.isFinite && policy.speedKmPerDay > 0, .policy,
                    "speed_km_per_day \(policy.speedKmPerDay)")
        try require(policy.maxDistanceKm.isFinite && policy.maxDistanceKm >= 0, .policy,
                    "max_distance_km \(policy.maxDistanceKm)")
        try require(policy.tiers.values.allSatisfy { (1...100).contains($0) }, .policy, "tiers \(policy.tiers)")
    }

    /// `overrides.csv` against the fuzz night: overrides and row rejects add
    /// up to the rows; each override names records of the night and a quantity a record may hold.
    static func overrides(_ bytes: [UInt8]) throws(FuzzViolation) {
        let night = FuzzNight.shared
        let file = FuzzScratch.open(bytes, as: OverridesFile.path)
        let read = OverridesFile.read(file, reference: night.reference, offers: night.offers, requests: night.requests)
        let rowRejects = read.rejects.filter { !NightIngestRules.isFileLevel($0.code) }
        if read.recordCount == 0 {
            try require(read.overrides.isEmpty, .overrides, "\(read.overrides.count) overrides from a file that counts none")
        } else {
            try require(read.overrides.count + rowRejects.count == read.recordCount, .overrides,
                        "\(read.overrides.count) overrides + \(rowRejects.count) rejects, but the file counts \(read.recordCount)")
        }
        let offers = Set(night.offers.map(\.key)), requests = Set(night.requests.map(\.key))
        for o in read.overrides {
            if let key = o.offer { try require(offers.contains(key), .overrides, "line \(o.line) names offer \(key), not in the night") }
            if let key = o.request {
                try require(requests.contains(key), .overrides, "line \(o.line) names request \(key), not in the night")
            }
            if let q = o.quantity {
                try require(q > .zero && q <= Quantity.maximum, .overrides, "line \(o.line): quantity \(q) outside 1...\(Quantity.maximum)")
            }
        }
    }

    /// `receipts.csv`: receipts and row rejects add up to the rows; each receipt names a line and
    /// received between 0 and what a record may hold, and `Receipt.latest` keeps one per line.
    static func receipts(_ bytes: [UInt8]) throws(FuzzViolation) {
        let read = ReceiptsFile.read(FuzzScratch.open(bytes, as: ReceiptsFile.path), limits: InputLimits())
        let rowRejects = read.rejects.filter { !NightIngestRules.isFileLevel($0.code) }
        if read.recordCount == 0 {   // a header refused (past line_bytes, a column missing) counts no row
            try require(read.receipts.isEmpty, .receipts, "\(read.receipts.count) receipts from a file that counts none")
        } else {
            try require(read.receipts.count + rowRejects.count == read.recordCount, .receipts,
                        "\(read.receipts.count) receipts + \(rowRejects.count) rejects, but the file counts \(read.recordCount)")
        }
        for r in read.receipts {
            try require(!r.lineID.isEmpty, .receipts, "line \(r.line): a receipt without a line id")
            try require((0...Quantity.maximum.units).contains(r.received), .receipts,
                        "line \(r.line): received \(r.received) outside 0...\(Quantity.maximum)")
        }
        let (standing, superseded) = Receipt.latest(read.receipts)
        try require(Set(standing.map(\.lineKey)).count == standing.count && standing.count + superseded == read.receipts.count,
                    .receipts, "\(standing.count) standing + \(superseded) superseded of \(read.receipts.count)")
    }

    /// The same bytes as each reference table: the region and material
    /// tables are read or refused with a `ReferenceTableError`; a region
    /// table read resolves every unit by its code and every walk up its
    /// parents ends; the registry counts at least the enterprises it gives.
    static func referenceTables(_ bytes: [UInt8]) throws(FuzzViolation) {
        do {
            let regions = try RegionTableFile.read(FuzzScratch.open(bytes, as: RegionTableFile.path))
            for region in regions.regions {
                try require(regions.resolve(region.code.description) == .found(region.code), .referenceTables,
                            "region \(region.code) does not resolve by its code")
                try require(regions.ancestors(of: region.code).count < regions.count, .referenceTables,
                            "region \(region.code)'s parents go round")
            }
        } catch let violation as FuzzViolation {
            throw violation
        } catch is ReferenceTableError {
        } catch {
            throw FuzzViolation(.referenceTables, "regions: an error that is not a ReferenceTableError: \(error)")
        }
        do {
            let catalog = try MaterialCatalogFile.read(FuzzScratch.open(bytes, as: MaterialCatalogFile.path))
            for material in catalog.materials {
                try require(catalog[material.code] != nil, .referenceTables, "material \(material.code) not found by its code")
            }
        } catch let violation as FuzzViolation {
            throw violation
        } catch is ReferenceTableError {
        } catch {
            throw FuzzViolation(.referenceTables, "materials: an error that is not a ReferenceTableError: \(error)")
        }
        let registry = EnterpriseRegistryFile.read(FuzzScratch.open(bytes, as: EnterpriseRegistryFile.path),
                                                   reference: FuzzNight.shared.reference)
        try require(registry.registry.count <= registry.recordCount, .referenceTables,
                    "the registry gives \(registry.registry.count) enterprises from \(registry.recordCount) rows")
    }
}
