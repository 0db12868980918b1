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
    /// request keys withdrawn (the manifest's `left_out_keys`) and every line.
    /// - Throws: `PlanSnapshotError` for a request whose lines add up past 64 bits.
    public init(_ snapshot: PlanSnapshot) throws {
        let requests = try snapshot.plannedRequests().map { r in
            Request(key: r.request, enterpriseID: r.enterpriseID, enterpriseName: r.enterpriseName, region: r.region,
                    material: r.material, tier: r.tier, requested: r.requested, delivered: r.delivered,
                    reason: r.reason?.rawValue, age: r.age)
        }
        self.init(planDate: snapshot.planDate, requests: requests, withdrawn: snapshot.manifest.withdrawn,
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
    /// Records the night of the plan folder just published (`published`) in `ledger`, with the receipts its
    /// `receipts.csv` brought (checked), in one transaction.
    /// - Throws: `LedgerNotRecorded`.
    static func recordNight(published: URL, date: CalendarDate, in ledger: Ledger, outputs: URL,
                            at time: Instant, receipts: [Receipt] = []) throws {
        do {
            let snapshot = try PlanSnapshot.read(PlanFolder(date: date, url: published))
            try ledger.record(try LedgerNight(snapshot), recordedAt: time, receipts: receipts)
        } catch {
            throw LedgerNotRecorded(published: published.path, ledger: ledger.url.path, outputs: outputs.path,
                                    reason: "\(error)")
        }
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
