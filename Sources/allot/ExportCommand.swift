import AllotCore
import AllotPipeline
import ArgumentParser
import Foundation

/// `allot export`: re-export a published plan (SPEC 10).
struct ExportCommand: StageCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Re-export a published plan: the request to the province, the dispatch list, the unmet list or the transport passes.",
        discussion: """
            province: by material, request region and tier, requested, delivered, shortfall and the quantity asked \
            of the province. dispatch: one row per shipment. unmet: every request not fully served. \
            passes: one transport pass request per supplier, route and shipping day, made again from the dispatch \
            lines with the truck capacity the run had. \
            xml is checked against the project's schema; csv is UTF-8 with BOM; xlsx is a workbook with a frozen \
            header row. Headers, material, region and reason names are in Chinese, or English with --lang en.

            Without --out (or with --out -), xml and csv go to standard output and xlsx to \
            <plan date>-<what>.xlsx in the current folder.

            Exit status: 0 exported; 1 internal failure, or --out cannot be written; 2 usage error or no such plan; \
            3 a plan file, the outputs folder or a reference table cannot be read.
            """
    )

    @Argument(help: "province, dispatch, unmet or passes.")
    var what: ExportOptions.Kind

    @Option(help: "The outputs folder.")
    var outputs: String = "Outputs"

    @Option(help: "The plan date, YYYY-MM-DD, or latest (default: the newest published plan).")
    var date: String?

    @Option(help: "xml, csv or xlsx.")
    var format: ExportOptions.Format

    @Option(help: ArgumentHelp("The file to write; - for standard output.", valueName: "file"))
    var out: String?

    @Option(help: "Language of headers and names: zh (default) or en.")
    var lang: ExportOptions.Language = .zh

    @Option(help: "The inputs folder whose reference/ tables name regions and materials (built-in tables when absent).")
    var inputs: String = "Inputs"

    @OptionGroup var logging: LoggingOptions

    /// `--date`, read.
    var planDate: CalendarDate? { get throws { try date.flatMap { try CommandLineDate.parsePlan($0, argument: "--date") } } }

    func validate() throws {
        _ = try planDate
    }

    func perform() throws {
        _ = logging.makeLogger(command: "export")
        let options = ExportOptions(kind: what, format: format, outputs: URL(fileURLWithPath: outputs, isDirectory: true),
                                    date: try planDate, language: lang,
                                    inputs: URL(fileURLWithPath: inputs, isDirectory: true))
        let outcome = try NightlyPipeline.export(options)
        try CommandOutput.write(outcome.bytes, to: out ?? (format == .xlsx ? outcome.defaultFileName : "-"),
                                what: "from plan \(outcome.planDate)")
    }
}

extension ExportOptions.Kind: ExpressibleByArgument {}
extension ExportOptions.Format: ExpressibleByArgument {}
