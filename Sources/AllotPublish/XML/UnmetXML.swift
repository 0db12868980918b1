import AllotCore

/// The unmet list as XML, for `allot export unmet --format xml`: one
/// `<request>` per row of `unmet.csv` in the same order, in namespace
/// `urn:allot:unmet:1`, valid against `unmet.xsd`. Codes as `unmet.csv`
/// has them, and beside them the names of the region, the material and the
/// reason in the export's language.
///
/// *Example*:
///
///     <unmet xmlns="urn:allot:unmet:1" plan-date="2020-02-11" language="zh" requests="1">
///       <request source="county-chiping" request-id="CP-003" enterprise-id="…" enterprise-name="信发集团"
///                region="371503" region-name="茌平区" material="MASK-MEDICAL" material-name="一次性使用医用口罩"
///                unit="piece" tier="2" requested="192000" delivered="39024" shortfall="152976"
///                fill-ratio="0.2033" overdue="false" reason="capped" reason-text="已达限额"/>
///     </unmet>
public enum UnmetXML {
    public static let namespace = "urn:allot:unmet:1"
    public static let schemaResource = "unmet.xsd"

    /// The document's bytes (UTF-8).
    /// - Complexity: O(rows).
    public static func render(_ snapshot: PlanSnapshot, labels: PlanLabels) -> [UInt8] {
        var xml = XMLWriter()
        xml.start("unmet", [("xmlns", namespace), ("plan-date", snapshot.planDate.description),
                            ("language", labels.language.rawValue), ("requests", String(snapshot.unmet.count))])
        for row in snapshot.unmet {
            xml.start("request", [
                ("source", row.request.source), ("request-id", row.request.id), ("enterprise-id", row.enterpriseID),
                ("enterprise-name", row.enterpriseName), ("region", row.region.description),
                ("region-name", labels.region(row.region)), ("material", row.material.rawValue),
                ("material-name", labels.material(row.material)),
                ("unit", snapshot.manifest[row.material]?.unit ?? labels.unitCode(row.material)),
                ("tier", String(row.tier)), ("requested", String(row.requested)), ("delivered", String(row.delivered)),
                ("shortfall", String(row.shortfall)), ("fill-ratio", row.fillRatio),
                ("overdue", row.overdue ? "true" : "false"), ("reason", row.reason.rawValue),
                ("reason-text", labels.reason(row.reason)),
            ], empty: true)
        }
        xml.end()
        return xml.bytes
    }
}
