import AllotCore
import AllotLedger
import AllotPublish
import Foundation
import XCTest

/// Receipts (到货确认, SPEC 15) through the built executable: night 1 published, a `receipts.csv` naming its
/// lines read on night 2 (rejects in rejects.csv, counts in the manifest, the report's section), and
/// `allot ledger receipts` listing them as text, CSV and a workbook.
final class LedgerReceiptsCommandTests: ScratchCommandTestCase {
    private let night1 = "2020-02-10", night2 = "2020-02-11"

    private func run(_ inputs: URL, _ outputs: URL, date: String) throws -> AllotCommand.Result {
        try AllotCommand.run(["run", "--inputs", inputs.path, "--outputs", outputs.path, "--date", date,
                              "--now", "\(date)T01:30:00+08:00"])
    }

    private func receipts(_ outputs: URL, _ inputs: URL, _ more: [String]) throws -> AllotCommand.Result {
        try AllotCommand.run(["ledger", "receipts", "--outputs", outputs.path, "--inputs", inputs.path] + more)
    }

    /// Night 1's lines, a full one, one received short (its first receipt superseded), one above its quantity.
    private struct Night1 {
        var full: PlanSnapshot.Line
        var short: PlanSnapshot.Line
        var above: PlanSnapshot.Line
        var lines: Int
    }

    /// Runs night 1, writes receipts.csv naming its lines, runs night 2.
    private func twoNights() throws -> (inputs: URL, outputs: URL, night1: Night1) {
        let inputs = try sampleInputs(), outputs = work.appendingPathComponent("Outputs")
        let first = try run(inputs, outputs, date: night1)
        XCTAssertEqual(first.status, 0, first.stderr)
        let dispatch = try PlanSnapshot.read(outputs: outputs, date: CalendarDate(iso: night1)!).dispatch
        let big = dispatch.filter { $0.quantity >= 2 }
        let lines = Night1(full: big[0], short: big[1], above: big[2], lines: dispatch.count)
        let csv = "plan_date,line_id,received,received_on,note\n"
            + "\(night1),\(lines.full.lineID),\(lines.full.quantity),2020-02-11,全部到货\n"
            + "\(night1),\(lines.short.lineID),\(lines.short.quantity),2020-02-11,\n"
            + "\(night1),\(lines.short.lineID),\(lines.short.quantity - 1),2020-02-11,少一件\n"
            + "\(night1),L-0000000000,5,2020-02-11,\n"
            + "\(night1),\(lines.above.lineID),\(lines.above.quantity + 1),2020-02-11,\n"
        try Data(csv.utf8).write(to: inputs.appendingPathComponent("receipts.csv"))
        let second = try run(inputs, outputs, date: night2)
        XCTAssertEqual(second.status, 0, second.stderr)
        XCTAssertTrue(second.stderr.contains("; receipts: 5 (2 recorded, 2 rejected, 1 superseded); rejects.csv: 12 rows"),
                      second.stderr)
        return (inputs, outputs, lines)
    }

