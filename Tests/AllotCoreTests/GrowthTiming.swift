import Foundation

/// How the time of an operation grows with the size of its input, for tests
/// that hold an operation to linear time on a shared machine: ratios of
/// times, never absolute seconds.
enum GrowthTiming {
    /// Seconds `run(size)` takes for each of `sizes`: the fastest of `trials`
    /// batches, the least disturbed by other work. A batch is as many calls as
    /// the first size needs to take at least `batchSeconds`, the same for
    /// every size, so that fast operations are timed well above the clock's
    /// resolution.
    static func seconds(for sizes: [Int], trials: Int = 3, batchSeconds: Double = 0.002,
                        _ run: (Int) -> Void) -> [Double] {
        guard let first = sizes.first else { return [] }
        run(first)
        var calls = 0
        let started = DispatchTime.now().uptimeNanoseconds
        repeat {
            run(first)
            calls += 1
        } while Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9 < batchSeconds
        return sizes.map { size in
            (0..<trials).map { _ in
                let start = DispatchTime.now().uptimeNanoseconds
                for _ in 0..<calls { run(size) }
                return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
            }.min()!
        }
    }

    /// Whether `seconds` (for `sizes`) grow at most `slack` times faster than
    /// the sizes: from the smallest size to the largest, a linear operation's
    /// time grows as the sizes do, a quadratic one's as their square.
    static func growsLinearly(_ seconds: [Double], sizes: [Int], slack: Double = 3) -> Bool {
        guard let t0 = seconds.first, let t1 = seconds.last, let n0 = sizes.first, let n1 = sizes.last else {
            return true
        }
        return t1 / t0 <= slack * Double(n1) / Double(n0)
    }
}
