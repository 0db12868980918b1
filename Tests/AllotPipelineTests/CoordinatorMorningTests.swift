import Foundation
import XCTest

/// A coordinator's morning on the sample night, end to end through the built `allot`: the nightly run, the next
/// night's files arriving, `allot explain` of a served, a partial and an unmet request, a pin and a re-run of the
/// same date, `allot diff` against the next night's plan, and the dispatch list exported as a workbook.
/// Every expectation is read from the published files, not from what the planner is known to decide.
final class CoordinatorMorningTests: XCTestCase {
    private var work: URL!

    override func setUpWithError() throws {
        work = FileManager.default.temporaryDirectory.appendingPathComponent("allot-morning-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
        let folder = work!
        addTeardownBlock { try? FileManager.default.removeItem(at: folder) }
    }

    func test_morning_runExplainPinRerunDiffExport() throws {
        let fm = FileManager.default
        let inputs = work.appendingPathComponent("Inputs"), outputs = work.appendingPathComponent("Outputs")
        try fm.copyItem(at: SampleNightPlanTests.sampleInputs, to: inputs)

        // 1. The nightly run publishes the plan of 2020-02-11.
        let first = try allot(["run", "--inputs", inputs.path, "--outputs", outputs.path, "--date", "2020-02-11",
                               "--now", "2020-02-11T01:30:00+08:00"])
        XCTAssertEqual(first.status, 0, first.stderr)
        let plan = outputs.appendingPathComponent("2020-02-11")
        /// `materials` of a night's manifest: code → unit and delivered.
        func manifestMaterials(_ date: String) throws -> [String: (unit: String, delivered: Int)] {
            let data = try Data(contentsOf: outputs.appendingPathComponent(date + "/manifest.json"))
            let manifest = try XCTUnwrap(try JSONSerialization.jsonObject(with: data) as? [String: Any])
            let materials = try XCTUnwrap(manifest["materials"] as? [String: [String: Any]])
            return try materials.mapValues { m in
                (unit: try XCTUnwrap(m["unit"] as? String), delivered: try XCTUnwrap(m["delivered"] as? Int))
            }
        }
        for file in ["dispatch.csv", "unmet.csv", "rejects.csv", "manifest.json", "report.html", "inputs"] {
            XCTAssertTrue(fm.fileExists(atPath: plan.appendingPathComponent(file).path), file)
        }
        let dispatch = try Table(plan.appendingPathComponent("dispatch.csv"))
        let unmet = try Table(plan.appendingPathComponent("unmet.csv"))
        XCTAssertFalse(dispatch.rows.isEmpty)
        XCTAssertFalse(unmet.rows.isEmpty)

        // The three requests to explain, picked from the published files.
        func key(_ row: [String: String]) -> String { row["request_source"]! + ":" + row["request_id"]! }
        let unmetByKey = Dictionary(unmet.rows.map { (key($0), $0) }, uniquingKeysWith: { a, _ in a })
        let unserved = try XCTUnwrap(unmet.rows.first { $0["delivered"] == "0" }, "a request that got nothing")
        let partial = try XCTUnwrap(unmet.rows.first { Int($0["delivered"]!)! > 0 && Int($0["shortfall"]!)! > 0 },
                                    "a request partly served")
        let served = try XCTUnwrap(dispatch.rows.first { unmetByKey[key($0)] == nil }, "a request served in full")
        let servedKey = key(served)
        let servedDelivered = dispatch.rows.filter { key($0) == servedKey }.reduce(0) { $0 + Int($1["quantity"]!)! }

        // 2. The next night's files arrive: the partial request's county feed is gone, a request is added to
        // another county's feed and a quantity there changes.
        let feeds = inputs.appendingPathComponent("feeds")
        let removed = try XCTUnwrap(try fm.contentsOfDirectory(atPath: feeds.path).sorted().first {
            $0.hasPrefix(partial["request_source"]!) && $0.hasSuffix(".csv")
        }, "the feed of \(key(partial))")
        try fm.removeItem(at: feeds.appendingPathComponent(removed))
        let added = try nextDrop(feeds, besides: removed)

        for (request, row) in [(key(unserved), Optional(unserved)), (key(partial), partial), (servedKey, nil)] {
            let result = try allot(["explain", request, "--outputs", outputs.path, "--date", "2020-02-11"], in: work)
            XCTAssertEqual(result.status, 0, "\(request): \(result.stderr)")
            let text = result.text
            XCTAssertTrue(text.hasPrefix("plan 2020-02-11\nmatches the published 2020-02-11/dispatch.csv\n"), text)
            XCTAssertTrue(text.contains("\nrequest \(request)  "), text)
            if let row {
                let requested = Int(row["requested"]!)!, delivered = Int(row["delivered"]!)!
                XCTAssertEqual(requested - delivered, Int(row["shortfall"]!)!, request)
                XCTAssertTrue(text.contains("requested \(requested) "), "\(request) \(row)\n\(text)")
                XCTAssertTrue(text.contains(", delivered \(delivered) ("), "\(request) \(row)\n\(text)")
                XCTAssertTrue(text.contains(", shortfall \(row["shortfall"]!)\n"), "\(request) \(row)\n\(text)")
                XCTAssertTrue(text.contains("\n  reason in unmet.csv: \(row["reason"]!)\n"),
                              "\(request) \(row)\n\(text)")
                XCTAssertEqual(text.contains("\nserved by no lot\n"), delivered == 0, text)
            } else {
                XCTAssertTrue(text.contains(", delivered \(servedDelivered) (100"), "\(request)\n\(text)")
                XCTAssertTrue(text.contains(", shortfall 0\n"), text)
                XCTAssertTrue(text.contains("\nfully served\n"), text)
                XCTAssertFalse(text.contains("reason in unmet.csv"), text)
            }
        }
        // The request of the new drop is in no published plan.
        let fresh = try allot(["explain", added, "--outputs", outputs.path, "--date", "2020-02-11"], in: work)
        XCTAssertEqual(fresh.status, 2, fresh.text)

        // 3. The coordinator pins a line of the plan and runs the date again from the inputs it was made from.
        let pinned = try XCTUnwrap(dispatch.rows.first { $0["pinned"] == "false" && Int($0["quantity"]!)! > 1 })
        let pinOffer = pinned["offer_source"]! + ":" + pinned["offer_id"]!, pinRequest = key(pinned)
        let pinQuantity = Int(pinned["quantity"]!)! / 2
        let again = work.appendingPathComponent("Inputs-2020-02-11")
        try fm.copyItem(at: plan.appendingPathComponent("inputs"), to: again)
        let overrides = again.appendingPathComponent("overrides.csv")
        var table = try Data(contentsOf: overrides)
        if table.last != UInt8(ascii: "\n") { table.append(contentsOf: Array("\n".utf8)) }
        table.append(contentsOf: Array("pin,\(pinOffer),\(pinRequest),,,\(pinQuantity),早班协调\n".utf8))
        try table.write(to: overrides)
        let rerun = try allot(["run", "--inputs", again.path, "--outputs", outputs.path, "--date", "2020-02-11",
                               "--now", "2020-02-11T09:15:00+08:00"])
        XCTAssertEqual(rerun.status, 0, rerun.stderr)
        let redispatch = try Table(plan.appendingPathComponent("dispatch.csv"))
        let rejects = try String(contentsOf: plan.appendingPathComponent("rejects.csv"), encoding: .utf8)
        XCTAssertFalse(rejects.contains(pinRequest), "the pin holds:\n\(rejects)")

        func shipment(_ row: [String: String]) -> String {
            row["offer_source"]! + ":" + row["offer_id"]! + " " + row["lot_date"]! + " " + key(row)
        }
        let before = Dictionary(dispatch.rows.map { (shipment($0), $0) }, uniquingKeysWith: { a, _ in a })
        let after = Dictionary(redispatch.rows.map { (shipment($0), $0) }, uniquingKeysWith: { a, _ in a })
        XCTAssertEqual(before.count, dispatch.rows.count, "one line per shipment")
        XCTAssertEqual(after.count, redispatch.rows.count, "one line per shipment")
        var unchanged = 0
        for (s, old) in before {
            guard let new = after[s] else { continue }
            XCTAssertEqual(new["line_id"], old["line_id"], "\(s) keeps its line id")
            if new["quantity"] == old["quantity"] && new["pinned"] == old["pinned"] { unchanged += 1 }
        }
        XCTAssertGreaterThan(unchanged, dispatch.rows.count / 2, "most shipments do not move for one pin")
        let idsBefore = Set(dispatch.rows.map { $0["line_id"]! })
        let idsAfter = Set(redispatch.rows.map { $0["line_id"]! })
        for id in idsBefore.intersection(idsAfter) {
            XCTAssertEqual(shipment(redispatch.rows.first { $0["line_id"] == id }!),
                           shipment(dispatch.rows.first { $0["line_id"] == id }!), "\(id) names another shipment")
        }
        let pair = redispatch.rows.filter {
            $0["offer_source"]! + ":" + $0["offer_id"]! == pinOffer && key($0) == pinRequest
        }
        let pinnedLines = pair.filter { $0["pinned"] == "true" }
        XCTAssertFalse(pinnedLines.isEmpty, "the pinned pair is marked pinned: \(pair)")
        XCTAssertGreaterThanOrEqual(pinnedLines.reduce(0) { $0 + Int($1["quantity"]!)! }, pinQuantity, "\(pair)")
        // The report lists the pin in force with its quantity, applied.
        let report = try String(contentsOf: plan.appendingPathComponent("report.html"), encoding: .utf8)
        XCTAssertTrue(report.contains("2020-02-11 09:15:00"), "the report says when the re-run was made")
        let overridesTable = try XCTUnwrap(report.components(separatedBy: "id=\"override-table\"").dropFirst().first?
            .components(separatedBy: "</table>").first, "the overrides in force")
        let pinRow = try XCTUnwrap(overridesTable.components(separatedBy: "<tr").first { $0.contains("早班协调") },
                                   overridesTable)
        let grouped = String(pinQuantity).reversed().enumerated().reduce(into: "") { out, digit in
            if digit.offset > 0 && digit.offset % 3 == 0 { out.insert(",", at: out.startIndex) }
            out.insert(digit.element, at: out.startIndex)
        }
        for text in ["<td>\(pinOffer)</td>", "<td>\(pinRequest)</td>", "<td class=\"num\">\(grouped)</td>",
                     "class=\"badge ok\""] {
            XCTAssertTrue(pinRow.contains(text), "\(text) in \(pinRow)")
        }

        // 4. The next night's plan, from the new drop, and what changed since this morning's.
        let next = try allot(["run", "--inputs", inputs.path, "--outputs", outputs.path, "--date", "2020-02-12",
                              "--now", "2020-02-12T01:30:00+08:00"])
        XCTAssertEqual(next.status, 0, next.stderr)
        let nextDispatch = try Table(outputs.appendingPathComponent("2020-02-12/dispatch.csv"))
        let text = try allot(["diff", "2020-02-11", "latest", "--outputs", outputs.path])
        XCTAssertEqual(text.status, 0, text.stderr)
        XCTAssertTrue(text.text.hasPrefix("plan 2020-02-11 → 2020-02-12\nby material:\n"), text.text)
        // The per-material summary first: one line per material, delivered as in each night's manifest.
        for (code, figures) in try manifestMaterials("2020-02-12") {
            let before = try manifestMaterials("2020-02-11")[code]
            let delivered = "\(before.map { "\($0.delivered)" } ?? "—") → \(figures.delivered)"
            XCTAssertTrue(text.text.contains("\n  \(code) (\(figures.unit)): delivered \(delivered)"), "\(code)\n\(text.text)")
        }
        let diffFile = work.appendingPathComponent("diff.csv")
        let csv = try allot(["diff", "2020-02-11", "2020-02-12", "--outputs", outputs.path, "--format", "csv",
                             "--out", diffFile.path])
        XCTAssertEqual(csv.status, 0, csv.stderr)
        let diff = try Table(diffFile)
        // Lines are matched by (offer, request) whatever the lots' days, each pair's lots summed.
        func pairKey(_ row: [String: String]) -> String { row["offer_source"]! + ":" + row["offer_id"]! + " " + key(row) }
        func pairs(_ rows: [[String: String]]) -> [String: (quantity: Int, pinned: Bool)] {
            rows.reduce(into: [:]) { sums, row in
                let old = sums[pairKey(row)] ?? (0, false)
                sums[pairKey(row)] = (old.quantity + Int(row["quantity"]!)!, old.pinned || row["pinned"] == "true")
            }
        }
        let pairsBefore = pairs(redispatch.rows), pairsAfter = pairs(nextDispatch.rows)
        func diffPairs(_ change: String) -> Set<String> { Set(diff.rows.filter { $0["change"] == change }.map(pairKey)) }
        XCTAssertEqual(diffPairs("new"), Set(pairsAfter.keys).subtracting(pairsBefore.keys))
        XCTAssertEqual(diffPairs("dropped"), Set(pairsBefore.keys).subtracting(pairsAfter.keys))
        XCTAssertEqual(diffPairs("changed"), Set(pairsBefore.keys).intersection(pairsAfter.keys).filter {
            pairsBefore[$0]!.quantity != pairsAfter[$0]!.quantity || pairsBefore[$0]!.pinned != pairsAfter[$0]!.pinned
        })
        XCTAssertEqual(Set(diff.rows.filter { $0["change"] == "material" }.map { $0["material"]! }),
                       Set(try manifestMaterials("2020-02-11").keys).union(try manifestMaterials("2020-02-12").keys))
        let dropped = text.text.components(separatedBy: "\ndropped lines:\n").last ?? ""
        for row in redispatch.rows where row["request_source"] == partial["request_source"] {
            XCTAssertTrue(dropped.contains(" → \(key(row))  "),
                          "\(key(row)) of the removed feed is dropped\n\(text.text)")
        }
        let fills = Dictionary(diff.rows.filter { $0["change"] == "fill" }.map { (key($0), $0) },
                               uniquingKeysWith: { a, _ in a })
        let gone = try XCTUnwrap(fills[key(partial)], "\(key(partial)) is no longer planned")
        XCTAssertEqual(gone["requested_before"], partial["requested"])
        XCTAssertEqual(gone["delivered_before"], partial["delivered"])
        XCTAssertEqual(gone["requested_after"], "")
        let arrived = try XCTUnwrap(fills[added], "\(added) of the new drop is planned")
        XCTAssertEqual(arrived["requested_before"], "")
        XCTAssertNotEqual(arrived["requested_after"], "")

        // 5. The re-run plan's dispatch list as a workbook, read back by openpyxl.
        guard (try? Python.run(["-c", "import openpyxl"]))?.status == 0 else {
            throw XCTSkip("python3 with openpyxl is missing (make test-setup installs it): "
                + "the xlsx export is not checked")
        }
        let workbook = work.appendingPathComponent("dispatch.xlsx")
        let export = try allot(["export", "dispatch", "--format", "xlsx", "--date", "2020-02-11",
                                "--outputs", outputs.path, "--inputs", inputs.path, "--out", workbook.path,
                                "--lang", "en"])
        XCTAssertEqual(export.status, 0, export.stderr)
        // The rows are those under the header's filter (row 2): the plan date is above, the totals below.
        let (status, output) = try Python.run(["-W", "error", "-c", """
            import datetime, json, openpyxl, re, sys
            wb = openpyxl.load_workbook(sys.argv[1])
            def value(cell):
                return cell.value.date().isoformat() if isinstance(cell.value, datetime.datetime) else cell.value
            rows, date_columns = [], None
            for ws in wb.worksheets:
                last = int(re.search(r"[0-9]+$", ws.auto_filter.ref).group())
                data = list(ws.iter_rows(min_row=3, max_row=last))
                rows += [[value(c) for c in r] for r in data]
                dates = {ws.cell(2, c + 1).value for c in range(ws.max_column)
                         if data and all(isinstance(r[c].value, datetime.datetime) for r in data)}
                date_columns = dates if date_columns is None else date_columns & dates
            first = wb.worksheets[0]
            print(json.dumps({"plan_date": [first["A1"].value, value(first["B1"])], "date_columns": sorted(date_columns),
                              "header": [c.value for c in first[2]], "rows": rows}))
            """, workbook.path])
        XCTAssertEqual(status, 0, output)
        let sheet = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(output.utf8)) as? [String: Any])
        XCTAssertEqual(sheet["plan_date"] as? [String], ["Plan date", "2020-02-11"])
        XCTAssertEqual(sheet["date_columns"] as? [String], ["Arrive by", "Plan date", "Ship on"], "dates as date cells")
        let header = try XCTUnwrap(sheet["header"] as? [String])
        let cells = try XCTUnwrap(sheet["rows"] as? [[Any]])
        // Workbook column → dispatch.csv column; names of materials, units and regions are the export's own.
        let columns = ["Plan date": "plan_date", "Line": "line_id", "Material code": "material", "Quantity": "quantity",
                       "Offer source": "offer_source", "Offer ID": "offer_id", "Supplier credit code": "supplier_id",
                       "Supplier": "supplier_name", "From region code": "from_region",
                       "Request source": "request_source",
                       "Request ID": "request_id", "Enterprise credit code": "enterprise_id",
                       "Enterprise": "enterprise_name",
                       "To region code": "to_region", "Tier": "tier", "Road km": "road_km", "Ship on": "ship_on",
                       "Arrive by": "arrive_by"]
        for name in columns.keys { XCTAssertTrue(header.contains(name), "\(name) in \(header)") }
        XCTAssertEqual(cells.count, redispatch.rows.count, "one workbook row per line of dispatch.csv")
        let pinnedColumn = try XCTUnwrap(header.firstIndex(of: "Pinned"))
        let yes = try XCTUnwrap(zip(cells, redispatch.rows).first { $1["pinned"] == "true" }
            .map { "\($0.0[pinnedColumn])" })
        for (index, (row, line)) in zip(cells, redispatch.rows).enumerated() {
            for (name, field) in columns {
                let cell = row[header.firstIndex(of: name)!], expected = line[field]!
                switch cell {
                case let text as String: XCTAssertEqual(text, expected, "row \(index + 1) \(name)")
                case is NSNull: XCTAssertEqual("", expected, "row \(index + 1) \(name)")
                case let number as NSNumber:
                    XCTAssertEqual(number.doubleValue, Double(expected), "row \(index + 1) \(name)")
                    XCTAssertTrue(["Quantity", "Tier", "Road km"].contains(name),
                                  "row \(index + 1) \(name) is a number")
                default: XCTFail("row \(index + 1) \(name): \(cell)")
                }
            }
            XCTAssertEqual("\(row[pinnedColumn])" == yes, line["pinned"] == "true", "row \(index + 1) Pinned")
            XCTAssertTrue(row[header.firstIndex(of: "Quantity")!] is NSNumber,
                          "row \(index + 1): quantity stored as a number")
        }
    }

    // MARK: - Helpers

    private func allot(_ arguments: [String], in directory: URL? = nil,
                       file: StaticString = #filePath, line: UInt = #line) throws -> AllotCommand.Result {
        try AllotCommand.run(arguments, in: directory, timeout: 300, file: file, line: line)
    }

    /// The next night's drop into `feeds`: in the first UTF-8 county feed other than `removed` with plain rows,
    /// a copy of its first request under a new id, and the quantity of another of its requests doubled.
    /// - Returns: the new request's key.
    private func nextDrop(_ feeds: URL, besides removed: String) throws -> String {
        for name in try FileManager.default.contentsOfDirectory(atPath: feeds.path).sorted()
        where name.hasPrefix("county-") && name.hasSuffix(".csv") && name != removed {
            let url = feeds.appendingPathComponent(name)
            guard let text = String(data: try Data(contentsOf: url), encoding: .utf8), !text.hasPrefix("\u{FEFF}"),
                  !text.contains("\""), text.hasPrefix("request_id,") else { continue }
            var lines = text.components(separatedBy: "\n").map { $0.hasSuffix("\r") ? String($0.dropLast()) : $0 }
            while lines.last == "" { lines.removeLast() }
            let header = lines[0].components(separatedBy: ",")
            guard lines.count > 2, let id = header.firstIndex(of: "request_id"),
                  let quantity = header.firstIndex(of: "quantity"),
                  let updated = header.firstIndex(of: "updated_at") else { continue }
            guard let change = lines.indices.dropFirst(2).first(where: {
                Int(lines[$0].components(separatedBy: ",")[quantity]) != nil
            }) else { continue }
            var cells = lines[change].components(separatedBy: ",")
            cells[quantity] = String(Int(cells[quantity])! * 2)
            cells[updated] = "2020-02-11 08:30"
            lines[change] = cells.joined(separator: ",")
            var copy = lines[1].components(separatedBy: ",")
            copy[id] += "-N1"
            copy[updated] = "2020-02-11 08:30"
            lines.append(copy.joined(separator: ","))
            try Data((lines.joined(separator: "\n") + "\n").utf8).write(to: url)
            return String(name.dropLast(4)) + ":" + copy[id]
        }
        throw XCTSkip("no plain UTF-8 county feed to add a request to")
    }
}

