import AllotCore
import Foundation
import XCTest
@testable import AllotPublish

/// Runs one test of this bundle in a child process, for what needs a second
/// process: `kill -9` mid-publish, a lock held by someone else.
///
/// The child is this same test executable, asked for one test by name; that
/// test acts only when `ALLOT_PUBLISH_TEST_CHILD` names its role, and skips otherwise.
enum ChildTestProcess {
    static let roleVariable = "ALLOT_PUBLISH_TEST_CHILD"
    static let outputsVariable = "ALLOT_PUBLISH_TEST_OUTPUTS"

    /// Starts `Class/test` with `environment` added to this process's.
    static func start(_ test: String, environment: [String: String]) throws -> Process {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe"))
        process.arguments = ["AllotPublishTests.\(test)"]
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        return process
    }

    /// The role this process was started for, or `nil` in a normal test run.
    static func role() -> String? { ProcessInfo.processInfo.environment[roleVariable] }

    static func outputs() -> URL { URL(fileURLWithPath: ProcessInfo.processInfo.environment[outputsVariable]!) }
}

final class PublishFaultTests: XCTestCase {
    // MARK: - Faults in process (thrown, nothing cleaned up: as if killed)

    func test_fault_eachPoint_previousPlanAndLatestUntouched() throws {
        for point in PublishFault.Point.publishing {
            let scratch = try ScratchOutputs()
            try PlanPublisher(fault: nil).publish(files: publishFiles(["dispatch.csv": "10\n", "unmet.csv": "u10"]),
                                                  planDate: planDay("2020-02-10"), outputs: scratch.outputs)

            XCTAssertThrowsError(try PlanPublisher(fault: PublishFault(point: point))
                .publish(files: publishFiles(["dispatch.csv": "11\n"]), planDate: planDay("2020-02-11"), outputs: scratch.outputs)) {
                XCTAssertEqual($0 as? PublishError, .faultInjected(point))
            }

            XCTAssertEqual(scratch.plan("2020-02-10"), ["dispatch.csv": "10\n", "unmet.csv": "u10"], "\(point)")
            XCTAssertEqual(scratch.latest(), "2020-02-10", "\(point)")
            if point == .afterSwapBeforeLatest {
                XCTAssertEqual(scratch.planFolders(), ["2020-02-10", "2020-02-11"], "the new folder stands whole")
                XCTAssertEqual(scratch.plan("2020-02-11"), ["dispatch.csv": "11\n"])
            } else {
                XCTAssertEqual(scratch.planFolders(), ["2020-02-10"], "\(point): no staging folder visible as a plan")
                XCTAssertEqual(scratch.stagingFolders().count, 1, "\(point): the staging folder is left hidden, as a kill would")
            }

            // The next run cleans up and catches latest up.
            let next = try PlanPublisher(fault: nil).publish(files: publishFiles(["dispatch.csv": "11 again\n"]),
                                                             planDate: planDay("2020-02-11"), outputs: scratch.outputs)
            XCTAssertEqual(next.removedLeftovers.count, point == .afterSwapBeforeLatest ? 0 : 1, "\(point)")
            XCTAssertEqual(scratch.stagingFolders(), [], "\(point)")
            XCTAssertEqual(scratch.plan("2020-02-11"), ["dispatch.csv": "11 again\n"])
            XCTAssertEqual(scratch.latest(), "2020-02-11")
        }
    }

    func test_fault_eachPointOnRerunOfSameDate_folderIsWholeOldOrWholeNew() throws {
        let old = ["dispatch.csv": "old\n", "only-in-old.csv": "x"]
        let new = ["dispatch.csv": "new\n", "report.html": "<p>"]
        for point in PublishFault.Point.publishing {
            let scratch = try ScratchOutputs()
            try PlanPublisher(fault: nil).publish(files: publishFiles(old), planDate: planDay("2020-02-11"), outputs: scratch.outputs)

            XCTAssertThrowsError(try PlanPublisher(fault: PublishFault(point: point))
                .publish(files: publishFiles(new), planDate: planDay("2020-02-11"), outputs: scratch.outputs))

            XCTAssertEqual(scratch.plan("2020-02-11"), point == .afterSwapBeforeLatest ? new : old, "\(point)")
            XCTAssertEqual(scratch.planFolders(), ["2020-02-11"], "\(point)")
            XCTAssertEqual(scratch.latest(), "2020-02-11", "\(point)")
        }
    }

    // MARK: - kill -9 in a child process

