import AllotCore
import AllotLedger
import AllotPipeline
import AllotPublish
import Foundation
import XCTest

/// Carry-over and the ledger's report sections through the built executable (SPEC 15): three nights in
/// sequence on feeds written here, every figure worked out by hand below.
///
/// Night 1 (2020-02-10): 100 suits (SUIT) in 东昌府区 (371502), no disinfectant. Requests, all in 371502 (road 0
/// km, arriving the day they ship): R1 medical 60 suits by 02-12, served; R2 key enterprise 50 suits gets the
/// other 40 (short 10); D1 medical 100 kg of disinfectant by 02-11, D2 sme 30, D3 sme 40, D4 above scale 50,
/// D5 key enterprise 60 get nothing (no offer in reach). Open after night 1: R2, D1…D5, age 1.
///
/// Night 2 (2020-02-11): 10 suits. R2 restated as 10, served; D1…D4 restated as they were, short again (age 2);
/// D5 not restated: it lapses. A coordinator then closes D3 out.
///
/// Night 3 (2020-02-12), `carry_over = true`: 95 kg of disinfectant. The feeds withdraw D2, restate D4 as 15
/// kg, and add N1 (sme, 10 kg). Open after night 2 and not closed: D1, D2, D4 (D3 is closed, D5 lapsed);
/// D2 is withdrawn and D4 restated, so only D1 is carried over, as 100 kg (its last shortfall), medical (tier
/// 1), by 02-11, now past: overdue, so its deadline is the horizon's last day. Tier 1 first: D1 gets all 95
/// kg (short 5), D4 (tier 3, 15 kg) and N1 (tier 4, 10 kg) nothing. Ages: D1 3, D4 3, N1 1; the problem
/// list (3 nights or more) is D1 then D4; closed out since night 2: D3.
final class CarryOverCommandTests: ScratchCommandTestCase {
    private let dates = ["2020-02-10", "2020-02-11", "2020-02-12"]

    /// A valid credit code for enterprise `n`.
    private func code(_ n: Int) -> String {
        let prefix = "913715000000" + String(String(n + 10_000).suffix(5))
        return prefix + String(CreditCode.checkCharacter(forPrefix: prefix)!)
    }

    /// A request row: id, category, material, quantity, needed_by.
    private func request(_ id: String, _ n: Int, _ category: String, _ material: String, _ quantity: Int,
                         by neededBy: String = "") -> String {
        "\(id),\(code(n)),企业\(id),371502,\(material),\(quantity),\(neededBy),\(category),"
    }

    /// Writes one night's drop zone: the policy, one offer feed and one request feed. Receipts of earlier
    /// lines (`Inputs/receipts.csv`, SPEC 15) go in `receipts` when the night has any.
    private func drop(offers: [String], requests: [String], carryOver: Bool = false, receipts: [String] = []) throws -> URL {
        let inputs = work.appendingPathComponent("Inputs")
        try? FileManager.default.removeItem(at: inputs)
        try FileManager.default.createDirectory(at: inputs.appendingPathComponent("feeds"), withIntermediateDirectories: true)
        try Data((carryOver ? "carry_over = true\n" : "").utf8).write(to: inputs.appendingPathComponent("allot.toml"))
        try Data(("offer_id,supplier_id,supplier_name,region,material,quantity\n" + offers.map { $0 + "\n" }.joined()).utf8)
            .write(to: inputs.appendingPathComponent("feeds/offers.csv"))
        try Data(("request_id,enterprise_id,enterprise_name,region,material,quantity,needed_by,category,status\n"
                  + requests.map { $0 + "\n" }.joined()).utf8)
            .write(to: inputs.appendingPathComponent("feeds/requests.csv"))
        if !receipts.isEmpty {
            try Data(("plan_date,line_id,received,received_on,note\n" + receipts.map { $0 + "\n" }.joined()).utf8)
                .write(to: inputs.appendingPathComponent("receipts.csv"))
        }
        return inputs
    }

    private func run(_ inputs: URL, _ date: String) throws {
        let result = try AllotCommand.run(["run", "--inputs", inputs.path, "--outputs", outputs.path, "--date", date,
                                           "--now", "\(date)T01:30:00+08:00"])
        XCTAssertEqual(result.status, 0, "\(date): \(result.stderr)")
    }

