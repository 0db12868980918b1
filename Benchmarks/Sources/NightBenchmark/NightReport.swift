import BenchmarkSupport
import Foundation

/// The figures of one night: medians over the runs (peaks: the largest), as the targets read them.
struct NightFigures: Codable {
    var night: String
    var scale: Double
    var records: Int
    var feeds: Int
    var feedBytes: Int
    /// Whole `allot run` process with share = maxmin: median wall and CPU, largest peak.
    var wallSeconds: Double
    var cpuSeconds: Double
    var peakResidentBytes: Double
    var shareNoneWallSeconds: Double
    var shareNonePeakResidentBytes: Double
    /// Stage → median seconds (share = maxmin; ingest over every run).
    var stageSeconds: [String: Double]
    var stageCPUSeconds: [String: Double]
    var stagePeakResidentBytes: [String: Double]
    var stageSource: String
    /// The share whose runs the stages describe, and those runs' whole process (median wall and CPU, largest peak).
    var stageShare: String
    var primaryWallSeconds: Double
    var primaryCPUSeconds: Double
    var primaryPeakResidentBytes: Double
    /// render + publish; when the stages are not reported, wall − ingest − plan (an upper bound: ledger and start-up too).
    var renderPublishSeconds: Double
    var renderPublishIsUpperBound: Bool
    var polarsSeconds: Double
    var lxmlProcessSeconds: Double
    var xmlValidateSeconds: Double
    var ortoolsSeconds: Double
    var ingestToPolars: Double
    var xmlIngestToLxml: Double
    var planToOrtools: Double

    init(_ o: NightOutcome) {
        let maxmin = o.runs(share: "maxmin"), none = o.runs(share: "none"), all = o.runs.filter { $0.exitCode == 0 }
        func med(_ values: [Double]) -> Double { TextFormat.median(values) }
        night = o.night.spec.name
        scale = o.scale
        records = o.night.manifest.records
        feeds = o.night.manifest.files.count
        feedBytes = o.night.manifest.bytes
        wallSeconds = maxmin.isEmpty ? .nan : med(maxmin.map(\.wallSeconds))
        cpuSeconds = maxmin.isEmpty ? .nan : med(maxmin.map(\.cpuSeconds))
        peakResidentBytes = maxmin.isEmpty ? .nan : Double(maxmin.map(\.peakResidentBytes).max()!)
        shareNoneWallSeconds = none.isEmpty ? .nan : med(none.map(\.wallSeconds))
        shareNonePeakResidentBytes = none.isEmpty ? .nan : Double(none.map(\.peakResidentBytes).max()!)
        stageSeconds = [:]; stageCPUSeconds = [:]; stagePeakResidentBytes = [:]
        // The stages of the share = maxmin runs, or of share = none when no maxmin run finished.
        let primary = maxmin.isEmpty ? none : maxmin
        stageShare = maxmin.isEmpty ? (none.isEmpty ? "-" : "none") : "maxmin"
        stageSource = primary.first?.stageSource ?? "-"
        primaryWallSeconds = primary.isEmpty ? .nan : med(primary.map(\.wallSeconds))
        primaryCPUSeconds = primary.isEmpty ? .nan : med(primary.map(\.cpuSeconds))
        primaryPeakResidentBytes = primary.isEmpty ? .nan : Double(primary.map(\.peakResidentBytes).max()!)
        for name in AllotRunMeasurement.stageNames {
            let runs = name == "ingest" ? all : primary
            let s = runs.compactMap { $0.stage(name) }
            guard s.count == runs.count, !s.isEmpty else { continue }
            stageSeconds[name] = med(s.map(\.seconds))
            if s.allSatisfy({ $0.cpuSeconds != nil }) { stageCPUSeconds[name] = med(s.map { $0.cpuSeconds! }) }
            if s.allSatisfy({ $0.peakResidentBytes != nil }) { stagePeakResidentBytes[name] = s.map { $0.peakResidentBytes! }.max()! }
        }
        if let r = stageSeconds["render"], let p = stageSeconds["publish"] {
            renderPublishSeconds = r + p
            renderPublishIsUpperBound = false
        } else {
            renderPublishSeconds = primaryWallSeconds - (stageSeconds["ingest"] ?? .nan) - (stageSeconds["plan"] ?? .nan)
            renderPublishIsUpperBound = true
        }
        polarsSeconds = o.polars.isEmpty ? .nan : med(o.polars.map(\.seconds))
        lxmlProcessSeconds = o.lxml.isEmpty ? .nan : med(o.lxml.map(\.processSeconds))
        xmlValidateSeconds = o.xmlIngest.isEmpty ? .nan : med(o.xmlIngest.map(\.processSeconds))
        ortoolsSeconds = o.ortools.isEmpty ? .nan : med(o.ortools.map(\.seconds))
        ingestToPolars = (stageSeconds["ingest"] ?? .nan) / polarsSeconds
        xmlIngestToLxml = xmlValidateSeconds / lxmlProcessSeconds
        planToOrtools = (stageSeconds["plan"] ?? .nan) / ortoolsSeconds
    }

