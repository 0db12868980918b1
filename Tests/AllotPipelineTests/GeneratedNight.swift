import AllotCore
import AllotIngest
import Foundation

/// A seeded night written as an inputs folder, the way counties and
/// platforms send it: CSV feeds with English and Chinese headers, an XML
/// platform feed, updates and withdrawals, a few bad records, capacity
/// offers, workers instead of quantities, overdue requests, and overrides of
/// every action (some that cannot hold). The same seed writes the same bytes.
struct GeneratedNight {
    var seed: UInt64
    var share = "maxmin"
    var offers = 120
    var requests = 700
    /// Counties of Shandong the records are spread over.
    var counties = 30

    /// Writes the night into `folder` (created) and returns it.
    func write(to folder: URL) throws -> URL {
        var random = SplitMix64(seed: seed)
        let fm = FileManager.default
        try fm.createDirectory(at: folder.appendingPathComponent("feeds"), withIntermediateDirectories: true)
        let shandong = try RegionTableFile.builtIn().regions
            .filter { $0.level == .county && $0.code.value / 10_000 == 37 }
        let regions = shandong.prefix(counties).map(\.code)
        // A county far from the rest, where some enterprises ask and nobody offers.
        let remote = shandong.last!.code
        let materials = ["MASK-MEDICAL", "口罩", "DISINFECTANT", "消毒液", "MASK-N95", "SUIT", "ALCOHOL", "THERMOMETER"]
        let categories = ["epidemic_producer", "medical", "key_enterprise", "above_scale", "sme"]
        let categoriesZH = ["防疫物资生产企业", "医疗机构", "重点企业", "规上企业", "中小微企业"]

        try write("""
            horizon_days = 3
            road_factor = 1.3
            speed_km_per_day = 150
            max_distance_km = 120
            share = "\(share)"

            """, to: folder.appendingPathComponent("allot.toml"))

        // Offers: two CSV feeds, one of them in Chinese.
        var offerRows = [[String](), [String]()]
        var offerKeys = [String]()
        for i in 0..<offers {
            let feed = i % 2
            let source = feed == 0 ? "gen-offers" : "gen-offers-zh"
            let id = "O\(seed)-\(i)"
            offerKeys.append("\(source):\(id)")
            let kind = ["stock", "capacity", "donation", "allocation"][Int(random.next() % 4)]
            let material = materials[Int(random.next() % UInt64(materials.count))]
            let quantity = material.contains("MASK") || material == "口罩" ? "\(1 + random.next() % 40)万" : "\(50 + random.next() % 2_000)"
            let from = 10 + Int(random.next() % 4)
            let until = kind == "capacity" ? "2020-02-\(from + Int(random.next() % 3))" : ""
            var status = ""
            var quantityText = quantity
            if random.next() % 40 == 0 { status = "withdrawn" }
            if random.next() % 60 == 0 { quantityText = "-3" }   // a bad record
            let row = [id, creditCode(&random), "供应方\(i)", regions[Int(random.next() % UInt64(regions.count))].description,
                       material, quantityText, "", kind, "2020-02-\(from)", until,
                       "2020-02-09 \(10 + i % 10):00", status]
            offerRows[feed].append(csvLine(row))
            if random.next() % 25 == 0 {   // a later update of the same offer
                var update = row
                update[5] = "\(100 + random.next() % 500)"
                update[10] = "2020-02-10 08:00"
                offerRows[feed].append(csvLine(update))
            }
        }
        try write("offer_id,supplier_id,supplier_name,region,material,quantity,unit,kind,available_from,available_until,updated_at,status\n"
                  + offerRows[0].joined(), to: folder.appendingPathComponent("feeds/gen-offers.csv"))
        try write("\u{FEFF}供给编号,供应方信用代码,供应方名称,所在地区,物资,数量,单位,类型,可供日期,截止日期,更新时间,状态\r\n"
                  + offerRows[1].joined().replacingOccurrences(of: "\n", with: "\r\n"),
                  to: folder.appendingPathComponent("feeds/gen-offers-zh.csv"))

        // Requests: four county feeds (two in Chinese) and an XML platform feed.
        var requestRows = [[String]](repeating: [], count: 4)
        var requestKeys = [String]()
        var xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
            + "<feed xmlns=\"urn:allot:feed:1\" source=\"gen-platform\" generated=\"2020-02-10T20:00:00+08:00\">\n"
        var enterprises = [(code: String, region: RegionCode, category: Int)]()
        for _ in 0..<max(1, requests / 4) {
            enterprises.append((creditCode(&random), regions[Int(random.next() % UInt64(regions.count))],
                                Int(random.next() % 5)))
        }
        var caps = [(String, String)]()
        for i in 0..<requests {
            var e = enterprises[Int(random.next() % UInt64(enterprises.count))]
            if i % 37 == 0 { e.region = remote }
            let material = materials[Int(random.next() % UInt64(materials.count))]
            let byWorkers = random.next() % 5 == 0 && (material.contains("MASK-MEDICAL") || material == "口罩" || material == "ALCOHOL")
            let quantity = material.contains("MASK") || material == "口罩" ? "\(1 + random.next() % 60)000" : "\(5 + random.next() % 800)"
            let neededBy = random.next() % 12 == 0 ? "2020/2/9" : "2020-02-\(11 + Int(random.next() % 3))"
            if caps.count < 3 && random.next() % 50 == 0 { caps.append((e.code, material)) }
            if i % 5 == 4 {
                let id = "P\(seed)-\(i)"
                requestKeys.append("gen-platform:\(id)")
                let amount = byWorkers ? "<workers>\(20 + random.next() % 900)</workers>"
                    : "<quantity>\(quantity)</quantity>"
                xml += """
                      <request id="\(id)" updated="2020-02-10T1\(i % 10):00:00+08:00">
                        <enterprise id="\(e.code)" name="企业\(e.code.suffix(4))" category="\(categories[e.category])"/>
                        <region>\(e.region)</region>
                        <material>\(material)</material>
                        \(amount)
                        <needed-by>\(neededBy)</needed-by>
                      </request>

                    """
                continue
            }
            let feed = i % 4
            let source = "county-gen-\(feed)"
            let id = "R\(seed)-\(i)"
            requestKeys.append("\(source):\(id)")
            var quantityText = byWorkers ? "" : quantity
            if random.next() % 70 == 0 { quantityText = "12kg" } // wrong unit for masks, or fine for the rest
            let workers = byWorkers ? "\(20 + random.next() % 900)" : ""
            let category = feed >= 2 ? categoriesZH[e.category] : categories[e.category]
            var status = ""
            if random.next() % 50 == 0 { status = feed >= 2 ? "撤回" : "withdrawn" }
            let name = random.next() % 30 == 0 ? "=cmd|'/c calc'!A1" : "企业\(e.code.suffix(4))"
            requestRows[feed].append(csvLine([id, e.code, name, e.region.description, material, quantityText, "", workers,
                                              neededBy, category, "2020-02-10 0\(i % 10):30", status]))
        }
        xml += "</feed>\n"
        for feed in 0..<4 {
            let header = feed >= 2
                ? "需求编号,企业信用代码,企业名称,所在地区,物资,数量,单位,返岗人数,需求日期,企业类别,更新时间,状态\n"
                : "request_id,enterprise_id,enterprise_name,region,material,quantity,unit,workers,needed_by,category,updated_at,status\n"
            try write(header + requestRows[feed].joined(), to: folder.appendingPathComponent("feeds/county-gen-\(feed).csv"))
        }
        try write(xml, to: folder.appendingPathComponent("feeds/gen-platform.xml"))

        // Overrides: excludes, forbids, caps and pins, some of which cannot hold.
        var overrides = ["action,offer_id,request_id,enterprise_id,material,quantity,note"]
        func pick(_ keys: [String]) -> String { keys[Int(random.next() % UInt64(keys.count))] }
        for _ in 0..<3 { overrides.append("exclude,\(pick(offerKeys)),,,,,") }
        for _ in 0..<3 { overrides.append("exclude,,\(pick(requestKeys)),,,,") }
        for _ in 0..<6 { overrides.append("forbid,\(pick(offerKeys)),\(pick(requestKeys)),,,,") }
        for (code, material) in caps { overrides.append("cap,,,\(code),\(material),\(1 + random.next() % 500),") }
        for _ in 0..<8 { overrides.append("pin,\(pick(offerKeys)),\(pick(requestKeys)),,,\(1 + random.next() % 300),协调") }
        overrides.append("pin,gen-offers:NO-SUCH,\(pick(requestKeys)),,,5,")
        try write(overrides.joined(separator: "\n") + "\n", to: folder.appendingPathComponent("overrides.csv"))
        return folder
    }

    private func write(_ text: String, to url: URL) throws {
        try Data(text.utf8).write(to: url)
    }

    private func csvLine(_ fields: [String]) -> String {
        fields.map { $0.contains(",") || $0.contains("\"") ? "\"" + $0.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : $0 }
            .joined(separator: ",") + "\n"
    }

    /// A valid unified social credit code.
    private func creditCode(_ random: inout SplitMix64) -> String {
        let alphabet = Array("0123456789ABCDEFGHJKLMNPQRTUWXY")
        var prefix = "91"
        prefix += String(format: "%06d", 370_000 + Int(random.next() % 9_999))
        for _ in 0..<9 { prefix.append(alphabet[Int(random.next() % 10)]) }
        return prefix + String(CreditCode.checkCharacter(forPrefix: prefix)!)
    }
}