    private var outputs: URL { work.appendingPathComponent("Outputs") }
    private func key(_ id: String) -> RecordKey { RecordKey(source: "requests", kind: .request, id: id) }
    private func date(_ i: Int) -> CalendarDate { CalendarDate(iso: dates[i])! }

    /// The three nights of the type's comment, each run by `allot run`.
    private func runThreeNights() throws {
        let supplier = "11370000MB28359253"
        try run(try drop(offers: ["O1,\(supplier),省应急物资储备,371502,SUIT,100"], requests: [
            request("R1", 1, "medical", "SUIT", 60, by: "2020-02-12"),
            request("R2", 2, "key_enterprise", "SUIT", 50),
            request("D1", 11, "medical", "DISINFECTANT", 100, by: "2020-02-11"),
            request("D2", 12, "sme", "DISINFECTANT", 30),
            request("D3", 13, "sme", "DISINFECTANT", 40),
            request("D4", 14, "above_scale", "DISINFECTANT", 50),
            request("D5", 15, "key_enterprise", "DISINFECTANT", 60),
        ]), dates[0])
        // Night 2's receipts: R1's line arrived in full, R2's 5 short. R2 is restated tonight, so nothing of it is
        // carried on night 3 (the add-back is the next test's).
        let lines = try PlanSnapshot.read(outputs: outputs, date: date(0)).dispatch
        let r1 = try XCTUnwrap(lines.first { $0.request == key("R1") }), r2 = try XCTUnwrap(lines.first { $0.request == key("R2") })
        try run(try drop(offers: ["O2,\(supplier),省应急物资储备,371502,SUIT,10"], requests: [
            request("R2", 2, "key_enterprise", "SUIT", 10),
            request("D1", 11, "medical", "DISINFECTANT", 100, by: "2020-02-11"),
            request("D2", 12, "sme", "DISINFECTANT", 30),
            request("D3", 13, "sme", "DISINFECTANT", 40),
            request("D4", 14, "above_scale", "DISINFECTANT", 50),
        ], receipts: ["\(dates[0]),\(r1.lineID),\(r1.quantity),2020-02-11,", "\(dates[0]),\(r2.lineID),\(r2.quantity - 5),2020-02-11,少5件"]),
            dates[1])
        let ledger = try Ledger.open(outputs.appendingPathComponent("ledger.sqlite"))
        try ledger.close(key("D3"), note: "已协调市外货源", by: "王科长",
                         at: Instant(microsecondsSinceEpoch: 1_581_465_600_000_000))   // 2020-02-12T00:00:00Z
        try run(try drop(offers: ["O3,\(supplier),省应急物资储备,371502,DISINFECTANT,95"], requests: [
            "D2,,,,,,,,withdrawn",
            request("D4", 14, "above_scale", "DISINFECTANT", 15),
            request("N1", 21, "sme", "DISINFECTANT", 10),
        ], carryOver: true), dates[2])
    }

