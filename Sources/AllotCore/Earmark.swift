/// The recipients an earmarked offer (定向) may serve (SPEC 12): one
/// enterprise, some categories, some regions, any of the three. A request
/// qualifies when it meets every earmark the offer carries; this type is the
/// one home of that rule, for the planner, pins, `unmet.csv`'s reasons and
/// `allot explain`.
public struct Earmark: Hashable, Sendable, CustomStringConvertible {
    /// `for_enterprise`: only this enterprise's requests.
    public var enterprise: CreditCode?
    /// `for_categories`: only requests of these categories (ascending, each once); empty for no such earmark.
    public var categories: [Category]
    /// `for_regions`: only requests in these regions or inside them (ascending, each once); empty for none.
    public var regions: [RegionCode]

    public init(enterprise: CreditCode? = nil, categories: [Category] = [], regions: [RegionCode] = []) {
        self.enterprise = enterprise
        self.categories = Array(Set(categories)).sorted { $0.rank < $1.rank }
        self.regions = Array(Set(regions)).sorted()
    }

    /// No earmark at all: an offer open to anyone.
    public var isEmpty: Bool { enterprise == nil && categories.isEmpty && regions.isEmpty }

    /// Whether `request` qualifies under every earmark: its enterprise is the one named, its category one of
    /// those named, its region one of those named or inside one (following `parent_code` in `table`).
    /// - Complexity: O(categories + regions × depth of the request's region).
    public func admits(_ request: Request, in table: RegionTable) -> Bool {
        failedEarmark(request, in: table) == nil
    }

    /// The first earmark `request` does not meet (enterprise, then categories, then regions), `nil` when it qualifies.
    public func failedEarmark(_ request: Request, in table: RegionTable) -> Kind? {
        if let enterprise, request.enterpriseID != enterprise { return .enterprise }
        if !categories.isEmpty && !categories.contains(request.category) { return .categories }
        if !regions.isEmpty && !lies(request.region, inside: table) { return .regions }
        return nil
    }

    /// Whether a request in `region` can meet the earmark for regions: it names none, or the region is one of
    /// those named or lies inside one. The other earmarks are not looked at.
    public func admits(region: RegionCode, in table: RegionTable) -> Bool {
        regions.isEmpty || lies(region, inside: table)
    }

    private func lies(_ region: RegionCode, inside table: RegionTable) -> Bool {
        regions.contains(region) || table.ancestors(of: region).contains { regions.contains($0) }
    }

    /// The three earmarks, by their CSV column.
    public enum Kind: String, CaseIterable, Sendable {
        case enterprise = "for_enterprise"
        case categories = "for_categories"
        case regions = "for_regions"
    }

    /// `for_enterprise=…; for_categories=medical|epidemic_producer; for_regions=371500`: codes, as the plan files write them.
    public var description: String {
        var parts = [String]()
        if let enterprise { parts.append("\(Kind.enterprise.rawValue)=\(enterprise)") }
        if !categories.isEmpty { parts.append("\(Kind.categories.rawValue)=" + categories.map(\.rawValue).joined(separator: "|")) }
        if !regions.isEmpty { parts.append("\(Kind.regions.rawValue)=" + regions.map(\.description).joined(separator: "|")) }
        return parts.joined(separator: "; ")
    }

    /// What separates the entries of a list (SPEC 12): `|`, `、`, `;` or `；`.
    public static let listSeparators: Set<Character> = ["|", "、", ";", "；"]
}

/// What an offer's giver attached to it beyond SPEC 4.1's columns: its
/// earmarks (SPEC 12) and, for a conversion offer, its input (SPEC 14).
/// Most offers carry none, so an offer holds a reference to these, `nil`
/// for none, and stays as small as it was.
public final class OfferTerms: Hashable, Sendable {
    public let earmark: Earmark?
    public let conversion: ConversionInput?

    public init(earmark: Earmark? = nil, conversion: ConversionInput? = nil) {
        self.earmark = earmark
        self.conversion = conversion
    }

    public static func == (a: OfferTerms, b: OfferTerms) -> Bool {
        a === b || (a.earmark == b.earmark && a.conversion == b.conversion)
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(earmark)
        hasher.combine(conversion)
    }
}

extension Category {
    /// The category's place in SPEC 4.2's order, for listing categories the same way every time.
    public var rank: Int { Category.allCases.firstIndex(of: self)! }
}
