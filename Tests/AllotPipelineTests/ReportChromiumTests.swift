import AllotCore
import AllotPipeline
import AllotIngest
@testable import AllotPublish
import Foundation
import XCTest

/// The sample night's `report.html` as a browser shows it: headless Chromium
/// (Debian package `chromium`, installed by `make test-setup`) renders it,
/// dumps the DOM it built and takes a screenshot.
///
/// `ALLOT_REPORT_SCREENSHOT=<path>` keeps the screenshot there
/// (`make screenshot` refreshes the one the README shows).
///
/// The dispatch sheets are also printed to PDF (A4, as the page's `@page`
/// asks) and read back with `Tests/Oracle/pdf_text.py`, Python's standard
/// library only, to see what a driver gets on paper.
final class ReportChromiumTests: XCTestCase {
    static let windowSize = (width: 1280, height: 1700)

    /// The browser, a scratch folder, and the sample night published in it (its plan folder); fails the
    /// test when there is no browser.
    private func publishedSampleNight() throws -> (browser: URL, work: URL, folder: URL) {
        guard let browser = Self.chromium() else {
            XCTFail("headless Chromium is needed for this test: make test-setup installs it (apt-get install chromium)")
            throw XCTSkip("no headless Chromium")
        }
        let work = scratch()
        let outputs = work.appendingPathComponent("Outputs")
        _ = try NightlyPipeline.run(RunOptions(inputs: SampleNightPlanTests.sampleInputs, outputs: outputs,
                                               planDate: ReviewTests.planDate))
        return (browser, work, outputs.appendingPathComponent("2020-02-11"))
    }