    func test_threeNights_statesAgesCarriedQuantityAndProblemList() throws {
        try runThreeNights()
        let ledger = try Ledger.open(outputs.appendingPathComponent("ledger.sqlite"))

        // Every item's state after night 3.
        let states = try Dictionary(uniqueKeysWithValues: ["R1", "R2", "D1", "D2", "D3", "D4", "D5", "N1"].map {
            ($0, try ledger.history(of: key($0)).state)
        })
        XCTAssertEqual(states, ["R1": .served, "R2": .served, "D1": .open, "D2": .withdrawn, "D3": .closed,
                                "D4": .open, "D5": .lapsed, "N1": .open])
        XCTAssertEqual(try ledger.history(of: key("D1")).nights.map(\.state), [.open, .open, .open])
        XCTAssertEqual(try ledger.history(of: key("D5")).nights.map(\.state), [.open, .lapsed])

        // Night 3 as recorded: D1 carried as 100 kg, tier 1, with its category and needed_by.
        let night3 = try XCTUnwrap(try ledger.night(date(2)))
        let figures = Dictionary(uniqueKeysWithValues: night3.requests.map {
            ($0.key.id, [$0.requested, $0.delivered, Int64($0.tier), Int64($0.age ?? -1)])
        })
        XCTAssertEqual(figures, ["D1": [100, 95, 1, 3], "D4": [15, 0, 3, 3], "N1": [10, 0, 4, 1]])
        XCTAssertEqual(night3.requests.first { $0.key.id == "D1" }?.terms,
                       CarryOver.Terms(category: .medical, neededBy: CalendarDate(iso: "2020-02-11")))
        XCTAssertEqual(night3.withdrawn, [key("D2")])

        // unmet.csv: D1 overdue, its age 3; the ledger's open items oldest first, then by key.
        let snapshot = try PlanSnapshot.read(outputs: outputs, date: date(2))
        let d1 = try XCTUnwrap(snapshot.unmet.first { $0.request == key("D1") })
        XCTAssertEqual([d1.requested, d1.delivered, d1.shortfall], [100, 95, 5])
        XCTAssertTrue(d1.overdue)
        XCTAssertEqual(d1.age, 3)
        XCTAssertEqual(snapshot.dispatch.map { [$0.request.id, String($0.quantity), $0.lotDate.description] },
                       [["D1", "95", "2020-02-12"]])
        XCTAssertEqual(try ledger.problems().map { "\($0.key.id) \($0.age) \($0.shortfall)" }, ["D1 3 5", "D4 3 15", "N1 1 10"])

        // The manifest: one carried request, under no input file; every file's counts still add up.
        let manifest = try XCTUnwrap(JSONSerialization.jsonObject(
            with: Data(contentsOf: outputs.appendingPathComponent("2020-02-12/manifest.json"))) as? [String: Any])
        XCTAssertEqual(manifest["carried_over"] as? Int, 1)
        XCTAssertEqual(manifest["carried_over_keys"] as? [[String: String]],
                       [["source": "requests", "kind": "request", "id": "D1"]])
        let inputs = try XCTUnwrap(manifest["inputs"] as? [[String: Any]])
        let requestsFile = try XCTUnwrap(inputs.first { $0["path"] as? String == "feeds/requests.csv" })
        XCTAssertEqual(["records", "accepted", "rejected", "superseded"].map { requestsFile[$0] as? Int }, [3, 3, 0, 0])
        XCTAssertEqual((manifest["plan"] as? [String: Any])?["requests"] as? Int, 3, "D1, D4, N1: D2 is withdrawn")
        for earlier in dates.prefix(2) {
            let data = try Data(contentsOf: outputs.appendingPathComponent("\(earlier)/manifest.json"))
            XCTAssertFalse(String(decoding: data, as: UTF8.self).contains("carried_over"), "\(earlier): carry-over off")
        }

        // The report: D1 marked 结转, the problem list D1 then D4, D3 closed out since night 2.
        let report = try String(contentsOf: outputs.appendingPathComponent("2020-02-12/report.html"), encoding: .utf8)
        let problems = try XCTUnwrap(report.range(of: "id=\"problem-table\"")).upperBound
        let problemTable = report[problems...].prefix { $0 != "\n" }
        let order = ["requests:D1", "requests:D4", "requests:N1"].compactMap { key in
            problemTable.range(of: key).map { (key, problemTable.distance(from: problemTable.startIndex, to: $0.lowerBound)) }
        }.sorted { $0.1 < $1.1 }.map(\.0)
        XCTAssertEqual(order, ["requests:D1", "requests:D4"])
        XCTAssertEqual(report.components(separatedBy: "requests:D1 <span class=\"badge carried\"").count - 1, 2,
                       "in the unmet list and the problem list")
        let closed = try XCTUnwrap(report.range(of: "id=\"closeout-table\"")).upperBound
        let closedTable = report[closed...].prefix { $0 != "\n" }
        XCTAssertTrue(closedTable.contains("requests:D3") && closedTable.contains("已协调市外货源")
                      && closedTable.contains("王科长") && closedTable.contains("2020-02-12 08:00:00"), String(closedTable))
        XCTAssertFalse(closedTable.contains("requests:D2"))
    }

