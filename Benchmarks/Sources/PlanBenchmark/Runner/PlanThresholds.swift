import BenchmarkSupport
import Foundation

/// `Thresholds/plan.json`: how many runs, the watchdog's limits, and the
/// targets, each a metric, a comparison and a value (and the scale it is for).
struct PlanThresholds: Codable {
    var runs: Int
    /// After a first planning run this long, the others are skipped: one run is the measurement.
    var longRunSeconds: Double
    /// The watchdog stops a child after this long, or above this resident set.
    var timeoutSeconds: Double
    var residentLimitMiB: Int
    var targets: [Target]

    struct Target: Codable {
        /// `plan_seconds` (median of Planner.plan), `plan_peak_rss_gib` (largest peak
        /// while planning, GiB) or `simplex_to_ortools` (NetworkSimplex's time over OR-Tools'); in
        /// `plan-supply-chain.json`, `supply_chain_plan_seconds_ratio` and `supply_chain_peak_rss_ratio`
        /// (the supply-chain night's median planning time and largest peak over the plain night's, same run).
        var metric: String
        /// The scale the target is for; `nil`: any scale.
        var scale: Double?
        /// `>=`, `>`, `<=` or `<`.
        var comparison: String
        var value: Double
        var why: String?

        func holds(for measured: Double) -> Bool { ThresholdFile.holds(measured, comparison, value) }

        var label: String {
            let name: String
            switch metric {
            case "plan_seconds": name = "planning s"
            case "plan_peak_rss_gib": name = "peak RSS GiB"
            case "simplex_to_ortools": name = "NetworkSimplex / OR-Tools"
            case "supply_chain_plan_seconds_ratio": name = "planning s, supply chain / plain"
            case "supply_chain_peak_rss_ratio": name = "peak RSS, supply chain / plain"
            default: name = metric
            }
            let at = scale.map { " at scale " + String(format: "%g", $0) } ?? ""
            return "\(name) \(comparison) \(TextFormat.number(value))\(at)"
        }
    }

    static func load(from url: URL) throws -> PlanThresholds { try ThresholdFile.load(PlanThresholds.self, from: url) }
}
