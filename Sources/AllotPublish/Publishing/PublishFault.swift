import AllotCore
import Foundation

/// A place in a run where a test stops, kills or pauses it, or makes a write
/// fail. **Test only**: never set it on a production machine.
///
/// Armed by the environment variable `ALLOT_FAULT_INJECT=<point>[:<action>[:<file>]]`:
///
/// | point | where |
/// |---|---|
/// | `ingest` | before each feed file is read (the policy and reference tables are read) |
/// | `planning` | before the materials are solved |
/// | `staging` | after each plan file is written into the staging folder |
/// | `after-staging` | every file written and synced in the staging folder, nothing renamed |
/// | `before-swap` | just before the staging folder is renamed or exchanged into place |
/// | `after-swap-before-latest` | the new folder in place, the old one not yet deleted, `latest` not yet switched |
/// | `outputs` | the outputs folder's check that it may be written (with `eacces` or `erofs` only) |
/// | `ledger` | inside the work ledger's transaction, the night's rows written, before it commits (the plan is published) |
///
/// | action | does |
/// |---|---|
/// | none | throws ``PublishError/faultInjected(_:)`` and cleans nothing up, as if killed (in-process tests) |
/// | `kill` | `kill(getpid(), SIGKILL)` (a test running `allot` as a child process) |
/// | `pause` | says `paused at fault point <point>` on standard error and waits for a stop (SIGTERM, SIGINT), at most a minute, so a test can signal a run at a known stage |
/// | `enospc`, `eacces`, `erofs`, `eio` | the write fails with that error: at `staging`, the write of `<file>` (default: the first plan file) half-way through; at `outputs`, the writable check |
public struct PublishFault: Hashable, Sendable {
    public enum Point: String, Hashable, Sendable, CaseIterable {
        case ingest
        case planning
        case staging
        case afterStaging = "after-staging"
        case beforeSwap = "before-swap"
        case afterSwapBeforeLatest = "after-swap-before-latest"
        case outputs
        case ledger

        /// The points inside ``PlanPublisher/publish(files:planDate:under:)``, in the order a publish passes them.
        public static let publishing: [Point] = [.staging, .afterStaging, .beforeSwap, .afterSwapBeforeLatest]
    }

    public enum Action: Hashable, Sendable {
        /// Throw ``PublishError/faultInjected(_:)``.
        case stop
        /// `kill(getpid(), SIGKILL)`.
        case kill
        /// Wait for a stop (a signal), then go on to the next checkpoint, which throws.
        case pause
        /// The write at this point fails with this `errno`.
        case fail(Int32)
    }

    public static let environmentVariable = "ALLOT_FAULT_INJECT"

    /// The errors a write can be made to fail with, by their names in `ALLOT_FAULT_INJECT`.
    static let errors: [(name: String, code: Int32)] = [("enospc", ENOSPC), ("eacces", EACCES), ("erofs", EROFS), ("eio", EIO)]

    public var point: Point
    public var action: Action
    /// With ``Action/fail(_:)`` at ``Point/staging``: the plan file whose write fails; `nil`: the first.
    public var file: String?

    public init(point: Point, action: Action = .stop, file: String? = nil) {
        self.point = point
        self.action = action
        self.file = file
    }

    /// Reads `before-swap`, `before-swap:kill`, `ingest:pause`, `staging:enospc:dispatch.csv`,
    /// `outputs:eacces`; `nil` for anything else.
    public init?(_ text: String) {
        let parts = text.split(separator: ":", maxSplits: 2, omittingEmptySubsequences: false).map(String.init)
        guard let point = Point(rawValue: parts[0]) else { return nil }
        guard parts.count > 1 else {
            if point == .outputs { return nil }
            self.init(point: point)
            return
        }
        switch parts[1] {
        case "kill" where parts.count == 2 && point != .outputs: self.init(point: point, action: .kill)
        case "pause" where parts.count == 2 && point != .outputs: self.init(point: point, action: .pause)
        default:
            guard let code = PublishFault.errors.first(where: { $0.name == parts[1] })?.code,
                  point == .staging || (point == .outputs && parts.count == 2) else { return nil }
            let file = parts.count == 3 ? parts[2] : nil
            if file?.isEmpty == true { return nil }
            self.init(point: point, action: .fail(code), file: file)
        }
    }

    /// The fault `ALLOT_FAULT_INJECT` arms, `nil` when it is unset or empty.
    /// - Throws: ``PublishError/badFaultInjection(_:)`` for a value that is not a fault,
    ///   so a misspelt test fails loudly instead of testing nothing.
    public static func fromEnvironment(_ environment: [String: String] = ProcessInfo.processInfo.environment) throws -> PublishFault? {
        guard let value = environment[environmentVariable], !value.isEmpty else { return nil }
        guard let fault = PublishFault(value) else { throw PublishError.badFaultInjection(value) }
        return fault
    }
}

// MARK: - Triggering

extension PublishFault {
    /// Stops, kills or pauses here when this fault is armed at `here`; a pause
    /// waits until `cancellation` is stopped (at most ``pauseLimitSeconds``).
    public func trigger(at here: Point, cancellation: RunCancellation?) throws {
        guard here == point else { return }
        switch action {
        case .stop:
            throw PublishError.faultInjected(here)
        case .kill:
            kill(getpid(), SIGKILL)
            // SIGKILL cannot be caught; should delivery lag, do not run on.
            while true { pause() }
        case .pause:
            FileHandle.standardError.write(Data("allot: paused at fault point \(here.rawValue) (\(PublishFault.environmentVariable), tests only)\n".utf8))
            var waited = 0
            while cancellation?.isStopped != true {
                if waited >= PublishFault.pauseLimitSeconds * 100 { throw PublishError.faultInjected(here) }
                usleep(10_000)
                waited += 1
            }
        case .fail:
            return   // taken where the write is made: ``failure(at:file:first:)``
        }
    }

    /// The `errno` a write at `here` fails with, for `file` (`first` is the first plan file); `nil`: it succeeds.
    func failure(at here: Point, file: String? = nil, first: String? = nil) -> Int32? {
        guard here == point, case .fail(let code) = action else { return nil }
        if here == .staging { return file == (self.file ?? first) ? code : nil }
        return code
    }

    /// A pause ends with ``PublishError/faultInjected(_:)`` after this long without a stop.
    static let pauseLimitSeconds = 60

    /// The hook a run's ``RunCancellation`` calls at the checkpoints of ingest and planning
    /// (the publisher triggers its own points).
    public var probe: RunCancellation.Probe {
        let fault = self
        return { checkpoint, cancellation in
            switch checkpoint {
            case .ingest: try fault.trigger(at: .ingest, cancellation: cancellation)
            case .planning: try fault.trigger(at: .planning, cancellation: cancellation)
            case .staging: break
            }
        }
    }
}
