import AllotCore
import AllotIngest
import AllotLedger
import AllotPlanner
import AllotPublish
import Foundation

/// `allot explain SOURCE:ID` (SPEC 10): the plan folder asked for (`--date`,
/// or the newest) is planned again from the copy of the inputs it keeps
/// (`inputs/`, read through `InputFolder` and the night's own ingest), checked
/// against its manifest and its `dispatch.csv`, and the request or offer is
/// explained from it (``Explanation``). What the inputs folder holds now plays
/// no part. The text is in English, as every other message of the command line.
public enum NightExplanation {
    /// What stops an explanation: a usage error (exit status 2).
    public enum Failure: Error, CustomStringConvertible, Equatable, Sendable {
        case malformedKey(String)
        case unknownKey(String, planDate: CalendarDate)
        case withdrawn(String)

        public var description: String {
            switch self {
            case .malformedKey(let text):
                return "\(text) is not SOURCE:ID (the feed's source, a colon, the record's id, e.g. county-chiping:CP-001)"
            case .unknownKey(let text, let date):
                return "no offer or request \(text) among the accepted records of the plan of \(date)"
            case .withdrawn(let text):
                return "\(text) was withdrawn by a later record of its feed: it takes no part in the plan"
            }
        }
    }

    /// The explanation's text.
    /// - Parameters:
    ///   - date: the plan date; `nil` for the newest published plan.
    /// - Throws: ``Failure``; `PlanFolderError` (no such plan: exit 2); `PlanSnapshotError` (the plan
    ///   folder keeps no copy of its inputs, or the copy differs from its manifest: exit 3);
    ///   ingest errors, or `PlanningError`.
    public static func text(for reference: String, outputs: URL, date: CalendarDate?) throws -> String {
        guard let ref = Override.Reference(text: reference) else { throw Failure.malformedKey(reference) }
        let folder = try PlanFolder.locate(outputs: outputs, date: date)
        let planDate = folder.date
        let manifest = try PlanSnapshot.readManifest(folder)
        let manifestPath = folder.url.appendingPathComponent(ManifestJSON.fileName).path
        guard let copy = manifest.inputsCopy else {
            throw PlanSnapshotError(file: manifestPath, field: "inputs_copy", message: "is missing: the plan of \(planDate) "
                + "was published before plan folders kept a copy of their inputs, so it cannot be explained")
        }
        let inputs = folder.url.appendingPathComponent(InputFileSummary.copyFolder, isDirectory: true)
        // A published plan whose overrides.csv could not be used was allowed to go on without it.
        let night = try NightlyPipeline.ingest(inputs: inputs, config: nil, allowBadOverrides: true)
        try checkCopy(night.files, against: copy, folder: folder, manifest: manifestPath)
        let input = NightlyPipeline.planningInput(night, planDate: planDate)
        let plan = try Planner.plan(input)
        var out = "plan \(planDate)\n"
        out += check(NightlyPipeline.nightRun(night, plan: plan, planDate: planDate), folder: folder,
                     published: manifest.outputs[DispatchCSV.fileName])

        let requests = input.requests.filter { $0.key.source == ref.source && $0.key.id == ref.id }
        let offers = input.offers.filter { $0.key.source == ref.source && $0.key.id == ref.id }
        if requests.isEmpty && offers.isEmpty {
            if night.withdrawn.contains(where: { $0.source == ref.source && $0.id == ref.id }) {
                throw Failure.withdrawn(reference)
            }
            throw Failure.unknownKey(reference, planDate: planDate)
        }
        let names = Names(input: input)
        for request in requests {
            if let e = Explanation.request(request.key, input: input, plan: plan) { out += "\n" + text(e, input, names) }
            out += "\n" + NightlyPipeline.explainedHistory(of: request.key,
                                                          ledgerAt: Ledger.location(night.policy, outputs: outputs))
        }
        for offer in offers {
            if let e = Explanation.offer(offer.key, input: input, plan: plan) { out += "\n" + text(e, input, names) }
        }
        return out
    }

