import AllotCore
import AllotPipeline
import AllotPublish
import ArgumentParser
import Foundation

/// `allot diff DATE_A DATE_B`: the changes between two published plans (SPEC 10).
struct DiffCommand: StageCommand {
    static let configuration = CommandConfiguration(
        commandName: "diff",
        abstract: "Changes between two published plans: new, dropped and changed lines, and deliveries that moved.",
        discussion: """
            Lines are matched by (offer, lot day, request); a line changed when its quantity or pinned flag differs. \
            Exit status: 0 (whether or not anything changed); 1 internal failure, or --out cannot be written; \
            2 usage error, or a date with no published plan; 3 a plan file or the outputs folder cannot be read.
            """
    )

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case text, csv
    }

    @Argument(help: "The earlier plan date, YYYY-MM-DD.")
    var dateA: String

    @Argument(help: "The later plan date, YYYY-MM-DD.")
    var dateB: String

    @Option(help: "The outputs folder.")
    var outputs: String = "Outputs"

    @Option(help: "text (default) or csv (RFC 4180, UTF-8 with BOM, for spreadsheets).")
    var format: Format = .text

    @Option(help: "Write to this file instead of standard output.")
    var out: String?

    func validate() throws {
        _ = try CommandLineDate.parse(dateA, argument: "<date-a>")
        _ = try CommandLineDate.parse(dateB, argument: "<date-b>")
    }

    func perform() throws {
        let outputsURL = URL(fileURLWithPath: outputs, isDirectory: true)
        let sides = try [dateA, dateB].map { text in
            let folder = try PlanFolder.locate(outputs: outputsURL, date: CalendarDate(iso: text)!)
            return PlanDiff.Side(try PlanSnapshot.read(folder))
        }
        let diff = PlanDiff(from: sides[0], to: sides[1])
        let bytes: [UInt8] = format == .csv ? diff.csv() : Array(diff.text().utf8)
        if let out {
            do { try Data(bytes).write(to: URL(fileURLWithPath: out)) } catch {
                FileHandle.standardError.write(Data("allot: cannot write \(out): \(error.localizedDescription)\n".utf8))
                throw ExitCode(ExitStatus.internalFailure.rawValue)
            }
        } else {
            FileHandle.standardOutput.write(Data(bytes))
        }
    }
}
