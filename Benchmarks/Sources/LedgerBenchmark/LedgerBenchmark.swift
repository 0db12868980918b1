import AllotCore
import AllotLedger
import BenchmarkSupport
import Foundation

/// `ledger-bench`: the work ledger (SPEC 15) at national size, against `Benchmarks/Thresholds/ledger.json`.
///
///     ledger-bench [--requests N] [--lines N] [--nights N] [--allot PATH] [--data DIR] [--thresholds FILE]
///
/// Records `--nights` synthetic national nights (1,000,000 requests, a third of them short, and 700,000
/// lines by default; nine keys in ten carried from one night to the next) into a fresh ledger, one after
/// another as the nightly runs would, timing each `Ledger.record` and measuring the file after each night
/// (WAL checkpointed, so the database file holds everything). Then `allot ledger problems --format csv`
/// runs on the full ledger as a child process, several times. Checks itself: after each night the
/// ledger's problem list must be that night's short requests, or the run fails.
@main
struct LedgerBenchmark {
    static func main() {
        do { try run(Array(CommandLine.arguments.dropFirst())) } catch {
            FileHandle.standardError.write(Data("ledger-bench: \(error)\n".utf8))
            exit(1)
        }
    }

    static func run(_ arguments: [String]) throws {
        let options = try Options(arguments)
        let requests = options["requests"].flatMap(Int.init) ?? 1_000_000
        let lines = options["lines"].flatMap(Int.init) ?? 700_000
        let nights = options["nights"].flatMap(Int.init) ?? 30
        let allot = options["allot"] ?? ".build/release/allot"
        let data = URL(fileURLWithPath: options["data"] ?? "Benchmarks/data", isDirectory: true).appendingPathComponent("ledger")
        try? FileManager.default.removeItem(at: data)
        let outputs = data.appendingPathComponent("Outputs"), inputs = data.appendingPathComponent("Inputs")
        try FileManager.default.createDirectory(at: outputs, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: inputs, withIntermediateDirectories: true)
        let url = outputs.appendingPathComponent("ledger.sqlite")

        print("ledger-bench: \(nights) nights of \(TextFormat.grouped(requests)) requests and \(TextFormat.grouped(lines)) lines")
        let ledger = try Ledger.open(url)
        var generator = SyntheticNights(requests: requests, lines: lines)
        var recordSeconds = [Double](), recordCPU = [Double](), sizes = [Int]()
        for n in 0..<nights {
            let night = generator.night(n)
            let t0 = ChildProcess.now(), cpu0 = ChildProcess.ownCPUSeconds()
            try ledger.record(night, recordedAt: Instant(microsecondsSinceEpoch: Int64(night.planDate.dayNumber) * 86_400_000_000))
            recordSeconds.append(ChildProcess.now() - t0)
            recordCPU.append(ChildProcess.ownCPUSeconds() - cpu0)
            try ledger.checkpoint()
            sizes.append(try fileSize(url))
            let open = try ledger.problems().count
            let short = night.requests.lazy.filter { $0.shortfall > 0 }.count
            guard open == short else {
                throw BenchmarkError("night \(n + 1): the problem list has \(open) items, the night \(short) short requests: the ledger is wrong")
            }
            print("  night \(n + 1): recorded in \(TextFormat.fixed(recordSeconds.last!, 2)) s (CPU \(TextFormat.fixed(recordCPU.last!, 2)) s), ledger \(TextFormat.fixed(Double(sizes.last!) / 1e6, 1)) MB")
        }

        var problemSeconds = [Double]()
        var listed = 0
        for _ in 0..<5 {
            let outcome = try ChildProcess(arguments: [allot, "ledger", "problems", "--format", "csv", "--outputs", outputs.path,
                                                       "--inputs", inputs.path],
                                           limits: .init(wallSeconds: 120)).run()
            guard outcome.succeeded else { throw BenchmarkError("allot ledger problems: \(outcome.failureSummary)") }
            problemSeconds.append(outcome.wallSeconds)
            listed = outcome.standardOutput.utf8.lazy.filter { $0 == UInt8(ascii: "\n") }.count - 1
        }
        let expected = generator.lastShort
        guard listed == expected else {
            throw BenchmarkError("allot ledger problems listed \(listed) items, the last night had \(expected) short requests")
        }

        let growth = zip(sizes, [0] + sizes).map { Double($0 - $1) / 1e6 }
        let thresholds = try ThresholdFile.load([String: Double].self, from: options.url("thresholds")
            ?? URL(fileURLWithPath: "Benchmarks/Thresholds/ledger.json"))
        let recordBudget = thresholds["record_seconds"] ?? 5, growthBudget = thresholds["growth_megabytes"] ?? 150
        let problemsBudget = thresholds["problems_seconds"] ?? 1
        let median = TextFormat.median
        let laterGrowth = growth.count > 1 ? median(Array(growth.dropFirst())) : growth[0]
        func verdict(_ ok: Bool) -> String { ok ? "PASS" : "FAIL" }
        print("""
            record a night      median \(TextFormat.fixed(median(recordSeconds), 2)) s (CPU \(TextFormat.fixed(median(recordCPU), 2)) s), first \(TextFormat.fixed(recordSeconds[0], 2)) s, slowest \(TextFormat.fixed(recordSeconds.max() ?? 0, 2)) s   budget < \(recordBudget) s (slowest): \(verdict((recordSeconds.max() ?? 0) < recordBudget))
            growth per night    median \(TextFormat.fixed(laterGrowth, 1)) MB after the first, largest \(TextFormat.fixed(growth.dropFirst().max() ?? growth[0], 1)) MB   budget < \(growthBudget) MB (median): \(verdict(laterGrowth < growthBudget))
            first night         \(TextFormat.fixed(growth[0], 1)) MB (every key, enterprise and offer numbered for the first time)
            ledger after \(nights)     \(TextFormat.fixed(Double(sizes.last ?? 0) / 1e6, 1)) MB
            ledger problems     median \(TextFormat.fixed(median(problemSeconds), 2)) s of 5 (\(problemSeconds.map { TextFormat.fixed($0, 2) }.joined(separator: ", "))), \(TextFormat.grouped(listed)) items, csv, whole process   budget < \(problemsBudget) s: \(verdict(median(problemSeconds) < problemsBudget))
            """)
    }

