import BenchmarkSupport
import Foundation

/// A peer's measurement: one process on the night's files.
struct PeerMeasurement: Codable {
    var name: String
    /// The peer's own time of its work (the reads, the loop, the solves), inside its process.
    var seconds: Double
    var cpuSeconds: Double
    /// The whole process: start-up, imports, the work, the exit.
    var processSeconds: Double
    /// The process's own peak (`ChildProcess.Outcome.ownPeakResidentBytes`); a lower bound when not `peakExact`.
    var peakResidentBytes: Int
    var peakExact: Bool
    var records: Int?
    var library: String
}

/// What one night's rounds measured, and what they found wrong.
struct NightOutcome {
    var night: NightData
    var scale: Double
    var runs: [AllotRunMeasurement]
    /// `allot validate` on the XML feeds alone.
    var xmlIngest: [PeerMeasurement]
    var polars: [PeerMeasurement]
    var lxml: [PeerMeasurement]
    var ortools: [PeerMeasurement]
    var wrong: [String]

    func runs(share: String) -> [AllotRunMeasurement] { runs.filter { $0.share == share && $0.exitCode == 0 } }
    /// Every run published (none stopped by the watchdog, none failed).
    var finished: Bool { runs.allSatisfy { $0.exitCode == 0 } }
}

/// The rounds of one night: `allot run` with share = maxmin, then with
/// share = none, `allot validate` on the XML feeds, polars, lxml and
/// OR-Tools, round after round, so a busy minute falls on all of them alike.
struct NightBenchRun {
    var night: NightData
    var scale: Double
    var thresholds: NightThresholds
    var allot: String
    var peersFolder: URL
    var python: String
    var runPeers: Bool
    var planBench: String
    /// `maxmin`, `none`, or both in turn.
    var shares = ["maxmin", "none"]

    func run() throws -> NightOutcome {
        var outcome = NightOutcome(night: night, scale: scale, runs: [], xmlIngest: [], polars: [], lxml: [], ortools: [],
                                   wrong: [])
        let limits = ChildProcess.Limits(wallSeconds: thresholds.timeoutSeconds,
                                         residentBytes: thresholds.residentLimitMiB << 20)
        let outputs = night.folder.appendingPathComponent("outputs")
        let csvRecords = night.csvFiles.reduce(0) { $0 + $1.records }
        let xmlRecords = night.xmlFiles.reduce(0) { $0 + $1.records }
        let xmlBad = night.xmlFiles.reduce(0) { $0 + $1.bad }
        // Warm the page cache: every feed read once before the first round.
        _ = night.firstChangedFile()
        // A share whose run did not finish is not run again: its next run would take as long.
        var unfinished = Set<String>()
        for round in 1...thresholds.runs {
            for share in shares where !unfinished.contains(share) {
                progress("  \(night.spec.name) night, round \(round)/\(thresholds.runs): allot run, share = \(share)")
                let m = try AllotRunMeasurement.run(allot: allot, night: night, share: share, outputs: outputs, limits: limits)
                outcome.wrong += m.wrong.map { "allot run (share = \(share), round \(round)): \($0)" }
                outcome.runs.append(m)
                if m.exitCode != 0 { unfinished.insert(share) }
            }
            if !night.xmlFiles.isEmpty {
                let validate = try ChildProcess(arguments: [allot, "validate", "--inputs", night.xmlInputs.path], limits: limits).run()
                let expected: Int32 = xmlBad > 0 ? 3 : 0
                if validate.exitCode != expected {
                    outcome.wrong.append("allot validate on the XML feeds: \(validate.failureSummary), expected exit \(expected)")
                }
                outcome.xmlIngest.append(PeerMeasurement(name: "allot validate (XML feeds)", seconds: validate.wallSeconds,
                                                         cpuSeconds: validate.cpuSeconds, processSeconds: validate.wallSeconds,
                                                         peakResidentBytes: validate.ownPeakResidentBytes.bytes,
                                                         peakExact: validate.ownPeakResidentBytes.exact, records: nil,
                                                         library: "allot"))
            }
            guard runPeers else { continue }
            let manifestFile = night.folder.appendingPathComponent("feeds.json").path
            if !night.csvFiles.isEmpty {
                let p = try peer(name: "polars read_csv", [python, peersFolder.appendingPathComponent("polars_read_feeds.py").path,
                                                           manifestFile, night.inputs.path], limits: limits)
                if p.records != csvRecords { outcome.wrong.append("polars read \(p.records ?? -1) rows, \(csvRecords) were written") }
                outcome.polars.append(p)
            }
            if !night.xmlFiles.isEmpty {
                let p = try peer(name: "lxml iterparse", [python, peersFolder.appendingPathComponent("lxml_iterparse_feeds.py").path,
                                                          manifestFile, night.inputs.path], limits: limits)
                if p.records != xmlRecords { outcome.wrong.append("lxml counted \(p.records ?? -1) records, \(xmlRecords) were written") }
                outcome.lxml.append(p)
            }
            outcome.ortools.append(try ortools(limits: limits, wrong: &outcome.wrong))
        }
        return outcome
    }

