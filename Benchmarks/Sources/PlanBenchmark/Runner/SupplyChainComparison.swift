import BenchmarkSupport
import Foundation

/// `plan-bench compare`: the plain national night and the supply-chain night
/// (`--supply-chain`, the same night from the same seed with earmarks,
/// substitutes and conversion offers), planned alternately in fresh
/// processes (plain, supply chain, plain, …), every plan checked; prints
/// both nights' planning time and peak memory, their ratios, and the targets
/// of `Thresholds/plan-supply-chain.json`.
struct SupplyChainComparison {
    var plain: PlanBenchRun
    var chain: PlanBenchRun
    var thresholds: PlanThresholds
    var folder: URL

    private typealias F = TextFormat

    struct Figures: Codable {
        var planSeconds: [Double?]
        var peakResidentDuringPlan: [Int?]
        var medianPlanSeconds: Double?
        var largestPeak: Int?
    }

    static func run(settings base: NightSettings, options: Options, thresholds: PlanThresholds, data: URL,
                    executable: String) throws -> Bool {
        var plainSettings = base, chainSettings = base
        plainSettings.supplyChain = false
        chainSettings.supplyChain = true
        func bench(_ s: NightSettings) -> PlanBenchRun {
            PlanBenchRun(settings: s, thresholds: thresholds, folder: data.appendingPathComponent(s.folderName),
                         peersFolder: data, python: "python3", executable: executable, runPeer: false)
        }
        let comparison = SupplyChainComparison(plain: bench(plainSettings), chain: bench(chainSettings),
                                               thresholds: thresholds,
                                               folder: data.appendingPathComponent(chainSettings.folderName))
        return try comparison.run()
    }

