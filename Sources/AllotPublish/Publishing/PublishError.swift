#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Why a plan could not be published, or the outputs folder not be used.
///
/// Every case but ``locked(outputs:holder:)`` and ``negativeKeepDays(_:)``
/// means SPEC 11's exit 1 (nothing published, the previous plan untouched);
/// `locked` means exit 4, `negativeKeepDays` (a usage error) exit 2.
public enum PublishError: Error, Hashable, Sendable {
    /// Another run holds the lock on the outputs folder (exit 4). `holder` is
    /// `nil` when the lock file does not name a live process (a run that has
    /// not written it yet, or `flock(1)` from a shell).
    case locked(outputs: String, holder: OutputLock.Holder?)
    /// A system call failed: `action` is what allot was doing to `path`
    /// ("create the folder", "write"...), `errno` the reason.
    case fileSystem(action: String, path: String, errno: Int32)
    /// `Outputs/latest` exists and is not a symbolic link, so allot will not replace it.
    case latestIsNotALink(path: String)
    /// A plan file name that is empty, `.`, `..`, hidden, or holds `/` or NUL, or is given twice.
    case badFileName(String)
    /// `--keep-days` below zero.
    case negativeKeepDays(Int)
    /// Test only: a publish stopped at a fault point armed by `ALLOT_FAULT_INJECT`,
    /// as if the process had been killed there (nothing was cleaned up).
    case faultInjected(PublishFault.Point)
    /// `ALLOT_FAULT_INJECT` holds something that is not a fault.
    case badFaultInjection(String)
}

// MARK: - Messages

extension PublishError: CustomStringConvertible {
    /// One line for the operator: what failed, on which path, why, and where
    /// a usual cause is known, what to check.
    public var description: String {
        switch self {
        case let .locked(outputs, holder):
            let who = holder.map { "\($0)" } ?? "a holder that did not say who it is (a run just starting, or flock(1) from a shell)"
            return "another allot run holds the lock on the outputs folder \(outputs): \(who) "
                + "(lock file \(outputs)/\(OutputLock.lockFileName)); nothing published"
        case let .fileSystem(action, path, code):
            var text = "cannot \(action) \(path): \(PublishError.errnoText(code)) (errno \(code))"
            if let hint = PublishError.hint(for: code, action: action) { text += "; \(hint)" }
            return text
        case let .latestIsNotALink(path):
            return "\(path) is not a symbolic link; allot keeps a link to the newest plan there. "
                + "Move it elsewhere and run again"
        case let .badFileName(name):
            return "cannot publish a plan file named \"\(name)\": a name must be a plain, unique, visible file name"
        case let .negativeKeepDays(days):
            return "--keep-days must be 0 or more, not \(days)"
        case let .faultInjected(point):
            return "publishing stopped at fault point \(point.rawValue) (\(PublishFault.environmentVariable), tests only)"
        case let .badFaultInjection(value):
            let points = PublishFault.Point.allCases.filter { $0 != .outputs }.map(\.rawValue).joined(separator: ", ")
            let errors = PublishFault.errors.map(\.name).joined(separator: "|")
            return "\(PublishFault.environmentVariable)=\(value) is not a fault: use one of \(points), "
                + "optionally followed by :kill or :pause; or staging:\(errors)[:FILE] or outputs:\(errors) (tests only)"
        }
    }

    /// `strerror(3)`.
    static func errnoText(_ code: Int32) -> String {
        guard let text = strerror(code) else { return "error \(code)" }
        return String(cString: text)
    }

    /// What to check for the errors an operator meets on an outputs folder.
    static func hint(for code: Int32, action: String) -> String? {
        if action.hasPrefix("exchange") && (code == ENOSYS || code == EINVAL) {
            return "this system cannot exchange two folders atomically (renameat2 RENAME_EXCHANGE needs Linux 3.15+, glibc 2.28+ and a file system that supports it)"
        }
        switch code {
        case EACCES, EPERM: return "check the owner and permissions of the folder and the user the job runs as"
        case EROFS: return "the file system is mounted read-only"
        case ENOSPC, EDQUOT: return "free some space on that disk"
        case ENOTDIR: return "a part of that path is a file, not a folder"
        case ELOOP: return "it is a symbolic link, and allot follows no link in the outputs folder but latest: remove the link"
        case ENOENT: return "a folder on that path does not exist (allot creates only the outputs folder itself)"
        default: return nil
        }
    }
}
