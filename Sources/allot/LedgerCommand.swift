import AllotPipeline
import ArgumentParser
import Foundation

/// `allot ledger`: the work ledger (工作台账, SPEC 15).
struct LedgerCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ledger",
        abstract: "The work ledger: every published night, kept in SQLite beside the plan folders.",
        subcommands: [LedgerProblemsCommand.self, LedgerHistoryCommand.self, LedgerCloseCommand.self,
                      LedgerReopenCommand.self, LedgerReceiptsCommand.self, LedgerRebuildCommand.self]
    )
}

/// `allot ledger rebuild`: records every published plan folder in the ledger again.
struct LedgerRebuildCommand: StageCommand {
    static let configuration = CommandConfiguration(
        commandName: "rebuild",
        abstract: "Record every published plan folder in the ledger again (after a run could not write it).",
        discussion: """
            The plan folders are the source of the nights: each is read and recorded, replacing what the ledger \
            held for its date. The ledger is where allot.toml's ledger key puts it (default ledger.sqlite in the \
            outputs folder); a file there that is not allot's ledger is never written over. \
            Exit status: 0 rebuilt; 1 internal failure; 2 usage or policy error, or a file at the ledger's path \
            that is not a ledger; 3 a plan folder cannot be read; 4 a run holds the outputs folder.
            """
    )

    @OptionGroup var where_: LedgerLocationOptions
    @OptionGroup var logging: LoggingOptions

    func perform() throws {
        _ = logging.makeLogger(command: "ledger rebuild")
        let location = where_.location
        let outcome = try NightlyPipeline.rebuildLedger(outputs: location.outputs, inputs: location.inputs,
                                                        config: location.config)
        FileHandle.standardError.write(Data("allot: ledger \(outcome.ledger.path): \(outcome.nights.count) nights recorded\n".utf8))
    }
}
