/// What one input file gave, for the manifest and `allot validate` (SPEC 9).
public struct InputFileSummary: Hashable, Sendable {
    public enum Role: String, Sendable { case policy, reference, registry, feed, overrides, receipts }

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
    /// A feed's newest stated time: the latest `updated_at` or `updated` of its
    /// records and its XML `generated`; `nil` when it states none.
    public var statedTime: Instant?
    /// The file's modification time when it was opened.
    public var modifiedTime: Instant?

    public init(path: String, role: Role, sha256: String, encoding: String? = nil) {
        self.path = path
        self.role = role
        self.sha256 = sha256
        self.encoding = encoding
    }
}

// MARK: - The plan folder's copy of the inputs

extension InputFileSummary {
    /// The folder of a plan folder that holds the copy of the inputs it was made from.
    public static let copyFolder = "inputs"

    /// Where the plan folder keeps its copy of this file, relative to ``copyFolder``,
    /// mirroring the inputs folder: its own path, and `allot.toml` for the policy
    /// (a `--config` file included, so the copy reads as the run read); `nil` for
    /// a file that was not read (refused, unreadable, past `input_bytes`: no digest).
    public var copyPath: String? {
        sha256.isEmpty ? nil : Self.copyPath(of: path, role: role)
    }

    /// Where the plan folder keeps its copy of the file read at `path` as `role`, relative to ``copyFolder``.
    public static func copyPath(of path: String, role: Role) -> String {
        role == .policy ? "allot.toml" : path
    }
}

// MARK: - Counting

extension InputFileSummary {
    /// The summary of a side file read whole (registry, overrides, receipts): `records` read, `rejected` of
    /// them, the rest accepted, and its encoding.
    public func read(records: Int, rejected: Int, encoding: String?) -> InputFileSummary {
        var s = self
        s.encoding = encoding
        s.records = records
        s.rejected = rejected
        s.accepted = records - rejected
        return s
    }
}

// MARK: - Overrides that could not hold

extension Array where Element == InputFileSummary {
    /// The files with `overrides.csv` counting the overrides the planner could
    /// not apply (SPEC 7) as rejected instead of accepted, each line once: ingest
    /// accepts every override it can read, and only the plan knows which hold.
    public func counting(overrideRejects: [Reject]) -> [InputFileSummary] {
        guard !overrideRejects.isEmpty, let i = firstIndex(where: { $0.role == .overrides }) else { return self }
        let failed = Set(overrideRejects.map(\.line)).count
        var files = self
        files[i].rejected += failed
        files[i].accepted -= failed
        return files
    }
}
