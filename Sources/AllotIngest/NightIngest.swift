import AllotCore
import Foundation

/// The night's inputs read, checked and resolved: what the planner plans.
public struct IngestedNight: Sendable {
    public var policy: Policy
    public var reference: ReferenceData
    /// Accepted, active records, in feed order.
    public var offers: [Offer] = []
    public var requests: [Request] = []
    /// Keys taken out of the night by a winning withdrawal.
    public var withdrawn: [RecordKey] = []
    /// The keys of the requests planned again from earlier nights (`carry_over`, SPEC 15), in key order;
    /// they are also in `requests`, and under no input file. `nil` when the night carries nothing over.
    public var carriedOver: [RecordKey]?
    /// Requests of two sources that ask the same (`PossibleDuplicate.find`), each also a warning.
    public var possibleDuplicates: [PossibleDuplicate] = []
    public var overrides: [Override] = []
    /// Why `overrides.csv` was not used, when it is there and cannot be read and the night was
    /// allowed to go on without it (`allowBadOverrides`); `nil` otherwise.
    public var overridesNotUsed: String?
    /// The rows of `receipts.csv` that could be read, in file order: not yet checked against the ledger,
    /// nor superseded (`Receipt.latest`); empty without the file.
    public var receipts: [Receipt] = []
    /// Every rejected record, file and override, in input order.
    public var rejects: [Reject] = []
    public var files: [InputFileSummary] = []
    public var warnings: [String] = []
    /// Every warning occurrence (a message may stand for several).
    public var warningCount = 0
    /// Requests good but for blanks the bureau's registry fills (`RejectCode.registryFills`), when
    /// named feeds are read without it (`NightIngest.readFeeds`): warnings, not rejects, and counted accepted.
    public var registryFills: [Reject] = []

    /// Total records across files, and how they ended.
    public var totals: (records: Int, accepted: Int, rejected: Int, superseded: Int) {
        files.reduce((0, 0, 0, 0)) { ($0.0 + $1.records, $0.1 + $1.accepted, $0.2 + $1.rejected, $0.3 + $1.superseded) }
    }
}

/// A night whose inputs cannot be used at all.
public enum IngestError: Error, CustomStringConvertible, Sendable {
    /// `allot.toml` is wrong: exit 2.
    case policy(PolicyError)
    /// No feed could be read, or a reference table is unusable: exit 3.
    case inputsUnusable(String)
    /// `overrides.csv` is there and cannot be read (not a file, a bad header, a bad encoding...),
    /// and the night was not allowed to go on without it: exit 3.
    case overridesUnusable(path: String, problem: String)

    public var description: String {
        switch self {
        case .policy(let e): return "policy error: \(e)"
        case .inputsUnusable(let m): return "inputs unusable: \(m)"
        case .overridesUnusable(let path, let problem):
            return "inputs unusable: \(path) cannot be used (\(problem)); the coordinators' decisions are never "
                + "dropped silently: fix the file, or run with --allow-bad-overrides to plan without it"
        }
    }
}

/// Takes each input file the night has read, while it is still open, as the
/// role it played, and returns the SHA-256 (hex) of the bytes it took: the
/// manifest's digest of the file. `allot run` keeps the plan's copy of its
/// inputs this way, from the descriptor the readers read.
public typealias InputKeeper = (_ file: InputFile, _ role: InputFileSummary.Role) throws -> String

