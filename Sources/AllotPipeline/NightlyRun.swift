import AllotCore
import AllotLedger
import AllotIngest
import AllotPublish
import Foundation

/// What `allot run` was asked to do (SPEC 1, 10).
public struct RunOptions: Sendable {
    public var inputs: URL
    public var outputs: URL
    public var planDate: CalendarDate
    public var config: URL?
    /// Publish nothing and fail when anything is rejected.
    public var strict: Bool
    /// Prune plan folders older than this many days before the newest.
    public var keepDays: Int?
    /// How the human-facing files of the plan folder are rendered.
    public var files: PlanFileOptions
    /// Plan without an `overrides.csv` that cannot be used (`--allow-bad-overrides`), saying so in
    /// the report, rather than stop with exit 3.
    public var allowBadOverrides: Bool
    /// After a successful publish, remove each feed read from the drop zone once its copy in the plan
    /// folder and the file still there both have the digest it was read with (`--archive-feeds`).
    public var archiveFeeds: Bool

    public init(inputs: URL, outputs: URL, planDate: CalendarDate, config: URL? = nil, strict: Bool = false,
                keepDays: Int? = nil, files: PlanFileOptions = PlanFileOptions(), allowBadOverrides: Bool = false,
                archiveFeeds: Bool = false) {
        self.allowBadOverrides = allowBadOverrides
        self.archiveFeeds = archiveFeeds
        self.inputs = inputs
        self.outputs = outputs
        self.planDate = planDate
        self.config = config
        self.strict = strict
        self.keepDays = keepDays
        self.files = files
    }

    public typealias Files = PlanFileOptions
    public typealias Language = OutputLanguage

    /// `--now`: SPEC 2's timestamp (ISO 8601, no zone meaning Asia/Shanghai); `nil` when the text is not one.
    public static func timestamp(_ text: String) -> Instant? { DateText.instant(text) }
}

/// How a published run went, for the closing summary line.
public struct RunOutcome: Sendable {
    public var run: NightRun
    public var published: PublishedPlan
    public var pruned: [CalendarDate]
    /// With `--archive-feeds`: the feeds removed from the drop zone, and those left there with the reason.
    public var archived: [String] = []
    public var notArchived: [String] = []
    /// What each stage took, in order: for `allot.prom`.
    public var stages: [RunMetrics.Stage] = []
}

/// A run that stops before publishing because of its inputs.
public enum RunStop: Error, CustomStringConvertible, Sendable {
    /// `--strict` and something was rejected: exit 3.
    case strictRejects(Int)

    public var description: String {
        switch self {
        case .strictRejects(let n): return "--strict: \(n) records rejected (see them with allot validate); nothing published"
        }
    }
}

/// Reports each stage as it starts (for a progress display).
public typealias StageObserver = (_ stage: String) -> Void

extension NightlyPipeline {
    /// The whole nightly run under the outputs lock: ingest, plan, render,
    /// publish, prune. `allot.prom` is written whether the run succeeds or not.
    ///
    /// - Parameter cancellation: a stop asked for through it (``StopSignals``) ends the run at the
    ///   next checkpoint of ingest, planning or staging with `RunInterrupted`, through the same
    ///   cleanup as a failed publish; once the plan folder is in place the run finishes.
    public static func run(_ options: RunOptions, now: @escaping () -> Date = Date.init,
                           cancellation: RunCancellation = RunCancellation(),
                           stage: StageObserver = { _ in }) throws -> RunOutcome {
        let started = now()
        let fault: PublishFault?
        let lock: OutputLock
        do {
            fault = try PublishFault.fromEnvironment()
            if let fault { cancellation.install(probe: fault.probe) }
            lock = try OutputLock.acquire(outputs: options.outputs, fault: fault)
        } catch {
            // Refused the lock (4) or unable to take it: recorded all the same, keeping what the holder wrote.
            let metrics = RunMetrics(exitStatus: ExitStatus(for: error).rawValue,
                                     durationSeconds: now().timeIntervalSince(started), now: instant(now()))
            _ = try? metrics.writeTextfile(outputs: options.outputs, creatingFolder: false)
            throw error
        }
        defer { lock.release() }
        do {
            let publisher = PlanPublisher(fault: fault, cancellation: cancellation)
            var outcome = try runLocked(options, lock: lock, publisher: publisher, now: now, stage: stage)
            var metrics = RunMetrics(run: outcome.run, durationSeconds: now().timeIntervalSince(started),
                                     now: instant(now()))
            metrics.stages = outcome.stages
            // Metrics are for monitoring: failing to write them must not undo a published plan.
            do { try metrics.writeTextfile(outputs: options.outputs) } catch {
                outcome.run.warnings.append("could not write \(RunMetrics.textfileName): \(error)")
            }
            return outcome
        } catch {
            let metrics = RunMetrics(exitStatus: ExitStatus(for: error).rawValue, durationSeconds: now().timeIntervalSince(started),
                                     now: instant(now()))
            _ = try? metrics.writeTextfile(outputs: options.outputs)   // best effort: the run's own error matters more
            throw error
        }
    }

