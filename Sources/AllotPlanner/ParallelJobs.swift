import Foundation

/// Independent jobs on a few threads, results in job order.
enum ParallelJobs {
    /// Runs `job(0..<count)` on up to `threads` threads (this one included), taking the jobs of largest
    /// `size` first so that a big job does not start last, and returns the results in job order.
    static func run<Result>(_ count: Int, threads: Int, largestFirst size: [Int],
                            _ job: @escaping (Int) -> Result) -> [Result] {
        let order = (0..<count).sorted { (size[$0], $1) > (size[$1], $0) }
        let queue = JobQueue<Result>(order: order)
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
}

/// The jobs still to take and the results so far.
private final class JobQueue<Result>: @unchecked Sendable {
    private let lock = NSLock()
    private let order: [Int]
    private var next = 0
    private var done: [Int: Result] = [:]

    init(order: [Int]) { self.order = order }

    func work(_ job: (Int) -> Result) {
        while let j = take() {
            let result = job(j)
            lock.lock()
            done[j] = result
            lock.unlock()
        }
    }

    private func take() -> Int? {
        lock.lock()
        defer { lock.unlock() }
        guard next < order.count else { return nil }
        next += 1
        return order[next - 1]
    }

    func results() -> [Result] { (0..<order.count).map { done[$0]! } }
}