/// Reads an inputs folder (SPEC 1): policy, reference tables, feeds in sorted
/// path order, update resolution (SPEC 4.5) and overrides. Every file is
/// opened by `InputFolder`, which reads only regular files inside the folder.
public enum NightIngest {
    /// - Parameter cancellation: looked at before each feed file; a stop throws `RunInterrupted`.
    /// - Parameter keep: given every file read (not those refused, unreadable or past
    ///   `input_bytes`), after its reader; what it returns is the file's digest. `nil`:
    ///   the digest is read from the file.
    /// - Parameter allowBadOverrides: an `overrides.csv` that cannot be used is its one reject,
    ///   `overridesNotUsed` says why, and the night goes on without it; otherwise it throws
    ///   `IngestError.overridesUnusable`.
    /// - Parameter carryOver: given the night as its feeds made it, the requests to plan again from
    ///   earlier nights and the warnings of items it could not carry (SPEC 15; `nil` for none): they join
    ///   `requests` before the overrides are read, so an override may name them; `carriedOver` lists them.
    public static func read(inputs: URL, configFile: URL? = nil,
                            cancellation: RunCancellation = RunCancellation(),
                            keep: InputKeeper? = nil, allowBadOverrides: Bool = false,
                            carryOver: ((IngestedNight) throws -> CarryOver.Outcome?)? = nil) throws -> IngestedNight {
        let folder = InputFolder(inputs)
        func summary(of file: InputFile, role: InputFileSummary.Role) throws -> InputFileSummary {
            InputFileSummary(path: file.path, role: role, sha256: try keep?(file, role) ?? file.sha256() ?? "")
        }
        var files = [InputFileSummary]()
        var rejects = [Reject]()

        var (policy, reference) = try readPolicyAndReference(folder: folder, configFile: configFile,
                                                             summary: summary, files: &files)
        try readRegistry(in: folder, reference: &reference, summary: summary, files: &files, rejects: &rejects)

        // Feeds.
        var night = IngestedNight(policy: policy, reference: reference)
        let feedPaths: [String], others: [String]
        do throws(InputFileError) {
            (feedPaths, others) = try feedFiles(in: folder)
        } catch {
            throw IngestError.inputsUnusable("\(error.path) \(error.explained("feeds must be a folder"))")
        }
        night.warningCount = night.warnings.count
        var results = [FeedFileResult]()
        /// Each feed's modification time when opened, for `StaleInputs`.
        var modified = [String: Instant]()
        var sequence = FeedFileSequence(limits: policy.limits, reference: reference)
        let otherSet = Set(others)
        for path in (feedPaths + others).sorted(by: { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }) {
            try cancellation.checkpoint(.ingest)
            if otherSet.contains(path) {
                results.append(FeedFileSequence.notAFeed(path, source: baseName(path)))
                continue
            }
            var read: InputFile?
            do throws(InputFileError) {
                let file = try folder.open(path)
                let outcome = sequence.read(file)
                results.append(outcome.result)
                guard outcome.read else { continue }
                if let nanoseconds = file.modified {
                    modified[path] = Instant(microsecondsSinceEpoch: nanoseconds / 1_000)
                }
                read = file
            } catch {
                var result = FeedFileResult(path: path, source: baseName(path))
                result.rejects = [error.reject(source: result.source, rule: "feeds must be files")]
                results.append(result)
            }
            if let read { sequence.digests[path] = try summary(of: read, role: .feed).sha256 }
        }
        let digests = sequence.digests
        if !feedPaths.isEmpty, results.allSatisfy({ $0.recordCount == 0 && !$0.rejects.isEmpty }) {
            let reasons = results.flatMap(\.rejects).map { "\($0.file):\($0.line): \($0.message)" }.joined(separator: "; ")
            throw IngestError.inputsUnusable("no feed file could be read: \(reasons)")
        }
        if feedPaths.isEmpty {
            throw IngestError.inputsUnusable("no feed files (*.csv, *.xml, *.xlsx) in \(inputs.appendingPathComponent("feeds").path)")
        }

        assemble(results, digests: digests, modified: modified, into: &night, files: &files, rejects: &rejects)
        // Receipts are read before carry-over, which adds back what lines confirmed short did not bring; their
        // file is listed after the overrides.
        var receiptFiles = [InputFileSummary](), receiptRejects = [Reject]()
        try readReceipts(in: folder, limits: policy.limits, summary: summary, into: &night, files: &receiptFiles,
                         rejects: &receiptRejects)
        if let carried = try carryOver?(night) {
            night.requests += carried.requests
            night.carriedOver = carried.requests.map(\.key)
            night.warnings += carried.notCarried
            night.warningCount += carried.notCarried.count
        }

        // Overrides: a file that cannot be used is the night's end, unless the operator said to plan without it.
        func notUsed(_ problem: String) throws {
            guard allowBadOverrides else { throw IngestError.overridesUnusable(path: OverridesFile.path, problem: problem) }
            night.overridesNotUsed = problem
            night.warnings.append("\(OverridesFile.path) was not used (\(problem)): tonight's plan follows none of "
                + "the coordinators' overrides (--allow-bad-overrides)")
            night.warningCount += 1
        }
        switch openOrReject(OverridesFile.path, in: folder, rule: "overrides must be a file") {
        case nil:
            break
        case .refused(let reject):
            try notUsed(OverridesFile.unusable(reject))
            rejects.append(reject)
            files.append(InputFileSummary(path: OverridesFile.path, role: .overrides, sha256: ""))
        case .opened(let file):
            let read = OverridesFile.read(file, reference: reference, offers: night.offers, requests: night.requests)
            if let problem = read.unusable { try notUsed(problem) }
            night.overrides = read.overrides
            rejects += read.rejects
            files.append(try summary(of: file, role: .overrides).read(
                records: read.recordCount, rejected: read.rejects.count(where: { !isFileLevel($0.code) }),
                encoding: read.encoding?.rawValue))
        }
        files += receiptFiles
        rejects += receiptRejects

        night.rejects = rejects
        night.files = files
        return night
    }

