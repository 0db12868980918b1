import AllotCore
import AllotIngest
import AllotLedger
import AllotPublish
import Foundation

/// The published plan folder is the source of a ledger night (SPEC 15): a run records the folder it has just
/// published, and `allot ledger rebuild` every folder there is, through this one reading, so both give the
/// same nights.
extension LedgerNight {
    /// The night a published plan folder holds: its planned requests (`PlanSnapshot.plannedRequests`), the
    /// request keys withdrawn (the manifest's `left_out_keys`), every line, and the carry-over terms of the
    /// requests with a shortfall from `dispatch.xml` (`PlanSnapshot.carryOverTerms`).
    /// - Throws: `PlanSnapshotError` for a request whose lines add up past 64 bits, or a `dispatch.xml`
    ///   that cannot be read.
    public init(_ snapshot: PlanSnapshot) throws {
        try self.init(snapshot, terms: PlanSnapshot.carryOverTerms(snapshot.folder))
    }

    /// The night a published plan folder holds, with the carry-over terms given: the run has them in
    /// memory (`Plan.carryOverTerms()`) and spares reading a national `dispatch.xml` back; they equal what
    /// the folder's `dispatch.xml` holds, so the run and `rebuild` record the same night.
    public init(_ snapshot: PlanSnapshot, terms: [RecordKey: CarryOver.Terms]) throws {
        let requests = try snapshot.plannedRequests().map { r in
            Request(key: r.request, enterpriseID: r.enterpriseID, enterpriseName: r.enterpriseName, region: r.region,
                    material: r.material, tier: r.tier, requested: r.requested, delivered: r.delivered,
                    reason: r.reason?.rawValue, age: r.age, terms: r.reason == nil ? nil : terms[r.request])
        }
        self.init(planDate: snapshot.planDate, manifestSHA256: snapshot.manifest.fileSHA256, requests: requests,
                  withdrawn: snapshot.manifest.withdrawn,
                  lines: snapshot.dispatch.map { l in
            Line(lineID: l.lineID, offer: l.offer, lotDate: l.lotDate, request: l.request, material: l.material,
                 requestedMaterial: l.requestedMaterial, quantity: l.quantity, arriveBy: l.arriveBy,
                 supplierID: l.supplierID, supplierName: l.supplierName)
        })
    }
}

/// A plan published whose night the ledger could not record: exit 1, the plan stays published.
public struct LedgerNotRecorded: Error, CustomStringConvertible, Sendable {
    public var published: String
    public var ledger: String
    public var outputs: String
    public var reason: String

    public var description: String {
        "published \(published), but the ledger \(ledger) could not record it: \(reason); "
            + "allot ledger rebuild --outputs \(outputs) brings the ledger in step with the published plans"
    }
}

/// What `allot ledger rebuild` did.
public struct LedgerRebuildOutcome: Sendable {
    public var ledger: URL
    /// The nights recorded, oldest first.
    public var nights: [CalendarDate]
}

extension NightlyPipeline {
    /// Records the night of the plan folder just published (`published`) in `ledger`, with the carry-over
    /// terms of the plan that was published (`terms`, what its `dispatch.xml` holds) and the receipts its
    /// `receipts.csv` brought (checked), in one transaction.
    /// - Throws: `LedgerNotRecorded`.
    /// - Parameter fault: test only: `ledger` stops or kills the run inside the ledger's transaction.
    static func recordNight(published: URL, date: CalendarDate, terms: [RecordKey: CarryOver.Terms], in ledger: Ledger,
                            outputs: URL, at time: Instant, receipts: [Receipt] = [], fault: PublishFault? = nil) throws {
        do {
            let snapshot = try PlanSnapshot.read(PlanFolder(date: date, url: published))
            try ledger.record(try LedgerNight(snapshot, terms: terms), recordedAt: time, receipts: receipts,
                              inTransaction: fault.map { fault in { try fault.trigger(at: .ledger, cancellation: nil) } })
        } catch {
            throw LedgerNotRecorded(published: published.path, ledger: ledger.url.path, outputs: outputs.path,
                                    reason: "\(error)")
        }
    }

    /// Records every published plan folder but `tonight`'s that the ledger misses or holds another version of
    /// (a run killed while recording, a ledger that could not be written), oldest first, so that tonight's ages
    /// count every night published (SPEC 15: the next run brings the ledger in step). A folder that cannot be
    /// read is left to `allot ledger rebuild` and named in the returned warnings; tonight's plan goes on.
    static func bringInStep(_ ledger: Ledger, outputs: URL, tonight: CalendarDate, at time: Instant) throws -> [String] {
        let recorded = try ledger.recordedVersions()
        var warnings = [String]()
        for date in try PublishedPlans.dates(in: outputs) where date != tonight {
            let folder = PlanFolder(date: date, url: outputs.appendingPathComponent(PublishedPlans.folderName(for: date)))
            do {
                let manifest = try PlanSnapshot.readManifest(folder)
                guard recorded[date] != .some(manifest.fileSHA256) else { continue }
                try ledger.record(try LedgerNight(try PlanSnapshot.read(folder)), recordedAt: time)
            } catch {
                warnings.append("the ledger could not record the published plan of \(date): \(error); "
                                + "allot ledger rebuild --outputs \(outputs.path) repairs it")
            }
        }
        return warnings
    }

    /// `allot ledger rebuild`: records every plan folder of `outputs` in the ledger the policy names, under
    /// the outputs lock (no run publishes meanwhile). Close-outs and receipts, which only the ledger holds,
    /// are kept.
    /// - Throws: `IngestError.policy`, `LedgerError`, `PublishError.locked`, `PlanSnapshotError`.
    public static func rebuildLedger(outputs: URL, inputs: URL?, config: URL?,
                                     now: () -> Date = Date.init) throws -> LedgerRebuildOutcome {
        let policy = try NightIngest.readPolicy(inputs: inputs, configFile: config)
        let lock = try OutputLock.acquire(outputs: outputs, fault: nil)
        defer { lock.release() }
        let ledger = try Ledger.open(Ledger.location(policy, outputs: outputs))
        let dates = try PublishedPlans.dates(in: outputs)
        for date in dates {
            let folder = PlanFolder(date: date, url: outputs.appendingPathComponent(PublishedPlans.folderName(for: date)))
            try ledger.record(try LedgerNight(try PlanSnapshot.read(folder)), recordedAt: instant(now()))
        }
        return LedgerRebuildOutcome(ledger: ledger.url, nights: dates)
    }
}