    /// The copy read back must be the one the manifest lists: the same files, each with its digest.
    /// - Throws: `PlanSnapshotError` naming the first file that differs, is missing or was added.
    static func checkCopy(_ files: [InputFileSummary], against listed: [String: String], folder: PlanFolder,
                          manifest: String) throws {
        var read = [String: String]()
        for file in files {
            guard let path = file.copyPath else { continue }
            read["\(InputFileSummary.copyFolder)/\(path)"] = file.sha256
        }
        for path in Set(listed.keys).union(read.keys).sorted() where listed[path] != read[path] {
            let problem = read[path] == nil ? "is listed in \(ManifestJSON.fileName) (inputs_copy) but cannot be read"
                : listed[path] == nil ? "is not listed in \(ManifestJSON.fileName) (inputs_copy)"
                : "differs from the digest \(ManifestJSON.fileName) lists (inputs_copy)"
            throw PlanSnapshotError(file: folder.url.appendingPathComponent(path).path,
                                    message: "\(problem): the plan folder was changed after it was published")
        }
    }

    /// Whether the plan made again from the copy is the published one.
    static func check(_ run: NightRun, folder: PlanFolder, published: String?) -> String {
        guard let published else {
            return "warning: \(folder.url.path)/\(ManifestJSON.fileName) lists no \(DispatchCSV.fileName); "
                + "this explains a plan of the inputs the plan folder keeps\n"
        }
        guard let bytes = try? DispatchCSV.render(run), SHA256.hex(of: bytes) == published else {
            return "warning: this allot plans the inputs of \(run.planDate) differently from the run that published it "
                + "(its dispatch.csv differs: another version of allot?); this explains this version's plan\n"
        }
        return "matches the published \(folder.name)/\(DispatchCSV.fileName)\n"
    }

    struct Names {
        let regions: RegionTable
        let catalog: MaterialCatalog
        init(input: PlanningInput) {
            regions = input.regions
            catalog = input.catalog
        }
        func region(_ code: RegionCode) -> String {
            guard regions[code] != nil else { return code.description }
            return "\(regions.displayName(code, style: .joined)) (\(code))"
        }
        func material(_ code: MaterialCode) -> String {
            catalog[code].map { "\(code) (\($0.name))" } ?? code.rawValue
        }
        func unit(_ code: MaterialCode) -> String { catalog[code]?.canonicalUnit.rawValue ?? "" }
    }

    static func km(_ decikm: Int64) -> String { "\(decikm / 10).\(decikm % 10) km" }

    static func percent(_ part: Int64, _ whole: Int64) -> String {
        guard whole > 0 else { return "-" }
        return String(format: "%.1f%%", Double(part) * 100 / Double(whole))
    }

