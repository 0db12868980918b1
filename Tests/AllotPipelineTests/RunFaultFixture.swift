import AllotCore
import AllotPipeline
import AllotPublish
import Foundation
import XCTest

/// A scratch folder with the sample night's inputs and an outputs folder
/// where 2020-02-10 and 2020-02-11 are published, and what a faulty run must
/// leave as it found: every byte of the published plans, `latest`.
final class RunFaultFixture {
    let root: URL
    var inputs: URL { root.appendingPathComponent("Inputs") }
    var outputs: URL { root.appendingPathComponent("Outputs") }

    init() throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("allot-fault-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: SampleNightPlanTests.sampleInputs, to: inputs)
        for date in ["2020-02-10", "2020-02-11"] {
            _ = try NightlyPipeline.run(RunOptions(inputs: inputs, outputs: outputs, planDate: CalendarDate(iso: date)!))
        }
    }

    deinit { try? FileManager.default.removeItem(at: root) }

    /// `allot run` of 2020-02-11 again, as the tests' arguments.
    func runArguments(date: String = "2020-02-11") -> [String] {
        ["run", "--inputs", inputs.path, "--outputs", outputs.path, "--date", date]
    }

    /// Every file under every plan folder, path → bytes, and where `latest` points.
    struct Published: Equatable {
        var files: [String: Data]
        var latest: String?
    }

    func published() throws -> Published {
        var files = [String: Data]()
        for name in try PublishedPlans.dates(in: outputs).map(PublishedPlans.folderName(for:)) {
            let folder = outputs.appendingPathComponent(name)
            for file in FileManager.default.subpaths(atPath: folder.path) ?? [] {
                var isFolder: ObjCBool = false
                guard FileManager.default.fileExists(atPath: folder.appendingPathComponent(file).path, isDirectory: &isFolder),
                      !isFolder.boolValue else { continue }
                files["\(name)/\(file)"] = try Data(contentsOf: folder.appendingPathComponent(file))
            }
        }
        let latest = try? FileManager.default.destinationOfSymbolicLink(atPath: outputs.appendingPathComponent("latest").path)
        return Published(files: files, latest: latest)
    }

    /// Hidden entries allot makes while it works (`.staging-*`, `.pruning-*`, `.latest-*`, temporary textfiles).
    func leftovers() throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: outputs.path).filter {
            $0.hasPrefix(".") && $0 != OutputLock.lockFileName
        }.sorted()
    }

    /// `allot_last_exit_status` in `allot.prom`.
    func lastExitStatus() throws -> String? {
        let text = try String(contentsOf: outputs.appendingPathComponent("allot.prom"), encoding: .utf8)
        return text.split(separator: "\n").first { $0.hasPrefix("allot_last_exit_status ") }.map { String($0.dropFirst(23)) }
    }

    /// Whether another run could take the lock now.
    func lockIsFree() -> Bool {
        guard let lock = try? OutputLock.acquire(outputs: outputs) else { return false }
        lock.release()
        return true
    }

    /// Asserts the previous plans and `latest` are as `before`, nothing is left behind, the lock is
    /// free, `allot.prom` says `status`, and a run without a fault then publishes.
    func assertUntouchedAndRecovers(_ before: Published, status: Int32, file: StaticString = #filePath,
                                    line: UInt = #line) throws {
        XCTAssertEqual(try published(), before, "the published plans and latest are untouched", file: file, line: line)
        XCTAssertEqual(try leftovers(), [], "nothing left behind", file: file, line: line)
        XCTAssertTrue(lockIsFree(), "the lock is released", file: file, line: line)
        XCTAssertEqual(try lastExitStatus(), "\(status)", file: file, line: line)
        let next = try AllotCommand.run(runArguments(), timeout: 60)
        XCTAssertEqual(next.status, 0, next.stderr, file: file, line: line)
        XCTAssertEqual(try lastExitStatus(), "0", file: file, line: line)
        XCTAssertEqual(try leftovers(), [], file: file, line: line)
    }
}