    static func fileSize(_ url: URL) throws -> Int {
        (try FileManager.default.attributesOfItem(atPath: url.path)[.size] as? NSNumber)?.intValue ?? 0
    }
}

/// Nights as a national run would record them: 403 county sources, enterprises by credit code, a third of
/// the requests short, nine keys in ten carried from one night to the next, lines from 100,000 offers.
struct SyntheticNights {
    let requests: Int
    let lines: Int
    private var random = SeededRandom(seed: 20200211)
    /// The first request number of the current night: each night drops the oldest tenth and adds a new tenth.
    private var first = 0
    private(set) var lastShort = 0
    private let first0 = CalendarDate(year: 2020, month: 2, day: 1)!
    private static let materials = ["MASK-MEDICAL", "MASK-SURGICAL", "MASK-N95", "MELTBLOWN", "DISINFECTANT", "ALCOHOL",
                                    "SUIT", "THERMOMETER"].map(MaterialCode.init)
    private static let reasons = ["capacity_exhausted", "deadline_unreachable", "no_offer_in_reach", "capped"]

    init(requests: Int, lines: Int) {
        self.requests = requests
        self.lines = lines
    }

    mutating func night(_ n: Int) -> LedgerNight {
        let date = first0.adding(days: n)
        if n > 0 { first += requests / 10 }
        var out = [LedgerNight.Request]()
        out.reserveCapacity(requests)
        var short = 0
        for r in first..<(first + requests) {
            let source = "county-\(100_000 + r % 403)"
            let requested = Int64(100 + random.below(10_000))
            let isShort = random.below(3) == 0
            if isShort { short += 1 }
            let enterprise = r % (requests * 2 / 5)
            out.append(LedgerNight.Request(
                key: RecordKey(source: source, kind: .request, id: "R-\(r)"),
                enterpriseID: String(format: "91%06d%010d", 370000 + enterprise % 9999, enterprise),
                enterpriseName: "县属企业\(enterprise)有限公司", region: RegionCode(Int32(110101 + r % 2800)),
                material: Self.materials[r % Self.materials.count], tier: 1 + r % 4, requested: requested,
                delivered: isShort ? Int64(random.below(Int(requested))) : requested,
                reason: isShort ? Self.reasons[r % 4] : nil, age: isShort ? 1 : 0))
        }
        lastShort = short
        var lineList = [LedgerNight.Line]()
        lineList.reserveCapacity(lines)
        for l in 0..<lines {
            let request = out[l * out.count / lines]
            lineList.append(LedgerNight.Line(
                lineID: "L-\(n)-\(l)", offer: RecordKey(source: "platform-\(l % 3)", kind: .offer, id: "O-\(l % 100_000)"),
                lotDate: date, request: request.key, material: request.material, requestedMaterial: request.material,
                quantity: Int64(1 + random.below(500)), arriveBy: date.adding(days: 1)))
        }
        return LedgerNight(planDate: date, requests: out, lines: lineList)
    }
}
