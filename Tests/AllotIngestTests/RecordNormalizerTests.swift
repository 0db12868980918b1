import AllotCore
import XCTest
@testable import AllotIngest

final class RecordNormalizerTests: XCTestCase {
    private func fields(_ pairs: [(FeedField, String)]) -> RecordFields {
        var f = RecordFields(order: pairs.map(\.0))
        for (field, value) in pairs { f[field] = value }
        return f
    }

    private func offerFields(_ overrides: [FeedField: String] = [:]) -> RecordFields {
        var base: [(FeedField, String)] = [
            (.offerID, "O-1"), (.supplierID, TestReference.creditCode(1)), (.supplierName, "信发集团"),
            (.region, "茌平区"), (.material, "84消毒液"), (.quantity, "12吨"), (.unit, ""), (.kind, "捐赠"),
            (.availableFrom, "2020/2/11"), (.availableUntil, ""), (.updatedAt, "2020-02-10 18:00"), (.status, ""),
        ]
        for i in base.indices { if let v = overrides[base[i].0] { base[i].1 = v } }
        return fields(base)
    }

    private func requestFields(_ overrides: [FeedField: String] = [:]) -> RecordFields {
        var base: [(FeedField, String)] = [
            (.requestID, "R-1"), (.enterpriseID, TestReference.creditCode(2)), (.enterpriseName, "山东力得汽车科技股份有限公司"),
            (.region, "聊城市茌平区"), (.material, "口罩"), (.quantity, "5箱"), (.workers, ""), (.unit, ""),
            (.neededBy, "2020年2月12日"), (.category, "重点企业"), (.updatedAt, ""), (.status, "active"),
        ]
        for i in base.indices { if let v = overrides[base[i].0] { base[i].1 = v } }
        return fields(base)
    }

    private func problem(_ result: Result<FeedRecord, FieldProblem>) -> FieldProblem? {
        if case .failure(let p) = result { return p }
        return nil
    }

    func test_offer_allValuesNormalized() throws {
        let n = RecordNormalizer(reference: TestReference.data())
        guard case .offer(let o) = try n.normalize(offerFields(), kind: .offer, source: "lc").get() else {
            return XCTFail("not an offer")
        }
        XCTAssertEqual(o.key, RecordKey(source: "lc", kind: .offer, id: "O-1"))
        XCTAssertEqual(o.region, RegionCode(371503))
        XCTAssertEqual(o.material, MaterialCode("DISINFECTANT"))
        XCTAssertEqual(o.quantity, Quantity(12_000))
        XCTAssertEqual(o.kind, .donation)
        XCTAssertEqual(o.availableFrom, CalendarDate(year: 2020, month: 2, day: 11))
        XCTAssertEqual(o.updatedAt?.description, "2020-02-10T10:00:00Z")
    }

    func test_request_perMaterialUnitAndChineseCategory() throws {
        let n = RecordNormalizer(reference: TestReference.data())
        guard case .request(let r) = try n.normalize(requestFields(), kind: .request, source: "county").get() else {
            return XCTFail("not a request")
        }
        XCTAssertEqual(r.quantity, Quantity(10_000))   // 5 箱 of 2000
        XCTAssertEqual(r.category, .keyEnterprise)
        XCTAssertEqual(r.material, MaterialCode("MASK-MEDICAL"))
        XCTAssertEqual(r.neededBy, CalendarDate(year: 2020, month: 2, day: 12))
    }

    func test_units_factorsAgreeAndDisagree() throws {
        let n = RecordNormalizer(reference: TestReference.data())
        // 吨 and t have the same factor: they agree.
        XCTAssertNotNil(try? n.normalize(offerFields([.quantity: "12吨", .unit: "t"]), kind: .offer, source: "s").get())
        XCTAssertEqual(problem(n.normalize(offerFields([.quantity: "12吨", .unit: "kg"]), kind: .offer, source: "s")),
                       FieldProblem(.unit, .unitMismatch, "unit kg disagrees with the quantity's own unit 吨"))
        // A litre of alcohol is 0.87 kg: 10 L -> 8.7 -> 9.
        guard case .offer(let alcohol) = try n.normalize(offerFields([.material: "医用酒精", .quantity: "10", .unit: "L"]),
                                                        kind: .offer, source: "s").get() else { return XCTFail() }
        XCTAssertEqual(alcohol.quantity, Quantity(9))
    }

