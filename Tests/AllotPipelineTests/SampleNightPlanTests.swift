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
        XCTAssertEqual(short("MASK-MEDICAL", tier: 2), 1_546_400)
        XCTAssertEqual(short("MELTBLOWN", tier: 1), 5_700)
        XCTAssertEqual(short("SUIT", tier: 1), 2_640)
        XCTAssertEqual(short("MASK-N95", tier: 1), 10_000)
        XCTAssertEqual(short("ALCOHOL", tier: 1), 174)
        let pinned = night.plan.lines.filter(\.pinned)
        let pinnedTotal: Int64 = pinned.reduce(0) { $0 + $1.quantity.units }
        XCTAssertEqual(pinnedTotal, 12_000)
        XCTAssertTrue(night.plan.overrideRejects.isEmpty)
    }

    /// Inputs/README.md: of tier 2's 1,546,400 masks short, 392,000 is 信发's cap, so the city asks the
    /// province for 1,154,400 masks, and for the tier-1 shortfalls of meltblown, suits, N95 and alcohol.
    func test_sampleNight_provinceRequestAsksUncappedShortfallOfTiers1And2() throws {
        let request = try ProvinceRequest.of(try plannedNight())
        var asks = [String: Int128](), capped = [String: Int128]()
        for material in request.materials {
            asks[material.material.rawValue] = material.total.ask
            capped[material.material.rawValue] = material.total.cappedShortfall
        }
        XCTAssertEqual(asks, ["MASK-MEDICAL": 1_154_400, "MELTBLOWN": 5_700, "SUIT": 2_640, "MASK-N95": 10_000,
                              "ALCOHOL": 174, "MASK-SURGICAL": 0, "DISINFECTANT": 0, "THERMOMETER": 0])
        XCTAssertEqual(capped["MASK-MEDICAL"], 392_000)
        XCTAssertEqual(request.city, RegionCode(371500))
        // With tiers 3 and 4 counted, their masks (37,780 + 23,300) are asked too.
        let all = try ProvinceRequest.of(try plannedNight(), requestTiers: [1, 2, 3, 4])
        XCTAssertEqual(all.materials.first { $0.material.rawValue == "MASK-MEDICAL" }?.total.ask, 1_154_400 + 37_780 + 23_300)
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

    /// Inputs/README.md: of 茌平区's 412,406 masks short, 392,000 is the cap on 信发. The report's
    /// county chart and table show that part apart (a grey segment, a column), from the plan's outcomes.
    func test_sampleNight_reportShowsChipingsCappedShortfallApart() throws {
        let night = try plannedNight()
        for (language, region, chartLabel, legend) in [
            (OutputLanguage.zh, "聊城市 茌平区", "412,406（限额所致 392,000）", "限额所致"),
            (OutputLanguage.en, "Chiping District, Liaocheng City", "412,406 (capped 392,000)", "Held back by a cap"),
        ] {
            let html = String(decoding: try ReportHTML.render(night, options: PlanFileOptions(language: language)),
                              as: UTF8.self)
            let start = try XCTUnwrap(html.range(of: "<section id=\"counties\">"))
            let section = html[start.upperBound...]
            let counties = String(section[..<(try XCTUnwrap(section.range(of: "</section>"))).lowerBound])
            let row = try XCTUnwrap(counties.components(separatedBy: "<tr>").first {
                $0.hasPrefix("<td>\(region)</td>") && $0.contains(">534,100</td>")
            }, "\(language): no row of \(region)'s masks")
            XCTAssertTrue(row.contains("data-k=\"shortfall\" data-v=\"412406\""), row)
            XCTAssertTrue(row.contains("data-k=\"capped\" data-v=\"392000\""), row)
            XCTAssertTrue(counties.contains(">\(chartLabel)</text>"), "\(language): the bar's label")
            XCTAssertTrue(counties.contains("height=\"12\" fill=\"#90a4ae\" rx=\"2\"/><text x=\"176\" y=\"38\" "
                + "class=\"val\">\(legend)</text></g>"), "\(language): the legend's capped entry")
            XCTAssertEqual(counties.components(separatedBy: "fill=\"#90a4ae\"").count - 1, 2,
                           "\(language): one legend entry and one capped segment, 茌平区's")
        }
    }
}

