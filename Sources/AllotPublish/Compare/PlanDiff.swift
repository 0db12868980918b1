import AllotCore

/// What changed between two plans: each material's totals, dispatch lines
/// new, dropped and changed, and requests whose delivered quantity or fill
/// ratio moved.
///
/// Lines are matched by (offer, request), whatever the lots' days: one
/// offer's lots of several days to one request count as one line, their
/// quantities summed. Between two nights the lots move on with the plan date
/// (last night's lot of 02-10 is tonight's of 02-11), so a matched line has
/// changed when its quantity or its pinned flag differs. Between two versions
/// of one date (a re-run) a lot day is the ship day on a driver's sheet, so
/// there a different lot day is a change too. Both sides are
/// plain values (``Side``), so the same comparison serves `report.html`
/// (this night against the previous plan folder) and `allot diff` (two
/// plan folders).
public struct PlanDiff: Hashable, Sendable {
    /// A dispatch line's identity across plans: offer and request.
    public struct LineKey: Hashable, Comparable, Sendable {
        public var offerSource: String
        public var offerID: String
        public var requestSource: String
        public var requestID: String

        public init(offerSource: String, offerID: String, requestSource: String, requestID: String) {
            self.offerSource = offerSource
            self.offerID = offerID
            self.requestSource = requestSource
            self.requestID = requestID
        }

        public static func < (a: LineKey, b: LineKey) -> Bool {
            (a.offerSource, a.offerID, a.requestSource, a.requestID)
                < (b.offerSource, b.offerID, b.requestSource, b.requestID)
        }

        /// `offer → request` as overrides name records.
        public var description: String { "\(offerSource):\(offerID) → \(requestSource):\(requestID)" }
    }

    /// One dispatch line as both plans can show it: what one offer ships to one request, over all its lots.
    public struct Line: Hashable, Sendable {
        public var key: LineKey
        /// The lots' days (`2020-02-11`), ascending, each once.
        public var lotDates: [String]
        public var material: String
        public var quantity: Int64
        public var unit: String
        public var pinned: Bool
        public var supplierName: String
        public var enterpriseName: String
        /// The `line_id`s its plan gave its lots' lines (a driver's sheet names them), space-separated;
        /// matching never looks at them.
        public var lineID: String

        public init(key: LineKey, lotDate: String, material: String, quantity: Int64, unit: String, pinned: Bool,
                    supplierName: String, enterpriseName: String, lineID: String = "") {
            self.key = key
            self.lotDates = [lotDate]
            self.lineID = lineID
            self.material = material
            self.quantity = quantity
            self.unit = unit
            self.pinned = pinned
            self.supplierName = supplierName
            self.enterpriseName = enterpriseName
        }
    }

    /// A planned request's requested and delivered quantities.
    public struct Fill: Hashable, Sendable {
        public var requestSource: String
        public var requestID: String
        public var enterpriseName: String
        public var material: String
        public var tier: Int
        public var requested: Int64
        public var delivered: Int64

        public init(requestSource: String, requestID: String, enterpriseName: String, material: String, tier: Int,
                    requested: Int64, delivered: Int64) {
            self.requestSource = requestSource
            self.requestID = requestID
            self.enterpriseName = enterpriseName
            self.material = material
            self.tier = tier
            self.requested = requested
            self.delivered = delivered
        }

        public var key: String { "\(requestSource):\(requestID)" }
    }

    /// One material's totals in one plan, as its manifest gives them.
    public struct MaterialFigures: Hashable, Sendable {
        public var material: String
        /// The canonical unit (`kg`, `piece`).
        public var unit: String
        public var requested: Int128
        public var delivered: Int128
        /// Planned requests not fully served.
        public var unmetRequests: Int

        public init(material: String, unit: String, requested: Int128, delivered: Int128, unmetRequests: Int) {
            self.material = material
            self.unit = unit
            self.requested = requested
            self.delivered = delivered
            self.unmetRequests = unmetRequests
        }

        public var shortfall: Int128 { requested - delivered }
    }

    /// One plan as the comparison sees it.
    public struct Side: Hashable, Sendable {
        public var planDate: String
        public var lines: [Line]
        /// Every planned request: fully served ones and those with a shortfall.
        public var fills: [Fill]
        /// Every material the plan offers, asks for or ships, in code order.
        public var materials: [MaterialFigures]

        public init(planDate: String, lines: [Line], fills: [Fill], materials: [MaterialFigures] = []) {
            self.planDate = planDate
            self.lines = lines
            self.fills = fills
            self.materials = materials
        }
    }

    /// One material's totals on both sides, and how many of its lines are new, dropped and changed.
    public struct MaterialChange: Hashable, Sendable {
        public var material: String
        public var unit: String
        /// `nil`: the plan does not have the material.
        public var before: MaterialFigures?
        public var after: MaterialFigures?
        public var newLines = 0
        public var droppedLines = 0
        public var changedLines = 0

