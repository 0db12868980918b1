import AllotCore
import AllotPipeline
import AllotPublish
import Foundation
import XCTest

/// `allot run` meeting a fault of the outputs folder, as the built executable:
/// killed while it stages, a disk that fills up, a folder it may not write.
/// Each leaves the previous plans and `latest` byte for byte, nothing behind,
/// and the next run publishes.
final class OutputFaultCommandTests: XCTestCase {
    func test_run_killedWhileStaging_nextRunRemovesTheStagingFolderAndPublishes() throws {
        let night = try RunFaultFixture()
        let before = try night.published()
        let killed = try AllotCommand.run(night.runArguments(), environment: ["ALLOT_FAULT_INJECT": "staging:kill"], timeout: 60)
        XCTAssertEqual(killed.status, SIGKILL, "killed by SIGKILL: \(killed.stderr)")
        XCTAssertEqual(try night.published(), before)
        let staging = try night.leftovers()
        XCTAssertEqual(staging.count, 1, "\(staging)")
        XCTAssertTrue(staging[0].hasPrefix(".staging-2020-02-11-"), "\(staging)")
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: night.outputs.appendingPathComponent(staging[0]).path)
                        .filter { $0 != "inputs" }.count, 1, "killed after its first plan file (and the copy of the inputs)")

        let next = try AllotCommand.run(night.runArguments(), timeout: 60)
        XCTAssertEqual(next.status, 0, next.stderr)
        XCTAssertEqual(try night.leftovers(), [])
        XCTAssertEqual(try night.lastExitStatus(), "0")
        XCTAssertEqual(try night.published().latest, "2020-02-11")
    }

    func test_run_diskFullWhileStaging_exits1NamingThePathAndLeavesThePlansWhole() throws {
        let night = try RunFaultFixture()
        let before = try night.published()
        let result = try AllotCommand.run(night.runArguments(), environment: ["ALLOT_FAULT_INJECT": "staging:enospc:dispatch.xml"],
                                          timeout: 60)
        XCTAssertEqual(result.status, 1, result.stderr)
        let line = try XCTUnwrap(result.stderr.split(separator: "\n").last.map(String.init))
        XCTAssertTrue(line.hasPrefix("allot: cannot write \(night.outputs.path)/.staging-2020-02-11-"), line)
        XCTAssertTrue(line.hasSuffix("/dispatch.xml: No space left on device (errno 28); free some space on that disk"), line)
        try night.assertUntouchedAndRecovers(before, status: 1)
    }

    func test_run_outputsFolderNotWritable_exits1BeforeReadingAnything() throws {
        let night = try RunFaultFixture()
        let before = try night.published()
        for (value, reason) in [("eacces", "Permission denied (errno 13); check the owner and permissions of the folder "
                                    + "and the user the job runs as"),
                                ("erofs", "Read-only file system (errno 30); the file system is mounted read-only")] {
            let result = try AllotCommand.run(night.runArguments(), environment: ["ALLOT_FAULT_INJECT": "outputs:\(value)"],
                                              timeout: 60)
            XCTAssertEqual(result.status, 1, result.stderr)
            XCTAssertEqual(result.stderr, "allot: cannot write in the outputs folder \(night.outputs.path): \(reason)\n")
            XCTAssertEqual(try night.published(), before)
            XCTAssertEqual(try night.leftovers(), [])
            XCTAssertTrue(night.lockIsFree())
        }
    }

    /// The same as the test above, with real permission bits: root passes them, so it runs only for other users.
    func test_run_outputsFolderWithoutWritePermission_exits1() throws {
        guard geteuid() != 0 else { throw XCTSkip("root writes whatever the permission bits say; the injected EACCES above covers this path") }
        let night = try RunFaultFixture()
        let before = try night.published()
        XCTAssertEqual(chmod(night.outputs.path, 0o555), 0)
        defer { chmod(night.outputs.path, 0o755) }
        let result = try AllotCommand.run(night.runArguments(), timeout: 60)
        XCTAssertEqual(result.status, 1, result.stderr)
        XCTAssertEqual(result.stderr, "allot: cannot write in the outputs folder \(night.outputs.path): Permission denied "
            + "(errno 13); check the owner and permissions of the folder and the user the job runs as\n")
        XCTAssertEqual(try night.published(), before)
    }

    func test_run_outputsIsARegularFile_exits1AndLeavesTheFile() throws {
        let night = try RunFaultFixture()
        let file = night.root.appendingPathComponent("Outputs-file")
        try Data("keep".utf8).write(to: file)
        let result = try AllotCommand.run(["run", "--inputs", night.inputs.path, "--outputs", file.path, "--date", "2020-02-11"],
                                          timeout: 60)
        XCTAssertEqual(result.status, 1, result.stderr)
        XCTAssertEqual(result.stderr, "allot: cannot open the folder \(file.path): Not a directory (errno 20); "
            + "a part of that path is a file, not a folder\n")
        XCTAssertEqual(try Data(contentsOf: file), Data("keep".utf8))
    }
}