    func test_kilogramsOfMasks_rejectNamingTheUnit() {
        let n = RecordNormalizer(reference: TestReference.data())
        let p = problem(n.normalize(requestFields([.quantity: "500 kg"]), kind: .request, source: "s"))
        XCTAssertEqual(p?.field, .quantity)
        XCTAssertEqual(p?.code, .unknownUnit)
        XCTAssertEqual(p?.message.hasPrefix("kg is not a unit of 一次性使用医用口罩 (MASK-MEDICAL); use one of"), true)
    }

    func test_rejects_firstBadFieldInColumnOrder() {
        let n = RecordNormalizer(reference: TestReference.data())
        let cases: [([FeedField: String], FeedField, RejectCode)] = [
            ([.enterpriseID: "91371500MA3C12345X", .material: "棉签"], .enterpriseID, .badCreditCode),
            ([.material: "棉签", .neededBy: "soon"], .material, .unknownMaterial),
            ([.region: "市中区"], .region, .ambiguousRegion),
            ([.region: "火星"], .region, .unknownRegion),
            ([.quantity: "0"], .quantity, .nonPositiveQuantity),
            ([.quantity: "lots"], .quantity, .badQuantity),
            ([.neededBy: "2020-02-30"], .neededBy, .badDate),
            ([.category: "vip"], .category, .badCategory),
            ([.updatedAt: "yesterday"], .updatedAt, .badTimestamp),
            ([.status: "maybe"], .status, .badStatus),
            ([.requestID: " "], .requestID, .missingField),
        ]
        for (values, field, code) in cases {
            let p = problem(n.normalize(requestFields(values), kind: .request, source: "s"))
            XCTAssertEqual(p?.field, field, "\(values)")
            XCTAssertEqual(p?.code, code, "\(values)")
        }
    }

    /// A value holding NUL, ESC, DEL or a C1 control rejects its record, naming
    /// the first such field in column order; tab and line breaks are text.
    func test_controlCharacter_rejectsNamingTheFieldInColumnOrder() throws {
        let n = RecordNormalizer(reference: TestReference.data())
        let cases: [([FeedField: String], FeedField)] = [
            ([.requestID: "R-\u{0}1"], .requestID),
            ([.enterpriseName: "山东力得\u{0}\u{0}", .region: "火星"], .enterpriseName),
            ([.region: "聊城市\u{0}茌平区"], .region),
            ([.material: "口罩\u{1B}", .quantity: "lots"], .material),
            ([.quantity: "5\u{7F}箱"], .quantity),
            ([.neededBy: "2020年2月\u{85}12日"], .neededBy),
            ([.status: "withdrawn", .requestID: "R-\u{0}"], .requestID),
        ]
        for (values, field) in cases {
            let p = problem(n.normalize(requestFields(values), kind: .request, source: "s"))
            XCTAssertEqual(p?.field, field, "\(values)")
            XCTAssertEqual(p?.code, .controlCharacter, "\(values)")
        }
        XCTAssertEqual(problem(n.normalize(requestFields([.enterpriseName: "山东力得\u{0}"]), kind: .request, source: "s")),
                       FieldProblem(.enterpriseName, .controlCharacter,
                                    "enterprise_name holds the control character \\u0000 at character 5, "
                                        + "which is not text: remove it"))
        // An XML feed's source (or a file's name) is every record's: one holding a control character rejects them.
        XCTAssertEqual(problem(n.normalize(requestFields(), kind: .request, source: "sd\u{7F}")),
                       FieldProblem(nil, .controlCharacter,
                                    "the feed's source holds the control character \\u007F at character 3, "
                                        + "which is not text: remove it"))
        guard case .request(let r) = try n.normalize(requestFields([.enterpriseName: "聊城\t鲁西\r\n化工"]),
                                                     kind: .request, source: "s").get() else { return XCTFail() }
        XCTAssertEqual(r.enterpriseName, "聊城\t鲁西\r\n化工")
    }

