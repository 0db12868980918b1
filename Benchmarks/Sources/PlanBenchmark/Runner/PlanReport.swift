import AllotPlanner
import BenchmarkSupport
import Foundation

/// The printed table of one planner benchmark run, the targets with PASS or
/// FAIL, and the same as JSON for later comparison.
struct PlanReport {
    var settings: NightSettings
    var thresholds: PlanThresholds
    var outcome: PlanBenchRun.Outcome
    var folder: URL

    private typealias F = TextFormat

    // MARK: - Figures

    /// The planner's own network per material and the seconds of each stage, from one run (materials run two
    /// at a time on two cores, so a stage's seconds include time the other thread took).
    private func stageTable(_ profile: PlanningProfile?) -> [String] {
        guard let profile else { return [] }
        var out = ["planner stages per material (first finished run; materials run on every core at once):"]
        var rows = [["material", "lot cl.", "request cl.", "arrive", "caps", "nodes", "arcs", "classes s", "fair share s",
                     "min cost s", "split back s", "fair share by tier"]]
        for m in profile.materials {
            let steps = m.fairShareSteps.sorted { $0.key < $1.key }.map { "\($0.key): \($0.value)" }.joined(separator: ", ")
            rows.append([m.material, F.grouped(m.lotClasses), F.grouped(m.requestClasses), F.grouped(m.arriveNodes),
                         F.grouped(m.capNodes), F.grouped(m.nodes), F.grouped(m.arcs), F.fixed(m.classesSeconds, 2),
                         F.fixed(m.fairShareSeconds, 2), F.fixed(m.minimumCostSeconds, 2), F.fixed(m.assemblySeconds, 2),
                         steps.isEmpty ? "-" : steps])
        }
        out += F.table(rows, rightAligned: Set(1...10)).map { "  " + $0 }
        out.append("  on one thread: \(F.fixed(profile.preparationSeconds, 2)) s before the materials (lots, reach, pins), "
                   + "\(F.fixed(profile.gatheringSeconds, 2)) s after (gathering and sorting lines and outcomes)")
        out.append("")
        return out
    }

    var finishedPlans: [PlanMeasurement.Report] { outcome.plans.compactMap(\.report) }

    /// Median of `Planner.plan`, when every run finished (right or wrong: see `plansRight`).
    var planSeconds: Double? {
        guard !finishedPlans.isEmpty, finishedPlans.count == outcome.plans.count else { return nil }
        return F.median(finishedPlans.map(\.planSeconds))
    }

    var peakDuringPlan: Int? {
        guard !finishedPlans.isEmpty, finishedPlans.count == outcome.plans.count else { return nil }
        return finishedPlans.compactMap(\.peakResidentDuringPlan).max()
    }

    /// A target on the planner only passes when its plans are right.
    var plansRight: Bool { outcome.wrongPlans.isEmpty }

    /// Median seconds per material of one solver's runs.
    func solverMedians(_ samples: [PlanBenchRun.SolverSample]) -> [String: Double] {
        var seconds = [String: [Double]]()
        for s in samples { for e in s.report?.results ?? [] { seconds[e.material, default: []].append(e.seconds) } }
        return seconds.mapValues { F.median($0) }
    }

    func buildMedians(_ samples: [PlanBenchRun.SolverSample]) -> [String: Double] {
        var seconds = [String: [Double]]()
        for s in samples { for e in s.report?.results ?? [] { seconds[e.material, default: []].append(e.buildSeconds ?? .nan) } }
        return seconds.mapValues { F.median($0) }
    }

    /// Σ NetworkSimplex medians over Σ OR-Tools medians.
    var simplexToORTools: Double? {
        guard outcome.wrongSolvers.isEmpty, !outcome.simplex.isEmpty, !outcome.ortools.isEmpty else { return nil }
        let a = solverMedians(outcome.simplex).values.reduce(0, +), b = solverMedians(outcome.ortools).values.reduce(0, +)
        return a.isFinite && b.isFinite && b > 0 ? a / b : nil
    }

