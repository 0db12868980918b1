import AllotCore
import Foundation
import XCTest
@testable import AllotPublish

final class OutputLockTests: XCTestCase {
    let started = Instant(microsecondsSinceEpoch: 1_581_384_600_000_000)   // 2020-02-11T01:30:00Z

    func test_lock_secondAcquireInSameProcess_failsNamingPidAndStartTime() throws {
        let scratch = try ScratchOutputs()
        let first = try OutputLock.acquire(outputs: scratch.outputs, startedAt: started)

        XCTAssertThrowsError(try OutputLock.acquire(outputs: scratch.outputs)) {
            let holder = OutputLock.Holder(pid: getpid(), startedAt: started)
            XCTAssertEqual($0 as? PublishError, .locked(outputs: scratch.outputs.path, holder: holder))
            XCTAssertEqual("\($0)", "another allot run holds the lock on the outputs folder \(scratch.outputs.path): "
                + "pid \(getpid()), started 2020-02-11T01:30:00Z (lock file \(scratch.outputs.path)/.allot.lock); nothing published")
        }
        XCTAssertTrue(first.isHeld)
    }

    func test_lock_fileNamesHolder_andReleaseEmptiesIt() throws {
        let scratch = try ScratchOutputs()
        let lock = try OutputLock.acquire(outputs: scratch.outputs, startedAt: Instant(microsecondsSinceEpoch: 1_581_384_600_123_456))
        let lockFile = scratch.outputs.appendingPathComponent(".allot.lock")

        XCTAssertEqual(try String(contentsOf: lockFile, encoding: .utf8), "pid=\(getpid())\nstarted=2020-02-11T01:30:00Z\n")
        XCTAssertEqual(lock.lockFile, lockFile)
        lock.release()
        lock.release()
        XCTAssertFalse(lock.isHeld)
        XCTAssertEqual(try String(contentsOf: lockFile, encoding: .utf8), "")
        XCTAssertNoThrow(try OutputLock.acquire(outputs: scratch.outputs).release())
    }

    func test_lock_deinit_releases() throws {
        let scratch = try ScratchOutputs()
        do { _ = try OutputLock.acquire(outputs: scratch.outputs) }
        XCTAssertNoThrow(try OutputLock.acquire(outputs: scratch.outputs))
    }

    func test_lock_heldByChildProcess_failsNamingChildPid_andFreedWhenChildIsKilled() throws {
        let scratch = try ScratchOutputs()
        let ready = scratch.root.appendingPathComponent("child-ready")
        let child = try ChildTestProcess.start("OutputLockTests/test_child_holdLock", environment: [
            ChildTestProcess.roleVariable: "hold-lock",
            ChildTestProcess.outputsVariable: scratch.outputs.path,
        ])
        defer { if child.isRunning { kill(child.processIdentifier, SIGKILL); child.waitUntilExit() } }
        let deadline = Date().addingTimeInterval(60)
        while !FileManager.default.fileExists(atPath: ready.path) && child.isRunning && Date() < deadline { usleep(10_000) }
        XCTAssertTrue(child.isRunning, "the child holds the lock until killed")

        XCTAssertThrowsError(try OutputLock.acquire(outputs: scratch.outputs)) { error in
            guard case let .locked(outputs, holder)? = error as? PublishError else { return XCTFail("\(error)") }
            XCTAssertEqual(outputs, scratch.outputs.path)
            XCTAssertEqual(holder?.pid, child.processIdentifier)
            XCTAssertEqual(holder?.startedAt, OutputLockTests.childStart)
            XCTAssertTrue("\(error)".contains("pid \(child.processIdentifier), started 2020-02-11T01:30:00Z"), "\(error)")
        }

        kill(child.processIdentifier, SIGKILL)
        child.waitUntilExit()
        XCTAssertNoThrow(try OutputLock.acquire(outputs: scratch.outputs), "the kernel released the dead child's lock")
    }

    static let childStart = Instant(microsecondsSinceEpoch: 1_581_384_600_000_000)