/// A published CSV file (UTF-8 with BOM, RFC 4180) as rows keyed by its header.
private struct Table {
    var header: [String]
    var rows: [[String: String]]

    init(_ url: URL) throws {
        var text = try String(contentsOf: url, encoding: .utf8)
        if text.hasPrefix("\u{FEFF}") { text.removeFirst() }
        let records = Table.parse(text)
        let header = records.first ?? []
        self.header = header
        rows = records.dropFirst().map { Dictionary(zip(header, $0).map { ($0, $1) }, uniquingKeysWith: { a, _ in a }) }
    }

    static func parse(_ text: String) -> [[String]] {
        var records = [[String]](), record = [String](), field = "", quoted = false, afterQuote = false
        var chars = Array(text.unicodeScalars)[...]
        while let c = chars.popFirst() {
            if quoted {
                if c == "\"" {
                    if chars.first == "\"" {
                        field.unicodeScalars.append("\"")
                        chars.removeFirst()
                    } else {
                        quoted = false
                    }
                } else { field.unicodeScalars.append(c) }
                continue
            }
            switch c {
            case "\"" where field.isEmpty && !afterQuote: quoted = true; afterQuote = true
            case ",": record.append(field); field = ""; afterQuote = false
            case "\r": continue
            case "\n": record.append(field); records.append(record); record = []; field = ""; afterQuote = false
            default: field.unicodeScalars.append(c)
            }
        }
        if !field.isEmpty || !record.isEmpty { record.append(field); records.append(record) }
        return records
    }
}
