import ArgumentParser

@main
struct Allot: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "allot",
        abstract: "Plan the nightly dispatch of emergency supplies."
    )
}
