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

    public init(language: OutputLanguage = .zh) {
        self.language = language
    }
}
