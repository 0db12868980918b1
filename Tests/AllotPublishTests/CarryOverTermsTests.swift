import AllotCore
import Foundation
import XCTest
@testable import AllotPublish

/// `dispatch.xml` holds each short request's category and needed_by (SPEC 15), and reading them back gives
/// what the plan held: what lets `allot ledger rebuild` record the same night as the run.
final class CarryOverTermsTests: XCTestCase {
    private func folder(with dispatchXML: [UInt8]) throws -> PlanFolder {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("allot-terms-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        addTeardownBlock { try? FileManager.default.removeItem(at: url) }
        try Data(dispatchXML).write(to: url.appendingPathComponent(DispatchXML.fileName))
        return PlanFolder(date: PublishFixture.planDate, url: url)
    }

    func test_carryOverTerms_readBackFromDispatchXML_equalThePlans() throws {
        let run = PublishFixture.run()
        let terms = run.plan.carryOverTerms()
        XCTAssertEqual(terms, [
            PublishFixture.carMaker.key: CarryOver.Terms(category: .keyEnterprise, neededBy: nil),
            PublishFixture.smallShop.key: CarryOver.Terms(category: .sme, neededBy: nil),
            PublishFixture.factory.key: CarryOver.Terms(category: .epidemicProducer, neededBy: nil),
            PublishFixture.lateOne.key: CarryOver.Terms(category: .keyEnterprise, neededBy: CalendarDate(iso: "2020-02-09")),
        ])
        XCTAssertEqual(try PlanSnapshot.carryOverTerms(folder(with: try DispatchXML.render(run))), terms)
    }

    /// A plan published before the attributes existed gives no terms; a value that is not one is named.
    func test_carryOverTerms_olderPlansAndBadValues() throws {
        let old = """
            <dispatch xmlns="urn:allot:dispatch:1" plan-date="2020-02-11" horizon-days="3" share="maxmin">
            <material code="SUIT" name="x" unit="piece" offered="0" requested="1" delivered="0" unmet-requests="1" ton-km="0.000">
            <unmet source="a" request-id="1" enterprise-id="91371500706079729C" enterprise-name="x" region="371502" tier="1" requested="1" delivered="0" shortfall="1" fill-ratio="0.0000" overdue="false" reason="no_offer_in_reach"/>
            </material></dispatch>
            """
        XCTAssertEqual(try PlanSnapshot.carryOverTerms(folder(with: Array(old.utf8))), [:])
        let bad = old.replacingOccurrences(of: "reason=\"no_offer_in_reach\"", with: "reason=\"no_offer_in_reach\" category=\"volunteer\"")
        XCTAssertThrowsError(try PlanSnapshot.carryOverTerms(folder(with: Array(bad.utf8)))) { error in
            let e = error as! PlanSnapshotError
            XCTAssertEqual(e.field, "category")
            XCTAssertEqual(e.line, 3)
            XCTAssertEqual(e.message, "volunteer is not a category")
        }
        let missing = PlanFolder(date: PublishFixture.planDate, url: URL(fileURLWithPath: "/nonexistent-plan"))
        XCTAssertThrowsError(try PlanSnapshot.carryOverTerms(missing))
    }
}