    /// The constraint's name as SPEC 10 and the coordinators say it, with the figures behind it.
    public static func describe(_ binding: BindingConstraint, tier: Int, unit: String) -> String {
        switch binding {
        case .distance(let nearest, let limit):
            let where_ = nearest.map { "the nearest lot is \(km($0)) away" } ?? "there is no lot of the material at all"
            return "binding constraint: distance — no lot within max_distance_km = \(DecimalTextShort.format(limit)) km; \(where_)"
        case .earmarked(let lots):
            let offers = lots.reduce(into: [(RecordKey, LotReach)]()) { list, lot in
                if !list.contains(where: { $0.0 == lot.offer }) { list.append((lot.offer, lot)) }
            }
            return "binding constraint: earmark — the lots within the distance limit are earmarked for others: "
                + offers.prefix(peerLimit).map { offer, lot in
                    "\(offer) (\(lot.supplierName)) only for requests with \(lot.earmark!), which this one fails on \(lot.failedEarmark!.rawValue)"
                }.joined(separator: "; ")
                + (offers.count > peerLimit ? "; … and \(offers.count - peerLimit) more" : "")
        case .deadline(let deadline, let earliest, let overdue):
            return "binding constraint: deadline — lots within the distance limit exist, but the earliest can arrive on "
                + "\(earliest), after the deadline \(deadline)" + (overdue ? " (needed_by is past: the deadline is the last horizon day)" : "")
        case .cap(let limit, let delivered):
            return "binding constraint: cap — the enterprise's cap for this material is \(limit) \(unit) and its requests get \(delivered) in total"
        case .higherTiers(let tiers, let taken):
            return "binding constraint: capacity taken by higher tiers — every lot in reach and in time went to tier "
                + tiers.map(String.init).joined(separator: ", ") + " (\(taken) \(unit)); tier \(tier) got none of it"
        case .fairShare(let t, let level, let share):
            let how = share == .maxmin
                ? "shared among tier \(t)'s requests at the tier's fair share level: this request stops at fill \(String(format: "%.4f", level))"
                : "shared among tier \(t)'s requests with share = \"none\" (least transport decides who): fill \(String(format: "%.4f", level))"
            return "binding constraint: fair share level of tier \(t) — the lots in reach and in time are all taken, " + how
        case .leftover(let left):
            return "binding constraint: none found — \(left) \(unit) of the lots in reach are left (whole-unit rounding of fair shares)"
        case .capacity(let supply, let taken):
            let rest = supply - taken
            return "binding constraint: capacity — the lots in reach and in time hold \(supply) \(unit) and no other request "
                + "of tier \(tier) or before shares them: this request gets \(taken)"
                + (rest > 0 ? ", the other \(rest) are pinned elsewhere" : ", all of them")
        }
    }

    static func text(_ e: RequestExplanation, _ input: PlanningInput, _ names: Names) -> String {
        let r = e.request, unit = names.unit(r.material)
        var out = "request \(r.key)  \(r.enterpriseName) (\(r.enterpriseID)), \(names.region(r.region))\n"
        out += "  material \(names.material(r.material)); category \(r.category.rawValue) → tier \(e.tier)\n"
        out += "  deadline \(e.deadline)" + (e.overdue ? " (overdue: needed by \(r.neededBy!), before the plan date)" : "") + "\n"
        if e.excluded { return out + "  excluded by an override: it takes no part in tonight's plan\n" }
        out += "  requested \(e.requested) \(unit), delivered \(e.delivered) (\(percent(e.delivered, e.requested))), "
            + "shortfall \(e.requested - e.delivered)\n"
        if e.served.isEmpty {
            out += "\nserved by no lot\n"
        } else {
            out += "\nserved by \(e.served.count) lot\(e.served.count == 1 ? "" : "s"):\n"
            for s in e.served {
                let l = s.line
                out += "  \(l.offer)  \(s.supplierName)  lot \(l.lotDay)  \(l.quantity) \(unit)  road \(km(l.roadDecikm)), "
                    + "\(l.transitDays) day\(l.transitDays == 1 ? "" : "s") on the road, arrive by \(l.arriveBy)"
                    + (l.pinned ? "  [pinned]" : "") + (l.isSubstitution ? "  [substitute: \(l.material)]" : "") + "\n"
            }
        }
        if let binding = e.binding {
            out += "\nwhy not more: " + describe(binding, tier: e.tier, unit: unit) + "\n"
            out += "  reason in unmet.csv: \(binding.reason.rawValue)\n"
        } else {
            out += "\nfully served\n"
        }
        let inReach = e.lots.filter(\.inReach)
        out += "\nlots of \(r.material) in reach and in time: \(inReach.count), \(e.supplyInReach) \(unit)"
        if !e.takenByTier.isEmpty {
            out += "; taken by " + e.takenByTier.keys.sorted().map { "tier \($0): \(e.takenByTier[$0]!)" }.joined(separator: ", ")
        }
        out += "\n"
        let far = e.lots.filter { !$0.withinDistance }.count
        let late = e.lots.filter { $0.withinDistance && !$0.inTime }.count
        let forbidden = e.lots.filter(\.forbidden).count
        let earmarked = e.lots.filter { $0.failedEarmark != nil }.count
        out += "other lots of \(r.material): \(far) beyond max distance, \(late) too late for the deadline, \(forbidden) forbidden, "
            + "\(earmarked) earmarked for others\n"
        if !e.peers.isEmpty {
            let shown = e.peers.prefix(peerLimit)
            out += "\nother requests drawing on those lots (\(e.peers.count)):\n"
            for p in shown {
                out += "  tier \(p.tier)  \(p.request)  \(p.enterpriseName)  took \(p.fromTheseLots); delivered \(p.delivered) of "
                    + "\(p.requested) (\(percent(p.delivered, p.requested)))\n"
            }
            if e.peers.count > shown.count { out += "  … and \(e.peers.count - shown.count) more\n" }
        }
        return out
    }

