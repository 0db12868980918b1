import AllotCore
import AllotIngest
import AllotPlanner
import BenchmarkSupport
import Foundation

/// A generated night: the planner's input, and what it was made of.
struct GeneratedNight {
    var input: PlanningInput
    var summary: NightSummary
}

/// Makes a national night in memory as `PlanningInput`, seeded and
/// deterministic: requests in every county-level region of the table, offers
/// concentrated where supplies are made, a few hundred coordinator overrides,
/// the default policy (800 km, 400 km a day, three days, share = maxmin;
/// `none` on request).
///
/// - Requests: categories as in a city (many small and above-scale firms,
///   fewer key enterprises, hospitals and mask factories), each asking for
///   what its kind needs, sized by its kind; needed_by spread over the three
///   days, some overdue, some beyond the horizon, some absent.
/// - Offers: stock, capacity (per day, with available_from/until), donations
///   and provincial allocations; per material the lots within the horizon add
///   up to 60–90 % of what is requested, so there is shortfall and
///   competition. Supply sits mostly in the industrial provinces; remote ones
///   have little, so some requests have no offer in reach.
/// - Overrides: pins and forbids between offers and requests that reach each
///   other, excludes, caps on enterprises, and two pins that cannot hold.
enum NightGenerator {
    static let planDate = CalendarDate(year: 2020, month: 2, day: 11)!

    static func generate(_ settings: NightSettings, regions: RegionTable) -> GeneratedNight {
        var builder = NightBuilder(settings: settings, regions: regions)
        builder.makeEnterprises()
        builder.makeRequests()
        builder.makeOffers()
        builder.makeOverrides()
        if settings.supplyChain { builder.makeSupplyChain() }
        return builder.finish()
    }
}

/// The generator's state while it makes one night.
private struct NightBuilder {
    let settings: NightSettings
    let table: RegionTable
    let counties: [Region]
    let geography: Geography
    let schedule: Schedule
    var random: SeededRandom
    let countyPicker: WeightedPicker

    var enterprises: [Enterprise] = []
    var requests: [Request] = []
    var offers: [Offer] = []
    var overrides: [Override] = []
    var supplyRatio: [Double] = []
    var policy: Policy
    private var usedCodes = Set<String>()

    struct Enterprise {
        var code: CreditCode
        var name: String
        var county: Int
        var category: Category
    }

    init(settings: NightSettings, regions: RegionTable) {
        self.settings = settings
        table = regions
        let province = settings.province
        counties = regions.regions.filter { $0.level == .county && (province == nil || $0.code.value / 10_000 == province!) }
        policy = Policy()
        policy.share = settings.share
        geography = Geography(table: regions, policy: policy)
        schedule = Schedule(input: PlanningInput(planDate: NightGenerator.planDate, policy: policy, regions: regions,
                                                 catalog: .builtIn, offers: [], requests: []))
        random = SeededRandom(seed: settings.seed)
        // Demand: log-normal per county, urban districts (区) weigh more.
        var weights = [Double]()
        for c in counties {
            let urban = c.name.hasSuffix("区") ? 1.6 : 1
            weights.append(urban * exp(0.9 * random.gaussian()))
        }
        countyPicker = WeightedPicker(weights)
    }

    // MARK: - Enterprises and requests

    mutating func makeEnterprises() {
        let count = max(counties.count, settings.requestCount / 5)
        enterprises.reserveCapacity(count)
        for i in 0..<count {
            // The first enterprise of each county, so every county has requests.
            let county = i < counties.count ? i : countyPicker.pick(&random)
            let category = random.pick(weighted: MaterialProfile.categoryWeights)
            let code = creditCode(head: category == .medical ? "12" : "91", region: counties[county].code)
            enterprises.append(Enterprise(code: code, name: enterpriseName(county: county, category: category),
                                          county: county, category: category))
        }
    }

    mutating func makeRequests() {
        let n = settings.requestCount
        requests.reserveCapacity(n)
        for i in 0..<n {
            let e = i < counties.count && i < enterprises.count ? enterprises[i] : random.pick(enterprises)
            // Most requests are for the enterprise's own county; some for a branch elsewhere.
            let county = i < counties.count || random.chance(0.97) ? e.county : countyPicker.pick(&random)
            let region = counties[county]
            let m = random.pick(weighted: MaterialProfile.demandMix[e.category]!)
            let profile = MaterialProfile.all[m]
            let size = random.logUniform(profile.requestLow, profile.requestHigh) * MaterialProfile.sizeFactor[e.category]!
            requests.append(Request(
                key: RecordKey(source: "rq-\(region.parentCode ?? region.code)", kind: .request, id: "R" + padded(i + 1, 7)),
                enterpriseID: e.code, enterpriseName: e.name, region: region.code, material: profile.code,
                quantity: Quantity(profile.quantity(size)), neededBy: neededBy(), category: e.category))
        }
    }

