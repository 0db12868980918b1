import AllotCore
import AllotPipeline
import ArgumentParser
import Foundation

/// Where a ledger command finds the ledger: `--outputs`, and `--inputs` or `--config` whose `allot.toml`
/// may move it (SPEC 15).
struct LedgerLocationOptions: ParsableArguments {
    @Option(help: "The outputs folder.")
    var outputs: String = "Outputs"

    @Option(help: "The inputs folder whose allot.toml may move the ledger and whose reference/ tables name regions and materials.")
    var inputs: String = "Inputs"

    @Option(help: ArgumentHelp("The policy file, instead of the inputs folder's allot.toml.", valueName: "file"))
    var config: String?

    var location: LedgerLocation {
        LedgerLocation(outputs: URL(fileURLWithPath: outputs, isDirectory: true),
                       inputs: URL(fileURLWithPath: inputs, isDirectory: true),
                       config: config.map { URL(fileURLWithPath: $0) })
    }
}

extension ProblemListOptions.Format: ExpressibleByArgument {}

/// `allot ledger problems`: the problem list (问题清单).
struct LedgerProblemsCommand: StageCommand {
    static let configuration = CommandConfiguration(
        commandName: "problems",
        abstract: "The problem list: items open after the latest night and not closed out, oldest first.",
        discussion: """
            Each item with its age (consecutive nights open), shortfall and last reason. text is for reading; csv has \
            the columns request_source, request_id, enterprise_id, enterprise_name, region, material, tier, state, \
            age, requested, delivered, shortfall, reason, first_night, last_night (UTF-8 with BOM, codes as the plan \
            files have them); xlsx has headers and names in Chinese, or English with --lang en.

            Exit status: 0 listed; 1 internal failure, or --out cannot be written; 2 usage error, a material or \
            region not known, or no ledger (any allot run creates it); 3 a reference table cannot be read.
            """
    )

    @Option(help: "Only this material (code, name or alias).")
    var material: String?

    @Option(help: "Only this region's code: a county, or a city or province with the counties in it.")
    var region: String?

    @Option(name: .customLong("min-age"), help: "Only items open this many nights or more.")
    var minAge: Int = 1

    @Option(help: "text, csv or xlsx.")
    var format: ProblemListOptions.Format = .text

    @Option(help: "Language of the xlsx headers and names: zh (default) or en.")
    var lang: ExportOptions.Language = .zh

    @Option(help: ArgumentHelp("The file to write; - for standard output (xlsx: ledger-problems.xlsx by default).", valueName: "file"))
    var out: String?

    @OptionGroup var where_: LedgerLocationOptions
    @OptionGroup var logging: LoggingOptions

    func validate() throws {
        guard minAge >= 1 else { throw ValidationError("--min-age \(minAge) is not a positive number of nights") }
    }

    func perform() throws {
        _ = logging.makeLogger(command: "ledger problems")
        let bytes = try NightlyPipeline.problemList(ProblemListOptions(
            location: where_.location, material: material, region: region, minimumAge: minAge, format: format,
            language: lang))
        try CommandOutput.write(bytes, to: out ?? (format == .xlsx ? "ledger-problems.xlsx" : "-"), what: "the problem list")
    }
}

/// `allot ledger history SOURCE:ID`.
struct LedgerHistoryCommand: StageCommand {
    static let configuration = CommandConfiguration(
        commandName: "history",
        abstract: "Every night of one item: what it asked, what it got, its lines and its close-outs.",
        discussion: "Exit status: 0 shown; 1 internal failure; 2 a malformed SOURCE:ID, an item the ledger does not hold, or no ledger."
    )

    @Argument(help: "The request as SOURCE:ID.")
    var item: String

    @OptionGroup var where_: LedgerLocationOptions
    @OptionGroup var logging: LoggingOptions

    func perform() throws {
        _ = logging.makeLogger(command: "ledger history")
        print(try NightlyPipeline.itemHistory(item, location: where_.location), terminator: "")
    }
}

/// `allot ledger close|reopen SOURCE:ID --note TEXT [--by NAME]`.
struct LedgerCloseOutOptions: ParsableArguments {
    @Argument(help: "The request as SOURCE:ID.")
    var item: String

    @Option(help: "Why (required).")
    var note: String

    @Option(help: "Who (default: the login name).")
    var by: String?

    @Option(help: ArgumentHelp("The time recorded, ISO 8601 (default: the clock).", visibility: .hidden))
    var now: String?

    var who: String {
        by ?? ProcessInfo.processInfo.environment["LOGNAME"] ?? ProcessInfo.processInfo.environment["USER"] ?? ""
    }

    func time() throws -> Instant {
        guard let now else { return NightlyPipeline.instant(Date()) }
        guard let time = RunOptions.timestamp(now) else { throw ValidationError("--now \(now) is not an ISO 8601 date and time") }
        return time
    }

    /// Closes the item out, or reopens it, and says so.
    func perform(reopen: Bool, at location: LedgerLocation) throws {
        print(try NightlyPipeline.closeOut(item, reopen: reopen, note: note, by: who, location: location, at: try time()),
              terminator: "")
    }
}

struct LedgerCloseCommand: StageCommand {
    static let configuration = CommandConfiguration(
        commandName: "close",
        abstract: "Close out an item (销号): it leaves the problem list and is not carried over.",
        discussion: """
            Recorded with the note, who and when, and never lost; reopen undoes it. A feed that states the key again \
            on a later night puts the item back on the list.
            Exit status: 0 closed; 1 internal failure; 2 a malformed SOURCE:ID, an empty note, an item the ledger does \
            not hold or already closed, or no ledger.
            """
    )

    @OptionGroup var closeOut: LedgerCloseOutOptions
    @OptionGroup var where_: LedgerLocationOptions
    @OptionGroup var logging: LoggingOptions

    func perform() throws {
        _ = logging.makeLogger(command: "ledger close")
        try closeOut.perform(reopen: false, at: where_.location)
    }
}

struct LedgerReopenCommand: StageCommand {
    static let configuration = CommandConfiguration(
        commandName: "reopen",
        abstract: "Undo the close-out of an item; both stay in its history.",
        discussion: "Exit status: 0 reopened; 1 internal failure; 2 a malformed SOURCE:ID, an empty note, an item not closed, or no ledger."
    )

    @OptionGroup var closeOut: LedgerCloseOutOptions
    @OptionGroup var where_: LedgerLocationOptions
    @OptionGroup var logging: LoggingOptions

    func perform() throws {
        _ = logging.makeLogger(command: "ledger reopen")
        try closeOut.perform(reopen: true, at: where_.location)
    }
}
