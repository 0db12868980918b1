import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Runs one command in its own process and reports what it printed, how it
/// ended, its wall time and its own peak resident set.
///
/// The peak comes from `wait4`'s resource usage of that one child (`ru_maxrss`),
/// so it belongs to this measurement alone: `getrusage(RUSAGE_CHILDREN)` would
/// give the largest of all children waited for so far.
///
/// With `limits`, a watchdog thread polls the child's resident set
/// (`/proc/PID/status`, `VmRSS`) and its wall time, and kills it (SIGKILL, by
/// its pid) when either goes over: a planner that runs away on a shared
/// machine is stopped before it takes the machine's memory.
public struct ChildProcess {
    public var arguments: [String]
    public var environment: [String: String]
    public var limits: Limits?

    /// When the watchdog stops the child.
    public struct Limits: Sendable {
        public var wallSeconds: Double?
        public var residentBytes: Int?
        public init(wallSeconds: Double? = nil, residentBytes: Int? = nil) {
            self.wallSeconds = wallSeconds
            self.residentBytes = residentBytes
        }
    }

    public init(arguments: [String], environment: [String: String] = ProcessInfo.processInfo.environment,
                limits: Limits? = nil) {
        self.arguments = arguments
        self.environment = environment
        self.limits = limits
    }

    public struct Outcome {
        public var standardOutput: String
        public var standardError: String
        /// `nil` when the process was killed by a signal.
        public var exitCode: Int32?
        public var signal: Int32?
        public var wallSeconds: Double
        /// Peak resident set in bytes.
        public var peakResidentBytes: Int
        /// User and system CPU time of the child, every thread (`wait4`'s `ru_utime` + `ru_stime`).
        public var cpuSeconds: Double = 0
        /// This process's own peak resident set when it started the child. Linux carries a
        /// process's peak over `execve` into the new program's `ru_maxrss`, and `posix_spawn`'s
        /// child starts on this process's memory: `peakResidentBytes` is never below this figure.
        public var parentPeakResidentBytes: Int = 0
        /// The largest `VmHWM` the watchdog read from the child's `/proc/PID/status` (the new
        /// program's own high-water mark; it misses what came after the last poll); 0 without a watchdog.
        public var polledPeakResidentBytes: Int = 0

        /// The child's own peak: `peakResidentBytes` when it is above what it inherited from this
        /// process (then it is the child's), else the polled high-water mark, a lower bound.
        public var ownPeakResidentBytes: (bytes: Int, exact: Bool) {
            if peakResidentBytes > parentPeakResidentBytes || polledPeakResidentBytes == 0 { return (peakResidentBytes, true) }
            return (polledPeakResidentBytes, false)
        }
        /// Why the watchdog killed the child (`wall time over 600 s`), or `nil`.
        public var stoppedBecause: String?
        public var succeeded: Bool { exitCode == 0 }

        /// `exit code 3`, `killed by signal 9`, or the watchdog's reason, with the end of stderr.
        public var failureSummary: String {
            let how = stoppedBecause.map { "stopped: \($0)" }
                ?? signal.map { "killed by signal \($0)\($0 == SIGKILL ? " (out of memory?)" : "")" }
                ?? "exit code \(exitCode ?? -1)"
            let tail = standardError.split(separator: "\n").suffix(3).joined(separator: " | ")
            return tail.isEmpty ? how : "\(how): \(tail)"
        }
    }

    public func run() throws -> Outcome {
        var pipeEnds: [Int32] = [0, 0]
        guard pipe(&pipeEnds) == 0 else { throw BenchmarkError("pipe: \(String(cString: strerror(errno)))") }
        let errorPath = FileManager.default.temporaryDirectory
            .appendingPathComponent("bench-\(getpid())-\(UInt32.random(in: 0...UInt32.max))-stderr.txt").path
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, pipeEnds[1], 1)
        posix_spawn_file_actions_addclose(&actions, pipeEnds[0])
        posix_spawn_file_actions_addclose(&actions, pipeEnds[1])
        posix_spawn_file_actions_addopen(&actions, 2, errorPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)