    /// Absent 15 %, overdue 6 %, the plan date 24 %, +1 28 %, +2 20 %, beyond the horizon 7 %.
    private mutating func neededBy() -> CalendarDate? {
        switch random.below(100) {
        case 0..<15: return nil
        case 15..<21: return NightGenerator.planDate.adding(days: -random.int(1...5))
        case 21..<45: return NightGenerator.planDate
        case 45..<73: return NightGenerator.planDate.adding(days: 1)
        case 73..<93: return NightGenerator.planDate.adding(days: 2)
        default: return NightGenerator.planDate.adding(days: random.int(3...7))
        }
    }

    // MARK: - Offers

    /// Industrial provinces make and hold most supplies; remote ones little.
    static let provinceSupplyFactor: [Int32: Double] = [
        37: 3, 32: 3, 33: 3, 44: 3, 41: 2.5, 42: 2.5, 13: 2, 35: 2, 34: 2, 31: 2, 12: 2, 11: 1.5, 43: 1.5, 36: 1.5,
        54: 0.1, 65: 0.2, 63: 0.2, 64: 0.4, 15: 0.4, 62: 0.4,
    ]

    mutating func makeOffers() {
        var demand = [Int64](repeating: 0, count: MaterialProfile.all.count)
        for r in requests { demand[MaterialProfile.index(of: r.material)!] += r.quantity.units }

        let totalWeight = MaterialProfile.all.reduce(0) { $0 + $1.offerWeight }
        let province = settings.province
        let inNight = { (r: Region) in province == nil || r.code.value / 10_000 == province! }
        let provinces = table.regions.filter { $0.level == .province && inNight($0) }
        let prefectures = table.regions.filter { $0.level == .prefecture && inNight($0) }
        var serial = 0
        for (m, profile) in MaterialProfile.all.enumerated() {
            let count = m == MaterialProfile.all.count - 1
                ? settings.offerCount - serial
                : settings.offerCount * profile.offerWeight / totalWeight
            // Where this material is made: a province factor times a log-normal per county.
            let supplyPicker = WeightedPicker(counties.map { c in
                (Self.provinceSupplyFactor[c.code.value / 10_000] ?? 1) * exp(1.5 * random.gaussian())
            })
            let producers = (0..<max(1, count / 3)).map { _ -> Enterprise in
                let county = supplyPicker.pick(&random)
                return Enterprise(code: creditCode(head: "91", region: counties[county].code),
                                  name: enterpriseName(county: county, category: .epidemicProducer),
                                  county: county, category: .epidemicProducer)
            }
            let mid = (profile.requestLow * profile.requestHigh).squareRoot()
            var drafts = [(offer: Offer, raw: Double)]()
            for _ in 0..<count {
                serial += 1
                let kind = random.pick(weighted: [(OfferKind.stock, 45), (.capacity, 20), (.donation, 20), (.allocation, 15)])
                let region: Region, supplier: CreditCode, name: String, source: String
                var raw = mid
                switch kind {
                case .allocation:
                    region = random.chance(0.6) ? random.pick(provinces) : random.pick(prefectures)
                    supplier = creditCode(head: "11", region: region.code)
                    name = region.name + (region.level == .province ? "应急物资储备库" : "物资储备中心")
                    source = "platform-\(RegionCode(region.code.value / 10_000 * 10_000))"
                    raw *= random.logUniform(20, 200)
                case .donation:
                    let county = countyPicker.pick(&random)
                    region = counties[county]
                    supplier = creditCode(head: "53", region: region.code)
                    name = region.name + random.pick(["慈善总会", "红十字会", "商会", "校友会"])
                    source = "of-\(region.parentCode ?? region.code)"
                    raw *= random.logUniform(0.5, 10)
                case .stock, .capacity:
                    let p = random.pick(producers)
                    region = counties[p.county]
                    supplier = p.code
                    name = p.name
                    source = "of-\(region.parentCode ?? region.code)"
                    raw *= kind == .stock ? random.logUniform(2, 40) : random.logUniform(1, 10)
                case .conversion:
                    preconditionFailure("the national night draws no conversion offer")
                }
                let (from, until) = availability(kind)
                drafts.append((Offer(key: RecordKey(source: source, kind: .offer, id: "O" + padded(serial, 6)),
                                     supplierID: supplier, supplierName: name, region: region.code, material: profile.code,
                                     quantity: Quantity(1), kind: kind, availableFrom: from, availableUntil: until), raw))
            }
            // Scale so the lots within the horizon are 60-90 % of what is requested.
            let ratio = 0.6 + 0.3 * random.unit()
            let rawSupply = drafts.reduce(0.0) { $0 + $1.raw * Double(schedule.lotDays($1.offer).count) }
            let factor = rawSupply > 0 ? ratio * Double(demand[m]) / rawSupply : 0
            var supplied: Int64 = 0
            for var d in drafts {
                d.offer.quantity = Quantity(profile.quantity(d.raw * factor))
                supplied += d.offer.quantity.units * Int64(schedule.lotDays(d.offer).count)
                offers.append(d.offer)
            }
            supplyRatio.append(demand[m] > 0 ? Double(supplied) / Double(demand[m]) : 0)
        }
    }

