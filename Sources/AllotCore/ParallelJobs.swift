import Foundation

/// Independent jobs on a few threads, results in job order: the planner's materials, the plan folder's files.
public enum ParallelJobs {
    /// Runs `job(0..<count)` on up to `threads` threads (this one included), taking the jobs of largest
    /// `size` first so that a big job does not start last, and returns the results in job order. A job
    /// starts only once the jobs `after` lists for it have returned; among those ready, the one with the
    /// longest chain ahead of it first (its size plus the longest chain of the jobs that wait for it), so
    /// a small job that a big one waits for is not left until the others are done.
    /// - Precondition: `after` (one list per job, or empty for none) has no cycle.
    public static func run<Result>(_ count: Int, threads: Int, largestFirst size: [Int], after: [[Int]] = [],
                            _ job: @escaping (Int) -> Result) -> [Result] {
        let after = after.isEmpty ? Array(repeating: [], count: count) : after
        let waiting = dependents(after)
        let chain = longestChains(size: size, dependents: waiting)
        let order = (0..<count).sorted { (chain[$0], $1) > (chain[$1], $0) }
        let queue = JobQueue<Result>(order: order, dependents: waiting, waitingFor: after.map(\.count))
        let workers = max(1, min(threads, count))
        let group = DispatchGroup()
        // Own threads rather than the dispatch pool, which may start the second worker late on a busy machine.
        for _ in 1..<workers {
            group.enter()
            Thread {
                queue.work(job)
                group.leave()
            }.start()
        }
        queue.work(job)
        group.wait()
        return queue.results()
    }

    /// `first` and `second` at once (on this thread and one more), the first's error first.
    public static func both<A, B>(_ first: @escaping () throws -> A, _ second: @escaping () throws -> B) throws -> (A, B) {
        let results = run(2, threads: 2, largestFirst: [1, 0]) { k -> Result<Any, any Error> in
            k == 0 ? Result { try first() as Any } : Result { try second() as Any }
        }
        // Each result is the type its closure returns.
        return (try results[0].get() as! A, try results[1].get() as! B)
    }

    /// Per job, the jobs that wait for it (`after` turned round).
    private static func dependents(_ after: [[Int]]) -> [[Int]] {
        var dependents = [[Int]](repeating: [], count: after.count)
        for (j, prerequisites) in after.enumerated() { for p in prerequisites { dependents[p].append(j) } }
        return dependents
    }

    /// Per job, its size plus the largest such figure among the jobs that wait for it.
    static func longestChains(size: [Int], after: [[Int]]) -> [Int] {
        longestChains(size: size, dependents: dependents(after))
    }

    private static func longestChains(size: [Int], dependents: [[Int]]) -> [Int] {
        var chain = [Int?](repeating: nil, count: size.count)
        func length(_ j: Int) -> Int {
            if let known = chain[j] { return known }
            let value = size[j] + (dependents[j].map(length).max() ?? 0)
            chain[j] = value
            return value
        }
        return size.indices.map(length)
    }
}

/// The jobs still to take and the results so far.
private final class JobQueue<Result>: @unchecked Sendable {
    private let condition = NSCondition()
    /// Jobs by the length of their chain, longest first.
    private let order: [Int]
    /// Per job, the jobs that wait for it.
    private var dependents: [[Int]]
    /// Per job, how many of the jobs it waits for have not returned.
    private var waitingFor: [Int]
    private var started: [Bool]
    private var startedCount = 0
    private var done: [Int: Result] = [:]

    init(order: [Int], dependents: [[Int]], waitingFor: [Int]) {
        self.order = order
        self.dependents = dependents
        self.waitingFor = waitingFor
        started = Array(repeating: false, count: order.count)
    }

    func work(_ job: (Int) -> Result) {
        while let j = take() {
            let result = job(j)
            condition.lock()
            done[j] = result
            for d in dependents[j] { waitingFor[d] -= 1 }
            condition.broadcast()
            condition.unlock()
        }
    }

    /// The largest job whose prerequisites have returned, waiting for one while others run; `nil` when every
    /// job has started.
    private func take() -> Int? {
        condition.lock()
        defer { condition.unlock() }
        while startedCount < order.count {
            if let j = order.first(where: { !started[$0] && waitingFor[$0] == 0 }) {
                started[j] = true
                startedCount += 1
                return j
            }
            condition.wait()
        }
        return nil
    }

    func results() -> [Result] { (0..<order.count).map { done[$0]! } }
}
