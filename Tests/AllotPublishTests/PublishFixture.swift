import AllotCore
import Foundation
import XCTest

/// A small hand-made night: two materials, pinned and unpinned lines over
/// two lot days, one unmet request for each reason, and rejects whose raw
/// text holds commas, quotes, line breaks and cells a spreadsheet would run.
enum PublishFixture {
    static let planDate = CalendarDate(year: 2020, month: 2, day: 11)!

    static func creditCode(_ serial: Int) -> CreditCode {
        let digits = String(serial)
        let prefix = "91371500" + String(repeating: "0", count: 9 - digits.count) + digits
        return try! CreditCode.parse(prefix + String(CreditCode.checkCharacter(forPrefix: prefix)!)).get()
    }

    static func key(_ source: String, _ kind: RecordKind, _ id: String) -> RecordKey {
        RecordKey(source: source, kind: kind, id: id)
    }

    static let catalog = MaterialCatalog(materials: MaterialCatalog.builtInMaterials, normalize: { $0.lowercased() })

    static let regions = RegionTable(regions: [
        Region(code: RegionCode(370000), name: "山东省", level: .province, parentCode: nil, latitude: 36.6756, longitude: 116.9951),
        Region(code: RegionCode(371500), name: "聊城市", level: .prefecture, parentCode: RegionCode(370000),
               latitude: 36.4560, longitude: 115.9747),
        Region(code: RegionCode(371502), name: "东昌府区", level: .county, parentCode: RegionCode(371500),
               latitude: 36.4560, longitude: 115.9744),
        Region(code: RegionCode(371503), name: "茌平区", level: .county, parentCode: RegionCode(371500),
               latitude: 36.5917, longitude: 116.2477),
        Region(code: RegionCode(371522), name: "莘县", level: .county, parentCode: RegionCode(371500),
               latitude: 36.2377, longitude: 115.6616),
    ])

    // Offers
    static let maskOffer = Offer(
        key: key("lc-county", .offer, "OF-1"), supplierID: creditCode(1), supplierName: "聊城市\"安康\"医疗, 有限公司",
        region: RegionCode(371502), material: MaterialCode("MASK-MEDICAL"), quantity: Quantity(5_000), kind: .capacity)
    static let donation = Offer(
        key: key("donations", .offer, "D-1"), supplierID: creditCode(2), supplierName: "=HYPERLINK(\"http://x\")",
        region: RegionCode(371502), material: MaterialCode("DISINFECTANT"), quantity: Quantity(12_000), kind: .donation)

    // Requests
    static func request(_ id: String, _ serial: Int, _ name: String, _ region: Int32, _ material: String,
                        _ quantity: Int64, _ category: AllotCore.Category, neededBy: CalendarDate? = nil) -> Request {
        Request(key: key("lc-requests", .request, id), enterpriseID: creditCode(serial), enterpriseName: name,
                region: RegionCode(region), material: MaterialCode(material), quantity: Quantity(quantity),
                neededBy: neededBy, category: category)
    }

    static let hospital = request("R-1", 11, "聊城市人民医院", 371502, "MASK-MEDICAL", 6_000, .medical)
    static let carMaker = request("R-2", 12, "山东力得汽车科技股份有限公司", 371503, "MASK-MEDICAL", 10_000, .keyEnterprise)
    static let smallShop = request("R-3", 13, "-小店", 371522, "MASK-MEDICAL", 3_000, .sme)
    static let factory = request("R-4", 14, "@防疫 <物资> & 生产", 371503, "DISINFECTANT", 15_000, .epidemicProducer)
    static let lateOne = request("R-5", 15, "Late\nCo.", 371522, "DISINFECTANT", 500, .keyEnterprise,
                                 neededBy: CalendarDate(year: 2020, month: 2, day: 9)!)

    static func line(_ material: String, _ quantity: Int64, _ offer: Offer, day: Int, _ request: Request, tier: Int,
                     decikm: Int64, transit: Int, pinned: Bool) -> DispatchLine {
        DispatchLine(material: MaterialCode(material), quantity: Quantity(quantity), offer: offer.key,
                     lotDay: planDate.adding(days: day), request: request.key, offerIndex: -1, requestIndex: -1, tier: tier, roadDecikm: decikm,
                     transitDays: transit, pinned: pinned)
    }

