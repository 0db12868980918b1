import AllotCore
import Foundation
import XCTest
@testable import AllotPublish

final class ReportHTMLTests: XCTestCase {
    private func text(_ run: NightRun, options: PlanFileOptions = PlanFileOptions(),
                      limits: ReportLimits = ReportLimits()) throws -> String {
        String(decoding: try ReportHTML.render(run, options: options, limits: limits), as: UTF8.self)
    }

    /// `data-k`/`data-v` pairs of the headline row of one material.
    private func headline(_ html: String, material: String) throws -> [String: String] {
        let start = try XCTUnwrap(html.range(of: "<tr id=\"m-\(material)\""), "no headline row for \(material)")
        let row = html[start.lowerBound...].prefix { $0 != "\n" }
        let end = try XCTUnwrap(row.range(of: "</tr>"))
        let cells = row[..<end.upperBound]
        var values = [String: String]()
        let pattern = try NSRegularExpression(pattern: "data-k=\"([a-z_]+)\" data-v=\"([0-9.]+)\"")
        let ns = String(cells)
        for m in pattern.matches(in: ns, range: NSRange(ns.startIndex..., in: ns)) {
            values[String(ns[Range(m.range(at: 1), in: ns)!])] = String(ns[Range(m.range(at: 2), in: ns)!])
        }
        return values
    }

