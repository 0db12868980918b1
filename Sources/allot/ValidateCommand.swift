import AllotCore
import AllotIngest
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
        let logger = logging.makeLogger()
        let night = try NightIngest.read(inputs: input.inputsURL, configFile: input.configURL)
        print(IngestReport.text(for: night), terminator: "")
        for warning in night.warnings { logger.warning("\(warning)") }
        if !night.rejects.isEmpty { throw ExitCode(ExitStatus.inputsUnusable.rawValue) }
    }
}
