import AllotCore
import Foundation
import XCTest
@testable import AllotPublish

final class PlanRetentionTests: XCTestCase {
    private func publish(_ dates: [String], in scratch: ScratchOutputs) throws {
        for date in dates {
            try PlanPublisher(fault: nil).publish(files: publishFiles(["dispatch.csv": date]), planDate: planDay(date), outputs: scratch.outputs)
        }
    }

    func test_retention_removesFoldersOlderThanKeepDaysBeforeNewest() throws {
        let scratch = try ScratchOutputs()
        try publish(["2020-01-30", "2020-02-01", "2020-02-02", "2020-02-10", "2020-02-11"], in: scratch)

        let removed = try PlanRetention.prune(keepDays: 9, outputs: scratch.outputs)

        XCTAssertEqual(removed, [planDay("2020-01-30"), planDay("2020-02-01")], "2020-02-02 is exactly 9 days before the newest: kept")
        XCTAssertEqual(scratch.planFolders(), ["2020-02-02", "2020-02-10", "2020-02-11"])
        XCTAssertEqual(scratch.entries().filter { $0.hasPrefix(".pruning-") }, [])
        XCTAssertEqual(scratch.latest(), "2020-02-11")
    }

    func test_retention_keepZero_keepsOnlyTheNewest() throws {
        let scratch = try ScratchOutputs()
        try publish(["2020-02-09", "2020-02-11", "2020-02-10"], in: scratch)

        XCTAssertEqual(try PlanRetention.prune(keepDays: 0, outputs: scratch.outputs), [planDay("2020-02-09"), planDay("2020-02-10")])
        XCTAssertEqual(scratch.planFolders(), ["2020-02-11"])
        XCTAssertEqual(scratch.plan("latest"), ["dispatch.csv": "2020-02-11"])
    }

    func test_retention_countsFromNewestPlanNotToday() throws {
        let scratch = try ScratchOutputs()
        try publish(["2019-12-31", "2020-01-01"], in: scratch)

        XCTAssertEqual(try PlanRetention.prune(keepDays: 30, outputs: scratch.outputs), [])
        XCTAssertEqual(scratch.planFolders(), ["2019-12-31", "2020-01-01"])
    }

    func test_retention_neverRemovesLatestTargetWhenLatestLags() throws {
        let scratch = try ScratchOutputs()
        try publish(["2020-02-01"], in: scratch)
        // A crash between the swap and latest: 2020-02-11 is in place, latest still at 2020-02-01.
        XCTAssertThrowsError(try PlanPublisher(fault: PublishFault(point: .afterSwapBeforeLatest))
            .publish(files: publishFiles(["dispatch.csv": "11"]), planDate: planDay("2020-02-11"), outputs: scratch.outputs))
        XCTAssertEqual(scratch.latest(), "2020-02-01")

        XCTAssertEqual(try PlanRetention.prune(keepDays: 3, outputs: scratch.outputs), [])
        XCTAssertEqual(scratch.planFolders(), ["2020-02-01", "2020-02-11"])
    }

    func test_retention_leavesNamesThatAreNotPlanDates() throws {
        let scratch = try ScratchOutputs()
        try publish(["2020-02-11"], in: scratch)
        for name in ["archive", "2019-02-30", "2019-1-1"] {
            try FileManager.default.createDirectory(at: scratch.outputs.appendingPathComponent(name), withIntermediateDirectories: true)
        }

        XCTAssertEqual(try PlanRetention.prune(keepDays: 0, outputs: scratch.outputs), [])
        XCTAssertEqual(scratch.entries(), [".allot.lock", "2019-02-30", "2019-1-1", "2020-02-11", "archive", "latest"])
    }

    func test_retention_datesToRemove_rules() throws {
        let dates = ["2020-02-01", "2020-02-05", "2020-02-10"].map(planDay)
        XCTAssertEqual(try PlanRetention.datesToRemove(from: dates, keepDays: 5, latest: planDay("2020-02-10")), [planDay("2020-02-01")])
        XCTAssertEqual(try PlanRetention.datesToRemove(from: dates, keepDays: 4, latest: planDay("2020-02-10")), [planDay("2020-02-01"), planDay("2020-02-05")])
        XCTAssertEqual(try PlanRetention.datesToRemove(from: dates, keepDays: 0, latest: planDay("2020-02-01")), [planDay("2020-02-05")])
        XCTAssertEqual(try PlanRetention.datesToRemove(from: [], keepDays: 0, latest: nil), [])
        // A re-run of an older date keeps the plan it has just published.
        XCTAssertEqual(try PlanRetention.datesToRemove(from: dates, keepDays: 0, latest: planDay("2020-02-10"),
                                                       kept: planDay("2020-02-01")), [planDay("2020-02-05")])
        XCTAssertThrowsError(try PlanRetention.datesToRemove(from: dates, keepDays: -1, latest: nil)) {
            XCTAssertEqual("\($0)", "--keep-days must be 0 or more, not -1")
        }
    }

    func test_retention_whileAnotherRunHoldsTheLock_throwsLockedAndRemovesNothing() throws {
        let scratch = try ScratchOutputs()
        try publish(["2020-02-01", "2020-02-11"], in: scratch)
        let held = try OutputLock.acquire(outputs: scratch.outputs)

        XCTAssertThrowsError(try PlanRetention.prune(keepDays: 0, outputs: scratch.outputs)) {
            XCTAssertEqual($0 as? PublishError, .locked(outputs: scratch.outputs.path, holder: held.holder))
        }
        XCTAssertEqual(scratch.planFolders(), ["2020-02-01", "2020-02-11"])
        XCTAssertEqual(try PlanRetention.prune(keepDays: 0, under: held), [planDay("2020-02-01")])
    }
}
