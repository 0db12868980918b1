import AllotCore

/// Where one night's planning went, per material: the network's size and the
/// seconds of each stage (for benchmarks and tuning; the plan never depends
/// on it).
public struct PlanningProfile: Sendable, Codable, Equatable {
    public struct Material: Sendable, Codable, Equatable {
        public var material: String
        public var lotClasses = 0
        public var requestClasses = 0
        public var arriveNodes = 0
        public var capNodes = 0
        public var nodes = 0
        public var arcs = 0
        /// Seconds building the classes and the network, fair sharing, the minimum-cost flows, splitting back.
        public var classesSeconds = 0.0
        public var fairShareSeconds = 0.0
        public var minimumCostSeconds = 0.0
        public var assemblySeconds = 0.0
        /// Per tier, how fair sharing found its values: "caps left out", "caps split" or "level by level".
        public var fairShareSteps: [String: String] = [:]
    }

    /// In material order.
    public var materials: [Material] = []
    /// Seconds before the materials are solved (overrides, lots, requests grouped by material, reach between
    /// regions), and after (gathering and sorting the lines and outcomes): the parts that run on one thread.
    /// Each material's problem and pins are built on its own thread, within its stages.
    public var preparationSeconds = 0.0
    public var gatheringSeconds = 0.0
}

extension FairShare.Step {
    var name: String {
        switch self {
        case .capsLeftOut: "caps left out"
        case .capsSplit: "caps split"
        case .levelByLevel: "level by level"
        }
    }
}

/// Seconds since it was made, on a monotonic clock.
struct StageClock {
    private var start = ContinuousClock.now

    /// Seconds since the last lap (or since the clock was made), and starts the next lap.
    mutating func lap() -> Double {
        let now = ContinuousClock.now
        let elapsed = start.duration(to: now)
        start = now
        return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
    }
}