    var secondsPerRecord: Double { wallSeconds / Double(records) }
    var bytesPerRecord: Double { peakResidentBytes / Double(records) }
}

/// The table printed after the rounds, the targets as PASS or FAIL, and the JSON of `results/`.
struct NightReport {
    var outcomes: [NightOutcome]
    var thresholds: NightThresholds

    var figures: [NightFigures] { outcomes.map(NightFigures.init) }

    func text() -> String {
        var lines = [String]()
        for (o, f) in zip(outcomes, figures) {
            let g = o.night.manifest
            let csv = o.night.csvFiles.count, xml = o.night.xmlFiles.count
            lines.append("")
            lines.append("== \(f.night) night (scale \(TextFormat.number(o.scale))\(o.night.spec.supplyChain ? "" : ", plain")): \(TextFormat.grouped(g.offers)) offers "
                         + "(\(TextFormat.grouped(g.conversionOffers)) conversion, \(TextFormat.grouped(g.earmarkedOffers)) earmarked), "
                         + "\(TextFormat.grouped(g.requests)) requests, \(TextFormat.grouped(g.overrides)) overrides")
            lines.append("   \(g.files.count) feeds (\(csv) CSV, \(xml) XML), \(TextFormat.fixed(Double(g.bytes) / 1e6, 1)) MB, "
                         + "\(TextFormat.grouped(g.records)) records: \(TextFormat.grouped(g.bad)) bad, "
                         + "\(TextFormat.grouped(g.superseded)) superseded")
            lines.append("")
            var rows = [["allot run", "runs", "wall s", "CPU s", "peak RSS MB", "lines", "unmet", "rejects", "plan folder MB", "check"]]
            for share in ["maxmin", "none"] {
                let all = o.runs.filter { $0.share == share }
                let ok = all.filter { $0.exitCode == 0 }
                guard !all.isEmpty else { continue }
                let wrong = all.contains { !$0.wrong.isEmpty }
                let out = ok.last?.outputs
                rows.append(["share = \(share)", "\(ok.count)/\(all.count)",
                             ok.isEmpty ? "did not finish" : TextFormat.fixed(TextFormat.median(ok.map(\.wallSeconds)), 2),
                             ok.isEmpty ? "-" : TextFormat.fixed(TextFormat.median(ok.map(\.cpuSeconds)), 2),
                             ok.isEmpty ? "-" : (ok.allSatisfy(\.peakExact) ? "" : "≥ ")
                                 + TextFormat.grouped(ok.map(\.peakResidentBytes).max()! >> 20),
                             out.map { TextFormat.grouped($0.dispatchLines) } ?? "-",
                             out.map { TextFormat.grouped($0.unmetRows) } ?? "-",
                             out.map { TextFormat.grouped($0.rejectRows) } ?? "-",
                             out.map { TextFormat.fixed(Double($0.planFolderBytes) / 1e6, 1) } ?? "-",
                             wrong ? "WRONG" : "ok"])
            }
            lines += TextFormat.table(rows, rightAligned: Set(1...8))
            for m in o.runs where m.exitCode != 0 {
                lines.append("   share = \(m.share): \(m.failure ?? "failed") after \(TextFormat.fixed(m.wallSeconds, 1)) s, "
                             + "\(TextFormat.fixed(m.cpuSeconds, 1)) s of CPU, peak RSS \(TextFormat.grouped(m.peakResidentBytes >> 20)) MB")
            }
            lines.append("")
            var stages = [["stage (share = \(f.stageShare))", "wall s", "CPU s", "peak RSS MB", "s per 1k records"]]
            for name in AllotRunMeasurement.stageNames {
                guard let s = f.stageSeconds[name] else { stages.append([name, "-", "-", "-", "-"]); continue }
                stages.append([name, TextFormat.fixed(s, 3), f.stageCPUSeconds[name].map { TextFormat.fixed($0, 2) } ?? "-",
                               f.stagePeakResidentBytes[name].map { TextFormat.grouped(Int($0) >> 20) } ?? "-",
                               TextFormat.fixed(s / Double(f.records) * 1000, 4)])
            }
            stages.append(["whole process", TextFormat.fixed(f.primaryWallSeconds, 3), TextFormat.fixed(f.primaryCPUSeconds, 2),
                           f.primaryPeakResidentBytes.isFinite ? TextFormat.grouped(Int(f.primaryPeakResidentBytes) >> 20) : "-",
                           TextFormat.fixed(f.primaryWallSeconds / Double(f.records) * 1000, 4)])
            if let i = f.stageSeconds["ingest"], let p = f.stageSeconds["plan"], f.stageSeconds["render"] == nil {
                stages.append(["rest (render, publish, ledger, start and exit)",
                               TextFormat.fixed(f.primaryWallSeconds - i - p, 3), "-", "-",
                               TextFormat.fixed((f.primaryWallSeconds - i - p) / Double(f.records) * 1000, 4)])
            }
            lines += TextFormat.table(stages, rightAligned: Set(1...4))
            lines.append("   stages from \(f.stageSource)" + (f.stageSource == "allot.prom" ? ""
                : "; render, publish and ledger not reported apart: the target's render + publish is the rest, an upper bound"))
            lines.append("")
            var peers = [["peer, same files", "runs", "work s", "process s", "peak RSS MB", "allot", "allot s", "ratio"]]
            func add(_ list: [PeerMeasurement], allotName: String, allotSeconds: Double, ratio: Double) {
                guard let first = list.first else { return }
                peers.append([first.name + " (\(first.library))", "\(list.count)",
                              TextFormat.fixed(TextFormat.median(list.map(\.seconds)), 3),
                              TextFormat.fixed(TextFormat.median(list.map(\.processSeconds)), 3),
                              (list.allSatisfy(\.peakExact) ? "" : "≥ ") + TextFormat.grouped(list.map(\.peakResidentBytes).max()! >> 20),
                              allotName, TextFormat.fixed(allotSeconds, 3), TextFormat.fixed(ratio, 2)])
            }
            add(o.polars, allotName: "ingest stage", allotSeconds: f.stageSeconds["ingest"] ?? .nan, ratio: f.ingestToPolars)
            add(o.lxml, allotName: "validate XML (process)", allotSeconds: f.xmlValidateSeconds, ratio: f.xmlIngestToLxml)
            add(o.ortools, allotName: "plan stage", allotSeconds: f.stageSeconds["plan"] ?? .nan, ratio: f.planToOrtools)
            if peers.count > 1 {
                lines += TextFormat.table(peers, rightAligned: [1, 2, 3, 4, 6, 7])
                lines.append("   ratio = allot / peer; below 1.00 allot is faster. polars: every CSV feed, all columns as text; "
                             + "lxml: the XML feeds' loop, against `allot validate` on them (both whole processes); "
                             + "OR-Tools: the night's tier-1 networks only (no fair share, earmark, substitute or conversion)")
            } else {
                lines.append("   peers not run (--no-peer)")
            }
        }
        let all = figures
        if all.count == 2, let p = all.first(where: { $0.night == "province" }), let n = all.first(where: { $0.night == "national" }) {
            lines.append("")
            lines.append("== growth, province → national")
            var rows = [["night", "records", "wall s", "µs per record", "peak RSS MB", "KB per record"]]
            for f in [p, n] {
                rows.append([f.night, TextFormat.grouped(f.records), TextFormat.fixed(f.wallSeconds, 2),
                             TextFormat.fixed(f.secondsPerRecord * 1e6, 2),
                             f.peakResidentBytes.isFinite ? TextFormat.grouped(Int(f.peakResidentBytes) >> 20) : "-",
                             TextFormat.fixed(f.bytesPerRecord / 1024, 2)])
            }
            rows.append(["national / province", TextFormat.fixed(Double(n.records) / Double(p.records), 1) + "×",
                         TextFormat.fixed(n.wallSeconds / p.wallSeconds, 1) + "×",
                         TextFormat.fixed(n.secondsPerRecord / p.secondsPerRecord, 2),
                         TextFormat.fixed(n.peakResidentBytes / p.peakResidentBytes, 1) + "×",
                         TextFormat.fixed(n.bytesPerRecord / p.bytesPerRecord, 2)])
            lines += TextFormat.table(rows, rightAligned: Set(1...5))
        }
        lines.append("")
        lines.append("== targets (Thresholds/night.json)")
        var rows = [["target", "night", "measured", "", "value", "result"]]
        for t in evaluatedTargets() {
            rows.append([t.target.metric, t.night, t.measured.map { TextFormat.number($0) } ?? "----", t.target.comparison,
                         TextFormat.number(t.target.value), t.result])
        }
        lines += TextFormat.table(rows, rightAligned: [2, 4])
        let wrong = outcomes.flatMap(\.wrong)
        lines.append("")
        if wrong.isEmpty {
            lines.append("every plan folder checked: counts reconcile with the generated feeds, dispatch, unmet and rejects with the manifest")
        } else {
            lines.append("CHECK FAILED:")
            lines += wrong.prefix(20).map { "  " + $0 }
            if wrong.count > 20 { lines.append("  … and \(wrong.count - 20) more") }
        }
        return lines.joined(separator: "\n")
    }