    func test_fault_killAtEachPointInChildProcess_leavesPlansWholeAndLatestUntouched() throws {
        let old = ["dispatch.csv": "old\n", "only-in-old.csv": "x"]
        for point in PublishFault.Point.publishing {
            let scratch = try ScratchOutputs()
            try PlanPublisher(fault: nil).publish(files: publishFiles(["dispatch.csv": "10\n"]), planDate: planDay("2020-02-10"),
                                                  outputs: scratch.outputs)
            try PlanPublisher(fault: nil).publish(files: publishFiles(old), planDate: planDay("2020-02-11"), outputs: scratch.outputs)
            try PlanPublisher(fault: nil).publish(files: publishFiles(["dispatch.csv": "10 again\n"]), planDate: planDay("2020-02-10"),
                                                  outputs: scratch.outputs)

            let child = try ChildTestProcess.start("PublishFaultTests/test_child_publishUnderEnvironmentFault", environment: [
                ChildTestProcess.roleVariable: "publish",
                ChildTestProcess.outputsVariable: scratch.outputs.path,
                PublishFault.environmentVariable: "\(point.rawValue):kill",
            ])
            child.waitUntilExit()

            XCTAssertEqual(child.terminationReason, .uncaughtSignal, "\(point)")
            XCTAssertEqual(child.terminationStatus, SIGKILL, "\(point)")
            XCTAssertEqual(scratch.plan("2020-02-10"), ["dispatch.csv": "10 again\n"], "\(point)")
            XCTAssertEqual(scratch.plan("2020-02-11"), point == .afterSwapBeforeLatest ? ChildPlan.files : old, "\(point)")
            XCTAssertEqual(scratch.planFolders(), ["2020-02-10", "2020-02-11"], "\(point)")
            XCTAssertEqual(scratch.latest(), "2020-02-11", "\(point)")
            XCTAssertEqual(scratch.stagingFolders().count, 1, "\(point): the dead run's staging folder stays hidden")

            // The lock died with the child: the next run gets it and removes the leftover.
            let next = try PlanPublisher(fault: nil).publish(files: publishFiles(["dispatch.csv": "12\n"]),
                                                             planDate: planDay("2020-02-12"), outputs: scratch.outputs)
            XCTAssertEqual(next.removedLeftovers.count, 1, "\(point)")
            XCTAssertEqual(scratch.stagingFolders(), [], "\(point)")
        }
    }

    enum ChildPlan {
        static let files = ["dispatch.csv": "from the child\n", "unmet.csv": "u"]
    }

    /// Child role `publish`: publishes 2020-02-11 with the fault `ALLOT_FAULT_INJECT` arms.
    func test_child_publishUnderEnvironmentFault() throws {
        guard ChildTestProcess.role() == "publish" else { throw XCTSkip("runs only as the child of a kill test") }
        try PlanPublisher().publish(files: publishFiles(ChildPlan.files), planDate: planDay("2020-02-11"),
                                    outputs: ChildTestProcess.outputs())
        XCTFail("the armed fault should have killed this process")
    }

    // MARK: - ALLOT_FAULT_INJECT

    func test_faultInjection_environmentValues() throws {
        XCTAssertNil(try PublishFault.fromEnvironment([:]))
        XCTAssertNil(try PublishFault.fromEnvironment(["ALLOT_FAULT_INJECT": ""]))
        XCTAssertEqual(try PublishFault.fromEnvironment(["ALLOT_FAULT_INJECT": "after-staging"]),
                       PublishFault(point: .afterStaging, action: .stop))
        XCTAssertEqual(try PublishFault.fromEnvironment(["ALLOT_FAULT_INJECT": "before-swap:kill"]),
                       PublishFault(point: .beforeSwap, action: .kill))
        XCTAssertEqual(try PlanPublisher(environment: ["ALLOT_FAULT_INJECT": "after-swap-before-latest"]).fault,
                       PublishFault(point: .afterSwapBeforeLatest))
        XCTAssertNil(try PlanPublisher(environment: [:]).fault)
        XCTAssertEqual(try PublishFault.fromEnvironment(["ALLOT_FAULT_INJECT": "planning:pause"]),
                       PublishFault(point: .planning, action: .pause))
        XCTAssertEqual(try PublishFault.fromEnvironment(["ALLOT_FAULT_INJECT": "staging:enospc:dispatch.csv"]),
                       PublishFault(point: .staging, action: .fail(ENOSPC), file: "dispatch.csv"))
        XCTAssertEqual(try PublishFault.fromEnvironment(["ALLOT_FAULT_INJECT": "staging:eio"]),
                       PublishFault(point: .staging, action: .fail(EIO)))
        XCTAssertEqual(try PublishFault.fromEnvironment(["ALLOT_FAULT_INJECT": "outputs:erofs"]),
                       PublishFault(point: .outputs, action: .fail(EROFS)))
    }

    func test_faultInjection_unknownValue_throwsNamingThePoints() {
        for value in ["before-swap:stop", "before_swap", "kill", "before-swap:kill:now", "outputs", "outputs:kill",
                      "before-swap:enospc", "staging:enospc:", "outputs:eacces:x", "staging:pause:x"] {
            XCTAssertThrowsError(try PlanPublisher(environment: ["ALLOT_FAULT_INJECT": value])) {
                XCTAssertEqual("\($0)", "ALLOT_FAULT_INJECT=\(value) is not a fault: use one of ingest, planning, staging, "
                    + "after-staging, before-swap, after-swap-before-latest, ledger, optionally followed by :kill or :pause; "
                    + "or staging:enospc|eacces|erofs|eio[:FILE] or outputs:enospc|eacces|erofs|eio (tests only)")
            }
        }
    }
}
