import AllotCore
import Foundation

/// Publishes a plan folder whole or not at all (SPEC 1), then points
/// `latest` at the newest plan.
///
/// Under the outputs lock, one publish:
/// 1. removes what crashed runs left (hidden `.staging-*`, `.pruning-*`, `.latest-*` entries);
/// 2. writes every file into `Outputs/.staging-<date>-<pid>-<random>`, syncing
///    each file and then the folder;
/// 3. renames the staging folder to `Outputs/<date>` when there is none, or
///    exchanges the two atomically (`renameat2(RENAME_EXCHANGE)`) when there
///    is, so a reader sees the old folder or the new one, never neither and
///    never a mix; the old folder, now under the staging name, is deleted;
/// 4. syncs `Outputs`, then replaces `latest` with a new relative link to the
///    greatest plan date present (made under a temporary name, renamed over
///    `latest`), so re-running an older date never moves `latest` backwards.
///
/// A failure before step 3, or a stop asked for through ``cancellation``
/// (SIGTERM, SIGINT), removes the staging folder and leaves everything
/// else as it was. A process killed at any moment leaves at worst a hidden
/// staging folder, which the next publish removes. ``fault`` stops a publish
/// at a chosen point for tests (``PublishFault``).
public struct PlanPublisher: Sendable {
    /// Test only: where to stop as if killed. `nil` in production.
    public var fault: PublishFault?
    /// Looked at after each file written into the staging folder and just before the swap:
    /// a stop there removes the staging folder and throws `RunInterrupted`. After the swap
    /// the plan is published and the publish goes on to `latest`.
    public var cancellation: RunCancellation?

    /// A publisher that stops at `fault` (tests), or never (`nil`).
    public init(fault: PublishFault?, cancellation: RunCancellation? = nil) {
        self.fault = fault
        self.cancellation = cancellation
    }

    /// A publisher armed by `ALLOT_FAULT_INJECT` when it is set (tests only; see ``PublishFault``).
    /// - Throws: ``PublishError/badFaultInjection(_:)`` when that variable holds something else.
    public init(environment: [String: String] = ProcessInfo.processInfo.environment,
                cancellation: RunCancellation? = nil) throws {
        self.fault = try PublishFault.fromEnvironment(environment)
        self.cancellation = cancellation
    }

    /// Publishes `files` as the plan folder of `planDate` in the locked outputs folder.
    ///
    /// - Parameter files: plain file names (no `/`, not hidden, each once) and their bytes.
    /// - Returns: where the plan went and what else changed, for the log.
    /// - Throws: ``PublishError``; whenever it throws, `Outputs/<planDate>` and
    ///   `latest` are as they were, except after the exchange (step 3), when the
    ///   new folder stands complete and only `latest` or the cleanup failed.
    /// - Complexity: O(total bytes + entries of the outputs folder).
    @discardableResult
    public func publish(files: [(name: String, bytes: [UInt8])], planDate: CalendarDate,
                        under lock: OutputLock) throws -> PublishedPlan {
        try checkNames(files.map(\.name))
        return try publish(files: files, staged: stage(planDate: planDate, under: lock))
    }

    /// Steps 1 and the start of 2: removes leftovers and makes the staging folder of
    /// `planDate`, so that files too large to hold in memory (the copy of the inputs)
    /// can be written into it before the plan files; ``publish(files:staged:)`` ends it.
    /// - Throws: ``PublishError``; the outputs folder is then as it was, leftovers aside.
    public func stage(planDate: CalendarDate, under lock: OutputLock) throws -> PlanStaging {
        precondition(lock.isHeld, "publishing needs a held OutputLock")
        let outputs = lock.directory
        if let kind = try outputs.kind(of: PublishedPlans.latestName), kind != .symbolicLink {
            throw PublishError.latestIsNotALink(path: outputs.path(of: PublishedPlans.latestName))
        }
        let removedLeftovers = try PlanPublisher.removeLeftovers(in: outputs)
        let dateName = PublishedPlans.folderName(for: planDate)
        let stagingName = try createStagingFolder(for: dateName, in: outputs)
        do {
            return PlanStaging(lock: lock, planDate: planDate, name: stagingName,
                               folder: try outputs.openDirectory(named: stagingName), removedLeftovers: removedLeftovers)
        } catch {
            try? outputs.removeTree(named: stagingName)
            throw error
        }
    }