    /// available_from and available_until: mostly open; some from earlier
    /// days, some later, a few after the horizon; capacity often ends.
    private mutating func availability(_ kind: OfferKind) -> (CalendarDate?, CalendarDate?) {
        let day = NightGenerator.planDate
        var from: CalendarDate? = nil
        switch random.below(100) {
        case 0..<55: from = nil
        case 55..<70: from = day.adding(days: -random.int(1...3))
        case 70..<95: from = day.adding(days: random.int(1...2))
        default: from = day.adding(days: random.int(3...5))
        }
        var until: CalendarDate? = nil
        if kind == .capacity {
            if random.chance(0.35) { until = day.adding(days: random.int(0...4)) }
        } else {
            switch random.below(100) {
            case 0..<8: until = (from.map { max($0, day) } ?? day).adding(days: random.int(0...4))
            case 8..<10: until = day.adding(days: -1)
            default: until = nil
            }
        }
        return (from, until)
    }

    // MARK: - Overrides

    mutating func makeOverrides() {
        let n = settings.overrideCount
        var requestsByPlace = [Int: [Int32]]()
        for (i, r) in requests.enumerated() {
            requestsByPlace[placeKey(MaterialProfile.index(of: r.material)!, geography.index(of: r.region)), default: []]
                .append(Int32(i))
        }
        var drafts = [(action: Override.Action, offer: Int?, request: Int?, cap: (Int, Int64)?, quantity: Int64?)]()
        let pins = n / 4, forbids = n / 4, excludes = n / 4
        for _ in 0..<(pins - 2) {
            guard let (o, r) = nearbyPair(requestsByPlace) else { continue }
            let q = max(1, min(offers[o].quantity.units / 8, requests[r].quantity.units / 2))
            drafts.append((.pin, o, r, nil, q))
        }
        // Two a coordinator gets wrong: more than the offer holds, and a request id that is not in the night.
        if let (o, r) = nearbyPair(requestsByPlace) {
            drafts.append((.pin, o, r, nil, offers[o].quantity.units * 4 + 1))
        }
        drafts.append((.pin, random.below(offers.count), -1, nil, 10))
        for _ in 0..<forbids {
            guard let (o, r) = nearbyPair(requestsByPlace) else { continue }
            drafts.append((.forbid, o, r, nil, nil))
        }
        for k in 0..<excludes {
            if k % 2 == 0 { drafts.append((.exclude, random.below(offers.count), nil, nil, nil)) }
            else { drafts.append((.exclude, nil, random.below(requests.count), nil, nil)) }
        }
        // Caps: a share of what the enterprise asks for in that material in total.
        var capKeys = [(CreditCode, MaterialCode, Double)]()
        for _ in 0..<(n - pins - forbids - excludes) {
            let r = requests[random.below(requests.count)]
            capKeys.append((r.enterpriseID, r.material, 0.2 + 0.5 * random.unit()))
        }
        var asked = [OverrideEvaluation.CapKey: Int64]()
        for (e, m, _) in capKeys { asked[.init(material: m, enterprise: e)] = 0 }
        for r in requests {
            let key = OverrideEvaluation.CapKey(material: r.material, enterprise: r.enterpriseID)
            if let a = asked[key] { asked[key] = a + r.quantity.units }
        }

        var rows = [Override]()
        for d in drafts {
            let offer = d.offer.map { offers[$0].key }
            let request = d.request.map { r in
                r < 0 ? RecordKey(source: "rq-999999", kind: .request, id: "R9999999") : requests[r].key
            }
            rows.append(Override(action: d.action, offer: offer, request: request, quantity: d.quantity.map { Quantity($0) },
                                 note: "", line: 0))
        }
        for (e, m, share) in capKeys {
            let total = asked[.init(material: m, enterprise: e)] ?? 0
            rows.append(Override(action: .cap, enterpriseID: e, material: m,
                                 quantity: Quantity(max(1, Int64((Double(total) * share).rounded()))), note: "", line: 0))
        }
        // File order: shuffled; line 1 is the header.
        overrides = random.shuffled(rows).enumerated().map { i, o in
            var o = o
            o.line = i + 2
            o.note = "bench"
            o.raw = [o.action.rawValue, o.offer?.description ?? "", o.request?.description ?? "",
                     o.enterpriseID?.description ?? "", o.material?.rawValue ?? "", o.quantity?.description ?? "", o.note]
                .joined(separator: ",")
            return o
        }
    }

