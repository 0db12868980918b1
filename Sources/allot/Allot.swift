import AllotCore
import AllotPipeline
import ArgumentParser
import Foundation

@main
struct Allot: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "allot",
        abstract: "Plan the nightly dispatch of emergency supplies.",
        discussion: "Reads the night's supply offers and demand requests from an inputs folder and plans who ships what to whom.",
        version: AllotVersion.current,
        subcommands: [RunCommand.self, ValidateCommand.self, ExplainCommand.self, DiffCommand.self, ExportCommand.self,
                      LedgerCommand.self]
    )

    /// ArgumentParser ends a usage error with status 64 (EX_USAGE); SPEC 11 says 2.
    static func main() {
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch {
            let code = exitCode(for: error)
            if code == .validationFailure {
                RunCommand.recordUsageError(arguments: Array(CommandLine.arguments.dropFirst()))
                FileHandle.standardError.write(Data((fullMessage(for: error) + "\n").utf8))
                Foundation.exit(ExitStatus.usageOrPolicy.rawValue)
            }
            exit(withError: error)
        }
    }
}

/// A command of allot: parses its arguments, calls one pipeline stage in
/// `perform()` and prints what it gives. An error `perform()` throws is
/// printed as `allot: …` and ends the process with its ``ExitStatus``; an
/// `ExitCode` or a usage error (`ValidationError`) passes as it is.
protocol StageCommand: ParsableCommand {
    func perform() throws
}

extension StageCommand {
    func run() throws {
        do {
            try perform()
        } catch let error as ExitCode {
            throw error
        } catch let error as ValidationError {
            throw error
        } catch {
            FileHandle.standardError.write(Data("allot: \(error)\n".utf8))
            throw ExitCode(ExitStatus(for: error).rawValue)
        }
    }
}