    /// Writes `files` into `staged` and publishes it (steps 2 to 4 of the type's summary).
    /// Whenever it throws before the exchange, the staging folder is removed, as ``PlanStaging/discard()`` does.
    @discardableResult
    public func publish(files: [(name: String, bytes: [UInt8])], staged: PlanStaging) throws -> PublishedPlan {
        let lock = staged.lock
        precondition(lock.isHeld, "publishing needs a held OutputLock")
        let outputs = lock.directory
        let removedLeftovers = staged.removedLeftovers
        let planDate = staged.planDate
        let dateName = PublishedPlans.folderName(for: planDate)
        let stagingName = staged.name
        do {
            try checkNames(files.map(\.name))
            let staging = staged.folder
            for file in files {
                try staging.writeNewFile(named: file.name, bytes: file.bytes,
                                         failingWith: fault?.failure(at: .staging, file: file.name, first: files.first?.name))
                try checkpoint(.staging)
            }
            try staging.sync()
            try fault?.trigger(at: .afterStaging, cancellation: cancellation)

            // 3. Rename or exchange into place.
            try checkpoint(.beforeSwap)
        } catch PublishError.faultInjected(let point) {
            throw PublishError.faultInjected(point)   // as if killed: leave the staging folder for the next run
        } catch {
            try? outputs.removeTree(named: stagingName)
            throw error
        }
        let replaced = try swapIntoPlace(stagingName, as: dateName, in: outputs)
        try outputs.sync()
        try fault?.trigger(at: .afterSwapBeforeLatest, cancellation: cancellation)

        var warnings = [String]()
        if replaced {
            do {
                try outputs.removeTree(named: stagingName)
            } catch {
                warnings.append("the plan is published, but the previous folder for \(dateName) was not removed: \(error). "
                    + "The next run removes it")
            }
        }

        // 4. Point latest at the newest plan.
        let latest = try PlanPublisher.pointLatestAtNewest(in: outputs) ?? planDate
        try outputs.sync()
        return PublishedPlan(folder: lock.outputs.appendingPathComponent(dateName, isDirectory: true),
                             replaced: replaced, latest: latest, removedLeftovers: removedLeftovers, warnings: warnings)
    }

    /// Takes the lock on `outputs` for the length of one publish; see ``publish(files:planDate:under:)``.
    /// A run that holds the lock already must pass it instead: a second acquire fails even in the same process.
    @discardableResult
    public func publish(files: [(name: String, bytes: [UInt8])], planDate: CalendarDate,
                        outputs: URL) throws -> PublishedPlan {
        let lock = try OutputLock.acquire(outputs: outputs)
        defer { lock.release() }
        return try publish(files: files, planDate: planDate, under: lock)
    }
}

/// What one publish did, for the run's log.
public struct PublishedPlan: Hashable, Sendable {
    /// `Outputs/<plan date>`.
    public var folder: URL
    /// Whether a folder for this date was there before and has been replaced.
    public var replaced: Bool
    /// The plan date `latest` points at now: the newest published, not always this one.
    public var latest: CalendarDate
    /// Names of leftovers from crashed runs that were removed.
    public var removedLeftovers: [String]
    /// Problems after the plan was in place (it stays published).
    public var warnings: [String]

    public init(folder: URL, replaced: Bool, latest: CalendarDate, removedLeftovers: [String], warnings: [String]) {
        self.folder = folder
        self.replaced = replaced
        self.latest = latest
        self.removedLeftovers = removedLeftovers
        self.warnings = warnings
    }
}

// MARK: - Steps

extension PlanPublisher {
    /// Prefixes of allot's own temporary entries in the outputs folder; only a
    /// run holding the lock makes them, so under the lock every one is a leftover.
    static let stagingPrefix = ".staging-"
    static let pruningPrefix = ".pruning-"
    static let latestTemporaryPrefix = ".latest-"

