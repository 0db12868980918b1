/// `[substitutes]` of the policy (SPEC 13): for a requested material, the
/// materials that may serve it, best first. The one home of substitution's
/// rules: which lot may serve which request and at what rank, which
/// materials are planned together, and what makes a list unusable.
public struct Substitutes: Hashable, Sendable {
    /// One `KEY = [...]` line of the policy.
    public struct Entry: Hashable, Sendable {
        public var requested: MaterialCode
        /// Best first.
        public var substitutes: [MaterialCode]
        /// The line of the policy file, for its error.
        public var line: Int

        public init(requested: MaterialCode, substitutes: [MaterialCode], line: Int = 0) {
            self.requested = requested
            self.substitutes = substitutes
            self.line = line
        }
    }

    /// In policy file order.
    public private(set) var entries: [Entry] = []
    private var listOf: [MaterialCode: [MaterialCode]] = [:]

    public init(_ entries: [Entry] = []) {
        for entry in entries { add(entry) }
    }

    public mutating func add(_ entry: Entry) {
        entries.append(entry)
        listOf[entry.requested] = entry.substitutes
    }

    /// No material serves another (the default).
    public var isEmpty: Bool { listOf.values.allSatisfy(\.isEmpty) }

    /// The materials that may serve a request of `requested`, best first (without `requested` itself).
    public func list(for requested: MaterialCode) -> [MaterialCode] { listOf[requested] ?? [] }

    /// The rank of a lot of `lot` serving a request of `requested`: 0 for the requested material, i for
    /// the i-th substitute of its list, `nil` when the lot may not serve it (the relation is not transitive).
    @inlinable
    public func rank(of lot: MaterialCode, serving requested: MaterialCode) -> Int? {
        if lot == requested { return 0 }
        return list(for: requested).firstIndex(of: lot).map { $0 + 1 }
    }

    /// The first entry that cannot be used with `catalog`, and why (SPEC 13: every code in the catalog,
    /// no list naming its own key or a code twice, every substitute in the key's canonical unit).
    public func problem(in catalog: MaterialCatalog) -> (entry: Entry, message: String)? {
        for entry in entries {
            guard let key = catalog[entry.requested] else {
                return (entry, "\(entry.requested) is not a material of the catalog")
            }
            var seen = Set<MaterialCode>()
            for code in entry.substitutes {
                guard let material = catalog[code] else {
                    return (entry, "\(code) is not a material of the catalog")
                }
                guard code != entry.requested else {
                    return (entry, "the list of \(entry.requested) names \(code) itself: a material always serves its own requests")
                }
                guard seen.insert(code).inserted else {
                    return (entry, "the list of \(entry.requested) names \(code) twice")
                }
                guard material.canonicalUnit == key.canonicalUnit else {
                    return (entry, "\(code) is counted in \(material.canonicalUnit.rawValue) and \(entry.requested) in \(key.canonicalUnit.rawValue): a substitute must have the requested material's unit")
                }
            }
        }
        return nil
    }

    /// Groups of materials linked by any list, in either direction (SPEC 13): each group in code order,
    /// groups in the order of their first code. A material no list names is a group of its own.
    /// - Complexity: O(m log m + links) for m materials.
    public func groups(of materials: [MaterialCode]) -> [[MaterialCode]] {
        var parent = [MaterialCode: MaterialCode]()
        func root(_ m: MaterialCode) -> MaterialCode {
            var r = m
            while let p = parent[r], p != r { r = p }
            return r
        }
        let all = Set(materials).union(listOf.keys).union(listOf.values.joined())
        for m in all { parent[m] = m }
        for (requested, list) in listOf {
            for s in list {
                let a = root(requested), b = root(s)
                if a != b { parent[max(a, b)] = min(a, b) }
            }
        }
        let wanted = Set(materials)
        var byRoot = [MaterialCode: [MaterialCode]]()
        for m in all where wanted.contains(m) { byRoot[root(m), default: []].append(m) }
        return byRoot.values.map { $0.sorted() }.sorted { $0[0] < $1[0] }
    }
}