    static func plan() -> Plan {
        var plan = Plan(planDate: planDate, offers: [maskOffer, donation],
                        requests: [hospital, carMaker, smallShop, factory, lateOne])
        // Written out of order, then put in the plan's line order, as the planner leaves them.
        plan.lines = [
            line("MASK-MEDICAL", 2_000, maskOffer, day: 1, carMaker, tier: 2, decikm: 398, transit: 1, pinned: true),
            line("MASK-MEDICAL", 6_000, maskOffer, day: 0, hospital, tier: 1, decikm: 0, transit: 0, pinned: false),
            line("DISINFECTANT", 12_000, donation, day: 0, factory, tier: 1, decikm: 398, transit: 1, pinned: true),
            line("MASK-MEDICAL", 2_000, maskOffer, day: 0, carMaker, tier: 2, decikm: 398, transit: 1, pinned: true),
        ].sorted(by: DispatchLine.planOrder)
        plan.outcomes = [
            RequestOutcome(request: hospital.key, requestIndex: -1, tier: 1, requested: Quantity(6_000), delivered: Quantity(6_000),
                           overdue: false, reason: nil),
            RequestOutcome(request: carMaker.key, requestIndex: -1, tier: 2, requested: Quantity(10_000), delivered: Quantity(4_000),
                           overdue: false, reason: .capacityExhausted),
            RequestOutcome(request: smallShop.key, requestIndex: -1, tier: 4, requested: Quantity(3_000), delivered: .zero,
                           overdue: false, reason: .noOfferInReach),
            RequestOutcome(request: factory.key, requestIndex: -1, tier: 1, requested: Quantity(15_000), delivered: Quantity(12_000),
                           overdue: false, reason: .capped),
            RequestOutcome(request: lateOne.key, requestIndex: -1, tier: 2, requested: Quantity(500), delivered: .zero,
                           overdue: true, reason: .deadlineUnreachable),
        ].sorted { $0.request < $1.request }
        plan.leftOut = [
            .excluded: [key("lc-requests", .request, "R-9")],
            .outsideHorizon: [key("lc-county", .offer, "OF-7")],
        ]
        plan.overrideRejects = [overrideReject]
        plan.offeredByMaterial = [MaterialCode("MASK-MEDICAL"): Quantity(15_000), MaterialCode("DISINFECTANT"): Quantity(12_000)]
        return plan.linked()
    }

    static let overrideReject = Reject(
        file: "overrides.csv", line: 3, field: "offer_id", source: "overrides", recordID: "pin",
        code: .unknownRecord, message: "offer lc-county:OF-404 is not in tonight's feeds",
        raw: "pin,lc-county:OF-404,lc-requests:R-2,,,100,\"note, with comma\"")

    /// Rejects whose raw text holds every character CSV must quote and every formula start.
    static let rejects: [Reject] = [
        Reject(file: "feeds/lc-county.csv", line: 4, field: "quantity", source: "lc-county", recordID: "=1+2",
               code: .badQuantity, message: "quantity \"12,5吨\" is not a number",
               raw: "=1+2,91371500MA3C4K5X2B,\"聊城\"\"物资\"\",12,5吨"),
        Reject(file: "feeds/lc-county.csv", line: 5, field: "region", source: "lc-county", recordID: "+86",
               code: .unknownRegion, message: "region 聊城县 is not in the region table",
               raw: "+86,first line\nsecond line"),
        Reject(file: "feeds/lc-county.csv", line: 7, field: "quantity", source: "lc-county", recordID: "-3",
               code: .nonPositiveQuantity, message: "-5 is not > 0", raw: "-5,abc"),
        Reject(file: "feeds/lc-requests.csv", line: 2, field: "enterprise_id", source: "lc-requests",
               recordID: "@SUM(A1)", code: .badCreditCode, message: "a credit code has 18 characters, this one has 3",
               raw: "@SUM(A1:A2)"),
        Reject(file: "feeds/lc-requests.csv", line: 3, field: "material", source: "lc-requests", recordID: "\tTAB",
               code: .unknownMaterial, message: "unknown material", raw: "\t=cmd|' /C calc'!A0"),
        Reject(file: "feeds/lc-requests.csv", line: 4, field: "", source: "lc-requests", recordID: "R-8",
               code: .wrongFieldCount, message: "8 fields, the header has 9", raw: "\rX,\r\n"),
        Reject(file: "feeds/broken.xml", line: 0, code: .notWellFormed, message: "Premature end of data in tag feed"),
        overrideReject,
    ]

