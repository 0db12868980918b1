import AllotCore
import AllotPipeline
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

/// `--log-level`, and a logger writing to standard error (`StandardErrorLog`:
/// times in Asia/Shanghai, or in the zone `TZ` names). Every command takes it.
struct LoggingOptions: ParsableArguments {
    @Option(help: "trace, debug, info, notice, warning, error or critical.")
    var logLevel: Logger.Level = .notice

    /// The logger of the command `command` (bootstraps the logging system: call it once).
    func makeLogger(command: String, label: String = "allot") -> Logger {
        let level = logLevel
        LoggingSystem.bootstrap { label in
            var handler = StandardErrorLog(label: label)
            handler.logLevel = level
            return handler
        }
        let logger = Logger(label: label)
        logger.debug("allot \(AllotVersion.current) \(command); log times in \(StandardErrorLog.zoneName)")
        return logger
    }
}

/// A date on the command line: `YYYY-MM-DD` only. Feeds take more forms
/// (SPEC 2); a date typed into a command is written one way.
enum CommandLineDate {
    /// The date `text` names; a usage error naming `argument` and the form when it is not `YYYY-MM-DD`.
    static func parse(_ text: String, argument: String) throws -> CalendarDate {
        guard let date = CalendarDate(iso: text) else {
            throw ValidationError("\(argument) \(text) is not a date: write YYYY-MM-DD, for example 2020-02-11")
        }
        return date
    }

    /// A published plan's date: `latest` names the newest plan (`nil`), else as ``parse(_:argument:)``.
    static func parsePlan(_ text: String, argument: String) throws -> CalendarDate? {
        guard text != latest else { return nil }
        guard let date = CalendarDate(iso: text) else {
            throw ValidationError("\(argument) \(text) is not a date: write YYYY-MM-DD, for example 2020-02-11, or latest for the newest plan")
        }
        return date
    }

    /// The word that names the newest published plan, as the outputs folder's link does.
    static let latest = "latest"
}

extension Logger.Level: @retroactive ExpressibleByArgument {}
extension RunOptions.Language: ExpressibleByArgument {}

/// Where a command's file goes: standard output for `-`, else the file (written whole, atomically), said on
/// standard error as `allot: wrote FILE (N bytes) WHAT`.
enum CommandOutput {
    static func write(_ bytes: [UInt8], to target: String, what: String) throws {
        if target == "-" {
            FileHandle.standardOutput.write(Data(bytes))
            return
        }
        try OutputFile.write(bytes, to: target, atomically: true)
        FileHandle.standardError.write(Data("allot: wrote \(target) (\(bytes.count) bytes) \(what)\n".utf8))
    }
}