    /// Reads `receipts.csv` when the folder has one (SPEC 15): a file that cannot be used is its one
    /// reject and the night goes on without receipts. Its rows read count as accepted until the ledger
    /// has checked them.
    private static func readReceipts(in folder: InputFolder, limits: InputLimits,
                                     summary: (InputFile, InputFileSummary.Role) throws -> InputFileSummary,
                                     into night: inout IngestedNight, files: inout [InputFileSummary],
                                     rejects: inout [Reject]) rethrows {
        switch openOrReject(ReceiptsFile.path, in: folder, rule: "receipts must be a file") {
        case nil:
            break
        case .refused(let reject):
            rejects.append(reject)
            files.append(InputFileSummary(path: ReceiptsFile.path, role: .receipts, sha256: ""))
        case .opened(let file):
            let read = ReceiptsFile.read(file, limits: limits)
            night.receipts = read.receipts
            rejects += read.rejects
            files.append(try summary(file, .receipts).read(
                records: read.recordCount, rejected: read.rejects.count(where: { !isFileLevel($0.code) }),
                encoding: read.encoding?.rawValue))
        }
    }

    /// Reads feed files named on the command line (`allot validate FILE…`), a
    /// provider's check before sending: each as a feed of its own, its source
    /// its file name (SPEC 4), with the reference tables of `inputs` when given
    /// (its registry too), else the built-in ones and no registry, and the
    /// policy of `configFile`, else `inputs`' `allot.toml`, else the defaults.
    /// Without a registry, a request's blank name, region or category is the
    /// registry's to fill: `registryFills`, not a reject. A file that is not
    /// there, cannot be read or is no feed is its reject; no overrides are read.
    /// - Parameter feeds: each file's URL and the name it was given as, for rejects.
    /// - Throws: `IngestError.policy` or `.inputsUnusable` (a reference table), as `read`.
    public static func readFeeds(_ feeds: [(url: URL, name: String)], inputs: URL? = nil,
                                 configFile: URL? = nil) throws -> IngestedNight {
        let folder = inputs.map(InputFolder.init)
        func summary(_ file: InputFile, _ role: InputFileSummary.Role) throws -> InputFileSummary {
            InputFileSummary(path: file.path, role: role, sha256: file.sha256() ?? "")
        }
        var files = [InputFileSummary]()
        var rejects = [Reject]()
        var (policy, reference) = try readPolicyAndReference(folder: folder, configFile: configFile,
                                                             summary: summary, files: &files)
        if let folder {
            try readRegistry(in: folder, reference: &reference, summary: summary, files: &files, rejects: &rejects)
        }
        reference.registryFillsLater = reference.registry.isEmpty
        var night = IngestedNight(policy: policy, reference: reference)

        var results = [FeedFileResult]()
        var sequence = FeedFileSequence(limits: policy.limits, reference: reference)
        for (url, path) in feeds {
            var result = FeedFileResult(path: path, source: baseName(path))
            guard FeedFileSequence.isFeed(path) else {
                results.append(FeedFileSequence.notAFeed(path, source: result.source))
                continue
            }
            do throws(InputFileError) {
                guard let file = try InputFolder.openNamed(url, as: path) else {
                    throw InputFileError(path: path, reason: .unreadable, problem: "cannot be opened: it is not there")
                }
                result = sequence.read(file).result
            } catch {
                result.rejects = [error.reject(source: result.source, rule: "feeds must be files")]
            }
            // What the registry fills is a warning here: the record counts as accepted.
            night.registryFills += result.rejects.filter { $0.code == .registryFills }
            result.rejects.removeAll { $0.code == .registryFills }
            results.append(result)
        }
        night.warningCount = night.warnings.count
        assemble(results, digests: sequence.digests, modified: [:], into: &night, files: &files, rejects: &rejects)
        night.rejects = rejects
        night.files = files
        return night
    }

