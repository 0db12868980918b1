import AllotPipeline
import ArgumentParser
import Foundation

/// `allot validate`: what a feed provider runs before sending (SPEC 10).
struct ValidateCommand: StageCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Check the feeds only: a summary per file and every reject.",
        discussion: """
            Exit status: 0 nothing rejected; 1 internal failure; 2 usage or policy error; \
            3 something rejected, or the inputs unusable.
            """
    )

    @OptionGroup var input: InputOptions
    @OptionGroup var logging: LoggingOptions

    func perform() throws {
        let logger = logging.makeLogger(command: "validate")
        let outcome = try NightlyPipeline.validate(ValidateOptions(inputs: input.inputsURL, config: input.configURL))
        print(outcome.text, terminator: "")
        for warning in outcome.warnings { logger.warning("\(warning)") }
        if outcome.status != .published { throw ExitCode(outcome.status.rawValue) }
    }
}
