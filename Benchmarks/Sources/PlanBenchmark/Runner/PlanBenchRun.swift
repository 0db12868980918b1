import BenchmarkSupport
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The parent side of the planner benchmark: exports the bench's tier-1
/// networks once, then measures the planner, allot's NetworkSimplex and
/// OR-Tools each in a fresh process per measurement, round-robin, checks
/// every result and prints the table and the targets.
struct PlanBenchRun {
    var settings: NightSettings
    var thresholds: PlanThresholds
    /// Where the networks are exported (`data/plan-scale-X/`).
    var folder: URL
    var peersFolder: URL
    var python: String
    var executable: String
    var runPeer: Bool

    /// One planner measurement.
    struct PlanSample {
        var report: PlanMeasurement.Report?
        var processSeconds: Double
        var processPeakBytes: Int
        /// Why there is no report (`stopped: wall time over 600 s`), or `nil`.
        var failure: String?
        /// The child was stopped by the watchdog or the kernel (time or memory), not by a wrong result.
        var didNotFinish: Bool
    }

    struct SolverSample {
        var report: SolverReport?
        var failure: String?
    }

    struct Outcome {
        var network: NetworkExport.Report
        var plans: [PlanSample]
        var simplex: [SolverSample]
        var ortools: [SolverSample]
        var peerVersion: String?
        /// A note on the number of planning runs.
        var runsNote: String?
        var loadAverages: (before: String, after: String)
        /// Wrong results of the planner, and of the solvers: each makes the run fail.
        var wrongPlans: [String]
        var wrongSolvers: [String]
        var wrong: [String] { wrongPlans + wrongSolvers }
    }

    private var environment: [String: String] {
        var e = ProcessInfo.processInfo.environment
        // A crashing child should fail fast, not wait for the backtracer.
        e["SWIFT_BACKTRACE"] = "enable=no"
        return e
    }

    private var limits: ChildProcess.Limits {
        ChildProcess.Limits(wallSeconds: thresholds.timeoutSeconds, residentBytes: thresholds.residentLimitMiB << 20)
    }

    private var nightArguments: [String] {
        ["--scale", String(settings.scale), "--seed", String(settings.seed), "--share", settings.share.rawValue]
            + (settings.supplyChain ? ["--supply-chain"] : [])
    }

    // MARK: - Running

    func run() throws -> Outcome {
        let loadBefore = Self.loadAverage()
        log("plan-bench: scale \(settings.scaleText), exporting the tier-1 networks to \(folder.path)…")
        let exported = try ChildProcess(arguments: [executable, "network"] + nightArguments + ["--out", folder.path],
                                        environment: environment, limits: limits).run()
        guard exported.succeeded, let line = exported.standardOutput.split(separator: "\n").last,
              let network = try? JSONDecoder().decode(NetworkExport.Report.self, from: Data(line.utf8)) else {
            throw BenchmarkError("plan-bench network failed: \(exported.failureSummary)")
        }
        let peerVersion = runPeer ? ortoolsVersion() : nil

        var plans = [PlanSample](), simplex = [SolverSample](), ortools = [SolverSample]()
        // A long or unfinished first planning run cuts the planner to one run;
        // the solvers take seconds and keep every run, so their medians stay medians.
        var runs = thresholds.runs
        var note: String? = nil
        var round = 1
        while round <= thresholds.runs {
            if round <= runs {
                log("run \(round): planner…")
                let sample = try measurePlan()
                plans.append(sample)
                if round == 1, let seconds = sample.report?.planSeconds, seconds > thresholds.longRunSeconds, runs > 1 {
                    note = "1 run: the first took \(TextFormat.fixed(seconds, 1)) s (> \(TextFormat.number(thresholds.longRunSeconds)) s)"
                    runs = 1
                }
                if sample.didNotFinish && runs > 1 {
                    note = "1 run: the planner did not finish (\(sample.failure ?? "?"))"
                    runs = 1
                }
            }
            log("run \(round): NetworkSimplex…")
            simplex.append(try measureSolver([executable, "simplex", "--network", folder.path]))
            if peerVersion != nil {
                log("run \(round): OR-Tools…")
                ortools.append(try measureSolver([python, peersFolder.appendingPathComponent("ortools_min_cost_flow.py").path,
                                                  folder.path]))
            }
            round += 1
        }
        var outcome = Outcome(network: network, plans: plans, simplex: simplex, ortools: ortools, peerVersion: peerVersion,
                              runsNote: note, loadAverages: (loadBefore, Self.loadAverage()), wrongPlans: [], wrongSolvers: [])
        outcome.wrongPlans = Self.wrongPlans(outcome)
        outcome.wrongSolvers = Self.wrongSolvers(outcome)
        return outcome
    }

    func measurePlan() throws -> PlanSample {
        let outcome = try ChildProcess(arguments: [executable, "measure"] + nightArguments, environment: environment,
                                       limits: limits).run()
        guard outcome.succeeded else {
            let stopped = outcome.stoppedBecause != nil || outcome.signal == SIGKILL
            return PlanSample(report: nil, processSeconds: outcome.wallSeconds, processPeakBytes: outcome.peakResidentBytes,
                              failure: outcome.failureSummary, didNotFinish: stopped)
        }
        guard let line = outcome.standardOutput.split(separator: "\n").last,
              let report = try? JSONDecoder().decode(PlanMeasurement.Report.self, from: Data(line.utf8)) else {
            return PlanSample(report: nil, processSeconds: outcome.wallSeconds, processPeakBytes: outcome.peakResidentBytes,
                              failure: "printed no report: \(outcome.standardOutput.prefix(200))", didNotFinish: false)
        }
        return PlanSample(report: report, processSeconds: outcome.wallSeconds, processPeakBytes: outcome.peakResidentBytes,
                          failure: nil, didNotFinish: false)
    }