    // MARK: - Parts of a night

    /// Reads the policy (`configFile`, else the folder's `allot.toml`, else the defaults) and the
    /// reference tables (the folder's, else the built-in ones), adding a summary of each file read to `files`.
    /// - Parameter folder: `nil` for a night of named feeds without an inputs folder (built-in tables).
    /// - Throws: `IngestError.policy` or `.inputsUnusable`.
    private static func readPolicyAndReference(
        folder: InputFolder?, configFile: URL?,
        summary: (InputFile, InputFileSummary.Role) throws -> InputFileSummary,
        files: inout [InputFileSummary]) throws -> (Policy, ReferenceData) {
        let policyFile = try openPolicyFile(folder: folder, configFile: configFile)
        let policy: Policy
        do { policy = try PolicyFile.load(from: policyFile) } catch let e as PolicyError {
            throw IngestError.policy(e)
        }
        if let policyFile { files.append(try summary(policyFile, .policy)) }

        // Reference tables.
        let reference: ReferenceData
        do {
            let regions: RegionTable
            if let file = try folder?.openIfPresent(RegionTableFile.path) ?? nil {
                regions = try RegionTableFile.read(file, limits: policy.limits)
                files.append(counted(try summary(file, .reference), regions.count))
            } else {
                regions = try RegionTableFile.builtIn()
            }
            let catalog: MaterialCatalog
            if let file = try folder?.openIfPresent(MaterialCatalogFile.path) ?? nil {
                catalog = try MaterialCatalogFile.read(file, limits: policy.limits)
                files.append(counted(try summary(file, .reference), catalog.materials.count))
            } else {
                catalog = .builtIn
            }
            if let (entry, message) = policy.substitutes.problem(in: catalog) {
                throw IngestError.policy(PolicyError(path: policyFile?.path ?? "allot.toml", line: entry.line,
                                                     key: "substitutes.\(entry.requested)", message: "substitutes.\(entry.requested): \(message)"))
            }
            reference = ReferenceData(catalog: catalog, regions: regions, policy: policy)
        } catch let e as InputFileError {
            throw IngestError.inputsUnusable(ReferenceTableError(e).description)
        } catch let e as ReferenceTableError {
            throw IngestError.inputsUnusable(e.description)
        }
        return (policy, reference)
    }

    /// The policy file: `configFile`, or the inputs folder's `allot.toml` when it has one.
    /// - Throws: `IngestError.policy` when it cannot be opened, or `configFile` does not exist.
    private static func openPolicyFile(folder: InputFolder?, configFile: URL?) throws -> InputFile? {
        let policyFile: InputFile?
        do throws(InputFileError) {
            if let configFile {
                policyFile = try InputFolder.openNamed(configFile)
            } else {
                policyFile = try folder?.openIfPresent("allot.toml") ?? nil
            }
        } catch {
            throw IngestError.policy(PolicyError(error))
        }
        if let configFile, policyFile == nil {
            throw IngestError.policy(PolicyError(path: configFile.path, line: 0,
                                                 message: "the policy file does not exist"))
        }
        return policyFile
    }

    /// The policy alone, for a command that reads no feed (`allot ledger`): `configFile`, or the inputs
    /// folder's `allot.toml`, else the defaults.
    /// - Throws: `IngestError.policy`.
    public static func readPolicy(inputs: URL?, configFile: URL?) throws -> Policy {
        let file = try openPolicyFile(folder: inputs.map(InputFolder.init), configFile: configFile)
        do { return try PolicyFile.load(from: file) } catch let e as PolicyError { throw IngestError.policy(e) }
    }

    /// Reads the enterprise registry when the folder has one into `reference.registry`; its bad rows are rejects.
    private static func readRegistry(in folder: InputFolder, reference: inout ReferenceData,
                                     summary: (InputFile, InputFileSummary.Role) throws -> InputFileSummary,
                                     files: inout [InputFileSummary], rejects: inout [Reject]) throws {
        switch openOrReject(EnterpriseRegistryFile.path, in: folder, rule: "the registry must be a file") {
        case nil:
            break
        case .refused(let reject):
            rejects.append(reject)
            files.append(InputFileSummary(path: EnterpriseRegistryFile.path, role: .registry, sha256: ""))
        case .opened(let file):
            let read = EnterpriseRegistryFile.read(file, reference: reference)
            reference.registry = read.registry
            rejects += read.rejects
            files.append(try summary(file, .registry).read(
                records: read.recordCount, rejected: min(read.rejects.count, read.recordCount),
                encoding: read.encoding?.rawValue))
        }
    }

