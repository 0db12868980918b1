import AllotCore
import AllotIngest
import AllotPipeline
import Foundation
import XCTest

final class SampleNightPlanTests: XCTestCase {
    public static let sampleInputs = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Inputs")
    static let planDate = CalendarDate(year: 2020, month: 2, day: 11)!

    private func plannedNight() throws -> NightRun {
        NightlyPipeline.plan(try NightlyPipeline.ingest(inputs: Self.sampleInputs, config: nil), planDate: Self.planDate)
    }

    func test_sampleNight_linesAreFeasible() throws {
        let night = try plannedNight()
        var fromLot = [String: Int64]()
        var toRequest = [RecordKey: Int64]()
        for line in night.plan.lines {
            let offer = try XCTUnwrap(night.offers[line.offer])
            let request = try XCTUnwrap(night.requests[line.request])
            XCTAssertEqual(offer.material, request.material)
            XCTAssertLessThanOrEqual(Double(line.roadDecikm) / 10, night.policy.maxDistanceKm)
            XCTAssertGreaterThanOrEqual(line.lotDay, Self.planDate)
            fromLot["\(line.offer)@\(line.lotDay)", default: 0] += line.quantity.units
            toRequest[line.request, default: 0] += line.quantity.units
            XCTAssertLessThanOrEqual(fromLot["\(line.offer)@\(line.lotDay)"]!, offer.quantity.units)
        }
        for outcome in night.plan.outcomes {
            XCTAssertEqual(toRequest[outcome.request, default: 0], outcome.delivered.units, "\(outcome.request)")
            XCTAssertLessThanOrEqual(outcome.delivered, outcome.requested)
        }
    }

    /// Inputs/README.md: the night is built so that tier 1 and 2 go short on
    /// masks, meltblown fabric, suits, N95 and alcohol, and the 12 吨 donation is pinned.
    func test_sampleNight_shortfallsTheDataIsBuiltFor() throws {
        let night = try plannedNight()
        func short(_ material: String, tier: Int) -> Int64 {
            var total: Int64 = 0
            for outcome in night.plan.outcomes where outcome.tier == tier {
                if night.requests[outcome.request]?.material == MaterialCode(material) { total += outcome.shortfall.units }
            }
            return total
        }
        XCTAssertEqual(short("MASK-MEDICAL", tier: 2), 782_200)
        XCTAssertEqual(short("MELTBLOWN", tier: 1), 5_700)
        XCTAssertEqual(short("SUIT", tier: 1), 2_640)
        XCTAssertEqual(short("MASK-N95", tier: 1), 10_000)
        XCTAssertEqual(short("ALCOHOL", tier: 1), 174)
        let pinned = night.plan.lines.filter(\.pinned)
        let pinnedTotal: Int64 = pinned.reduce(0) { $0 + $1.quantity.units }
        XCTAssertEqual(pinnedTotal, 12_000)
        XCTAssertTrue(night.plan.overrideRejects.isEmpty)
    }
}
