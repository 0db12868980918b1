import BenchmarkSupport
import Foundation

/// The targets of `Thresholds/ingest.json`: each one a metric of one format's
/// measurement, a comparison and a value.
struct Thresholds: Codable {
    var runs: Int
    var targets: [Target]

    struct Target: Codable {
        /// `csv` or `xml`.
        var format: String
        /// `mb_per_s`, `time_ratio_to_peer` (allot's median time over the peer's) or
        /// `peak_rss_to_input` (peak resident set over the file's size).
        var metric: String
        /// `>=`, `>`, `<=` or `<`.
        var comparison: String
        var value: Double
        var why: String?

        func holds(for measured: Double) -> Bool { ThresholdFile.holds(measured, comparison, value) }

        var label: String {
            let name: String
            switch metric {
            case "mb_per_s": name = "throughput MB/s"
            case "time_ratio_to_peer": name = "time / peer's time"
            case "peak_rss_to_input": name = "peak RSS / input size"
            default: name = metric
            }
            return "\(format.uppercased()) \(name) \(comparison) \(Report.number(value))"
        }
    }

    static func load(from url: URL) throws -> Thresholds { try ThresholdFile.load(Thresholds.self, from: url) }
}