    /// Rows each list of an explanation shows at most.
    static let peerLimit = 20

    static func text(_ e: OfferExplanation, _ input: PlanningInput, _ names: Names) -> String {
        let o = e.offer, unit = names.unit(o.material)
        var out = "offer \(o.key)  \(o.supplierName) (\(o.supplierID)), \(names.region(o.region))\n"
        out += "  material \(names.material(o.material)); \(o.kind.rawValue) of \(o.quantity) \(unit)"
            + (o.kind == .capacity ? " a day" : "")
            + (o.availableFrom.map { ", available from \($0)" } ?? "") + (o.availableUntil.map { " until \($0)" } ?? "") + "\n"
        if let earmark = o.earmark { out += "  earmarked: only for requests with \(earmark)\n" }
        if e.excluded { return out + "  excluded by an override: it takes no part in tonight's plan\n" }
        if let c = e.conversion, let terms = o.conversion {
            let inputUnit = names.unit(c.inputMaterial)
            out += "  conversion: \(terms.perUnit) \(inputUnit) of \(names.material(c.inputMaterial)) a unit; stock \(terms.stock) \(inputUnit)\n"
            out += "  input delivered to \(o.supplierID): \(c.inputReceived) \(inputUnit), used by this line \(c.inputUsed) \(inputUnit); "
                + "produced \(c.produced) \(unit)\n"
            for l in e.inputLines.prefix(peerLimit) {
                out += "    ← \(l.offer)  lot \(l.lotDay)  \(l.quantity) \(inputUnit) to \(l.request), arrive by \(l.arriveBy)\n"
            }
            if e.inputLines.count > peerLimit { out += "    … and \(e.inputLines.count - peerLimit) more\n" }
        }
        if e.lots.isEmpty {
            return out + (o.kind == .conversion ? "  no lot: no input arrives in time to make any\n"
                : "  no lot within the horizon: it takes no part in tonight's plan\n")
        }
        out += "\nlots and who gets them:\n"
        for lot in e.lots {
            out += "  lot \(lot.day): \(lot.quantity) \(unit), shipped \(lot.shipped), left \(lot.quantity - lot.shipped)\n"
            for l in lot.lines {
                let who = e.recipients[l.request]
                out += "    → \(l.request)  \(who?.name ?? "")  tier \(l.tier)  \(l.quantity) \(unit)  road \(km(l.roadDecikm)), "
                    + "arrive by \(l.arriveBy)" + (l.pinned ? "  [pinned]" : "")
                    + (l.isSubstitution ? "  [substitute for \(l.requestedMaterial)]" : "") + "\n"
            }
        }
        out += "\nother requests it could have served (in reach and in time, got none of it): \(e.candidates.count)\n"
        for c in e.candidates.prefix(peerLimit) {
            out += "  tier \(c.tier)  \(c.request)  \(c.enterpriseName)  delivered \(c.delivered) of \(c.requested) "
                + "(\(percent(c.delivered, c.requested)))  road \(km(c.roadDecikm))\n"
        }
        if e.candidates.count > peerLimit { out += "  … and \(e.candidates.count - peerLimit) more\n" }
        return out
    }
}

/// Numbers of the policy as written in `allot.toml`.
enum DecimalTextShort {
    static func format(_ v: Double) -> String { v == v.rounded() && abs(v) < 1e15 ? String(Int64(v)) : "\(v)" }
}
