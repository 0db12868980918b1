import BenchmarkSupport
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// `night-bench`: the whole night end to end. Writes a national and a
/// province night as inputs folders (`plan-bench feeds`), runs the release
/// `allot run` on them as the nightly job would, checks every published plan
/// folder, and sets polars, lxml and OR-Tools beside it on the same files.
/// See the package's README.md, part 5.
///
///     night-bench run [--night national|province|both] [--scale X] [--runs N] [--allot EXE]
///                     [--data DIR] [--peers DIR] [--python EXE] [--thresholds FILE] [--results DIR]
///                     [--timeout S] [--memory-limit-mib N] [--no-peer] [--plain] [--share maxmin|none|both]
///     night-bench generate [--night national|province|both] [--scale X] [--data DIR] [--plain]
@main
enum NightBenchmark {
    static func main() {
        var arguments = Array(CommandLine.arguments.dropFirst())
        guard !arguments.isEmpty else { fail(usage) }
        let command = arguments.removeFirst()
        do {
            let options = try Options(arguments)
            switch command {
            case "run": if try !run(options) { exit(1) }
            case "generate":
                for spec in try nights(options) {
                    let (_, status) = try NightData.prepare(spec.spec, folder: spec.folder, planBench: planBench())
                    print("\(spec.spec.name) night: \(status)")
                }
            default: fail(usage)
            }
        } catch {
            fail("night-bench \(command): \(error)")
        }
    }

    static let usage = """
        usage: night-bench run [--night national|province|both] [--scale X] [--runs N] [--allot EXE]
                               [--data DIR] [--peers DIR] [--python EXE] [--thresholds FILE] [--results DIR]
                               [--timeout S] [--memory-limit-mib N] [--no-peer] [--plain] [--share maxmin|none|both]
               night-bench generate [--night national|province|both] [--scale X] [--data DIR] [--plain]
        """

    /// The Benchmarks folder, found from this source file, for the defaults.
    static let benchmarksFolder = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The nights asked for, each with its data folder.
    static func nights(_ options: Options) throws -> [(spec: NightSpec, folder: URL, scale: Double)] {
        var scale = 1.0
        if let s = options["scale"] {
            guard let v = Double(s), v > 0, v <= 1 else { throw BenchmarkError("--scale wants a number in (0, 1]") }
            scale = v
        }
        let data = options.url("data") ?? benchmarksFolder.appendingPathComponent("data")
        let which = options["night"] ?? "both"
        var specs = [NightSpec]()
        switch which {
        case "national": specs = [.national(scale: scale)]
        case "province": specs = [.province(scale: scale)]
        case "both": specs = [.province(scale: scale), .national(scale: scale)]
        default: throw BenchmarkError("--night wants national, province or both")
        }
        if options.flag("plain") { specs = specs.map { var s = $0; s.supplyChain = false; return s } }
        return specs.map { ($0, $0.folder(in: data, userScale: scale), scale) }
    }

    static func run(_ options: Options) throws -> Bool {
        var thresholds = try NightThresholds.load(from: options.url("thresholds")
            ?? benchmarksFolder.appendingPathComponent("Thresholds/night.json"))
        if let runs = options["runs"] {
            guard let n = Int(runs), n > 0 else { throw BenchmarkError("--runs wants a positive whole number") }
            thresholds.runs = n
        }
        if let timeout = options["timeout"] {
            guard let t = Double(timeout), t > 0 else { throw BenchmarkError("--timeout wants seconds") }
            thresholds.timeoutSeconds = t
        }
        if let limit = options["memory-limit-mib"] {
            guard let l = Int(limit), l > 0 else { throw BenchmarkError("--memory-limit-mib wants a positive whole number") }
            thresholds.residentLimitMiB = l
        }
        let allot = options["allot"] ?? benchmarksFolder.deletingLastPathComponent().appendingPathComponent(".build/release/allot").path
        guard FileManager.default.isExecutableFile(atPath: allot) else {
            throw BenchmarkError("no allot executable at \(allot): build it with `swift build -c release` or pass --allot")
        }
        let results = options.url("results") ?? benchmarksFolder.appendingPathComponent("results")
        try FileManager.default.createDirectory(at: results, withIntermediateDirectories: true)
        var outcomes = [NightOutcome]()
        for night in try nights(options) {
            let (data, status) = try NightData.prepare(night.spec, folder: night.folder, planBench: planBench())
            progress("\(night.spec.name) night: \(status)")
            let bench = NightBenchRun(night: data, scale: night.scale, thresholds: thresholds, allot: allot,
                                      peersFolder: options.url("peers") ?? benchmarksFolder.appendingPathComponent("peers"),
                                      python: options["python"] ?? "python3", runPeers: !options.flag("no-peer"),
                                      planBench: planBench())
            var run = bench
            switch options["share"] ?? "both" {
            case "both": break
            case "maxmin", "none": run.shares = [options["share"]!]
            default: throw BenchmarkError("--share wants maxmin, none or both")
            }
            outcomes.append(try run.run())
        }
        let report = NightReport(outcomes: outcomes, thresholds: thresholds)
        print(report.text())
        for outcome in outcomes {
            let file = results.appendingPathComponent("night-\(outcome.night.spec.name)"
                                                      + (outcome.night.spec.supplyChain ? "" : "-plain") + ".json")
            try report.json(outcome).write(to: file)
            print("figures written to \(file.path)")
        }
        return outcomes.allSatisfy { $0.wrong.isEmpty }
    }

    /// `plan-bench`, next to this executable.
    static func planBench() -> String {
        let own = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
        return URL(fileURLWithPath: own).deletingLastPathComponent().appendingPathComponent("plan-bench").path
    }

    static func fail(_ message: String) -> Never {
        FileHandle.standardError.write(Data((message + "\n").utf8))
        exit(2)
    }
}

/// A line of progress, shown at once even when the output goes to a file.
func progress(_ line: String) {
    print(line)
    fflush(stdout)
}
