import AllotCore
import AllotPipeline
import ArgumentParser
import Foundation

/// `allot diff DATE_A DATE_B`: the changes between two published plans (SPEC 10).
struct DiffCommand: StageCommand {
    static let configuration = CommandConfiguration(
        commandName: "diff",
        abstract: "Changes between two published plans: new, dropped and changed lines, and deliveries that moved.",
        discussion: """
            Each material's totals come first (delivered, shortfall, requests short, lines new, dropped and changed). \
            Lines are matched by (offer, request) whatever the lots' days, one offer's lots to one request summed; \
            a line changed when its quantity or pinned flag differs (or, between two versions of one date, its lot days). \
            A date may be `latest`, the newest published plan. \
            Exit status: 0 (whether or not anything changed); 1 internal failure, or --out cannot be written; \
            2 usage error, or a date with no published plan; 3 a plan file or the outputs folder cannot be read.
            """
    )

    @Argument(help: "The earlier plan date, YYYY-MM-DD, or latest.")
    var dateA: String

    @Argument(help: "The later plan date, YYYY-MM-DD, or latest (the newest published plan).")
    var dateB: String

    @Option(help: "The outputs folder.")
    var outputs: String = "Outputs"

    @Option(help: "text (default) or csv (RFC 4180, UTF-8 with BOM, for spreadsheets).")
    var format: DiffOptions.Format = .text

    @Option(help: "Write to this file instead of standard output.")
    var out: String?

    @OptionGroup var logging: LoggingOptions

    /// The two dates, read.
    var dates: (from: CalendarDate?, to: CalendarDate?) {
        get throws {
            (from: try CommandLineDate.parsePlan(dateA, argument: "<date-a>"),
             to: try CommandLineDate.parsePlan(dateB, argument: "<date-b>"))
        }
    }

    func validate() throws {
        _ = try dates
    }

    func perform() throws {
        _ = logging.makeLogger(command: "diff")
        let (from, to) = try dates
        let outcome = try NightlyPipeline.diff(DiffOptions(
            from: from, to: to, outputs: URL(fileURLWithPath: outputs, isDirectory: true), format: format))
        if let out {
            try OutputFile.write(outcome.bytes, to: out, atomically: false)
        } else {
            FileHandle.standardOutput.write(Data(outcome.bytes))
        }
    }
}

extension DiffOptions.Format: ExpressibleByArgument {}
