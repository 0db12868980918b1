import AllotCore
import AllotLedger
import AllotIngest
import AllotPlanner
import AllotPublish
import Foundation

/// SPEC 11's exit statuses, and ``init(for:)``, the one table from an error
/// to its status for every command:
///
/// - 1 `internalFailure`: what cannot be written (`PublishError`, a `--out`
///   file), a plan that contradicts itself (`PlanFileError`), an export that
///   fails its own schema (`XMLSchemaValidator.Failure`), any other error.
/// - 2 `usageOrPolicy`: `IngestError.policy`; asking for what is not there:
///   `PlanFolderError.noPlans` and `.noPlanForDate` (a wrong date or
///   `--outputs`), `NightExplanation.Failure`; `PublishError.negativeKeepDays`; an `--out` file in a
///   folder that does not exist (`OutputFile.MissingFolder`); a ledger that is missing, foreign, corrupt,
///   or does not hold the item or night asked for (`LedgerError`, `LedgerUsageError`, `LedgerNightNotRecorded`).
///   The command line's own usage errors exit 2 as well.
/// - 3 `inputsUnusable`: what a command reads cannot be read or used:
///   `IngestError.inputsUnusable` and `.overridesUnusable`, `ReferenceTableError`, `PlanSnapshotError`
///   (a published plan file missing or malformed), `PlanFolderError.outputsUnreadable`;
///   `PlanningError` (a material's night past what the planner holds); and
///   `RunStop.strictRejects`.
/// - 4 `locked`: `PublishError.locked`.
/// - 130 `interrupted`, 143 `terminated`: `RunInterrupted` by SIGINT or SIGTERM
///   (128 + the signal, as a shell reports it; Documentation/Readings.md).
public enum ExitStatus: Int32, Sendable, CaseIterable {
    /// The plan published, or the command did what it was asked.
    case published = 0
    case internalFailure = 1
    case usageOrPolicy = 2
    case inputsUnusable = 3
    case locked = 4
    /// Stopped by SIGINT (Ctrl-C): nothing published.
    case interrupted = 130
    /// Stopped by SIGTERM (systemd's stop, `kill`, a timeout): nothing published.
    case terminated = 143

    /// The status a command ends with when it throws `error`.
    public init(for error: Error) {
        switch error {
        case IngestError.policy, PlanFolderError.noPlans, PlanFolderError.noPlanForDate, is NightExplanation.Failure,
             PublishError.negativeKeepDays, is OutputFile.MissingFolder, is LedgerError, is LedgerUsageError,
             is LedgerNightNotRecorded:
            self = .usageOrPolicy
        case IngestError.inputsUnusable, IngestError.overridesUnusable, is ReferenceTableError, is PlanSnapshotError, PlanFolderError.outputsUnreadable,
             RunStop.strictRejects, is PlanningError:
            self = .inputsUnusable
        case PublishError.locked:
            self = .locked
        case let stop as RunInterrupted:
            self = stop.signal == SIGINT ? .interrupted : .terminated
        default:
            self = .internalFailure
        }
    }
}
