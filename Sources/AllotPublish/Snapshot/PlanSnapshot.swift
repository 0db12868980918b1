import AllotCore
import Foundation

/// A published plan read back from its folder: the rows of `dispatch.csv`
/// and `unmet.csv`, the figures of `manifest.json` and `province-request.xml` as typed values
/// (SPEC 9), the same values the writers wrote.
///
/// What `allot export`, `allot diff`, `allot explain` and the report's
/// "what changed since the previous plan" work from: a published plan is
/// read from its files, never recomputed from inputs that may have changed
/// since. Reading is strict: a missing file, a header without one of
/// SPEC 9's columns, a row with the wrong number of fields or a value of
/// the wrong form is a `PlanSnapshotError` naming the file, line and field.
///
/// *Example*:
///
///     let folder = try PlanFolder.locate(outputs: outputs, date: nil)   // the newest plan
///     let plan = try PlanSnapshot.read(folder)
///     for line in plan.dispatch where line.pinned { print(line.lineID, line.quantity) }
public struct PlanSnapshot: Sendable {
    public var folder: PlanFolder
    /// `dispatch.csv`, in file order (line id order).
    public var dispatch: [Line]
    /// `unmet.csv`, in file order (material, tier, fill ratio, request).
    public var unmet: [UnmetRequest]
    /// What `manifest.json` says of the plan.
    public var manifest: Manifest
    /// `province-request.xml`; `nil` for a plan published before the file existed.
    public var provinceRequest: ProvinceRequest?

    public init(folder: PlanFolder, dispatch: [Line], unmet: [UnmetRequest], manifest: Manifest,
                provinceRequest: ProvinceRequest? = nil) {
        self.folder = folder
        self.dispatch = dispatch
        self.unmet = unmet
        self.manifest = manifest
        self.provinceRequest = provinceRequest
    }

    /// The plan date (the folder's name and the manifest's `plan_date`, which reading checks agree).
    public var planDate: CalendarDate { folder.date }
}

// MARK: - Rows

extension PlanSnapshot {
    /// One row of `dispatch.csv`: a quantity from one lot to one request.
    public struct Line: Hashable, Sendable {
        public var lineID: String
        /// The lot's material.
        public var material: MaterialCode
        /// Whole canonical units.
        public var quantity: Int64
        /// The canonical unit (`kg`, `piece`).
        public var unit: String
        public var offer: RecordKey
        public var supplierID: String
        public var supplierName: String
        public var fromRegion: RegionCode
        /// The lot's day, which is also `ship_on`.
        public var lotDate: CalendarDate
        public var request: RecordKey
        public var enterpriseID: String
        public var enterpriseName: String
        public var toRegion: RegionCode
        public var tier: Int
        /// Road distance in tenths of a kilometre (`road_km` × 10, exact).
        public var roadDecikm: Int64
        public var shipOn: CalendarDate
        public var arriveBy: CalendarDate
        public var pinned: Bool
        /// The request's material (`requested_material`, SPEC 13); `material` for a plan published
        /// before the column existed, when no material served another.
        public var requestedMaterial: MaterialCode

        public init(lineID: String, material: MaterialCode, quantity: Int64, unit: String, offer: RecordKey,
                    supplierID: String, supplierName: String, fromRegion: RegionCode, lotDate: CalendarDate,
                    request: RecordKey, enterpriseID: String, enterpriseName: String, toRegion: RegionCode, tier: Int,
                    roadDecikm: Int64, shipOn: CalendarDate, arriveBy: CalendarDate, pinned: Bool,
                    requestedMaterial: MaterialCode? = nil) {
            self.lineID = lineID
            self.material = material
            self.requestedMaterial = requestedMaterial ?? material
            self.quantity = quantity
            self.unit = unit
            self.offer = offer
            self.supplierID = supplierID
            self.supplierName = supplierName
            self.fromRegion = fromRegion
            self.lotDate = lotDate
            self.request = request
            self.enterpriseID = enterpriseID
            self.enterpriseName = enterpriseName
            self.toRegion = toRegion
            self.tier = tier
            self.roadDecikm = roadDecikm
            self.shipOn = shipOn
            self.arriveBy = arriveBy
            self.pinned = pinned
        }

        /// A substitute's line: the lot's material is not the one requested.
        public var isSubstitution: Bool { material != requestedMaterial }

        /// What names a shipment across two plans (line ids are renumbered
        /// every night): the same lot of the same offer to the same request.
        public var shipment: Shipment { Shipment(offer: offer, lotDate: lotDate, request: request) }
    }

    /// A (lot, request) pair: the identity of a dispatch line from one plan to the next.
    public struct Shipment: Hashable, Comparable, Sendable {
        public var offer: RecordKey
        public var lotDate: CalendarDate
        public var request: RecordKey

        public init(offer: RecordKey, lotDate: CalendarDate, request: RecordKey) {
            self.offer = offer
            self.lotDate = lotDate
            self.request = request
        }

        public static func < (a: Shipment, b: Shipment) -> Bool {
            (a.request, a.offer, a.lotDate.dayNumber) < (b.request, b.offer, b.lotDate.dayNumber)
        }
    }

    /// One row of `unmet.csv`: a planned request not fully served.
    public struct UnmetRequest: Hashable, Sendable {
        public var request: RecordKey
        public var enterpriseID: String
        public var enterpriseName: String
        public var region: RegionCode
        public var material: MaterialCode
        public var tier: Int
        public var requested: Int64
        public var delivered: Int64
        public var shortfall: Int64
        /// delivered ÷ requested as written, 4 decimals (`0.4000`).
        public var fillRatio: String
        public var overdue: Bool
        public var reason: UnmetReason
        /// Consecutive nights open, tonight included (SPEC 15); `nil` for a plan published before
        /// `unmet.csv` had the column.
        public var age: Int?