    static func inputs() -> [InputFileSummary] {
        func input(_ path: String, _ role: InputFileSummary.Role, _ encoding: String?, _ records: Int, _ accepted: Int,
                   _ rejected: Int, _ superseded: Int) -> InputFileSummary {
            var s = InputFileSummary(path: path, role: role, sha256: SHA256.hex(of: Array(path.utf8)), encoding: encoding)
            s.records = records
            s.accepted = accepted
            s.rejected = rejected
            s.superseded = superseded
            return s
        }
        return [
            input("allot.toml", .policy, nil, 0, 0, 0, 0),
            input("feeds/broken.xml", .feed, "UTF-8", 0, 0, 0, 0),
            input("feeds/donations.csv", .feed, "UTF-8", 1, 1, 0, 0),
            input("feeds/lc-county.csv", .feed, "GB18030", 6, 2, 3, 1),
            input("feeds/lc-requests.csv", .feed, "UTF-8", 10, 7, 3, 0),
            input("overrides.csv", .overrides, "UTF-8", 2, 1, 1, 0),
        ]
    }

    static func run(timings: [String: Double] = ["ingest": 0.5, "plan": 1.25, "publish": 0.0004]) -> NightRun {
        var policy = Policy()
        policy.roadFactor = 1.3
        return NightRun(
            planDate: planDate, policy: policy, catalog: catalog, regions: regions, plan: plan(), inputs: inputs(), rejects: rejects,
            withdrawn: [key("lc-county", .offer, "OF-3")],
            warnings: ["feeds/sd-platform.xml:3: unknown element <note> ignored"], timings: timings, exitStatus: 0)
    }

    /// The fixture night with the donation earmarked (SPEC 12) for the factory, for epidemic producers and
    /// for 聊城市: its lots hold 15,000 kg, the factory takes 12,000, and 3,000 stay unused.
    static func earmarkedRun() -> NightRun {
        var run = run()
        var earmarked = donation
        earmarked.terms = OfferTerms(earmark: Earmark(enterprise: factory.enterpriseID, categories: [.epidemicProducer],
                                                      regions: [RegionCode(371500)]))
        run.plan.offers[run.plan.offers.firstIndex { $0.key == donation.key }!] = earmarked
        run.plan.offeredByMaterial[MaterialCode("DISINFECTANT")] = Quantity(15_000)
        run.plan.earmarkedOfferedByOffer = [donation.key: Quantity(15_000)]
        return run
    }

    // Substitution (SPEC 13)
    static let n95Offer = Offer(
        key: key("jn-stock", .offer, "N95-1"), supplierID: creditCode(3), supplierName: "济南康华防护用品有限公司",
        region: RegionCode(371502), material: MaterialCode("MASK-N95"), quantity: Quantity(3_000), kind: .stock)
    static let n95Request = request("R-6", 16, "聊城市第二人民医院", 371502, "MASK-N95", 500, .medical)

