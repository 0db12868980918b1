/// Two accepted requests that may be one demand sent twice: the same
/// enterprise asking for the same material by the same day through two
/// sources (a county's feed and the provincial platform). Both are planned
/// as sent; a coordinator decides, and excludes one with `exclude` (SPEC 7).
public struct PossibleDuplicate: Hashable, Sendable {
    /// The request that came first in feed order (sorted path, then line).
    public var first: RecordKey
    /// The request from another source that asks the same.
    public var second: RecordKey
    public var enterpriseID: CreditCode
    public var material: MaterialCode
    /// The day both need it by; `nil` when neither names one (both take the horizon's last day).
    public var neededBy: CalendarDate?

    public init(first: RecordKey, second: RecordKey, enterpriseID: CreditCode, material: MaterialCode,
                neededBy: CalendarDate?) {
        self.first = first
        self.second = second
        self.enterpriseID = enterpriseID
        self.material = material
        self.neededBy = neededBy
    }

    /// The `overrides.csv` row that takes the second request out of the night.
    public var excludeLine: String { "exclude,,\(second),,,,possible duplicate of \(first)" }

    /// One line for the log, the manifest's warnings and `allot validate`.
    public var warning: String {
        "possible duplicate request: \(second) asks what \(first) asks (enterprise \(enterpriseID), "
            + "\(material), needed by \(neededBy.map { "\($0)" } ?? "the horizon's last day")); both are planned; "
            + "to drop one, add to overrides.csv: \(excludeLine)"
    }

    /// The pairs among `requests` (in feed order): each later request whose
    /// enterprise, material and `needed_by` equal the first such request's,
    /// from another source, paired with that first one. Requests of one
    /// source are its own business and are not paired.
    /// - Complexity: O(n) expected.
    public static func find(in requests: [Request]) -> [PossibleDuplicate] {
        struct Ask: Hashable {
            var enterprise: CreditCode
            var material: MaterialCode
            var neededBy: CalendarDate?
        }
        var firstOf = [Ask: Request]()
        var pairs = [PossibleDuplicate]()
        for r in requests {
            let ask = Ask(enterprise: r.enterpriseID, material: r.material, neededBy: r.neededBy)
            guard let first = firstOf[ask] else {
                firstOf[ask] = r
                continue
            }
            if first.key.source != r.key.source {
                pairs.append(PossibleDuplicate(first: first.key, second: r.key, enterpriseID: r.enterpriseID,
                                               material: r.material, neededBy: r.neededBy))
            }
        }
        return pairs
    }
}
