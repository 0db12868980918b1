import AllotCore
import Foundation

// MARK: - Prometheus text format

extension RunMetrics {
    /// The textfile's name inside the outputs folder.
    public static let textfileName = "allot.prom"

    /// A metric family of the textfile: name, help and the samples of one run.
    struct Family {
        var name: String
        var help: String
        /// Families a failed run copies from the previous file instead of saying itself.
        var describesLastSuccess: Bool
        var samples: [String]
    }

    /// The textfile: every family with `# HELP` and `# TYPE gauge`, then its
    /// samples (`name{labels} value`), no timestamps, a newline at the end.
    ///
    /// - Parameter previous: the file this replaces, if any. A failed run takes
    ///   `allot_last_success_timestamp_seconds` and the plan's series from it;
    ///   every run but one refused the lock takes `allot_last_lock_refusal_timestamp_seconds`
    ///   from it; a family with no sample is left out.
    /// - Complexity: O(materials + lines of `previous`).
    public func prometheusText(previous: String?) -> String {
        var families = ownFamilies()
        let old = RunMetrics.samplesByFamily(in: previous ?? "")
        for index in families.indices {
            let carried = families[index].describesLastSuccess ? !succeeded : families[index].samples.isEmpty
            if carried { families[index].samples = old[families[index].name] ?? [] }
        }
        var text = ""
        for family in families where !family.samples.isEmpty {
            text += "# HELP \(family.name) \(family.help)\n# TYPE \(family.name) gauge\n"
            for sample in family.samples { text += sample + "\n" }
        }
        return text
    }

    /// The families this run can fill; a failed run's plan families are replaced by the previous file's.
    private func ownFamilies() -> [Family] {
        let seconds = now.microsecondsSinceEpoch / 1_000_000
        let duration = durationSeconds.isFinite ? max(0, durationSeconds) : 0
        let night = self.night
        func perMaterial(_ name: String, _ value: (MaterialFigures) -> Int128) -> [String] {
            (night?.materials ?? []).map { m in
                var labels = [("material", m.code.rawValue)]
                if !m.unit.isEmpty { labels.append(("unit", m.unit)) }
                return RunMetrics.sample(name, labels, String(value(m)))
            }
        }
        func perStage(_ name: String, _ value: (Stage) -> String) -> [String] {
            stages.map { RunMetrics.sample(name, [("stage", $0.name)], value($0)) }
        }
        return [
            Family(name: "allot_last_success_timestamp_seconds",
                   help: "When the last run that published a plan ended, in seconds since 1970 (UTC).",
                   describesLastSuccess: true,
                   samples: [RunMetrics.sample("allot_last_success_timestamp_seconds", [], String(seconds))]),
            Family(name: "allot_last_exit_status",
                   help: "Exit status of the last run: 0 published, 1 internal failure, 2 usage or policy error, 3 inputs unusable or strict, 4 outputs locked by another run, 130 stopped by SIGINT, 143 stopped by SIGTERM.",
                   describesLastSuccess: false,
                   samples: [RunMetrics.sample("allot_last_exit_status", [], String(exitStatus))]),
            Family(name: "allot_last_lock_refusal_timestamp_seconds",
                   help: "When a run last ended at once because another run held the lock on the outputs folder (exit 4), in seconds since 1970 (UTC).",
                   describesLastSuccess: false,
                   samples: exitStatus == RunMetrics.lockedExitStatus
                       ? [RunMetrics.sample("allot_last_lock_refusal_timestamp_seconds", [], String(seconds))] : []),
            Family(name: "allot_run_duration_seconds",
                   help: "How long the last run took, successful or not.",
                   describesLastSuccess: false,
                   samples: [RunMetrics.sample("allot_run_duration_seconds", [], String(format: "%.3f", duration))]),
            Family(name: "allot_stage_seconds",
                   help: "Wall-clock seconds of each stage of the last successful run.",
                   describesLastSuccess: true,
                   samples: perStage("allot_stage_seconds") { String(format: "%.3f", $0.seconds) }),
            Family(name: "allot_stage_cpu_seconds",
                   help: "Processor seconds (every thread, user and system) of each stage of the last successful run.",
                   describesLastSuccess: true,
                   samples: perStage("allot_stage_cpu_seconds") { String(format: "%.3f", $0.cpuSeconds) }),
            Family(name: "allot_stage_peak_resident_bytes",
                   help: "The process's peak resident set when each stage of the last successful run ended (its high-water mark since the run began).",
                   describesLastSuccess: true,
                   samples: perStage("allot_stage_peak_resident_bytes") { String($0.peakResidentBytes) }),
            Family(name: "allot_records_total",
                   help: "Input records of the last successful run by how they ended (each counted once).",
                   describesLastSuccess: true,
                   samples: night.map { n in
                       [("accepted", n.accepted), ("rejected", n.rejected), ("superseded", n.superseded)].map {
                           RunMetrics.sample("allot_records_total", [("status", $0.0)], String($0.1))
                       }
                   } ?? []),
            Family(name: "allot_rejects_total",
                   help: "Rows of rejects.csv in the last successful run: rejected records, files and overrides.",
                   describesLastSuccess: true,
                   samples: night.map { [RunMetrics.sample("allot_rejects_total", [], String($0.rejects))] } ?? []),
            Family(name: "allot_delivered",
                   help: "Quantity the published plan delivers, by material, in the material's canonical unit (kg or piece).",
                   describesLastSuccess: true,
                   samples: perMaterial("allot_delivered", \.delivered)),
            Family(name: "allot_shortfall",
                   help: "Quantity requested and not delivered in the published plan, by material, in the material's canonical unit (kg or piece).",
                   describesLastSuccess: true,
                   samples: perMaterial("allot_shortfall", \.shortfall)),
        ]
    }

