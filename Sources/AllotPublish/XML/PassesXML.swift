import AllotCore

/// The transport passes as XML, for `allot export passes --format xml` (SPEC 16): one `<pass>` per row of
/// `passes.csv`, its goods as child elements, in namespace `urn:allot:passes:1`, valid against
/// `passes.xsd`. Codes as the plan files have them, names in the export's language.
///
/// *Example*:
///
///     <passes xmlns="urn:allot:passes:1" plan-date="2020-02-11" language="zh" passes="1" truck-capacity-kg="10000">
///       <pass pass-id="P20200211-1" ship-on="2020-02-11" valid-until="2020-02-12" supplier-id="…"
///             supplier-name="山东省应急物资储备" from-region="370000" from-region-name="山东省"
///             to-region="371503" to-region-name="聊城市茌平区" weight-kg="117.9" trucks="1">
///         <goods material="MASK-MEDICAL" material-name="一次性使用医用口罩" quantity="20000" unit="piece"/>
///       </pass>
///     </passes>
public enum PassesXML {
    public static let namespace = "urn:allot:passes:1"
    public static let schemaResource = "passes.xsd"

    /// The document's bytes (UTF-8).
    public static func render(_ passes: [TransportPass], planDate: CalendarDate, truckCapacityKilograms: Double,
                              labels: PlanLabels) -> [UInt8] {
        var xml = XMLWriter()
        xml.start("passes", [("xmlns", namespace), ("plan-date", planDate.description),
                             ("language", labels.language.rawValue), ("passes", String(passes.count)),
                             ("truck-capacity-kg", DecimalText.shortest(truckCapacityKilograms) ?? "0")])
        for pass in passes {
            xml.start("pass", [
                ("pass-id", pass.passID), ("ship-on", pass.shipOn.description), ("valid-until", pass.validUntil.description),
                ("supplier-id", pass.supplierID), ("supplier-name", pass.supplierName),
                ("from-region", pass.fromRegion.description), ("from-region-name", labels.address(pass.fromRegion)),
                ("to-region", pass.toRegion.description), ("to-region-name", labels.address(pass.toRegion)),
                ("weight-kg", DecimalText.fixed(pass.weightDecikilograms, scale: 1)),
                ("trucks", String(pass.trucks)),
            ])
            for goods in pass.goods {
                xml.start("goods", [("material", goods.material.rawValue), ("material-name", labels.material(goods.material)),
                                    ("quantity", String(goods.quantity)), ("unit", labels.unitCode(goods.material))],
                          empty: true)
            }
            xml.end()
        }
        xml.end()
        return xml.bytes
    }
}
