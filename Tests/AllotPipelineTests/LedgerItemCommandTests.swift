import AllotCore
import AllotPublish
import Foundation
import XCTest

/// `allot ledger problems|history|close|reopen` through the built executable (SPEC 15), on two nights of
/// the sample inputs: what they print is checked against the plan folders the runs published.
final class LedgerItemCommandTests: ScratchCommandTestCase {
    private var inputs: URL!
    private var outputs: URL!

    override func setUpWithError() throws {
        try super.setUpWithError()
        inputs = try sampleInputs()
        outputs = work.appendingPathComponent("Outputs")
    }

    private func allot(_ arguments: [String]) throws -> AllotCommand.Result {
        try AllotCommand.run(arguments + ["--outputs", outputs.path, "--inputs", inputs.path])
    }

    private func runNights(_ dates: [String]) throws {
        for date in dates {
            let result = try AllotCommand.run(["run", "--inputs", inputs.path, "--outputs", outputs.path, "--date", date,
                                               "--now", "\(date)T01:30:00+08:00"])
            XCTAssertEqual(result.status, 0, result.stderr)
        }
    }

    private func unmet(_ date: String) throws -> [PlanSnapshot.UnmetRequest] {
        try PlanSnapshot.read(outputs: outputs, date: CalendarDate(iso: date)!).unmet
    }

    private func csvRows(_ result: AllotCommand.Result) throws -> [[String]] {
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertEqual(Array(result.stdout.prefix(3)), [0xEF, 0xBB, 0xBF], "a BOM")
        let file = work.appendingPathComponent("listing-\(UUID().uuidString).csv")
        try result.stdout.write(to: file)
        return try StrictCSV.rows(file)
    }

    /// The problem list is the second night's unmet requests; an item unmet on both nights is 2 nights old.
    func test_problems_areTheLatestNightsUnmetRequests_withTheirAges() throws {
        try runNights(["2020-02-10", "2020-02-11"])
        let first = Set(try unmet("2020-02-10").map(\.request)), second = try unmet("2020-02-11")
        let rows = try csvRows(try allot(["ledger", "problems", "--format", "csv"]))
        XCTAssertEqual(rows.first, ["request_source", "request_id", "enterprise_id", "enterprise_name", "region", "material",
                                    "tier", "state", "age", "requested", "delivered", "shortfall", "reason",
                                    "first_night", "last_night"])
        let listed = rows.dropFirst()
        XCTAssertEqual(Set(listed.map { "\($0[0]):\($0[1])" }), Set(second.map(\.request.description)))
        for row in listed {
            let key = RecordKey(source: row[0], kind: .request, id: row[1])
            let published = try XCTUnwrap(second.first { $0.request == key })
            XCTAssertEqual(row[8], first.contains(key) ? "2" : "1", "\(key)")
            XCTAssertEqual(row[8], published.age.map(String.init), "unmet.csv's age: \(key)")
            XCTAssertEqual([row[7], row[9], row[10], row[11], row[12], row[14]],
                           ["open", "\(published.requested)", "\(published.delivered)", "\(published.shortfall)",
                            published.reason.rawValue, "2020-02-11"])
        }
        let ages = listed.map { Int($0[8])! }
        XCTAssertEqual(ages, ages.sorted(by: >), "oldest first")

        let old = try csvRows(try allot(["ledger", "problems", "--format", "csv", "--min-age", "2"])).dropFirst()
        XCTAssertEqual(old.count, listed.filter { $0[8] == "2" }.count)
        XCTAssertGreaterThan(old.count, 0)
        let n95 = try csvRows(try allot(["ledger", "problems", "--format", "csv", "--material", "N95口罩"])).dropFirst()
        XCTAssertEqual(n95.count, second.filter { $0.material.rawValue == "MASK-N95" }.count)
        XCTAssertGreaterThan(n95.count, 0)
        let county = try csvRows(try allot(["ledger", "problems", "--format", "csv", "--region", "371502"])).dropFirst()
        XCTAssertEqual(county.count, second.filter { $0.region.value == 371502 }.count)
        let city = try csvRows(try allot(["ledger", "problems", "--format", "csv", "--region", "371500"])).dropFirst()
        XCTAssertEqual(city.count, second.filter { $0.region.value / 100 == 3715 }.count, "a city holds its counties")

        let text = try allot(["ledger", "problems"])
        XCTAssertEqual(text.status, 0, text.stderr)
        let printed = String(decoding: text.stdout, as: UTF8.self)
        XCTAssertTrue(printed.hasPrefix("problem list after the night of 2020-02-11: \(second.count) open items\n"), printed)

        let xlsx = work.appendingPathComponent("problems.xlsx")
        XCTAssertEqual(try allot(["ledger", "problems", "--format", "xlsx", "--out", xlsx.path]).status, 0)
        let read = try Python.run(["-c", """
            import openpyxl, sys
            ws = openpyxl.load_workbook(sys.argv[1]).active
            rows = [r for r in ws.iter_rows(values_only=True)]
            header = next(i for i, r in enumerate(rows) if r[0] == '需求来源')
            body = [r for r in rows[header + 1:] if r[0] and r[0] != '合计']
            print(len(body), rows[header][8], sorted({r[8] for r in body}))
            """, xlsx.path])
        XCTAssertEqual(read.status, 0, read.output)
        let ageSet = Set(ages).sorted().map(String.init).joined(separator: ", ")
        XCTAssertEqual(read.output.trimmingCharacters(in: .whitespacesAndNewlines), "\(listed.count) 持续天数 [\(ageSet)]")

        let bad = try allot(["ledger", "problems", "--material", "沙袋"])
        XCTAssertEqual(bad.status, 2, bad.stderr)
        XCTAssertTrue(bad.stderr.contains("--material 沙袋 is not a material of the catalog"), bad.stderr)
    }

