import AllotCore
import Foundation
import XCTest
@testable import AllotPublish

final class RunMetricsTests: XCTestCase {
    let now = Instant(microsecondsSinceEpoch: 1_581_384_645_500_000)   // 2020-02-11T01:30:45.5Z

    /// A night with one MASK-MEDICAL request of 2000, 1500 delivered, and one DISINFECTANT request fully served.
    func night(exitStatus: Int32 = 0) -> NightRun {
        let date = planDay("2020-02-11")
        let prefix = "91371500MA3C00001"
        let enterprise = try! CreditCode.parse(prefix + String(CreditCode.checkCharacter(forPrefix: prefix)!)).get()
        func request(_ id: String, _ material: String, _ quantity: Int64) -> Request {
            Request(key: RecordKey(source: "county", kind: .request, id: id), enterpriseID: enterprise, enterpriseName: "甲厂",
                    region: RegionCode(371502), material: MaterialCode(material), quantity: Quantity(quantity), category: .sme)
        }
        let masks = request("R1", "MASK-MEDICAL", 2000), spray = request("R2", "DISINFECTANT", 25)
        let offer = RecordKey(source: "producer", kind: .offer, id: "O1")
        var plan = Plan(planDate: date, requests: [masks, spray])
        plan.lines = [
            DispatchLine(material: MaterialCode("MASK-MEDICAL"), quantity: Quantity(1000), offer: offer, lotDay: date,
                         request: masks.key, offerIndex: -1, requestIndex: -1, tier: 5, roadDecikm: 120, transitDays: 1, pinned: false),
            DispatchLine(material: MaterialCode("MASK-MEDICAL"), quantity: Quantity(500), offer: offer, lotDay: date,
                         request: masks.key, offerIndex: -1, requestIndex: -1, tier: 5, roadDecikm: 120, transitDays: 1, pinned: false),
            DispatchLine(material: MaterialCode("DISINFECTANT"), quantity: Quantity(25), offer: offer, lotDay: date,
                         request: spray.key, offerIndex: -1, requestIndex: -1, tier: 5, roadDecikm: 120, transitDays: 1, pinned: false),
        ]
        plan.outcomes = [
            RequestOutcome(request: masks.key, requestIndex: -1, tier: 5, requested: Quantity(2000), delivered: Quantity(1500), overdue: false,
                           reason: .capacityExhausted),
            RequestOutcome(request: spray.key, requestIndex: -1, tier: 5, requested: Quantity(25), delivered: Quantity(25), overdue: false, reason: nil),
        ]
        var feed = InputFileSummary(path: "feeds/a.csv", role: .feed, sha256: "00", encoding: "UTF-8")
        (feed.records, feed.accepted, feed.rejected, feed.superseded) = (10, 7, 2, 1)
        var registry = InputFileSummary(path: "reference/enterprises.csv", role: .registry, sha256: "11", encoding: "UTF-8")
        (registry.records, registry.accepted, registry.rejected) = (4, 3, 1)
        let rejects = (0..<4).map { Reject(file: "feeds/a.csv", line: $0 + 2, code: .badQuantity, message: "bad") }
        return NightRun(planDate: date, policy: Policy(),
                        catalog: MaterialCatalog(materials: MaterialCatalog.builtInMaterials, normalize: { $0 }),
                        regions: RegionTable(regions: []), plan: plan.linked(), inputs: [feed, registry], rejects: rejects, withdrawn: [], warnings: [], exitStatus: exitStatus)
    }

