import BenchmarkSupport
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// `ingest-bench`: generates the benchmark's feeds and measures allot's feed
/// readers on them against polars and lxml. See the package's README.md.
///
///     ingest-bench generate [--data DIR] [--regions FILE] [--seed N] [--scale X] [--force]
///     ingest-bench run [--data DIR] [--peers DIR] [--thresholds FILE] [--python EXE] [--runs N]
///     ingest-bench measure --format csv|xml --file PATH     (one measurement; `run` starts it)
@main
enum IngestBenchmark {
    static func main() {
        var arguments = Array(CommandLine.arguments.dropFirst())
        guard !arguments.isEmpty else { fail(usage) }
        let command = arguments.removeFirst()
        do {
            let options = try Options(arguments)
            switch command {
            case "generate": try generate(options)
            case "run": if try !run(options) { exit(1) }
            case "measure":
                guard let format = options["format"], let file = options["file"] else { fail(usage) }
                try ReaderMeasurement.run(format: format, file: URL(fileURLWithPath: file))
            default: fail(usage)
            }
        } catch {
            fail("ingest-bench \(command): \(error)")
        }
    }

    static let usage = """
        usage: ingest-bench generate [--data DIR] [--regions FILE] [--seed N] [--scale X] [--force]
               ingest-bench run [--data DIR] [--peers DIR] [--thresholds FILE] [--python EXE] [--runs N]
               ingest-bench measure --format csv|xml --file PATH
        """

    /// The Benchmarks folder, found from this source file, for the defaults.
    static let benchmarksFolder = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    // MARK: - Commands

    /// Makes the data unless the data folder already holds what the current generator makes with these settings.
    static func generate(_ options: Options) throws {
        let folder = options.url("data") ?? benchmarksFolder.appendingPathComponent("data")
        let regions = options.url("regions")
            ?? benchmarksFolder.appendingPathComponent("../Sources/AllotIngest/Resources/regions-cn.csv").standardizedFileURL
        var settings = BenchmarkData.Settings(regionTableDigest: try BenchmarkData.digest(of: regions))
        if let seed = options["seed"] {
            guard let s = UInt64(seed) else { throw BenchmarkError("--seed wants a whole number") }
            settings.seed = s
        }
        if let scale = options["scale"] {
            guard let s = Double(scale), s > 0 else { throw BenchmarkError("--scale wants a positive number") }
            settings.csvBytes = Int(Double(settings.csvBytes) * s)
            settings.xmlBytes = Int(Double(settings.xmlBytes) * s)
        }
        if !options.flag("force"), let existing = BenchmarkData.load(from: folder), existing.matches(settings) {
            print("benchmark data is up to date (generator v\(existing.generatorVersion), seed \(existing.seed)) in \(folder.path)")
            return
        }
        let start = ChildProcess.now()
        print("generating benchmark data (generator v\(BenchmarkData.currentGeneratorVersion), seed \(settings.seed)) in \(folder.path)…")
        let data = try BenchmarkData.generate(into: folder, settings: settings, counties: County.load(from: regions))
        for f in data.files {
            print("  \(f.name): \(Report.fixed(Double(f.bytes) / 1e6, 1)) MB, \(Report.grouped(f.expected.recordCount)) records "
                  + "(\(f.expected.requests) requests, \(f.expected.offers) offers, \(f.expected.withdrawals) withdrawals)")
        }
        print("  done in \(Report.fixed(ChildProcess.now() - start, 1)) s")
    }

    static func run(_ options: Options) throws -> Bool {
        let folder = options.url("data") ?? benchmarksFolder.appendingPathComponent("data")
        guard let data = BenchmarkData.load(from: folder) else {
            throw BenchmarkError("no complete benchmark data in \(folder.path); run `ingest-bench generate` (or `make bench`) first")
        }
        var thresholds = try Thresholds.load(from: options.url("thresholds")
            ?? benchmarksFolder.appendingPathComponent("Thresholds/ingest.json"))
        if let runs = options["runs"] {
            guard let n = Int(runs), n > 0 else { throw BenchmarkError("--runs wants a positive whole number") }
            thresholds.runs = n
        }
        let benchmark = BenchmarkRun(
            dataFolder: folder,
            peersFolder: options.url("peers") ?? benchmarksFolder.appendingPathComponent("peers"),
            thresholds: thresholds, python: options["python"] ?? "python3", executable: ownExecutable())
        return try benchmark.run(data: data)
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