    /// Resolves updates across the feeds read (SPEC 4.5) and counts each feed: the accepted records
    /// go into `night`, each feed's summary into `files`, its rejects (and conflicts) into `rejects`.
    private static func assemble(_ results: [FeedFileResult], digests: [String: String], modified: [String: Instant],
                                 into night: inout IngestedNight, files: inout [InputFileSummary],
                                 rejects: inout [Reject]) {
        // Update resolution across the night (SPEC 4.5).
        var entries = [RecordUpdates.Entry]()
        /// Each feed's newest stated time (`updated_at`, `updated`, `generated`), for `StaleInputs`.
        var stated = [String: Instant]()
        for result in results {
            var newest = result.generated
            for (record, origin) in result.records {
                var r = record
                if r.updatedAt == nil, let generated = result.generated { r.updatedAt = generated }
                if let t = r.updatedAt, newest.map({ $0 < t }) ?? true { newest = t }
                entries.append(RecordUpdates.Entry(record: r, origin: origin, sequence: entries.count))
            }
            if let newest { stated[result.path] = newest }
        }
        let outcome = RecordUpdates.resolve(entries)
        var conflictRejects = [String: [Reject]]()
        for group in outcome.conflicts {
            let lines = group.map { "\($0.origin.file):\($0.origin.line)" }.joined(separator: ", ")
            for e in group {
                let when = e.record.updatedAt.map { "\($0)" } ?? "no updated_at"
                conflictRejects[e.origin.file, default: []].append(Reject(
                    file: e.origin.file, line: e.origin.line, field: "updated_at", source: e.record.key.source,
                    recordID: e.record.key.id, code: .conflictingUpdate,
                    message: "\(e.record.key.kind.rawValue) \(e.record.key) has \(group.count) different versions with the same updated_at (\(when)) at \(lines); none is used",
                    raw: ""))
            }
        }
        // A conversion offer that would close a cycle of inputs and products is rejected (SPEC 14), in key order.
        let accepted = outcome.accepted.compactMap { e -> Offer? in if case .offer(let o) = e.record { o } else { nil } }
        let cycles = Dictionary(ConversionOrder.cycles(accepted, substitutes: night.policy.substitutes)
            .map { ($0.offer, $0.message) }, uniquingKeysWith: { a, _ in a })
        for e in outcome.accepted {
            guard let message = cycles[e.record.key] else { continue }
            conflictRejects[e.origin.file, default: []].append(Reject(
                file: e.origin.file, line: e.origin.line, field: FeedField.inputMaterial.name, source: e.record.key.source,
                recordID: e.record.key.id, code: .conversionCycle, message: message, raw: ""))
        }
        var supersededByFile = [String: Int]()
        for e in outcome.superseded { supersededByFile[e.origin.file, default: 0] += 1 }
        for result in results {
            let extra = conflictRejects[result.path] ?? []
            rejects += result.rejects + extra
            var s = InputFileSummary(path: result.path, role: .feed, sha256: digests[result.path] ?? "")
            s.encoding = result.encoding?.rawValue
            s.statedTime = stated[result.path]
            s.modifiedTime = modified[result.path]
            s.records = result.recordCount
            s.rejected = result.rejects.count(where: { !isFileLevel($0.code) }) + extra.count
            s.superseded = supersededByFile[result.path] ?? 0
            s.accepted = s.records - s.rejected - s.superseded
            if s.records == 0 { s.rejected = 0; s.accepted = 0 }
            files.append(s)
            night.warnings += result.warnings
            night.warningCount += result.warningCount
        }
        for e in outcome.accepted where cycles[e.record.key] == nil {
            switch e.record {
            case .offer(let o): night.offers.append(o)
            case .request(let r): night.requests.append(r)
            case .withdrawal(let w): night.withdrawn.append(w.key)
            }
        }
        night.possibleDuplicates = PossibleDuplicate.find(in: night.requests)
        night.warnings += night.possibleDuplicates.map(\.warning)
        night.warningCount += night.possibleDuplicates.count
    }

    /// Codes that reject a whole file (which then counts no record).
    static func isFileLevel(_ code: RejectCode) -> Bool {
        [.unreadableFile, .notARegularFile, .notWellFormed, .badHeader, .missingColumn, .inputTooLarge, .workbookTooLarge,
         .notAFeed, .duplicateFile].contains(code)
    }