    func test_metrics_successfulRun_textIsExact() {
        let text = RunMetrics(run: night(), durationSeconds: 12.3456, now: now).prometheusText(previous: nil)
        var expected = """
        # HELP allot_last_success_timestamp_seconds When the last run that published a plan ended, in seconds since 1970 (UTC).
        # TYPE allot_last_success_timestamp_seconds gauge
        allot_last_success_timestamp_seconds 1581384645
        # HELP allot_last_exit_status Exit status of the last run: 0 published, 1 internal failure, 2 usage or policy error, 3 inputs unusable or strict, 4 outputs locked by another run, 130 stopped by SIGINT, 143 stopped by SIGTERM.
        # TYPE allot_last_exit_status gauge
        allot_last_exit_status 0
        # HELP allot_run_duration_seconds How long the last run took, successful or not.
        # TYPE allot_run_duration_seconds gauge
        allot_run_duration_seconds 12.346
        # HELP allot_records_total Input records of the last successful run by how they ended (each counted once).
        # TYPE allot_records_total gauge
        allot_records_total{status="accepted"} 10
        allot_records_total{status="rejected"} 3
        allot_records_total{status="superseded"} 1
        # HELP allot_rejects_total Rows of rejects.csv in the last successful run: rejected records, files and overrides.
        # TYPE allot_rejects_total gauge
        allot_rejects_total 4
        # HELP allot_delivered Quantity the published plan delivers, by material, in the material's canonical unit (kg or piece).
        # TYPE allot_delivered gauge
        allot_delivered{material="ALCOHOL",unit="kg"} 0
        allot_delivered{material="DISINFECTANT",unit="kg"} 25
        allot_delivered{material="MASK-MEDICAL",unit="piece"} 1500
        allot_delivered{material="MASK-N95",unit="piece"} 0
        allot_delivered{material="MASK-SURGICAL",unit="piece"} 0
        allot_delivered{material="MELTBLOWN",unit="kg"} 0
        allot_delivered{material="SUIT",unit="piece"} 0
        allot_delivered{material="THERMOMETER",unit="piece"} 0
        # HELP allot_shortfall Quantity requested and not delivered in the published plan, by material, in the material's canonical unit (kg or piece).
        # TYPE allot_shortfall gauge
        allot_shortfall{material="ALCOHOL",unit="kg"} 0
        allot_shortfall{material="DISINFECTANT",unit="kg"} 0
        allot_shortfall{material="MASK-MEDICAL",unit="piece"} 500
        allot_shortfall{material="MASK-N95",unit="piece"} 0
        allot_shortfall{material="MASK-SURGICAL",unit="piece"} 0
        allot_shortfall{material="MELTBLOWN",unit="kg"} 0
        allot_shortfall{material="SUIT",unit="piece"} 0
        allot_shortfall{material="THERMOMETER",unit="piece"} 0
        """
        expected += "\n"
        XCTAssertEqual(text, expected)
        XCTAssertEqual(PrometheusTextCheck.problems(in: text), [])
    }

    func test_metrics_failedRun_keepsLastSuccessAndPlanSeriesFromPreviousFile() {
        let success = RunMetrics(run: night(), durationSeconds: 12, now: now).prometheusText(previous: nil)
        let later = Instant(microsecondsSinceEpoch: now.microsecondsSinceEpoch + 86_400_000_000)
        let failed = RunMetrics(exitStatus: 3, durationSeconds: 0.25, now: later).prometheusText(previous: success)

        XCTAssertEqual(RunMetrics.lastSuccessTimestamp(in: failed), 1_581_384_645)
        XCTAssertTrue(failed.contains("\nallot_last_exit_status 3\n"), failed)
        XCTAssertTrue(failed.contains("\nallot_run_duration_seconds 0.250\n"), failed)
        XCTAssertTrue(failed.contains("\nallot_shortfall{material=\"MASK-MEDICAL\",unit=\"piece\"} 500\n"), failed)
        XCTAssertTrue(failed.contains("\nallot_records_total{status=\"rejected\"} 3\n"), failed)
        XCTAssertEqual(PrometheusTextCheck.problems(in: failed), [])

        // A failed run that got as far as a plan (--strict) still does not replace the published plan's series.
        let strict = RunMetrics(run: night(exitStatus: 3), durationSeconds: 1, now: later).prometheusText(previous: failed)
        XCTAssertEqual(RunMetrics.lastSuccessTimestamp(in: strict), 1_581_384_645)
        XCTAssertEqual(strict.components(separatedBy: "allot_shortfall{").count - 1, 8)
    }

