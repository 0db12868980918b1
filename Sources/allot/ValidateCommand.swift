import AllotCore
import AllotIngest
import ArgumentParser
import Foundation

/// `allot validate`: what a feed provider runs before sending (SPEC 10).
struct ValidateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Check the feeds only: a summary per file and every reject.",
        discussion: "Exits 0 when nothing is rejected and 3 otherwise (2 for a policy error)."
    )

    @OptionGroup var input: InputOptions
    @OptionGroup var logging: LoggingOptions

    func run() throws {
        let logger = logging.makeLogger()
        let night: IngestedNight
        do {
            night = try NightIngest.read(inputs: input.inputsURL, configFile: input.configURL)
        } catch {
            FileHandle.standardError.write(Data("allot: \(error)\n".utf8))
            throw ExitStatus(for: error).exitCode
        }
        print(IngestReport.text(for: night), terminator: "")
        for warning in night.warnings { logger.warning("\(warning)") }
        if !night.rejects.isEmpty { throw ExitStatus.inputsUnusable.exitCode }
    }
}
