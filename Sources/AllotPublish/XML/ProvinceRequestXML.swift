import AllotCore

/// `province-request.xml`: the city's request to the province in namespace
/// `urn:allot:province-request:1`, valid against `province-request.xsd` (SPEC 9).
///
/// *Example*:
///
///     <province-request xmlns="urn:allot:province-request:1" plan-date="2020-02-11"
///                       generated="2020-02-11T00:00:00+08:00" language="zh" request-tiers="1 2">
///       <city code="371500" name="聊城市"/>
///       <totals materials="8" regions="10" materials-asked="5" regions-asked="9"/>
///       <material code="SUIT" name="医用防护服" unit="piece" requested="5640" delivered="3000"
///                 shortfall="2640" capped-shortfall="0" ask="2640">
///         <tier number="1" requested="5640" delivered="3000" shortfall="2640" capped-shortfall="0" ask="2640"/>
///         <region code="371502" name="东昌府区" requested="…" …>
///           <tier number="1" …/>
///         </region>
///       </material>
///     </province-request>
///
/// Materials in code order, regions in code order, tiers ascending. Every
/// figure is a whole number of the material's canonical unit. The document
/// is the same bytes for the same night, options and `generated`.
public enum ProvinceRequestXML {
    public static let fileName = "province-request.xml"
    public static let namespace = "urn:allot:province-request:1"
    public static let schemaResource = "province-request.xsd"

    /// The document's bytes (UTF-8), names in `labels`' language.
    /// - Complexity: O(materials × regions × tiers).
    public static func render(_ request: ProvinceRequest, labels: PlanLabels) -> [UInt8] {
        var xml = XMLWriter()
        xml.start("province-request", [
            ("xmlns", namespace), ("plan-date", request.planDate.description), ("generated", request.generated),
            ("language", labels.language.rawValue), ("request-tiers", request.requestTiers.map(String.init).joined(separator: " ")),
        ])
        if let city = request.city {
            xml.start("city", [("code", city.description), ("name", labels.region(city))], empty: true)
        }
        let regions = Set(request.materials.flatMap { $0.regions.map(\.region) })
        let askedRegions = Set(request.materials.flatMap { $0.regions.filter { $0.total.ask > 0 }.map(\.region) })
        xml.start("totals", [
            ("materials", String(request.materials.count)), ("regions", String(regions.count)),
            ("materials-asked", String(request.materials.filter { $0.total.ask > 0 }.count)),
            ("regions-asked", String(askedRegions.count)),
        ], empty: true)
        for material in request.materials {
            xml.start("material", [("code", material.material.rawValue), ("name", labels.material(material.material)),
                                   ("unit", material.unit)] + figures(material.total))
            for tier in material.tiers { xml.start("tier", [("number", String(tier.tier))] + figures(tier), empty: true) }
            for region in material.regions {
                xml.start("region", [("code", region.region.description), ("name", labels.region(region.region))]
                    + figures(region.total))
                for tier in region.tiers { xml.start("tier", [("number", String(tier.tier))] + figures(tier), empty: true) }
                xml.end()
            }
            xml.end()
        }
        xml.end()
        return xml.bytes
    }

    private static func figures(_ f: ProvinceRequest.TierFigures) -> [(String, String)] {
        [("requested", String(f.requested)), ("delivered", String(f.delivered)), ("shortfall", String(f.shortfall)),
         ("capped-shortfall", String(f.cappedShortfall)), ("ask", String(f.ask))]
    }
}

// MARK: - Reading back

extension ProvinceRequestXML {
    /// Reads a document this type wrote: validated against the schema first,
    /// then its figures by region and tier (the sums are recomputed, names are
    /// not kept: they are labels of the codes).
    /// - Parameter path: how errors name the file.
    /// - Throws: `PlanSnapshotError` naming the file and libxml2's first problem with its line.
    public static func read(_ bytes: [UInt8], path: String, schema: XMLSchemaValidator? = nil) throws -> ProvinceRequest {
        let validator: XMLSchemaValidator
        do { validator = try schema ?? XMLSchemaValidator(resource: schemaResource) } catch {
            throw PlanSnapshotError(file: path, message: "\(error)")
        }
        let (problems, count) = validator.problems(in: bytes, name: path)
        if count > 0, let first = problems.first {
            throw PlanSnapshotError(file: path, line: first.line,
                                    message: "not valid against \(schemaResource): \(first.message)")
        }
        var request = ProvinceRequest(planDate: CalendarDate(dayNumber: 0), generated: "", requestTiers: [], city: nil,
                                      materials: [])
        try XMLElementReader.forEachElement(in: bytes, name: path) { element in
            func number(_ attribute: String) throws -> Int128 {
                guard let value = element.attributes[attribute].flatMap({ Int128($0) }) else {
                    throw PlanSnapshotError(file: path, line: element.line, field: attribute, message: "is not a whole number")
                }
                return value
            }
            switch (element.depth, element.name) {
            case (0, "province-request"):
                request.planDate = CalendarDate(iso: element.attributes["plan-date"] ?? "")
                    ?? request.planDate
                request.generated = element.attributes["generated"] ?? ""
                request.requestTiers = (element.attributes["request-tiers"] ?? "").split(separator: " ").compactMap { Int($0) }
            case (1, "city"):
                request.city = RegionCode(text: element.attributes["code"] ?? "")
            case (1, "material"):
                request.materials.append(ProvinceRequest.MaterialRequest(
                    material: MaterialCode(element.attributes["code"] ?? ""), unit: element.attributes["unit"] ?? "",
                    regions: []))
            case (2, "region"):
                guard let code = RegionCode(text: element.attributes["code"] ?? "") else { return }
                request.materials[request.materials.count - 1].regions.append(
                    ProvinceRequest.RegionRequest(region: code, tiers: []))
            case (3, "tier"):
                let m = request.materials.count - 1, r = request.materials[m].regions.count - 1
                let tier = ProvinceRequest.TierFigures(
                    tier: Int(try number("number")), requested: try number("requested"),
                    delivered: try number("delivered"), cappedShortfall: try number("capped-shortfall"),
                    ask: try number("ask"))
                request.materials[m].regions[r].tiers.append(tier)
            default:
                break   // material-level tiers and totals are sums of the regions
            }
        }
        return request
    }
}
