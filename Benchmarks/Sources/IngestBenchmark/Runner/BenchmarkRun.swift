import BenchmarkSupport
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The parent side of the benchmark: runs every reader on its file in a fresh
/// process per measurement, checks what each returned, and reports medians,
/// peak memory, ratios to the peers and the targets.
struct BenchmarkRun {
    var dataFolder: URL
    var peersFolder: URL
    var thresholds: Thresholds
    var python: String
    /// This executable, started again with `measure` for allot's readers.
    var executable: String

    /// One reader on one file.
    struct Case {
        var reader: String
        var isPeer: Bool
        var file: BenchmarkData.DataFile
        var command: [String]
        var environment: [String: String]
    }

    /// One measurement of one case.
    struct Sample {
        var readSeconds: Double
        /// CPU time of the read, all threads; `nan` when the child did not report it.
        var cpuSeconds: Double
        var processSeconds: Double
        var peakResidentBytes: Int
        /// Empty when the result was checked and right.
        var problems: [String]
        var report: ReaderReport?
    }

    struct CaseResult {
        var `case`: Case
        var samples: [Sample]
        var medianSeconds: Double { Report.median(samples.map(\.readSeconds)) }
        var medianCPUSeconds: Double { Report.median(samples.map(\.cpuSeconds)) }
        var medianProcessSeconds: Double { Report.median(samples.map(\.processSeconds)) }
        var megabytesPerSecond: Double { Double(self.case.file.bytes) / 1e6 / medianSeconds }
        var peakResidentBytes: Int { samples.map(\.peakResidentBytes).max() ?? 0 }
        var residentToInput: Double { Double(peakResidentBytes) / Double(self.case.file.bytes) }
        var problems: [String] { Array(Set(samples.flatMap(\.problems))).sorted() }
    }

    // MARK: - Running

    /// Runs everything; returns whether every result was checked and right.
    func run(data: BenchmarkData) throws -> Bool {
        let peerLibraries = peerVersions()
        var cases = [Case]()
        var allotEnvironment = ProcessInfo.processInfo.environment
        // A crashing reader should fail fast, not wait for the backtracer.
        allotEnvironment["SWIFT_BACKTRACE"] = "enable=no"
        var polarsEnvironment = ProcessInfo.processInfo.environment
        polarsEnvironment["POLARS_MAX_THREADS"] = nil // polars' default: one thread per core
        for file in data.files {
            let path = dataFolder.appendingPathComponent(file.name).path
            let own = file.format == "csv" ? "allot CSVFeedReader" : "allot XMLFeedReader"
            cases.append(Case(reader: own, isPeer: false, file: file,
                              command: [executable, "measure", "--format", file.format, "--file", path],
                              environment: allotEnvironment))
            guard peerLibraries != nil else { continue }
            if file.format == "csv" {
                cases.append(Case(reader: "polars.read_csv", isPeer: true, file: file,
                                  command: [python, peersFolder.appendingPathComponent("polars_read_csv.py").path, path],
                                  environment: polarsEnvironment))
            } else {
                cases.append(Case(reader: "lxml iterparse", isPeer: true, file: file,
                                  command: [python, peersFolder.appendingPathComponent("lxml_iterparse.py").path, path],
                                  environment: ProcessInfo.processInfo.environment))
            }
        }
        for file in data.files { try warmPageCache(dataFolder.appendingPathComponent(file.name)) }

        let loadBefore = Self.loadAverage()
        var samples = Array(repeating: [Sample](), count: cases.count)
        // Round-robin, so a slow minute on a busy machine falls on every reader alike.
        for round in 1...thresholds.runs {
            FileHandle.standardError.write(Data("run \(round)/\(thresholds.runs)…\n".utf8))
            for (i, c) in cases.enumerated() { samples[i].append(try measure(c)) }
        }
        let results = zip(cases, samples).map { CaseResult(case: $0, samples: $1) }
        let report = Report(data: data, results: results, thresholds: thresholds, runs: thresholds.runs,
                            peerLibraries: peerLibraries, loadAverages: (loadBefore, Self.loadAverage()))
        print(report.text())
        try? report.json().write(to: dataFolder.appendingPathComponent("last-run.json"))
        return results.allSatisfy { $0.problems.isEmpty }
    }

