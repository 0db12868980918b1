import AllotPipeline
import ArgumentParser
import Foundation

/// `allot validate`: what a feed provider runs before sending (SPEC 10).
struct ValidateCommand: StageCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Check the feeds only: a summary per file and every reject.",
        discussion: """
            Without FILE, checks the inputs folder as a run reads it. With one or more FILE (a .csv, .xml or \
            .xlsx feed each), checks just those, as a feed provider does before sending: with the reference \
            tables of --inputs when it is given, else the built-in region table and catalog. Without the \
            bureau's enterprise registry, a request's blank enterprise name, region or category is a warning \
            (the registry fills it), not a reject.

            --format json writes one JSON document instead of the text, for a program (README, "Commands"); \
            a policy error or unusable inputs write none, only the message on standard error.

            Exit status: 0 nothing rejected; 1 internal failure; 2 usage or policy error; \
            3 something rejected, or the inputs unusable.
            """
    )

    @Argument(help: ArgumentHelp("Feed files to check instead of the inputs folder's feeds.", valueName: "file"))
    var files: [String] = []

    @Option(help: ArgumentHelp(
        "The inputs folder (default: Inputs); with FILE, only where reference tables come from.",
        valueName: "inputs"))
    var inputs: String?

    @Option(help: "A policy file to use instead of <inputs>/allot.toml.")
    var config: String?

    @Option(help: "text (default) or json (one document, keys sorted, for programs).")
    var format: ValidationOutcome.Format = .text

    @OptionGroup var logging: LoggingOptions

    func perform() throws {
        let logger = logging.makeLogger(command: "validate")
        let inputsURL = inputs.map { URL(fileURLWithPath: $0, isDirectory: true) }
        let configURL = config.map { URL(fileURLWithPath: $0) }
        let options = files.isEmpty
            ? ValidateOptions(inputs: inputsURL ?? URL(fileURLWithPath: "Inputs", isDirectory: true), config: configURL)
            : ValidateOptions(files: files, inputs: inputsURL, config: configURL)
        let outcome = try NightlyPipeline.validate(options)
        FileHandle.standardOutput.write(Data(outcome.rendered(as: format)))
        for warning in outcome.warnings { logger.warning("\(warning)") }
        if outcome.status != .published { throw ExitCode(outcome.status.rawValue) }
    }
}

extension ValidationOutcome.Format: ExpressibleByArgument {}
