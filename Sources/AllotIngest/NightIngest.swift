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
    public var overrides: [Override] = []
    /// Every rejected record, file and override, in input order.
    public var rejects: [Reject] = []
    public var files: [InputFileSummary] = []
    public var warnings: [String] = []
    /// Every warning occurrence (a message may stand for several).
    public var warningCount = 0

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

    public var description: String {
        switch self {
        case .policy(let e): return "policy error: \(e)"
        case .inputsUnusable(let m): return "inputs unusable: \(m)"
        }
    }
}

/// Reads an inputs folder (SPEC 1): policy, reference tables, feeds in sorted
/// path order, update resolution (SPEC 4.5) and overrides.
public enum NightIngest {
    public static func read(inputs: URL, configFile: URL? = nil) throws -> IngestedNight {
        var files = [InputFileSummary]()
        var rejects = [Reject]()

        // Policy.
        let policyURL = configFile ?? inputs.appendingPathComponent("allot.toml")
        let policyPath = configFile == nil ? "allot.toml" : configFile!.path
        let policyExists = FileManager.default.fileExists(atPath: policyURL.path)
        if configFile != nil && !policyExists {
            throw IngestError.policy(PolicyError(path: policyPath, line: 0, message: "the policy file does not exist"))
        }
        let policy: Policy
        do { policy = try PolicyFile.load(from: policyExists ? policyURL : nil, displayPath: policyPath) } catch let e as PolicyError {
            throw IngestError.policy(e)
        }
        if policyExists { files.append(summary(of: policyURL, path: policyPath, role: .policy)) }

        // Reference tables.
        let referenceDir = inputs.appendingPathComponent("reference")
        var reference: ReferenceData
        do {
            let regionsURL = referenceDir.appendingPathComponent("regions.csv")
            let regions: RegionTable
            if exists(regionsURL) {
                regions = try RegionTableFile.read(url: regionsURL, displayPath: "reference/regions.csv")
                files.append(counted(summary(of: regionsURL, path: "reference/regions.csv", role: .reference), regions.count))
            } else {
                regions = try RegionTableFile.builtIn()
            }
            let materialsURL = referenceDir.appendingPathComponent("materials.csv")
            let catalog: MaterialCatalog
            if exists(materialsURL) {
                catalog = try MaterialCatalogFile.read(url: materialsURL, displayPath: "reference/materials.csv")
                files.append(counted(summary(of: materialsURL, path: "reference/materials.csv", role: .reference), catalog.materials.count))
            } else {
                catalog = .builtIn
            }
            reference = ReferenceData(catalog: catalog, regions: regions, policy: policy)
        } catch let e as ReferenceTableError {
            throw IngestError.inputsUnusable(e.description)
        }

        let registryURL = referenceDir.appendingPathComponent("enterprises.csv")
        if exists(registryURL) {
            let read = EnterpriseRegistryFile.read(url: registryURL, displayPath: "reference/enterprises.csv", reference: reference)
            reference.registry = read.registry
            rejects += read.rejects
            var s = summary(of: registryURL, path: "reference/enterprises.csv", role: .registry)
            s.encoding = read.encoding?.rawValue
            s.records = read.recordCount
            s.rejected = read.rejects.count
            s.accepted = read.recordCount - min(read.rejects.count, read.recordCount)
            s.rejected = s.records - s.accepted
            files.append(s)
        }

        // Feeds.
        var night = IngestedNight(policy: policy, reference: reference)
        let feedPaths = feedFiles(in: inputs.appendingPathComponent("feeds"), warnings: &night.warnings)
        night.warningCount = night.warnings.count
        var results = [FeedFileResult]()
        for (url, relative) in feedPaths {
            let result = url.pathExtension.lowercased() == "xml"
                ? XMLFeedReader.read(fileAt: url, relativePath: relative, reference: reference)
                : CSVFeedReader.read(fileAt: url, relativePath: relative, reference: reference)
            results.append(result)
        }
        if !feedPaths.isEmpty, results.allSatisfy({ $0.recordCount == 0 && !$0.rejects.isEmpty }) {
            let reasons = results.flatMap(\.rejects).map { "\($0.file):\($0.line): \($0.message)" }.joined(separator: "; ")
            throw IngestError.inputsUnusable("no feed file could be read: \(reasons)")
        }
        if feedPaths.isEmpty {
            throw IngestError.inputsUnusable("no feed files (*.csv, *.xml) in \(inputs.appendingPathComponent("feeds").path)")
        }

        // Update resolution across the night (SPEC 4.5).
        var entries = [RecordUpdates.Entry]()
        for result in results {
            for (record, origin) in result.records {
                var r = record
                if r.updatedAt == nil, let generated = result.generated { r.updatedAt = generated }
                entries.append(RecordUpdates.Entry(record: r, origin: origin, sequence: entries.count))
            }
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
        var supersededByFile = [String: Int]()
        for e in outcome.superseded { supersededByFile[e.origin.file, default: 0] += 1 }
        for result in results {
            let extra = conflictRejects[result.path] ?? []
            rejects += result.rejects + extra
            var s = summary(of: inputs.appendingPathComponent(result.path), path: result.path, role: .feed)
            s.encoding = result.encoding?.rawValue
            s.records = result.recordCount
            s.rejected = result.rejects.count(where: { !isFileLevel($0.code) }) + extra.count
            s.superseded = supersededByFile[result.path] ?? 0
            s.accepted = s.records - s.rejected - s.superseded
            if s.records == 0 { s.rejected = 0; s.accepted = 0 }
            files.append(s)
            night.warnings += result.warnings
            night.warningCount += result.warningCount
        }
        for e in outcome.accepted {
            switch e.record {
            case .offer(let o): night.offers.append(o)
            case .request(let r): night.requests.append(r)
            case .withdrawal(let w): night.withdrawn.append(w.key)
            }
        }

        // Overrides.
        let overridesURL = inputs.appendingPathComponent("overrides.csv")
        if exists(overridesURL) {
            let read = OverridesFile.read(url: overridesURL, displayPath: "overrides.csv", reference: reference,
                                          offers: night.offers, requests: night.requests)
            night.overrides = read.overrides
            rejects += read.rejects
            var s = summary(of: overridesURL, path: "overrides.csv", role: .overrides)
            s.encoding = read.encoding?.rawValue
            s.records = read.recordCount
            s.rejected = read.rejects.count(where: { !isFileLevel($0.code) })
            s.accepted = s.records - s.rejected
            files.append(s)
        }

        night.rejects = rejects
        night.files = files
        return night
    }

    /// Codes that reject a whole file (which then counts no record).
    static func isFileLevel(_ code: RejectCode) -> Bool {
        [.unreadableFile, .notWellFormed, .badHeader, .missingColumn].contains(code)
    }

    /// `*.csv` and `*.xml` under `feeds/` (one level), in sorted path order.
    static func feedFiles(in folder: URL, warnings: inout [String]) -> [(URL, String)] {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder.path) else { return [] }
        var out = [(URL, String)]()
        for name in names.sorted(by: { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }) where !name.hasPrefix(".") {
            let ext = (name as NSString).pathExtension.lowercased()
            let url = folder.appendingPathComponent(name)
            if ext == "csv" || ext == "xml" {
                out.append((url, "feeds/" + name))
            } else {
                warnings.append("feeds/\(name): ignored (not .csv or .xml)")
            }
        }
        return out
    }

    private static func exists(_ url: URL) -> Bool { FileManager.default.fileExists(atPath: url.path) }

    private static func summary(of url: URL, path: String, role: InputFileSummary.Role) -> InputFileSummary {
        InputFileSummary(path: path, role: role, sha256: fileSHA256(url) ?? "")
    }

    private static func counted(_ s: InputFileSummary, _ n: Int) -> InputFileSummary {
        var s = s
        s.records = n
        s.accepted = n
        return s
    }

    /// The hex SHA-256 of a file's bytes, read in 1 MiB blocks.
    static func fileSHA256(_ url: URL) -> String? {
        guard let handle = try? FileHandle(forReadingFrom: url) else { return nil }
        defer { try? handle.close() }
        var hash = SHA256()
        while let chunk = try? handle.read(upToCount: 1 << 20), !chunk.isEmpty { hash.update(chunk) }
        return hash.finalizeHex()
    }
}
