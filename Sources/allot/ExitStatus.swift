import AllotPipeline
import ArgumentParser

/// SPEC 11's exit statuses; `NightlyPipeline.exitStatus(for:)` is the one place errors map to them.
enum ExitStatus: Int32 {
    case published = 0
    case internalFailure = 1
    case usageOrPolicy = 2
    case inputsUnusable = 3
    case locked = 4

    var exitCode: ExitCode { ExitCode(rawValue) }

    init(for error: Error) {
        self = ExitStatus(rawValue: NightlyPipeline.exitStatus(for: error)) ?? .internalFailure
    }
}