        /// The same totals and no line changed.
        public var isUnchanged: Bool {
            newLines == 0 && droppedLines == 0 && changedLines == 0 && before?.requested == after?.requested
                && before?.delivered == after?.delivered && before?.unmetRequests == after?.unmetRequests
        }
    }

    /// A request whose delivered quantity or fill ratio differs (`nil`: not planned on that side).
    public struct FillChange: Hashable, Sendable {
        public var before: Fill?
        public var after: Fill?
        public var key: String { any.key }
        /// The side that has the request (`after` when both do).
        public var any: Fill { (after ?? before)! }

        /// delivered ÷ requested after minus before, in ten-thousandths (a side without the request counts as 0).
        public var ratioChange: Int64 {
            func tenThousandths(_ f: Fill?) -> Int64 {
                guard let f, f.requested > 0 else { return 0 }
                return Int64((Double(f.delivered) / Double(f.requested) * 10_000).rounded())
            }
            return tenThousandths(after) - tenThousandths(before)
        }
    }

    public var from: String
    public var to: String
    /// Every material of either side, in code order.
    public var materials: [MaterialChange]
    /// In key order.
    public var added: [Line]
    public var dropped: [Line]
    public var changed: [(before: Line, after: Line)] { zip(changedBefore, changedAfter).map { ($0, $1) } }
    public var changedBefore: [Line]
    public var changedAfter: [Line]
    /// Largest change of fill ratio first (by magnitude), then request key.
    public var fills: [FillChange]

    public var isEmpty: Bool { added.isEmpty && dropped.isEmpty && changedBefore.isEmpty && fills.isEmpty }

    /// Compares two plans.
    /// - Complexity: O(n log n) in the lines and requests of both sides.
    public init(from a: Side, to b: Side) {
        from = a.planDate
        to = b.planDate
        let before = Dictionary(a.lines.map { ($0.key, $0) }, uniquingKeysWith: { x, y in PlanDiff.merged(x, y) })
        let after = Dictionary(b.lines.map { ($0.key, $0) }, uniquingKeysWith: { x, y in PlanDiff.merged(x, y) })
        added = after.values.filter { before[$0.key] == nil }.sorted { $0.key < $1.key }
        dropped = before.values.filter { after[$0.key] == nil }.sorted { $0.key < $1.key }
        let sameDate = a.planDate == b.planDate
        var changedKeys = [LineKey]()
        for (key, line) in after {
            guard let old = before[key] else { continue }
            if old.quantity != line.quantity || old.pinned != line.pinned || (sameDate && old.lotDates != line.lotDates) {
                changedKeys.append(key)
            }
        }
        changedKeys.sort()
        changedBefore = changedKeys.map { before[$0]! }
        changedAfter = changedKeys.map { after[$0]! }
        materials = PlanDiff.materialChanges(a.materials, b.materials, added: added, dropped: dropped,
                                             changed: changedAfter)

        // Requests: one pass over each side, keyed by (source, id) without building strings.
        struct FillKey: Hashable { var source: String; var id: String }
        var fillIndex = [FillKey: Int](minimumCapacity: a.fills.count)
        for (i, f) in a.fills.enumerated() { fillIndex[FillKey(source: f.requestSource, id: f.requestID)] = i }
        var matched = [Bool](repeating: false, count: a.fills.count)
        var moved = [FillChange]()
        for y in b.fills {
            if let i = fillIndex[FillKey(source: y.requestSource, id: y.requestID)] {
                matched[i] = true
                let x = a.fills[i]
                if x.delivered != y.delivered || x.requested != y.requested { moved.append(FillChange(before: x, after: y)) }
            } else {
                moved.append(FillChange(before: nil, after: y))
            }
        }
        for (i, x) in a.fills.enumerated() where !matched[i] { moved.append(FillChange(before: x, after: nil)) }
        let order = moved.indices.map { (change: moved[$0].ratioChange.magnitude, index: $0) }.sorted { p, q in
            if p.change != q.change { return p.change > q.change }
            let x = moved[p.index].any, y = moved[q.index].any
            if x.requestSource != y.requestSource { return x.requestSource < y.requestSource }
            return x.requestID < y.requestID
        }
        fills = order.map { moved[$0.index] }
    }

    /// Two lines of one key on one side (lots of several days, or a plan folder edited by hand): their sum.
    private static func merged(_ x: Line, _ y: Line) -> Line {
        var m = x
        m.quantity += y.quantity
        m.pinned = x.pinned || y.pinned
        m.lotDates = Array(Set(x.lotDates + y.lotDates)).sorted()
        m.lineID = [x.lineID, y.lineID].filter { !$0.isEmpty }.joined(separator: " ")
        return m
    }