    private func placeKey(_ material: Int, _ region: Int) -> Int { material << 16 | region }

    /// An offer and a request of its material within 250 km that its first lot can reach in time.
    private mutating func nearbyPair(_ requestsByPlace: [Int: [Int32]]) -> (Int, Int)? {
        for _ in 0..<200 {
            let o = random.below(offers.count)
            let offer = offers[o]
            guard let day = schedule.lotDays(offer).first else { continue }
            let m = MaterialProfile.index(of: offer.material)!
            let row = geography.row(geography.index(of: offer.region))
            var candidates = [Int32]()
            for (b, d) in row.enumerated() where d <= 2_500 {
                guard let list = requestsByPlace[placeKey(m, b)] else { continue }
                let transit = geography.transitDays(Int64(d))
                for r in list where day.adding(days: transit) <= schedule.deadline(requests[Int(r)]) { candidates.append(r) }
            }
            if !candidates.isEmpty { return (o, Int(random.pick(candidates))) }
        }
        return nil
    }

    // MARK: - Names and codes

    /// A valid GB 32100 code: `head` (registration authority and kind), the region's six digits,
    /// nine characters and the check character; unique in the night.
    private mutating func creditCode(head: String, region: RegionCode) -> CreditCode {
        let alphabet = Array("0123456789ABCDEFGHJKLMNPQRTUWXY")
        while true {
            var body = ""
            for _ in 0..<9 { body.append(random.pick(alphabet)) }
            let prefix = head + region.description + body
            guard let check = CreditCode.checkCharacter(forPrefix: prefix) else { continue }
            let text = prefix + String(check)
            guard usedCodes.insert(text).inserted, case .success(let code) = CreditCode.parse(text) else { continue }
            return code
        }
    }

    private static let brands = Array("华恒泰鑫瑞丰力得宏达兴盛源康安信诚佳德润通远金海天明新立正博凯嘉汇永昌隆鼎晨光辉中亿万祥和美健荣航腾卓越龙凤齐鲁")
    private static let trades = ["纺织", "汽车科技", "机械制造", "化工", "食品", "电子", "服装", "包装材料", "物流", "商贸", "建材"]
    private static let producerTrades = ["医疗器械", "卫生用品", "无纺布制品", "生物科技", "制药", "防护用品"]
    private static let hospitals = ["人民医院", "中医医院", "妇幼保健院", "疾病预防控制中心", "中心医院", "卫生院"]

    private mutating func enterpriseName(county: Int, category: Category) -> String {
        let place = counties[county].name
        if category == .medical { return place + random.pick(Self.hospitals) }
        let brand = String([random.pick(Self.brands), random.pick(Self.brands)])
        let trade = category == .epidemicProducer ? random.pick(Self.producerTrades) : random.pick(Self.trades)
        return place + brand + trade + "有限公司"
    }

    private func padded(_ n: Int, _ width: Int) -> String {
        let s = String(n)
        return s.count >= width ? s : String(repeating: "0", count: width - s.count) + s
    }

    // MARK: - The night

    /// The supply-chain night's earmarks, substitutes and conversion offers (`SupplyChain`).
    mutating func makeSupplyChain() {
        SupplyChain.apply(settings: settings, table: table, schedule: schedule, overrides: overrides,
                          offers: &offers, requests: &requests, policy: &policy)
    }

    func finish() -> GeneratedNight {
        let input = PlanningInput(planDate: NightGenerator.planDate, policy: policy, regions: table, catalog: .builtIn,
                                  offers: offers, requests: requests, overrides: overrides, overridesFile: "overrides.csv")
        return GeneratedNight(input: input, summary: NightSummary(input: input, settings: settings, schedule: schedule,
                                                                  supplyRatio: supplyRatio))
    }
}

/// Picks an index with probability proportional to its weight, in O(log n).
struct WeightedPicker {
    private let cumulative: [Double]

    init(_ weights: [Double]) {
        var sum = 0.0
        cumulative = weights.map { sum += $0; return sum }
    }

    func pick(_ random: inout SeededRandom) -> Int {
        let x = random.unit() * cumulative[cumulative.count - 1]
        var lo = 0, hi = cumulative.count - 1
        while lo < hi {
            let mid = (lo + hi) / 2
            if cumulative[mid] > x { hi = mid } else { lo = mid + 1 }
        }
        return lo
    }
}