extension SampleNightPlanTests {
    /// Inputs/README.md: the province's 123.5万 masks (SD-0001) are earmarked for medical institutions and
    /// epidemic producers. Every line from them goes to such a request; they serve all of tier 1's 480,800
    /// and the 754,200 left no one else may take, so tier 2 gets only the open masks (455,000).
    func test_sampleNight_earmarkedAllocationServesOnlyMedicalAndEpidemicProducers() throws {
        let night = try plannedNight()
        let allocation = try XCTUnwrap(night.plan.offers.first { "\($0.key)" == "sd-platform:SD-0001" })
        XCTAssertEqual(allocation.earmark?.categories, [.epidemicProducer, .medical])
        var shipped: Int64 = 0
        for line in night.plan.lines where line.offer == allocation.key {
            let request = try XCTUnwrap(night.plan.request(of: line))
            XCTAssertTrue([Category.medical, .epidemicProducer].contains(request.category), "\(line.request)")
            shipped += line.quantity.units
        }
        XCTAssertEqual(shipped, 480_800)
        let supply = try XCTUnwrap(night.plan.earmarkedSupply().first { $0.offer.key == allocation.key })
        XCTAssertEqual(supply.offered.units, 1_235_000)
        XCTAssertEqual(supply.shipped, 480_800)
        let tier2: Int64 = night.plan.outcomes.filter { $0.tier == 2 && night.plan.request(of: $0)?.material == MaterialCode("MASK-MEDICAL") }
            .reduce(0) { $0 + $1.delivered.units }
        XCTAssertEqual(tier2, 455_000)
    }

    /// Inputs/README.md: 瑞康, 华康 and 信康's mask lines are conversion offers (以料定产). Each makes masks, every
    /// line from one is within its production lots, and 华康 and 信康 make more than their stock allows: their
    /// last lots come from the meltblown the plan delivers to them, which arrives on the 12th.
    func test_sampleNight_conversionOffersMakeMasksFromDeliveredMeltblown() throws {
        let night = try plannedNight()
        let byOffer = Dictionary(uniqueKeysWithValues: night.plan.conversions.map { ("\($0.offer)", $0) })
        XCTAssertEqual(byOffer.keys.sorted(), ["liaocheng-offers:LCO-006", "liaocheng-offers:LCO-007", "liaocheng-offers:LCO-023"])
        let expected: [String: (received: Int64, used: String, produced: Int64)] = [
            "liaocheng-offers:LCO-006": (610, "30", 30_000),
            "liaocheng-offers:LCO-007": (813, "35", 35_000),
            "liaocheng-offers:LCO-023": (406, "10", 10_000),
        ]
        for (key, conversion) in byOffer {
            let offer = try XCTUnwrap(night.plan.offers.first { "\($0.key)" == key })
            let input = try XCTUnwrap(offer.conversion, key)
            XCTAssertEqual(input.material, MaterialCode("MELTBLOWN"))
            XCTAssertGreaterThan(conversion.produced, 0, key)
            XCTAssertEqual(conversion.inputReceived, expected[key]!.received, key)
            XCTAssertEqual(conversion.inputUsed.description, expected[key]!.used, key)
            XCTAssertEqual(conversion.produced, expected[key]!.produced, key)
            // What it received is what the plan's meltblown lines bring to its supplier's requests.
            let delivered: Int64 = night.plan.lines.filter { line in
                line.material == input.material && night.plan.request(of: line)?.enterpriseID == offer.supplierID
            }.reduce(0) { $0 + $1.quantity.units }
            XCTAssertEqual(delivered, conversion.inputReceived, key)
            // Every line from the offer is within one of its production lots.
            var fromLot = [CalendarDate: Int64]()
            for line in night.plan.lines where line.offer == offer.key { fromLot[line.lotDay, default: 0] += line.quantity.units }
            XCTAssertFalse(fromLot.isEmpty, key)
            for (day, quantity) in fromLot {
                let lot = try XCTUnwrap(conversion.lots.first { $0.day == day }, "\(key) ships from \(day), no lot")
                XCTAssertLessThanOrEqual(quantity, lot.quantity.units, "\(key) \(day)")
            }
        }
        // 华康 holds 20 kg and 信康 none: 35,000 and 10,000 masks at 0.001 kg each need delivered meltblown.
        XCTAssertEqual(byOffer["liaocheng-offers:LCO-023"]?.lots.map(\.day), [CalendarDate(year: 2020, month: 2, day: 13)!])
        XCTAssertEqual(byOffer["liaocheng-offers:LCO-007"]?.lots.map(\.quantity.units), [15_000, 5_000, 15_000])
    }
}
