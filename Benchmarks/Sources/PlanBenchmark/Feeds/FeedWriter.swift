import AllotCore
import AllotPlanner
import BenchmarkSupport
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Writes one generated night as feed files (`FeedExport`), from a random
/// stream of its own, so the night's records are those of `NightGenerator`.
struct FeedWriter {
    let settings: NightSettings
    private var random: SeededRandom
    private var badSerial = 0

    init(settings: NightSettings) {
        self.settings = settings
        random = SeededRandom(seed: settings.seed ^ 0x4645_4544_5752_4954)
    }

    /// How a county office saves its spreadsheet.
    struct CSVStyle {
        var chinese: Bool
        var encoding: String   // "UTF-8", "UTF-8 BOM", "GB18030"
        var crlf: Bool
    }

    /// A record's fields, in the column order of its kind; an empty string for a column left empty.
    private typealias Row = [String]

    // MARK: - The folder

    mutating func write(_ input: PlanningInput, to folder: URL) throws -> [FeedManifest.FeedFile] {
        try policyText(input.policy).write(to: folder.appendingPathComponent("allot.toml"), atomically: false, encoding: .utf8)
        let overrides = "action,offer_id,request_id,enterprise_id,material,quantity,note\n"
            + input.overrides.sorted { $0.line < $1.line }.map { $0.raw + "\n" }.joined()
        try overrides.write(to: folder.appendingPathComponent("overrides.csv"), atomically: false, encoding: .utf8)

        var offersBySource = [String: [Offer]](), requestsBySource = [String: [Request]]()
        for o in input.offers { offersBySource[o.key.source, default: []].append(o) }
        for r in input.requests { requestsBySource[r.key.source, default: []].append(r) }
        var files = [FeedManifest.FeedFile]()
        for source in offersBySource.keys.sorted() {
            let offers = offersBySource[source]!
            if source.hasPrefix("platform-") {
                files.append(try writeXML(source: source, offers: offers, requests: [], folder: folder))
            } else {
                files.append(try writeCSV(source: source, offers: offers, requests: nil, folder: folder))
            }
        }
        for (i, source) in requestsBySource.keys.sorted().enumerated() {
            let requests = requestsBySource[source]!
            if i % FeedExport.xmlRequestSourceEvery == 7 {
                files.append(try writeXML(source: source, offers: [], requests: requests, folder: folder))
            } else {
                files.append(try writeCSV(source: source, offers: nil, requests: requests, folder: folder))
            }
        }
        return files
    }

    /// SPEC 6's defaults written out, the night's share and its `[substitutes]`.
    private func policyText(_ policy: Policy) -> String {
        var text = """
            # The generated night of night-bench (Benchmarks/README.md, part 5).
            horizon_days = \(policy.horizonDays)
            road_factor = \(policy.roadFactor)
            speed_km_per_day = \(Int(policy.speedKmPerDay))
            max_distance_km = \(Int(policy.maxDistanceKm))
            share = "\(policy.share.rawValue)"

            [tiers]
            epidemic_producer = 1
            medical = 1
            key_enterprise = 2
            above_scale = 3
            sme = 4

            """
        if !policy.substitutes.entries.isEmpty {
            text += "\n[substitutes]\n"
            for e in policy.substitutes.entries {
                text += "\(e.requested.rawValue) = [" + e.substitutes.map { "\"\($0.rawValue)\"" }.joined(separator: ", ") + "]\n"
            }
        }
        return text
    }

    // MARK: - CSV

    static let offerHeader = ["offer_id", "supplier_id", "supplier_name", "region", "material", "quantity", "unit", "kind",
                              "available_from", "available_until", "updated_at", "status", "for_enterprise",
                              "for_categories", "for_regions", "input_material", "input_per_unit", "input_stock"]
    static let offerHeaderZH = ["供给编号", "供应方信用代码", "供应方名称", "所在地区", "物资", "数量", "单位", "类型", "可供日期",
                                "截止日期", "更新时间", "状态", "定向企业", "定向类别", "定向地区", "原料", "单耗", "原料库存"]
    static let requestHeader = ["request_id", "enterprise_id", "enterprise_name", "region", "material", "quantity", "unit",
                                "workers", "needed_by", "category", "updated_at", "status"]
    static let requestHeaderZH = ["需求编号", "企业信用代码", "企业名称", "所在地区", "物资", "数量", "单位", "返岗人数", "需求日期",
                                  "企业类别", "更新时间", "状态"]

