import Foundation
import XCTest

/// The `allot` executable run as a child process, as cron and the operator run it.
struct AllotCommand {
    struct Result {
        var status: Int32
        var stdout: Data
        var stderr: String
        var text: String { String(decoding: stdout, as: UTF8.self) }
    }

    /// The executable built next to the test bundle.
    static var executable: URL {
        let folder = Bundle.main.bundleURL.pathExtension == "xctest"
            ? Bundle.main.bundleURL.deletingLastPathComponent() : Bundle.main.bundleURL
        let beside = folder.appendingPathComponent("allot")
        if FileManager.default.isExecutableFile(atPath: beside.path) { return beside }
        return URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("allot")
    }

    /// Runs `allot arguments…` in `directory`; fails the test when it takes longer than `timeout` seconds.
    /// - Parameter environment: added to this process's environment (`ALLOT_FAULT_INJECT`).
    /// - Parameter unset: variables taken out of it (`TZ`).
    static func run(_ arguments: [String], in directory: URL? = nil, environment extra: [String: String] = [:],
                    unset: [String] = [],
                    timeout: TimeInterval = 120, file: StaticString = #filePath, line: UInt = #line) throws -> Result {
        var environment = childEnvironment(extra)
        for name in unset { environment[name] = nil }
        let (process, out, err) = try launch(arguments, environment: environment, in: directory)
        // Read both pipes while the child runs, so neither fills up and blocks it.
        let stdout = Collected(), stderr = Collected()
        let group = DispatchGroup()
        DispatchQueue.global().async(group: group) { stdout.set(out.fileHandleForReading.readDataToEndOfFile()) }
        DispatchQueue.global().async(group: group) { stderr.set(err.fileHandleForReading.readDataToEndOfFile()) }
        if group.wait(timeout: .now() + timeout) == .timedOut {
            process.terminate()
            XCTFail("allot \(arguments.joined(separator: " ")) did not finish in \(timeout) s", file: file, line: line)
            group.wait()
        }
        process.waitUntilExit()
        return Result(status: process.terminationStatus, stdout: stdout.get(),
                      stderr: String(decoding: stderr.get(), as: UTF8.self))
    }

    /// This process's environment, without an armed fault, plus `extra`.
    /// Starts the built `allot` with `arguments`, its output and errors on pipes, no input.
    static func launch(_ arguments: [String], environment: [String: String], in directory: URL? = nil) throws
        -> (process: Process, out: Pipe, err: Pipe) {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        if let directory { process.currentDirectoryURL = directory }
        process.environment = environment
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        try process.run()
        return (process, out, err)
    }

    static func childEnvironment(_ extra: [String: String]) -> [String: String] {
        var environment = ProcessInfo.processInfo.environment
        environment["SWIFT_BACKTRACE"] = "enable=no"
        environment["ALLOT_FAULT_INJECT"] = nil
        return environment.merging(extra) { $1 }
    }

    /// Starts `allot arguments…` and returns at once, for a test that signals it while it runs.
    static func start(_ arguments: [String], environment extra: [String: String] = [:]) throws -> Running {
        try Running(arguments: arguments, environment: childEnvironment(extra))
    }

    /// A running `allot`: its standard error as it comes, a signal, its end.
    /// Killed with SIGKILL when it is still running as the value goes, so no test leaves one behind.
    final class Running: @unchecked Sendable {
        private let process: Process
        private let lock = NSLock()
        private var errorBytes = Data()
        private let stdout = Collected()
        private let done = DispatchGroup()

        fileprivate init(arguments: [String], environment: [String: String]) throws {
            let (launched, out, err) = try AllotCommand.launch(arguments, environment: environment)
            process = launched
            DispatchQueue.global().async(group: done) { [stdout] in stdout.set(out.fileHandleForReading.readDataToEndOfFile()) }
            DispatchQueue.global().async(group: done) { [self] in
                while true {
                    let chunk = err.fileHandleForReading.availableData
                    if chunk.isEmpty { return }
                    lock.lock()
                    errorBytes.append(chunk)
                    lock.unlock()
                }
            }
        }

        deinit {
            if process.isRunning {
                kill(process.processIdentifier, SIGKILL)
                process.waitUntilExit()
            }
        }

        var stderr: String {
            lock.lock()
            defer { lock.unlock() }
            return String(decoding: errorBytes, as: UTF8.self)
        }

        /// Waits until standard error holds `text`; `false` when the process ended or `timeout` passed first.
        func waitForStderr(containing text: String, timeout: TimeInterval = 30) -> Bool {
            let deadline = Date().addingTimeInterval(timeout)
            while Date() < deadline {
                if stderr.contains(text) { return true }
                if !process.isRunning { return stderr.contains(text) }
                usleep(10_000)
            }
            return false
        }

        func send(_ signal: Int32) { kill(process.processIdentifier, signal) }

        /// Waits for the end; kills the process and fails the test when it takes longer than `timeout`.
        func finish(timeout: TimeInterval = 30, file: StaticString = #filePath, line: UInt = #line) -> Result {
            if done.wait(timeout: .now() + timeout) == .timedOut {
                kill(process.processIdentifier, SIGKILL)
                XCTFail("allot did not finish in \(timeout) s", file: file, line: line)
                done.wait()
            }
            process.waitUntilExit()
            return Result(status: process.terminationStatus, stdout: stdout.get(), stderr: stderr)
        }

        /// Whether it ended by a signal rather than by exiting.
        var endedBySignal: Bool { !process.isRunning && process.terminationReason == .uncaughtSignal }
    }

    /// What one pipe gave, handed from the thread that read it.
    private final class Collected: @unchecked Sendable {
        private let lock = NSLock()
        private var data = Data()
        func set(_ value: Data) { lock.lock(); data = value; lock.unlock() }
        func get() -> Data { lock.lock(); defer { lock.unlock() }; return data }
    }
}