    func test_ambiguousRegion_listsCandidates() {
        let n = RecordNormalizer(reference: TestReference.data())
        let p = problem(n.normalize(requestFields([.region: "市中区"]), kind: .request, source: "s"))
        XCTAssertEqual(p?.message, "市中区 names 2 regions: 370103 济南市市中区, 370402 枣庄市市中区; write the code or the parent's name first")
    }

    func test_workers_becomeNeed_andQuantityWins() throws {
        let n = RecordNormalizer(reference: TestReference.data())
        // 120 workers x 2 masks a day x 3 days.
        guard case .request(let r) = try n.normalize(requestFields([.quantity: "", .workers: "120"]), kind: .request, source: "s").get()
        else { return XCTFail() }
        XCTAssertEqual(r.quantity, Quantity(720))
        XCTAssertEqual(r.workers, 120)
        guard case .request(let both) = try n.normalize(requestFields([.quantity: "100", .workers: "120"]), kind: .request, source: "s").get()
        else { return XCTFail() }
        XCTAssertEqual(both.quantity, Quantity(100))
        XCTAssertEqual(both.workers, 120, "kept for the entitlement check")
        // Disinfectant: 0.05 kg x 7 workers x 3 days = 1.05 -> 1.
        guard case .request(let d) = try n.normalize(requestFields([.material: "消毒液", .quantity: "", .workers: "7"]),
                                                    kind: .request, source: "s").get() else { return XCTFail() }
        XCTAssertEqual(d.quantity, Quantity(1))
    }

    func test_workers_zeroNeedAndBadCount() {
        let n = RecordNormalizer(reference: TestReference.data())
        XCTAssertEqual(problem(n.normalize(requestFields([.material: "N95", .quantity: "", .workers: "50"]), kind: .request, source: "s"))?.code,
                       .zeroNeed)
        XCTAssertEqual(problem(n.normalize(requestFields([.quantity: "", .workers: "12.5"]), kind: .request, source: "s"))?.code,
                       .badWorkers)
        XCTAssertEqual(problem(n.normalize(requestFields([.quantity: "", .workers: ""]), kind: .request, source: "s"))?.code,
                       .missingField)
    }

    func test_registry_fillsWhatTheRequestLeavesOut() throws {
        let id = try CreditCode.parse(TestReference.creditCode(2)).get()
        let n = RecordNormalizer(reference: TestReference.data(registry: [
            Enterprise(id: id, name: "力得", region: RegionCode(371522), category: .medical, workers: 10),
        ]))
        guard case .request(let r) = try n.normalize(
            requestFields([.enterpriseName: "", .region: "", .category: "", .quantity: ""]), kind: .request, source: "s").get()
        else { return XCTFail() }
        XCTAssertEqual(r.enterpriseName, "力得")
        XCTAssertEqual(r.region, RegionCode(371522))
        XCTAssertEqual(r.category, .medical)
        XCTAssertEqual(r.quantity, Quantity(60))
        // Values on the request win.
        guard case .request(let own) = try n.normalize(requestFields(), kind: .request, source: "s").get() else { return XCTFail() }
        XCTAssertEqual(own.category, .keyEnterprise)
    }

    func test_unregisteredRequestWithoutCategory_isMissingField() {
        let n = RecordNormalizer(reference: TestReference.data())
        let p = problem(n.normalize(requestFields([.category: ""]), kind: .request, source: "s"))
        XCTAssertEqual(p, FieldProblem(.category, .missingField, "category is empty and the enterprise is not in the registry with one"))
    }

    func test_withdrawal_needsOnlyItsId() throws {
        let n = RecordNormalizer(reference: TestReference.data())
        let record = try n.normalize(fields([(.offerID, "O-9"), (.supplierID, ""), (.status, "撤回"), (.updatedAt, "2020-02-11")]),
                                     kind: .offer, source: "s").get()
        XCTAssertEqual(record, .withdrawal(Withdrawal(key: RecordKey(source: "s", kind: .offer, id: "O-9"),
                                                      updatedAt: DateText.instant("2020-02-11"))))
    }
}
