import AllotCore
import XCTest

/// Which open items a night plans again, and as what request (SPEC 15: carry-over).
final class CarryOverTests: XCTestCase {
    private let catalog = MaterialCatalog(materials: MaterialCatalog.builtInMaterials, normalize: { $0 })
    private let may12 = CalendarDate(iso: "2020-02-12")!

    private func key(_ id: String, source: String = "county-shenxian") -> RecordKey {
        RecordKey(source: source, kind: .request, id: id)
    }

    private func item(_ id: String, shortfall: Int64, category: AllotCore.Category? = .medical,
                      neededBy: CalendarDate? = nil, region: Int32 = 371522, material: String = "MASK-MEDICAL",
                      enterpriseID: String = "91371500706079729C") -> CarryOver.OpenItem {
        CarryOver.OpenItem(key: key(id), enterpriseID: enterpriseID, enterpriseName: "莘县人民医院",
                           region: RegionCode(region), material: MaterialCode(material),
                           terms: category.map { CarryOver.Terms(category: $0, neededBy: neededBy) },
                           shortfall: shortfall)
    }

    func test_requests_keepTheRecordedValues_withTheLastShortfallAsQuantity() throws {
        let outcome = CarryOver.requests(from: [item("SX-2", shortfall: 700, category: .sme),
                                                item("SX-1", shortfall: 1_200, neededBy: may12)],
                                         restated: [], catalog: catalog, regions: CoreFixture.regions)
        XCTAssertEqual(outcome.notCarried, [])
        XCTAssertEqual(outcome.requests.map(\.key.id), ["SX-1", "SX-2"], "in key order")
        let first = try XCTUnwrap(outcome.requests.first)
        XCTAssertEqual(first.quantity, Quantity(1_200))
        XCTAssertEqual(first.category, .medical)
        XCTAssertEqual(first.neededBy, may12)
        XCTAssertEqual(first.region, RegionCode(371522))
        XCTAssertEqual(first.material, MaterialCode("MASK-MEDICAL"))
        XCTAssertEqual(first.enterpriseID.description, "91371500706079729C")
        XCTAssertEqual(first.enterpriseName, "莘县人民医院")
        XCTAssertNil(first.updatedAt)
        XCTAssertNil(first.workers)
        XCTAssertEqual(outcome.requests.last?.category, .sme)
        XCTAssertNil(outcome.requests.last?.neededBy, "a request that named no day names none when carried")
    }

    /// SPEC 4.5: a record that restates the key wins; the pipeline counts withdrawals as restating.
    func test_requests_leaveOutRestatedKeys() {
        let outcome = CarryOver.requests(from: [item("SX-1", shortfall: 5), item("SX-2", shortfall: 6),
                                                item("SX-3", shortfall: 7)],
                                         restated: [key("SX-2"), key("SX-9")], catalog: catalog,
                                         regions: CoreFixture.regions)
        XCTAssertEqual(outcome.requests.map(\.key.id), ["SX-1", "SX-3"])
    }

    /// Receipts' hook: a line confirmed short adds what it did not bring to the carried quantity.
    func test_requests_addBackIsAddedToTheShortfall() {
        let outcome = CarryOver.requests(from: [item("SX-1", shortfall: 100)], restated: [],
                                         addBack: [key("SX-1"): 40, key("SX-7"): 5], catalog: catalog,
                                         regions: CoreFixture.regions)
        XCTAssertEqual(outcome.requests.map(\.quantity), [Quantity(140)])
    }

    func test_requests_itemsTonightCannotPlanAsTheyWere_areNamed() {
        let outcome = CarryOver.requests(from: [
            item("A", shortfall: 1, category: nil),
            item("B", shortfall: 1, region: 110101),
            item("C", shortfall: 1, material: "GLOVES"),
            item("D", shortfall: Quantity.maximum.units + 1),
            item("E", shortfall: 1, enterpriseID: "91371500706079729X"),
        ], restated: [], catalog: catalog, regions: CoreFixture.regions)
        XCTAssertEqual(outcome.requests, [])
        XCTAssertEqual(outcome.notCarried, [
            "county-shenxian:A is open but not carried over: the ledger has no category for it (recorded from a plan published before carry-over)",
            "county-shenxian:B is open but not carried over: tonight's region table has no 110101",
            "county-shenxian:C is open but not carried over: tonight's material catalog has no GLOVES",
            "county-shenxian:D is open but not carried over: its quantity is past 1000000000000",
            "county-shenxian:E is open but not carried over: its enterprise id 91371500706079729X is not a credit code",
        ])
    }
}