    /// A carried item gets back what its line confirmed short did not bring: D1 got 30 of 100 on night 1, night 2's
    /// receipt says 20 arrived, so night 2 carries 70 + 10 = 80; night 3, with no new receipt, carries its shortfall.
    func test_carryOver_addsBackWhatALineConfirmedShortDidNotBring() throws {
        let supplier = "11370000MB28359253"
        try run(try drop(offers: ["O1,\(supplier),省应急物资储备,371502,DISINFECTANT,30"], requests: [
            request("D1", 11, "medical", "DISINFECTANT", 100),
        ]), dates[0])
        let line = try XCTUnwrap(try PlanSnapshot.read(outputs: outputs, date: date(0)).dispatch.first)
        XCTAssertEqual(line.quantity, 30)
        try run(try drop(offers: ["O2,\(supplier),省应急物资储备,371502,DISINFECTANT,5"], requests: [],
                         carryOver: true, receipts: ["\(dates[0]),\(line.lineID),20,2020-02-11,"]), dates[1])
        let ledger = try Ledger.open(outputs.appendingPathComponent("ledger.sqlite"))
        XCTAssertEqual(try ledger.night(date(1))?.requests.map { [$0.requested, $0.delivered] }, [[80, 5]])
        try run(try drop(offers: [], requests: ["X1,\(code(30)),企业X1,371502,DISINFECTANT,1,,sme,"], carryOver: true),
                dates[2])
        XCTAssertEqual(try ledger.night(date(2))?.requests.first { $0.key == key("D1") }.map { [$0.requested, $0.delivered] },
                       [75, 0], "the receipt counted once")
    }

    /// Carried requests join the night before `overrides.csv` is read: an override names them as any other.
    func test_overrides_mayNameACarriedRequest() throws {
        let supplier = "11370000MB28359253"
        try run(try drop(offers: ["O1,\(supplier),省应急物资储备,371502,DISINFECTANT,10"], requests: [
            request("D1", 11, "medical", "DISINFECTANT", 100),
            request("D2", 12, "sme", "DISINFECTANT", 30),
        ]), dates[0])
        // Night 2 restates nothing: D1 (short 90) and D2 (short 30) are carried; the coordinator excludes D2.
        let inputs = try drop(offers: ["O2,\(supplier),省应急物资储备,371502,DISINFECTANT,40"], requests: [
            request("N1", 21, "sme", "DISINFECTANT", 5),
        ], carryOver: true)
        try Data("action,offer_id,request_id,enterprise_id,material,quantity,note\nexclude,,requests:D2,,,,已电话确认不再需要\n".utf8)
            .write(to: inputs.appendingPathComponent("overrides.csv"))
        try run(inputs, dates[1])
        let manifest = try XCTUnwrap(JSONSerialization.jsonObject(
            with: Data(contentsOf: outputs.appendingPathComponent("2020-02-11/manifest.json"))) as? [String: Any])
        XCTAssertEqual(manifest["carried_over"] as? Int, 2)
        XCTAssertEqual((manifest["left_out_keys"] as? [String: [[String: String]]])?["excluded"],
                       [["source": "requests", "kind": "request", "id": "D2"]])
        XCTAssertEqual((manifest["rejects"] as? [String: Int])?["rows"], 0)
        // D1 (tier 1) takes all 40 of its 90; N1 (tier 4) nothing.
        let night = try XCTUnwrap(try Ledger.open(outputs.appendingPathComponent("ledger.sqlite")).night(date(1)))
        XCTAssertEqual(night.requests.map { "\($0.key.id) \($0.requested) \($0.delivered)" }, ["D1 90 40", "N1 5 0"])
    }

    /// The nights recorded by the runs, carried one included, are the nights `rebuild` reads from the plan
    /// folders (their `dispatch.xml` for the terms).
    func test_rebuild_givesTheSameNights_withCarriedRequests() throws {
        try runThreeNights()
        let path = outputs.appendingPathComponent("ledger.sqlite")
        let recorded = try (0..<3).map { try Ledger.open(path).night(date($0)) }
        XCTAssertNotNil(recorded[2]?.requests.first { $0.key.id == "D1" }?.terms)
        for suffix in ["", "-wal", "-shm"] {
            try? FileManager.default.removeItem(at: outputs.appendingPathComponent("ledger.sqlite" + suffix))
        }
        let rebuild = try AllotCommand.run(["ledger", "rebuild", "--outputs", outputs.path, "--inputs",
                                            work.appendingPathComponent("Inputs").path])
        XCTAssertEqual(rebuild.status, 0, rebuild.stderr)
        XCTAssertEqual(try (0..<3).map { try Ledger.open(path).night(date($0)) }, recorded)
    }
}
