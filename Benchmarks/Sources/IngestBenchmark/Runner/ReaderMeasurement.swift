import AllotCore
import AllotIngest
import BenchmarkSupport
import Foundation

/// One measurement, run in a child process of its own: read one feed file with
/// allot's reader and print a `ReaderReport` as one line of JSON.
///
/// The clock covers the `read` call only. The reference data (the built-in
/// catalog and region table) is loaded before it, as the nightly run loads it
/// once for all feeds; its time is reported apart.
enum ReaderMeasurement {
    static func run(format: String, file: URL) throws {
        let setupStart = ChildProcess.now()
        let regions: RegionTable
        do { regions = try RegionTableFile.builtIn() } catch {
            throw BenchmarkError("the built-in region table does not load: \(error)")
        }
        let reference = ReferenceData(catalog: .builtIn, regions: regions)
        let start = ChildProcess.now()
        let cpuStart = processCPUSeconds()
        // Opened as the nightly run opens a feed: through the folder it lies in.
        let input = try InputFolder(file.deletingLastPathComponent()).open(file.lastPathComponent)
        let result: FeedFileResult
        switch format {
        case "csv": result = CSVFeedReader.read(input, reference: reference)
        case "xml": result = XMLFeedReader.read(input, reference: reference)
        default: throw BenchmarkError("unknown format \(format)")
        }
        let seconds = ChildProcess.now() - start
        let cpuSeconds = processCPUSeconds() - cpuStart
        let report = ReaderReport(
            seconds: seconds, cpuSeconds: cpuSeconds, setupSeconds: start - setupStart, records: result.recordCount,
            accepted: result.records.count, rejects: result.rejects.count,
            firstRejects: result.rejects.prefix(5).map { "line \($0.line) \($0.field) \($0.code.rawValue): \($0.message)" },
            warnings: result.warnings.count, encoding: result.encoding?.rawValue, source: result.source,
            fingerprint: RecordFingerprint(records: result.records),
            ownPeakResidentBytes: ChildProcess.ownPeakResidentBytes())
        try report.print()
        withExtendedLifetime(result) {}
    }

    /// User and system CPU time of every thread of this process so far.
    static func processCPUSeconds() -> Double { ChildProcess.ownCPUSeconds() }
}

/// What one measurement prints: the time of the read and what it gave. The Python
/// peers print the same keys they can fill (`seconds`, `cpuSeconds`, `records`, `ownPeakResidentBytes`).
struct ReaderReport: Codable {
    var seconds: Double
    /// CPU time (user + system, all threads) the process spent during the same call.
    var cpuSeconds: Double?
    var setupSeconds: Double?
    /// Records the file held (accepted + rejected).
    var records: Int
    var accepted: Int?
    var rejects: Int?
    var firstRejects: [String]?
    var warnings: Int?
    var encoding: String?
    var source: String?
    var fingerprint: RecordFingerprint?
    /// VmHWM as the child saw it, to cross-check the parent's `wait4` figure.
    var ownPeakResidentBytes: Int?
    /// Library versions a peer reports (`polars 2.1.0`).
    var library: String?

    func print() throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        FileHandle.standardOutput.write(try encoder.encode(self) + Data("\n".utf8))
    }
}