    private mutating func csvStyle() -> CSVStyle {
        switch random.below(100) {
        case 0..<50: return CSVStyle(chinese: false, encoding: "UTF-8", crlf: random.chance(0.3))
        case 50..<60: return CSVStyle(chinese: false, encoding: "UTF-8 BOM", crlf: random.chance(0.3))
        case 60..<75: return CSVStyle(chinese: true, encoding: "UTF-8", crlf: random.chance(0.3))
        case 75..<85: return CSVStyle(chinese: true, encoding: "UTF-8 BOM", crlf: random.chance(0.3))
        default: return CSVStyle(chinese: true, encoding: "GB18030", crlf: random.chance(0.3))
        }
    }

    private mutating func writeCSV(source: String, offers: [Offer]?, requests: [Request]?,
                                   folder: URL) throws -> FeedManifest.FeedFile {
        let style = csvStyle()
        let header = offers != nil ? (style.chinese ? Self.offerHeaderZH : Self.offerHeader)
            : (style.chinese ? Self.requestHeaderZH : Self.requestHeader)
        var rows = [Row]()
        var good = 0, bad = 0, superseded = 0, badIDs = [String]()
        let count = offers?.count ?? requests!.count
        for i in 0..<count {
            if random.chance(FeedExport.supersededRate) {
                // An older copy of the record: ten times the quantity, updated the day before.
                var old: Row
                if var o = offers?[i] {
                    o.quantity = Quantity(o.quantity.units * 10)
                    old = offerRow(o, chinese: style.chinese)
                } else {
                    var r = requests![i]
                    r.quantity = Quantity(r.quantity.units * 10)
                    old = requestRow(r, chinese: style.chinese)
                }
                old[10] = "2020-02-09 \(twoDigits(random.int(6...20))):\(twoDigits(random.int(0...59)))"
                rows.append(old)
                superseded += 1
            }
            var row = offers.map { offerRow($0[i], chinese: style.chinese) } ?? requestRow(requests![i], chinese: style.chinese)
            rows.append(row)
            good += 1
            if random.chance(FeedExport.badRate) {
                badSerial += 1
                row[0] = "X" + padded(badSerial, 6)
                spoil(&row, isOffer: offers != nil)
                rows.append(row)
                bad += 1
                badIDs.append(row[0])
            }
        }
        let newline = style.crlf ? "\r\n" : "\n"
        var text = style.encoding == "UTF-8 BOM" ? "\u{FEFF}" : ""
        text += header.joined(separator: ",") + newline
        for row in rows { text += row.map(csvField).joined(separator: ",") + newline }
        var bytes = Array(text.utf8)
        if style.encoding == "GB18030" { bytes = try Self.gb18030(bytes) }
        let name = "feeds/\(source).csv"
        try Data(bytes).write(to: folder.appendingPathComponent(name))
        return FeedManifest.FeedFile(path: name, source: source, format: "csv", encoding: style.encoding,
                                     headers: style.chinese ? "zh" : "en", records: good + bad + superseded, good: good,
                                     bad: bad, superseded: superseded, bytes: bytes.count, sha256: SHA256.hex(of: bytes),
                                     badIDs: badIDs)
    }

    private func csvField(_ s: String) -> String {
        s.contains(",") || s.contains("\"") || s.contains("\n") ? "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : s
    }

    private mutating func offerRow(_ o: Offer, chinese: Bool) -> Row {
        let (quantity, unit) = quantityText(o.quantity.units, material: o.material)
        let kind = o.kind == .stock && random.chance(0.5) ? "" : chinese ? o.kind.chineseName : o.kind.rawValue
        var row: Row = [o.key.id, o.supplierID.description, o.supplierName, o.region.description,
                        materialText(o.material, chinese: chinese), quantity, unit, kind,
                        o.availableFrom.map { dateText($0, chinese: chinese) } ?? "",
                        o.availableUntil.map { dateText($0, chinese: chinese) } ?? "",
                        updatedText(), random.chance(0.1) ? "active" : "", "", "", "", "", "", ""]
        if let e = o.earmark {
            row[12] = e.enterprise?.description ?? ""
            row[13] = e.categories.map { chinese ? $0.chineseName : $0.rawValue }.joined(separator: chinese ? "、" : "|")
            row[14] = e.regions.map(\.description).joined(separator: "|")
        }
        if let c = o.conversion {
            row[15] = materialText(c.material, chinese: chinese)
            row[16] = c.perUnit.description
            row[17] = c.stock.units > 0 ? String(c.stock.units) : ""
        }
        return row
    }

