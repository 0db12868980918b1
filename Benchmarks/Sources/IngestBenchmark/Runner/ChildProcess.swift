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
struct ChildProcess {
    var arguments: [String]
    var environment: [String: String] = ProcessInfo.processInfo.environment

    struct Outcome {
        var standardOutput: String
        var standardError: String
        /// `nil` when the process was killed by a signal.
        var exitCode: Int32?
        var signal: Int32?
        var wallSeconds: Double
        /// Peak resident set in bytes.
        var peakResidentBytes: Int
        var succeeded: Bool { exitCode == 0 }
    }

    func run() throws -> Outcome {
        var pipeEnds: [Int32] = [0, 0]
        guard pipe(&pipeEnds) == 0 else { throw BenchmarkError("pipe: \(String(cString: strerror(errno)))") }
        let errorPath = FileManager.default.temporaryDirectory
            .appendingPathComponent("ingest-bench-\(getpid())-stderr.txt").path
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
        let start = Self.now()
        let spawned = posix_spawnp(&pid, arguments[0], &actions, nil, argv, envp)
        close(pipeEnds[1])
        guard spawned == 0 else {
            close(pipeEnds[0])
            throw BenchmarkError("cannot start \(arguments[0]): \(String(cString: strerror(spawned)))")
        }
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
        while wait4(pid, &status, 0, &usage) < 0 && errno == EINTR {}
        let wall = Self.now() - start
        let errorText = (try? String(contentsOfFile: errorPath, encoding: .utf8)) ?? ""
        unlink(errorPath)
        // The wait status: low 7 bits the terminating signal (0 when it exited), then the exit code.
        let signal = status & 0x7F
        return Outcome(standardOutput: String(decoding: output, as: UTF8.self), standardError: errorText,
                       exitCode: signal == 0 ? (status >> 8) & 0xFF : nil, signal: signal == 0 ? nil : signal,
                       wallSeconds: wall, peakResidentBytes: Int(usage.ru_maxrss) * 1024)
    }

    /// Seconds on the monotonic clock.
    static func now() -> Double {
        var t = timespec()
        clock_gettime(CLOCK_MONOTONIC, &t)
        return Double(t.tv_sec) + Double(t.tv_nsec) * 1e-9
    }

    /// This process's peak resident set in bytes (`VmHWM` of `/proc/self/status`), or `nil` where there is none.
    static func ownPeakResidentBytes() -> Int? {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return nil }
        for line in status.split(separator: "\n") where line.hasPrefix("VmHWM:") {
            let digits = line.filter(\.isNumber)
            return Int(digits).map { $0 * 1024 }
        }
        return nil
    }
}
