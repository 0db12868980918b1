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

// MARK: - allot validate FILE…

extension CommandLineTests {
    /// A folder holding `files` (name and text), removed after the test.
    private func folder(_ files: [String: String]) throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("allot-validate-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        addTeardownBlock { try? FileManager.default.removeItem(at: url) }
        for (name, text) in files { try Data(text.utf8).write(to: url.appendingPathComponent(name)) }
        return url
    }

    static let header = "request_id,enterprise_id,enterprise_name,region,material,quantity,unit,category\n"

    func test_validateFiles_blanksTheRegistryFills_areWarningsNotRejects() throws {
        let dir = try folder(["county-x.csv": Self.header
            + "R-1,91371500706079729C,,371503,口罩,100,只,\n"
            + "R-2,91371500706079729C,某厂,371503,口罩,100,只,sme\n"])
        let result = try AllotCommand.run(["validate", "county-x.csv"], in: dir)
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertEqual(result.text, """
            file\tencoding\trecords\taccepted\trejected\tsuperseded
            county-x.csv\tUTF-8\t2\t2\t0\t0
            total\t\t2\t2\t0\t0

            no rejects

            1 requests leave blanks the bureau's registry fills (warnings, not rejects):
            county-x.csv:2 county-x:R-1 [enterprise_name]: enterprise_name and category are empty: the bureau's \
            registry fills them from the enterprise's credit code 91371500706079729C; the bureau rejects the request \
            if its registry does not have the enterprise

            """)
    }

    func test_validateFiles_aBlankAndABadValue_rejectsTheBadValueExit3() throws {
        let dir = try folder(["county-x.csv": Self.header + "R-1,91371500706079729C,,,口罩,abc,只,\n"])
        let result = try AllotCommand.run(["validate", "county-x.csv"], in: dir)
        XCTAssertEqual(result.status, 3, result.stderr)
        XCTAssertTrue(result.text.contains("\n1 rejects:\ncounty-x.csv:2 county-x:R-1 [quantity] bad_quantity: abc is not a "
            + "quantity"), result.text)
        XCTAssertFalse(result.text.contains("registry fills"), result.text)
    }

    func test_validateFiles_sampleFeedWithItsInputsRegistry_fillsAsARunDoes() throws {
        let feed = Self.sample.appendingPathComponent("feeds/county-chiping.csv").path
        let alone = try AllotCommand.run(["validate", feed])
        XCTAssertEqual(alone.status, 0, alone.stderr)
        XCTAssertTrue(alone.text.contains("\n5 requests leave blanks the bureau's registry fills"), alone.text)
        XCTAssertTrue(alone.text.contains(":4 county-chiping:CP-003 [enterprise_name]: enterprise_name, region, category, "
            + "quantity and workers are empty"), alone.text)
        let withRegistry = try AllotCommand.run(["validate", feed, "--inputs", Self.sample.path])
        XCTAssertEqual(withRegistry.status, 0, withRegistry.stderr)
        XCTAssertTrue(withRegistry.text.hasPrefix("file\tencoding\trecords\taccepted\trejected\tsuperseded\n"
            + "allot.toml\t-\t0\t0\t0\t0\nreference/enterprises.csv\tUTF-8\t48\t48\t0\t0\n"
            + "\(feed)\tUTF-8\t21\t21\t0\t0\n"), withRegistry.text)
        XCTAssertFalse(withRegistry.text.contains("registry fills"), withRegistry.text)
    }

    func test_validateFiles_missingOrNotAFeed_areRejectsExit3() throws {
        let dir = try folder(["notes.txt": "x"])
        let result = try AllotCommand.run(["validate", "nothere.csv", "notes.txt"], in: dir)
        XCTAssertEqual(result.status, 3, result.stderr)
        XCTAssertTrue(result.text.hasSuffix("""
            2 rejects:
            nothere.csv unreadable_file: nothere.csv cannot be opened: it is not there
            notes.txt not_a_feed: notes.txt is not a feed: feeds are .csv, .xml or .xlsx files; the file is not read

            """), result.text)
    }
}
