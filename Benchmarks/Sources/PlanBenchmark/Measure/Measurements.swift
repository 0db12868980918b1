import AllotCore
import AllotIngest
import AllotPlanner
import BenchmarkSupport
import FlowSolver
import Foundation

/// A generated night with the bench's own reading of its reach and overrides.
struct NightContext {
    var night: GeneratedNight
    var schedule: Schedule
    var geography: Geography
    var evaluation: OverrideEvaluation
    var generateSeconds: Double

    init(settings: NightSettings) throws {
        let start = ChildProcess.now()
        let regions: RegionTable
        do { regions = try RegionTableFile.builtIn() } catch {
            throw BenchmarkError("the built-in region table does not load: \(error)")
        }
        night = NightGenerator.generate(settings, regions: regions)
        generateSeconds = ChildProcess.now() - start
        schedule = Schedule(input: night.input)
        geography = Geography(table: night.input.regions, policy: night.input.policy)
        evaluation = OverrideEvaluation(input: night.input, schedule: schedule, geography: geography)
    }
}

// MARK: - plan-bench measure

/// One measurement of the planner, in a child process of its own: generate
/// the night, plan it on the clock, then check the plan.
enum PlanMeasurement {
    struct Report: Codable {
        var summary: NightSummary
        var generateSeconds: Double
        /// `Planner.plan(input)` alone.
        var planSeconds: Double
        var checkSeconds: Double
        /// Resident set once the night is in memory, before planning.
        var residentBeforePlan: Int?
        /// Peak resident set while planning (VmHWM, reset after generating when
        /// the kernel allows it, so the generator's scratch memory is not in it;
        /// the night's records are).
        var peakResidentDuringPlan: Int?
        var peakWasReset: Bool
        var outcomes: Int
        var check: PlanCheck.Result
        /// Per material: the planner's network and the seconds of each stage.
        var profile: PlanningProfile?
    }

    static func run(settings: NightSettings) throws {
        // The bench's own reading of the overrides is made after the plan, so its memory is not in the plan's peak.
        let start = ChildProcess.now()
        let regions: RegionTable
        do { regions = try RegionTableFile.builtIn() } catch {
            throw BenchmarkError("the built-in region table does not load: \(error)")
        }
        let night = NightGenerator.generate(settings, regions: regions)
        let generateSeconds = ChildProcess.now() - start
        let residentBefore = ChildProcess.ownResidentBytes()
        let reset = resetPeakResident()

        let planStart = ChildProcess.now()
        let (plan, profile) = try Planner.profiledPlan(night.input)
        let planSeconds = ChildProcess.now() - planStart
        let peak = ChildProcess.ownPeakResidentBytes()

        let checkStart = ChildProcess.now()
        let schedule = Schedule(input: night.input)
        let geography = Geography(table: night.input.regions, policy: night.input.policy)
        let evaluation = OverrideEvaluation(input: night.input, schedule: schedule, geography: geography)
        let check = PlanCheck.check(plan: plan, input: night.input, schedule: schedule, geography: geography,
                                    evaluation: evaluation)
        let report = Report(summary: night.summary, generateSeconds: generateSeconds, planSeconds: planSeconds,
                            checkSeconds: ChildProcess.now() - checkStart, residentBeforePlan: residentBefore,
                            peakResidentDuringPlan: peak, peakWasReset: reset, outcomes: plan.outcomes.count, check: check,
                            profile: profile)
        try printJSON(report)
        withExtendedLifetime(plan) {}
    }

    /// Resets this process's VmHWM to its current resident set (`echo 5 > /proc/self/clear_refs`, Linux 4.0+).
    static func resetPeakResident() -> Bool {
        guard let handle = FileHandle(forWritingAtPath: "/proc/self/clear_refs") else { return false }
        defer { try? handle.close() }
        return (try? handle.write(contentsOf: Data("5".utf8))) != nil
    }
}

// MARK: - plan-bench network

/// Builds every material's tier-1 network (`TierOneNetwork`), solves each with
/// the bench's own maximum flow, certifies it with a cut, and exports the
/// networks for the solvers to time.
enum NetworkExport {
    struct Report: Codable {
        var summary: NightSummary
        var generateSeconds: Double
        var buildSeconds: Double
        var maxFlowSeconds: Double
        var networks: [Entry]
        /// Override lines SPEC 7 rejects.
        var rejectedOverrides: [Int]
        var pinsHolding: Int
    }

    struct Entry: Codable {
        var material: String
        var file: String
        var nodes: Int
        var arcs: Int
        var reachArcs: Int
        var lotNodes: Int
        var requestNodes: Int
        var capNodes: Int
        var supply: Int64
        var demand: Int64
        var pinnedTierOne: Int64
        var maxFlow: Int64
        var cutCapacity: Int64
        /// The most tier 1 can get: pins plus the maximum flow.
        var tierOneBound: Int64
    }

    static let manifestName = "network.json"

