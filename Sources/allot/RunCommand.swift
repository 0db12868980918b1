import AllotCore
import AllotPipeline
import ArgumentParser
import Foundation

/// `allot run`: the nightly job (SPEC 1).
struct RunCommand: StageCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "The nightly job: read the inputs, plan, publish Outputs/<date>/.",
        discussion: """
            Exit status: 0 published; 1 internal failure (nothing published, the previous plan untouched); \
            2 usage or policy error; 3 inputs unusable (an overrides.csv that cannot be used among them, \
            unless --allow-bad-overrides), or --strict and something was rejected; \
            4 another run holds the lock on the outputs folder; 130 stopped by SIGINT, 143 by SIGTERM \
            (nothing published, the previous plan untouched).
            """
    )

    @OptionGroup var input: InputOptions
    @OptionGroup var logging: LoggingOptions

    @Option(help: "The outputs folder.")
    var outputs: String = "Outputs"

    @Option(help: "The plan date, YYYY-MM-DD (default: today in Asia/Shanghai).")
    var date: String?

    @Flag(help: "Publish nothing and exit 3 when any record is rejected.")
    var strict = false

    @Flag(help: ArgumentHelp(
        "Plan without an overrides.csv that cannot be used, rather than exit 3.",
        discussion: "The report then says that the overrides file was not used, and why."))
    var allowBadOverrides = false

    @Flag(help: ArgumentHelp(
        "After publishing, remove the feeds read from the inputs folder's feeds/ (the plan folder keeps their copy).",
        discussion: "A feed is removed only when its copy in the plan folder and the file still in feeds/ both have "
            + "the SHA-256 it was read with; a feed changed since, or not read, stays."))
    var archiveFeeds = false

    @Option(help: "Remove plan folders more than N days older than the newest plan.")
    var keepDays: Int?

    @Option(help: "Language of the report and exports: zh (default) or en.")
    var lang: RunOptions.Language = .zh

    @Option(help: ArgumentHelp(
        "Tiers whose shortfall province-request.xml asks of the province (default 1,2).",
        discussion: "A list of tiers and ranges: 1,2 or 1-3 or 1-2,4.", valueName: "tiers"))
    var requestTiers: String = "1,2"

    @Option(help: ArgumentHelp(
        "The time the run takes as now: province-request.xml's generated (default: midnight of the plan date, Asia/Shanghai) and report.html's generation time (default: the clock).",
        discussion: "No zone means Asia/Shanghai. With it the same inputs and earlier plans give byte-identical plan files; without it only report.html's generation time differs.", valueName: "timestamp"))
    var now: String?

    /// `--date`, read.
    var planDate: CalendarDate? { get throws { try date.map { try CommandLineDate.parse($0, argument: "--date") } } }

    func validate() throws {
        if let keepDays, keepDays < 0 { throw ValidationError("--keep-days must be 0 or more") }
        _ = try planDate
        if TierList.parse(requestTiers) == nil {
            throw ValidationError("--request-tiers \(requestTiers) is not a list of tiers (for example 1,2 or 1-3)")
        }
        if let now, RunOptions.timestamp(now) == nil {
            throw ValidationError("--now \(now) is not an ISO 8601 date and time (for example 2020-02-11T06:00:00+08:00)")
        }
    }

    func perform() throws {
        // First, so that a SIGTERM or SIGINT from here on ends the run through its cleanup.
        let cancellation = RunCancellation()
        let signals = StopSignals.watch(cancellation)
        defer { signals.cancel() }
        let logger = logging.makeLogger(command: "run")
        let options = RunOptions(inputs: input.inputsURL, outputs: URL(fileURLWithPath: outputs, isDirectory: true),
                                 planDate: try planDate ?? NightlyPipeline.today(), config: input.configURL,
                                 strict: strict, keepDays: keepDays,
                                 files: RunOptions.Files(language: lang,
                                                         requestTiers: TierList.parse(requestTiers) ?? [1, 2],
                                                         generated: now.flatMap(RunOptions.timestamp)),
                                 allowBadOverrides: allowBadOverrides, archiveFeeds: archiveFeeds)
        let progress = Progress()
        let outcome: RunOutcome
        do {
            outcome = try NightlyPipeline.run(options, cancellation: cancellation, stage: { stage in
                logger.info("stage \(stage)")
                progress.show(stage)
            })
        } catch {
            progress.clear()
            throw error
        }
        progress.clear()
        for warning in outcome.run.warnings { logger.warning("\(warning)") }
        for date in outcome.pruned { logger.notice("removed plan folder \(date) (--keep-days)") }
        for path in outcome.archived { logger.notice("removed \(path) from the inputs folder (--archive-feeds)") }
        for reason in outcome.notArchived { logger.warning("\(reason) (--archive-feeds)") }
        FileHandle.standardError.write(Data((outcome.summary(outputs: outputs) + "\n").utf8))
    }
}

// MARK: - A usage error in allot.prom

extension RunCommand {
    /// The outputs folder of an `allot run` command line that was refused: what
    /// `--outputs` says whatever else is wrong (an unknown option, a bad value), the default without it.
    struct OutputsArgument: ParsableArguments {
        @Option var outputs: String = "Outputs"
        @Argument(parsing: .allUnrecognized) var other: [String] = []
    }

    /// Records exit 2 in `allot.prom` when `arguments` (without the program's name)
    /// are an `allot run` whose outputs folder can still be told and exists.
    static func recordUsageError(arguments: [String]) {
        guard arguments.first == configuration.commandName,
              let parsed = try? OutputsArgument.parse(Array(arguments.dropFirst())) else { return }
        NightlyPipeline.recordUsageError(outputs: URL(fileURLWithPath: parsed.outputs, isDirectory: true))
    }
}

/// A one-line progress display, only when standard error is a terminal (never in cron's mail).
final class Progress {
    private let enabled = isatty(STDERR_FILENO) == 1
    private var shown = false

    func show(_ stage: String) {
        guard enabled else { return }
        FileHandle.standardError.write(Data("\r\u{1B}[2Kallot: \(stage)…".utf8))
        shown = true
    }

    func clear() {
        guard enabled, shown else { return }
        FileHandle.standardError.write(Data("\r\u{1B}[2K".utf8))
        shown = false
    }
}

/// `--request-tiers`: tiers and ranges separated by commas (`1,2`, `1-3`, `1-2,4`).
enum TierList {
    /// The tiers ascending, each once; `nil` when the text is not such a list
    /// (a tier below 1, a range running backwards, or more than 100 tiers).
    static func parse(_ text: String) -> [Int]? {
        var tiers = Set<Int>()
        for part in text.split(separator: ",", omittingEmptySubsequences: false) {
            let bounds = part.split(separator: "-", omittingEmptySubsequences: false)
                .map { Int($0.trimmingCharacters(in: .whitespaces)) }
            guard (1...2).contains(bounds.count), let low = bounds.first ?? nil, let high = bounds.last ?? nil,
                  low >= 1, low <= high, high <= 100 else { return nil }
            tiers.formUnion(low...high)
        }
        return tiers.isEmpty ? nil : tiers.sorted()
    }
}
