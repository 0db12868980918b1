import AllotCore
import AllotIngest
import AllotPipeline
import AllotPublish
import Foundation
import XCTest

/// `allot run` end to end on the sample night, as the nightly scheduler runs it.
final class NightlyRunTests: XCTestCase {
    static let planDate = CalendarDate(year: 2020, month: 2, day: 11)!

    private func outputsFolder() -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("allot-run-\(UUID().uuidString)")
        addTeardownBlock { try? FileManager.default.removeItem(at: url) }
        return url
    }

    /// The run's options; the report's generation time is fixed (`--now`), so two runs write the same bytes.
    private func options(outputs: URL, strict: Bool = false, inputs: URL = SampleNightPlanTests.sampleInputs) -> RunOptions {
        var options = RunOptions(inputs: inputs, outputs: outputs, planDate: Self.planDate, strict: strict)
        options.files.generated = RunOptions.timestamp("2020-02-11T01:30:00+08:00")
        return options
    }

    private func files(in folder: URL) throws -> [String: Data] {
        var out = [String: Data]()
        for name in FileManager.default.subpaths(atPath: folder.path) ?? [] {
            var isFolder: ObjCBool = false
            guard FileManager.default.fileExists(atPath: folder.appendingPathComponent(name).path, isDirectory: &isFolder),
                  !isFolder.boolValue else { continue }
            out[name] = try Data(contentsOf: folder.appendingPathComponent(name))
        }
        return out
    }

    /// The manifest without its `timings` object, the one part allowed to differ.
    private func withoutTimings(_ manifest: Data) throws -> [String: Any] {
        var object = try JSONSerialization.jsonObject(with: manifest) as! [String: Any]
        XCTAssertNotNil(object.removeValue(forKey: "timings"))
        return object
    }

    func test_run_twiceOnTheSampleNight_publishesByteIdenticalFiles() throws {
        let a = outputsFolder(), b = outputsFolder()
        _ = try NightlyPipeline.run(options(outputs: a))
        _ = try NightlyPipeline.run(options(outputs: b))
        let first = try files(in: a.appendingPathComponent("2020-02-11"))
        let second = try files(in: b.appendingPathComponent("2020-02-11"))
        XCTAssertEqual(Set(first.keys.filter { !$0.hasPrefix("inputs/") }),
                       ["dispatch.csv", "unmet.csv", "rejects.csv", "passes.csv", "manifest.json", "dispatch.xml",
                        "province-request.xml", "report.html"])
        XCTAssertEqual(first.keys.filter { $0.hasPrefix("inputs/") }.count, 14, "the copy of the inputs")
        for (name, bytes) in first where name != "manifest.json" {
            XCTAssertEqual(bytes, second[name], name)
        }
        XCTAssertEqual(NSDictionary(dictionary: try withoutTimings(first["manifest.json"]!)),
                       NSDictionary(dictionary: try withoutTimings(second["manifest.json"]!)))
        let link = try FileManager.default.destinationOfSymbolicLink(atPath: a.appendingPathComponent("latest").path)
        XCTAssertEqual(link, "2020-02-11")
    }

    func test_run_manifestReconcilesWithInputsAndRows() throws {
        let outputs = outputsFolder()
        let outcome = try NightlyPipeline.run(options(outputs: outputs))
        let folder = outputs.appendingPathComponent("2020-02-11")
        let manifest = try JSONSerialization.jsonObject(with: Data(contentsOf: folder.appendingPathComponent("manifest.json"))) as! [String: Any]
        for input in manifest["inputs"] as! [[String: Any]] {
            let n = { (k: String) in input[k] as! Int }
            XCTAssertEqual(n("accepted") + n("rejected") + n("superseded"), n("records"), "\(input["path"]!)")
        }
        let dispatch = try StrictCSV.rows(folder.appendingPathComponent("dispatch.csv"))
        let unmet = try StrictCSV.rows(folder.appendingPathComponent("unmet.csv"))
        let header = dispatch[0], unmetHeader = unmet[0]
        let materials = manifest["materials"] as! [String: [String: Any]]
        var deliveredByMaterial = [String: Int64]()
        for row in dispatch.dropFirst() {
            deliveredByMaterial[row[header.firstIndex(of: "material")!], default: 0] += Int64(row[header.firstIndex(of: "quantity")!])!
        }
        for (code, figures) in materials {
            XCTAssertEqual(Int64(figures["delivered"] as! Int), deliveredByMaterial[code, default: 0], code)
            let byTier = (figures["delivered_by_tier"] as! [String: Int]).values.reduce(0, +)
            XCTAssertEqual(Int64(byTier), deliveredByMaterial[code, default: 0], code)
        }
        // Every unmet row is a request the plan did not fill, with shortfall = requested − delivered.
        let shortfallColumn = unmetHeader.firstIndex(of: "shortfall")!
        let requested = unmetHeader.firstIndex(of: "requested")!, delivered = unmetHeader.firstIndex(of: "delivered")!
        for row in unmet.dropFirst() {
            XCTAssertEqual(Int64(row[shortfallColumn])!, Int64(row[requested])! - Int64(row[delivered])!)
        }
        XCTAssertEqual(unmet.count - 1, outcome.run.plan.outcomes.filter { $0.reason != nil }.count)
        // The unmet rows' shortfalls add up to what the manifest says each material lacks.
        let materialColumn = unmetHeader.firstIndex(of: "material")!
        var shortByMaterial = [String: Int64]()
        for row in unmet.dropFirst() { shortByMaterial[row[materialColumn], default: 0] += Int64(row[shortfallColumn])! }
        for (code, figures) in materials {
            let lacking = Int64(figures["requested"] as! Int) - Int64(figures["delivered"] as! Int)
            XCTAssertEqual(shortByMaterial[code, default: 0], lacking, code)
        }
    }

    func test_run_csvOutputsHoldNoCellASpreadsheetWouldRun() throws {
        let outputs = outputsFolder()
        _ = try NightlyPipeline.run(options(outputs: outputs))
        for name in ["dispatch.csv", "unmet.csv", "rejects.csv"] {
            let url = outputs.appendingPathComponent("2020-02-11/\(name)")
            let bytes = try Data(contentsOf: url)
            XCTAssertEqual(Array(bytes.prefix(3)), [0xEF, 0xBB, 0xBF], "\(name) starts with a BOM")
            for row in try StrictCSV.rows(url) {
                for cell in row {
                    guard let first = cell.unicodeScalars.first else { continue }
                    XCTAssertFalse(["=", "+", "-", "@", "\t", "\r"].contains(first), "\(name): \(cell)")
                }
            }
        }
    }

    func test_run_strictWithRejects_exits3AndPublishesNothing() throws {
        let outputs = outputsFolder()
        XCTAssertThrowsError(try NightlyPipeline.run(options(outputs: outputs, strict: true))) { error in
            XCTAssertEqual(ExitStatus(for: error), .inputsUnusable)
        }
        XCTAssertFalse(FileManager.default.fileExists(atPath: outputs.appendingPathComponent("2020-02-11").path))
        XCTAssertFalse(FileManager.default.fileExists(atPath: outputs.appendingPathComponent("latest").path))
    }

    func test_run_whileAnotherRunHoldsTheLock_exits4() throws {
        let outputs = outputsFolder()
        let held = try OutputLock.acquire(outputs: outputs)
        defer { held.release() }
        XCTAssertThrowsError(try NightlyPipeline.run(options(outputs: outputs))) { error in
            XCTAssertEqual(ExitStatus(for: error), .locked)
            XCTAssertTrue("\(error)".contains("pid \(getpid())"), "\(error)")
        }
    }

    func test_run_unwritableOutputs_exits1AndPublishesNothing() throws {
        let parent = outputsFolder()
        try FileManager.default.createDirectory(at: parent, withIntermediateDirectories: true)
        let file = parent.appendingPathComponent("not-a-folder")
        try Data("x".utf8).write(to: file)
        XCTAssertThrowsError(try NightlyPipeline.run(options(outputs: file.appendingPathComponent("Outputs")))) { error in
            XCTAssertEqual(ExitStatus(for: error), .internalFailure)
            XCTAssertTrue("\(error)".contains("not-a-folder"), "\(error)")
        }
    }

    func test_run_rerunForTheSameDate_replacesThePlanWhole() throws {
        let outputs = outputsFolder()
        _ = try NightlyPipeline.run(options(outputs: outputs))
        let stray = outputs.appendingPathComponent("2020-02-11/stray.txt")
        try Data("left by hand".utf8).write(to: stray)
        _ = try NightlyPipeline.run(options(outputs: outputs))
        XCTAssertFalse(FileManager.default.fileExists(atPath: stray.path))
        XCTAssertTrue(FileManager.default.fileExists(atPath: outputs.appendingPathComponent("2020-02-11/dispatch.csv").path))
    }

    func test_run_badPolicy_exits2AndPublishesNothing() throws {
        let inputs = outputsFolder()
        try FileManager.default.createDirectory(at: inputs.appendingPathComponent("feeds"), withIntermediateDirectories: true)
        try Data("horizon = 3\n".utf8).write(to: inputs.appendingPathComponent("allot.toml"))
        let outputs = outputsFolder()
        XCTAssertThrowsError(try NightlyPipeline.run(options(outputs: outputs, inputs: inputs))) { error in
            XCTAssertEqual(ExitStatus(for: error), .usageOrPolicy)
        }
        XCTAssertEqual(try PublishedPlans.dates(in: outputs), [])
    }
}

/// RFC 4180 read strictly by Python's csv module (strict=True): a malformed file fails the test.
enum StrictCSV {
    static func rows(_ url: URL) throws -> [[String]] {
        let script = """
            import csv, json, sys
            with open(sys.argv[1], newline='', encoding='utf-8-sig') as f:
                print(json.dumps(list(csv.reader(f, strict=True))))
            """
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", script, url.path]
        let out = Pipe()
        process.standardOutput = out
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw CocoaError(.fileReadCorruptFile) }
        return try JSONSerialization.jsonObject(with: data) as! [[String]]
    }
}