    private mutating func requestRow(_ r: Request, chinese: Bool) -> Row {
        var (quantity, unit) = quantityText(r.quantity.units, material: r.material)
        var workers = ""
        // MASK-MEDICAL: 2 a worker a day over the three days, so workers × 6 is the quantity.
        if r.material.rawValue == "MASK-MEDICAL", r.quantity.units % 6 == 0, random.chance(0.2) {
            workers = String(r.quantity.units / 6)
            quantity = ""
            unit = ""
        }
        return [r.key.id, r.enterpriseID.description, r.enterpriseName, r.region.description,
                materialText(r.material, chinese: chinese), quantity, unit, workers,
                r.neededBy.map { dateText($0, chinese: chinese) } ?? "",
                chinese ? r.category.chineseName : r.category.rawValue, updatedText(), random.chance(0.1) ? "active" : ""]
    }

    /// One field that allot must reject.
    private mutating func spoil(_ row: inout Row, isOffer: Bool) {
        switch random.below(4) {
        case 0: row[5] = "-5"; row[6] = ""; if !isOffer { row[7] = "" }
        case 1: row[3] = "999999"
        case 2: row[4] = "不存在的物资"
        default:
            var code = Array(row[1])
            let alphabet = Array("0123456789ABCDEFGHJKLMNPQRTUWXY")
            let at = alphabet.firstIndex(of: code[17])!
            code[17] = alphabet[(at + 1 + random.below(alphabet.count - 1)) % alphabet.count]
            row[1] = String(code)
        }
    }

    // MARK: - XML

    private mutating func writeXML(source: String, offers: [Offer], requests: [Request],
                                   folder: URL) throws -> FeedManifest.FeedFile {
        var text = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
            + "<feed xmlns=\"urn:allot:feed:1\" source=\"\(source)\" generated=\"2020-02-10T20:00:00+08:00\">\n"
        var counts = XMLCounts()
        for o in offers {
            appendVersions(id: o.key.id, quantity: o.quantity.units, to: &text, counts: &counts) { writer, id, updated, quantity in
                writer.offerXML(o, id: id, updated: updated, quantity: quantity)
            }
        }
        for r in requests {
            appendVersions(id: r.key.id, quantity: r.quantity.units, to: &text, counts: &counts) { writer, id, updated, quantity in
                writer.requestXML(r, id: id, updated: updated, quantity: quantity)
            }
        }
        let (good, bad, superseded, badIDs) = (counts.good, counts.bad, counts.superseded, counts.badIDs)
        text += "</feed>\n"
        let bytes = Array(text.utf8)
        let name = "feeds/\(source).xml"
        try Data(bytes).write(to: folder.appendingPathComponent(name))
        return FeedManifest.FeedFile(path: name, source: source, format: "xml", encoding: "UTF-8", headers: "",
                                     records: good + bad + superseded, good: good, bad: bad, superseded: superseded,
                                     bytes: bytes.count, sha256: SHA256.hex(of: bytes), badIDs: badIDs)
    }

    /// What an XML feed's records came to, as `appendVersions` counted them.
    private struct XMLCounts {
        var good = 0, bad = 0, superseded = 0
        var badIDs = [String]()
    }

