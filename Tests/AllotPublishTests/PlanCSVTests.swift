import AllotCore
import AllotCSV
import XCTest
@testable import AllotPublish

final class PlanCSVTests: XCTestCase {
    func test_dispatchCSV_matchesGolden() throws {
        try assertGolden(DispatchCSV.render(PublishFixture.run()), "dispatch.csv")
    }

    func test_unmetCSV_matchesGolden() throws {
        try assertGolden(UnmetCSV.render(PublishFixture.run()), "unmet.csv")
    }

    func test_rejectsCSV_matchesGolden() throws {
        try assertGolden(RejectsCSV.render(PublishFixture.run()), "rejects.csv")
    }

    func test_dispatchCSV_tinyNightExactText() throws {
        var run = PublishFixture.run()
        run.plan.lines = [run.plan.lines[1]]
        let text = String(decoding: try DispatchCSV.render(run), as: UTF8.self)
        let tinyID = "L-CAM1D-YRPRY"   // the digest of lc-county:OF-1, 2020-02-11, lc-requests:R-1
        XCTAssertEqual(text, "\u{FEFF}plan_date,line_id,material,quantity,unit,offer_source,offer_id,supplier_id,"
            + "supplier_name,from_region,lot_date,request_source,request_id,enterprise_id,enterprise_name,to_region,"
            + "tier,road_km,ship_on,arrive_by,pinned,requested_material\r\n"
            + "2020-02-11,\(tinyID),MASK-MEDICAL,6000,piece,lc-county,OF-1,\(PublishFixture.creditCode(1)),"
            + "\"聊城市\"\"安康\"\"医疗, 有限公司\",371502,2020-02-11,lc-requests,R-1,\(PublishFixture.creditCode(11)),"
            + "聊城市人民医院,371502,1,0.0,2020-02-11,2020-02-11,false,MASK-MEDICAL\r\n")
    }

    func test_dispatchCSV_emptyNightIsHeaderOnly() throws {
        let rows = try StrictCSV.parse(DispatchCSV.render(PublishFixture.emptyRun()))
        XCTAssertEqual(rows, [DispatchCSV.header])
    }

    func test_dispatchCSV_strictParseFindsNoFormula() throws {
        let rows = try StrictCSV.parse(DispatchCSV.render(PublishFixture.run()))
        XCTAssertEqual(rows.first, DispatchCSV.header)
        XCTAssertEqual(rows.count, 1 + PublishFixture.run().plan.lines.count)
        for row in rows {
            XCTAssertEqual(row.count, DispatchCSV.header.count)
            for cell in row { XCTAssertFalse(StrictCSV.looksLikeFormula(cell), "formula cell \(cell.debugDescription)") }
        }
        // The supplier named =HYPERLINK(…) is written as text.
        XCTAssertTrue(rows.contains { $0[8] == "'=HYPERLINK(\"http://x\")" })
    }

    func test_dispatchCSV_listsLinesInMaterialRequestOfferDayOrder() throws {
        let rows = try StrictCSV.parse(DispatchCSV.render(PublishFixture.run())).dropFirst()
        XCTAssertEqual(rows.map { $0[1] }, rows.map {
            DispatchLine.lineID(offerSource: $0[5], offerID: $0[6], lotDate: $0[10], requestSource: $0[11],
                                requestID: $0[12])
        })
        XCTAssertEqual(rows.map { "\($0[2]) \($0[12]) \($0[10]) \($0[3]) \($0[20])" }, [
            "DISINFECTANT R-4 2020-02-11 12000 true",
            "MASK-MEDICAL R-1 2020-02-11 6000 false",
            "MASK-MEDICAL R-2 2020-02-11 2000 true",
            "MASK-MEDICAL R-2 2020-02-12 2000 true",
        ])
        let last = try XCTUnwrap(rows.last)
        XCTAssertEqual([last[4], last[9], last[15], last[17], last[18], last[19]],
                       ["piece", "371502", "371503", "39.8", "2020-02-12", "2020-02-13"])
    }

    func test_dispatchCSV_lineIDDoesNotDependOnTheOtherLines() throws {
        let whole = try StrictCSV.parse(DispatchCSV.render(PublishFixture.run())).dropFirst()
        var run = PublishFixture.run()
        run.plan.lines.removeFirst()
        let fewer = try StrictCSV.parse(DispatchCSV.render(run)).dropFirst()
        XCTAssertEqual(fewer.map { $0[1] }, whole.dropFirst().map { $0[1] })
    }

