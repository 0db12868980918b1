import AllotCore

/// An input file that `InputFolder` refused to open, or could not: the
/// file, why, and in words a coordinator can act on.
public struct InputFileError: Error, Equatable, CustomStringConvertible, Sendable {
    public enum Reason: Sendable {
        /// A named pipe, socket, device or folder: nothing allot reads.
        case notARegularFile
        /// A symbolic link (or a folder on the way) that leads out of the inputs folder.
        case outsideInputs
        /// The system refused (permission denied), the file vanished, or a link leads nowhere.
        case unreadable
    }

    /// Relative to the inputs folder, as rejects and the manifest name files
    /// (or the path given on the command line, for `--config`).
    public var path: String
    public var reason: Reason
    /// What is wrong, the path left out: `is a named pipe, not a regular file`.
    public var problem: String

    public init(path: String, reason: Reason, problem: String) {
        self.path = path
        self.reason = reason
        self.problem = problem
    }

    /// `feeds/pipe.csv is a named pipe, not a regular file`.
    public var description: String { "\(path) \(problem)" }

    /// How `rejects.csv` classifies the file (Documentation/Readings.md, "Input files").
    public var rejectCode: RejectCode { reason == .unreadable ? .unreadableFile : .notARegularFile }

    /// `problem`, followed for a file allot refuses by the rule it breaks:
    /// `is a named pipe, not a regular file: feeds must be files`; a link
    /// out of the folder adds `in the inputs folder` to the rule.
    /// - Parameter rule: what such files must be, as in `feeds must be files`.
    public func explained(_ rule: String) -> String {
        switch reason {
        case .notARegularFile: return "\(problem): \(rule)"
        case .outsideInputs: return "\(problem): \(rule) in the inputs folder"
        case .unreadable: return problem
        }
    }

    /// The one row of `rejects.csv` for a file that was not read: line 0, no record counted.
    public func reject(source: String = "", rule: String) -> Reject {
        Reject(file: path, line: 0, source: source, code: rejectCode, message: "\(path) \(explained(rule))")
    }
}