    /// The feeds, `feeds/*.csv`, `feeds/*.xml` and `feeds/*.xlsx` (one
    /// level, any case), and the other files there, which are no feeds, each
    /// in sorted path order. Whether each may be read is `InputFolder`'s to
    /// decide when it is opened.
    static func feedFiles(in folder: InputFolder) throws(InputFileError) -> (feeds: [String], others: [String]) {
        var feeds = [String](), others = [String]()
        for name in try folder.names(in: "feeds") {
            if FeedFileSequence.isFeed(name) {
                feeds.append("feeds/" + name)
            } else {
                others.append("feeds/" + name)
            }
        }
        return (feeds, others)
    }

    /// A file opened, or the reject that stands for it.
    private enum Opening {
        case opened(InputFile)
        case refused(Reject)
    }

    /// Opens a file whose trouble is a reject, not the night's end (the
    /// registry, overrides): the file, or its one reject; `nil` when it is not there.
    /// - Parameter rule: what such a file must be, for the reject's message.
    private static func openOrReject(_ path: String, in folder: InputFolder, rule: String) -> Opening? {
        do throws(InputFileError) {
            return try folder.openIfPresent(path).map(Opening.opened)
        } catch {
            return .refused(error.reject(rule: rule))
        }
    }

    /// The file name without its extension: a feed's source.
    private static func baseName(_ path: String) -> String {
        ((path as NSString).lastPathComponent as NSString).deletingPathExtension
    }

    private static func counted(_ s: InputFileSummary, _ n: Int) -> InputFileSummary {
        var s = s
        s.records = n
        s.accepted = n
        return s
    }
}

/// What every feed file goes through, in sorted path order, once it is open: the night's
/// `[limits] input_bytes`, a file with the bytes of one read before it (`duplicate_file`), then the
/// reader its extension names.
private struct FeedFileSequence {
    let limits: InputLimits
    let reference: ReferenceData
    /// Each file's SHA-256, by path.
    var digests = [String: String]()
    /// The first feed read with each digest.
    private var firstWithDigest = [String: String]()
    /// Bytes of the feeds read so far.
    private var feedBytes = 0

    init(limits: InputLimits, reference: ReferenceData) {
        self.limits = limits
        self.reference = reference
    }

    /// Whether a file of this name is a feed: `.csv`, `.xml` or `.xlsx`.
    static func isFeed(_ path: String) -> Bool {
        ["csv", "xml", "xlsx"].contains((path as NSString).pathExtension.lowercased())
    }

    /// A file in `feeds/` that is no feed: one reject, not a log line.
    static func notAFeed(_ path: String, source: String) -> FeedFileResult {
        var result = FeedFileResult(path: path, source: source)
        result.rejects = [Reject(file: path, line: 0, source: source, code: .notAFeed,
                                 message: "\(path) is not a feed: feeds are .csv, .xml or .xlsx files; the file is not read")]
        return result
    }

    /// The file's result, and whether a reader read it (a file past `input_bytes` or a duplicate is not read).
    mutating func read(_ file: InputFile) -> (result: FeedFileResult, read: Bool) {
        let path = file.path
        var refused = FeedFileResult(path: path, source: file.baseName)
        if file.size > limits.inputBytes - feedBytes {
            // Not read, not even for its digest.
            refused.rejects = [Reject(file: path, line: 0, source: refused.source, code: .inputTooLarge,
                                      message: limits.inputTooLargeMessage(size: file.size, before: feedBytes))]
            return (refused, false)
        }
        feedBytes += file.size
        let digest = file.sha256()
        digests[path] = digest
        // A file sent again under another name would count every record twice (SPEC 4.5 keys by source).
        if let digest, let first = firstWithDigest[digest] {
            refused.rejects = [Reject(file: path, line: 0, source: refused.source, code: .duplicateFile,
                                      message: "\(path) has the same content as \(first) (SHA-256 \(digest)), read before it: "
                                          + "its records are not read again; remove one of the two files")]
            return (refused, false)
        }
        if let digest { firstWithDigest[digest] = path }
        switch file.pathExtension {
        case "xml": return (XMLFeedReader.read(file, reference: reference), true)
        case "xlsx": return (XLSXFeedReader.read(file, reference: reference), true)
        default: return (CSVFeedReader.read(file, reference: reference), true)
        }
    }
}