    /// Removes the temporary entries crashed runs left; returns their names.
    /// Temporary textfiles (``RunMetrics/writeTextfile(outputs:)``) are written
    /// without the lock, so only those whose process is gone are removed.
    static func removeLeftovers(in outputs: DirectoryHandle) throws -> [String] {
        let leftovers = try outputs.entryNames().filter { name in
            if name.hasPrefix(RunMetrics.temporaryPrefix) { return !isLiveProcess(pidIn: name) }
            return [stagingPrefix, pruningPrefix, latestTemporaryPrefix].contains { name.hasPrefix($0) }
        }.sorted()
        for name in leftovers { try outputs.removeTree(named: name) }
        if !leftovers.isEmpty { try outputs.sync() }
        return leftovers
    }

    /// Whether the pid in a temporary name (`…-<pid>-<random>`) is a running process.
    static func isLiveProcess(pidIn name: String) -> Bool {
        let parts = name.split(separator: "-")
        guard parts.count >= 2, let pid = Int32(parts[parts.count - 2]), pid > 0 else { return false }
        return kill(pid, 0) == 0 || errno == EPERM
    }

    /// A name for a temporary entry: `<prefix><middle>-<pid>-<8 hex digits>`.
    static func temporaryName(prefix: String, middle: String) -> String {
        let random = String(UInt32.random(in: .min ... .max), radix: 16)
        return prefix + middle + "-\(getpid())-" + String(repeating: "0", count: 8 - random.count) + random
    }

    /// The fault armed at `point`, then a stop asked for (`RunInterrupted`).
    private func checkpoint(_ point: PublishFault.Point) throws {
        try fault?.trigger(at: point, cancellation: cancellation)
        try cancellation?.checkpoint(.staging)
    }

    private func createStagingFolder(for dateName: String, in outputs: DirectoryHandle) throws -> String {
        while true {
            let name = PlanPublisher.temporaryName(prefix: PlanPublisher.stagingPrefix, middle: dateName)
            do {
                try outputs.createDirectory(named: name, action: "create the staging folder")
                return name
            } catch PublishError.fileSystem(_, _, EEXIST) {
                continue   // 1 in 2^32 with a leftover of this pid: draw again
            }
        }
    }

    /// Puts staging at `dateName`; returns whether an old folder was exchanged
    /// out (it is now at `stagingName`).
    private func swapIntoPlace(_ stagingName: String, as dateName: String, in outputs: DirectoryHandle) throws -> Bool {
        do {
            if try outputs.kind(of: dateName) == nil {
                do {
                    try outputs.renameWithoutReplacing(stagingName, to: dateName)
                    return false
                } catch PublishError.fileSystem(_, _, EEXIST) {
                    // Made by someone else since we looked: exchange below.
                } catch PublishError.fileSystem(_, _, ENOTEMPTY) {
                    // Same, where renameat2 is missing and plain rename refuses a full folder.
                }
            }
            try outputs.exchange(stagingName, dateName)
            return true
        } catch {
            try? outputs.removeTree(named: stagingName)
            throw error
        }
    }

    /// Replaces `latest` with a relative link to the newest plan folder, unless
    /// it points there already; returns that date, `nil` when there is no plan folder.
    static func pointLatestAtNewest(in outputs: DirectoryHandle) throws -> CalendarDate? {
        guard let newest = try PublishedPlans.dates(in: outputs).last else { return nil }
        let target = PublishedPlans.folderName(for: newest)
        if try outputs.linkTarget(of: PublishedPlans.latestName) == target { return newest }
        let temporary = temporaryName(prefix: latestTemporaryPrefix, middle: target)
        try outputs.createSymbolicLink(named: temporary, target: target)
        do {
            try outputs.rename(temporary, to: PublishedPlans.latestName)
        } catch {
            try? outputs.removeFile(named: temporary)
            throw error
        }
        return newest
    }

    /// Plan file names must be plain names: one path component, visible, each once.
    private func checkNames(_ names: [String]) throws {
        var seen = Set<String>()
        for name in names {
            guard !name.isEmpty, !name.hasPrefix("."), !name.contains("/"), !name.utf8.contains(0),
                  seen.insert(name).inserted else { throw PublishError.badFileName(name) }
        }
    }
}