    static func run(settings: NightSettings, folder: URL) throws {
        let context = try NightContext(settings: settings)
        let input = context.night.input
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        var offersByMaterial = [MaterialCode: [Int]](), requestsByMaterial = [MaterialCode: [Int]]()
        for (i, o) in input.offers.enumerated() { offersByMaterial[o.material, default: []].append(i) }
        for (i, r) in input.requests.enumerated() { requestsByMaterial[r.material, default: []].append(i) }

        var entries = [Entry]()
        var buildSeconds = 0.0, flowSeconds = 0.0
        for profile in MaterialProfile.all {
            let m = profile.code
            let buildStart = ChildProcess.now()
            let network = TierOneNetwork(material: m, input: input, offers: offersByMaterial[m] ?? [],
                                         requests: requestsByMaterial[m] ?? [], schedule: context.schedule,
                                         geography: context.geography, evaluation: context.evaluation)
            buildSeconds += ChildProcess.now() - buildStart
            let flowStart = ChildProcess.now()
            var maxFlow = MaxFlow(nodeCount: network.nodeCount, tail: network.tail, head: network.head,
                                  capacity: network.capacity)
            let value = maxFlow.solve(source: network.source, sink: network.sink)
            flowSeconds += ChildProcess.now() - flowStart
            let cut = maxFlow.cutCapacity(source: network.source, tail: network.tail, head: network.head)
            let file = "tier1-\(m.rawValue).net"
            try NetworkFile(nodeCount: network.nodeCount, source: network.source, sink: network.sink, tail: network.tail,
                            head: network.head, capacity: network.capacity, cost: network.cost)
                .write(to: folder.appendingPathComponent(file))
            entries.append(Entry(material: m.rawValue, file: file, nodes: network.nodeCount, arcs: network.arcCount,
                                 reachArcs: network.reachArcs, lotNodes: network.lotNodes,
                                 requestNodes: network.requestNodes, capNodes: network.capNodes, supply: network.supply,
                                 demand: network.demand, pinnedTierOne: network.pinnedTierOne, maxFlow: value,
                                 cutCapacity: cut, tierOneBound: network.pinnedTierOne + value))
        }
        let report = Report(summary: context.night.summary, generateSeconds: context.generateSeconds,
                            buildSeconds: buildSeconds, maxFlowSeconds: flowSeconds, networks: entries,
                            rejectedOverrides: context.evaluation.rejectedLines, pinsHolding: context.evaluation.pins.count)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        try encoder.encode(report).write(to: folder.appendingPathComponent(manifestName))
        try printJSON(report)
    }
}

// MARK: - plan-bench simplex

/// Times allot's `NetworkSimplex` on the exported networks, in a child process
/// of its own: the same files OR-Tools reads (`peers/ortools_min_cost_flow.py`).
///
/// The network simplex solves minimum-cost flows with given supplies, so the
/// maximum flow of least cost is asked of it as the planner asks it: a
/// circulation with a return arc sink → source of cost −W, W = nodes × largest
/// cost + 1, larger than the cost of any simple path, so every unit that can
/// go round does, at least cost. Only `NetworkSimplex.solve` is on the clock.
enum SimplexMeasurement {
    static func run(folder: URL) throws {
        let manifest = try JSONDecoder().decode(NetworkExport.Report.self,
                                                from: Data(contentsOf: folder.appendingPathComponent(NetworkExport.manifestName)))
        var results = [SolverReport.Entry]()
        for entry in manifest.networks {
            let file = try NetworkFile.read(from: folder.appendingPathComponent(entry.file))
            var network = FlowNetwork(nodeCount: file.nodeCount)
            network.reserveArcs(file.arcCount + 1)
            var maxCost: Int64 = 0, out: Int64 = 0
            for e in 0..<file.arcCount {
                network.addArc(from: file.tail[e], to: file.head[e], upper: file.capacity[e], cost: file.cost[e])
                maxCost = max(maxCost, file.cost[e])
                if file.tail[e] == file.source { out += file.capacity[e] }
            }
            let back = network.addArc(from: file.sink, to: file.source, upper: out, cost: -(Int64(file.nodeCount) * maxCost + 1))
            let start = ChildProcess.now()
            let solution = NetworkSimplex.solve(network)
            let seconds = ChildProcess.now() - start
            var cost: Int64 = 0
            var problems = [String]()
            var balance = [Int64](repeating: 0, count: file.nodeCount)
            for e in 0..<network.arcCount {
                let f = solution.flow[e]
                if f < 0 || f > network.upper[e] { problems.append("arc \(e): flow \(f) outside 0...\(network.upper[e])") }
                balance[Int(network.tail[e])] -= f
                balance[Int(network.head[e])] += f
                if e < file.arcCount { cost += f * file.cost[e] }
            }
            if let v = balance.firstIndex(where: { $0 != 0 }) { problems.append("node \(v) is not balanced: \(balance[v])") }
            results.append(SolverReport.Entry(material: entry.material, seconds: seconds, buildSeconds: nil,
                                              flow: solution.flow[Int(back)], cost: cost,
                                              status: "\(solution.status)", problems: problems.prefix(5).map { $0 }))
        }
        try printJSON(SolverReport(solver: "allot NetworkSimplex", results: results,
                                   ownPeakResidentBytes: ChildProcess.ownPeakResidentBytes()))
    }
}

/// What a solver measurement prints, allot's and OR-Tools' alike.
struct SolverReport: Codable {
    var solver: String
    var results: [Entry]
    var ownPeakResidentBytes: Int?

    struct Entry: Codable {
        var material: String
        /// The solve alone.
        var seconds: Double
        /// Loading the arcs into the solver (OR-Tools' `add_arcs_with_capacity_and_unit_cost`).
        var buildSeconds: Double?
        var flow: Int64
        var cost: Int64
        var status: String
        var problems: [String]?
    }
}

func printJSON<T: Encodable>(_ value: T) throws {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys]
    FileHandle.standardOutput.write(try encoder.encode(value) + Data("\n".utf8))
}