    func test_dispatchCSV_unknownOfferIsAnError() {
        var run = PublishFixture.run()
        run.plan.offers.removeAll { $0.key == PublishFixture.donation.key }
        XCTAssertThrowsError(try DispatchCSV.render(run)) { error in
            XCTAssertEqual(error as? PlanFileError, .unknownOffer(PublishFixture.donation.key, file: "dispatch.csv"))
            XCTAssertEqual("\(error)", "dispatch.csv: the plan ships from offer donations:D-1, which the night does not hold")
        }
    }

    func test_unmetCSV_ordersByMaterialTierThenWorstFill() throws {
        let rows = try StrictCSV.parse(UnmetCSV.render(PublishFixture.run()))
        XCTAssertEqual(rows.first, UnmetCSV.header)
        XCTAssertEqual(rows.dropFirst().map { "\($0[5]) \($0[6]) \($0[1]) \($0[10]) \($0[11]) \($0[12])" }, [
            "DISINFECTANT 1 R-4 0.8000 false capped",
            "DISINFECTANT 2 R-5 0.0000 true deadline_unreachable",
            "MASK-MEDICAL 2 R-2 0.4000 false capacity_exhausted",
            "MASK-MEDICAL 4 R-3 0.0000 false no_offer_in_reach",
        ])
    }

    func test_unmetCSV_sameTierWorstFillFirstThenKey() throws {
        var run = PublishFixture.run()
        func outcome(_ id: String, _ requested: Int64, _ delivered: Int64) -> RequestOutcome {
            RequestOutcome(request: PublishFixture.key("lc-requests", .request, id), requestIndex: -1, tier: 2,
                           requested: Quantity(requested), delivered: Quantity(delivered), overdue: false,
                           reason: .capacityExhausted)
        }
        // 1/3 < 333/999 is false: they are equal, so key order decides; 2/7 is the worst.
        run.plan.outcomes = [outcome("R-1", 3, 1), outcome("R-2", 999, 333), outcome("R-3", 7, 2)]
        run.plan = run.plan.linked()
        let rows = try StrictCSV.parse(UnmetCSV.render(run)).dropFirst()
        XCTAssertEqual(rows.map { "\($0[1]) \($0[10])" }, ["R-3 0.2857", "R-1 0.3333", "R-2 0.3333"])
    }

    /// A feed's NUL, ESC and DEL reach rejects.csv escaped, `\u0000`: a
    /// spreadsheet or `grep` never takes the file for binary.
    func test_rejectsCSV_controlCharactersFromAFeed_writtenEscaped() throws {
        var run = PublishFixture.run()
        run.rejects.append(Reject(file: "feeds/lc.csv", line: 9, field: "", source: "lc", recordID: "R\u{0}9",
                                  code: .wrongFieldCount, message: "row has 2 fields, the header has 11",
                                  raw: "R\u{0}9,\u{1B}[2J聊\u{0}城\u{7F}"))
        let bytes = RejectsCSV.render(run)
        XCTAssertNil(bytes.firstIndex { $0 < 0x20 && $0 != 0x09 && $0 != 0x0A && $0 != 0x0D || $0 == 0x7F })
        let rows = try StrictCSV.parse(bytes)
        XCTAssertEqual(rows.last, ["feeds/lc.csv", "9", "", "lc", "R\\u00009", "wrong_field_count",
                                   "row has 2 fields, the header has 11", "R\\u00009,\\u001B[2J聊\\u0000城\\u007F"])
    }

    func test_rejectsCSV_strictParseGivesBackEveryRawTextGuarded() throws {
        let run = PublishFixture.run()
        let rows = try StrictCSV.parse(RejectsCSV.render(run))
        XCTAssertEqual(rows.first, RejectsCSV.header)
        XCTAssertEqual(rows.count, 1 + run.rejects.count)
        for (row, reject) in zip(rows.dropFirst(), run.rejects) {
            for cell in row { XCTAssertFalse(StrictCSV.looksLikeFormula(cell), "formula cell \(cell.debugDescription)") }
            func shown(_ text: String) -> String { text.utf8.first.map(CSVWriter.startsFormula) == true ? "'" + text : text }
            XCTAssertEqual(row, [reject.file, reject.line > 0 ? String(reject.line) : "", reject.field, reject.source,
                                 shown(reject.recordID), reject.code.rawValue, shown(reject.message), shown(reject.raw)])
        }
    }
}
