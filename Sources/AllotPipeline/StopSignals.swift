import AllotCore
import Foundation

/// SIGTERM and SIGINT turned into a stop at the run's next checkpoint
/// (``RunCancellation``), so a stopped run cleans up as a failed one does.
///
/// Each signal's default action (ending the process at once) is set aside
/// with `SIG_IGN`, and a dispatch source sees the signal instead and calls
/// ``RunCancellation/stop(signal:)`` on a queue of its own: no code runs in
/// a signal handler. ``cancel()`` gives the signals their default action back.
public final class StopSignals {
    /// The signals a run stops for.
    public static let signals: [Int32] = [SIGTERM, SIGINT]

    private var sources: [DispatchSourceSignal]

    private init(sources: [DispatchSourceSignal]) {
        self.sources = sources
    }

    deinit { cancel() }

    /// Starts watching; the returned value must live as long as the run.
    public static func watch(_ cancellation: RunCancellation) -> StopSignals {
        let queue = DispatchQueue(label: "allot.stop-signals")
        let sources = signals.map { number -> DispatchSourceSignal in
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: queue)
            source.setEventHandler { cancellation.stop(signal: number) }
            source.resume()
            return source
        }
        return StopSignals(sources: sources)
    }

    /// Stops watching and restores each signal's default action.
    public func cancel() {
        for source in sources { source.cancel() }
        if !sources.isEmpty { for number in StopSignals.signals { signal(number, SIG_DFL) } }
        sources = []
    }
}
