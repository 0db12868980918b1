import AllotCore

/// What the Prometheus textfile says about one run (`Outputs/allot.prom`,
/// read by node_exporter's textfile collector).
///
/// A run that published (exit 0) describes itself. A run that failed
/// says only its exit status and duration; the other series keep the last
/// successful run's values, read back from the previous file, because they
/// describe the plan still published (SPEC 11: a failed run leaves it untouched).
public struct RunMetrics: Hashable, Sendable {
    /// SPEC 11's exit status.
    public var exitStatus: Int32
    public var durationSeconds: Double
    /// When the run ended; the last success time when it published.
    public var now: Instant
    /// What the night held and planned; `nil` when the run ended before there was a plan.
    public var night: NightFigures?
    /// The run's stages in order (ingest, plan, render, publish, ledger), when it published.
    public var stages: [Stage] = []

    /// What one stage of a run took.
    public struct Stage: Hashable, Sendable {
        public var name: String
        /// Wall-clock seconds.
        public var seconds: Double
        /// Processor seconds of every thread, user and system.
        public var cpuSeconds: Double
        /// The process's peak resident set when the stage ended (its high-water mark since the run began).
        public var peakResidentBytes: Int

        public init(name: String, seconds: Double, cpuSeconds: Double, peakResidentBytes: Int) {
            self.name = name
            self.seconds = seconds
            self.cpuSeconds = cpuSeconds
            self.peakResidentBytes = peakResidentBytes
        }
    }

    /// A run's counts and its plan's quantities.
    public struct NightFigures: Hashable, Sendable {
        public var accepted: Int
        public var rejected: Int
        public var superseded: Int
        /// Rows of `rejects.csv`: records, files and overrides.
        public var rejects: Int
        /// Every catalog material (and any other the plan names), by code.
        public var materials: [MaterialFigures]

        public init(accepted: Int, rejected: Int, superseded: Int, rejects: Int, materials: [MaterialFigures]) {
            self.accepted = accepted
            self.rejected = rejected
            self.superseded = superseded
            self.rejects = rejects
            self.materials = materials
        }
    }

    /// One material's delivered and unmet quantity, in its canonical unit:
    /// sums of 64-bit quantities, in 128 bits, which no count of them overflows.
    public struct MaterialFigures: Hashable, Sendable {
        public var code: MaterialCode
        /// `kg` or `piece`; empty for a material the catalog does not know.
        public var unit: String
        public var delivered: Int128
        public var shortfall: Int128

        public init(code: MaterialCode, unit: String, delivered: Int128, shortfall: Int128) {
            self.code = code
            self.unit = unit
            self.delivered = delivered
            self.shortfall = shortfall
        }
    }

    public init(exitStatus: Int32, durationSeconds: Double, now: Instant, night: NightFigures? = nil) {
        self.exitStatus = exitStatus
        self.durationSeconds = durationSeconds
        self.now = now
        self.night = night
    }

    /// The metrics of a run that got as far as a plan; its exit status is `run.exitStatus`.
    /// Delivered and shortfall are the plan's own figures (`Plan.quantitiesByMaterial`), as the
    /// manifest and the summary on stderr give them; a catalog material the plan does not touch is 0.
    /// - Complexity: O(lines + outcomes + materials).
    public init(run: NightRun, durationSeconds: Double, now: Instant) {
        var planned = [MaterialCode: MaterialQuantities]()
        for q in run.plan.quantitiesByMaterial() { planned[q.material] = q }
        let codes = Set(run.catalog.materials.map(\.code)).union(planned.keys).sorted()
        let materials = codes.map { code in
            MaterialFigures(code: code, unit: run.catalog[code]?.canonicalUnit.rawValue ?? "",
                            delivered: planned[code]?.delivered ?? 0, shortfall: planned[code]?.shortfall ?? 0)
        }
        let night = NightFigures(
            accepted: run.inputs.reduce(0) { $0 + $1.accepted },
            rejected: run.inputs.reduce(0) { $0 + $1.rejected },
            superseded: run.inputs.reduce(0) { $0 + $1.superseded },
            rejects: run.rejects.count, materials: materials)
        self.init(exitStatus: run.exitStatus, durationSeconds: durationSeconds, now: now, night: night)
    }

    /// Whether the run published a plan (exit 0).
    public var succeeded: Bool { exitStatus == 0 }
}
