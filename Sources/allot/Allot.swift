import ArgumentParser

@main
struct Allot: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "allot",
        abstract: "Plan the nightly dispatch of emergency supplies.",
        discussion: "Reads the night's supply offers and demand requests from an inputs folder and plans who ships what to whom.",
        subcommands: [RunCommand.self, ValidateCommand.self]
    )
}
