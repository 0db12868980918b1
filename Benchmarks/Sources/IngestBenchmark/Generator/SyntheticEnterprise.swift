import AllotCore
import BenchmarkSupport

/// One made-up enterprise: a valid and unique credit code, a Chinese (now and
/// then English) name, the county it is registered in and its category.
struct SyntheticEnterprise {
    var creditCode: String
    var name: String
    var county: County
    var category: Category
}

extension SyntheticEnterprise {
    /// `count` enterprises spread over `counties`, with unique credit codes.
    static func makePool(count: Int, counties: [County], random: inout SeededRandom) -> [SyntheticEnterprise] {
        var seen = Set<String>()
        seen.reserveCapacity(count)
        var pool = [SyntheticEnterprise]()
        pool.reserveCapacity(count)
        while pool.count < count {
            let county = random.pick(counties)
            let category = random.pick(weighted: categoryWeights)
            let code = creditCode(county: county, category: category, random: &random)
            guard seen.insert(code).inserted else { continue }
            pool.append(SyntheticEnterprise(creditCode: code, name: name(county: county, category: category, random: &random),
                                            county: county, category: category))
        }
        return pool
    }

    static let categoryWeights: [(Category, Int)] = [
        (.epidemicProducer, 5), (.medical, 10), (.keyEnterprise, 15), (.aboveScale, 30), (.sme, 40),
    ]

    // MARK: - Credit codes (GB 32100-2015)

    /// Registration authority and kind (`91` a company, `12` a public institution such as a
    /// hospital), the county's six digits, a nine-character organization code (GB 11714,
    /// with its own check character) and the check character of GB 32100.
    static func creditCode(county: County, category: Category, random: inout SeededRandom) -> String {
        let head = category == .medical ? "12" : (random.chance(0.03) ? "93" : "91")
        let prefix = head + county.codeText + organizationCode(random: &random)
        guard let check = CreditCode.checkCharacter(forPrefix: prefix) else {
            fatalError("generated a credit code prefix outside the alphabet: \(prefix)")
        }
        return prefix + String(check)
    }

    /// Eight characters (digits; since 2015 often `MA` and digits and letters) and the
    /// GB 11714 check character, all within the credit code alphabet.
    private static func organizationCode(random: inout SeededRandom) -> String {
        let letters = Array("0123456789ABCDEFGHJKLMNPQRTUWXY")
        var body = [Character]()
        if random.chance(0.4) {
            body = ["M", "A"]
            while body.count < 8 { body.append(random.pick(letters)) }
        } else {
            while body.count < 8 { body.append(Character(String(random.below(10)))) }
        }
        let weights = [3, 7, 9, 10, 5, 8, 4, 2]
        var sum = 0
        for (c, w) in zip(body, weights) {
            let v = c.isNumber ? Int(String(c))! : Int(c.asciiValue! - 55) // A = 10 ... Z = 35
            sum += v * w
        }
        let check = 11 - sum % 11
        let checkChar: Character = check == 10 ? "X" : check == 11 ? "0" : Character(String(check))
        return String(body) + String(checkChar)
    }

    // MARK: - Names

    private static let brandCharacters = Array("华恒泰鑫瑞丰力得宏达兴盛源康安信诚佳德润通远金海天明新立正博凯嘉汇永昌隆鼎晨光辉中亿万祥和美健荣航腾卓越龙凤齐鲁")
    private static let producerTrades = ["医疗器械", "卫生用品", "无纺布制品", "生物科技", "制药", "精细化工", "防护用品", "医用材料"]
    private static let otherTrades = ["纺织", "汽车科技", "机械制造", "化工", "食品", "电子", "服装", "包装材料", "新材料",
                                      "物流", "商贸", "建材", "塑胶", "轴承", "钢铁", "家具", "农业科技", "电力设备"]
    private static let forms = ["有限公司", "有限公司", "有限公司", "股份有限公司", "有限责任公司", "集团有限公司"]
    private static let hospitals = ["人民医院", "中医医院", "妇幼保健院", "第二人民医院", "疾病预防控制中心", "中心医院"]
    private static let englishCities = ["Jinan", "Qingdao", "Liaocheng", "Wuhan", "Shenzhen", "Suzhou", "Ningbo", "Tianjin",
                                        "Xiamen", "Dongguan", "Foshan", "Chengdu", "Hefei", "Changsha", "Zhengzhou"]
    private static let englishBrands = ["Huatai", "Lide", "Hengda", "Xinyuan", "Ruifeng", "Kangning", "Jiahui", "Tianhe",
                                        "Mingda", "Yongchang", "Dingsheng", "Qilu"]
    private static let englishTrades = ["Medical Products", "Textile", "Auto Parts", "Electronics", "Hygiene Products",
                                        "Chemical", "Machinery", "Packaging"]

    static func name(county: County, category: Category, random: inout SeededRandom) -> String {
        let place = random.chance(0.5) ? shortName(county.parentName) : shortName(county.name)
        if category == .medical {
            if random.chance(0.3) { return county.name + random.pick(["城关镇", "新华街道", "东城街道", "开发区"]) + "卫生院" }
            return (random.chance(0.5) ? county.parentName : county.name) + random.pick(hospitals)
        }
        // A foreign-invested firm now and then registers an English name: "Co., Ltd." puts
        // a comma (so quotes) in the CSV, and "&" an entity in the XML.
        if random.chance(0.01) {
            let brand = random.chance(0.2) ? random.pick(englishBrands) + " & " + random.pick(englishBrands)
                                           : random.pick(englishBrands)
            return "\(random.pick(englishCities)) \(brand) \(random.pick(englishTrades)) Co., Ltd."
        }
        let brand = String([random.pick(brandCharacters), random.pick(brandCharacters)])
        let trade = category == .epidemicProducer ? random.pick(producerTrades) : random.pick(otherTrades)
        // A few names quote their brand with ASCII quotes, which CSV doubles.
        let quotedBrand = random.chance(0.002) ? "\"\(brand)\"" : brand
        return place + quotedBrand + trade + random.pick(forms)
    }

    /// `聊城市` → `聊城`, `莘县` stays (one-character stems keep their suffix).
    private static func shortName(_ name: String) -> String {
        for suffix in ["市", "地区", "自治州", "盟"] where name.hasSuffix(suffix) && name.count - suffix.count >= 2 {
            return String(name.dropLast(suffix.count))
        }
        return name
    }
}