    func run() throws -> Bool {
        let loadBefore = PlanBenchRun.loadAverage()
        var plainSamples = [PlanBenchRun.PlanSample](), chainSamples = [PlanBenchRun.PlanSample]()
        for round in 1...thresholds.runs {
            log("run \(round): plain night…")
            plainSamples.append(try plain.measurePlan())
            log("run \(round): supply-chain night…")
            chainSamples.append(try chain.measurePlan())
        }
        let loadAfter = PlanBenchRun.loadAverage()

        // Wrong results: a check's problems, a run that failed, or runs of one night that made different nights.
        var wrong = [String]()
        for (name, samples) in [("plain", plainSamples), ("supply-chain", chainSamples)] {
            let prints = Set(samples.compactMap { $0.report?.summary.fingerprint })
            if prints.count > 1 { wrong.append("\(name) night: runs made different nights (\(prints.sorted()))") }
            for (i, s) in samples.enumerated() {
                guard let r = s.report else {
                    if !s.didNotFinish { wrong.append("\(name) run \(i + 1): \(s.failure ?? "failed")") }
                    continue
                }
                for p in r.check.problems { wrong.append("\(name) run \(i + 1): \(p)") }
                if r.check.problemCount > r.check.problems.count {
                    wrong.append("\(name) run \(i + 1): … \(r.check.problemCount - r.check.problems.count) more problems")
                }
            }
        }
        if let a = plainSamples.first?.report?.summary, let b = chainSamples.first?.report?.summary, a.supplyChain || !b.supplyChain {
            wrong.append("the two nights are not the plain and the supply-chain night")
        }

        let p = figures(plainSamples), c = figures(chainSamples)
        let timeRatio = ratio(c.medianPlanSeconds, p.medianPlanSeconds)
        let peakRatio = ratio(c.largestPeak.map(Double.init), p.largestPeak.map(Double.init))

        var out = [String]()
        let settings = chain.settings
        out.append("allot planner benchmark, supply chain: scale \(settings.scaleText), seed \(settings.seed); "
                   + "the plain night and the supply-chain night alternately, each measurement in a fresh process")
        if let s = chainSamples.first(where: { $0.report != nil })?.report?.summary {
            out.append("supply-chain night: \(F.grouped(s.offers)) offers, \(F.grouped(s.requests)) requests; "
                       + PlanReport.supplyChainLine(s) + "; [substitutes] " + s.substitutes.joined(separator: ", "))
        }
        if let s = plainSamples.first(where: { $0.report != nil })?.report?.summary {
            out.append("plain night: \(F.grouped(s.offers)) offers, \(F.grouped(s.requests)) requests, no earmarks, "
                       + "no substitutes, no conversion offers")
        }
        out.append("load average (1 min) before: \(loadBefore), after: \(loadAfter) (2 cores; higher means other work shared the machine)")
        out.append("")
        var rows = [["run", "night", "plan s", "peak plan MB", "process peak MB", "lines", "earmarked l.", "substitute l.",
                     "conversion l.", "produced", "check"]]
        for round in 0..<thresholds.runs {
            for (name, s) in [("plain", plainSamples[round]), ("supply chain", chainSamples[round])] {
                if let r = s.report {
                    rows.append([String(round + 1), name, F.fixed(r.planSeconds, 2), Self.megabytes(r.peakResidentDuringPlan),
                                 Self.megabytes(s.processPeakBytes), F.grouped(r.check.lines), F.grouped(r.check.earmarkedLines),
                                 F.grouped(r.check.substitutedLines), F.grouped(r.check.conversionLines),
                                 F.grouped(r.check.produced), r.check.problemCount == 0 ? "ok" : "WRONG"])
                } else {
                    rows.append([String(round + 1), name, "-", "-", Self.megabytes(s.processPeakBytes), "-", "-", "-", "-", "-",
                                 s.didNotFinish ? "did not finish" : "WRONG"])
                }
            }
        }
        out += F.table(rows, rightAligned: Set(2...9)).map { "  " + $0 }
        for (name, samples) in [("plain", plainSamples), ("supply chain", chainSamples)] {
            for (i, s) in samples.enumerated() where s.report == nil {
                out.append("  \(name) run \(i + 1): \(s.failure ?? "failed") after \(F.fixed(s.processSeconds, 0)) s")
            }
        }
        out.append("")
        rows = [["", "median plan s", "largest peak plan MB"],
                ["plain", p.medianPlanSeconds.map { F.fixed($0, 2) } ?? "n/a", Self.megabytes(p.largestPeak)],
                ["supply chain", c.medianPlanSeconds.map { F.fixed($0, 2) } ?? "n/a", Self.megabytes(c.largestPeak)],
                ["ratio", timeRatio.map { F.fixed($0, 2) } ?? "n/a", peakRatio.map { F.fixed($0, 2) } ?? "n/a"]]
        out += F.table(rows, rightAligned: [1, 2]).map { "  " + $0 }
        out.append("")
        out.append("targets (Thresholds/plan-supply-chain.json)")
        var passed = 0, applicable = 0
        for t in thresholds.targets {
            let label = t.label.padding(toLength: 40, withPad: " ", startingAt: 0)
            if let scale = t.scale, abs(scale - settings.scale) > 1e-12 {
                out.append("  ----  \(label) not at this scale (\(settings.scaleText))")
                continue
            }
            let value: Double?
            switch t.metric {
            case "supply_chain_plan_seconds_ratio": value = timeRatio
            case "supply_chain_peak_rss_ratio": value = peakRatio
            default: value = nil
            }
            applicable += 1
            let pass = wrong.isEmpty && (value.map(t.holds) ?? false)
            if pass { passed += 1 }
            out.append("  \(pass ? "PASS" : "FAIL")  \(label) measured "
                       + (value.map { F.number($0) } ?? "n/a") + (wrong.isEmpty ? "" : " (the plans are wrong)"))
        }
        out.append("  \(passed) of \(applicable) targets at this scale pass")
        out.append("")
        if wrong.isEmpty {
            out.append("checks: every plan of both nights as `plan-bench measure` checks it; on the supply-chain night "
                       + "earmarks, substitutes and the conversion lots (recomputed from the plan's meltblown lines) as "
                       + "SPEC 12-14 say; the tier-1 maximum is `make bench-plan`'s, not checked here")
        } else {
            out.append("CHECK FAILED: these results are wrong, so their times mean nothing:")
            for w in wrong.prefix(30) { out.append("  \(w)") }
        }
        print(out.joined(separator: "\n"))

        struct Saved: Codable {
            var scale: Double
            var seed: UInt64
            var plain: Figures
            var supplyChain: Figures
            var planSecondsRatio: Double?
            var peakRatio: Double?
            var wrong: [String]
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        try? FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        if let data = try? encoder.encode(Saved(scale: settings.scale, seed: settings.seed, plain: p, supplyChain: c,
                                                planSecondsRatio: timeRatio, peakRatio: peakRatio, wrong: wrong)) {
            try? data.write(to: folder.appendingPathComponent("last-compare.json"))
        }
        return wrong.isEmpty
    }

    private func figures(_ samples: [PlanBenchRun.PlanSample]) -> Figures {
        let finished = samples.compactMap(\.report)
        let all = !finished.isEmpty && finished.count == samples.count
        return Figures(planSeconds: samples.map { $0.report?.planSeconds },
                       peakResidentDuringPlan: samples.map { $0.report?.peakResidentDuringPlan },
                       medianPlanSeconds: all ? F.median(finished.map(\.planSeconds)) : nil,
                       largestPeak: all ? finished.compactMap(\.peakResidentDuringPlan).max() : nil)
    }

    private func ratio(_ a: Double?, _ b: Double?) -> Double? {
        guard let a, let b, b > 0 else { return nil }
        return a / b
    }

    private static func megabytes(_ bytes: Int?) -> String {
        bytes.map { TextFormat.fixed(Double($0) / 1e6, 0) } ?? "-"
    }

    private func log(_ s: String) { FileHandle.standardError.write(Data((s + "\n").utf8)) }
}