    func test_report_headlineFiguresMatchTheManifest() throws {
        let run = PublishFixture.run()
        let files = try PlanFiles.render(run)
        let html = String(decoding: try XCTUnwrap(files.first { $0.name == "report.html" }).bytes, as: UTF8.self)
        let manifest = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(files.last!.bytes)) as? [String: Any])
        let materials = try XCTUnwrap(manifest["materials"] as? [String: [String: Any]])
        XCTAssertEqual(materials.count, 2)
        for (code, m) in materials {
            let shown = try headline(html, material: code)
            let offered = try XCTUnwrap(m["offered"] as? Int), requested = try XCTUnwrap(m["requested"] as? Int)
            let delivered = try XCTUnwrap(m["delivered"] as? Int)
            XCTAssertEqual(shown["offered"], String(offered), code)
            XCTAssertEqual(shown["requested"], String(requested), code)
            XCTAssertEqual(shown["delivered"], String(delivered), code)
            XCTAssertEqual(shown["shortfall"], String(requested - delivered), code)
            XCTAssertEqual(shown["ton_km"].flatMap(Double.init), (m["ton_km"] as? NSNumber)?.doubleValue, code)
        }
        // The headline numbers are also shown grouped as people read them.
        XCTAssertTrue(html.contains(">15,000</td>"), "offered masks")
    }

    func test_report_everySectionIsThere() throws {
        let html = try text(PublishFixture.run())
        for id in ["summary", "headline", "tiers", "counties", "changes", "unmet", "overrides", "rejects", "dispatch"] {
            XCTAssertTrue(html.contains("id=\"\(id)\""), id)
        }
        for heading in ["总体情况", "各优先级满足率", "各县（区）缺口", "未满足需求", "生效的人工干预", "退回记录", "调拨单（按供货单位）"] {
            XCTAssertTrue(html.contains(heading), heading)
        }
        XCTAssertTrue(html.hasPrefix("<!DOCTYPE html>\n<html lang=\"zh-CN\">"))
        XCTAssertFalse(html.contains("<script"), "no script")
        for fetch in ["src=", "href=\"http", "url(", "@import", "<link"] {
            XCTAssertFalse(html.contains(fetch), "nothing from the network: \(fetch)")
        }
        XCTAssertTrue(html.contains("@media print"), "a print stylesheet")
        XCTAssertTrue(html.contains("break-before:page"), "one supplier per printed page")
    }

    func test_report_englishWithLangEn() throws {
        let html = try text(PublishFixture.run(), options: PlanFileOptions(language: .en))
        XCTAssertTrue(html.hasPrefix("<!DOCTYPE html>\n<html lang=\"en\">"))
        for heading in ["Headline figures", "Fill by tier", "Shortfall by county", "Unmet requests, worst first",
                        "Overrides in force", "Rejects by reason and file", "Dispatch list by supplier"] {
            XCTAssertTrue(html.contains(heading), heading)
        }
        XCTAssertTrue(html.contains("medical mask"), "English material name")
        // Regions and units in English too, the same names the exports use (PlanLabels).
        XCTAssertTrue(html.contains("Dongchangfu District, Liaocheng City"), "county with its prefecture")
        XCTAssertFalse(html.contains("东昌府区"), "no Chinese region name left")
        XCTAssertFalse(html.contains("千克"), "units in English")
        let run = PublishFixture.run()
        let labels = PlanLabels(language: .en, catalog: run.catalog, regions: run.regions)
        let reasons = Set(run.plan.outcomes.compactMap(\.reason))
        XCTAssertFalse(reasons.isEmpty)
        for reason in reasons { XCTAssertTrue(html.contains(labels.reason(reason)), "the exports' words for \(reason)") }
    }

    func test_report_sameNightSameBytes() throws {
        var other = PublishFixture.run(timings: ["ingest": 99])
        other.plan.offers.reverse()
        other.plan.requests.reverse()
        other.plan = other.plan.linked()
        XCTAssertEqual(try ReportHTML.render(PublishFixture.run()), try ReportHTML.render(other))
    }

    func test_report_feedTextCannotInjectMarkup() throws {
        var run = PublishFixture.run()
        let evil = "<script>alert(1)</script><img src=x onerror=alert(2)>\"'&"
        run.plan.offers[run.plan.offers.firstIndex { $0.key == PublishFixture.maskOffer.key }!].supplierName = evil
        run.plan.requests[run.plan.requests.firstIndex { $0.key == PublishFixture.carMaker.key }!].enterpriseName = evil
        run.overrides = [Override(action: .forbid, offer: RecordKey(source: "lc-county", kind: .offer, id: "OF-1"),
                                  request: RecordKey(source: "lc-requests", kind: .request, id: "R-3"), note: "</td></tr><h1>x</h1>", line: 2)]
        run.rejects[0].file = "feeds/<b>bold</b>.csv"
        let html = try text(run)
        XCTAssertFalse(html.contains("<script"))
        XCTAssertFalse(html.contains("<img"))
        XCTAssertFalse(html.contains("<h1>x"))
        XCTAssertFalse(html.contains("<b>bold"))
        XCTAssertTrue(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;&lt;img src=x onerror=alert(2)&gt;&quot;&#39;&amp;"))
        // The fixture's own names with markup characters are escaped too.
        XCTAssertTrue(html.contains("@防疫 &lt;物资&gt; &amp; 生产"))
    }

    /// A file name with a control character reaches the report's rejects escaped.
    func test_report_controlCharactersFromTheInputsShownEscaped() throws {
        var run = PublishFixture.run()
        run.rejects[0].file = "feeds/lc\u{0}\u{1B}.csv"
        let html = try text(run)
        XCTAssertNil(html.unicodeScalars.first(where: ControlCharacters.isRefused))
        XCTAssertTrue(html.contains("feeds/lc\\u0000\\u001B.csv"))
    }

    func test_report_marksPinnedAndForbiddenLines() throws {
        var run = PublishFixture.run()
        run.overrides = [
            Override(action: .forbid, offer: RecordKey(source: "lc-county", kind: .offer, id: "OF-1"),
                     request: RecordKey(source: "lc-requests", kind: .request, id: "R-3"), note: "路况", line: 2),
            Override(action: .pin, offer: RecordKey(source: "lc-county", kind: .offer, id: "OF-404"),
                     request: RecordKey(source: "lc-requests", kind: .request, id: "R-2"), quantity: Quantity(100), line: 3),
        ]
        let html = try text(run)
        // Three pinned lines in the dispatch list (two mask lots and the donation).
        XCTAssertEqual(html.components(separatedBy: "<tr class=\"pinned\">").count - 1, 3)
        XCTAssertEqual(html.components(separatedBy: "<tr class=\"forbidden\">").count - 1, 1)
        XCTAssertTrue(html.contains("已禁止的调拨（人工干预）: lc-requests:R-3"))
        // Line 3 is the fixture's override that could not hold.
        XCTAssertTrue(html.contains("<tr class=\"failed\">"))
        XCTAssertTrue(html.contains("offer lc-county:OF-404 is not in tonight&#39;s feeds"))
    }

    /// `data-k`/`data-v` pairs of the first row after `marker`.
    private func rowValues(_ html: String, after marker: String) throws -> [String: String] {
        let start = try XCTUnwrap(html.range(of: marker), "no \(marker)")
        let rest = html[start.upperBound...]
        let end = try XCTUnwrap(rest.range(of: "</tr>"))
        let row = String(rest[..<end.upperBound])
        var values = [String: String]()
        let pattern = try NSRegularExpression(pattern: "data-k=\"([a-z_]+)\" data-v=\"([0-9.]+)\"")
        for m in pattern.matches(in: row, range: NSRange(row.startIndex..., in: row)) {
            values[String(row[Range(m.range(at: 1), in: row)!])] = String(row[Range(m.range(at: 2), in: row)!])
        }
        return values
    }

    /// SPEC 12: the donation is earmarked for the factory, epidemic producers and 聊城市; 12,000 of its 15,000 kg go.
    func test_report_earmarkedSupply_sectionAndBadge() throws {
        let run = PublishFixture.earmarkedRun()
        let files = try PlanFiles.render(run)
        let html = String(decoding: try XCTUnwrap(files.first { $0.name == "report.html" }).bytes, as: UTF8.self)
        let manifest = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(files.last!.bytes)) as? [String: Any])
        let disinfectant = try XCTUnwrap((manifest["materials"] as? [String: [String: Any]])?["DISINFECTANT"])

        XCTAssertTrue(html.contains("<section id=\"earmarked\"><h2>定向供给</h2>"))
        XCTAssertTrue(html.contains("<a href=\"#earmarked\">定向供给</a>"), "in the contents")
        // Per material: the manifest's figures, only for the material that has earmarked offers.
        let material = try rowValues(html, after: "<tr data-material=\"DISINFECTANT\">")
        XCTAssertEqual(material, ["earmarked_offered": "15000", "earmarked_shipped": "12000", "earmarked_unused": "3000"])
        XCTAssertEqual(material["earmarked_offered"], (disinfectant["earmarked_offered"] as? Int).map(String.init))
        XCTAssertEqual(material["earmarked_unused"], (disinfectant["earmarked_unused"] as? Int).map(String.init))
        XCTAssertFalse(html.contains("<tr data-material=\"MASK-MEDICAL\">"), "the open mask offer is not listed")
        // Offer by offer, with the earmark in words.
        XCTAssertEqual(try rowValues(html, after: "<tr data-offer=\"donations:D-1\">"),
                       ["offered": "15000", "shipped": "12000", "unused": "3000"])
        XCTAssertTrue(html.contains("<div><span class=\"kind\">定向企业</span>@防疫 &lt;物资&gt; &amp; 生产 "
            + PublishFixture.factory.enterpriseID.description + "</div>"), "the enterprise by name and code")
        XCTAssertTrue(html.contains("<div><span class=\"kind\">定向类别</span>防疫物资生产企业</div>"))
        XCTAssertTrue(html.contains("<div><span class=\"kind\">定向地区</span>聊城市 371500</div>"))
        XCTAssertTrue(html.contains(">3,000</td>"), "unused, grouped")
        // The one line from the donation is marked 定向, after its 锁定 mark; the mask lines are not.
        XCTAssertEqual(html.components(separatedBy: "<span class=\"badge earmark\"").count - 1, 1)
        XCTAssertTrue(html.contains("<span class=\"badge pin\">锁定</span> <span class=\"badge earmark\" title=\"定向企业 "))
        XCTAssertTrue(html.contains(".badge.earmark{"), "its style")

        let english = try text(run, options: PlanFileOptions(language: .en))
        XCTAssertTrue(english.contains("<h2>Earmarked supply</h2>"))
        XCTAssertTrue(english.contains("<span class=\"kind\">for categories</span>epidemic-supply producer</div>"))
        XCTAssertTrue(english.contains(">earmarked</span>"))
    }

    /// A night without earmarked offers shows nothing of them: no section, link, mark or style rule.
    func test_report_withoutEarmarks_showsNothingOfThem() throws {
        for language in [OutputLanguage.zh, .en] {
            let html = try text(PublishFixture.run(), options: PlanFileOptions(language: language))
            XCTAssertFalse(html.contains("earmark"), "\(language)")
            XCTAssertFalse(html.contains("定向"), "\(language)")
        }
        // An earmarked offer the plan does not record (excluded, no lot in the horizon) is not listed either.
        var run = PublishFixture.earmarkedRun()
        run.plan.earmarkedOfferedByOffer = [:]
        run.plan.lines.removeAll { $0.offer == PublishFixture.donation.key }
        let html = try text(run)
        XCTAssertFalse(html.contains("id=\"earmarked\""))
        XCTAssertFalse(html.contains("earmark"))
    }

    /// The text of the first `<table … data-table="name">` of the page.
    private func table(_ html: String, _ name: String) throws -> String {
        let start = try XCTUnwrap(html.range(of: "data-table=\"\(name)\""), "no table \(name)")
        let end = try XCTUnwrap(html[start.upperBound...].range(of: "</table>"))
        return String(html[start.lowerBound..<end.upperBound])
    }

    /// SPEC 14: per factory, meltblown received → used → masks made, day by day, where they went and what
    /// stayed unshipped, in the figures of `Plan.conversions` (the manifest's) and the plan's lines.
    func test_report_conversions_receivedUsedMadeAndWhereItWent() throws {
        let run = PublishFixture.conversionRun()
        let files = try PlanFiles.render(run)
        let html = String(decoding: try XCTUnwrap(files.first { $0.name == "report.html" }).bytes, as: UTF8.self)
        let manifest = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(files.last!.bytes)) as? [String: Any])
        let listed = try XCTUnwrap((manifest["conversions"] as? [[String: Any]])?.first)

        XCTAssertTrue(html.contains("<section id=\"conversions\"><h2>以料定产</h2>"))
        XCTAssertTrue(html.contains("<a href=\"#conversions\">以料定产</a>"), "in the contents")
        XCTAssertLessThan(try XCTUnwrap(html.range(of: "id=\"headline\"")).lowerBound,
                          try XCTUnwrap(html.range(of: "id=\"conversions\"")).lowerBound)
        XCTAssertLessThan(try XCTUnwrap(html.range(of: "id=\"conversions\"")).lowerBound,
                          try XCTUnwrap(html.range(of: "id=\"tiers\"")).lowerBound)
        // The factory that made the most first, under its name, code and region.
        let first = try XCTUnwrap(html.range(of: "<article class=\"factory\""))
        XCTAssertTrue(html[first.lowerBound...].hasPrefix("<article class=\"factory\" data-supplier=\""
            + PublishFixture.creditCode(16).description + "\"><h3>聊城口罩厂 <span class=\"sub\">生产企业 "
            + PublishFixture.creditCode(16).description + " · 聊城市 东昌府区</span></h3>"))
        // The flow: the manifest's figures, then what the plan's lines took of the masks.
        let flow = try rowValues(html, after: "<tr data-offer=\"factories:LINE-1\">")
        XCTAssertEqual(flow, ["input_received": "2", "input_used": "1.9994", "produced": "1538", "shipped": "1500",
                              "unshipped": "38"])
        XCTAssertEqual(flow["input_received"], (listed["input_received"] as? Int).map(String.init))
        XCTAssertEqual(flow["produced"], (listed["produced"] as? Int).map(String.init))
        XCTAssertEqual(flow["input_used"], (listed["input_used"] as? NSNumber).map { "\($0)" })
        let flowTable = try table(html, "conversion-flow")
        for shown in ["熔喷布", "2 千克", "1.9994 千克", "一次性使用医用口罩", "1,538 件", "1,500 件", "38 件", "单耗 0.0013 千克/件"] {
            XCTAssertTrue(flowTable.contains(">" + shown + "<"), shown)
        }
        // Day by day: the production lots and what the lines took of each.
        XCTAssertEqual(try rowValues(html, after: "<tr data-offer=\"factories:LINE-1\" data-day=\"2020-02-12\">"),
                       ["produced": "1000", "shipped": "1000", "unshipped": "0"])
        XCTAssertEqual(try rowValues(html, after: "<tr data-offer=\"factories:LINE-1\" data-day=\"2020-02-13\">"),
                       ["produced": "538", "shipped": "500", "unshipped": "38"])
        XCTAssertFalse(html.contains("data-day=\"2020-02-11\""), "nothing made on the day the meltblown arrives")
        // Where the masks went: recipient, its region as an address, quantity; one destination after another.
        let went = try table(html, "conversion-destinations")
        XCTAssertEqual(went.components(separatedBy: "<tr data-line=").count - 1, 3)
        XCTAssertTrue(went.contains("data-k=\"quantity\" data-v=\"1000\">1,000 件</td><td>聊城市人民医院"
            + "<div class=\"region-name\">聊城市东昌府区</div><div class=\"sub\">lc-requests:R-7</div>"))
        XCTAssertTrue(went.contains("data-v=\"200\">200 件</td><td>山东力得汽车科技股份有限公司"
            + "<div class=\"region-name\">聊城市茌平区</div>"))
        XCTAssertLessThan(try XCTUnwrap(went.range(of: "聊城市人民医院")).lowerBound,
                          try XCTUnwrap(went.range(of: "山东力得")).lowerBound)
        XCTAssertFalse(went.contains("冠县熔喷布厂"), "the meltblown's own line is not the product's")
        // The second factory received nothing and made nothing, and says so.
        XCTAssertEqual(try rowValues(html, after: "<tr data-offer=\"factories:LINE-2\">"),
                       ["input_received": "0", "input_used": "0", "produced": "0", "shipped": "0", "unshipped": "0"])
        XCTAssertTrue(html.contains("<p class=\"note\">没有原料按时到达，未能生产。</p>"))

        let english = try text(run, options: PlanFileOptions(language: .en))
        XCTAssertTrue(english.contains("<section id=\"conversions\"><h2>Conversion</h2>"))
        XCTAssertTrue(english.contains("<a href=\"#conversions\">Conversion</a>"))
        XCTAssertEqual(try rowValues(english, after: "<tr data-offer=\"factories:LINE-1\">"), flow)
        let englishFlow = try table(english, "conversion-flow")
        for shown in ["Input received", "Input used", "Made, not shipped", "Meltblown fabric", "2 kg", "1.9994 kg", "1,538 piece",
                      "38 piece", "0.0013 kg a piece"] {
            XCTAssertTrue(englishFlow.localizedCaseInsensitiveContains(shown), shown)
        }
        XCTAssertTrue(try table(english, "conversion-destinations").contains("Dongchangfu District, Liaocheng City"))
        XCTAssertTrue(english.contains("No input arrived in time to make anything."))
        XCTAssertFalse(english.contains("以料定产"))
    }

    /// A night without conversion offers shows nothing of them: no section, link or words.
    func test_report_withoutConversions_showsNothingOfThem() throws {
        for language in [OutputLanguage.zh, .en] {
            for run in [PublishFixture.run(), PublishFixture.earmarkedRun(), PublishFixture.emptyRun()] {
                let html = try text(run, options: PlanFileOptions(language: language))
                XCTAssertFalse(html.contains("conversion"), "\(language)")
                XCTAssertFalse(html.contains("factory\""), "\(language)")
                XCTAssertFalse(html.contains("以料定产"), "\(language)")
                XCTAssertFalse(html.contains("<h4>"), "\(language)")
            }
        }
    }

    func test_report_capsLongListsAndSaysWhereTheRestIs() throws {
        var limits = ReportLimits()
        limits.unmetRows = 2
        limits.suppliers = 1
        limits.countyRows = 1
        let html = try text(PublishFixture.run(), limits: limits)
        XCTAssertTrue(html.contains("仅显示前 2 项，共 4 项；完整清单见 unmet.csv。"), "unmet")
        XCTAssertTrue(html.contains("仅显示前 1 项，共 2 项；完整清单见 dispatch.csv。"), "suppliers")
        XCTAssertEqual(html.components(separatedBy: "<article class=\"supplier\">").count - 1, 1)
        XCTAssertEqual(try XCTUnwrap(html.range(of: "id=\"unmet-table\"")).isEmpty, false)
    }

    func test_report_changesSincePreviousPlan() throws {
        let run = PublishFixture.run()
        var previous = try PlanDiff.Side(run)
        previous.planDate = "2020-02-10"
        // Yesterday: the hospital got 500 more from lot day 0, and a line that is gone today.
        let hospitalLine = try XCTUnwrap(previous.lines.firstIndex { $0.key.requestID == "R-1" })
        previous.lines[hospitalLine].quantity -= 500
        previous.lines.append(PlanDiff.Line(
            key: .init(offerSource: "lc-county", offerID: "OF-1", requestSource: "lc-requests", requestID: "R-3"),
            lotDate: "2020-02-11", material: "MASK-MEDICAL", quantity: 700, unit: "piece", pinned: false,
            supplierName: "x", enterpriseName: "-小店"))
        let r3 = try XCTUnwrap(previous.fills.firstIndex { $0.requestID == "R-3" })
        previous.fills[r3].delivered = 700
        let r1 = try XCTUnwrap(previous.fills.firstIndex { $0.requestID == "R-1" })
        previous.fills[r1].delivered -= 500
        var withForbid = run
        withForbid.overrides = [Override(action: .forbid, offer: RecordKey(source: "lc-county", kind: .offer, id: "OF-1"),
                                         request: RecordKey(source: "lc-requests", kind: .request, id: "R-3"), line: 2)]
        let html = try text(withForbid, options: PlanFileOptions(previousPlan: .plan(previous)))
        XCTAssertTrue(html.contains("上一计划: 2020-02-10"))
        XCTAssertTrue(html.contains("id=\"changes-dropped\""))
        XCTAssertTrue(html.contains("id=\"changes-changed\""))
        XCTAssertFalse(html.contains("id=\"changes-new\""))
        XCTAssertTrue(html.contains("id=\"changes-fill\""))
        let dropped = try XCTUnwrap(html.range(of: "id=\"changes-dropped\""))
        XCTAssertTrue(html[dropped.upperBound...].prefix(1500).contains("<span class=\"badge forbid\">"),
                      "the dropped line is marked forbidden")

        let same = try text(run, options: PlanFileOptions(previousPlan: .plan(try PlanDiff.Side(run))))
        XCTAssertTrue(same.contains("与上一计划相同。"))
        let none = try text(run)
        XCTAssertTrue(none.contains("输出目录中没有更早的计划，无从比较。"))
        let unreadable = try text(run, options: PlanFileOptions(previousPlan: .unreadable(date: "2020-02-10", reason: "<bad>")))
        XCTAssertTrue(unreadable.contains("上一计划无法读取，本节从略 (2020-02-10): &lt;bad&gt;"))
    }

    // MARK: - Supplier sheets (printed for the drivers)

    /// The supplier sheets of a page, each as its `<article>`'s text.
    private func supplierSheets(_ html: String) -> [Substring] {
        html.components(separatedBy: "<article class=\"supplier\">").dropFirst()
            .map { $0[..<$0.range(of: "</article>")!.lowerBound] }
    }

    /// The cells of each shipment row of a sheet (not the destination headings), as (class, text).
    private func lineRows(_ sheet: Substring) throws -> [[(class: String, text: String)]] {
        let row = try NSRegularExpression(pattern: "<tr(?: class=\"pinned\")?>(<td.*?)</tr>")
        let cell = try NSRegularExpression(pattern: "<td(?: class=\"([^\"]*)\")?>(.*?)</td>")
        let text = String(sheet)
        return row.matches(in: text, range: NSRange(text.startIndex..., in: text)).map { r in
            let cells = String(text[Range(r.range(at: 1), in: text)!])
            return cell.matches(in: cells, range: NSRange(cells.startIndex..., in: cells)).map { c in
                (Range(c.range(at: 1), in: cells).map { String(cells[$0]) } ?? "", String(cells[Range(c.range(at: 2), in: cells)!]))
            }
        }
    }

    /// The fixture with two more mask lines from the same supplier: one to 莘县 on the
    /// first day, one to a second recipient in 茌平区 on the second.
    private func runWithStops() -> NightRun {
        var run = PublishFixture.run()
        let clinic = PublishFixture.request("R-6", 16, "茌平区诊所", 371503, "MASK-MEDICAL", 1_000, .medical)
        run.plan.requests.append(clinic)
        run.plan.lines += [
            PublishFixture.line("MASK-MEDICAL", 500, PublishFixture.maskOffer, day: 0, PublishFixture.smallShop, tier: 4,
                                decikm: 612, transit: 1, pinned: false),
            PublishFixture.line("MASK-MEDICAL", 300, PublishFixture.maskOffer, day: 1, clinic, tier: 1,
                                decikm: 398, transit: 1, pinned: false),
        ]
        run.plan.lines.sort(by: DispatchLine.planOrder)
        run.plan = run.plan.linked()
        return run
    }

    /// Browsers repeat a table's `<thead>` at the top of every printed page: the
    /// supplier's name and id are in it, so a sheet that runs over pages names
    /// its supplier on each.
    func test_report_supplierSheet_namesItsSupplierInTheRepeatedTableHeader() throws {
        let html = try text(PublishFixture.run())
        let sheets = supplierSheets(html)
        XCTAssertEqual(sheets.count, 2)
        let suppliers = [(PublishFixture.maskOffer, "聊城市&quot;安康&quot;医疗, 有限公司"),
                         (PublishFixture.donation, "=HYPERLINK(&quot;http://x&quot;)")]
        for (offer, name) in suppliers {
            let sheet = try XCTUnwrap(sheets.first { $0.contains(offer.supplierID.description) })
            let head = try XCTUnwrap(sheet.range(of: "<thead>")), headEnd = try XCTUnwrap(sheet.range(of: "</thead>"))
            XCTAssertTrue(sheet.hasPrefix("<table class=\"grid dispatch\"><thead>"), "the sheet starts with its table")
            let thead = sheet[head.upperBound..<headEnd.lowerBound]
            XCTAssertTrue(thead.contains("<tr class=\"supplier-head\"><th colspan=\"8\"><div class=\"supplier-name\">\(name)</div>"),
                          "\(name) in the header")
            XCTAssertTrue(thead.contains("供货单位 \(offer.supplierID)"), "the supplier's id in the header")
            XCTAssertTrue(thead.contains("<th>调拨编号</th>"), "the column headings follow")
            XCTAssertFalse(sheet[..<head.lowerBound].contains(offer.supplierID.description), "nothing before the table")
            XCTAssertFalse(sheet[headEnd.upperBound...].contains(name), "the name is not repeated in the body")
        }
        let css = ReportHTML.stylesheet
        XCTAssertTrue(css.contains("table.grid thead{display:table-header-group}"), "the header repeats in print")
        XCTAssertTrue(css.contains("@page{size:A4"), "printed on A4")
    }

    /// A driver's sheet goes one stop after another: by destination region, then
    /// recipient, then ship day, each destination under a heading with its name.
    func test_report_supplierSheet_linesGroupedByDestinationThenRecipientThenShipDay() throws {
        let html = try text(runWithStops())
        let sheet = try XCTUnwrap(supplierSheets(html).first { $0.contains(PublishFixture.maskOffer.supplierID.description) })
        let requests = try lineRows(sheet).map { cells in
            String(cells[4].text.split(separator: ">").last!.prefix { $0 != " " })
        }
        // In the plan's order (ship day first) 小店 in 莘县 would come between the two days' lines to 茌平区.
        XCTAssertEqual(requests, ["lc-requests:R-1", "lc-requests:R-2", "lc-requests:R-2", "lc-requests:R-6", "lc-requests:R-3"])
        let days = try lineRows(sheet).map { $0[1].text }
        XCTAssertEqual(days, ["2020-02-11", "2020-02-11", "2020-02-12", "2020-02-12", "2020-02-11"])
        let groups = try NSRegularExpression(pattern: "<tbody class=\"stop\" data-region=\"([0-9]+)\"><tr class=\"stop-head\">"
                                             + "<th colspan=\"8\" scope=\"rowgroup\">目的地 <span class=\"region-name\">([^<]+)</span> "
                                             + "<span class=\"code\">[0-9]+</span> <span class=\"sub\">([^<]+)</span>")
        let text = String(sheet)
        let found = groups.matches(in: text, range: NSRange(text.startIndex..., in: text)).map { m in
            (1...3).map { String(text[Range(m.range(at: $0), in: text)!]) }
        }
        XCTAssertEqual(found, [["371502", "聊城市东昌府区", "· 收货企业 1 家 · 调拨 1 行"],
                               ["371503", "聊城市茌平区", "· 收货企业 2 家 · 调拨 3 行"],
                               ["371522", "聊城市莘县", "· 收货企业 1 家 · 调拨 1 行"]])
        let english = try self.text(runWithStops(), options: PlanFileOptions(language: .en))
        XCTAssertTrue(english.contains("Destination <span class=\"region-name\">Chiping District, Liaocheng City</span> "
                                       + "<span class=\"code\">371503</span> <span class=\"sub\">· 2 recipients · 3 lines</span>"))
    }

    /// Each line names the region it goes to as an address is written, under the recipient.
    func test_report_supplierSheet_eachLineShowsItsDestinationRegionsName() throws {
        let run = runWithStops()
        let regions = ["lc-requests:R-1": "聊城市东昌府区", "lc-requests:R-2": "聊城市茌平区",
                       "lc-requests:R-6": "聊城市茌平区", "lc-requests:R-3": "聊城市莘县", "lc-requests:R-4": "聊城市茌平区"]
        var seen = 0
        for sheet in supplierSheets(try text(run)) {
            for cells in try lineRows(sheet) {
                let recipient = cells[4]
                XCTAssertEqual(recipient.class, "recipient")
                let request = try XCTUnwrap(regions.keys.first { recipient.text.contains("<div class=\"sub\">\($0) · ") })
                XCTAssertTrue(recipient.text.contains("<div class=\"address region-name\">\(regions[request]!)</div>"), request)
                seen += 1
            }
        }
        XCTAssertEqual(seen, run.plan.lines.count)
        let english = try text(run, options: PlanFileOptions(language: .en))
        XCTAssertTrue(english.contains("<div class=\"address region-name\">Shen County, Liaocheng City</div>"))
    }

    /// Line ids, dates, materials and quantities never wrap in a sheet; the recipient's cell does.
    func test_report_supplierSheet_idsDatesMaterialsAndQuantitiesDoNotWrap() throws {
        let run = runWithStops()
        var rows = 0
        for sheet in supplierSheets(try text(run)) {
            for cells in try lineRows(sheet) {
                XCTAssertEqual(cells.count, 8)
                XCTAssertEqual(cells[0].class, "mono nowrap", "line id \(cells[0].text)")
                XCTAssertTrue(cells[0].text.hasPrefix("L-"))
                XCTAssertEqual(cells[1].class, "nowrap", "ship day")
                XCTAssertEqual(cells[2].class, "nowrap", "material \(cells[2].text)")
                XCTAssertEqual(cells[3].class, "num", "quantity \(cells[3].text)")
                XCTAssertEqual(cells[5].class, "num", "road km")
                XCTAssertEqual(cells[6].class, "nowrap", "arrival day")
                XCTAssertEqual(cells[4].class, "recipient", "the one cell that wraps")
                rows += 1
            }
        }
        XCTAssertEqual(rows, run.plan.lines.count)
        let css = ReportHTML.stylesheet
        XCTAssertTrue(css.contains(".nowrap{white-space:nowrap}"))
        XCTAssertTrue(css.contains(".num{text-align:right!important;font-variant-numeric:tabular-nums;white-space:nowrap}"))
        XCTAssertTrue(css.contains("table.dispatch td.recipient{width:100%}"), "the recipient takes the width left")
    }

    func test_report_emptyNight() throws {
        let html = try text(PublishFixture.emptyRun())
        XCTAssertTrue(html.contains("所有需求均已满足。"))
        XCTAssertTrue(html.contains("没有退回记录。"))
        XCTAssertTrue(html.hasSuffix("</html>\n"))
    }
}
