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
            Plans the night again from the inputs folder, checks it against the published dispatch.csv \
            (and says so when the inputs changed since), then names what binds: distance, deadline, cap, \
            capacity taken by higher tiers, or the fair share level of the tier. \
            Exit status: 0 explained; 1 internal failure; 2 usage or policy error: a malformed SOURCE:ID, \
            an unknown record or no such published plan; 3 the inputs unusable, or the outputs folder cannot be read.
            """
    )

    @Argument(help: "The record as SOURCE:ID (the feed's source and the record's id).")
    var record: String

    @OptionGroup var input: InputOptions

    @Option(help: "The outputs folder.")
    var outputs: String = "Outputs"

    @Option(help: "The plan date, YYYY-MM-DD (default: the newest published plan).")
    var date: String?

    /// `--date`, read.
    var planDate: CalendarDate? { get throws { try date.map { try CommandLineDate.parse($0, argument: "--date") } } }

    func validate() throws {
        _ = try planDate
    }

    func perform() throws {
        let outcome = try NightlyPipeline.explain(ExplainOptions(
            record: record, inputs: input.inputsURL, config: input.configURL,
            outputs: URL(fileURLWithPath: outputs, isDirectory: true), date: try planDate))
        print(outcome.text, terminator: "")
    }
}
