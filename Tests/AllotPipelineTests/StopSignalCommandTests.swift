import AllotCore
import AllotPipeline
import AllotPublish
import Foundation
import XCTest

/// `allot run` stopped by SIGTERM (systemd's stop, a timeout) or SIGINT
/// (Ctrl-C) while it reads the inputs, plans, or writes the plan folder: it
/// removes its staging folder, publishes nothing, leaves the previous plans
/// and `latest` byte for byte, releases the lock, records the status in
/// `allot.prom`, and exits 143 or 130. The run waits at a known stage
/// (`ALLOT_FAULT_INJECT=<stage>:pause`), so no test races a timer.
final class StopSignalCommandTests: XCTestCase {
    private func stop(at point: String, with signal: Int32, status: Int32, message: String,
                      file: StaticString = #filePath, line: UInt = #line) throws {
        let night = try RunFaultFixture()
        let before = try night.published()
        let run = try AllotCommand.start(night.runArguments(), environment: ["ALLOT_FAULT_INJECT": "\(point):pause"])
        XCTAssertTrue(run.waitForStderr(containing: "allot: paused at fault point \(point) "), run.stderr, file: file, line: line)
        if point == "staging" {
            let staging = try night.leftovers().filter { $0.hasPrefix(".staging-2020-02-11-") }
            XCTAssertEqual(staging.count, 1, "a plan file is being staged", file: file, line: line)
        }
        run.send(signal)
        let result = run.finish()
        XCTAssertEqual(result.status, status, result.stderr, file: file, line: line)
        XCTAssertFalse(run.endedBySignal, "the run ends through its cleanup, not by the signal", file: file, line: line)
        XCTAssertTrue(result.stderr.hasSuffix("allot: \(message): nothing published, the previous plan and latest untouched\n"),
                      result.stderr, file: file, line: line)
        try night.assertUntouchedAndRecovers(before, status: status, file: file, line: line)
    }

    func test_run_sigtermWhileReadingInputs_exits143AndLeavesThePlansWhole() throws {
        try stop(at: "ingest", with: SIGTERM, status: 143, message: "stopped by SIGTERM while reading the inputs")
    }

    func test_run_sigintWhileReadingInputs_exits130AndLeavesThePlansWhole() throws {
        try stop(at: "ingest", with: SIGINT, status: 130, message: "stopped by SIGINT while reading the inputs")
    }

    func test_run_sigtermWhilePlanning_exits143AndLeavesThePlansWhole() throws {
        try stop(at: "planning", with: SIGTERM, status: 143, message: "stopped by SIGTERM while planning")
    }

    func test_run_sigintWhilePlanning_exits130AndLeavesThePlansWhole() throws {
        try stop(at: "planning", with: SIGINT, status: 130, message: "stopped by SIGINT while planning")
    }

    func test_run_sigtermWhileStaging_exits143AndRemovesTheStagingFolder() throws {
        try stop(at: "staging", with: SIGTERM, status: 143, message: "stopped by SIGTERM while staging the plan folder")
    }

    func test_run_sigintWhileStaging_exits130AndRemovesTheStagingFolder() throws {
        try stop(at: "staging", with: SIGINT, status: 130, message: "stopped by SIGINT while staging the plan folder")
    }

    func test_run_sigtermJustBeforeTheSwap_exits143AndRemovesTheStagingFolder() throws {
        try stop(at: "before-swap", with: SIGTERM, status: 143, message: "stopped by SIGTERM while staging the plan folder")
    }

    /// Once the new folder is in place the plan is published: a stop then lets the run point `latest` and end with 0.
    func test_run_sigtermAfterTheSwap_finishesPublishing() throws {
        let night = try RunFaultFixture()
        let run = try AllotCommand.start(night.runArguments(date: "2020-02-12"),
                                         environment: ["ALLOT_FAULT_INJECT": "after-swap-before-latest:pause"])
        XCTAssertTrue(run.waitForStderr(containing: "allot: paused at fault point after-swap-before-latest "), run.stderr)
        run.send(SIGTERM)
        let result = run.finish()
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertEqual(try night.published().latest, "2020-02-12")
        XCTAssertEqual(try night.leftovers(), [])
        XCTAssertEqual(try night.lastExitStatus(), "0")
    }

    /// Without a pause: a stop asked for before the run starts ends it at its first checkpoint, in process.
    func test_pipeline_stoppedBeforeItStarts_throwsRunInterruptedAndPublishesNothing() throws {
        let night = try RunFaultFixture()
        let before = try night.published()
        let cancellation = RunCancellation()
        cancellation.stop(signal: SIGTERM)
        XCTAssertThrowsError(try NightlyPipeline.run(RunOptions(inputs: night.inputs, outputs: night.outputs,
                                                                planDate: CalendarDate(iso: "2020-02-12")!),
                                                     cancellation: cancellation)) {
            XCTAssertEqual($0 as? RunInterrupted, RunInterrupted(signal: SIGTERM, stage: .ingest))
            XCTAssertEqual(ExitStatus(for: $0), .terminated)
        }
        XCTAssertEqual(try night.published(), before)
        XCTAssertEqual(try night.lastExitStatus(), "143")
    }
}