    struct EvaluatedTarget: Codable {
        var target: NightThresholds.Target
        var night: String
        var measured: Double?
        var result: String
    }

    /// Every target against every night it applies to; a night with a wrong result fails them all.
    func evaluatedTargets() -> [EvaluatedTarget] {
        var out = [EvaluatedTarget]()
        let all = figures
        for t in thresholds.targets {
            if t.metric.hasSuffix("_growth") {
                guard let p = all.first(where: { $0.night == "province" }), let n = all.first(where: { $0.night == "national" }),
                      p.scale == n.scale else {
                    out.append(EvaluatedTarget(target: t, night: "both", measured: nil, result: "----"))
                    continue
                }
                let v = t.metric == "time_per_record_growth" ? n.secondsPerRecord / p.secondsPerRecord
                    : n.bytesPerRecord / p.bytesPerRecord
                out.append(result(t, night: "both", v, wrong: outcomes.contains { !$0.wrong.isEmpty },
                                  finished: outcomes.allSatisfy(\.finished)))
                continue
            }
            for (o, f) in zip(outcomes, all) {
                if let night = t.night {
                    guard night == f.night else { continue }
                    guard o.scale == 1 else {
                        out.append(EvaluatedTarget(target: t, night: f.night, measured: nil, result: "----"))
                        continue
                    }
                }
                let v: Double
                switch t.metric {
                case "wall_seconds": v = f.wallSeconds
                case "peak_rss_gib": v = f.peakResidentBytes / Double(1 << 30)
                case "ingest_to_polars": v = f.ingestToPolars
                case "xml_ingest_to_lxml": v = f.xmlIngestToLxml
                case "plan_to_ortools": v = f.planToOrtools
                case "render_publish_seconds": v = f.renderPublishSeconds
                default: v = .nan
                }
                out.append(result(t, night: f.night, v, wrong: !o.wrong.isEmpty, finished: o.finished))
            }
        }
        return out
    }