    func test_closeAndReopen_takeAnItemOffTheListAndBack_andHistoryShowsBoth() throws {
        try runNights(["2020-02-10", "2020-02-11"])
        let key = try XCTUnwrap(try unmet("2020-02-11").first).request.description
        func listed() throws -> Bool {
            try csvRows(try allot(["ledger", "problems", "--format", "csv"])).contains { "\($0[0]):\($0[1])" == key }
        }
        XCTAssertTrue(try listed())
        let closed = try allot(["ledger", "close", key, "--note", "县里已自行解决", "--by", "王科长",
                                "--now", "2020-02-11T09:00:00+08:00"])
        XCTAssertEqual(closed.status, 0, closed.stderr)
        XCTAssertFalse(try listed())
        let again = try allot(["ledger", "close", key, "--note", "again"])
        XCTAssertEqual(again.status, 2)
        XCTAssertTrue(again.stderr.contains("\(key) is closed already"), again.stderr)
        XCTAssertEqual(try allot(["ledger", "close", key, "--note", "  "]).status, 2, "a note is required")

        let history = try allot(["ledger", "history", key])
        XCTAssertEqual(history.status, 0, history.stderr)
        let text = String(decoding: history.stdout, as: UTF8.self)
        XCTAssertTrue(text.hasPrefix("\(key): closed\n"), text)
        XCTAssertTrue(text.contains("  2020-02-11  open  requested "), text)
        XCTAssertTrue(text.contains("closed at 2020-02-11 09:00:00 by 王科长: 县里已自行解决"), text)

        XCTAssertEqual(try allot(["ledger", "reopen", key, "--note", "未到货", "--by", "李"]).status, 0)
        XCTAssertTrue(try listed())
        XCTAssertEqual(try allot(["ledger", "reopen", key, "--note", "again"]).status, 2)
        let reopened = String(decoding: try allot(["ledger", "history", key]).stdout, as: UTF8.self)
        XCTAssertTrue(reopened.hasPrefix("\(key): open\n"), reopened)
        XCTAssertTrue(reopened.contains("reopened at ") && reopened.contains(" by 李: 未到货"), reopened)

        // explain answers for the published plan and adds what the ledger holds of the request.
        let explained = try AllotCommand.run(["explain", key, "--outputs", outputs.path])
        XCTAssertEqual(explained.status, 0, explained.stderr)
        let explanation = String(decoding: explained.stdout, as: UTF8.self)
        XCTAssertTrue(explanation.contains("work ledger: \(key): open\n  2020-02-10  open  requested "), explanation)
        XCTAssertTrue(explanation.contains("closed at 2020-02-11 09:00:00 by 王科长"), explanation)

        let unknown = try allot(["ledger", "history", "county-chiping:NO-SUCH"])
        XCTAssertEqual(unknown.status, 2)
        XCTAssertTrue(unknown.stderr.contains("has no item county-chiping:NO-SUCH"), unknown.stderr)
    }

    /// No ledger yet: every ledger command but rebuild says so, names how to create one, and creates nothing.
    func test_noLedger_exits2NamingThePath_andCreatesNothing() throws {
        for arguments in [["ledger", "problems"], ["ledger", "history", "a:b"], ["ledger", "close", "a:b", "--note", "x"]] {
            let result = try allot(arguments)
            XCTAssertEqual(result.status, 2, "\(arguments)")
            XCTAssertTrue(result.stderr.contains("there is no ledger at \(outputs.appendingPathComponent("ledger.sqlite").path): any allot run creates it"),
                          result.stderr)
        }
        XCTAssertFalse(FileManager.default.fileExists(atPath: outputs.path))
    }
}