        public init(request: RecordKey, enterpriseID: String, enterpriseName: String, region: RegionCode,
                    material: MaterialCode, tier: Int, requested: Int64, delivered: Int64, shortfall: Int64,
                    fillRatio: String, overdue: Bool, reason: UnmetReason, age: Int? = nil) {
            self.request = request
            self.enterpriseID = enterpriseID
            self.enterpriseName = enterpriseName
            self.region = region
            self.material = material
            self.tier = tier
            self.requested = requested
            self.delivered = delivered
            self.shortfall = shortfall
            self.fillRatio = fillRatio
            self.overdue = overdue
            self.reason = reason
            self.age = age
        }
    }
}

// MARK: - Manifest

extension PlanSnapshot {
    /// The parts of `manifest.json` a reader of a published plan needs.
    public struct Manifest: Hashable, Sendable {
        public var planDate: CalendarDate
        public var exitStatus: Int
        /// Records over every input: `records`, `accepted`, `rejected`, `superseded`.
        public var totals: InputTotals
        /// `plan`: lines, pinned lines, planned requests, requests with a shortfall.
        public var lines: Int
        public var pinnedLines: Int
        public var requests: Int
        public var unmetRequests: Int
        /// `materials`, in code order.
        public var materials: [MaterialFigures]
        /// The warning count.
        public var warnings: Int
        /// `outputs`: file name → SHA-256 (hex) of the plan folder's other files.
        public var outputs: [String: String]
        /// `inputs_copy`: path in the plan folder (`inputs/feeds/a.csv`) → SHA-256 (hex)
        /// of the copy of the inputs; `nil` for a plan published before allot kept one.
        public var inputsCopy: [String: String]?
        /// `left_out_keys.withdrawn`: the keys the night's feeds withdrew, offers and requests.
        public var withdrawn: [RecordKey] = []
        /// `policy.truck_capacity_kg`; `nil` for a plan published before the manifest had it.
        public var truckCapacityKilograms: Double?
        /// The SHA-256 (hex) of the `manifest.json` file as read: names this version of the plan folder.
        public var fileSHA256 = ""

        public init(planDate: CalendarDate, exitStatus: Int, totals: InputTotals, lines: Int, pinnedLines: Int,
                    requests: Int, unmetRequests: Int, materials: [MaterialFigures], warnings: Int,
                    outputs: [String: String]) {
            self.planDate = planDate
            self.exitStatus = exitStatus
            self.totals = totals
            self.lines = lines
            self.pinnedLines = pinnedLines
            self.requests = requests
            self.unmetRequests = unmetRequests
            self.materials = materials
            self.warnings = warnings
            self.outputs = outputs
        }

        /// The figures of one material, `nil` when the plan does not name it.
        public subscript(code: MaterialCode) -> MaterialFigures? { materials.first { $0.code == code } }
    }

    /// The manifest's `totals`.
    public struct InputTotals: Hashable, Sendable {
        public var records: Int
        public var accepted: Int
        public var rejected: Int
        public var superseded: Int

        public init(records: Int, accepted: Int, rejected: Int, superseded: Int) {
            self.records = records
            self.accepted = accepted
            self.rejected = rejected
            self.superseded = superseded
        }
    }

    /// One member of the manifest's `materials`.
    public struct MaterialFigures: Hashable, Sendable {
        public var code: MaterialCode
        public var unit: String
        public var offered: Int64
        public var requested: Int64
        /// What the material's requests got, whatever material served them (SPEC 13).
        public var delivered: Int64
        /// Tier → quantity, every tier the policy names.
        public var requestedByTier: [Int: Int64]
        public var deliveredByTier: [Int: Int64]
        public var unmetRequests: Int
        /// Ton-km with 3 decimals, as written (`1234.567`).
        public var tonKm: String
        /// `earmarked_offered` and `earmarked_unused` (SPEC 12); `nil` for a plan published before the
        /// manifest had them.
        public var earmarkedOffered: Int64?
        public var earmarkedUnused: Int64?
        /// `shipped` (what lots of the material sent to any request) and `substituted_in` (the part
        /// of it requests of other materials got), SPEC 13; `nil` for a plan published before the
        /// manifest had them, when `delivered` was both.
        public var shipped: Int64?
        public var substitutedIn: Int64?

        public init(code: MaterialCode, unit: String, offered: Int64, requested: Int64, delivered: Int64,
                    requestedByTier: [Int: Int64], deliveredByTier: [Int: Int64], unmetRequests: Int, tonKm: String,
                    earmarkedOffered: Int64? = nil, earmarkedUnused: Int64? = nil, shipped: Int64? = nil,
                    substitutedIn: Int64? = nil) {
            self.code = code
            self.unit = unit
            self.offered = offered
            self.requested = requested
            self.delivered = delivered
            self.requestedByTier = requestedByTier
            self.deliveredByTier = deliveredByTier
            self.unmetRequests = unmetRequests
            self.tonKm = tonKm
            self.earmarkedOffered = earmarkedOffered
            self.earmarkedUnused = earmarkedUnused
            self.shipped = shipped
            self.substitutedIn = substitutedIn
        }

        public var shortfall: Int64 { requested - delivered }
    }
}