    private func result(_ t: NightThresholds.Target, night: String, _ v: Double, wrong: Bool,
                        finished: Bool) -> EvaluatedTarget {
        guard v.isFinite else {
            return EvaluatedTarget(target: t, night: night, measured: nil,
                                   result: finished ? "FAIL (not measured)" : "FAIL (did not finish)")
        }
        let holds = ThresholdFile.holds(v, t.comparison, t.value)
        return EvaluatedTarget(target: t, night: night, measured: v,
                               result: wrong ? "FAIL (wrong result)" : holds ? "PASS" : "FAIL")
    }

    struct Document: Encodable {
        var night: String
        var scale: Double
        var date: String
        var machine: Machine
        var feeds: Feeds
        var figures: NightFigures
        var runs: [AllotRunMeasurement]
        var xmlValidate: [PeerMeasurement]
        var polars: [PeerMeasurement]
        var lxml: [PeerMeasurement]
        var ortools: [PeerMeasurement]
        var targets: [EvaluatedTarget]
        var wrong: [String]

        struct Machine: Encodable {
            var cores: Int
            var loadAverageAfter: [Double]
        }

        struct Feeds: Encodable {
            var files: Int
            var csvFiles: Int
            var xmlFiles: Int
            var bytes: Int
            var offers: Int
            var requests: Int
            var overrides: Int
            var conversionOffers: Int
            var earmarkedOffers: Int
            var records: Int
            var bad: Int
            var superseded: Int
        }
    }

    /// `results/night-NAME.json`: the night, every run's figures, the medians and the targets.
    func json(_ o: NightOutcome) throws -> Data {
        let f = NightFigures(o)
        let g = o.night.manifest
        var load = [Double](repeating: 0, count: 3)
        _ = getloadavg(&load, 3)
        let formatter = ISO8601DateFormatter()
        let doc = Document(night: f.night, scale: o.scale, date: formatter.string(from: Date()),
                           machine: .init(cores: ProcessInfo.processInfo.activeProcessorCount, loadAverageAfter: load),
                           feeds: .init(files: g.files.count, csvFiles: o.night.csvFiles.count, xmlFiles: o.night.xmlFiles.count,
                                        bytes: g.bytes, offers: g.offers, requests: g.requests, overrides: g.overrides,
                                        conversionOffers: g.conversionOffers, earmarkedOffers: g.earmarkedOffers,
                                        records: g.records, bad: g.bad, superseded: g.superseded),
                           figures: f, runs: o.runs, xmlValidate: o.xmlIngest, polars: o.polars, lxml: o.lxml,
                           ortools: o.ortools, targets: evaluatedTargets().filter { $0.night == f.night || $0.night == "both" },
                           wrong: o.wrong)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return try encoder.encode(doc)
    }
}