    func test_run_receiptsOfNight1_rejectsCountsReportAndLedgerList() throws {
        let (inputs, outputs, lines) = try twoNights()
        let folder = outputs.appendingPathComponent(night2)

        // The two rejects, naming receipts.csv, its lines and fields.
        let rejects = try String(contentsOf: folder.appendingPathComponent("rejects.csv"), encoding: .utf8)
            .split(separator: "\r\n").filter { $0.hasPrefix("receipts.csv,") }
        XCTAssertEqual(rejects.map { $0.split(separator: ",").prefix(3).joined(separator: ",") + "," + $0.split(separator: ",")[5] }, [
            "receipts.csv,5,line_id,unknown_line", "receipts.csv,6,received,received_above_quantity",
        ])

        // The manifest counts every row once.
        let manifest = try JSONSerialization.jsonObject(with: Data(contentsOf: folder.appendingPathComponent("manifest.json")))
            as? [String: Any]
        let entry = try XCTUnwrap((manifest?["inputs"] as? [[String: Any]])?.first { $0["path"] as? String == "receipts.csv" })
        XCTAssertEqual(entry["role"] as? String, "receipts")
        XCTAssertEqual(["records", "accepted", "rejected", "superseded"].map { entry[$0] as? Int }, [5, 2, 2, 1])
        XCTAssertTrue(FileManager.default.fileExists(atPath: folder.appendingPathComponent("inputs/receipts.csv").path))

        // The report's receipts section: night 1's lines of the short line's supplier.
        let report = try String(contentsOf: folder.appendingPathComponent("report.html"), encoding: .utf8)
        XCTAssertTrue(report.contains("<section id=\"receipts\"><h2>到货确认</h2>"), "no receipts section")
        XCTAssertTrue(report.contains("含今晚 receipts.csv 的 2 条确认"))
        XCTAssertTrue(report.contains("data-k=\"shortfall\" data-v=\"1\""))

        // allot ledger receipts: text.
        let text = try receipts(outputs, inputs, ["--date", night1])
        XCTAssertEqual(text.status, 0, text.stderr)
        XCTAssertTrue(text.text.hasPrefix("2020-02-10 的调拨单 \(lines.lines) 条：已确认 1，短少 1，未确认 \(lines.lines - 2)\n"),
                      text.text)
        XCTAssertTrue(text.text.contains("  短少  \(lines.short.lineID)  \(lines.short.supplierName)"), text.text)
        XCTAssertTrue(text.text.contains("实收 \(lines.short.quantity - 1)  短少 1  2020-02-11  少一件\n"), text.text)
        let english = try receipts(outputs, inputs, ["--date", night1, "--lang", "en"])
        XCTAssertTrue(english.text.hasPrefix("Lines of the night of 2020-02-10: \(lines.lines); confirmed 1, short 1, "),
                      english.text)
        // Without --date: the latest night with lines (night 2, nothing confirmed yet).
        let latest = try receipts(outputs, inputs, [])
        XCTAssertTrue(latest.text.hasPrefix("2020-02-11 的调拨单"), latest.text)
        XCTAssertTrue(latest.text.contains("已确认 0，短少 0，"), latest.text)

        // CSV: BOM, header, one row per line, confirmed first.
        let csvFile = work.appendingPathComponent("receipts.csv")
        let csv = try receipts(outputs, inputs, ["--date", night1, "--format", "csv", "--out", csvFile.path])
        XCTAssertEqual(csv.status, 0, csv.stderr)
        let bytes = try Data(contentsOf: csvFile)
        XCTAssertEqual(Array(bytes.prefix(3)), [0xEF, 0xBB, 0xBF])
        let rows = String(decoding: bytes.dropFirst(3), as: UTF8.self).split(separator: "\r\n").map { $0.split(separator: ",", omittingEmptySubsequences: false) }
        XCTAssertEqual(rows.first?.joined(separator: ","),
                       "计划日期,调拨单号,供应方信用代码,供应方名称,供给,需求,物资编码,物资名称,单位,数量,实收数量,短少,到货日期,状态,备注")
        XCTAssertEqual(rows.count, 1 + lines.lines)
        XCTAssertEqual(rows[1][1], Substring(lines.full.lineID))
        XCTAssertEqual([rows[1][11], rows[1][13], rows[1][14]], ["0", "已确认", "全部到货"])
        XCTAssertEqual(rows[2][1], Substring(lines.short.lineID))
        XCTAssertEqual([rows[2][2], rows[2][3]], [Substring(lines.short.supplierID), Substring(lines.short.supplierName)])
        XCTAssertEqual([rows[2][9], rows[2][10], rows[2][11], rows[2][12], rows[2][13]],
                       [Substring("\(lines.short.quantity)"), Substring("\(lines.short.quantity - 1)"), "1", "2020-02-11", "短少"])
        XCTAssertEqual(rows[3][13], "未确认")

        // xlsx, read back by openpyxl.
        let xlsx = work.appendingPathComponent("r.xlsx")
        let book = try receipts(outputs, inputs, ["--date", night1, "--format", "xlsx", "--out", xlsx.path, "--lang", "en"])
        XCTAssertEqual(book.status, 0, book.stderr)
        let (status, output) = try Python.run(["-W", "error", "-c", """
            import openpyxl, sys
            ws = openpyxl.load_workbook(sys.argv[1]).worksheets[0]
            rows = list(ws.iter_rows(values_only=True))
            print(ws.title, rows[0][0], rows[0][1].date(), rows[1][0], rows[1][13], len(rows))
            print(rows[3][1], rows[3][9], rows[3][10], rows[3][11], rows[3][12].date(), rows[3][13], rows[3][14])
            """, xlsx.path])
        XCTAssertEqual(status, 0, output)
        let totals = Set(try PlanSnapshot.read(outputs: outputs, date: CalendarDate(iso: night1)!).dispatch.map(\.material)).count
        XCTAssertEqual(output, """
            Receipts Plan date 2020-02-10 Plan date State \(2 + lines.lines + totals)
            \(lines.short.lineID) \(lines.short.quantity) \(lines.short.quantity - 1) 1 2020-02-11 short 少一件

            """)

        // The item's history shows the receipt on its line.
        let history = try AllotCommand.run(["ledger", "history", lines.short.request.description, "--outputs", outputs.path,
                                            "--inputs", inputs.path])
        XCTAssertEqual(history.status, 0, history.stderr)
        XCTAssertTrue(String(decoding: history.stdout, as: UTF8.self).contains(
            "\(lines.short.lineID)  \(lines.short.quantity) \(lines.short.material.rawValue) from \(lines.short.offer), "
                + "lot \(lines.short.lotDate), arrives by \(lines.short.arriveBy), received \(lines.short.quantity - 1) (short 1) "
                + "on 2020-02-11\n"), String(decoding: history.stdout, as: UTF8.self))
    }

