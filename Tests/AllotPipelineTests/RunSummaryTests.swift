import AllotCore
import AllotPipeline
import Foundation
import XCTest

/// What `allot run` says on stderr when it has published: feed records and
/// overrides apart, and one line per material in its unit with the figures of
/// the manifest and `allot.prom`.
final class RunSummaryTests: XCTestCase {
    static let sample = SampleNightPlanTests.sampleInputs

    private func scratch() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("allot-summary-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        addTeardownBlock { try? FileManager.default.removeItem(at: url) }
        return url
    }

    /// The sample night's per-material lines, read back as numbers, are the
    /// manifest's `materials` and `allot.prom`'s `allot_delivered` and `allot_shortfall`.
    func test_summary_sampleNight_perMaterialFiguresAreTheManifestsAndMetrics() throws {
        let outputs = try scratch().appendingPathComponent("Outputs")
        let result = try AllotCommand.run(["run", "--inputs", Self.sample.path, "--outputs", outputs.path,
                                           "--date", "2020-02-11"])
        XCTAssertEqual(result.status, 0, result.stderr)
        let manifest = try XCTUnwrap(JSONSerialization.jsonObject(
            with: Data(contentsOf: outputs.appendingPathComponent("2020-02-11/manifest.json"))) as? [String: Any])
        let materials = try XCTUnwrap(manifest["materials"] as? [String: [String: Any]])
        let prom = try String(contentsOf: outputs.appendingPathComponent("allot.prom"), encoding: .utf8)
        let pattern = try NSRegularExpression(pattern: "^allot: ([A-Z0-9-]+): requested ([0-9]+) (kg|piece), "
            + "delivered ([0-9]+) (kg|piece) \\(([0-9.]+)%\\), shortfall ([0-9]+) (kg|piece) \\(([0-9]+) capped\\)$")
        var seen = [String]()
        for line in result.stderr.split(separator: "\n").map(String.init) {
            guard let m = pattern.firstMatch(in: line, range: NSRange(line.startIndex..., in: line)) else { continue }
            let field = { (i: Int) in String(line[Range(m.range(at: i), in: line)!]) }
            let code = field(1), unit = field(3)
            seen.append(code)
            let entry = try XCTUnwrap(materials[code], code)
            XCTAssertEqual(field(5), unit, code)
            XCTAssertEqual(field(8), unit, code)
            XCTAssertEqual(entry["unit"] as? String, unit, code)
            XCTAssertEqual(entry["requested"] as? Int, Int(field(2)), code)
            XCTAssertEqual(entry["delivered"] as? Int, Int(field(4)), code)
            let requested = try XCTUnwrap(Int(field(2))), delivered = try XCTUnwrap(Int(field(4)))
            XCTAssertEqual(Int(field(7)), requested - delivered, code)
            let labels = "{material=\"\(code)\",unit=\"\(unit)\"}"
            XCTAssertTrue(prom.contains("\nallot_delivered\(labels) \(field(4))\n"), "\(code) delivered in allot.prom")
            XCTAssertTrue(prom.contains("\nallot_shortfall\(labels) \(field(7))\n"), "\(code) shortfall in allot.prom")
        }
        XCTAssertEqual(seen, materials.keys.sorted(), "one line per material of the manifest, in code order")
        XCTAssertTrue(result.stderr.contains("\nallot: MASK-MEDICAL: requested 2543280 piece, delivered 935800 piece "
            + "(36.8%), shortfall 1607480 piece (392000 capped)\n"), result.stderr)
        XCTAssertTrue(result.stderr.contains("\nallot: ALCOHOL: requested 1203 kg, delivered 1029 kg (85.5%), "
            + "shortfall 174 kg (0 capped)\n"), result.stderr)
    }

    /// Every stage of a run is in `allot.prom` with its wall, processor and peak figures, in the order the
    /// run took them; the manifest's `timings` has the stages before it was written (ingest, plan, render).
    func test_run_sampleNight_everyStageInMetricsAndEarlierOnesInTheManifest() throws {
        let outputs = try scratch().appendingPathComponent("Outputs")
        let result = try AllotCommand.run(["run", "--inputs", Self.sample.path, "--outputs", outputs.path,
                                           "--date", "2020-02-11"])
        XCTAssertEqual(result.status, 0, result.stderr)
        let prom = try String(contentsOf: outputs.appendingPathComponent("allot.prom"), encoding: .utf8)
        let stages = ["ingest", "plan", "render", "publish", "ledger"]
        for family in ["allot_stage_seconds", "allot_stage_cpu_seconds", "allot_stage_peak_resident_bytes"] {
            let samples = prom.split(separator: "\n").filter { $0.hasPrefix(family + "{") }
            XCTAssertEqual(samples.map { String($0.split(separator: "\"")[1]) }, stages, family)
            for sample in samples {
                let value = try XCTUnwrap(Double(sample.split(separator: " ").last!), String(sample))
                XCTAssertGreaterThanOrEqual(value, 0, String(sample))
            }
        }
        let peaks = prom.split(separator: "\n").filter { $0.hasPrefix("allot_stage_peak_resident_bytes{") }
            .compactMap { Int($0.split(separator: " ").last!) }
        XCTAssertEqual(peaks, peaks.sorted(), "a high-water mark never falls")
        XCTAssertGreaterThan(peaks.last ?? 0, 1_000_000)
        let manifest = try XCTUnwrap(JSONSerialization.jsonObject(
            with: Data(contentsOf: outputs.appendingPathComponent("2020-02-11/manifest.json"))) as? [String: Any])
        XCTAssertEqual((manifest["timings"] as? [String: Double])?.keys.sorted(), ["ingest", "plan", "render"])
    }

    /// An override that cannot hold is counted under overrides, not among the
    /// feeds' records, whose counts add up.
    func test_summary_overrideThatCannotHold_countedApartFromFeedRecords() throws {
        let inputs = try scratch().appendingPathComponent("Inputs")
        try FileManager.default.copyItem(at: Self.sample, to: inputs)
        let overrides = inputs.appendingPathComponent("overrides.csv")
        let text = try String(contentsOf: overrides, encoding: .utf8)
        try (text + "pin,liaocheng-offers:LCO-404,county-chiping:CP-001,,,10,no such offer\n")
            .write(to: overrides, atomically: true, encoding: .utf8)
        let outputs = try scratch().appendingPathComponent("Outputs")
        let result = try AllotCommand.run(["run", "--inputs", inputs.path, "--outputs", outputs.path,
                                           "--date", "2020-02-11"])
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertTrue(result.stderr.contains("allot: published \(outputs.path)/2020-02-11: 150 shipments; "
            + "feeds: 214 records (197 accepted, 10 rejected, 7 superseded); overrides: 3 (2 applied, 1 rejected); "
            + "rejects.csv: 11 rows\n"), result.stderr)
    }
}