    private static func runLocked(_ options: RunOptions, lock: OutputLock, publisher: PlanPublisher, now: () -> Date,
                                  stage: StageObserver) throws -> RunOutcome {
        let cancellation = publisher.cancellation ?? RunCancellation()
        var timings = [String: Double]()
        var stages = [RunMetrics.Stage]()
        func timed<T>(_ name: String, _ body: () throws -> T) rethrows -> T {
            stage(name)
            let t0 = now()
            let usage0 = ProcessUsage.current()
            defer {
                let seconds = now().timeIntervalSince(t0)
                let usage = ProcessUsage.current()
                timings[name] = seconds
                stages.append(RunMetrics.Stage(name: name, seconds: seconds, cpuSeconds: usage.cpuSeconds - usage0.cpuSeconds,
                                               peakResidentBytes: usage.peakResidentBytes))
            }
            return try body()
        }
        // The plan folder is staged first, so that the copy of the inputs is written as they are read.
        let staged = try publisher.stage(planDate: options.planDate, under: lock)
        let published: PublishedPlan
        var run: NightRun
        let ledger: Ledger
        let receipts: [Receipt]
        do {
            var opened: Ledger?
            var ledgerWarnings = [String]()
            let openedAt = instant(now())
            /// Opens the ledger and records every published night it misses, before carry-over and ages read it.
            func openLedger(_ policy: Policy) throws -> Ledger {
                if let opened { return opened }
                let ledger = try Ledger.open(Ledger.location(policy, outputs: options.outputs))
                ledgerWarnings = try bringInStep(ledger, outputs: options.outputs, tonight: options.planDate,
                                                 at: openedAt)
                opened = ledger
                return ledger
            }
            let night = try timed("ingest") {
                try NightIngest.read(inputs: options.inputs, configFile: options.config, cancellation: cancellation,
                                     keep: { file, role in try keepCopy(of: file, as: role, in: staged) },
                                     allowBadOverrides: options.allowBadOverrides,
                                     carryOver: { night in
                                         // Opened as soon as the policy names it: carry-over reads it, and a file
                                         // at its path that is not a ledger stops the run (2) before planning.
                                         try carriedOver(night, planDate: options.planDate,
                                                         ledger: try openLedger(night.policy))
                                     })
            }
            ledger = try openLedger(night.policy)
            run = try timed("plan") { try plan(night, planDate: options.planDate, cancellation: cancellation) }
            receipts = try checkReceipts(night.receipts, in: ledger, run: &run)
            if options.strict && !run.rejects.isEmpty { throw RunStop.strictRejects(run.rejects.count) }
            run.ages = try ledger.ages(of: run.plan.outcomes.filter { $0.reason != nil }.map(\.request),
                                       on: options.planDate)
            run.closedOut = try ledger.closeouts(since: options.planDate)
            // Read under the outputs lock, before the swap: no run replaces them meanwhile.
            let previous = previousPlan(before: options.planDate, outputs: options.outputs)
            let replaced = replacedPlan(options.planDate, outputs: options.outputs)
            run.staleInputs = StaleInputs.warnings(inputs: run.inputs, planDate: options.planDate,
                                                   previous: previous.feeds)
            run.warnings += run.staleInputs + ledgerWarnings
            run.warningCount += run.staleInputs.count + ledgerWarnings.count
            let rendered = try timed("render") { () throws -> PlanFiles.RenderedFiles in
                run.timings = timings
                var fileOptions = options.files
                fileOptions.previousPlan = previous.plan
                fileOptions.replacedPlan = replaced.plan
                fileOptions.replacedPublished = replaced.published
                fileOptions.madeAt = options.files.generated ?? instant(now())
                return try PlanFiles.renderFiles(run, options: fileOptions)
            }
            // The manifest records every stage before it: ingest, plan and render.
            run.timings = timings
            published = try timed("publish") {
                try publisher.publish(files: rendered.files + [try PlanFiles.manifest(of: rendered, run: run)], staged: staged)
            }
        } catch PublishError.faultInjected(let point) {
            throw PublishError.faultInjected(point)   // as if killed: the next run removes the staging folder
        } catch {
            staged.discard()
            throw error
        }
        var pruned = [CalendarDate]()
        if let keep = options.keepDays {
            pruned = try PlanRetention.prune(keepDays: keep, keeping: options.planDate, under: lock)
        }
        try timed("ledger") {
            try recordNight(published: published.folder, date: options.planDate, terms: run.plan.carryOverTerms(),
                            in: ledger, outputs: options.outputs, at: instant(now()), receipts: receipts,
                            fault: publisher.fault)
        }
        run.timings = timings
        var outcome = RunOutcome(run: run, published: published, pruned: pruned, stages: stages)
        if options.archiveFeeds {
            (outcome.archived, outcome.notArchived) = archiveFeeds(of: run, inputs: options.inputs,
                                                                   published: published.folder)
        }
        return outcome
    }

