import BenchmarkSupport
import Foundation

/// One `allot run` of a night, as the nightly job runs it: the release
/// binary in a process of its own, into a fresh outputs folder (so a fresh
/// ledger), and what it took.
struct AllotRunMeasurement: Codable {
    /// `maxmin` or `none`.
    var share: String
    var exitCode: Int32?
    var failure: String?
    var wallSeconds: Double
    var cpuSeconds: Double
    /// The child's own peak (`ChildProcess.Outcome.ownPeakResidentBytes`); a lower bound when not `peakExact`.
    var peakResidentBytes: Int
    var peakExact: Bool
    /// Per stage (ingest, plan, render, publish, ledger): from `allot.prom`, or the manifest's `timings`.
    var stages: [Stage]
    /// Where the stage figures came from: `allot.prom` or `manifest.json timings`.
    var stageSource: String
    /// What the output check found wrong; empty when the plan folder is right.
    var wrong: [String]
    var outputs: OutputFigures?

    struct Stage: Codable {
        var name: String
        var seconds: Double
        var cpuSeconds: Double?
        var peakResidentBytes: Double?
    }

    func stage(_ name: String) -> Stage? { stages.first { $0.name == name } }

    static let stageNames = ["ingest", "plan", "render", "publish", "ledger"]

    static func run(allot: String, night: NightData, share: String, outputs: URL,
                    limits: ChildProcess.Limits) throws -> AllotRunMeasurement {
        let fm = FileManager.default
        try? fm.removeItem(at: outputs)
        try fm.createDirectory(at: outputs, withIntermediateDirectories: true)
        var arguments = [allot, "run", "--inputs", night.inputs.path, "--outputs", outputs.path, "--date", "2020-02-11"]
        if share == "none" { arguments += ["--config", night.shareNonePolicy.path] }
        let outcome = try ChildProcess(arguments: arguments, limits: limits).run()
        var m = AllotRunMeasurement(share: share, exitCode: outcome.exitCode,
                                    failure: outcome.exitCode == 0 ? nil : outcome.failureSummary,
                                    wallSeconds: outcome.wallSeconds, cpuSeconds: outcome.cpuSeconds,
                                    peakResidentBytes: outcome.ownPeakResidentBytes.bytes,
                                    peakExact: outcome.ownPeakResidentBytes.exact, stages: [], stageSource: "", wrong: [])
        guard outcome.exitCode == 0 else {
            // Stopped by the watchdog: did not finish, which fails the targets but is no wrong result.
            if outcome.stoppedBecause == nil { m.wrong.append("did not publish: \(outcome.failureSummary)") }
            return m
        }
        let folder = outputs.appendingPathComponent("2020-02-11")
        let manifest = try? JSONSerialization.jsonObject(with: Data(contentsOf: folder.appendingPathComponent("manifest.json")))
            as? [String: Any]
        let prom = (try? String(contentsOf: outputs.appendingPathComponent("allot.prom"), encoding: .utf8)) ?? ""
        (m.stages, m.stageSource) = stages(prom: prom, manifest: manifest)
        var check = OutputCheck(night: night, folder: folder, manifest: manifest, share: share)
        m.wrong = check.run()
        m.outputs = check.figures
        return m
    }

    /// The stages from the Prometheus textfile (`allot_stage_seconds{stage="plan"} 12.3`, with
    /// `allot_stage_cpu_seconds` and `allot_stage_peak_resident_bytes`), or from the manifest's `timings`.
    static func stages(prom: String, manifest: [String: Any]?) -> ([Stage], String) {
        var seconds = [String: Double](), cpu = [String: Double](), peak = [String: Double]()
        for line in prom.split(separator: "\n") where !line.hasPrefix("#") {
            guard let open = line.firstIndex(of: "{"), let close = line.firstIndex(of: "}"),
                  // `value` or `value timestamp`
                  let token = line[line.index(after: close)...].split(separator: " ").first,
                  let value = Double(token) else { continue }
            let metric = String(line[..<open])
            let labels = line[line.index(after: open)..<close]
            guard let range = labels.range(of: "stage=\"") else { continue }
            let name = String(labels[range.upperBound...].prefix { $0 != "\"" })
            switch metric {
            case "allot_stage_seconds": seconds[name] = value
            case "allot_stage_cpu_seconds": cpu[name] = value
            case "allot_stage_peak_resident_bytes": peak[name] = value
            default: break
            }
        }
        if !seconds.isEmpty {
            let names = stageNames.filter { seconds[$0] != nil } + seconds.keys.filter { !stageNames.contains($0) }.sorted()
            return (names.map { Stage(name: $0, seconds: seconds[$0]!, cpuSeconds: cpu[$0], peakResidentBytes: peak[$0]) },
                    "allot.prom")
        }
        let timings = manifest?["timings"] as? [String: Any] ?? [:]
        let names = stageNames.filter { timings[$0] != nil } + timings.keys.filter { !stageNames.contains($0) }.sorted()
        return (names.compactMap { name in
            number(timings[name]).map { Stage(name: name, seconds: $0, cpuSeconds: nil, peakResidentBytes: nil) }
        }, "manifest.json timings")
    }
}

/// A JSON number (or a numeric string) as a Double.
func number(_ value: Any?) -> Double? {
    if let n = value as? NSNumber { return n.doubleValue }
    if let s = value as? String { return Double(s) }
    return nil
}