    /// The fixture night with `MASK-MEDICAL = ["MASK-N95"]` (SPEC 13): a stock of 3,000 N95 masks
    /// serves its own request R-6 (500) and 1,500 of the car maker's medical masks (R-2, then
    /// delivered 5,500 of 10,000); 1,000 N95 masks stay unused.
    static func substitutionRun() -> NightRun {
        var run = run()
        run.policy.substitutes = Substitutes([.init(requested: MaterialCode("MASK-MEDICAL"),
                                                    substitutes: [MaterialCode("MASK-N95")])])
        var plan = run.plan
        plan.offers.append(n95Offer)
        plan.requests.append(n95Request)
        var substitute = line("MASK-N95", 1_500, n95Offer, day: 0, carMaker, tier: 2, decikm: 398, transit: 1, pinned: false)
        substitute.requestedMaterial = MaterialCode("MASK-MEDICAL")
        plan.lines = (plan.lines + [
            substitute,
            line("MASK-N95", 500, n95Offer, day: 0, n95Request, tier: 1, decikm: 0, transit: 0, pinned: false),
        ]).sorted(by: DispatchLine.planOrder)
        let car = plan.outcomes.firstIndex { $0.request == carMaker.key }!
        plan.outcomes[car].delivered = Quantity(5_500)
        plan.outcomes.append(RequestOutcome(request: n95Request.key, requestIndex: -1, tier: 1, requested: Quantity(500),
                                            delivered: Quantity(500), overdue: false, reason: nil))
        plan.outcomes.sort { $0.request < $1.request }
        plan.offeredByMaterial[MaterialCode("MASK-N95")] = Quantity(3_000)
        run.plan = plan.linked()
        return run
    }

    /// A night with conversion offers (SPEC 14). The mask factory (R-6's enterprise) receives 2 kg of meltblown on
    /// the plan date; its line makes a mask from 0.0013 kg, at most 1,000 a day, from the day after: 1,000 masks
    /// on day 1 and 538 on day 2 (1.9994 kg used), made by `Production`, the rule's one home. The hospital takes
    /// 1,000 + 300, the car maker 200; 38 stay at the factory. A second factory receives nothing and makes nothing.
    static func conversionRun() -> NightRun {
        let meltblown = Offer(
            key: key("mb-county", .offer, "MB-1"), supplierID: creditCode(3), supplierName: "冠县熔喷布厂",
            region: RegionCode(371522), material: MaterialCode("MELTBLOWN"), quantity: Quantity(5), kind: .stock)
        func line(_ id: String, _ serial: Int, _ name: String) -> Offer {
            Offer(key: key("factories", .offer, id), supplierID: creditCode(serial), supplierName: name,
                  region: RegionCode(371502), material: MaterialCode("MASK-MEDICAL"), quantity: Quantity(1_000),
                  kind: .conversion, availableFrom: planDate,
                  terms: OfferTerms(conversion: ConversionInput(material: MaterialCode("MELTBLOWN"), perUnit: ExactDecimal("0.0013")!)))
        }
        let maskLine = line("LINE-1", 16, "聊城口罩厂"), idleLine = line("LINE-2", 17, "茌平口罩厂")
        let factoryAsks = request("R-6", 16, "聊城口罩厂", 371502, "MELTBLOWN", 2, .epidemicProducer)
        let hospital = request("R-7", 11, "聊城市人民医院", 371502, "MASK-MEDICAL", 1_300, .medical)
        let carMaker = request("R-8", 12, "山东力得汽车科技股份有限公司", 371503, "MASK-MEDICAL", 200, .keyEnterprise)
        let days = (0..<3).map { planDate.adding(days: $0) }
        func made(_ offer: Offer, deliveries: [(arriveBy: CalendarDate, quantity: Int64)]) -> ConversionOutcome {
            let m = Production.lots(of: [Production.Line(offer: offer.key, dailyQuantity: 1_000, perUnit: offer.conversion!.perUnit,
                                                         days: days)], stock: 0, deliveries: deliveries)[0]
            return ConversionOutcome(offer: offer.key, inputMaterial: MaterialCode("MELTBLOWN"),
                                     inputReceived: deliveries.reduce(0) { $0 + $1.quantity }, inputUsed: m.inputUsed, lots: m.lots)
        }
        var plan = Plan(planDate: planDate, offers: [meltblown, maskLine, idleLine], requests: [factoryAsks, hospital, carMaker])
        plan.lines = [
            Self.line("MELTBLOWN", 2, meltblown, day: 0, factoryAsks, tier: 1, decikm: 0, transit: 0, pinned: false),
            Self.line("MASK-MEDICAL", 1_000, maskLine, day: 1, hospital, tier: 1, decikm: 0, transit: 0, pinned: false),
            Self.line("MASK-MEDICAL", 300, maskLine, day: 2, hospital, tier: 1, decikm: 0, transit: 0, pinned: false),
            Self.line("MASK-MEDICAL", 200, maskLine, day: 2, carMaker, tier: 2, decikm: 398, transit: 1, pinned: false),
        ].sorted(by: DispatchLine.planOrder)
        plan.outcomes = [
            RequestOutcome(request: factoryAsks.key, requestIndex: -1, tier: 1, requested: Quantity(2), delivered: Quantity(2),
                           overdue: false, reason: nil),
            RequestOutcome(request: hospital.key, requestIndex: -1, tier: 1, requested: Quantity(1_300), delivered: Quantity(1_300),
                           overdue: false, reason: nil),
            RequestOutcome(request: carMaker.key, requestIndex: -1, tier: 2, requested: Quantity(200), delivered: Quantity(200),
                           overdue: false, reason: nil),
        ].sorted { $0.request < $1.request }
        plan.conversions = [made(maskLine, deliveries: [(planDate, 2)]), made(idleLine, deliveries: [])]
        plan.offeredByMaterial = [MaterialCode("MELTBLOWN"): Quantity(5), MaterialCode("MASK-MEDICAL"): Quantity(1_538)]
        return NightRun(planDate: planDate, policy: Policy(), catalog: catalog, regions: regions, plan: plan.linked(),
                        inputs: [], rejects: [], withdrawn: [], warnings: [])
    }