    /// `name{a="x",b="y"} value`, label values escaped as the text format asks (`\\`, `\"`, `\n`).
    static func sample(_ name: String, _ labels: [(String, String)], _ value: String) -> String {
        guard !labels.isEmpty else { return "\(name) \(value)" }
        let inner = labels.map { name, value in
            let escaped = value.replacingOccurrences(of: "\\", with: "\\\\")
                .replacingOccurrences(of: "\"", with: "\\\"")
                .replacingOccurrences(of: "\n", with: "\\n")
            return "\(name)=\"\(escaped)\""
        }.joined(separator: ",")
        return "\(name){\(inner)} \(value)"
    }

    /// The sample lines of a textfile by metric name; comments and blank lines skipped.
    static func samplesByFamily(in text: String) -> [String: [String]] {
        var samples = [String: [String]]()
        for line in text.split(separator: "\n") where !line.hasPrefix("#") {
            let name = line.prefix { $0 != "{" && $0 != " " }
            guard !name.isEmpty, name.count < line.count else { continue }
            samples[String(name), default: []].append(String(line))
        }
        return samples
    }

    /// `allot_last_success_timestamp_seconds` in a textfile, if there.
    static func lastSuccessTimestamp(in text: String) -> Int64? {
        guard let line = samplesByFamily(in: text)["allot_last_success_timestamp_seconds"]?.first,
              let value = line.split(separator: " ").last else { return nil }
        return Int64(value)
    }
}

// MARK: - Writing the textfile

extension RunMetrics {
    /// Replaces `Outputs/allot.prom` atomically (a hidden temporary file,
    /// synced, renamed over it), reading the previous one first. A symbolic
    /// link in its place is neither read nor written through: it is replaced. Creates the
    /// outputs folder when it is missing, like ``OutputLock``.
    ///
    /// Needs no outputs lock, so a run that failed before it could lock, or was
    /// refused it, still reports; the temporary name holds the pid, and the lock
    /// holder's cleanup removes only those of processes that are gone. The read,
    /// write and rename are done holding `flock` on the outputs folder itself
    /// (a few milliseconds), so a refused run and the run holding the lock never
    /// both read the same previous file and lose what the other wrote.
    /// - Parameter creatingFolder: create the outputs folder when it is missing;
    ///   `false`: write nothing and throw when it is missing.
    /// - Returns: the file's URL.
    @discardableResult
    public func writeTextfile(outputs: URL, creatingFolder: Bool = true) throws -> URL {
        let path = outputs.path
        if creatingFolder, mkdir(path, 0o777) != 0 && errno != EEXIST {
            throw PublishError.fileSystem(action: "create the outputs folder", path: path, errno: errno)
        }
        let directory = try DirectoryHandle.open(path: path)
        try directory.lockForMetrics()
        defer { directory.unlockForMetrics() }
        // A link planted there is not followed: it is no previous file, and the rename below replaces it.
        let previous = try directory.kind(of: RunMetrics.textfileName) == .symbolicLink ? nil
            : directory.readFile(named: RunMetrics.textfileName).map { String(decoding: $0, as: UTF8.self) }
        let text = prometheusText(previous: previous)
        let temporary = PlanPublisher.temporaryName(prefix: RunMetrics.temporaryPrefix, middle: "tmp")
        do {
            try directory.writeNewFile(named: temporary, bytes: Array(text.utf8))
            try directory.rename(temporary, to: RunMetrics.textfileName)
        } catch {
            try? directory.removeFile(named: temporary)
            throw error
        }
        try directory.sync()
        return outputs.appendingPathComponent(RunMetrics.textfileName)
    }

    /// Temporary textfiles are `.allot.prom-tmp-<pid>-<random>`: hidden, and
    /// not ending in `.prom`, so node_exporter never reads half a file.
    static let temporaryPrefix = ".allot.prom-"

    /// SPEC 11's status for a run refused the lock.
    static let lockedExitStatus: Int32 = 4
}