    /// Each stage's wall, processor and peak figures, labelled by stage in the run's order; a failed run keeps
    /// the last successful run's.
    func test_metrics_stages_perStageFamiliesKeptByAFailedRun() {
        var metrics = RunMetrics(run: night(), durationSeconds: 12, now: now)
        metrics.stages = [RunMetrics.Stage(name: "ingest", seconds: 1.23456, cpuSeconds: 2.4, peakResidentBytes: 1_000_000),
                          RunMetrics.Stage(name: "plan", seconds: 7, cpuSeconds: 13.0005, peakResidentBytes: 2_000_000)]
        let text = metrics.prometheusText(previous: nil)
        XCTAssertTrue(text.contains("""
            # TYPE allot_stage_seconds gauge
            allot_stage_seconds{stage="ingest"} 1.235
            allot_stage_seconds{stage="plan"} 7.000

            """), text)
        XCTAssertTrue(text.contains("\nallot_stage_cpu_seconds{stage=\"plan\"} 13.001\n"), text)
        XCTAssertTrue(text.contains("\nallot_stage_peak_resident_bytes{stage=\"ingest\"} 1000000\n"), text)
        XCTAssertEqual(PrometheusTextCheck.problems(in: text), [])
        let later = Instant(microsecondsSinceEpoch: now.microsecondsSinceEpoch + 86_400_000_000)
        let failed = RunMetrics(exitStatus: 1, durationSeconds: 0.5, now: later).prometheusText(previous: text)
        XCTAssertTrue(failed.contains("\nallot_stage_seconds{stage=\"plan\"} 7.000\n"), failed)
        XCTAssertFalse(RunMetrics(run: night(), durationSeconds: 12, now: now).prometheusText(previous: text)
            .contains("allot_stage_seconds"), "a successful run without stage figures does not take the old ones")
    }

    func test_metrics_failedRunWithoutPreviousFile_saysOnlyStatusAndDuration() {
        let text = RunMetrics(exitStatus: 1, durationSeconds: 2, now: now).prometheusText(previous: nil)
        XCTAssertEqual(text, """
        # HELP allot_last_exit_status Exit status of the last run: 0 published, 1 internal failure, 2 usage or policy error, 3 inputs unusable or strict, 4 outputs locked by another run, 130 stopped by SIGINT, 143 stopped by SIGTERM.
        # TYPE allot_last_exit_status gauge
        allot_last_exit_status 1
        # HELP allot_run_duration_seconds How long the last run took, successful or not.
        # TYPE allot_run_duration_seconds gauge
        allot_run_duration_seconds 2.000

        """)
        XCTAssertNil(RunMetrics.lastSuccessTimestamp(in: text))
        XCTAssertEqual(RunMetrics(exitStatus: 1, durationSeconds: 2, now: now).prometheusText(previous: "garbage {\n"), text)
    }

    func test_metrics_labelValues_areEscaped() {
        let figures = RunMetrics.MaterialFigures(code: MaterialCode("A\"B\\C\nD"), unit: "", delivered: 1, shortfall: 0)
        let metrics = RunMetrics(exitStatus: 0, durationSeconds: .nan, now: now,
                                 night: .init(accepted: 0, rejected: 0, superseded: 0, rejects: 0, materials: [figures]))
        let text = metrics.prometheusText(previous: nil)
        XCTAssertTrue(text.contains("\nallot_delivered{material=\"A\\\"B\\\\C\\nD\"} 1\n"), text)
        XCTAssertTrue(text.contains("\nallot_run_duration_seconds 0.000\n"), text)
        XCTAssertEqual(PrometheusTextCheck.problems(in: text), [])
    }