    private func scratch() -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("allot-chromium-\(UUID().uuidString)")
        try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        addTeardownBlock { try? FileManager.default.removeItem(at: url) }
        return url
    }

    /// The browser: `ALLOT_CHROMIUM`, else the first of the usual names on `PATH`.
    static func chromium() -> URL? {
        let environment = ProcessInfo.processInfo.environment
        if let path = environment["ALLOT_CHROMIUM"] { return URL(fileURLWithPath: path) }
        let dirs = (environment["PATH"] ?? "/usr/bin").split(separator: ":").map(String.init)
        for name in ["chromium", "chromium-browser", "google-chrome"] {
            for dir in dirs where FileManager.default.isExecutableFile(atPath: dir + "/" + name) {
                return URL(fileURLWithPath: dir + "/" + name)
            }
        }
        return nil
    }

    /// Runs Chromium headless on `page` with `arguments`; returns its standard output.
    static func runChromium(_ browser: URL, _ arguments: [String], page: URL, profile: URL,
                            timeout: TimeInterval = 120) throws -> Data {
        let process = Process()
        process.executableURL = browser
        process.arguments = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--hide-scrollbars",
                             "--force-device-scale-factor=1", "--user-data-dir=\(profile.path)"] + arguments + [page.absoluteString]
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        try process.run()
        let watchdog = DispatchWorkItem { if process.isRunning { process.terminate() } }
        DispatchQueue.global().asyncAfter(deadline: .now() + timeout, execute: watchdog)
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        watchdog.cancel()
        guard process.terminationStatus == 0 else {
            throw NSError(domain: "chromium", code: Int(process.terminationStatus),
                          userInfo: [NSLocalizedDescriptionKey: "chromium exited with \(process.terminationStatus)"])
        }
        return data
    }

    /// The text of each page of a PDF Chromium printed, by `Tests/Oracle/pdf_text.py`.
    static func pdfPages(_ pdf: URL) throws -> [String] {
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Oracle/pdf_text.py")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", script.path, pdf.path]
        let out = Pipe()
        process.standardOutput = out
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0, let pages = try? JSONSerialization.jsonObject(with: data) as? [String] else {
            throw NSError(domain: "pdf_text", code: Int(process.terminationStatus),
                          userInfo: [NSLocalizedDescriptionKey: "pdf_text.py could not read the PDF: "
                                     + String(decoding: data, as: UTF8.self)])
        }
        return pages
    }

    /// The sample night's report printed as the bureau prints it: every page of
    /// a supplier's sheet (山东省应急物资储备's runs over several) names the
    /// supplier and its id, and no line id, ship day, material or quantity is
    /// broken over two lines.
    func test_report_printedDispatchSheetsNameTheirSupplierOnEveryPage() throws {
        let (browser, work, folder) = try publishedSampleNight()
        let page = folder.appendingPathComponent("report.html")
        let pdf = work.appendingPathComponent("report.pdf")
        _ = try Self.runChromium(browser, ["--no-pdf-header-footer", "--print-to-pdf=\(pdf.path)"], page: page,
                                 profile: work.appendingPathComponent("profile-pdf"))
        let pages = try Self.pdfPages(pdf).map { Set($0.split(separator: "\n").map(String.init)) }

        // Each sheet's supplier and the cells of its lines, from the page's own markup.
        let html = try String(contentsOf: page, encoding: .utf8)
        let supplier = try NSRegularExpression(pattern: "<div class=\"supplier-name\">([^<]+)</div><div class=\"sub\">供货单位 ([0-9A-Z]{18}) ")
        let line = try NSRegularExpression(pattern: "<td class=\"mono nowrap\">([^<]+)</td><td class=\"nowrap\">([^<]+)</td>"
                                           + "<td class=\"nowrap\">([^<]+)</td><td class=\"num\">([^<]+)</td>")
        func matches(_ pattern: NSRegularExpression, in text: String) -> [[String]] {
            pattern.matches(in: text, range: NSRange(text.startIndex..., in: text)).map { m in
                (1..<m.numberOfRanges).map { String(text[Range(m.range(at: $0), in: text)!]) }
            }
        }
        let sheets = html.components(separatedBy: "<article class=\"supplier\">").dropFirst()
        // Line ids appear before the sheets too (the conversion section lists where the masks went): a sheet's
        // pages are those from the dispatch list's heading on (its last mention; the first is the contents).
        let sheetsStart = try XCTUnwrap(pages.lastIndex { $0.contains("调拨单（按供货单位）") })
        XCTAssertEqual(sheets.count, 18)
        var continued = [String]()
        for sheet in sheets {
            let head = try XCTUnwrap(matches(supplier, in: sheet).first)
            let (name, id) = (head[0], head[1])
            let lines = matches(line, in: sheet)
            XCTAssertFalse(lines.isEmpty, name)
            let printed = pages.indices.filter { i in i >= sheetsStart && lines.contains { pages[i].contains($0[0]) } }
            if printed.count > 1 { continued.append(name) }
            for i in printed {
                XCTAssertTrue(pages[i].contains(name), "page \(i + 1) of \(name)'s sheet names the supplier")
                XCTAssertTrue(pages[i].contains { $0.contains(id) }, "page \(i + 1) of \(name)'s sheet gives its id")
            }
            for cells in lines {
                let on = try XCTUnwrap(printed.first { pages[$0].contains(cells[0]) }, "line \(cells[0]) printed whole")
                for value in cells.dropFirst() {
                    XCTAssertTrue(pages[on].contains(value), "\(cells[0]): '\(value)' on one line")
                }
            }
        }
        XCTAssertTrue(continued.contains("山东省应急物资储备"), "a sheet that runs over pages: \(continued)")
    }

    func test_report_rendersInHeadlessChromium() throws {
        let (browser, work, folder) = try publishedSampleNight()
        let page = folder.appendingPathComponent("report.html")

        // The DOM Chromium built: every section's heading and the manifest's figures.
        let dom = String(decoding: try Self.runChromium(browser, ["--dump-dom"], page: page,
                                                        profile: work.appendingPathComponent("profile-dom")), as: UTF8.self)
        for heading in ["总体情况", "各优先级满足率", "各县（区）缺口", "与上一计划相比", "未满足需求（缺口最大者在前）",
                        "生效的人工干预", "退回记录（按原因和文件汇总）", "调拨单（按供货单位）"] {
            XCTAssertTrue(dom.contains("<h2>\(heading)</h2>"), "heading \(heading)")
        }
        let manifest = try JSONSerialization.jsonObject(with: Data(contentsOf: folder.appendingPathComponent("manifest.json")))
            as! [String: Any]
        let materials = manifest["materials"] as! [String: [String: Any]]
        XCTAssertEqual(materials.count, 8)
        for (code, m) in materials {
            for key in ["offered", "requested", "delivered"] {
                let value = m[key] as! Int
                XCTAssertTrue(dom.contains("data-k=\"\(key)\" data-v=\"\(value)\""), "\(code) \(key) \(value)")
            }
            let shortfall = (m["requested"] as! Int) - (m["delivered"] as! Int)
            XCTAssertTrue(dom.contains("data-k=\"shortfall\" data-v=\"\(shortfall)\""), "\(code) shortfall")
        }
        // Every supplier of dispatch.csv has its page; the sample night's two overrides are listed.
        let dispatch = try String(contentsOf: folder.appendingPathComponent("dispatch.csv"), encoding: .utf8)
        let header = dispatch.split(separator: "\r\n").first!.split(separator: ",")
        let supplierColumn = header.firstIndex(of: "supplier_id")!
        let suppliers = Set(dispatch.split(separator: "\r\n").dropFirst().map { $0.split(separator: ",")[supplierColumn] })
        XCTAssertEqual(dom.components(separatedBy: "<article class=\"supplier\">").count - 1, suppliers.count)
        XCTAssertEqual(dom.components(separatedBy: "<span class=\"badge a-").count - 1, 2, "one pin, one cap")
        XCTAssertGreaterThan(dom.components(separatedBy: "<tr class=\"pinned\">").count - 1, 0)
        XCTAssertGreaterThanOrEqual(dom.components(separatedBy: "<svg").count - 1, 2, "tier bars and county charts")

        // The screenshot: a PNG of the window's size with something on it.
        let png = work.appendingPathComponent("report.png")
        _ = try Self.runChromium(browser, ["--window-size=\(Self.windowSize.width),\(Self.windowSize.height)",
                                           "--screenshot=\(png.path)"],
                                 page: page, profile: work.appendingPathComponent("profile-shot"))
        let bytes = [UInt8](try Data(contentsOf: png))
        XCTAssertEqual(Array(bytes.prefix(8)), [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A], "a PNG")
        func be32(_ at: Int) -> Int { bytes[at..<at + 4].reduce(0) { $0 << 8 | Int($1) } }
        XCTAssertEqual(be32(16), Self.windowSize.width)
        XCTAssertEqual(be32(20), Self.windowSize.height)
        // A blank page of this size compresses to a few kilobytes; text, tables and charts do not.
        XCTAssertGreaterThan(bytes.count, 60_000)
        if let keep = ProcessInfo.processInfo.environment["ALLOT_REPORT_SCREENSHOT"] {
            let target = URL(fileURLWithPath: keep)
            try? FileManager.default.removeItem(at: target)
            try FileManager.default.copyItem(at: png, to: target)
        }
    }
    /// The shortage maps of the sample night, drawn by Chromium: every region with an unmet request has a mark
    /// on its material's map, and the screenshot of the maps is not blank. README shows it
    /// (`ALLOT_MAP_SCREENSHOT=<path>` keeps it).
    func test_report_shortageMapsMarkEveryRegionWithAShortfall() throws {
        let (browser, work, folder) = try publishedSampleNight()
        let report = try String(contentsOf: folder.appendingPathComponent("report.html"), encoding: .utf8)
        let unmet = try PlanSnapshot.readUnmet(PlanFolder(date: ReviewTests.planDate, url: folder))
        XCTAssertFalse(unmet.isEmpty)
        let maps = try shortageMaps(in: report)
        assertEveryMapMarksItsShortRegions(maps, unmet: unmet)
        let png = try screenshot(maps, stylesFrom: report, browser: browser, work: work, size: "1000,520")
        // A blank 1000 × 520 page compresses to a few kilobytes; six maps of marks and text do not.
        XCTAssertGreaterThan(try Data(contentsOf: png).count, 20_000)
        if let keep = ProcessInfo.processInfo.environment["ALLOT_MAP_SCREENSHOT"] {
            try? FileManager.default.removeItem(atPath: keep)
            try FileManager.default.copyItem(at: png, to: URL(fileURLWithPath: keep))
        }
    }

    /// The report's block of shortage maps, from its opening `<div>` to the first closing one.
    private func shortageMaps(in report: String) throws -> String {
        let start = try XCTUnwrap(report.range(of: "<div class=\"maps\" id=\"shortage-maps\">"))
        let end = try XCTUnwrap(report.range(of: "</div>", range: start.upperBound..<report.endIndex))
        return String(report[start.lowerBound..<end.upperBound])
    }

    /// On each map (one per material short, and the overall one), the regions with a mark are exactly the
    /// regions of the unmet requests it counts, and none of them is empty.
    private func assertEveryMapMarksItsShortRegions(_ maps: String, unmet: [PlanSnapshot.UnmetRequest],
                                                    file: StaticString = #filePath, line: UInt = #line) {
        for svg in maps.components(separatedBy: "<svg class=\"map\"").dropFirst() {
            let title = String(svg.components(separatedBy: "class=\"map-title\">")[1].prefix { $0 != "<" })
            let marked = Set(svg.components(separatedBy: "data-region=\"").dropFirst().map { String($0.prefix(6)) })
            let expected = Set(unmet.filter { title == "全部物资：未满足需求数" || title == materialName($0.material.rawValue) }
                .map(\.region.description))
            XCTAssertFalse(expected.isEmpty, title, file: file, line: line)
            XCTAssertEqual(marked, expected, title, file: file, line: line)
        }
    }

    /// A screenshot of `maps` alone, styled by the report's stylesheet, at `size` ("width,height").
    private func screenshot(_ maps: String, stylesFrom report: String, browser: URL, work: URL, size: String) throws -> URL {
        let style = try XCTUnwrap(report.range(of: "<style>")).lowerBound
        let styleEnd = try XCTUnwrap(report.range(of: "</style>")).upperBound
        let page = work.appendingPathComponent("maps.html")
        try Data(("<!DOCTYPE html><html><head><meta charset=\"utf-8\">" + report[style..<styleEnd] + "</head><body>" + maps
                  + "</body></html>").utf8).write(to: page)
        let png = work.appendingPathComponent("maps.png")
        _ = try Self.runChromium(browser, ["--window-size=\(size)", "--screenshot=\(png.path)"], page: page,
                                 profile: work.appendingPathComponent("profile-maps"))
        return png
    }

    /// The sample night's material names, as the catalog gives them, by code.
    private func materialName(_ code: String) -> String {
        ["MASK-MEDICAL": "一次性使用医用口罩", "MASK-SURGICAL": "医用外科口罩", "MASK-N95": "N95口罩", "SUIT": "医用防护服",
         "DISINFECTANT": "消毒液", "ALCOHOL": "75%酒精", "MELTBLOWN": "熔喷布", "THERMOMETER": "红外测温仪"][code] ?? code
    }
    /// A generated province night (every county-level unit of Shandong from the built-in region table, feeds
    /// as counties and platforms send them) run end to end, its report drawn by Chromium: on every material's
    /// map and the overall one, each county with an unmet request has a mark and no other county does, and
    /// the screenshot of the maps is not blank.
    func test_generatedProvinceNight_reportMapsMarkEveryCountyShort() throws {
        guard let browser = Self.chromium() else {
            XCTFail("headless Chromium is needed for this test: make test-setup installs it (apt-get install chromium)")
            return
        }
        let work = scratch()
        let provinceCounties = try RegionTableFile.builtIn().regions
            .filter { $0.level == .county && $0.code.value / 10_000 == 37 }.count
        XCTAssertGreaterThan(provinceCounties, 100)
        let inputs = try GeneratedNight(seed: 23, offers: 400, requests: 3_000, counties: provinceCounties)
            .write(to: work.appendingPathComponent("inputs"))
        let outputs = work.appendingPathComponent("Outputs")
        _ = try NightlyPipeline.run(RunOptions(inputs: inputs, outputs: outputs, planDate: ReviewTests.planDate))
        let folder = outputs.appendingPathComponent("2020-02-11")
        XCTAssertNoThrow(try PublishedBytesTests.dispatchSchema.validate(
            [UInt8](Data(contentsOf: folder.appendingPathComponent(DispatchXML.fileName))), name: DispatchXML.fileName))
        let unmet = try PlanSnapshot.readUnmet(PlanFolder(date: ReviewTests.planDate, url: folder))
        XCTAssertGreaterThan(Set(unmet.map(\.region)).count, 30, "a province night is short in many counties")

        // The DOM Chromium built from the whole report, not the bytes allot wrote.
        let dom = String(decoding: try Self.runChromium(browser, ["--dump-dom"], page: folder.appendingPathComponent("report.html"),
                                                        profile: work.appendingPathComponent("profile-dom")), as: UTF8.self)
        let maps = try shortageMaps(in: dom)
        XCTAssertGreaterThan(maps.components(separatedBy: "<svg class=\"map\"").count - 1, 2, "the overall map and one per material short")
        assertEveryMapMarksItsShortRegions(maps, unmet: unmet)
        let png = try screenshot(maps, stylesFrom: dom, browser: browser, work: work, size: "1000,900")
        // A blank 1000 × 900 page compresses to a few kilobytes; maps of a hundred and more counties do not.
        XCTAssertGreaterThan(try Data(contentsOf: png).count, 20_000)
    }
}