    /// The measured value of a target; `nil` when it does not apply or could not be measured.
    func measured(_ t: PlanThresholds.Target) -> (value: Double?, note: String?) {
        if let scale = t.scale, abs(scale - settings.scale) > 1e-12 {
            return (nil, "not at this scale (\(settings.scaleText))")
        }
        switch t.metric {
        case "plan_seconds":
            if let s = planSeconds { return (s, plansRight ? nil : "the plans are wrong") }
            return (nil, didNotFinishNote ?? "no run finished")
        case "plan_peak_rss_gib":
            if let p = peakDuringPlan { return (Double(p) / Double(1 << 30), plansRight ? nil : "the plans are wrong") }
            return (nil, didNotFinishNote ?? "no run finished")
        case "simplex_to_ortools":
            return (simplexToORTools, simplexToORTools == nil ? "no peer, or a result is wrong" : nil)
        default:
            return (nil, "unknown metric")
        }
    }

    private var didNotFinishNote: String? {
        outcome.plans.first { $0.didNotFinish }.map { "did not finish: \($0.failure ?? "?")" }
    }

    // MARK: - Text

    func text() -> String {
        let n = outcome.network
        let s = n.summary
        var out = [String]()
        out.append("allot planner benchmark: scale \(settings.scaleText), seed \(s.seed), generator v\(s.generatorVersion); "
                   + "each measurement in a fresh process")
        out.append("night: \(F.grouped(s.offers)) offers, \(F.grouped(s.requests)) requests in "
                   + "\(F.grouped(s.countiesWithRequests)) of \(F.grouped(s.counties)) counties, \(s.overrides) overrides "
                   + "(\(Self.counts(s.overridesByAction))); \(n.pinsHolding) pins hold, \(n.rejectedOverrides.count) overrides cannot")
        out.append("  offers: \(Self.counts(s.offersByKind)); requests: \(Self.counts(s.requestsByCategory)); "
                   + "\(F.grouped(s.requestsOverdue)) overdue, \(F.grouped(s.requestsWithoutDeadline)) without needed_by")
        out.append("policy: default (3 days, 800 km, 400 km/day, road factor 1.25), share = \(settings.share.rawValue)"
                   + (s.substitutes.isEmpty ? "" : "; [substitutes] " + s.substitutes.joined(separator: ", ")))
        if s.supplyChain { out.append("  supply chain: " + Self.supplyChainLine(s)) }
        out.append("load average (1 min) before: \(outcome.loadAverages.before), after: \(outcome.loadAverages.after) "
                   + "(2 cores; higher means other work shared the machine)")
        out.append("")

        out.append("planner: Planner.plan(input) on the clock; peak = VmHWM while planning (the night's records included)")
        var rows = [["run", "plan s", "generate s", "check s", "RSS before MB", "peak plan MB", "process peak MB",
                     "lines", "short requests", "check"]]
        for (i, p) in outcome.plans.enumerated() {
            if let r = p.report {
                rows.append([String(i + 1), F.fixed(r.planSeconds, 2), F.fixed(r.generateSeconds, 2), F.fixed(r.checkSeconds, 2),
                             Self.megabytes(r.residentBeforePlan), Self.megabytes(r.peakResidentDuringPlan),
                             Self.megabytes(p.processPeakBytes), F.grouped(r.check.lines), F.grouped(r.check.requestsShort),
                             r.check.problemCount == 0 ? "ok" : "WRONG"])
            } else {
                rows.append([String(i + 1), "-", "-", "-", "-", "-", Self.megabytes(p.processPeakBytes), "-", "-",
                             p.didNotFinish ? "did not finish" : "WRONG"])
                out.append("  run \(i + 1): \(p.failure ?? "") after \(F.fixed(p.processSeconds, 0)) s")
            }
        }
        out += F.table(rows, rightAligned: [1, 2, 3, 4, 5, 6, 7, 8]).map { "  " + $0 }
        if let note = outcome.runsNote { out.append("  (\(note))") }
        out.append("  median plan s: " + (planSeconds.map { F.fixed($0, 2) } ?? "n/a")
                   + "; peak RSS while planning: " + (peakDuringPlan.map { Self.megabytes($0) + " MB" } ?? "n/a")
                   + (plansRight ? "" : " (the plans are WRONG: see below)"))
        out.append("")

        out.append("per material (canonical units): supply = lots within the horizon; tier-1 bound = pins + the bench's max flow")
        let plan = finishedPlans.first
        rows = [["material", "offers", "requests", "requested", "supplied", "ratio", "tier-1 req.", "tier-1 bound", "tier-1 planned", "check"]]
        for ms in s.materials {
            let bound = n.networks.first { $0.material == ms.material }
            let planned = plan?.check.tierTotals[ms.material]?["1"]
            rows.append([ms.material, F.grouped(ms.offers), F.grouped(ms.requests), F.grouped(ms.requested), F.grouped(ms.supplied),
                         F.fixed(ms.supplyRatio, 2), F.grouped(ms.tierOneRequested),
                         bound.map { F.grouped($0.tierOneBound) } ?? "-", planned.map { F.grouped($0) } ?? "-",
                         planned == nil || s.supplyChain ? "-" : (planned == bound?.tierOneBound ? "ok" : "WRONG")])
        }
        out += F.table(rows, rightAligned: [1, 2, 3, 4, 5, 6, 7, 8]).map { "  " + $0 }
        out.append("")
        out += stageTable(plan?.profile)

        let ns = solverMedians(outcome.simplex), or = solverMedians(outcome.ortools), orBuild = buildMedians(outcome.ortools)
        out.append("tier-1 networks (the bench's own, region/day aggregated; exported to \(folder.path)):")
        out.append("  median solve s of allot NetworkSimplex and of \(outcome.peerVersion.map { "OR-Tools \($0)" } ?? "OR-Tools (not installed)") "
                   + "solve_max_flow_with_min_cost; OR-Tools load = add_arcs, not in the ratio")
        rows = [["material", "nodes", "arcs", "lot n.", "req. n.", "cap n.", "max flow", "least cost", "NetworkSimplex s",
                 "OR-Tools s", "OR-Tools load s", "ratio", "agree"]]
        let nsCost = Dictionary((outcome.simplex.first?.report?.results ?? []).map { ($0.material, $0.cost) }, uniquingKeysWith: { a, _ in a })
        let orCost = Dictionary((outcome.ortools.first?.report?.results ?? []).map { ($0.material, $0.cost) }, uniquingKeysWith: { a, _ in a })
        for e in n.networks {
            let a = ns[e.material], b = or[e.material]
            let agree = nsCost[e.material] != nil && (orCost[e.material] == nil || orCost[e.material] == nsCost[e.material])
            rows.append([e.material, F.grouped(e.nodes), F.grouped(e.arcs), F.grouped(e.lotNodes), F.grouped(e.requestNodes),
                         String(e.capNodes), F.grouped(e.maxFlow), nsCost[e.material].map { F.grouped($0) } ?? "-",
                         a.map { F.fixed($0, 3) } ?? "-", b.map { F.fixed($0, 3) } ?? "-",
                         orBuild[e.material].map { F.fixed($0, 3) } ?? "-",
                         (a != nil && b != nil && b! > 0) ? F.fixed(a! / b!, 2) : "-", agree ? "ok" : "WRONG"])
        }
        let totalNodes = n.networks.reduce(0) { $0 + $1.nodes }, totalArcs = n.networks.reduce(0) { $0 + $1.arcs }
        rows.append(["total", F.grouped(totalNodes), F.grouped(totalArcs), "", "", "", "", "",
                     ns.isEmpty ? "-" : F.fixed(ns.values.reduce(0, +), 3), or.isEmpty ? "-" : F.fixed(or.values.reduce(0, +), 3),
                     orBuild.isEmpty ? "-" : F.fixed(orBuild.values.reduce(0, +), 3),
                     simplexToORTools.map { F.fixed($0, 2) } ?? "-", ""])
        out += F.table(rows, rightAligned: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]).map { "  " + $0 }
        out.append("  bench's own Dinic: \(F.fixed(n.maxFlowSeconds, 2)) s for all, every flow certified by a cut of equal capacity; "
                   + "networks built in \(F.fixed(n.buildSeconds, 2)) s")
        out.append("")