    private func measureSolver(_ command: [String]) throws -> SolverSample {
        let outcome = try ChildProcess(arguments: command, environment: environment, limits: limits).run()
        guard outcome.succeeded else { return SolverSample(report: nil, failure: outcome.failureSummary) }
        guard let line = outcome.standardOutput.split(separator: "\n").last,
              let report = try? JSONDecoder().decode(SolverReport.self, from: Data(line.utf8)) else {
            return SolverSample(report: nil, failure: "printed no report: \(outcome.standardOutput.prefix(200))")
        }
        return SolverSample(report: report, failure: nil)
    }

    // MARK: - Checks

    /// What makes a plan wrong (not merely slow): a problem its check found,
    /// another night than the network's, or a tier-1 total other than the bound.
    static func wrongPlans(_ o: Outcome) -> [String] {
        // The same problem in every run is said once, with the runs it came up in.
        var order = [String](), runs = [String: [Int]]()
        func add(_ run: Int, _ text: String) {
            if runs[text] == nil { order.append(text) }
            runs[text, default: []].append(run)
        }
        let bound = Dictionary(uniqueKeysWithValues: o.network.networks.map { ($0.material, $0) })
        for (i, s) in o.plans.enumerated() {
            guard let r = s.report else {
                if !s.didNotFinish { add(i + 1, s.failure ?? "failed") }
                continue
            }
            if r.summary.fingerprint != o.network.summary.fingerprint {
                add(i + 1, "generated another night (fingerprint \(r.summary.fingerprint), network's \(o.network.summary.fingerprint))")
            }
            for p in r.check.problems { add(i + 1, p) }
            if r.check.problemCount > r.check.problems.count {
                add(i + 1, "… \(r.check.problemCount - r.check.problems.count) more problems")
            }
            // The bench's tier-1 networks model neither earmarks, nor substitution, nor conversion lots:
            // on the supply-chain night their max flow is no bound, and is not held against the plan.
            for (material, b) in bound.sorted(by: { $0.key < $1.key }) where !o.network.summary.supplyChain {
                let planned = r.check.tierTotals[material]?["1"] ?? 0
                if planned != b.tierOneBound {
                    add(i + 1, "\(material) tier 1 gets \(planned), the most it can get is \(b.tierOneBound) "
                               + "(pins \(b.pinnedTierOne) + max flow \(b.maxFlow))")
                }
            }
        }
        return order.map { text in
            let r = runs[text]!
            return (r.count == 1 ? "planner run \(r[0])" : "planner runs " + r.map(String.init).joined(separator: ", ")) + ": " + text
        }
    }

    /// What makes a solver result wrong: the bench's own max flow without its
    /// certificate, a flow other than the max flow, or the two solvers'
    /// least costs disagreeing.
    static func wrongSolvers(_ o: Outcome) -> [String] {
        var wrong = [String]()
        let bound = Dictionary(uniqueKeysWithValues: o.network.networks.map { ($0.material, $0) })
        for n in o.network.networks where n.cutCapacity != n.maxFlow {
            wrong.append("the bench's own max flow for \(n.material) is \(n.maxFlow) but its cut is \(n.cutCapacity)")
        }
        for (solver, samples) in [("NetworkSimplex", o.simplex), ("OR-Tools", o.ortools)] {
            for (i, s) in samples.enumerated() {
                guard let r = s.report else { wrong.append("\(solver) run \(i + 1): \(s.failure ?? "failed")"); continue }
                for e in r.results {
                    guard let b = bound[e.material] else { wrong.append("\(solver): unknown material \(e.material)"); continue }
                    if e.status != "optimal" { wrong.append("\(solver) \(e.material): \(e.status)") }
                    if e.flow != b.maxFlow { wrong.append("\(solver) \(e.material): flow \(e.flow), max flow is \(b.maxFlow)") }
                    for p in e.problems ?? [] { wrong.append("\(solver) \(e.material): \(p)") }
                }
            }
        }
        // Both solvers' least costs must agree (each is a run of the same deterministic task).
        if let a = o.simplex.first?.report, let b = o.ortools.first?.report {
            let costs = Dictionary(uniqueKeysWithValues: b.results.map { ($0.material, $0.cost) })
            for e in a.results where costs[e.material] != e.cost {
                wrong.append("\(e.material): NetworkSimplex's least cost \(e.cost), OR-Tools' \(costs[e.material].map(String.init) ?? "none")")
            }
        }
        return wrong
    }

    // MARK: - Helpers

    private func ortoolsVersion() -> String? {
        let script = "from ortools.graph.python import min_cost_flow; import ortools; print(ortools.__version__)"
        guard let outcome = try? ChildProcess(arguments: [python, "-c", script]).run(), outcome.succeeded else {
            log("""
                warning: \(python) cannot import ortools; the OR-Tools peer is skipped \
                (`\(python) -m pip install ortools==9.15.6755`, or run `make bench-plan`, which installs it)
                """)
            return nil
        }
        return outcome.standardOutput.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    static func loadAverage() -> String {
        let text = (try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8)) ?? "?"
        return String(text.split(separator: " ").first ?? "?")
    }

    private func log(_ s: String) { FileHandle.standardError.write(Data((s + "\n").utf8)) }
}