    private func measure(_ c: Case) throws -> Sample {
        let outcome = try ChildProcess(arguments: c.command, environment: c.environment).run()
        var problems = [String]()
        guard outcome.succeeded else {
            let how = outcome.signal.map { "killed by signal \($0)" } ?? "exit code \(outcome.exitCode ?? -1)"
            let tail = outcome.standardError.split(separator: "\n").suffix(3).joined(separator: " | ")
            return Sample(readSeconds: .nan, cpuSeconds: .nan, processSeconds: outcome.wallSeconds, peakResidentBytes: outcome.peakResidentBytes,
                          problems: ["\(how): \(tail)"], report: nil)
        }
        guard let line = outcome.standardOutput.split(separator: "\n").last,
              let report = try? JSONDecoder().decode(ReaderReport.self, from: Data(line.utf8)) else {
            return Sample(readSeconds: .nan, cpuSeconds: .nan, processSeconds: outcome.wallSeconds, peakResidentBytes: outcome.peakResidentBytes,
                          problems: ["printed no report: \(outcome.standardOutput.prefix(200))"], report: nil)
        }
        let expected = c.file.expected
        if report.records != expected.recordCount {
            problems.append("\(report.records) records, expected \(expected.recordCount)")
        }
        if !c.isPeer {
            if report.accepted != expected.recordCount {
                problems.append("\(report.accepted ?? 0) accepted, expected \(expected.recordCount)")
            }
            if let rejects = report.rejects, rejects > 0 {
                problems.append("\(rejects) rejects, expected none; first: " + (report.firstRejects ?? []).joined(separator: " / "))
            }
            if report.source != c.file.source { problems.append("source \(report.source ?? "none"), expected \(c.file.source)") }
            if report.encoding != "UTF-8" { problems.append("encoding \(report.encoding ?? "none"), expected UTF-8") }
            if let print = report.fingerprint {
                problems += print.differences(from: expected).map { "values differ: \($0)" }
            } else {
                problems.append("no fingerprint")
            }
        }
        return Sample(readSeconds: report.seconds, cpuSeconds: report.cpuSeconds ?? .nan, processSeconds: outcome.wallSeconds,
                      peakResidentBytes: outcome.peakResidentBytes, problems: problems, report: report)
    }

    /// `polars X, lxml Y`, or `nil` when the peers cannot be imported.
    private func peerVersions() -> String? {
        let script = "import polars, lxml.etree as e; print('polars', polars.__version__ + ',', 'lxml', '.'.join(map(str, e.LXML_VERSION[:3])) + ',', 'libxml2', '.'.join(map(str, e.LIBXML_VERSION)))"
        guard let outcome = try? ChildProcess(arguments: [python, "-c", script]).run(), outcome.succeeded else {
            FileHandle.standardError.write(Data("""
                warning: \(python) cannot import polars and lxml; the peers are skipped \
                (`\(python) -m pip install polars lxml`, or run `make bench`, which installs them)\n
                """.utf8))
            return nil
        }
        return outcome.standardOutput.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// The 1-minute load average, or `?` where `/proc/loadavg` is missing.
    static func loadAverage() -> String {
        let text = (try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8)) ?? "?"
        return String(text.split(separator: " ").first ?? "?")
    }

    /// Reads the file once, so the first measurement does not pay for the disk.
    private func warmPageCache(_ url: URL) throws {
        guard let handle = FileHandle(forReadingAtPath: url.path) else { throw BenchmarkError("cannot open \(url.path)") }
        defer { try? handle.close() }
        while let chunk = try handle.read(upToCount: 8 << 20), !chunk.isEmpty {}
    }
}
