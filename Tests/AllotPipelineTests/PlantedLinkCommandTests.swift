import AllotCore
import AllotPipeline
import AllotPublish
import Foundation
import XCTest

/// Symbolic links someone planted in the outputs folder, pointing at a
/// folder or a file outside it: `allot run` never writes through one. Where
/// allot owns the name (a plan folder, `latest`, its temporary entries,
/// `allot.prom`) the link is replaced or removed as an entry and its target
/// is left as it was; the lock file it refuses (exit 1), since replacing it
/// would let two runs lock different files.
final class PlantedLinkCommandTests: XCTestCase {
    private var night: RunFaultFixture!
    /// A folder outside the outputs folder, with one file, that no run may touch.
    private var outside: URL { night.root.appendingPathComponent("outside") }
    private var outsideFile: URL { outside.appendingPathComponent("keep.txt") }

    override func setUpWithError() throws {
        night = try RunFaultFixture()
        try FileManager.default.createDirectory(at: outside, withIntermediateDirectories: true)
        try Data("outside\n".utf8).write(to: outsideFile)
    }

    override func tearDownWithError() throws {
        night = nil
    }

    private func plant(_ name: String, to target: URL) throws {
        let entry = night.outputs.appendingPathComponent(name)
        try? FileManager.default.removeItem(at: entry)
        try FileManager.default.createSymbolicLink(atPath: entry.path, withDestinationPath: target.path)
    }

    /// The outside folder holds its one file, unchanged, and nothing else.
    private func assertOutsideUntouched(file: StaticString = #filePath, line: UInt = #line) throws {
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: outside.path), ["keep.txt"], file: file, line: line)
        XCTAssertEqual(try Data(contentsOf: outsideFile), Data("outside\n".utf8), file: file, line: line)
    }

    private func kind(_ name: String) throws -> FileAttributeType? {
        let attributes = try? FileManager.default.attributesOfItem(atPath: night.outputs.appendingPathComponent(name).path)
        return attributes?[.type] as? FileAttributeType
    }

    func test_run_planFolderNameIsALinkOutside_replacesTheLinkWithTheFolder() throws {
        try plant("2020-02-11", to: outside)
        let result = try AllotCommand.run(night.runArguments(), timeout: 60)
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertEqual(try kind("2020-02-11"), .typeDirectory)
        XCTAssertTrue(FileManager.default.fileExists(atPath: night.outputs.appendingPathComponent("2020-02-11/dispatch.csv").path))
        try assertOutsideUntouched()
    }

    func test_run_latestIsALinkOutside_pointsItAtTheNewestPlan() throws {
        try plant("latest", to: outside)
        let result = try AllotCommand.run(night.runArguments(), timeout: 60)
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertEqual(try night.published().latest, "2020-02-11")
        try assertOutsideUntouched()
    }

    func test_run_stagingNameIsALinkOutside_removesTheLinkOnly() throws {
        try plant(".staging-2020-02-11-999999-0badf00d", to: outside)
        try plant(".allot.prom-tmp-999999-0badf00d", to: outsideFile)
        let result = try AllotCommand.run(night.runArguments(), timeout: 60)
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertEqual(try night.leftovers(), [])
        try assertOutsideUntouched()
    }

    func test_run_lockFileIsALinkOutside_exits1AndWritesNothingThere() throws {
        try plant(OutputLock.lockFileName, to: outsideFile)
        let before = try night.published()
        let result = try AllotCommand.run(night.runArguments(), timeout: 60)
        XCTAssertEqual(result.status, 1, result.stderr)
        XCTAssertEqual(result.stderr, "allot: cannot open the lock file \(night.outputs.path)/.allot.lock: Too many levels of "
            + "symbolic links (errno 40); it is a symbolic link, and allot follows no link in the outputs folder but latest: "
            + "remove the link\n")
        XCTAssertEqual(try night.published(), before)
        try assertOutsideUntouched()
    }

    func test_run_metricsFileIsALinkOutside_replacesTheLinkWithTheFile() throws {
        try plant("allot.prom", to: outsideFile)
        let result = try AllotCommand.run(night.runArguments(), timeout: 60)
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertEqual(try kind("allot.prom"), .typeRegular)
        XCTAssertEqual(try night.lastExitStatus(), "0")
        XCTAssertFalse(result.stderr.contains("could not write"), result.stderr)
        try assertOutsideUntouched()
    }

    /// Feed file names become sources and reject rows, never paths: the plan folder holds its own file names only.
    func test_run_feedNamesWithDotsSpacesAndNewlines_publishOnlyThePlanFiles() throws {
        let feed = try Data(contentsOf: night.inputs.appendingPathComponent("feeds/county-chiping.csv"))
        for name in ["..county.csv", "a b.csv", "x\ny.csv", "...csv", "-.csv"] {
            try feed.write(to: night.inputs.appendingPathComponent("feeds").appendingPathComponent(name))
        }
        let before = try FileManager.default.contentsOfDirectory(atPath: night.outputs.appendingPathComponent("2020-02-10").path)
        let result = try AllotCommand.run(night.runArguments(date: "2020-02-12"), timeout: 60)
        XCTAssertEqual(result.status, 0, result.stderr)
        let published = try FileManager.default.contentsOfDirectory(atPath: night.outputs.appendingPathComponent("2020-02-12").path)
        XCTAssertEqual(published.sorted(), before.sorted())
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: night.root.path).sorted(),
                       ["Inputs", "Outputs", "outside"])
        XCTAssertEqual(try night.leftovers(), [])
    }

    /// A feed allot may not read is a reject and the night goes on: by its permissions (not for root, who reads it
    /// anyway) and, for everyone, as a link to nothing.
    func test_run_unreadableFeeds_areRejectsAndTheRunPublishes() throws {
        let feeds = night.inputs.appendingPathComponent("feeds")
        try FileManager.default.createSymbolicLink(atPath: feeds.appendingPathComponent("gone.csv").path,
                                                   withDestinationPath: "nowhere.csv")
        let locked = feeds.appendingPathComponent("locked.csv")
        try Data("x\n".utf8).write(to: locked)
        XCTAssertEqual(chmod(locked.path, 0), 0)
        let result = try AllotCommand.run(night.runArguments(date: "2020-02-12"), timeout: 60)
        XCTAssertEqual(result.status, 0, result.stderr)
        let rejects = try String(contentsOf: night.outputs.appendingPathComponent("2020-02-12/rejects.csv"), encoding: .utf8)
        XCTAssertTrue(rejects.contains("feeds/gone.csv,,,gone,,unreadable_file,feeds/gone.csv is a symbolic link to a file "
            + "that is not there,"), rejects)
        let dispatch = try String(contentsOf: night.outputs.appendingPathComponent("2020-02-12/dispatch.csv"), encoding: .utf8)
        XCTAssertTrue(dispatch.contains(",county-chiping,"), "the readable feeds are planned")
        guard geteuid() != 0 else {
            throw XCTSkip("root reads a file whatever its permissions; the link to nothing above is the same reject")
        }
        XCTAssertTrue(rejects.contains("feeds/locked.csv,,,locked,,unreadable_file,feeds/locked.csv cannot be opened: "
            + "Permission denied,"), rejects)
    }
}
