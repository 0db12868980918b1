/// What one input file gave, for the manifest and `allot validate` (SPEC 9).
public struct InputFileSummary: Hashable, Sendable {
    public enum Role: String, Sendable { case policy, reference, registry, feed, overrides }

    /// Relative to the inputs folder.
    public var path: String
    public var role: Role
    public var sha256: String
    /// `UTF-8` or `GB18030`; `nil` for files that are not text tables.
    public var encoding: String?
    public var records = 0
    public var accepted = 0
    public var rejected = 0
    public var superseded = 0

    public init(path: String, role: Role, sha256: String, encoding: String? = nil) {
        self.path = path
        self.role = role
        self.sha256 = sha256
        self.encoding = encoding
    }
}
