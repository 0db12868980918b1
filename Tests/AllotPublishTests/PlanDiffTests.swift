import AllotCore
import Foundation
import XCTest
@testable import AllotPublish

final class PlanDiffTests: XCTestCase {
    private func line(_ offer: String, _ day: String, _ request: String, _ quantity: Int64, pinned: Bool = false,
                      supplier: String = "供应方") -> PlanDiff.Line {
        PlanDiff.Line(key: .init(offerSource: "o", offerID: offer, requestSource: "r", requestID: request), lotDate: day,
                      material: "SUIT", quantity: quantity, unit: "piece", pinned: pinned, supplierName: supplier,
                      enterpriseName: "企业" + request)
    }

    private func fill(_ request: String, _ requested: Int64, _ delivered: Int64) -> PlanDiff.Fill {
        PlanDiff.Fill(requestSource: "r", requestID: request, enterpriseName: "企业" + request, material: "SUIT", tier: 1,
                      requested: requested, delivered: delivered)
    }

    func test_diff_ofAPublishedPlanWithItself_isEmpty() throws {
        let scratch = try ScratchOutputs()
        let run = PublishFixture.run()
        try PlanPublisher(fault: nil).publish(files: try PlanFiles.render(run), planDate: run.planDate,
                                              outputs: scratch.outputs)
        let side = try PlanDiff.Side(PlanSnapshot.read(outputs: scratch.outputs))
        XCTAssertEqual(side.lines.count, 4)
        XCTAssertEqual(side.fills.count, 5, "every planned request: four short ones from unmet.csv, one fully served")
        let diff = PlanDiff(from: side, to: side)
        XCTAssertTrue(diff.isEmpty)
        XCTAssertFalse(side.materials.isEmpty)
        XCTAssertTrue(diff.materials.allSatisfy(\.isUnchanged))
        XCTAssertTrue(diff.text().hasPrefix("plan 2020-02-11 → 2020-02-11\nby material:\n"), diff.text())
        XCTAssertTrue(diff.text().hasSuffix("; lines unchanged\nno changes: the same dispatch lines and the same deliveries\n"))
        // The published plan reads back to the same comparison as the night it came from, its materials'
        // totals (the manifest's) those of the night.
        XCTAssertTrue(PlanDiff(from: side, to: try PlanDiff.Side(run)).isEmpty)
        XCTAssertEqual(side.materials, try PlanDiff.Side(run).materials)
        // CSV: the header and one row per material.
        let rows = String(decoding: diff.csv(), as: UTF8.self).components(separatedBy: "\r\n").dropLast()
        XCTAssertEqual(rows.first, "\u{FEFF}" + PlanDiff.csvHeader.joined(separator: ","))
        XCTAssertEqual(rows.dropFirst().map { $0.prefix(9) }, Array(repeating: "material,", count: side.materials.count))
    }

    private func suit(requested: Int128, delivered: Int128, short: Int) -> PlanDiff.MaterialFigures {
        PlanDiff.MaterialFigures(material: "SUIT", unit: "piece", requested: requested, delivered: delivered,
                                 unmetRequests: short)
    }

