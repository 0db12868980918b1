import AllotCore
import BenchmarkSupport
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// `plan-bench`: generates a national night in memory and measures allot's
/// planner on it, checking every plan; times allot's NetworkSimplex against
/// OR-Tools on the bench's own tier-1 networks. See the package's README.md.
///
///     plan-bench run [NIGHT] [--runs N] [--data DIR] [--peers DIR] [--thresholds FILE]
///                    [--python EXE] [--timeout S] [--memory-limit-mib N] [--no-peer]
///     plan-bench summary [NIGHT]               the night, without planning
///     plan-bench measure [NIGHT]               one planner measurement (`run` starts it)
///     plan-bench network [NIGHT] --out DIR     export the tier-1 networks (`run` starts it)
///     plan-bench simplex --network DIR         time NetworkSimplex on them (`run` starts it)
///
/// NIGHT: [--scale X] [--seed N] [--share maxmin|none]; scale 1 is the national night.
@main
enum PlanBenchmark {
    static func main() {
        var arguments = Array(CommandLine.arguments.dropFirst())
        guard !arguments.isEmpty else { fail(usage) }
        let command = arguments.removeFirst()
        do {
            let options = try Options(arguments)
            switch command {
            case "run": if try !run(options) { exit(1) }
            case "summary":
                let settings = try nightSettings(options)
                let context = try NightContext(settings: settings)
                let encoder = JSONEncoder()
                encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
                print(String(decoding: try encoder.encode(context.night.summary), as: UTF8.self))
                print("generated in \(TextFormat.fixed(context.generateSeconds, 2)) s; "
                      + "\(context.evaluation.pins.count) pins hold, overrides rejected on lines \(context.evaluation.rejectedLines)")
            case "measure": try PlanMeasurement.run(settings: try nightSettings(options))
            case "network":
                guard let out = options.url("out") else { fail(usage) }
                try NetworkExport.run(settings: try nightSettings(options), folder: out)
            case "simplex":
                guard let folder = options.url("network") else { fail(usage) }
                try SimplexMeasurement.run(folder: folder)
            default: fail(usage)
            }
        } catch {
            fail("plan-bench \(command): \(error)")
        }
    }

    static let usage = """
        usage: plan-bench run [--scale X] [--seed N] [--share maxmin|none] [--runs N] [--data DIR] [--peers DIR] [--thresholds FILE]
                              [--python EXE] [--timeout S] [--memory-limit-mib N] [--no-peer]
               plan-bench summary [--scale X] [--seed N] [--share maxmin|none]
               plan-bench measure [--scale X] [--seed N] [--share maxmin|none]
               plan-bench network [--scale X] [--seed N] [--share maxmin|none] --out DIR
               plan-bench simplex --network DIR
        """

    /// The Benchmarks folder, found from this source file, for the defaults.
    static let benchmarksFolder = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static func nightSettings(_ options: Options) throws -> NightSettings {
        var settings = NightSettings()
        if let scale = options["scale"] {
            guard let s = Double(scale), s > 0, s <= 10 else { throw BenchmarkError("--scale wants a number in (0, 10]") }
            settings.scale = s
        }
        if let share = options["share"] {
            guard let mode = ShareMode(rawValue: share) else { throw BenchmarkError("--share wants maxmin or none") }
            settings.share = mode
        }
        if let seed = options["seed"] {
            guard let s = UInt64(seed) else { throw BenchmarkError("--seed wants a whole number") }
            settings.seed = s
        }
        return settings
    }

    static func run(_ options: Options) throws -> Bool {
        let settings = try nightSettings(options)
        var thresholds = try PlanThresholds.load(from: options.url("thresholds")
            ?? benchmarksFolder.appendingPathComponent("Thresholds/plan.json"))
        if let runs = options["runs"] {
            guard let n = Int(runs), n > 0 else { throw BenchmarkError("--runs wants a positive whole number") }
            thresholds.runs = n
            thresholds.longRunSeconds = .infinity
        }
        if let timeout = options["timeout"] {
            guard let t = Double(timeout), t > 0 else { throw BenchmarkError("--timeout wants seconds") }
            thresholds.timeoutSeconds = t
        }
        if let limit = options["memory-limit-mib"] {
            guard let l = Int(limit), l > 0 else { throw BenchmarkError("--memory-limit-mib wants a positive whole number") }
            thresholds.residentLimitMiB = l
        }
        let data = options.url("data") ?? benchmarksFolder.appendingPathComponent("data")
        let folder = data.appendingPathComponent("plan-scale-\(settings.scaleText)" + (settings.share == .maxmin ? "" : "-share-none"))
        let bench = PlanBenchRun(settings: settings, thresholds: thresholds, folder: folder,
                                 peersFolder: options.url("peers") ?? benchmarksFolder.appendingPathComponent("peers"),
                                 python: options["python"] ?? "python3", executable: ownExecutable(),
                                 runPeer: !options.flag("no-peer"))
        let outcome = try bench.run()
        let report = PlanReport(settings: settings, thresholds: thresholds, outcome: outcome, folder: folder)
        print(report.text())
        try? report.json().write(to: folder.appendingPathComponent("last-run.json"))
        return outcome.wrong.isEmpty
    }

    /// The path of this executable, to start measurements with.
    static func ownExecutable() -> String {
        (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
    }

    static func fail(_ message: String) -> Never {
        FileHandle.standardError.write(Data((message + "\n").utf8))
        exit(2)
    }
}
