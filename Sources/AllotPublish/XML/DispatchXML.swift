import AllotCore

/// `dispatch.xml`: the plan as XML in namespace `urn:allot:dispatch:1`,
/// valid against `dispatch.xsd` (SPEC 9).
///
/// *Example*:
///
///     <dispatch xmlns="urn:allot:dispatch:1" plan-date="2020-02-11" horizon-days="3" share="maxmin">
///       <material code="DISINFECTANT" name="消毒液" unit="kg" offered="12000" requested="15000"
///                 delivered="12000" unmet-requests="1" ton-km="0.000" shipped="12000" substituted-in="0">
///         <tier number="1" requested="3000" delivered="0" shortfall="3000"/>
///         <line id="L-7F3K9-2QDXM" quantity="12000" tier="2" road-km="0.0" ship-on="2020-02-11"
///               arrive-by="2020-02-11" pinned="true">
///           <from source="donations" offer-id="D-1" supplier-id="…" supplier-name="…" region="371502"/>
///           <to source="lc" request-id="LC-0042" enterprise-id="…" enterprise-name="…" region="371503"/>
///         </line>
///         <unmet source="…" request-id="…" enterprise-id="…" enterprise-name="…" region="…" tier="1"
///                requested="3000" delivered="0" shortfall="3000" fill-ratio="0.0000" overdue="false"
///                reason="no_offer_in_reach" category="medical" needed-by="2020-02-12"/>
///       </material>
///     </dispatch>
///
/// Materials in code order, as `manifest.json` lists them; within one, its
/// tiers, its lines in `dispatch.csv` order with the same ids, then its
/// requests with a shortfall in `unmet.csv` order. `ship-on` is the lot's
/// day (`dispatch.csv` has it twice, as `lot_date` and `ship_on`).
///
/// Substitutes (SPEC 13): a line stands under its lot's material, as in
/// `dispatch.csv`, and carries `requested-material` only when the request
/// asked for another material (a substitute's line); `requested`,
/// `delivered` and the tiers are about the material's requests whatever
/// served them, `shipped` is the sum of its own lines and `substituted-in`
/// the part of it that served other materials' requests. The schema makes
/// the three optional, so a plan published before them stays valid.
///
/// Carry-over (SPEC 15): an `<unmet>` also carries the request's `category`
/// and, when the request named one, its `needed-by`, which `unmet.csv`'s
/// fixed columns leave out: what the work ledger needs to plan the request
/// again on a later night "with its other values as they were", read back
/// by `PlanSnapshot.requestTerms(_:)` when `allot ledger rebuild` records
/// the folder. Optional in the schema, so a plan published before them
/// stays valid.
public enum DispatchXML {
    public static let fileName = "dispatch.xml"
    public static let namespace = "urn:allot:dispatch:1"
    /// The schema resource it validates against.
    public static let schemaResource = "dispatch.xsd"

    /// The document's bytes (UTF-8).
    /// - Throws: `PlanFileError` when the plan names a record or material the night does not hold.
    /// - Complexity: O(n log n) for n lines and outcomes.
    public static func render(_ run: NightRun) throws -> [UInt8] {
        let rows = try DispatchRow.rows(of: run, file: fileName)
        return render(run, rows: rows, unmet: try UnmetRow.rows(of: run, file: fileName),
                      materials: try MaterialTotals.all(of: run, rows: rows, file: fileName))
    }

    /// The document from rows and totals already resolved.
    static func render(_ run: NightRun, rows: [DispatchRow], unmet: [UnmetRow], materials: [MaterialTotals]) -> [UInt8] {
        var xml = XMLWriter()
        xml.start("dispatch", [
            ("xmlns", namespace), ("plan-date", run.planDate.description),
            ("horizon-days", String(run.policy.horizonDays)), ("share", run.policy.share.rawValue),
        ])
        var nextRow = 0, nextUnmet = 0
        for totals in materials {
            let code = totals.material.code
            xml.start("material", [
                ("code", code.rawValue), ("name", totals.material.name),
                ("unit", totals.material.canonicalUnit.rawValue), ("offered", String(totals.offered)),
                ("requested", String(totals.requested)), ("delivered", String(totals.delivered)),
                ("unmet-requests", String(totals.unmetRequests)), ("ton-km", totals.tonKm),
                ("shipped", String(totals.shipped)), ("substituted-in", String(totals.substitutedIn)),
            ])
            for tier in totals.tiers {
                xml.start("tier", [
                    ("number", String(tier.tier)), ("requested", String(tier.requested)),
                    ("delivered", String(tier.delivered)), ("shortfall", String(tier.requested - tier.delivered)),
                ], empty: true)
            }
            while nextRow < rows.count, rows[nextRow].line.material == code {
                write(rows[nextRow], to: &xml)
                nextRow += 1
            }
            while nextUnmet < unmet.count, unmet[nextUnmet].request.material == code {
                write(unmet[nextUnmet], to: &xml)
                nextUnmet += 1
            }
            xml.end()
        }
        // Materials cover every line's and every outcome's material, in the same order.
        assert(nextRow == rows.count && nextUnmet == unmet.count, "a line or request outside the listed materials")
        xml.end()
        return xml.bytes
    }

    private static func write(_ row: DispatchRow, to xml: inout XMLWriter) {
        let line = row.line
        var attributes = [
            ("id", row.id), ("quantity", String(line.quantity.units)), ("tier", String(line.tier)),
            ("road-km", DecimalText.fixed(line.roadDecikm, scale: 1)), ("ship-on", line.lotDay.description),
            ("arrive-by", line.arriveBy.description), ("pinned", line.pinned ? "true" : "false"),
        ]
        if line.isSubstitution { attributes.append(("requested-material", line.requestedMaterial.rawValue)) }
        xml.start("line", attributes)
        xml.start("from", [
            ("source", line.offer.source), ("offer-id", line.offer.id),
            ("supplier-id", row.offer.supplierID.description), ("supplier-name", row.offer.supplierName),
            ("region", row.offer.region.description),
        ], empty: true)
        xml.start("to", [
            ("source", line.request.source), ("request-id", line.request.id),
            ("enterprise-id", row.request.enterpriseID.description), ("enterprise-name", row.request.enterpriseName),
            ("region", row.request.region.description),
        ], empty: true)
        xml.end()
    }

    private static func write(_ row: UnmetRow, to xml: inout XMLWriter) {
        let outcome = row.outcome, request = row.request
        var attributes = [
            ("source", request.key.source), ("request-id", request.key.id),
            ("enterprise-id", request.enterpriseID.description), ("enterprise-name", request.enterpriseName),
            ("region", request.region.description), ("tier", String(outcome.tier)),
            ("requested", String(outcome.requested.units)), ("delivered", String(outcome.delivered.units)),
            ("shortfall", String(outcome.shortfall.units)), ("fill-ratio", row.fillRatio),
            ("overdue", outcome.overdue ? "true" : "false"), ("reason", row.reason.rawValue),
            ("category", request.category.rawValue),
        ]
        if let neededBy = request.neededBy { attributes.append(("needed-by", neededBy.description)) }
        xml.start("unmet", attributes, empty: true)
    }
}
