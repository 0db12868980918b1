import AllotCore
import BenchmarkSupport

/// A national night built without planning: offers, requests, a plan of
/// lines and outcomes that add up (delivered = Σ lines, never above the
/// request), rejects and overrides. Only what `report.html` reads has to be
/// consistent; the planner is not on the clock here.
struct SyntheticNight {
    var requests = 1_000_000
    var offers = 100_000
    var lines = 200_000
    var suppliers = 20_000
    var enterprises = 400_000
    var rejects = 5_000
    var seed: UInt64 = 20_200_211

    static let planDate = CalendarDate(year: 2020, month: 2, day: 11)!

    static func creditCode(_ serial: Int, prefix: String) -> CreditCode {
        let digits = String(serial)
        let body = prefix + String(repeating: "0", count: 17 - prefix.count - digits.count) + digits
        return try! CreditCode.parse(body + String(CreditCode.checkCharacter(forPrefix: body)!)).get()
    }

    func build(regions: RegionTable) -> NightRun {
        var random = SeededRandom(seed: seed)
        let catalog = MaterialCatalog(materials: MaterialCatalog.builtInMaterials, normalize: { $0.lowercased() })
        let materials = catalog.materials.map(\.code)
        let counties = regions.regions.filter { $0.level == .county }.map(\.code)
        let supplierIDs = (0..<suppliers).map { Self.creditCode($0 + 1, prefix: "91110000") }
        let enterpriseIDs = (0..<enterprises).map { Self.creditCode($0 + 1, prefix: "91370000") }
        let categories = Category.allCases

        var offerList = [Offer]()
        offerList.reserveCapacity(offers)
        var offersByMaterial = [MaterialCode: [Int]]()
        for i in 0..<offers {
            let material = materials[i % materials.count]
            let supplier = random.below(suppliers)
            offerList.append(Offer(
                key: RecordKey(source: "province-\(i % 40)", kind: .offer, id: "OF-\(i)"),
                supplierID: supplierIDs[supplier], supplierName: "供应企业\(supplier)有限公司",
                region: random.pick(counties), material: material, quantity: Quantity(Int64(random.int(1_000...200_000))),
                kind: random.chance(0.3) ? .capacity : .stock))
            offersByMaterial[material, default: []].append(i)
        }

        var requestList = [Request]()
        requestList.reserveCapacity(requests)
        for i in 0..<requests {
            let enterprise = random.below(enterprises)
            requestList.append(Request(
                key: RecordKey(source: "county-\(i % 2_844)", kind: .request, id: "R-\(i)"),
                enterpriseID: enterpriseIDs[enterprise], enterpriseName: "需求企业\(enterprise)股份有限公司",
                region: random.pick(counties), material: materials[random.below(materials.count)],
                quantity: Quantity(Int64(random.int(100...50_000))), category: random.pick(categories)))
        }

        var policy = Policy()
        policy.maxDistanceKm = 800
        var plan = Plan(planDate: Self.planDate, offers: offerList, requests: requestList)
        var delivered = [Int64](repeating: 0, count: requests)
        var seen = Set<Int64>()
        for n in 0..<lines {
            let r = random.below(requests)
            let request = requestList[r]
            let candidates = offersByMaterial[request.material]!
            let o = candidates[random.below(candidates.count)]
            let day = random.below(3)
            guard seen.insert(Int64(r) << 24 | Int64(o % (1 << 20)) << 2 | Int64(day)).inserted else { continue }
            let left = request.quantity.units - delivered[r]
            guard left > 0 else { continue }
            let upper = max(100, Int(request.quantity.units))
            let quantity = min(left, Int64(random.int(50...upper)))
            delivered[r] += quantity
            let decikm = Int64(random.int(0...8_000))
            plan.lines.append(DispatchLine(
                material: request.material, quantity: Quantity(quantity), offer: offerList[o].key,
                lotDay: Self.planDate.adding(days: day), request: request.key, offerIndex: Int32(o),
                requestIndex: Int32(r), tier: policy.tier(of: request.category),
                roadDecikm: decikm, transitDays: Int((decikm + 3_999) / 4_000), pinned: n % 997 == 0))
        }
        plan.lines.sort(by: DispatchLine.planOrder)
        let reasons = UnmetReason.allCases
        plan.outcomes = requestList.enumerated().map { r, request in
            let short = delivered[r] < request.quantity.units
            return RequestOutcome(request: request.key, requestIndex: Int32(r), tier: policy.tier(of: request.category),
                                  requested: request.quantity,
                                  delivered: Quantity(delivered[r]), overdue: r % 101 == 0,
                                  reason: short ? reasons[r % reasons.count] : nil)
        }
        for o in offerList { plan.offeredByMaterial[o.material, default: .zero] = plan.offeredByMaterial[o.material, default: .zero] + o.quantity }

        var overrides = [Override]()
        for i in 0..<60 {
            let offer = offerList[i * 37 % offerList.count], request = requestList[i * 1_013 % requestList.count]
            let action: Override.Action = [.pin, .forbid, .cap, .exclude][i % 4]
            overrides.append(Override(action: action, offer: RecordKey(source: offer.key.source, kind: .offer, id: offer.key.id),
                                      request: RecordKey(source: request.key.source, kind: .request, id: request.key.id),
                                      enterpriseID: action == .cap ? request.enterpriseID : nil,
                                      material: action == .cap ? request.material : nil,
                                      quantity: action == .forbid || action == .exclude ? nil : Quantity(100),
                                      note: "协调 \(i)", line: i + 2))
        }
        plan.overrideRejects = (0..<5).map { i in
            Reject(file: "overrides.csv", line: i * 4 + 2, source: "overrides", code: .overrideNotApplied,
                   message: "pin: cannot hold")
        }
        let codes = RejectCode.allCases
        let rejectList = (0..<rejects).map { i in
            Reject(file: "feeds/county-\(i % 50).csv", line: i + 2, field: "quantity", source: "county-\(i % 50)",
                   recordID: "X-\(i)", code: codes[(i * 7) % 12], message: "synthetic reject \(i)", raw: "a,b,c")
        }
        var inputs = [InputFileSummary]()
        for f in 0..<50 {
            var s = InputFileSummary(path: "feeds/county-\(f).csv", role: .feed, sha256: String(repeating: "0", count: 64),
                                     encoding: "UTF-8")
            s.records = (requests + offers) / 50
            s.accepted = s.records
            inputs.append(s)
        }
        return NightRun(planDate: Self.planDate, policy: policy, catalog: catalog, regions: regions,
                        plan: plan, inputs: inputs, rejects: rejectList + plan.overrideRejects, withdrawn: [],
                        warnings: [], overrides: overrides)
    }
}