    /// Copies an input file the night has read into the staged plan folder's
    /// `inputs/`, from the descriptor its reader read, and returns the digest of
    /// the bytes copied (the manifest's). A file written to while the run read
    /// it is refused: its copy, its digest and what the readers took might disagree.
    static func keepCopy(of file: InputFile, as role: InputFileSummary.Role, in staged: PlanStaging) throws -> String {
        let digest = try staged.copyInput(path: InputFileSummary.copyPath(of: file.path, role: role), from: file.readBlocks)
        if file.changedSinceOpened {
            throw IngestError.inputsUnusable("\(file.path) was written to while this run read it; "
                + "run again once the drop is complete")
        }
        return digest
    }

    /// The newest plan published before `date`, for the report's "changes"
    /// section, and the feeds it was made from (SHA-256 → path, from its
    /// `inputs_copy`) for `StaleInputs`; read under the outputs lock, so no run
    /// replaces it meanwhile. A plan that cannot be read costs the report that
    /// section and the night the check for unchanged feeds, never the night.
    static func previousPlan(before date: CalendarDate, outputs: URL)
        -> (plan: PreviousPlan, feeds: (date: CalendarDate, feeds: [String: String])?) {
        let folder: PlanFolder?
        do { folder = try PlanFolder.previous(before: date, outputs: outputs) } catch {
            return (.unreadable(date: "?", reason: "\(error)"), nil)
        }
        guard let folder else { return (.none, nil) }
        do {
            let snapshot = try PlanSnapshot.read(folder)
            var feeds: (date: CalendarDate, feeds: [String: String])?
            if let copy = snapshot.manifest.inputsCopy {
                let prefix = InputFileSummary.copyFolder + "/"
                var byDigest = [String: String]()
                for (path, digest) in copy.sorted(by: { $0.key < $1.key }) where path.hasPrefix(prefix + "feeds/") {
                    if byDigest[digest] == nil { byDigest[digest] = String(path.dropFirst(prefix.count)) }
                }
                feeds = (folder.date, byDigest)
            }
            return (.plan(try PlanDiff.Side(snapshot)), feeds)
        } catch {
            return (.unreadable(date: folder.name, reason: "\(error)"), nil)
        }
    }

    /// The version of `date` published before, which this run replaces (a
    /// re-run), and when it was published (its manifest's modification time):
    /// read before the swap, so the report can list the lines that differ from
    /// what drivers may have printed. `.none` for a date published for the first time.
    static func replacedPlan(_ date: CalendarDate, outputs: URL) -> (plan: PreviousPlan, published: Instant?) {
        let folder = PlanFolder(date: date, url: outputs.appendingPathComponent(PublishedPlans.folderName(for: date),
                                                                                isDirectory: true))
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder.url.path, isDirectory: &isFolder), isFolder.boolValue else {
            return (.none, nil)
        }
        let manifest = folder.url.appendingPathComponent(ManifestJSON.fileName).path
        let published = (try? FileManager.default.attributesOfItem(atPath: manifest))?[.modificationDate] as? Date
        do { return (.plan(try PlanDiff.Side(PlanSnapshot.read(folder))), published.map(instant)) } catch {
            return (.unreadable(date: folder.name, reason: "\(error)"), published.map(instant))
        }
    }

    /// Records a run of `allot run` whose arguments were refused (exit 2) in
    /// `outputs/allot.prom`, as every run that reaches the outputs folder does;
    /// an outputs folder that does not exist is left so (a mistyped `--outputs`
    /// makes no folder). Best effort: the usage error is what the operator reads.
    public static func recordUsageError(outputs: URL, now: Date = Date()) {
        let metrics = RunMetrics(exitStatus: ExitStatus.usageOrPolicy.rawValue, durationSeconds: 0, now: instant(now))
        _ = try? metrics.writeTextfile(outputs: outputs, creatingFolder: false)
    }

    public static func instant(_ date: Date) -> Instant {
        Instant(microsecondsSinceEpoch: Int64((date.timeIntervalSince1970 * 1_000_000).rounded()))
    }
}
