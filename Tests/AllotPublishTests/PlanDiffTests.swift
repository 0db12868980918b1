import AllotCore
import Foundation
import XCTest
@testable import AllotPublish

final class PlanDiffTests: XCTestCase {
    private func line(_ offer: String, _ day: String, _ request: String, _ quantity: Int64, pinned: Bool = false,
                      supplier: String = "供应方") -> PlanDiff.Line {
        PlanDiff.Line(key: .init(offerSource: "o", offerID: offer, lotDate: day, requestSource: "r", requestID: request),
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
        XCTAssertEqual(diff.text(), "plan 2020-02-11 → 2020-02-11\nno changes: the same dispatch lines and the same deliveries\n")
        // The published plan reads back to the same comparison as the night it came from.
        XCTAssertTrue(PlanDiff(from: side, to: try PlanDiff.Side(run)).isEmpty)
        // CSV: the header only.
        XCTAssertEqual(String(decoding: diff.csv(), as: UTF8.self), "\u{FEFF}" + PlanDiff.csvHeader.joined(separator: ",") + "\r\n")
    }

    func test_diff_newDroppedAndChangedLines() throws {
        let a = PlanDiff.Side(planDate: "2020-02-10", lines: [
            line("A", "2020-02-10", "1", 100),
            line("A", "2020-02-11", "1", 50),
            line("B", "2020-02-10", "2", 30),
            line("C", "2020-02-10", "3", 10),
        ], fills: [fill("1", 200, 150), fill("2", 30, 30), fill("3", 10, 10)])
        let b = PlanDiff.Side(planDate: "2020-02-11", lines: [
            line("A", "2020-02-10", "1", 100),              // same
            line("A", "2020-02-11", "1", 80),               // quantity changed
            line("B", "2020-02-10", "2", 30, pinned: true), // pinned now
            line("D", "2020-02-11", "4", 5, supplier: "=cmd|' /C calc'!A0"), // new
        ], fills: [fill("1", 200, 180), fill("2", 30, 30), fill("4", 5, 5)])
        let diff = PlanDiff(from: a, to: b)
        XCTAssertEqual(diff.added.map(\.key.offerID), ["D"])
        XCTAssertEqual(diff.dropped.map(\.key.offerID), ["C"])
        XCTAssertEqual(diff.changedAfter.map(\.key.offerID), ["A", "B"])
        XCTAssertEqual(diff.changedBefore.map(\.quantity), [50, 30])
        XCTAssertEqual(diff.changedAfter.map(\.quantity), [80, 30])
        // Request 3 dropped out (10 → not planned), 4 came in, 1 moved from 75% to 90%: largest move first.
        XCTAssertEqual(diff.fills.map(\.key), ["r:3", "r:4", "r:1"])
        XCTAssertFalse(diff.isEmpty)

        let text = diff.text()
        XCTAssertTrue(text.contains("dispatch lines: 1 new, 1 dropped, 2 changed\n"), text)
        XCTAssertTrue(text.contains("(quantity 50 → 80)"), text)
        XCTAssertTrue(text.contains("(pinned false → true)"), text)
        XCTAssertTrue(text.contains("r:1 企业1 SUIT tier 1: 150 of 200 (75.0%) → 180 of 200 (90.0%)"), text)

        let csv = String(decoding: diff.csv(), as: UTF8.self)
        let records = csv.dropFirst().components(separatedBy: "\r\n").dropLast()
        XCTAssertEqual(records.count, 1 + 4 + 3)
        XCTAssertEqual(records[1], "new,SUIT,o,D,2020-02-11,r,4,'=cmd|' /C calc'!A0,企业4,,,5,piece,,false,,,,")
        XCTAssertEqual(records[2], "dropped,SUIT,o,C,2020-02-10,r,3,供应方,企业3,,10,,piece,false,,,,,")
        XCTAssertEqual(records[3], "changed,SUIT,o,A,2020-02-11,r,1,供应方,企业1,,50,80,piece,false,false,,,,")
        XCTAssertEqual(records[7], "fill,SUIT,,,,r,1,,企业1,1,,,,,,200,150,200,180")
    }
}
