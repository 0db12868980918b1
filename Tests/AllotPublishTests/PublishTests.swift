import AllotCore
import Foundation
import XCTest
@testable import AllotPublish

/// A temporary folder holding `Outputs/`, removed after the test.
final class ScratchOutputs {
    let root: URL
    var outputs: URL { root.appendingPathComponent("Outputs", isDirectory: true) }

    init() throws {
        var template = Array((NSTemporaryDirectory() + "allot-publish-XXXXXX").utf8CString)
        guard let made = mkdtemp(&template) else { throw PublishError.fileSystem(action: "mkdtemp", path: "", errno: errno) }
        root = URL(fileURLWithPath: String(cString: made), isDirectory: true)
    }

    deinit { try? FileManager.default.removeItem(at: root) }

    /// Names in `Outputs/`, sorted.
    func entries() -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: outputs.path)) ?? []).sorted()
    }

    /// Names in `Outputs/` that a reader takes for a plan folder.
    func planFolders() -> [String] { entries().filter { PublishedPlans.date(fromFolderName: $0) != nil } }

    /// Hidden staging folders (and old folders waiting to be deleted).
    func stagingFolders() -> [String] { entries().filter { $0.hasPrefix(".staging-") } }

    /// Every file of one plan folder, name → text; `nil` when there is no such folder.
    func plan(_ name: String) -> [String: String]? {
        let folder = outputs.appendingPathComponent(name)
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder.path) else { return nil }
        var files = [String: String]()
        for n in names { files[n] = (try? String(contentsOf: folder.appendingPathComponent(n), encoding: .utf8)) ?? "<unreadable>" }
        return files
    }

    /// The text of the `latest` link, `nil` when there is none.
    func latest() -> String? {
        try? FileManager.default.destinationOfSymbolicLink(atPath: outputs.appendingPathComponent("latest").path)
    }
}

/// Plan files from name → text.
func publishFiles(_ files: [String: String]) -> [(name: String, bytes: [UInt8])] {
    files.sorted { $0.key < $1.key }.map { (name: $0.key, bytes: Array($0.value.utf8)) }
}

func planDay(_ text: String) -> CalendarDate { PublishedPlans.date(fromFolderName: text)! }

final class PlanPublisherTests: XCTestCase {
    let publisher = PlanPublisher(fault: nil)

    func test_publish_firstRun_createsOutputsFolderAndLatest() throws {
        let scratch = try ScratchOutputs()
        let result = try publisher.publish(files: publishFiles(["dispatch.csv": "a\n", "manifest.json": "{}"]),
                                           planDate: planDay("2020-02-11"), outputs: scratch.outputs)

        XCTAssertEqual(result.folder.lastPathComponent, "2020-02-11")
        XCTAssertFalse(result.replaced)
        XCTAssertEqual(result.latest, planDay("2020-02-11"))
        XCTAssertEqual(scratch.plan("2020-02-11"), ["dispatch.csv": "a\n", "manifest.json": "{}"])
        XCTAssertEqual(scratch.latest(), "2020-02-11", "latest is a relative link")
        XCTAssertEqual(scratch.entries(), [".allot.lock", "2020-02-11", "latest"])
        XCTAssertEqual(scratch.plan("latest"), scratch.plan("2020-02-11"))
    }

    func test_publish_sameDateAgain_replacesFolderWhole() throws {
        let scratch = try ScratchOutputs()
        try publisher.publish(files: publishFiles(["dispatch.csv": "old\n", "only-in-old.csv": "x"]),
                              planDate: planDay("2020-02-11"), outputs: scratch.outputs)
        let result = try publisher.publish(files: publishFiles(["dispatch.csv": "new\n", "unmet.csv": "u"]),
                                           planDate: planDay("2020-02-11"), outputs: scratch.outputs)

        XCTAssertTrue(result.replaced)
        XCTAssertEqual(scratch.plan("2020-02-11"), ["dispatch.csv": "new\n", "unmet.csv": "u"],
                       "the old file not in the new plan is gone")
        XCTAssertEqual(scratch.stagingFolders(), [], "the old folder is deleted")
        XCTAssertEqual(scratch.latest(), "2020-02-11")
        XCTAssertEqual(result.warnings, [])
    }