    func test_diff_newDroppedAndChangedLines() throws {
        let a = PlanDiff.Side(planDate: "2020-02-10", lines: [
            line("A", "2020-02-10", "1", 100),
            line("A", "2020-02-11", "1", 50),
            line("B", "2020-02-10", "2", 30),
            line("C", "2020-02-10", "3", 10),
        ], fills: [fill("1", 200, 150), fill("2", 30, 30), fill("3", 10, 10)],
           materials: [suit(requested: 240, delivered: 190, short: 1)])
        let b = PlanDiff.Side(planDate: "2020-02-11", lines: [
            line("A", "2020-02-11", "1", 100),              // lots of A to 1: 150 → 180
            line("A", "2020-02-12", "1", 80),
            line("B", "2020-02-11", "2", 30, pinned: true), // pinned now
            line("D", "2020-02-11", "4", 5, supplier: "=cmd|' /C calc'!A0"), // new
        ], fills: [fill("1", 200, 180), fill("2", 30, 30), fill("4", 5, 5)],
           materials: [suit(requested: 235, delivered: 215, short: 1)])
        let diff = PlanDiff(from: a, to: b)
        XCTAssertEqual(diff.added.map(\.key.offerID), ["D"])
        XCTAssertEqual(diff.dropped.map(\.key.offerID), ["C"])
        XCTAssertEqual(diff.changedAfter.map(\.key.offerID), ["A", "B"])
        XCTAssertEqual(diff.changedBefore.map(\.quantity), [150, 30])
        XCTAssertEqual(diff.changedAfter.map(\.quantity), [180, 30])
        XCTAssertEqual(diff.changedAfter.first?.lotDates, ["2020-02-11", "2020-02-12"])
        // Request 3 dropped out (10 → not planned), 4 came in, 1 moved from 75% to 90%: largest move first.
        XCTAssertEqual(diff.fills.map(\.key), ["r:3", "r:4", "r:1"])
        XCTAssertFalse(diff.isEmpty)

        let text = diff.text()
        XCTAssertTrue(text.hasPrefix("""
            plan 2020-02-10 → 2020-02-11
            by material:
              SUIT (piece): delivered 190 → 215 (+25), shortfall 50 → 20 (-30), requests short 1 → 1; \
            lines 1 new, 1 dropped, 2 changed
            dispatch lines: 1 new, 1 dropped, 2 changed

            """), text)
        XCTAssertTrue(text.contains("(quantity 150 → 180, lots 2020-02-10, 2020-02-11 → 2020-02-11, 2020-02-12)"), text)
        XCTAssertTrue(text.contains("(pinned false → true, lots 2020-02-10 → 2020-02-11)"), text)
        XCTAssertTrue(text.contains("r:1 企业1 SUIT tier 1: 150 of 200 (75.0%) → 180 of 200 (90.0%)"), text)

        let csv = String(decoding: diff.csv(), as: UTF8.self)
        let records = csv.dropFirst().components(separatedBy: "\r\n").dropLast()
        XCTAssertEqual(records.count, 1 + 1 + 4 + 3)
        XCTAssertEqual(records[1], "material,SUIT,,,,,,,,,,,,piece,,,240,190,235,215,1,1")
        XCTAssertEqual(records[2], "new,SUIT,o,D,,2020-02-11,r,4,'=cmd|' /C calc'!A0,企业4,,,5,piece,,false,,,,,,")
        XCTAssertEqual(records[3], "dropped,SUIT,o,C,2020-02-10,,r,3,供应方,企业3,,10,,piece,false,,,,,,,")
        XCTAssertEqual(records[4], "changed,SUIT,o,A,2020-02-10 2020-02-11,2020-02-11 2020-02-12,r,1,供应方,企业1,,150,180,piece,false,false,,,,,,")
        XCTAssertEqual(records[8], "fill,SUIT,,,,,r,1,,企业1,1,,,,,,200,150,200,180,,")
    }

    /// Between two nights the lots move on with the plan date: the same offer to the same request with the same
    /// quantity is no change. Between two versions of one date the lot day is the ship day: moved, it is one.
    func test_diff_matchesByOfferAndRequest_lotDaysCountOnlyWithinADate() throws {
        let monday = PlanDiff.Side(planDate: "2020-02-10", lines: [line("A", "2020-02-10", "1", 100)],
                                   fills: [fill("1", 100, 100)], materials: [suit(requested: 100, delivered: 100, short: 0)])
        var tuesday = PlanDiff.Side(planDate: "2020-02-11", lines: [line("A", "2020-02-11", "1", 100)],
                                    fills: [fill("1", 100, 100)], materials: [suit(requested: 100, delivered: 100, short: 0)])
        let nights = PlanDiff(from: monday, to: tuesday)
        XCTAssertTrue(nights.isEmpty, "\(nights.text())")
        XCTAssertTrue(nights.text().hasSuffix("""
              SUIT (piece): delivered 100 → 100, shortfall 0 → 0, requests short 0 → 0; lines unchanged
            no changes: the same dispatch lines and the same deliveries

            """), nights.text())

        tuesday.planDate = monday.planDate
        let rerun = PlanDiff(from: monday, to: tuesday)
        XCTAssertEqual(rerun.changedAfter.map(\.lotDates), [["2020-02-11"]])
        XCTAssertTrue(rerun.text().contains("(lots 2020-02-10 → 2020-02-11)"), rerun.text())

        // A material only one side has shows a dash on the other.
        var wednesday = tuesday
        wednesday.planDate = "2020-02-12"
        wednesday.materials.append(PlanDiff.MaterialFigures(material: "ALCOHOL", unit: "kg", requested: 30, delivered: 0,
                                                            unmetRequests: 2))
        XCTAssertTrue(PlanDiff(from: tuesday, to: wednesday).text().contains(
            "\n  ALCOHOL (kg): delivered — → 0, shortfall — → 30 (+30), requests short — → 2; lines unchanged\n"))
    }
}
