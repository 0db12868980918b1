import AllotCore

/// The language of what people read in the plan folder: column headers,
/// material names and labels of `report.html` and the exports. Machine
/// files (`dispatch.csv`, `unmet.csv`, `rejects.csv`, `manifest.json`,
/// `dispatch.xml`) keep SPEC 9's English names and codes whatever it is.
public enum OutputLanguage: String, Hashable, Sendable, CaseIterable {
    /// Chinese, the default: the bureau's own language.
    case zh
    case en
}

/// How the plan folder's human-facing files are rendered.
public struct PlanFileOptions: Hashable, Sendable {
    public var language: OutputLanguage
    /// The tiers whose shortfall `province-request.xml` asks of the province
    /// (SPEC 9: 1 and 2; `allot run --request-tiers`), ascending, each once.
    public var requestTiers: [Int]
    /// `province-request.xml`'s `generated`: `nil` for midnight of the plan
    /// date in Asia/Shanghai, so the same inputs give the same bytes
    /// (`allot run --now` sets it).
    public var generated: Instant?
    /// The plan `report.html` compares this night with (its "changes" section).
    public var previousPlan: PreviousPlan
    /// When the plan was made, which `report.html` states in Asia/Shanghai time;
    /// `nil` leaves the line out.
    public var madeAt: Instant?
    /// The version of the same plan date this one replaces (a re-run), whose
    /// lines `report.html` compares with line by line; `.none` for a first publication.
    public var replacedPlan: PreviousPlan
    /// When the replaced version was published, when known.
    public var replacedPublished: Instant?

    public init(language: OutputLanguage = .zh, requestTiers: [Int] = ProvinceRequest.defaultRequestTiers,
                generated: Instant? = nil, previousPlan: PreviousPlan = .none, madeAt: Instant? = nil,
                replacedPlan: PreviousPlan = .none, replacedPublished: Instant? = nil) {
        self.language = language
        self.requestTiers = Array(Set(requestTiers)).sorted()
        self.generated = generated
        self.previousPlan = previousPlan
        self.madeAt = madeAt
        self.replacedPlan = replacedPlan
        self.replacedPublished = replacedPublished
    }
}

/// An earlier plan as the report sees it: the newest published before this
/// night's date, or the version of the same date a re-run replaces.
public enum PreviousPlan: Hashable, Sendable {
    /// No plan folder dated before this one: the report leaves the changes out.
    case none
    case plan(PlanDiff.Side)
    /// There is one, but it could not be read: the report says so and leaves the changes out.
    case unreadable(date: String, reason: String)
}
