@testable import AllotCore
import Foundation
import XCTest

final class ParallelJobsTests: XCTestCase {
    func test_run_everyJobOnceAndResultsInJobOrder() {
        let sizes = [3, 9, 1, 9, 4, 0, 7]
        for threads in [1, 2, 5, 20] {
            let results = ParallelJobs.run(sizes.count, threads: threads, largestFirst: sizes) { j in (j, sizes[j] * 10) }
            XCTAssertEqual(results.map(\.0), Array(sizes.indices), "\(threads) threads")
            XCTAssertEqual(results.map(\.1), sizes.map { $0 * 10 })
        }
        XCTAssertTrue(ParallelJobs.run(0, threads: 2, largestFirst: []) { $0 }.isEmpty)
    }

    func test_run_oneThread_takesTheLargestFirst() {
        var started = [Int]()
        _ = ParallelJobs.run(4, threads: 1, largestFirst: [2, 8, 2, 5]) { started.append($0) }
        XCTAssertEqual(started, [1, 3, 0, 2])
    }

    /// A job waits for the jobs it comes after, and the ready job with the longest chain goes first: job 1
    /// (the largest) waits for 2, so the small job 2 starts first, then 1 before 3; on several threads, no
    /// job starts before its prerequisites have returned.
    func test_run_jobsAfterTheirPrerequisites() {
        let sizes = [2, 8, 1, 5, 0]
        let after = [[], [2], [], [], [1, 3]]
        var started = [Int]()
        _ = ParallelJobs.run(sizes.count, threads: 1, largestFirst: sizes, after: after) { started.append($0) }
        XCTAssertEqual(started, [2, 1, 3, 0, 4])
        XCTAssertEqual(ParallelJobs.longestChains(size: sizes, after: after), [2, 8, 9, 5, 0])
        for threads in [2, 3, 8] {
            let lock = NSLock()
            var returned = Set<Int>()
            let results = ParallelJobs.run(sizes.count, threads: threads, largestFirst: sizes, after: after) { j -> Bool in
                lock.lock()
                let ready = after[j].allSatisfy { returned.contains($0) }
                lock.unlock()
                Thread.sleep(forTimeInterval: 0.002)
                lock.lock()
                returned.insert(j)
                lock.unlock()
                return ready
            }
            XCTAssertEqual(results, Array(repeating: true, count: sizes.count), "\(threads) threads")
        }
    }

    /// Two jobs of different types at once: both values, and when both fail, the first one's error.
    func test_both_returnsBothValuesAndTheFirstError() throws {
        struct Failure: Error, Equatable { var which: Int }
        let (number, text) = try ParallelJobs.both({ 6 * 7 }, { String(repeating: "x", count: 3) })
        XCTAssertEqual(number, 42)
        XCTAssertEqual(text, "xxx")
        XCTAssertThrowsError(try ParallelJobs.both({ () throws -> Int in throw Failure(which: 1) },
                                                   { () throws -> Int in throw Failure(which: 2) })) { error in
            XCTAssertEqual(error as? Failure, Failure(which: 1))
        }
        XCTAssertThrowsError(try ParallelJobs.both({ 1 }, { () throws -> Int in throw Failure(which: 2) })) { error in
            XCTAssertEqual(error as? Failure, Failure(which: 2))
        }
    }
}
