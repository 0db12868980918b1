import AllotCore
import Foundation

/// `--keep-days N`: removes plan folders more than N days older than the
/// newest plan date.
///
/// Counted from the newest plan published, not from today, so a machine
/// that was off for a month does not lose its history on the first night
/// back. Never removes the newest plan, nor the folder `latest` points at
/// (which lags the newest only after a crash), nor the plan the run has just
/// published (a re-run of an older date keeps what it published), nor
/// anything whose name is not a plan date. Each folder is first renamed to a hidden `.pruning-*`
/// name, so a reader never sees half a folder; a crash mid-way leaves that
/// hidden name for the next publish to remove.
public enum PlanRetention {
    /// The plan dates to remove from `dates`: older than `newest - keepDays`,
    /// except the newest, `latest`'s target and `kept` (the plan this run published).
    /// - Complexity: O(n) in `dates`.
    public static func datesToRemove(from dates: [CalendarDate], keepDays: Int, latest: CalendarDate?,
                                     kept: CalendarDate? = nil) throws -> [CalendarDate] {
        guard keepDays >= 0 else { throw PublishError.negativeKeepDays(keepDays) }
        guard let newest = dates.max() else { return [] }
        let oldestKept = newest.adding(days: -keepDays)
        return dates.filter { $0 < oldestKept && $0 != newest && $0 != latest && $0 != kept }.sorted()
    }

    /// Removes the plan folders ``datesToRemove(from:keepDays:latest:kept:)`` names from the locked outputs folder.
    /// - Parameter kept: the plan date this run published, which stays whatever its age.
    /// - Returns: the dates removed, oldest first, for the log.
    @discardableResult
    public static func prune(keepDays: Int, keeping kept: CalendarDate? = nil, under lock: OutputLock) throws -> [CalendarDate] {
        precondition(lock.isHeld, "pruning needs a held OutputLock")
        let outputs = lock.directory
        let doomed = try datesToRemove(from: PublishedPlans.dates(in: outputs), keepDays: keepDays,
                                       latest: PublishedPlans.latestDate(in: outputs), kept: kept)
        for date in doomed {
            let name = PublishedPlans.folderName(for: date)
            let hidden = PlanPublisher.temporaryName(prefix: PlanPublisher.pruningPrefix, middle: name)
            try outputs.renameWithoutReplacing(name, to: hidden)
            try outputs.removeTree(named: hidden)
        }
        if !doomed.isEmpty { try outputs.sync() }
        return doomed
    }

    /// Takes the lock on `outputs` for the length of one prune; see ``prune(keepDays:under:)``.
    @discardableResult
    public static func prune(keepDays: Int, outputs: URL) throws -> [CalendarDate] {
        let lock = try OutputLock.acquire(outputs: outputs)
        defer { lock.release() }
        return try prune(keepDays: keepDays, under: lock)
    }
}
