import AllotPublish
import ArgumentParser
import Foundation
import Logging

/// Options every command that reads the inputs folder takes.
struct InputOptions: ParsableArguments {
    @Option(help: "The inputs folder (the nightly drop zone).")
    var inputs: String = "Inputs"

    @Option(help: "A policy file to use instead of <inputs>/allot.toml.")
    var config: String?

    var inputsURL: URL { URL(fileURLWithPath: inputs, isDirectory: true) }
    var configURL: URL? { config.map { URL(fileURLWithPath: $0) } }
}

/// `--log-level`, and a logger writing to standard error.
struct LoggingOptions: ParsableArguments {
    @Option(help: "trace, debug, info, notice, warning, error or critical.")
    var logLevel: Logger.Level = .notice

    func makeLogger(label: String = "allot") -> Logger {
        let level = logLevel
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
        return Logger(label: label)
    }
}

extension Logger.Level: @retroactive ExpressibleByArgument {}
extension OutputLanguage: ExpressibleByArgument {}
