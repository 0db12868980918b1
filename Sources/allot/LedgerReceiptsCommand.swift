import AllotCore
import AllotPipeline
import ArgumentParser
import Foundation

/// `allot ledger receipts`: a night's dispatch lines, confirmed, short and unconfirmed (SPEC 15).
struct LedgerReceiptsCommand: StageCommand {
    static let configuration = CommandConfiguration(
        commandName: "receipts",
        abstract: "List a night's dispatch lines as receipts left them: confirmed, short or unconfirmed.",
        discussion: """
            Receipts come from Inputs/receipts.csv (plan_date, line_id, received, received_on, note; or \
            计划日期, 调拨单号, 实收数量, 到货日期, 备注): each run checks them against the ledger and records \
            those that stand; a later receipt for a line replaces an earlier one. Without --date, the latest \
            night recorded that has lines. text is for reading; csv is UTF-8 with BOM; xlsx is a workbook with \
            the plan date above a frozen header row and totals per material. Headers, material and state names \
            are in Chinese, or English with --lang en.

            Without --out (or with --out -), text and csv go to standard output and xlsx to \
            <plan date>-receipts.xlsx in the current folder.

            Exit status: 0 listed; 1 internal failure, or --out cannot be written; 2 usage or policy error, no \
            ledger yet (any allot run creates it), no night recorded for --date, or a file at the ledger's path \
            that is not a ledger; 3 a reference table cannot be read.
            """
    )

    @Option(help: "The night, YYYY-MM-DD (default: the latest night recorded that has lines).")
    var date: String?

    @Option(help: "text, csv or xlsx.")
    var format: LedgerReceiptsOptions.Format = .text

    @Option(help: "Language of headers and names: zh (default) or en.")
    var lang: RunOptions.Language = .zh

    @Option(help: ArgumentHelp("The file to write; - for standard output.", valueName: "file"))
    var out: String?

    @OptionGroup var where_: LedgerLocationOptions
    @OptionGroup var logging: LoggingOptions

    /// `--date`, read.
    var night: CalendarDate? { get throws { try date.map { try CommandLineDate.parse($0, argument: "--date") } } }

    func validate() throws {
        _ = try night
    }

    func perform() throws {
        _ = logging.makeLogger(command: "ledger receipts")
        let location = where_.location
        let outcome = try NightlyPipeline.ledgerReceipts(LedgerReceiptsOptions(
            outputs: location.outputs, inputs: location.inputs, config: location.config, date: try night, format: format,
            language: lang))
        try CommandOutput.write(outcome.bytes, to: out ?? (format == .xlsx ? outcome.defaultFileName : "-"),
                                what: "receipts" + (outcome.planDate.map { " of the night of \($0)" } ?? ""))
    }
}

extension LedgerReceiptsOptions.Format: ExpressibleByArgument {}
