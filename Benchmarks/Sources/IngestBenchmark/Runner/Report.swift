import BenchmarkSupport
import Foundation

/// The printed table of one benchmark run, the ratios to the peers, the
/// targets with PASS or FAIL, and the same as JSON for later comparison.
struct Report {
    var data: BenchmarkData
    var results: [BenchmarkRun.CaseResult]
    var thresholds: Thresholds
    var runs: Int
    var peerLibraries: String?
    /// `/proc/loadavg`'s 1-minute figure before and after the runs: above ~2 on 2 cores, other work shared the machine.
    var loadAverages: (before: String, after: String)?

    /// allot's median time over its peer's for `format`; `nil` without a peer or a time.
    func timeRatio(format: String) -> Double? { ratio(format: format, \.medianSeconds) }

    /// allot's median CPU time over its peer's for `format`: steadier than the
    /// wall-time ratio on a shared machine, where either side may wait for a core.
    func cpuRatio(format: String) -> Double? { ratio(format: format, \.medianCPUSeconds) }

    /// allot's `figure` over its peer's for `format`, when both read the file without problems.
    private func ratio(format: String, _ figure: KeyPath<BenchmarkRun.CaseResult, Double>) -> Double? {
        guard let own = results.first(where: { $0.case.file.format == format && !$0.case.isPeer }),
              let peer = results.first(where: { $0.case.file.format == format && $0.case.isPeer }),
              own.problems.isEmpty, peer.problems.isEmpty,
              own[keyPath: figure].isFinite, peer[keyPath: figure].isFinite else { return nil }
        return own[keyPath: figure] / peer[keyPath: figure]
    }

    func measured(_ target: Thresholds.Target) -> Double? {
        guard let own = results.first(where: { $0.case.file.format == target.format && !$0.case.isPeer }),
              own.medianSeconds.isFinite, own.problems.isEmpty else { return nil }
        switch target.metric {
        case "mb_per_s": return own.megabytesPerSecond
        case "time_ratio_to_peer": return timeRatio(format: target.format)
        case "peak_rss_to_input": return own.residentToInput
        default: return nil
        }
    }

    // MARK: - Text

    func text() -> String {
        var out = [String]()
        out.append("allot ingest benchmark: \(runs) runs of each reader, each run in a fresh process")
        out.append("time = median of the read call alone; CPU = its user + system time, all threads; MB = 10^6 bytes; peak RSS = largest of the runs (wait4 ru_maxrss)")
        out.append("data: generator v\(data.generatorVersion), seed \(data.seed), \(Self.grouped(data.enterpriseCount)) enterprises; "
                   + "peers: \(peerLibraries ?? "not installed")")
        if let load = loadAverages {
            out.append("load average (1 min) before: \(load.before), after: \(load.after) (2 cores; higher means other work shared the machine)")
        }
        out.append("")
        let header = ["file", "size MB", "records", "reader", "median s", "CPU s", "MB/s", "process s", "peak RSS MB", "RSS/size", "check"]
        var rows = [header]
        var lastFile = ""
        for r in results {
            let fileName = r.case.file.name == lastFile ? "" : r.case.file.name
            lastFile = r.case.file.name
            rows.append([
                fileName,
                fileName.isEmpty ? "" : Self.fixed(Double(r.case.file.bytes) / 1e6, 1),
                fileName.isEmpty ? "" : Self.grouped(r.case.file.expected.recordCount),
                r.case.reader,
                Self.fixed(r.medianSeconds, 3),
                Self.fixed(r.medianCPUSeconds, 3),
                Self.fixed(r.megabytesPerSecond, 1),
                Self.fixed(r.medianProcessSeconds, 3),
                Self.fixed(Double(r.peakResidentBytes) / 1e6, 1),
                Self.fixed(r.residentToInput, 2) + "x",
                r.problems.isEmpty ? "ok" : "WRONG",
            ])
        }
        out += Self.table(rows, rightAligned: [1, 2, 4, 5, 6, 7, 8, 9])
        out.append("")
        out.append("ratios (allot's median time / the peer's; below 1.00 means allot is faster)")
        out.append("  CSV  allot / polars.read_csv = " + (timeRatio(format: "csv").map { Self.fixed($0, 2) } ?? "n/a"))
        out.append("  XML  allot / lxml iterparse  = " + (timeRatio(format: "xml").map { Self.fixed($0, 2) } ?? "n/a"))
        out.append("CPU ratios (the same with CPU time; less moved by other work on the machine)")
        out.append("  CSV  allot / polars.read_csv = " + (cpuRatio(format: "csv").map { Self.fixed($0, 2) } ?? "n/a"))
        out.append("  XML  allot / lxml iterparse  = " + (cpuRatio(format: "xml").map { Self.fixed($0, 2) } ?? "n/a"))
        out.append("")
        out.append("targets (Thresholds/ingest.json)")
        var passed = 0
        for t in thresholds.targets {
            let value = measured(t)
            let pass = value.map(t.holds) ?? false
            if pass { passed += 1 }
            let shown = value.map { Self.number($0) } ?? "n/a (no peer, or the result is wrong)"
            out.append("  \(pass ? "PASS" : "FAIL")  \(t.label.padding(toLength: 36, withPad: " ", startingAt: 0)) measured \(shown)")
        }
        out.append("  \(passed) of \(thresholds.targets.count) targets pass")
        out.append("")
        out.append("tokenizer-only CSV throughput: skipped (AllotIngest exposes no public byte-level tokenizer)")
        out.append("")
        let wrong = results.filter { !$0.problems.isEmpty }
        if wrong.isEmpty {
            out.append("checks: every run returned the generated records exactly (counts, no rejects, values fingerprint)")
        } else {
            out.append("CHECK FAILED: these results are wrong, so their times mean nothing:")
            for r in wrong {
                for p in r.problems.prefix(8) { out.append("  \(r.case.reader) on \(r.case.file.name): \(p)") }
            }
        }
        return out.joined(separator: "\n")
    }

    // MARK: - JSON

    func json() throws -> Data {
        struct Row: Codable {
            var file: String, reader: String, bytes: Int, records: Int
            var seconds: [Double], medianSeconds: Double, megabytesPerSecond: Double
            var cpuSeconds: [Double], medianCPUSeconds: Double
            var processSeconds: [Double], peakResidentBytes: [Int], problems: [String]
        }
        let rows = results.map { r in
            Row(file: r.case.file.name, reader: r.case.reader, bytes: r.case.file.bytes, records: r.case.file.expected.recordCount,
                seconds: r.samples.map(\.readSeconds), medianSeconds: r.medianSeconds, megabytesPerSecond: r.megabytesPerSecond,
                cpuSeconds: r.samples.map(\.cpuSeconds), medianCPUSeconds: r.medianCPUSeconds,
                processSeconds: r.samples.map(\.processSeconds), peakResidentBytes: r.samples.map(\.peakResidentBytes),
                problems: r.problems)
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return try encoder.encode(rows)
    }

    // MARK: - Formatting

    static func median(_ values: [Double]) -> Double { TextFormat.median(values) }
    static func fixed(_ value: Double, _ decimals: Int) -> String { TextFormat.fixed(value, decimals) }
    static func number(_ value: Double) -> String { TextFormat.number(value) }
    static func grouped(_ value: Int) -> String { TextFormat.grouped(value) }
    static func table(_ rows: [[String]], rightAligned: Set<Int>) -> [String] { TextFormat.table(rows, rightAligned: rightAligned) }
}
