import AllotCore
import Foundation
import XCTest

/// What every command shares: `--version`, `--log-level`, and the time zone of the log.
final class CommandLineTests: XCTestCase {
    static let sample = SampleNightPlanTests.sampleInputs

    /// A log line's start: its time with the zone's offset, its level, the label.
    private func logLine(_ stderr: String, containing text: String) -> String? {
        stderr.split(separator: "\n").map(String.init).first { $0.contains(text) }
    }

    func test_version_printsTheVersionAndExits0() throws {
        let result = try AllotCommand.run(["--version"])
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertEqual(result.text, AllotVersion.current + "\n")
    }

    func test_logLevel_everyCommandTakesIt() throws {
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("allot-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        addTeardownBlock { try? FileManager.default.removeItem(at: scratch) }
        let outputs = scratch.appendingPathComponent("Outputs").path
        let commands: [[String]] = [
            ["run", "--inputs", scratch.appendingPathComponent("none").path, "--outputs", outputs],
            ["validate", "--inputs", Self.sample.path],
            ["explain", "a:b", "--outputs", outputs],
            ["diff", "2020-02-10", "2020-02-11", "--outputs", outputs],
            ["export", "dispatch", "--format", "csv", "--outputs", outputs],
        ]
        for arguments in commands {
            let result = try AllotCommand.run(arguments + ["--log-level", "debug"])
            XCTAssertNotNil(logLine(result.stderr, containing: "debug allot: [allot] allot \(AllotVersion.current) \(arguments[0]);"),
                            "\(arguments[0]): \(result.stderr)")
        }
    }

    func test_log_withoutTZ_timesAreInShanghai() throws {
        let result = try AllotCommand.run(["validate", "--inputs", Self.sample.path, "--log-level", "debug"], unset: ["TZ"])
        let line = try XCTUnwrap(logLine(result.stderr, containing: "log times in Asia/Shanghai"), result.stderr)
        XCTAssertNotNil(line.range(of: #"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+0800 debug allot: "#, options: .regularExpression), line)
    }

    func test_log_withTZ_timesAreInThatZone() throws {
        let result = try AllotCommand.run(["validate", "--inputs", Self.sample.path, "--log-level", "debug"],
                                          environment: ["TZ": "America/New_York"])
        let line = try XCTUnwrap(logLine(result.stderr, containing: "log times in America/New_York"), result.stderr)
        XCTAssertNotNil(line.range(of: #"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d-0[45]00 debug allot: "#, options: .regularExpression), line)
    }

    func test_log_warningsAtTheDefaultLevel_carryTheShanghaiOffset() throws {
        let result = try AllotCommand.run(["validate", "--inputs", Self.sample.path], unset: ["TZ"])
        let line = try XCTUnwrap(logLine(result.stderr, containing: "is not a feed field; ignored"), result.stderr)
        XCTAssertTrue(line.contains("+0800 warning allot: [allot] feeds/county-dongchangfu.csv: column 12"), line)
        XCTAssertNil(logLine(result.stderr, containing: " debug allot: "), result.stderr)
    }
}