    /// Receipts are the ledger's own: a re-run of night 1 and a rebuild keep them.
    func test_receipts_surviveARerunOfTheirNightAndARebuild() throws {
        let (inputs, outputs, lines) = try twoNights()
        try FileManager.default.removeItem(at: inputs.appendingPathComponent("receipts.csv"))
        let rerun = try run(inputs, outputs, date: night1)
        XCTAssertEqual(rerun.status, 0, rerun.stderr)
        let rebuild = try AllotCommand.run(["ledger", "rebuild", "--outputs", outputs.path, "--inputs", inputs.path])
        XCTAssertEqual(rebuild.status, 0, rebuild.stderr)
        let listed = try Ledger.open(outputs.appendingPathComponent("ledger.sqlite")).receipts(on: CalendarDate(iso: night1)!)
        XCTAssertEqual(listed?.lines.filter { $0.state != .unconfirmed }.map { "\($0.lineID) \($0.state)" },
                       ["\(lines.full.lineID) confirmed", "\(lines.short.lineID) short"].sorted())
    }

    func test_receipts_withoutALedger_exits2NamingItsPath() throws {
        let inputs = try sampleInputs(), outputs = work.appendingPathComponent("Outputs")
        try FileManager.default.createDirectory(at: outputs, withIntermediateDirectories: true)
        let result = try receipts(outputs, inputs, [])
        XCTAssertEqual(result.status, 2, result.stderr)
        let path = outputs.appendingPathComponent("ledger.sqlite").path
        XCTAssertEqual(result.stderr, "allot: there is no ledger at \(path): any allot run creates it "
            + "(or allot ledger rebuild, from the published plans)\n")
        XCTAssertFalse(FileManager.default.fileExists(atPath: path))

        XCTAssertEqual(try run(inputs, outputs, date: night1).status, 0)
        let missing = try receipts(outputs, inputs, ["--date", "2020-02-09"])
        XCTAssertEqual(missing.status, 2, missing.stderr)
        XCTAssertTrue(missing.stderr.contains("has no night 2020-02-09"), missing.stderr)
        let bad = try receipts(outputs, inputs, ["--date", "2020/02/09"])
        XCTAssertEqual(bad.status, 2, bad.stderr)
    }
}
