import AllotCore
import AllotPipeline
import ArgumentParser
import Foundation

/// `allot explain SOURCE:ID`: why a request got what it got, or where an offer went (SPEC 10).
struct ExplainCommand: StageCommand {
    static let configuration = CommandConfiguration(
        commandName: "explain",
        abstract: "Why a request got what it got, or where an offer went.",
        discussion: """
            Explains the published plan of --date (default: the newest): plans it again from the copy of \
            the inputs its plan folder keeps (Outputs/<date>/inputs/), checks that against the published \
            dispatch.csv, then names what binds: distance, deadline, cap, capacity taken by higher tiers, \
            the fair share level of the tier, or the capacity in reach itself, and the reason unmet.csv gives. \
            The inputs folder as it is now plays no part. \
            Exit status: 0 explained; 1 internal failure; 2 usage error: a malformed SOURCE:ID, a record not \
            in that plan, or no plan published for that date; 3 the plan folder keeps no copy of its inputs \
            (published by an older allot), the copy differs from its manifest, or the outputs folder cannot be read.
            """
    )

    @Argument(help: "The record as SOURCE:ID (the feed's source and the record's id).")
    var record: String

    @Option(help: "The outputs folder.")
    var outputs: String = "Outputs"

    @Option(help: "The plan date, YYYY-MM-DD, or latest (default: the newest published plan).")
    var date: String?

    @OptionGroup var logging: LoggingOptions

    /// `--date`, read.
    var planDate: CalendarDate? { get throws { try date.flatMap { try CommandLineDate.parsePlan($0, argument: "--date") } } }

    func validate() throws {
        _ = try planDate
    }

    func perform() throws {
        _ = logging.makeLogger(command: "explain")
        let outcome = try NightlyPipeline.explain(ExplainOptions(
            record: record, outputs: URL(fileURLWithPath: outputs, isDirectory: true), date: try planDate))
        print(outcome.text, terminator: "")
    }
}
