/// The national region table, and how a feed's region text resolves to a code (SPEC 2).
public struct RegionTable: Sendable {
    public private(set) var regions: [Region]
    private var indexByCode: [RegionCode: Int]
    private var indicesByName: [String: [Int]]
    /// The most characters a unit's name has: `resolve` looks for names only
    /// among a text's last this many characters.
    private var longestName = 0
    /// The most characters a text that names a unit can have: the unit's name
    /// after the names of all its ancestors. `resolve` refuses longer texts
    /// without reading them further.
    private var longestSpelling = 0

    /// - Complexity: O(n log n + n × depth) for n units.
    public init(regions: [Region]) {
        self.regions = regions.sorted { $0.code < $1.code }
        var byCode = [RegionCode: Int](minimumCapacity: regions.count)
        var byName = [String: [Int]]()
        for (i, r) in self.regions.enumerated() {
            byCode[r.code] = i
            byName[r.name, default: []].append(i)
        }
        self.indexByCode = byCode
        self.indicesByName = byName
        for r in self.regions {
            let name = r.name.count
            longestName = max(longestName, name)
            let spelling = ancestors(of: r.code).reduce(name) { $0 + (self[$1]?.name.count ?? 0) }
            longestSpelling = max(longestSpelling, spelling)
        }
    }

    public var count: Int { regions.count }

    public subscript(code: RegionCode) -> Region? {
        indexByCode[code].map { regions[$0] }
    }

    /// The outcome of reading a region's text.
    public enum Resolution: Equatable, Sendable {
        case found(RegionCode)
        case unknown
        /// The name matches more than one unit; the candidates in code order.
        case ambiguous([Region])
    }

    /// Resolves a six-digit code in the table, a name unique in the table
    /// (`莘县`), or ancestors' names followed by the unit's name (`聊城市莘县`,
    /// `山东省聊城市`, `山东省聊城市莘县`, `山东省莘县`).
    ///
    /// `text` must already be trimmed and NFKC-normalized.
    /// - Complexity: O(L²) at most, L being the most characters a unit's name
    ///   and its ancestors' names have together (25 in the national table): a
    ///   text longer than L names no unit and is refused after L characters,
    ///   so a value of megabytes costs no more than a short one. (Trying every
    ///   split of the text took time that grew with its length squared: 1.47 s
    ///   for 80,000 characters.)
    public func resolve(_ text: String) -> Resolution {
        if let code = RegionCode(text: text) {
            return indexByCode[code] != nil ? .found(code) : .unknown
        }
        if let past = text.index(text.startIndex, offsetBy: longestSpelling, limitedBy: text.endIndex),
           past < text.endIndex {
            return .unknown
        }
        if let exact = indicesByName[text] {
            return exact.count == 1 ? .found(regions[exact[0]].code) : .ambiguous(exact.map { regions[$0] })
        }
        // The unit's name is the text's end, after a non-empty prefix: at most `longestName` characters.
        var matches = Set<Int>()
        var split = text.endIndex
        for _ in 0..<longestName {
            guard split > text.startIndex else { break }
            split = text.index(before: split)
            guard split > text.startIndex, let units = indicesByName[String(text[split...])] else { continue }
            let prefix = text[..<split]
            for u in units where ancestorNamesSpell(prefix, for: regions[u]) { matches.insert(u) }
        }
        switch matches.count {
        case 0: return .unknown
        case 1: return .found(regions[matches.first!].code)
        default: return .ambiguous(matches.sorted().map { regions[$0] })
        }
    }

    /// The codes of a unit's ancestors, nearest first: its parent, the
    /// parent's parent, and so on. The walk ends after a code the table does
    /// not hold, and before a code it has passed already, so it ends even in
    /// a table built in code whose parents go round in a circle (a table read
    /// from a file never does: `RegionTableFile` refuses one).
    /// - Complexity: O(depth), at most O(n) for n units.
    public func ancestors(of code: RegionCode) -> [RegionCode] {
        var out = [RegionCode]()
        var passed: Set<RegionCode> = [code]
        var parent = self[code]?.parentCode
        while let p = parent, passed.insert(p).inserted {
            out.append(p)
            parent = self[p]?.parentCode
        }
        return out
    }

    /// Whether `prefix` is the names of some of `unit`'s ancestors, outermost first.
    /// - Complexity: O(length × depth²) at worst: each (rest, first ancestor) is tried once.
    private func ancestorNamesSpell(_ prefix: Substring, for unit: Region) -> Bool {
        let ancestors = ancestors(of: unit.code).reversed().compactMap { self[$0]?.name }
        // (characters left, first ancestor to try) that cannot be spelled.
        var failed = Set<[Int]>()
        func spells(_ rest: Substring, from index: Int) -> Bool {
            if rest.isEmpty { return true }
            guard !failed.contains([rest.count, index]) else { return false }
            for i in index..<ancestors.count where rest.hasPrefix(ancestors[i]) {
                if spells(rest.dropFirst(ancestors[i].count), from: i + 1) { return true }
            }
            failed.insert([rest.count, index])
            return false
        }
        return spells(prefix, from: 0)
    }
}
