import BenchmarkSupport
import Foundation

/// `Thresholds/night.json`: how many runs, the watchdog's limits, and the targets of issue 20.
struct NightThresholds: Codable {
    var runs: Int
    /// A run of allot past this is stopped and counts as not finished.
    var timeoutSeconds: Double
    var residentLimitMiB: Int
    var targets: [Target]

    struct Target: Codable {
        var metric: String
        /// `national` or `province`: a target of that night at scale 1 only; absent: every night measured.
        var night: String?
        var comparison: String
        var value: Double
        var why: String
    }

    static func load(from url: URL) throws -> NightThresholds { try ThresholdFile.load(NightThresholds.self, from: url) }
}