    func test_publish_olderDate_doesNotMoveLatestBackwards() throws {
        let scratch = try ScratchOutputs()
        try publisher.publish(files: publishFiles(["a": "11"]), planDate: planDay("2020-02-11"), outputs: scratch.outputs)
        let result = try publisher.publish(files: publishFiles(["a": "09"]), planDate: planDay("2020-02-09"), outputs: scratch.outputs)

        XCTAssertEqual(result.latest, planDay("2020-02-11"))
        XCTAssertEqual(scratch.latest(), "2020-02-11")
        XCTAssertEqual(scratch.planFolders(), ["2020-02-09", "2020-02-11"])

        try publisher.publish(files: publishFiles(["a": "11 again"]), planDate: planDay("2020-02-11"), outputs: scratch.outputs)
        try publisher.publish(files: publishFiles(["a": "12"]), planDate: planDay("2020-02-12"), outputs: scratch.outputs)
        XCTAssertEqual(scratch.latest(), "2020-02-12")
        XCTAssertEqual(scratch.plan("latest"), ["a": "12"])
    }

    func test_publish_latestLaggingAfterCrash_catchesUpToNewest() throws {
        let scratch = try ScratchOutputs()
        try publisher.publish(files: publishFiles(["a": "10"]), planDate: planDay("2020-02-10"), outputs: scratch.outputs)
        XCTAssertThrowsError(try PlanPublisher(fault: PublishFault(point: .afterSwapBeforeLatest))
            .publish(files: publishFiles(["a": "12"]), planDate: planDay("2020-02-12"), outputs: scratch.outputs))
        XCTAssertEqual(scratch.latest(), "2020-02-10")

        let result = try publisher.publish(files: publishFiles(["a": "11"]), planDate: planDay("2020-02-11"), outputs: scratch.outputs)
        XCTAssertEqual(result.latest, planDay("2020-02-12"), "latest goes to the greatest date present, not this run's")
        XCTAssertEqual(scratch.latest(), "2020-02-12")
    }

    func test_publish_staleStagingFromCrash_isRemovedAtNextRun() throws {
        let scratch = try ScratchOutputs()
        try publisher.publish(files: publishFiles(["a": "10"]), planDate: planDay("2020-02-10"), outputs: scratch.outputs)
        let stale = scratch.outputs.appendingPathComponent(".staging-2020-02-11-999999-0badf00d")
        try FileManager.default.createDirectory(at: stale.appendingPathComponent("nested"), withIntermediateDirectories: true)
        try Data("half".utf8).write(to: stale.appendingPathComponent("dispatch.csv"))
        try FileManager.default.createSymbolicLink(atPath: stale.appendingPathComponent("outside").path,
                                                   withDestinationPath: scratch.outputs.appendingPathComponent("2020-02-10").path)
        try FileManager.default.createSymbolicLink(atPath: scratch.outputs.appendingPathComponent(".latest-2020-02-11-999999-00000001").path,
                                                   withDestinationPath: "2020-02-11")

        let result = try publisher.publish(files: publishFiles(["a": "11"]), planDate: planDay("2020-02-11"), outputs: scratch.outputs)

        XCTAssertEqual(result.removedLeftovers, [".latest-2020-02-11-999999-00000001", ".staging-2020-02-11-999999-0badf00d"])
        XCTAssertEqual(scratch.entries(), [".allot.lock", "2020-02-10", "2020-02-11", "latest"])
        XCTAssertEqual(scratch.plan("2020-02-10"), ["a": "10"], "removing a leftover never follows a link out of it")
    }

    func test_publish_badFileNames_throwAndPublishNothing() throws {
        let scratch = try ScratchOutputs()
        for name in ["", ".hidden", "../escape", "a/b", "dup"] {
            var files = publishFiles(["ok": "1"])
            files.append((name: name, bytes: []))
            if name == "dup" { files.append((name: "dup", bytes: [])) }
            XCTAssertThrowsError(try publisher.publish(files: files, planDate: planDay("2020-02-11"), outputs: scratch.outputs)) {
                XCTAssertEqual($0 as? PublishError, .badFileName(name))
            }
        }
        XCTAssertEqual(scratch.planFolders(), [])
        XCTAssertEqual(scratch.stagingFolders(), [])
        XCTAssertNil(scratch.latest())
    }

    func test_publish_latestIsARealFolder_throwsBeforeWritingAnything() throws {
        let scratch = try ScratchOutputs()
        try FileManager.default.createDirectory(at: scratch.outputs.appendingPathComponent("latest"), withIntermediateDirectories: true)

        XCTAssertThrowsError(try publisher.publish(files: publishFiles(["a": "1"]), planDate: planDay("2020-02-11"), outputs: scratch.outputs)) {
            XCTAssertEqual("\($0)", "\(scratch.outputs.path)/latest is not a symbolic link; allot keeps a link to the newest plan there. "
                + "Move it elsewhere and run again")
        }
        XCTAssertEqual(scratch.entries(), [".allot.lock", "latest"])
    }

