import AllotCore
import AllotPublish
import Foundation
import XCTest

/// Every file allot publishes or prints, byte for byte, on the sample night and
/// on generated nights, against the hashes recorded in `Golden/published.sha256`.
///
/// A refactoring must leave all of them unchanged. A change that means to
/// change an output re-records them (`ALLOT_RECORD_GOLDEN=1 swift test
/// --filter PublishedBytesTests`) and says so in its commit.
final class PublishedBytesTests: XCTestCase {
    static let golden = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Golden/published.sha256")
    static let dispatchSchema = try! XMLSchemaValidator(resource: DispatchXML.schemaResource)

    func test_publishedFiles_matchTheRecordedBytes() throws {
        let work = FileManager.default.temporaryDirectory.appendingPathComponent("allot-golden-\(UUID().uuidString)")
        addTeardownBlock { try? FileManager.default.removeItem(at: work) }
        var hashes = [String: String]()
        let nights: [(name: String, inputs: URL, dates: [String])] = [
            ("sample", SampleNightPlanTests.sampleInputs, ["2020-02-10", "2020-02-11"]),
            ("gen7-maxmin", try GeneratedNight(seed: 7).write(to: work.appendingPathComponent("in7")),
             ["2020-02-10", "2020-02-11"]),
            ("gen11-none", try GeneratedNight(seed: 11, share: "none", offers: 150, requests: 900)
                .write(to: work.appendingPathComponent("in11")), ["2020-02-11"]),
        ]
        for night in nights {
            let outputs = work.appendingPathComponent("out-\(night.name)")
            for date in night.dates {
                // `--now` at the plan date's midnight: the time report.html states, and province-request.xml's default.
                let run = try AllotCommand.run(["run", "--inputs", night.inputs.path, "--outputs", outputs.path,
                                                "--date", date, "--now", "\(date)T00:00:00+08:00"])
                XCTAssertEqual(run.status, 0, "\(night.name) \(date): \(run.stderr)")
                let folder = outputs.appendingPathComponent(date)
                // The run does not validate dispatch.xml (valid by construction): the tests do, on every night.
                XCTAssertNoThrow(try Self.dispatchSchema.validate(
                    [UInt8](Data(contentsOf: folder.appendingPathComponent(DispatchXML.fileName))),
                    name: DispatchXML.fileName), "\(night.name) \(date)")
                // Every file, those of the copy of the inputs (inputs/feeds/…) included.
                for name in FileManager.default.subpaths(atPath: folder.path) ?? [] {
                    var isFolder: ObjCBool = false
                    if FileManager.default.fileExists(atPath: folder.appendingPathComponent(name).path, isDirectory: &isFolder),
                       isFolder.boolValue { continue }
                    var bytes = try Data(contentsOf: folder.appendingPathComponent(name))
                    if name == "manifest.json" { bytes = Self.withoutTimings(bytes) }
                    hashes["\(night.name)/\(date)/\(name)"] = SHA256.hex(of: [UInt8](bytes))
                }
            }
            let last = night.dates.last!
            var printed: [(String, [String])] = []
            for what in ["province", "dispatch", "unmet"] {
                for format in ["xml", "csv", "xlsx"] {
                    printed.append(("export-\(what).\(format)", ["export", what, "--format", format, "--date", last,
                                                                  "--inputs", night.inputs.path]))
                }
            }
            if night.dates.count == 2 {
                printed.append(("diff.txt", ["diff", night.dates[0], last]))
                printed.append(("diff.csv", ["diff", night.dates[0], last, "--format", "csv"]))
            }
            for (i, key) in try Self.someKeys(outputs.appendingPathComponent(last)).enumerated() {
                printed.append(("explain-\(i).txt", ["explain", key, "--date", last]))
            }
            for (name, arguments) in printed {
                let file = work.appendingPathComponent("printed-\(UUID().uuidString)")
                let result = try AllotCommand.run(arguments + ["--outputs", outputs.path]
                                                  + (arguments[0] == "explain" ? [] : ["--out", file.path]))
                XCTAssertEqual(result.status, 0, "\(night.name) \(arguments): \(result.stderr)")
                let bytes = arguments[0] == "explain" ? result.stdout : try Data(contentsOf: file)
                hashes["\(night.name)/\(name)"] = SHA256.hex(of: [UInt8](bytes))
            }
        }

        let text = hashes.keys.sorted().map { "\(hashes[$0]!)  \($0)\n" }.joined()
        if ProcessInfo.processInfo.environment["ALLOT_RECORD_GOLDEN"] != nil {
            try Data(text.utf8).write(to: Self.golden)
            return
        }
        let recorded = try String(contentsOf: Self.golden, encoding: .utf8)
        var expected = [String: String]()
        for line in recorded.split(separator: "\n") {
            let parts = line.split(separator: " ", maxSplits: 1)
            expected[parts[1].trimmingCharacters(in: .whitespaces)] = String(parts[0])
        }
        XCTAssertEqual(Set(hashes.keys), Set(expected.keys), "files published or printed")
        for (name, hash) in hashes.sorted(by: { $0.key < $1.key }) where expected[name] != nil {
            XCTAssertEqual(hash, expected[name], "\(name) changed")
        }
    }

    /// The manifest up to its `timings` member, the one part allowed to differ between runs.
    static func withoutTimings(_ manifest: Data) -> Data {
        let text = String(decoding: manifest, as: UTF8.self)
        guard let range = text.range(of: "\"timings\"") else { return manifest }
        return Data(text[..<range.lowerBound].utf8)
    }

    /// A request that went short, one fully served, and an offer, from the plan folder's CSV files.
    static func someKeys(_ folder: URL) throws -> [String] {
        func rows(_ name: String) throws -> [[String]] {
            let text = try String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8)
            return text.components(separatedBy: "\r\n").dropFirst().filter { !$0.isEmpty }.map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
        }
        let unmet = try rows("unmet.csv"), dispatch = try rows("dispatch.csv")
        var keys = [String]()
        if let row = unmet.first { keys.append("\(row[0]):\(row[1])") }
        if let row = unmet.last { keys.append("\(row[0]):\(row[1])") }
        if let row = dispatch.first { keys.append("\(row[11]):\(row[12])"); keys.append("\(row[5]):\(row[6])") }
        if let row = dispatch.last { keys.append("\(row[5]):\(row[6])") }
        return keys
    }
}