    /// One record's elements, made by `element`: sometimes an older copy first (ten times the quantity, a day
    /// earlier), the record, and sometimes a bad copy after it (a negative quantity, an `X…` id).
    private mutating func appendVersions(id: String, quantity: Int64, to text: inout String, counts: inout XMLCounts,
                                         _ element: (inout FeedWriter, String, String, Int64) -> String) {
        if random.chance(FeedExport.supersededRate) {
            text += element(&self, id, "2020-02-09T18:00:00+08:00", quantity * 10)
            counts.superseded += 1
        }
        let updated = xmlUpdated()
        text += element(&self, id, updated, quantity)
        counts.good += 1
        if random.chance(FeedExport.badRate) {
            badSerial += 1
            let badID = "X" + padded(badSerial, 6)
            let badUpdated = xmlUpdated()
            text += element(&self, badID, badUpdated, -5)
            counts.bad += 1
            counts.badIDs.append(badID)
        }
    }

    private mutating func offerXML(_ o: Offer, id: String, updated: String, quantity: Int64) -> String {
        let (q, unit) = quantity < 0 ? ("-5", "") : quantityText(quantity, material: o.material)
        var s = "  <offer id=\"\(escaped(id))\" kind=\"\(o.kind.rawValue)\" updated=\"\(updated)\">\n"
            + "    <supplier id=\"\(o.supplierID)\" name=\"\(escaped(o.supplierName))\"/>\n"
            + "    <region>\(o.region)</region>\n"
            + "    <material>\(escaped(materialText(o.material, chinese: random.chance(0.5))))</material>\n"
            + "    <quantity\(unit.isEmpty ? "" : " unit=\"\(unit)\"")>\(q)</quantity>\n"
        if let d = o.availableFrom { s += "    <available-from>\(d)</available-from>\n" }
        if let d = o.availableUntil { s += "    <available-until>\(d)</available-until>\n" }
        if let e = o.earmark {
            var attributes = ""
            if let code = e.enterprise { attributes += " enterprise=\"\(code)\"" }
            if !e.categories.isEmpty { attributes += " categories=\"\(e.categories.map(\.rawValue).joined(separator: "|"))\"" }
            if !e.regions.isEmpty { attributes += " regions=\"\(e.regions.map(\.description).joined(separator: "|"))\"" }
            s += "    <for\(attributes)/>\n"
        }
        if let c = o.conversion {
            s += "    <input material=\"\(c.material.rawValue)\" per-unit=\"\(c.perUnit)\""
                + (c.stock.units > 0 ? " stock=\"\(c.stock.units)\"" : "") + "/>\n"
        }
        return s + "  </offer>\n"
    }

    private mutating func requestXML(_ r: Request, id: String, updated: String, quantity: Int64) -> String {
        let (q, unit) = quantity < 0 ? ("-5", "") : quantityText(quantity, material: r.material)
        var s = "  <request id=\"\(escaped(id))\" updated=\"\(updated)\">\n"
            + "    <enterprise id=\"\(r.enterpriseID)\" name=\"\(escaped(r.enterpriseName))\" category=\"\(r.category.rawValue)\"/>\n"
            + "    <region>\(r.region)</region>\n"
            + "    <material>\(escaped(materialText(r.material, chinese: random.chance(0.5))))</material>\n"
            + "    <quantity\(unit.isEmpty ? "" : " unit=\"\(unit)\"")>\(q)</quantity>\n"
        if let d = r.neededBy { s += "    <needed-by>\(d)</needed-by>\n" }
        return s + "  </request>\n"
    }

    private func escaped(_ s: String) -> String {
        guard s.contains(where: { $0 == "&" || $0 == "<" || $0 == "\"" || $0 == ">" }) else { return s }
        return s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }

    private mutating func xmlUpdated() -> String {
        "2020-02-10T\(twoDigits(random.int(6...19))):\(twoDigits(random.int(0...59))):00+08:00"
    }

    // MARK: - Values

    /// Code, name and an alias of each catalog material (SPEC 3).
    static let materialNames: [String: [String]] = [
        "MELTBLOWN": ["MELTBLOWN", "熔喷布", "熔喷无纺布", "meltblown"],
        "DISINFECTANT": ["DISINFECTANT", "消毒液", "84消毒液", "disinfectant"],
        "ALCOHOL": ["ALCOHOL", "75%酒精", "医用酒精", "alcohol"],
        "MASK-MEDICAL": ["MASK-MEDICAL", "一次性使用医用口罩", "医用口罩", "medical mask"],
        "MASK-SURGICAL": ["MASK-SURGICAL", "医用外科口罩", "外科口罩", "surgical mask"],
        "MASK-N95": ["MASK-N95", "N95口罩", "KN95", "ＫＮ９５"],
        "SUIT": ["SUIT", "医用防护服", "防护服", "protective suit"],
        "THERMOMETER": ["THERMOMETER", "红外测温仪", "额温枪", "thermometer"],
    ]

    private mutating func materialText(_ m: MaterialCode, chinese: Bool) -> String {
        guard let names = Self.materialNames[m.rawValue] else { return m.rawValue }
        if !chinese { return random.chance(0.8) ? names[0] : names[3] }
        return names[1 + random.below(2)]
    }

    /// A quantity of `units` canonical units and its unit column, in a form that reads back exactly.
    private mutating func quantityText(_ units: Int64, material: MaterialCode) -> (String, String) {
        let kg = material.rawValue == "MELTBLOWN" || material.rawValue == "DISINFECTANT" || material.rawValue == "ALCOHOL"
        switch random.below(10) {
        case 0..<2 where units >= 10_000 && units % 1_000 == 0:
            let tenths = units / 1_000
            return ((tenths % 10 == 0 ? String(tenths / 10) : "\(tenths / 10).\(tenths % 10)") + "万", "")
        case 2..<4 where kg && units % 1_000 == 0 && material.rawValue != "ALCOHOL":
            return random.chance(0.5) ? ("\(units / 1_000)吨", "") : ("\(units / 1_000)", "t")
        case 4..<5 where (material.rawValue == "MASK-MEDICAL" || material.rawValue == "MASK-SURGICAL") && units % 50 == 0:
            return ("\(units / 50)", "盒")
        case 5..<6 where material.rawValue == "DISINFECTANT" && units % 25 == 0:
            return ("\(units / 25)桶", "")
        case 6..<7 where units >= 1_000:
            return (TextFormat.grouped(units), kg ? "kg" : "")
        default:
            return (String(units), kg && random.chance(0.3) ? "kg" : "")
        }
    }

    private mutating func dateText(_ d: CalendarDate, chinese: Bool) -> String {
        let (y, m, day) = d.components
        switch chinese ? random.below(3) : 0 {
        case 1: return "\(y)/\(m)/\(day)"
        case 2: return "\(y)年\(m)月\(day)日"
        default: return d.description
        }
    }

    private mutating func updatedText() -> String {
        "2020-02-10 \(twoDigits(random.int(6...19))):\(twoDigits(random.int(0...59)))"
    }

    private func twoDigits(_ n: Int) -> String { n < 10 ? "0\(n)" : String(n) }

    private func padded(_ n: Int, _ width: Int) -> String {
        let s = String(n)
        return s.count >= width ? s : String(repeating: "0", count: width - s.count) + s
    }

    /// UTF-8 bytes as GB18030, with glibc's iconv.
    static func gb18030(_ utf8: [UInt8]) throws -> [UInt8] {
        let converter = iconv_open("GB18030", "UTF-8")
        guard converter != iconv_t(bitPattern: -1) else { throw BenchmarkError("iconv cannot convert to GB18030") }
        defer { iconv_close(converter) }
        var output = [UInt8](repeating: 0, count: utf8.count * 2 + 16)
        var input = utf8
        let written: Int = try input.withUnsafeMutableBufferPointer { inBuffer in
            try output.withUnsafeMutableBufferPointer { outBuffer in
                var inPointer: UnsafeMutablePointer<CChar>? = UnsafeMutableRawPointer(inBuffer.baseAddress!)
                    .assumingMemoryBound(to: CChar.self)
                var inLeft = inBuffer.count
                var outPointer: UnsafeMutablePointer<CChar>? = UnsafeMutableRawPointer(outBuffer.baseAddress!)
                    .assumingMemoryBound(to: CChar.self)
                var outLeft = outBuffer.count
                if iconv(converter, &inPointer, &inLeft, &outPointer, &outLeft) == -1 || inLeft != 0 {
                    throw BenchmarkError("iconv stopped converting to GB18030: \(String(cString: strerror(errno)))")
                }
                return outBuffer.count - outLeft
            }
        }
        return Array(output[0..<written])
    }
}
