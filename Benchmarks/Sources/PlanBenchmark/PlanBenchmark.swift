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
///     plan-bench compare [NIGHT] [--runs N] [--data DIR] [--thresholds FILE] [--timeout S] [--memory-limit-mib N]
///                                              the plain and the supply-chain night, alternately
///     plan-bench summary [NIGHT]               the night, without planning
///     plan-bench measure [NIGHT]               one planner measurement (`run` starts it)
///     plan-bench network [NIGHT] --out DIR     export the tier-1 networks (`run` starts it)
///     plan-bench simplex --network DIR         time NetworkSimplex on them (`run` starts it)
///     plan-bench feeds [NIGHT] --out DIR [--manifest FILE]
///                                              write the night as an inputs folder (`FeedExport`; night-bench)
///
/// NIGHT: [--scale X] [--seed N] [--share maxmin|none] [--supply-chain] [--province NN]; scale 1 is the national night,
/// `--supply-chain` the same night with earmarks, substitutes and conversion offers (`SupplyChain`).
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
            case "compare": if try !compare(options) { exit(1) }
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
            case "feeds":
                guard let out = options.url("out") else { fail(usage) }
                try FeedExport.run(settings: try nightSettings(options), folder: out,
                                   manifestFile: options.url("manifest") ?? out.appendingPathExtension("json"))
            case "feeds-version":
                print("\(FeedExport.version) \(NightSettings.generatorVersion)")
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
        usage: plan-bench run [NIGHT] [--runs N] [--data DIR] [--peers DIR] [--thresholds FILE]
                              [--python EXE] [--timeout S] [--memory-limit-mib N] [--no-peer]
               plan-bench compare [--scale X] [--seed N] [--share maxmin|none] [--runs N] [--data DIR] [--thresholds FILE]
                                  [--timeout S] [--memory-limit-mib N]
               plan-bench summary [NIGHT]
               plan-bench measure [NIGHT]
               plan-bench network [NIGHT] --out DIR
               plan-bench simplex --network DIR
               plan-bench feeds [NIGHT] --out DIR [--manifest FILE]
        NIGHT: [--scale X] [--seed N] [--share maxmin|none] [--supply-chain] [--province NN]
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
        settings.supplyChain = options.flag("supply-chain")
        if let province = options["province"] {
            guard let p = Int32(province), (11...82).contains(p) else {
                throw BenchmarkError("--province wants the two digits of a province's code (37 for Shandong)")
            }
            settings.province = p
        }
        return settings
    }

    static func run(_ options: Options) throws -> Bool {
        let settings = try nightSettings(options)
        let thresholds = try loadThresholds(options, file: "plan.json")
        let data = options.url("data") ?? benchmarksFolder.appendingPathComponent("data")
        let folder = data.appendingPathComponent(settings.folderName)
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

    /// `plan-bench compare`: the plain night and the supply-chain night, alternately (`SupplyChainComparison`).
    static func compare(_ options: Options) throws -> Bool {
        let settings = try nightSettings(options)
        let thresholds = try loadThresholds(options, file: "plan-supply-chain.json")
        let data = options.url("data") ?? benchmarksFolder.appendingPathComponent("data")
        return try SupplyChainComparison.run(settings: settings, options: options, thresholds: thresholds, data: data,
                                             executable: ownExecutable())
    }

    /// `--thresholds FILE` or `Thresholds/<file>`, with `--runs`, `--timeout` and `--memory-limit-mib` applied.
    static func loadThresholds(_ options: Options, file: String) throws -> PlanThresholds {
        var thresholds = try PlanThresholds.load(from: options.url("thresholds")
            ?? benchmarksFolder.appendingPathComponent("Thresholds/" + file))
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
        return thresholds
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
