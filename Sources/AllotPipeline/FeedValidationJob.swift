import AllotCore
import AllotIngest
import Foundation

/// What `allot validate` was asked to check (SPEC 10): an inputs folder, or feed files named one by one.
public struct ValidateOptions: Sendable {
    /// The inputs folder; with `files`, only where reference tables (and a registry) come from, when given.
    public var inputs: URL?
    /// A policy file to use instead of `<inputs>/allot.toml`.
    public var config: URL?
    /// Feed files named on the command line, each with the name it was given as; none: the folder's feeds.
    public var files: [(url: URL, name: String)] = []

    public init(inputs: URL, config: URL? = nil) {
        self.inputs = inputs
        self.config = config
    }

    /// Feed files named one by one (`allot validate FILE…`), with `inputs`' reference tables when given.
    public init(files: [String], inputs: URL? = nil, config: URL? = nil) {
        self.files = files.map { (URL(fileURLWithPath: $0), $0) }
        self.inputs = inputs
        self.config = config
    }
}

/// The feeds checked: a summary per input file, every reject, and the text
/// `allot validate` prints (``json`` for `--format json`).
public struct ValidationOutcome: Sendable {
    public var files: [InputFileSummary]
    public var rejects: [Reject]
    public var warnings: [String]
    /// Requests whose blanks the bureau's registry fills, when feed files were named without it.
    public var registryFills: [Reject] = []
    /// Accepted requests that may be one demand sent twice (both are planned).
    public var possibleDuplicates: [PossibleDuplicate] = []
    /// A table of files, then every reject.
    public var text: String

    /// 0 when nothing was rejected, 3 otherwise (SPEC 10).
    public var status: ExitStatus { rejects.isEmpty ? .published : .inputsUnusable }
}

extension NightlyPipeline {
    /// Reads and checks the inputs folder as a run would, and plans nothing.
    /// - Throws: what ``ingest(inputs:config:)`` throws.
    public static func validate(_ options: ValidateOptions) throws -> ValidationOutcome {
        let night: IngestedNight
        if !options.files.isEmpty {
            night = try NightIngest.readFeeds(options.files, inputs: options.inputs, configFile: options.config)
        } else {
            // An overrides file that cannot be used is listed as its reject (status 3), with the feeds' problems.
            night = try ingest(inputs: options.inputs ?? URL(fileURLWithPath: "Inputs", isDirectory: true),
                               config: options.config, allowBadOverrides: true)
        }
        var outcome = ValidationOutcome(files: night.files, rejects: night.rejects, warnings: night.warnings,
                                        text: validationText(night))
        outcome.registryFills = night.registryFills
        outcome.possibleDuplicates = night.possibleDuplicates
        return outcome
    }

    /// The file table (path, encoding, records, accepted, rejected, superseded, tab-separated), then every
    /// reject, then the possible duplicate requests (`PossibleDuplicate`).
    static func validationText(_ night: IngestedNight) -> String {
        var out = "file\tencoding\trecords\taccepted\trejected\tsuperseded\n"
        for f in night.files {
            out += "\(f.path)\t\(f.encoding ?? "-")\t\(f.records)\t\(f.accepted)\t\(f.rejected)\t\(f.superseded)\n"
        }
        let t = night.totals
        out += "total\t\t\(t.records)\t\(t.accepted)\t\(t.rejected)\t\(t.superseded)\n"
        if night.rejects.isEmpty {
            out += "\nno rejects\n"
        } else {
            out += "\n\(night.rejects.count) rejects:\n"
            for r in night.rejects {
                var place = r.file
                if r.line > 0 { place += ":\(r.line)" }
                let who = r.recordID.isEmpty ? "" : " \(r.source):\(r.recordID)"
                let field = r.field.isEmpty ? "" : " [\(r.field)]"
                out += "\(place)\(who)\(field) \(r.code.rawValue): \(r.message)\n"
            }
        }
        if !night.registryFills.isEmpty {
            out += "\n\(night.registryFills.count) requests leave blanks the bureau's registry fills (warnings, not rejects):\n"
            for r in night.registryFills {
                out += "\(r.file):\(r.line) \(r.source):\(r.recordID) [\(r.field)]: \(r.message)\n"
            }
        }
        if !night.possibleDuplicates.isEmpty {
            out += "\n\(night.possibleDuplicates.count) possible duplicate requests (both are planned):\n"
            for d in night.possibleDuplicates {
                out += "\(d.first) and \(d.second): exclude one with the overrides.csv row \(d.excludeLine)\n"
            }
        }
        return out
    }
}
