import AllotCore
import AllotIngest
import AllotPublish
import BenchmarkSupport
import Foundation

/// `report-bench`: `report.html` of a national night (1,000,000 requests,
/// about 200,000 lines), its size and how long headless Chromium takes to
/// load it (`--dump-dom`, which returns after the load event), against the
/// budgets of `Benchmarks/Thresholds/report.json`.
///
///     report-bench [--requests N] [--runs N] [--data DIR] [--chromium PATH] [--thresholds FILE]
///
/// The night is synthetic (``SyntheticNight``): the planner is not timed
/// here. The report checks itself: the DOM Chromium built must hold every
/// section's heading, or the run fails.
@main
struct ReportBenchmark {
    static func main() {
        do { try run(Array(CommandLine.arguments.dropFirst())) } catch {
            FileHandle.standardError.write(Data("report-bench: \(error)\n".utf8))
            exit(1)
        }
    }

    static func run(_ arguments: [String]) throws {
        let options = try Options(arguments)
        var night = SyntheticNight()
        if let n = options["requests"].flatMap(Int.init) {
            night.requests = n
            night.lines = n / 5
            night.offers = max(100, n / 10)
            night.enterprises = max(100, n * 2 / 5)
            night.suppliers = max(10, n / 50)
        }
        let runs = options["runs"].flatMap(Int.init) ?? 3
        let data = URL(fileURLWithPath: options["data"] ?? "Benchmarks/data", isDirectory: true).appendingPathComponent("report")
        try FileManager.default.createDirectory(at: data, withIntermediateDirectories: true)
        let chromium = options["chromium"] ?? "/usr/bin/chromium"

        print("report-bench: building a night of \(night.requests) requests, \(night.offers) offers, ~\(night.lines) lines")
        let regions = try RegionTableFile.builtIn()
        let run = night.build(regions: regions)

        // Yesterday: the same plan with every tenth line dropped and every seventh changed.
        var previous = try PlanDiff.Side(run)
        previous.planDate = "2020-02-10"
        previous.lines = previous.lines.enumerated().compactMap { n, line in
            if n % 10 == 0 { return nil }
            var l = line
            if n % 7 == 0 { l.quantity += 1 }
            return l
        }
        let t0 = Date()
        let bytes = try ReportHTML.render(run, options: PlanFileOptions(previousPlan: .plan(previous)))
        let renderSeconds = Date().timeIntervalSince(t0)
        let page = data.appendingPathComponent("report.html")
        try Data(bytes).write(to: page)
        let baseline = data.appendingPathComponent("blank.html")
        try Data("<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>x</title></head><body><h2>x</h2></body></html>\n".utf8)
            .write(to: baseline)

        /// One fresh browser: `--dump-dom` returns after the load event; `--screenshot` after the first window is painted.
        func load(_ url: URL, screenshot: Bool) throws -> (seconds: Double, dom: String) {
            let profile = data.appendingPathComponent("profile-\(UUID().uuidString)")
            defer { try? FileManager.default.removeItem(at: profile) }
            let mode = screenshot ? ["--window-size=1280,1700", "--screenshot=\(data.appendingPathComponent("report.png").path)"]
                                  : ["--dump-dom"]
            let outcome = try ChildProcess(arguments: [chromium, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                                                       "--hide-scrollbars", "--user-data-dir=\(profile.path)"] + mode
                                               + [url.absoluteString],
                                           limits: .init(wallSeconds: 120)).run()
            guard outcome.succeeded else { throw BenchmarkError("chromium: \(outcome.failureSummary)") }
            return (outcome.wallSeconds, outcome.standardOutput)
        }
        if chromium == "none" {   // render only (profiling)
            print("render \(String(format: "%.2f", renderSeconds)) s, \(bytes.count) bytes")
            return
        }
        var loads = [Double](), shots = [Double](), blanks = [Double]()
        var dom = ""
        for _ in 0..<runs {
            blanks.append(try load(baseline, screenshot: false).seconds)
            let (seconds, d) = try load(page, screenshot: false)
            loads.append(seconds)
            dom = d
            shots.append(try load(page, screenshot: true).seconds)
        }
        for heading in ["总体情况", "各优先级满足率", "各县（区）缺口", "与上一计划相比", "未满足需求（缺口最大者在前）",
                        "生效的人工干预", "退回记录（按原因和文件汇总）", "调拨单（按供货单位）"]
        where !dom.contains("<h2>\(heading)</h2>") {
            throw BenchmarkError("the DOM Chromium built has no section \(heading): the report is broken")
        }
        guard dom.contains("</footer>") else { throw BenchmarkError("the DOM Chromium built stops before the footer") }

        let median = TextFormat.median
        let megabytes = Double(bytes.count) / 1_000_000
        let thresholds = try ThresholdFile.load([String: Double].self, from: options.url("thresholds")
            ?? URL(fileURLWithPath: "Benchmarks/Thresholds/report.json"))
        let sizeBudget = thresholds["report_megabytes"] ?? 20, loadBudget = thresholds["chromium_load_seconds"] ?? 5
        print("""
            requests            \(run.plan.outcomes.count)
            dispatch lines      \(run.plan.lines.count)
            unmet requests      \(run.plan.outcomes.lazy.filter { $0.reason != nil }.count)
            render              \(String(format: "%.2f", renderSeconds)) s
            report.html         \(String(format: "%.2f", megabytes)) MB (\(bytes.count) bytes)   budget < \(sizeBudget) MB: \(megabytes < sizeBudget ? "PASS" : "FAIL")
            chromium load       median \(String(format: "%.2f", median(loads))) s of \(runs) (\(loads.map { String(format: "%.2f", $0) }.joined(separator: ", "))) to the load event (--dump-dom)   budget < \(loadBudget) s: \(median(loads) < loadBudget ? "PASS" : "FAIL")
            chromium painted    median \(String(format: "%.2f", median(shots))) s of \(runs) (\(shots.map { String(format: "%.2f", $0) }.joined(separator: ", "))) to the first window painted (--screenshot)   budget < \(loadBudget) s: \(median(shots) < loadBudget ? "PASS" : "FAIL")
            chromium blank page median \(String(format: "%.2f", median(blanks))) s (browser start-up, included above)
            written             \(page.path)
            """)
    }
}
