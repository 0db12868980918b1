import Foundation

/// A place in publishing where a test stops the publisher as if the process
/// had been killed there. **Test only**: never set it on a production machine.
///
/// Armed by the environment variable `ALLOT_FAULT_INJECT=<point>[:kill]`:
///
/// | value | stops |
/// |---|---|
/// | `after-staging` | every file written and synced in the staging folder, nothing renamed |
/// | `before-swap` | just before the staging folder is renamed or exchanged into place |
/// | `after-swap-before-latest` | the new folder in place, the old one not yet deleted, `latest` not yet switched |
///
/// Without `:kill` the publisher throws ``PublishError/faultInjected(_:)``
/// and cleans nothing up, which in-process tests use; with `:kill` it sends
/// itself `SIGKILL`, which a test running `allot` as a child process uses.
public struct PublishFault: Hashable, Sendable {
    public enum Point: String, Hashable, Sendable, CaseIterable {
        case afterStaging = "after-staging"
        case beforeSwap = "before-swap"
        case afterSwapBeforeLatest = "after-swap-before-latest"
    }

    public enum Action: String, Hashable, Sendable {
        /// Throw ``PublishError/faultInjected(_:)``.
        case stop
        /// `kill(getpid(), SIGKILL)`.
        case kill
    }

    public static let environmentVariable = "ALLOT_FAULT_INJECT"

    public var point: Point
    public var action: Action

    public init(point: Point, action: Action = .stop) {
        self.point = point
        self.action = action
    }

    /// Reads `before-swap` or `before-swap:kill`; `nil` for anything else.
    public init?(_ text: String) {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count <= 2, let point = Point(rawValue: String(parts[0])) else { return nil }
        if parts.count == 2 {
            guard parts[1] == "kill" else { return nil }
            self.init(point: point, action: .kill)
        } else {
            self.init(point: point)
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
    /// Stops here when this fault is armed at `here`.
    func trigger(at here: Point) throws {
        guard here == point else { return }
        switch action {
        case .stop:
            throw PublishError.faultInjected(here)
        case .kill:
            kill(getpid(), SIGKILL)
            // SIGKILL cannot be caught; should delivery lag, do not run on.
            while true { pause() }
        }
    }
}