    /// Each material's totals on both sides, with its line counts.
    private static func materialChanges(_ a: [MaterialFigures], _ b: [MaterialFigures], added: [Line], dropped: [Line],
                                        changed: [Line]) -> [MaterialChange] {
        var changes = [String: MaterialChange]()
        for x in a { changes[x.material] = MaterialChange(material: x.material, unit: x.unit, before: x) }
        for y in b { changes[y.material, default: MaterialChange(material: y.material, unit: y.unit)].after = y }
        func count(_ lines: [Line], _ field: WritableKeyPath<MaterialChange, Int>) {
            for line in lines {
                changes[line.material, default: MaterialChange(material: line.material, unit: line.unit)][keyPath: field] += 1
            }
        }
        count(added, \.newLines)
        count(dropped, \.droppedLines)
        count(changed, \.changedLines)
        return changes.keys.sorted().map { changes[$0]! }
    }

    public static func == (a: PlanDiff, b: PlanDiff) -> Bool {
        a.from == b.from && a.to == b.to && a.materials == b.materials && a.added == b.added && a.dropped == b.dropped
            && a.changedBefore == b.changedBefore && a.changedAfter == b.changedAfter && a.fills == b.fills
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(from)
        hasher.combine(to)
        hasher.combine(materials)
        hasher.combine(added)
        hasher.combine(dropped)
        hasher.combine(changedAfter)
    }
}

// MARK: - From a night

extension PlanDiff.Side {
    /// This night's plan as the comparison sees it.
    /// - Throws: `PlanFileError` when the plan names a record the night does not hold.
    public init(_ run: NightRun) throws {
        let rows = try DispatchRow.rows(of: run, file: "report.html")
        try self.init(run, rows: rows)
    }

    init(_ run: NightRun, rows: [DispatchRow]) throws {
        let lines = rows.map { row in
            PlanDiff.Line(key: PlanDiff.LineKey(offerSource: row.offer.key.source, offerID: row.offer.key.id,
                                                requestSource: row.request.key.source, requestID: row.request.key.id),
                          lotDate: row.line.lotDay.description, material: row.line.material.rawValue, quantity: row.line.quantity.units,
                          unit: row.unit.rawValue, pinned: row.line.pinned, supplierName: row.offer.supplierName,
                          enterpriseName: row.request.enterpriseName, lineID: row.id)
        }
        var fills = [PlanDiff.Fill]()
        fills.reserveCapacity(run.plan.outcomes.count)
        for outcome in run.plan.outcomes {
            guard let request = run.plan.request(of: outcome) else {
                throw PlanFileError.unknownRequest(outcome.request, file: "report.html")
            }
            fills.append(PlanDiff.Fill(requestSource: outcome.request.source, requestID: outcome.request.id,
                                       enterpriseName: request.enterpriseName, material: request.material.rawValue,
                                       tier: outcome.tier, requested: outcome.requested.units,
                                       delivered: outcome.delivered.units))
        }
        let materials = run.plan.quantitiesByMaterial().map { q in
            PlanDiff.MaterialFigures(material: q.material.rawValue,
                                     unit: run.catalog[q.material]?.canonicalUnit.rawValue ?? "",
                                     requested: q.requested, delivered: q.delivered, unmetRequests: q.unmetRequests)
        }
        self.init(planDate: run.planDate.description, lines: lines, fills: fills, materials: materials)
    }
}

// MARK: - From a published plan

extension PlanDiff.Side {
    /// A published plan as the comparison sees it. Requests with a shortfall
    /// come from `unmet.csv`; every other planned request was fully served,
    /// so its requested quantity is what `dispatch.csv` delivers to it, and
    /// its material the lines' `requested_material` (SPEC 13).
    /// - Throws: `PlanSnapshotError` when one request's lines add up past 64
    ///   bits (a plan folder edited by hand: no run publishes one), so every
    ///   sum the comparison makes of them is exact.
    /// - Complexity: O(n) in the plan's lines and unmet requests.
    public init(_ snapshot: PlanSnapshot) throws {
        let lines = snapshot.dispatch.map { line in
            PlanDiff.Line(key: PlanDiff.LineKey(offerSource: line.offer.source, offerID: line.offer.id,
                                                requestSource: line.request.source, requestID: line.request.id),
                          lotDate: line.lotDate.description, material: line.material.rawValue, quantity: line.quantity, unit: line.unit, pinned: line.pinned,
                          supplierName: line.supplierName, enterpriseName: line.enterpriseName, lineID: line.lineID)
        }
        let fills = try snapshot.plannedRequests().map { r in
            PlanDiff.Fill(requestSource: r.request.source, requestID: r.request.id, enterpriseName: r.enterpriseName,
                          material: r.material.rawValue, tier: r.tier, requested: r.requested, delivered: r.delivered)
        }
        let materials = snapshot.manifest.materials.map { m in
            PlanDiff.MaterialFigures(material: m.code.rawValue, unit: m.unit, requested: Int128(m.requested),
                                     delivered: Int128(m.delivered), unmetRequests: m.unmetRequests)
        }
        self.init(planDate: snapshot.planDate.description, lines: lines, fills: fills, materials: materials)
    }
}