        let argv: [UnsafeMutablePointer<CChar>?] = arguments.map { strdup($0) } + [nil]
        let envp: [UnsafeMutablePointer<CChar>?] = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            argv.forEach { free($0) }
            envp.forEach { free($0) }
        }
        var pid: pid_t = 0
        let parentPeak = Self.ownPeakResidentBytes() ?? 0
        let start = Self.now()
        let spawned = posix_spawnp(&pid, arguments[0], &actions, nil, argv, envp)
        close(pipeEnds[1])
        guard spawned == 0 else {
            close(pipeEnds[0])
            throw BenchmarkError("cannot start \(arguments[0]): \(String(cString: strerror(spawned)))")
        }
        let watchdog = limits.map { Watchdog(pid: pid, start: start, limits: $0) }
        watchdog?.start()
        // Read everything before waiting, so a child that prints much cannot block on a full pipe.
        var output = [UInt8]()
        var chunk = [UInt8](repeating: 0, count: 65_536)
        while true {
            let n = chunk.withUnsafeMutableBytes { read(pipeEnds[0], $0.baseAddress, $0.count) }
            if n > 0 { output.append(contentsOf: chunk[0..<n]) } else if n == 0 || errno != EINTR { break }
        }
        close(pipeEnds[0])
        var status: Int32 = 0
        var usage = rusage()
        // The watchdog stops before the child is reaped, so it never signals a pid that was reused.
        let stoppedBecause = watchdog?.finish()
        let polledPeak = watchdog?.peakResidentBytes ?? 0
        while wait4(pid, &status, 0, &usage) < 0 && errno == EINTR {}
        let wall = Self.now() - start
        let errorText = (try? String(contentsOfFile: errorPath, encoding: .utf8)) ?? ""
        unlink(errorPath)
        // The wait status: low 7 bits the terminating signal (0 when it exited), then the exit code.
        let signal = status & 0x7F
        return Outcome(standardOutput: String(decoding: output, as: UTF8.self), standardError: errorText,
                       exitCode: signal == 0 ? (status >> 8) & 0xFF : nil, signal: signal == 0 ? nil : signal,
                       wallSeconds: wall, peakResidentBytes: Int(usage.ru_maxrss) * 1024,
                       cpuSeconds: Double(usage.ru_utime.tv_sec) + Double(usage.ru_utime.tv_usec) / 1e6
                           + Double(usage.ru_stime.tv_sec) + Double(usage.ru_stime.tv_usec) / 1e6,
                       parentPeakResidentBytes: parentPeak, polledPeakResidentBytes: polledPeak,
                       stoppedBecause: stoppedBecause)
    }

    /// Seconds on the monotonic clock.
    public static func now() -> Double {
        var t = timespec()
        clock_gettime(CLOCK_MONOTONIC, &t)
        return Double(t.tv_sec) + Double(t.tv_nsec) * 1e-9
    }

    /// This process's peak resident set in bytes (`VmHWM` of `/proc/self/status`), or `nil` where there is none.
    /// User and system CPU time of every thread of this process so far.
    public static func ownCPUSeconds() -> Double {
        var usage = rusage()
        #if os(Linux)
        getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &usage)
        #else
        getrusage(RUSAGE_SELF, &usage)
        #endif
        func seconds(_ t: timeval) -> Double { Double(t.tv_sec) + Double(t.tv_usec) / 1e6 }
        return seconds(usage.ru_utime) + seconds(usage.ru_stime)
    }

    public static func ownPeakResidentBytes() -> Int? { statusField("VmHWM", pid: nil) }

    /// This process's current resident set in bytes (`VmRSS`).
    public static func ownResidentBytes() -> Int? { statusField("VmRSS", pid: nil) }

    /// A `kB` field of `/proc/PID/status` (or `/proc/self/status`) in bytes.
    static func statusField(_ name: String, pid: pid_t?) -> Int? {
        let path = pid.map { "/proc/\($0)/status" } ?? "/proc/self/status"
        guard let status = try? String(contentsOfFile: path, encoding: .utf8) else { return nil }
        for line in status.split(separator: "\n") where line.hasPrefix(name + ":") {
            let digits = line.filter(\.isNumber)
            return Int(digits).map { $0 * 1024 }
        }
        return nil
    }
}

/// Polls one child and kills it when it goes over its limits.
private final class Watchdog: @unchecked Sendable {
    private let pid: pid_t
    private let startTime: Double
    private let limits: ChildProcess.Limits
    private let lock = NSLock()
    private var finished = false
    private var reason: String?
    /// The largest `VmHWM` read from the child.
    private(set) var peakResidentBytes = 0
    private let stopped = DispatchSemaphore(value: 0)
    /// Signalled by `finish`, so the poll ends at once rather than after its sleep (which would add up to
    /// `pollSeconds` to the wall time measured around the child).
    private let wake = DispatchSemaphore(value: 0)

    /// How often the child's resident set is read.
    private static let pollSeconds = 0.2

    init(pid: pid_t, start: Double, limits: ChildProcess.Limits) {
        self.pid = pid
        self.startTime = start
        self.limits = limits
    }

    func start() {
        let thread = Thread { [self] in
            while true {
                lock.lock()
                if finished { lock.unlock(); break }
                let elapsed = ChildProcess.now() - startTime
                if let hwm = ChildProcess.statusField("VmHWM", pid: pid) { peakResidentBytes = max(peakResidentBytes, hwm) }
                if let limit = limits.wallSeconds, elapsed > limit, reason == nil {
                    reason = "wall time over \(Int(limit)) s"
                    kill(pid, SIGKILL)
                } else if let limit = limits.residentBytes, reason == nil,
                          let rss = ChildProcess.statusField("VmRSS", pid: pid), rss > limit {
                    reason = "resident set \(rss >> 20) MiB over the limit of \(limit >> 20) MiB"
                    kill(pid, SIGKILL)
                }
                lock.unlock()
                _ = wake.wait(timeout: .now() + Self.pollSeconds)
            }
            stopped.signal()
        }
        thread.start()
    }

    /// Stops polling (before the child is reaped); the reason the child was killed, if it was.
    func finish() -> String? {
        lock.lock()
        finished = true
        let r = reason
        lock.unlock()
        wake.signal()
        stopped.wait()
        return r
    }
}
