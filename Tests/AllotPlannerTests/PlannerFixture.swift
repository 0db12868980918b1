import AllotCore
import XCTest
@testable import AllotPlanner

/// Builds small planning inputs: regions on a line of known distances, valid
/// credit codes, one material unless told otherwise.
struct PlannerFixture {
    var policy = Policy()
    var offers: [Offer] = []
    var requests: [Request] = []
    var overrides: [Override] = []
    var material = MaterialCode("SUIT")
    let planDate = CalendarDate(year: 2020, month: 2, day: 11)!

    /// Regions 1...9 along a meridian, 1 degree of latitude apart (111.2 km
    /// × road factor 1.25 = 139.0 km between neighbours).
    static let regions = RegionTable(regions: (0..<10).map { i in
        Region(code: RegionCode(Int32(370_100 + i)), name: "区\(i)", level: .county, parentCode: nil,
               latitude: 30 + Double(i), longitude: 116)
    })

    static func code(_ n: Int) -> CreditCode {
        let digits = String(n)
        let prefix = "91370000" + String(repeating: "0", count: 9 - digits.count) + digits
        return try! CreditCode.parse(prefix + String(CreditCode.checkCharacter(forPrefix: prefix)!)).get()
    }

    @discardableResult
    mutating func offer(_ id: String, region: Int, quantity: Int64, kind: OfferKind = .stock, from: Int = 0,
                        until: Int? = nil, material: MaterialCode? = nil, earmark: Earmark? = nil) -> RecordKey {
        let key = RecordKey(source: "o", kind: .offer, id: id)
        offers.append(Offer(key: key, supplierID: Self.code(1), supplierName: "供应方\(id)",
                            region: RegionCode(Int32(370_100 + region)), material: material ?? self.material,
                            quantity: Quantity(quantity), kind: kind, availableFrom: planDate.adding(days: from),
                            availableUntil: until.map { planDate.adding(days: $0) },
                            terms: earmark.map { OfferTerms(earmark: $0) }))
        return key
    }

    @discardableResult
    mutating func request(_ id: String, region: Int, quantity: Int64, category: Category = .medical,
                          neededBy: Int? = nil, enterprise: Int = 2, material: MaterialCode? = nil) -> RecordKey {
        let key = RecordKey(source: "r", kind: .request, id: id)
        requests.append(Request(key: key, enterpriseID: Self.code(enterprise), enterpriseName: "企业\(enterprise)",
                                region: RegionCode(Int32(370_100 + region)), material: material ?? self.material,
                                quantity: Quantity(quantity), neededBy: neededBy.map { planDate.adding(days: $0) },
                                category: category))
        return key
    }

    func input() -> PlanningInput {
        PlanningInput(planDate: planDate, policy: policy, regions: Self.regions,
                      catalog: MaterialCatalog(materials: MaterialCatalog.builtInMaterials, normalize: { $0.lowercased() }),
                      offers: offers, requests: requests, overrides: overrides)
    }

    /// The plan; a refused night fails the test.
    func plan(threads: Int = 2, file: StaticString = #filePath, line: UInt = #line) -> Plan {
        do {
            return try Planner.plan(input(), threads: threads)
        } catch {
            XCTFail("the planner refused the night: \(error)", file: file, line: line)
            return Plan(planDate: planDate, offers: offers, requests: requests)
        }
    }
}

extension Plan {
    func delivered(_ key: RecordKey) -> Int64 { outcomes.first { $0.request == key }!.delivered.units }
    func outcome(_ key: RecordKey) -> RequestOutcome { outcomes.first { $0.request == key }! }
    var transportDecikm: Int64 { lines.reduce(0) { $0 + $1.quantity.units * $1.roadDecikm } }
}
