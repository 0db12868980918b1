import AllotCore
import AllotIngest
import Foundation

/// What `allot validate` was asked to check (SPEC 10).
public struct ValidateOptions: Sendable {
    public var inputs: URL
    /// A policy file to use instead of `<inputs>/allot.toml`.
    public var config: URL?

    public init(inputs: URL, config: URL? = nil) {
        self.inputs = inputs
        self.config = config
    }
}

/// The feeds checked: a summary per input file, every reject, and the text
/// `allot validate` prints.
public struct ValidationOutcome: Sendable {
    public var files: [InputFileSummary]
    public var rejects: [Reject]
    public var warnings: [String]
    /// A table of files, then every reject.
    public var text: String

    /// 0 when nothing was rejected, 3 otherwise (SPEC 10).
    public var status: ExitStatus { rejects.isEmpty ? .published : .inputsUnusable }
}

extension NightlyPipeline {
    /// Reads and checks the inputs folder as a run would, and plans nothing.
    /// - Throws: what ``ingest(inputs:config:)`` throws.
    public static func validate(_ options: ValidateOptions) throws -> ValidationOutcome {
        // An overrides file that cannot be used is listed as its reject (status 3), with the feeds' problems.
        let night = try ingest(inputs: options.inputs, config: options.config, allowBadOverrides: true)
        return ValidationOutcome(files: night.files, rejects: night.rejects, warnings: night.warnings,
                                 text: validationText(night))
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
        if !night.possibleDuplicates.isEmpty {
            out += "\n\(night.possibleDuplicates.count) possible duplicate requests (both are planned):\n"
            for d in night.possibleDuplicates {
                out += "\(d.first) and \(d.second): exclude one with the overrides.csv row \(d.excludeLine)\n"
            }
        }
        return out
    }
}