    private func peer(name: String, _ arguments: [String], limits: ChildProcess.Limits) throws -> PeerMeasurement {
        progress("  \(night.spec.name) night: \(name)")
        let outcome = try ChildProcess(arguments: arguments, limits: limits).run()
        guard outcome.succeeded,
              let json = try JSONSerialization.jsonObject(with: Data(outcome.standardOutput.utf8)) as? [String: Any],
              let seconds = number(json["seconds"]) else {
            throw BenchmarkError("\(name): \(outcome.failureSummary)")
        }
        // The script's own VmHWM (its program's high-water mark) when wait4's figure is the parent's.
        var peak = outcome.ownPeakResidentBytes
        if !peak.exact, let own = (json["ownPeakResidentBytes"] as? NSNumber)?.intValue { peak = (own, true) }
        return PeerMeasurement(name: name, seconds: seconds, cpuSeconds: number(json["cpuSeconds"]) ?? .nan,
                               processSeconds: outcome.wallSeconds, peakResidentBytes: peak.bytes,
                               peakExact: peak.exact, records: (json["records"] as? NSNumber)?.intValue, library: json["library"] as? String ?? "")
    }

    /// OR-Tools' min-cost flow on the night's tier-1 networks (`plan-bench network`): the sum of the solves.
    /// Checked: every network optimal, with the maximum flow `plan-bench` found for it.
    private func ortools(limits: ChildProcess.Limits, wrong: inout [String]) throws -> PeerMeasurement {
        progress("  \(night.spec.name) night: OR-Tools min-cost flow")
        let outcome = try ChildProcess(arguments: [python, peersFolder.appendingPathComponent("ortools_min_cost_flow.py").path,
                                                   night.networks.path], limits: limits).run()
        guard outcome.succeeded,
              let json = try JSONSerialization.jsonObject(with: Data(outcome.standardOutput.utf8)) as? [String: Any],
              let results = json["results"] as? [[String: Any]] else {
            throw BenchmarkError("OR-Tools: \(outcome.failureSummary)")
        }
        let exported = (try? JSONSerialization.jsonObject(with: Data(contentsOf: night.networks.appendingPathComponent("network.json"))))
            as? [String: Any]
        var maxFlow = [String: Int]()
        for n in exported?["networks"] as? [[String: Any]] ?? [] {
            if let m = n["material"] as? String, let f = (n["maxFlow"] as? NSNumber)?.intValue { maxFlow[m] = f }
        }
        var seconds = 0.0
        for r in results {
            let material = r["material"] as? String ?? "?"
            seconds += number(r["seconds"]) ?? .nan
            if r["status"] as? String != "optimal" { wrong.append("OR-Tools on \(material): \(r["status"] ?? "no status")") }
            if let want = maxFlow[material], (r["flow"] as? NSNumber)?.intValue != want {
                wrong.append("OR-Tools on \(material): flow \(r["flow"] ?? "none"), plan-bench's maximum flow \(want)")
            }
        }
        return PeerMeasurement(name: "OR-Tools min-cost flow", seconds: seconds, cpuSeconds: .nan,
                               processSeconds: outcome.wallSeconds, peakResidentBytes: outcome.ownPeakResidentBytes.bytes,
                               peakExact: outcome.ownPeakResidentBytes.exact, records: nil, library: json["solver"] as? String ?? "")
    }
}