    /// A night with nothing in it.
    static func emptyRun() -> NightRun {
        NightRun(planDate: planDate, policy: Policy(), catalog: catalog, regions: regions,
                 plan: Plan(planDate: planDate), inputs: [], rejects: [], withdrawn: [], warnings: [])
    }
}

extension Plan {
    /// The plan with its lines and outcomes pointed at their records by key,
    /// as the planner points them when it makes them.
    func linked() -> Plan {
        var plan = self
        let offerIndex = Dictionary(uniqueKeysWithValues: offers.enumerated().map { ($1.key, Int32($0)) })
        let requestIndex = Dictionary(uniqueKeysWithValues: requests.enumerated().map { ($1.key, Int32($0)) })
        for i in plan.lines.indices {
            plan.lines[i].offerIndex = offerIndex[plan.lines[i].offer] ?? -1
            plan.lines[i].requestIndex = requestIndex[plan.lines[i].request] ?? -1
        }
        for i in plan.outcomes.indices { plan.outcomes[i].requestIndex = requestIndex[plan.outcomes[i].request] ?? -1 }
        return plan
    }
}

// MARK: - Golden files

/// Compares a writer's output with `Golden/<name>`; with `ALLOT_RECORD_GOLDEN=1`
/// writes the file instead (then fails, so a recording run never passes unseen).
func assertGolden(_ bytes: [UInt8], _ name: String, file: StaticString = #filePath, line: UInt = #line) throws {
    let url = URL(fileURLWithPath: "\(#filePath)").deletingLastPathComponent()
        .appendingPathComponent("Golden").appendingPathComponent(name)
    if ProcessInfo.processInfo.environment["ALLOT_RECORD_GOLDEN"] == "1" {
        try Data(bytes).write(to: url)
        XCTFail("recorded \(url.path); run again without ALLOT_RECORD_GOLDEN", file: file, line: line)
        return
    }
    guard let golden = FileManager.default.contents(atPath: url.path) else {
        XCTFail("no golden file \(url.path): run with ALLOT_RECORD_GOLDEN=1 to record it", file: file, line: line)
        return
    }
    if [UInt8](golden) != bytes {
        XCTAssertEqual(String(decoding: bytes, as: UTF8.self), String(decoding: golden, as: UTF8.self),
                       "\(name) differs from its golden file", file: file, line: line)
        if String(decoding: bytes, as: UTF8.self) == String(decoding: golden, as: UTF8.self) {
            XCTFail("\(name) differs from its golden file in bytes the text does not show", file: file, line: line)
        }
    }
}
