import AllotCore
import AllotIngest
import ArgumentParser
import Foundation

/// `allot run`: the nightly job (SPEC 1). Reads and checks the night's inputs;
/// planning and publishing land with their own issues.
struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "The nightly job: read the inputs, plan, publish."
    )

    @OptionGroup var input: InputOptions
    @OptionGroup var logging: LoggingOptions

    @Option(help: "The outputs folder.")
    var outputs: String = "Outputs"

    @Option(help: "The plan date (default: today in Asia/Shanghai).")
    var date: String?

    @Flag(help: "Publish nothing and exit 3 when any record is rejected.")
    var strict = false

    func run() throws {
        let logger = logging.makeLogger()
        let night: IngestedNight
        do {
            night = try NightIngest.read(inputs: input.inputsURL, configFile: input.configURL)
        } catch {
            FileHandle.standardError.write(Data("allot: \(error)\n".utf8))
            throw ExitStatus(for: error).exitCode
        }
        for warning in night.warnings { logger.warning("\(warning)") }
        let totals = night.totals
        FileHandle.standardError.write(Data(
            "allot: read \(totals.records) records from \(night.files.count) files: \(totals.accepted) accepted, \(totals.rejected) rejected, \(totals.superseded) superseded; \(night.offers.count) offers and \(night.requests.count) requests for the plan\n".utf8))
        if strict && !night.rejects.isEmpty { throw ExitStatus.inputsUnusable.exitCode }
    }
}