    func test_publish_outputsUnderARegularFile_throwsNamingPathAndErrnoAndPublishesNothing() throws {
        // Tests run as root, which ignores permission bits: a path through a file fails for everyone.
        let scratch = try ScratchOutputs()
        let file = scratch.root.appendingPathComponent("not-a-folder")
        try Data("x".utf8).write(to: file)
        let outputs = file.appendingPathComponent("Outputs")

        XCTAssertThrowsError(try publisher.publish(files: publishFiles(["a": "1"]), planDate: planDay("2020-02-11"), outputs: outputs)) {
            XCTAssertEqual($0 as? PublishError, .fileSystem(action: "create the outputs folder", path: outputs.path, errno: ENOTDIR))
            XCTAssertEqual("\($0)", "cannot create the outputs folder \(outputs.path): Not a directory (errno 20); "
                + "a part of that path is a file, not a folder")
        }
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: scratch.root.path), ["not-a-folder"])
        XCTAssertEqual(try String(contentsOf: file, encoding: .utf8), "x")
    }

    func test_publish_outputsIsARegularFile_throwsNamingPath() throws {
        let scratch = try ScratchOutputs()
        try Data("x".utf8).write(to: scratch.outputs)

        XCTAssertThrowsError(try publisher.publish(files: publishFiles(["a": "1"]), planDate: planDay("2020-02-11"), outputs: scratch.outputs)) {
            XCTAssertEqual($0 as? PublishError, .fileSystem(action: "open the folder", path: scratch.outputs.path, errno: ENOTDIR))
        }
        XCTAssertEqual(try String(contentsOf: scratch.outputs, encoding: .utf8), "x")
    }

    func test_publish_missingParentOfOutputs_isNotCreated() throws {
        let scratch = try ScratchOutputs()
        let outputs = scratch.root.appendingPathComponent("unmounted/Outputs")

        XCTAssertThrowsError(try publisher.publish(files: publishFiles(["a": "1"]), planDate: planDay("2020-02-11"), outputs: outputs)) {
            XCTAssertEqual($0 as? PublishError, .fileSystem(action: "create the outputs folder", path: outputs.path, errno: ENOENT))
        }
        XCTAssertFalse(FileManager.default.fileExists(atPath: scratch.root.appendingPathComponent("unmounted").path))
    }

    func test_publish_whileAnotherRunHoldsTheLock_throwsLockedAndPublishesNothing() throws {
        let scratch = try ScratchOutputs()
        let held = try OutputLock.acquire(outputs: scratch.outputs)

        XCTAssertThrowsError(try publisher.publish(files: publishFiles(["a": "1"]), planDate: planDay("2020-02-11"), outputs: scratch.outputs)) {
            XCTAssertEqual($0 as? PublishError, .locked(outputs: scratch.outputs.path, holder: held.holder))
        }
        XCTAssertEqual(scratch.planFolders(), [])

        try publisher.publish(files: publishFiles(["a": "1"]), planDate: planDay("2020-02-11"), under: held)
        XCTAssertEqual(scratch.plan("2020-02-11"), ["a": "1"])
    }

    func test_publishedPlans_listOnlyRealDateFolders() throws {
        let scratch = try ScratchOutputs()
        try publisher.publish(files: publishFiles(["a": "1"]), planDate: planDay("2020-02-11"), outputs: scratch.outputs)
        let fm = FileManager.default
        for name in ["2020-02-30", "2020-2-11", "notes", "2020-02-11.bak"] {
            try fm.createDirectory(at: scratch.outputs.appendingPathComponent(name), withIntermediateDirectories: true)
        }
        try Data().write(to: scratch.outputs.appendingPathComponent("2020-03-01"))   // a file, not a folder

        XCTAssertEqual(try PublishedPlans.dates(in: scratch.outputs), [planDay("2020-02-11")])
        XCTAssertEqual(try PublishedPlans.latestDate(in: scratch.outputs), planDay("2020-02-11"))
        XCTAssertNil(PublishedPlans.date(fromFolderName: "2020-02-30"))
        XCTAssertNil(PublishedPlans.date(fromFolderName: "20200211"))
        XCTAssertEqual(PublishedPlans.date(fromFolderName: "2020-02-29")?.description, "2020-02-29")
    }
}
