import AllotCore
import AllotPipeline
import AllotPublish
import ArgumentParser
import Foundation

/// `allot export`: re-export a published plan (SPEC 10).
struct ExportCommand: StageCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Re-export a published plan: the request to the province, the dispatch list or the unmet list.",
        discussion: """
            province: by material, request region and tier, requested, delivered, shortfall and the quantity asked \
            of the province. dispatch: one row per shipment. unmet: every request not fully served. \
            xml is checked against the project's schema; csv is UTF-8 with BOM; xlsx is a workbook with a frozen \
            header row. Headers, material, region and reason names are in Chinese, or English with --lang en.

            Without --out (or with --out -), xml and csv go to standard output and xlsx to \
            <plan date>-<what>.xlsx in the current folder.

            Exit status: 0 exported; 1 internal failure, or --out cannot be written; 2 usage error or no such plan; \
            3 a plan file, the outputs folder or a reference table cannot be read.
            """
    )

    @Argument(help: "province, dispatch or unmet.")
    var what: PlanExport.Kind

    @Option(help: "The outputs folder.")
    var outputs: String = "Outputs"

    @Option(help: "The plan date, YYYY-MM-DD (default: the newest published plan).")
    var date: String?

    @Option(help: "xml, csv or xlsx.")
    var format: PlanExport.Format

    @Option(help: ArgumentHelp("The file to write; - for standard output.", valueName: "file"))
    var out: String?

    @Option(help: "Language of headers and names: zh (default) or en.")
    var lang: OutputLanguage = .zh

    @Option(help: "The inputs folder whose reference/ tables name regions and materials (built-in tables when absent).")
    var inputs: String = "Inputs"

    func validate() throws {
        if let date { _ = try CommandLineDate.parse(date, argument: "--date") }
    }

    func perform() throws {
        let options = ExportOptions(kind: what, format: format, outputs: URL(fileURLWithPath: outputs, isDirectory: true),
                                    date: date.flatMap { CalendarDate(iso: $0) }, language: lang,
                                    inputs: URL(fileURLWithPath: inputs, isDirectory: true))
        let outcome = try NightlyPipeline.export(options)
        let target = out ?? (format == .xlsx
            ? PlanExport.defaultFileName(what, format, planDate: outcome.folder.date) : "-")
        if target == "-" {
            FileHandle.standardOutput.write(Data(outcome.bytes))
        } else {
            try Data(outcome.bytes).write(to: URL(fileURLWithPath: target), options: .atomic)
            FileHandle.standardError.write(Data("allot: wrote \(target) (\(outcome.bytes.count) bytes) from plan \(outcome.folder.name)\n".utf8))
        }
    }
}

extension PlanExport.Kind: ExpressibleByArgument {}
extension PlanExport.Format: ExpressibleByArgument {}