        out.append("ratio (allot NetworkSimplex's total solve time / OR-Tools'; below 1.00 means allot is faster)")
        out.append("  NetworkSimplex / OR-Tools = " + (simplexToORTools.map { F.fixed($0, 2) } ?? "n/a"))
        out.append("")
        out.append("targets (Thresholds/plan.json)")
        var passed = 0, applicable = 0
        for t in thresholds.targets {
            let (value, note) = measured(t)
            let label = t.label.padding(toLength: 40, withPad: " ", startingAt: 0)
            if let scale = t.scale, abs(scale - settings.scale) > 1e-12 {
                out.append("  ----  \(label) \(note ?? "")")
                continue
            }
            applicable += 1
            // A value with a note (a wrong result) is shown, and fails.
            let pass = note == nil && (value.map(t.holds) ?? false)
            if pass { passed += 1 }
            let shown = value.map { F.number($0) + (note.map { " (\($0))" } ?? "") } ?? "n/a (\(note ?? "?"))"
            out.append("  \(pass ? "PASS" : "FAIL")  \(label) measured \(shown)")
        }
        out.append("  \(passed) of \(applicable) targets at this scale pass")
        out.append("")
        if outcome.wrong.isEmpty {
            let solvers = outcome.ortools.isEmpty
                ? "NetworkSimplex's flow = the max flow (OR-Tools not run)"
                : "NetworkSimplex and OR-Tools find the max flow and agree on its least cost"
            out.append("checks: every line feasible (lots, requests, material, ≤ 800 km, arrival by the deadline, forbids, pins), "
                       + "deliveries = Σ lines, caps kept, overrides rejected as SPEC 7 says, "
                       + (s.supplyChain
                          ? "earmarks, substitutes and conversion lots as SPEC 12-14 say (tier-1 maximum not checked: "
                            + "the bench's networks do not model these rules); "
                          : "tier 1 = pins + max flow for every material; ")
                       + solvers)
        } else {
            out.append("CHECK FAILED: these results are wrong, so their times mean nothing:")
            for w in outcome.wrong.prefix(30) { out.append("  \(w)") }
        }
        return out.joined(separator: "\n")
    }

    /// `33,215 earmarked offers (for_regions 20,001, …), 500 conversion offers`.
    static func supplyChainLine(_ s: NightSummary) -> String {
        "\(F.grouped(s.earmarkedOffers.values.reduce(0, +))) earmarked offers (\(counts(s.earmarkedOffers))), "
            + "\(F.grouped(s.conversionOffers)) conversion offers from MELTBLOWN"
    }

    private static func counts(_ d: [String: Int]) -> String {
        d.sorted { $0.value > $1.value }.map { "\($0.key) \(F.grouped($0.value))" }.joined(separator: ", ")
    }

    private static func megabytes(_ bytes: Int?) -> String {
        bytes.map { F.fixed(Double($0) / 1e6, 0) } ?? "-"
    }

    // MARK: - JSON

    func json() throws -> Data {
        struct Run: Codable {
            var scale: Double
            var seed: UInt64
            var planSeconds: [Double?]
            var medianPlanSeconds: Double?
            var peakResidentDuringPlan: [Int?]
            var failures: [String?]
            var network: NetworkExport.Report
            var simplex: [SolverReport?]
            var ortools: [SolverReport?]
            var simplexToORTools: Double?
            var wrong: [String]
        }
        let run = Run(scale: settings.scale, seed: settings.seed, planSeconds: outcome.plans.map { $0.report?.planSeconds },
                      medianPlanSeconds: planSeconds, peakResidentDuringPlan: outcome.plans.map { $0.report?.peakResidentDuringPlan },
                      failures: outcome.plans.map(\.failure), network: outcome.network, simplex: outcome.simplex.map(\.report),
                      ortools: outcome.ortools.map(\.report), simplexToORTools: simplexToORTools, wrong: outcome.wrong)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return try encoder.encode(run)
    }
}