    /// Child role `hold-lock`: takes the lock, says so, and waits to be killed.
    func test_child_holdLock() throws {
        guard ChildTestProcess.role() == "hold-lock" else { throw XCTSkip("runs only as the child of a lock test") }
        let outputs = ChildTestProcess.outputs()
        let lock = try OutputLock.acquire(outputs: outputs, startedAt: OutputLockTests.childStart)
        try Data().write(to: outputs.deletingLastPathComponent().appendingPathComponent("child-ready"))
        sleep(120)
        lock.release()
    }

    func test_lock_heldByFlockCommandOverADeadRunsLines_failsWithoutNamingTheDeadPid() throws {
        let flockCommand = "/usr/bin/flock"
        guard FileManager.default.isExecutableFile(atPath: flockCommand) else { throw XCTSkip("no \(flockCommand)") }
        let scratch = try ScratchOutputs()
        try OutputLock.acquire(outputs: scratch.outputs).release()
        let finished = try Process.run(URL(fileURLWithPath: "/bin/true"), arguments: [])
        finished.waitUntilExit()
        let lockFile = scratch.outputs.appendingPathComponent(".allot.lock")
        try Data("pid=\(finished.processIdentifier)\nstarted=2020-02-10T17:30:00Z\n".utf8).write(to: lockFile)

        // --no-fork: flock(1) becomes the shell and then sleep, so killing that one pid frees the lock.
        let ready = scratch.root.appendingPathComponent("ready")
        let shell = try Process.run(URL(fileURLWithPath: flockCommand),
                                    arguments: ["--nonblock", "--no-fork", lockFile.path, "/bin/sh", "-c", "touch '\(ready.path)'; exec sleep 60"])
        defer { if shell.isRunning { kill(shell.processIdentifier, SIGKILL); shell.waitUntilExit() } }
        let deadline = Date().addingTimeInterval(30)
        while !FileManager.default.fileExists(atPath: ready.path) && shell.isRunning && Date() < deadline { usleep(10_000) }

        XCTAssertThrowsError(try OutputLock.acquire(outputs: scratch.outputs)) {
            XCTAssertEqual($0 as? PublishError, .locked(outputs: scratch.outputs.path, holder: nil))
            XCTAssertTrue("\($0)".contains("a holder that did not say who it is (a run just starting, or flock(1) from a shell)"), "\($0)")
        }
    }

    func test_lock_createsMissingOutputsFolder() throws {
        let scratch = try ScratchOutputs()
        XCTAssertFalse(FileManager.default.fileExists(atPath: scratch.outputs.path))
        let lock = try OutputLock.acquire(outputs: scratch.outputs)
        XCTAssertEqual(scratch.entries(), [".allot.lock"])
        lock.release()
    }

    func test_lock_outputsUnderARegularFile_errorNamesPathAndErrnoText() throws {
        let scratch = try ScratchOutputs()
        let file = scratch.root.appendingPathComponent("file")
        try Data().write(to: file)
        let outputs = file.appendingPathComponent("Outputs")

        XCTAssertThrowsError(try OutputLock.acquire(outputs: outputs)) {
            XCTAssertEqual("\($0)", "cannot create the outputs folder \(outputs.path): Not a directory (errno 20); "
                + "a part of that path is a file, not a folder")
        }
    }

    func test_lock_lockFileIsADirectory_errorNamesLockFile() throws {
        let scratch = try ScratchOutputs()
        try FileManager.default.createDirectory(at: scratch.outputs.appendingPathComponent(".allot.lock"), withIntermediateDirectories: true)

        XCTAssertThrowsError(try OutputLock.acquire(outputs: scratch.outputs)) {
            XCTAssertEqual($0 as? PublishError, .fileSystem(action: "open the lock file",
                                                            path: scratch.outputs.path + "/.allot.lock", errno: EISDIR))
        }
    }

    func test_lockHolder_fileText_roundTrips() {
        let holder = OutputLock.Holder(pid: 4242, startedAt: started)
        XCTAssertEqual(OutputLock.Holder(fileText: holder.fileText), holder)
        XCTAssertNil(OutputLock.Holder(fileText: ""))
        XCTAssertNil(OutputLock.Holder(fileText: "pid=4242\n"))
        XCTAssertNil(OutputLock.Holder(fileText: "pid=x\nstarted=2020-02-11T01:30:00Z\n"))
        XCTAssertNil(OutputLock.Holder(fileText: "pid=1\nstarted=2020-02-11T25:30:00Z\n"))
    }
}
