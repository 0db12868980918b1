import AllotCore
import AllotIngest
import AllotPipeline
import AllotPublish
import Foundation
import XCTest

final class SampleNightPlanTests: XCTestCase {
    public static let sampleInputs = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Inputs")
    static let planDate = CalendarDate(year: 2020, month: 2, day: 11)!

    private func plannedNight() throws -> NightRun {
        try NightlyPipeline.plan(NightlyPipeline.ingest(inputs: Self.sampleInputs, config: nil), planDate: Self.planDate)
    }

    func test_sampleNight_linesAreFeasible() throws {
        let night = try plannedNight()
        var fromLot = [String: Int64]()
        var toRequest = [RecordKey: Int64]()
        for line in night.plan.lines {
            let offer = try XCTUnwrap(night.plan.offer(of: line))
            let request = try XCTUnwrap(night.plan.request(of: line))
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
                if night.plan.request(of: outcome)?.material == MaterialCode(material) { total += outcome.shortfall.units }
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

    /// Inputs/README.md: of tier 2's 782,200 masks short, 392,000 is 信发's cap, so the city asks the
    /// province for 390,200 masks, and for the tier-1 shortfalls of meltblown, suits, N95 and alcohol.
    func test_sampleNight_provinceRequestAsksUncappedShortfallOfTiers1And2() throws {
        let request = try ProvinceRequest.of(try plannedNight())
        var asks = [String: Int128](), capped = [String: Int128]()
        for material in request.materials {
            asks[material.material.rawValue] = material.total.ask
            capped[material.material.rawValue] = material.total.cappedShortfall
        }
        XCTAssertEqual(asks, ["MASK-MEDICAL": 390_200, "MELTBLOWN": 5_700, "SUIT": 2_640, "MASK-N95": 10_000,
                              "ALCOHOL": 174, "MASK-SURGICAL": 0, "DISINFECTANT": 0, "THERMOMETER": 0])
        XCTAssertEqual(capped["MASK-MEDICAL"], 392_000)
        XCTAssertEqual(request.city, RegionCode(371500))
        // With tiers 3 and 4 counted, their masks (37,780 + 23,300) are asked too.
        let all = try ProvinceRequest.of(try plannedNight(), requestTiers: [1, 2, 3, 4])
        XCTAssertEqual(all.materials.first { $0.material.rawValue == "MASK-MEDICAL" }?.total.ask, 390_200 + 37_780 + 23_300)
    }
}

extension SampleNightPlanTests {
    /// The nine requests a county feed and the platform both send are planned
    /// and listed in the report with the row that would exclude one.
    func test_sampleNight_reportListsPossibleDuplicatesWithTheirExcludeRows() throws {
        let night = try plannedNight()
        XCTAssertEqual(night.possibleDuplicates.count, 9)
        for d in night.possibleDuplicates {
            XCTAssertTrue(night.plan.outcomes.contains { $0.request == d.first })
            XCTAssertTrue(night.plan.outcomes.contains { $0.request == d.second })
        }
        let html = String(decoding: try ReportHTML.render(night), as: UTF8.self)
        XCTAssertTrue(html.contains("<section id=\"duplicates\"><h2>可能重复的需求</h2>"), html)
        XCTAssertTrue(html.contains("<code>exclude,,sd-platform:LC-0041,,,,possible duplicate of county-chiping:CP-003</code>"))
    }

    /// Inputs/README.md: of 茌平区's 408,761 masks short, 392,000 is the cap on 信发. The report's
    /// county chart and table show that part apart (a grey segment, a column), from the plan's outcomes.
    func test_sampleNight_reportShowsChipingsCappedShortfallApart() throws {
        let night = try plannedNight()
        for (language, region, chartLabel, legend) in [
            (OutputLanguage.zh, "聊城市 茌平区", "408,761（限额所致 392,000）", "限额所致"),
            (OutputLanguage.en, "Chiping District, Liaocheng City", "408,761 (capped 392,000)", "Held back by a cap"),
        ] {
            let html = String(decoding: try ReportHTML.render(night, options: PlanFileOptions(language: language)),
                              as: UTF8.self)
            let start = try XCTUnwrap(html.range(of: "<section id=\"counties\">"))
            let section = html[start.upperBound...]
            let counties = String(section[..<(try XCTUnwrap(section.range(of: "</section>"))).lowerBound])
            let row = try XCTUnwrap(counties.components(separatedBy: "<tr>").first {
                $0.hasPrefix("<td>\(region)</td>") && $0.contains(">534,100</td>")
            }, "\(language): no row of \(region)'s masks")
            XCTAssertTrue(row.contains("data-k=\"shortfall\" data-v=\"408761\""), row)
            XCTAssertTrue(row.contains("data-k=\"capped\" data-v=\"392000\""), row)
            XCTAssertTrue(counties.contains(">\(chartLabel)</text>"), "\(language): the bar's label")
            XCTAssertTrue(counties.contains("height=\"12\" fill=\"#90a4ae\" rx=\"2\"/><text x=\"176\" y=\"38\" "
                + "class=\"val\">\(legend)</text></g>"), "\(language): the legend's capped entry")
            XCTAssertEqual(counties.components(separatedBy: "fill=\"#90a4ae\"").count - 1, 2,
                           "\(language): one legend entry and one capped segment, 茌平区's")
        }
    }
}
