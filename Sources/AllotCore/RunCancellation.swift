import Foundation

/// A request to stop a run early, and the safe points where the stages look
/// for it (Documentation/Operations.md, "Stopping a run").
///
/// Whoever watches for SIGTERM and SIGINT calls ``stop(signal:)`` (from an
/// ordinary thread, never from a signal handler); the stages call
/// ``checkpoint(_:)`` between input files, between materials and between plan
/// files, and a stop there throws ``RunInterrupted``, which unwinds through
/// the same error path as a failed publish: the staging folder is removed,
/// nothing is published, the lock is released.
public final class RunCancellation: @unchecked Sendable {
    /// Where a stage looks for a stop.
    public enum Checkpoint: String, Sendable, CaseIterable {
        /// Before each feed file is read.
        case ingest
        /// Before the materials are solved, and after them.
        case planning
        /// Before each plan file is written into the staging folder, and before the swap.
        case staging
    }

    /// Test only: called at each checkpoint before the stop is looked at (a fault switch's pause or kill).
    public typealias Probe = @Sendable (Checkpoint, RunCancellation) throws -> Void

    private let lock = NSLock()
    private var stopSignal: Int32?
    private var probe: Probe?

    public init() {}

    /// Asks the run to stop; the first signal is the one reported, later ones change nothing.
    public func stop(signal: Int32) {
        lock.lock()
        defer { lock.unlock() }
        if stopSignal == nil { stopSignal = signal }
    }

    /// The signal that asked the run to stop, `nil` while nobody has.
    public var signal: Int32? {
        lock.lock()
        defer { lock.unlock() }
        return stopSignal
    }

    /// Whether a stop was asked for: a cheap look for loops that end early and check later.
    public var isStopped: Bool { signal != nil }

    /// Test only: installs the fault switch's hook, called at every checkpoint.
    public func install(probe: @escaping Probe) {
        lock.lock()
        defer { lock.unlock() }
        self.probe = probe
    }

    /// Throws ``RunInterrupted`` when a stop was asked for.
    public func checkpoint(_ point: Checkpoint) throws {
        lock.lock()
        let probe = self.probe
        lock.unlock()
        try probe?(point, self)
        if let signal { throw RunInterrupted(signal: signal, stage: point) }
    }
}

/// A run stopped by SIGTERM or SIGINT at a checkpoint: nothing published
/// (SPEC 11 extended: exit 143 or 130, Documentation/Readings.md).
public struct RunInterrupted: Error, Hashable, Sendable, CustomStringConvertible {
    public var signal: Int32
    public var stage: RunCancellation.Checkpoint

    public init(signal: Int32, stage: RunCancellation.Checkpoint) {
        self.signal = signal
        self.stage = stage
    }

    /// `SIGTERM`, `SIGINT`, or `signal 1`.
    public var signalName: String {
        switch signal {
        case SIGTERM: return "SIGTERM"
        case SIGINT: return "SIGINT"
        default: return "signal \(signal)"
        }
    }

    /// `stopped by SIGTERM while planning: nothing published, the previous plan and latest untouched`.
    public var description: String {
        let when: String
        switch stage {
        case .ingest: when = "while reading the inputs"
        case .planning: when = "while planning"
        case .staging: when = "while staging the plan folder"
        }
        return "stopped by \(signalName) \(when): nothing published, the previous plan and latest untouched"
    }
}