    func test_metrics_writeTextfile_replacesAtomicallyAndLeavesNoTemporary() throws {
        let scratch = try ScratchOutputs()
        let url = try RunMetrics(run: night(), durationSeconds: 12, now: now).writeTextfile(outputs: scratch.outputs)
        XCTAssertEqual(url, scratch.outputs.appendingPathComponent("allot.prom"))

        let later = Instant(microsecondsSinceEpoch: now.microsecondsSinceEpoch + 3_600_000_000)
        try RunMetrics(exitStatus: 4, durationSeconds: 0.01, now: later).writeTextfile(outputs: scratch.outputs)

        XCTAssertEqual(scratch.entries(), ["allot.prom"])
        let text = try String(contentsOf: url, encoding: .utf8)
        XCTAssertEqual(RunMetrics.lastSuccessTimestamp(in: text), 1_581_384_645)
        XCTAssertTrue(text.contains("\nallot_last_exit_status 4\n"))
        XCTAssertEqual(PrometheusTextCheck.problems(in: text), [])
    }

    func test_metrics_deadWritersTemporaryFile_isRemovedByNextPublish() throws {
        let scratch = try ScratchOutputs()
        try FileManager.default.createDirectory(at: scratch.outputs, withIntermediateDirectories: true)
        let dead = ".allot.prom-tmp-999999-0000abcd", live = ".allot.prom-tmp-\(getpid())-0000abcd"
        for name in [dead, live] { try Data("half".utf8).write(to: scratch.outputs.appendingPathComponent(name)) }

        let result = try PlanPublisher(fault: nil).publish(files: publishFiles(["a": "1"]), planDate: planDay("2020-02-11"),
                                                           outputs: scratch.outputs)
        XCTAssertEqual(result.removedLeftovers, [dead])
        XCTAssertEqual(scratch.entries(), [".allot.lock", live, "2020-02-11", "latest"])
    }
}

/// A strict reading of the Prometheus text format as node_exporter's textfile
/// collector parses it: every line a comment, blank, or `name{labels} value`;
/// `# HELP` and `# TYPE` once per family, before its samples; families contiguous.
enum PrometheusTextCheck {
    static let name = "[a-zA-Z_:][a-zA-Z0-9_:]*"
    static let label = "[a-zA-Z_][a-zA-Z0-9_]*=\"(?:[^\"\\\\\\n]|\\\\[\\\\\"n])*\""
    static let value = "(?:[-+]?[0-9]+(?:\\.[0-9]+)?(?:[eE][-+]?[0-9]+)?|NaN|[-+]Inf)"
    static let sample = try! NSRegularExpression(pattern: "^(\(name))(?:\\{\(label)(?:,\(label))*\\})? \(value)$")
    static let comment = try! NSRegularExpression(pattern: "^# (HELP|TYPE) (\(name)) (.*)$")

    static func problems(in text: String) -> [String] {
        var problems = [String]()
        if !text.hasSuffix("\n") { problems.append("no newline at the end") }
        var seen = Set<String>(), current: String?, typed = Set<String>()
        for line in text.split(separator: "\n", omittingEmptySubsequences: false).dropLast() {
            let s = String(line)
            let range = NSRange(s.startIndex..., in: s)
            if s.isEmpty { continue }
            if let m = comment.firstMatch(in: s, range: range) {
                let kind = String(s[Range(m.range(at: 1), in: s)!]), family = String(s[Range(m.range(at: 2), in: s)!])
                if kind == "TYPE" {
                    if !["gauge", "counter", "untyped"].contains(String(s[Range(m.range(at: 3), in: s)!])) { problems.append("bad type: \(s)") }
                    if !typed.insert(family).inserted { problems.append("second TYPE: \(s)") }
                }
                if family != current {
                    if seen.contains(family) { problems.append("family split: \(s)") }
                    seen.insert(family)
                    current = family
                }
                continue
            }
            if s.hasPrefix("#") { continue }
            guard let m = sample.firstMatch(in: s, range: range) else { problems.append("not a sample: \(s)"); continue }
            let family = String(s[Range(m.range(at: 1), in: s)!])
            if family != current || !typed.contains(family) { problems.append("sample outside its family: \(s)") }
        }
        return problems
    }
}
