import AllotCore

/// `report.html`: one self-contained page for the coordinators who review
/// the night's plan in the morning (SPEC 9).
///
/// Inline CSS and SVG only: no script, no font, image or style from the
/// network, so it opens the same from a shared drive or an email. Every
/// text from the inputs is escaped (``HTMLText``). Deterministic but for the
/// time the plan was made (`PlanFileOptions.madeAt`, which `allot run --now`
/// fixes) and what it replaced: every list has a fixed order, so the same
/// night, time and earlier plans give the same bytes.
///
/// Sections, in order: a banner when the inputs may be stale; headline
/// figures per material (the numbers of `manifest.json`); on a night with
/// earmarked offers, the earmarked supply (per material, then offer by
/// offer, with what stayed unused); on a night with conversion offers, per
/// factory the input received and used, what was made day by day, where it
/// went and what was not shipped (`Plan.conversions`); fill by tier
/// (bars); shortfall by county (chart and table, the part caps caused apart); on a re-run, the lines that
/// differ from the version of the same date it replaces; changes since the
/// previous plan; unmet requests, worst first, each with its age (SPEC 15)
/// and, when planned again from the work ledger (`carry_over`), marked 结转;
/// when there are any, the problem list: requests short for
/// ``problemListAge`` nights or more, oldest first, and the items closed out
/// since the previous night (`NightRun.closedOut`); when receipts came for the previous night, its lines'
/// receipts per supplier (`ReportHTML+Receipts.swift`); overrides in force; rejects by reason and file; the dispatch list by
/// supplier, one supplier per printed page, a line from an earmarked offer
/// marked 定向, a line from a substitute marked 代用 with the material
/// requested (SPEC 13). A night without earmarked offers shows nothing of
/// them, not even their style rules; a night without `[substitutes]` nothing
/// of substitution (the headline's two columns of it, its note, its mark). Long lists stop at
/// ``ReportLimits`` and say how many rows are left out and which CSV file
/// holds them all.
public enum ReportHTML {
    public static let fileName = "report.html"
    /// SPEC 15: the problem list shows "items open for 3 nights or more" (age ≥ 3 after tonight).
    static let problemListAge = 3

    /// The report's bytes.
    /// - Complexity: O(n log n) in the night's lines and outcomes; the page itself is bounded by `limits`.
    static func render(_ run: NightRun, rows: [DispatchRow], unmet: [UnmetRow], materials: [MaterialTotals],
                       passes: [TransportPass], options: PlanFileOptions,
                       limits: ReportLimits = ReportLimits()) throws -> [UInt8] {
        var report = ReportHTML.Builder(run: run, rows: rows, unmet: unmet, materials: materials, passes: passes,
                                        options: options, limits: limits)
        try report.build()
        return report.html.bytes
    }

    /// The report of a night, resolving lines and totals itself (tests, benchmarks).
    public static func render(_ run: NightRun, options: PlanFileOptions = PlanFileOptions(),
                              limits: ReportLimits = ReportLimits()) throws -> [UInt8] {
        let rows = try DispatchRow.rows(of: run, file: fileName)
        let unmet = try UnmetRow.rows(of: run, file: fileName)
        let materials = try MaterialTotals.all(of: run, rows: rows, file: fileName)
        return try render(run, rows: rows, unmet: unmet, materials: materials,
                          passes: try PassesCSV.passes(of: run, rows: rows), options: options, limits: limits)
    }
}

// MARK: - Building the page

extension ReportHTML {
    struct Builder {
        let run: NightRun
        let rows: [DispatchRow]
        let unmet: [UnmetRow]
        let materials: [MaterialTotals]
        /// The night's transport passes (SPEC 16), in pass order.
        let passes: [TransportPass]
        let options: PlanFileOptions
        let limits: ReportLimits
        let t: ReportLabels
        /// Material, unit and region names in the report's language (the exports use the same).
        let names: PlanLabels
        var html: HTMLText
        /// (offer, request) pairs a forbid in force names.
        let forbiddenPairs: Set<PairKey>
        /// The earmarked offers taking part (`Plan.earmarkedSupply()`), in key order.
        let earmarked: [EarmarkedSupply]
        /// Whether the page shows anything of earmarks: the section, or a line's mark.
        let showsEarmarks: Bool
        /// The name of each enterprise an earmark names, from the first request of the night that names it.
        let earmarkedEnterpriseNames: [CreditCode: String]
        /// Whether the page shows substitution (SPEC 13): the night has `[substitutes]`, or a line from a substitute.
        let showsSubstitution: Bool
        let ledgerWords: ReportLabels.Ledger
        /// The requests planned again from the work ledger (SPEC 15).
        let carried: Set<RecordKey>
        /// Indices into `unmet` of the problem list (age ≥ ``problemListAge``), oldest first, then by key.
        let oldProblems: [Int]

        struct PairKey: Hashable {
            var offer: String
            var request: String
        }

        init(run: NightRun, rows: [DispatchRow], unmet: [UnmetRow], materials: [MaterialTotals], passes: [TransportPass],
             options: PlanFileOptions, limits: ReportLimits) {
            self.run = run
            self.rows = rows
            self.unmet = unmet
            self.materials = materials
            self.passes = passes
            self.options = options
            self.limits = limits
            self.t = ReportLabels(options.language)
            self.names = PlanLabels(language: options.language, catalog: run.catalog, regions: run.regions)
            self.html = HTMLText(capacity: 1 << 16)
            let failed = Set(run.plan.overrideRejects.map(\.line))
            var pairs = Set<PairKey>()
            for o in run.overrides where o.action == .forbid && !failed.contains(o.line) {
                if let offer = o.offer, let request = o.request {
                    pairs.insert(PairKey(offer: offer.description, request: request.description))
                }
            }
            forbiddenPairs = pairs
            earmarked = run.plan.earmarkedSupply()
            showsEarmarks = !earmarked.isEmpty || rows.contains { $0.offer.earmark != nil }
            var named = [CreditCode: String]()
            if showsEarmarks {
                let codes = Set(run.plan.offers.compactMap { $0.earmark?.enterprise })
                for request in run.plan.requests where codes.contains(request.enterpriseID) && named[request.enterpriseID] == nil {
                    named[request.enterpriseID] = request.enterpriseName
                }
            }
            earmarkedEnterpriseNames = named
            showsSubstitution = !run.policy.substitutes.isEmpty || rows.contains { $0.line.isSubstitution }
            ledgerWords = ReportLabels.Ledger(options.language)
            carried = Set(run.carriedOver ?? [])
            oldProblems = unmet.indices.filter { unmet[$0].age >= ReportHTML.problemListAge }.sorted { i, j in
                unmet[i].age != unmet[j].age ? unmet[i].age > unmet[j].age : unmet[i].request.key < unmet[j].request.key
            }
        }

        /// Whether the page has the problem list section: old problems, or close-outs since the previous night.
        var showsProblems: Bool { !oldProblems.isEmpty || !run.closedOut.isEmpty }

        mutating func build() throws {
            let title = t.title + " " + run.planDate.description
            html.raw("<!DOCTYPE html>\n<html lang=\"" + t.lang + "\">\n<head>\n<meta charset=\"utf-8\">\n")
            html.raw("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
            html.raw("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; img-src data:\">\n")
            html.raw("<title>")
            html.text(title)
            html.raw("</title>\n<style>\n" + ReportHTML.stylesheet + (showsEarmarks ? ReportHTML.earmarkStylesheet : "")
                     + (showsSubstitution ? ReportHTML.substitutionStylesheet : "")
                     + (carried.isEmpty ? "" : ReportHTML.carryOverStylesheet) + "</style>\n</head>\n<body>\n")
            header()
            headline()
            earmarkedSupply()
            conversions()
            fillByTier()
            shortfallByCounty()
            replacedChanges()
            changes()
            unmetList()
            problems()
            receipts()
            overrides()
            possibleDuplicates()
            entitlementFlags()
            rejects()
            transportPasses()
            try dispatch()
            html.raw("<footer>")
            html.text(t.footer + " · " + t.planDate + " " + run.planDate.description)
            html.raw("</footer>\n</body>\n</html>\n")
        }

        // MARK: Header

        private mutating func header() {
            html.raw("<header class=\"top\"><div class=\"wrap\"><h1>")
            html.text(t.title)
            html.raw(" <span class=\"date\">")
            html.text(run.planDate.description)
            html.raw("</span></h1><p class=\"policy\">")
            let p = run.policy
            let days = (0..<max(1, p.horizonDays)).map { run.planDate.adding(days: $0).description }
            html.text(t.policyLine(days.first!, days.last!, DecimalText.shortest(p.maxDistanceKm) ?? "-", p.share.rawValue))
            if let madeAt = options.madeAt {
                html.raw("</p><p class=\"policy\" id=\"generated\">")
                html.text(t.generatedAt(madeAt.shanghaiWallClock))
            }
            html.raw("</p></div></header>\n<main class=\"wrap\">\n")
            staleInputs()

            let feeds = run.inputs.filter { $0.role == .feed }
            let records = feeds.reduce(0) { $0 + $1.records }
            let pinned = rows.lazy.filter(\.line.pinned).count
            html.raw("<section class=\"cards\" id=\"summary\">")
            card(t.lines, HTMLText.grouped(Int64(rows.count)), pinned > 0 ? "\(t.pinnedLines) \(pinned)" : nil)
            card(t.requests, HTMLText.grouped(Int64(run.plan.outcomes.count)), nil)
            card(t.unmetRequests, HTMLText.grouped(Int64(unmet.count)), nil, alert: !unmet.isEmpty)
            if let carriedOver = run.carriedOver { card(ledgerWords.carried, HTMLText.grouped(Int64(carriedOver.count)), nil) }
            card(t.rejects, HTMLText.grouped(Int64(run.rejects.count)), nil, alert: !run.rejects.isEmpty)
            card(t.records, HTMLText.grouped(Int64(records)), nil)
            html.raw("</section>\n<nav class=\"toc\"><b>")
            html.text(t.contents)
            html.raw("</b> ")
            let earmarkLink = earmarked.isEmpty ? [] : [("earmarked", t.earmarked)]
            let conversionLink = run.plan.conversions.isEmpty ? []
                : [("conversions", ReportLabels.Conversion(options.language).title)]
            let receiptsLink = run.receipts == nil ? [] : [("receipts", ReportLabels.Receipts(options.language).title)]
            for (anchor, label) in [("headline", t.headline)] + earmarkLink + conversionLink + [
                ("tiers", t.fillByTier), ("counties", t.shortfallByCounty), ("changes", t.changes),
                ("unmet", t.unmetRequests)] + (showsProblems ? [("problems", ledgerWords.problems)] : []) + receiptsLink + [
                ("overrides", t.overrides), ("rejects", t.rejects), ("passes", t.passes), ("dispatch", t.dispatch),
            ] {
                html.raw("<a href=\"#" + anchor + "\">")
                html.text(label)
                html.raw("</a> ")
            }
            html.raw("</nav>\n")
        }

        private mutating func card(_ label: String, _ value: String, _ detail: String?, alert: Bool = false) {
            html.raw(alert ? "<div class=\"card alert\">" : "<div class=\"card\">")
            html.raw("<div class=\"label\">")
            html.text(label)
            html.raw("</div><div class=\"value\">")
            html.text(value)
            html.raw("</div>")
            if let detail {
                textDiv("detail", detail)
            }
            html.raw("</div>")
        }

        /// A material's row header: its name, then its code.
        private mutating func materialRowHeader(_ code: MaterialCode) {
            html.raw("<th scope=\"row\">")
            html.text(names.material(code))
            html.raw(" <span class=\"code\">")
            html.text(code.rawValue)
            html.raw("</span></th>")
        }

        /// `<div class="…">text</div>`, the text escaped.
        private mutating func textDiv(_ className: String, _ text: String) {
            html.raw("<div class=\"" + className + "\">")
            html.text(text)
            html.raw("</div>")
        }

        func materialName(_ code: MaterialCode) -> String {
            names.material(code)
        }

        func unitName(_ code: MaterialCode) -> String {
            run.catalog[code].map { names.unit($0.canonicalUnit.rawValue) } ?? ""
        }

        private func regionName(_ code: RegionCode) -> String {
            run.regions.displayName(code, style: options.language == .zh ? .spaced : .unitFirst) { names.region($0.code) }
        }

        /// A region as an address is written: `聊城市茌平区`, `Chiping District, Liaocheng City`.
        private func addressName(_ code: RegionCode) -> String {
            names.address(code)
        }

        /// When `isEmpty`, closes the open section with `text` in place of its list and says so.
        mutating func closedEmpty(_ isEmpty: Bool, note text: String) -> Bool {
            guard isEmpty else { return false }
            note(text)
            html.raw("</section>\n")
            return true
        }

        mutating func sectionStart(_ id: String, _ heading: String) {
            html.raw("<section id=\"" + id + "\"><h2>")
            html.text(heading)
            html.raw("</h2>\n")
        }

        mutating func note(_ text: String, class className: String = "note") {
            html.raw("<p class=\"" + className + "\">")
            html.text(text)
            html.raw("</p>\n")
        }

        mutating func numberCell<Integer: BinaryInteger>(_ value: Integer, key: String? = nil,
                                                                 class className: String = "num") {
            if let key {
                html.raw("<td class=\"" + className + "\" data-k=\"" + key + "\" data-v=\"" + String(value) + "\">")
            } else {
                html.raw("<td class=\"" + className + "\">")
            }
            html.text(HTMLText.grouped(value))
            html.raw("</td>")
        }

        mutating func cell(_ text: String, class className: String? = nil) {
            html.raw(className.map { "<td class=\"" + $0 + "\">" } ?? "<td>")
            html.text(text)
            html.raw("</td>")
        }

        mutating func headerRow(_ labels: [String], numeric: Set<Int> = []) {
            html.raw("<thead>")
            columnHeads(labels, numeric: numeric)
            html.raw("</thead>")
        }

        /// One row of column headings; `numeric` are the indices of right-aligned columns.
        private mutating func columnHeads(_ labels: [String], numeric: Set<Int> = []) {
            html.raw("<tr>")
            for (i, label) in labels.enumerated() {
                html.raw(numeric.contains(i) ? "<th class=\"num\">" : "<th>")
                html.text(label)
                html.raw("</th>")
            }
            html.raw("</tr>")
        }

        // MARK: Headline figures

        /// The manifest's figures per material; on a night with `[substitutes]`, also what substitutes
        /// delivered to the material's requests and what its lots delivered to other materials' (SPEC 13).
        private mutating func headline() {
            sectionStart("headline", t.headline)
            if showsSubstitution { note(t.substitutionNote) }
            html.raw("<table class=\"grid\" id=\"materials\">")
            headerRow([t.material, t.unit, t.offered, t.requested, t.delivered, t.shortfall, t.fill, t.tonKm]
                      + (showsSubstitution ? [t.servedBySubstitutes, t.substitutedIn] : []),
                      numeric: showsSubstitution ? [2, 3, 4, 5, 6, 7, 8, 9] : [2, 3, 4, 5, 6, 7])
            html.raw("<tbody>")
            for m in materials {
                html.raw("<tr id=\"m-")
                html.text(m.material.code.rawValue)
                html.raw("\" data-material=\"")
                html.text(m.material.code.rawValue)
                html.raw("\">")
                materialRowHeader(m.material.code)
                cell(names.unit(m.material.canonicalUnit.rawValue))
                numberCell(m.offered, key: "offered")
                numberCell(m.requested, key: "requested")
                numberCell(m.delivered, key: "delivered")
                numberCell(m.requested - m.delivered, key: "shortfall", class: m.requested > m.delivered ? "num short" : "num")
                html.raw("<td class=\"num\">")
                html.text(HTMLText.percent(m.delivered, of: m.requested))
                html.raw("</td><td class=\"num\" data-k=\"ton_km\" data-v=\"")
                html.text(m.tonKm)
                html.raw("\">")
                html.text(m.tonKm)
                html.raw("</td>")
                if showsSubstitution {
                    numberCell(m.servedBySubstitutes, key: "served_by_substitutes")
                    numberCell(m.substitutedIn, key: "substituted_in")
                }
                html.raw("</tr>")
            }
            html.raw("</tbody></table>\n</section>\n")
        }

        // MARK: Earmarked supply

        /// Per material, what earmarked offers held and what of it stayed unused (the manifest's
        /// `earmarked_offered` and `earmarked_unused`), then the offers themselves, the most left unused
        /// first; only on a night with earmarked offers (SPEC 12).
        private mutating func earmarkedSupply() {
            guard !earmarked.isEmpty else { return }
            sectionStart("earmarked", t.earmarked)
            note(t.earmarkedNote)
            html.raw("<table class=\"grid\" id=\"earmarked-materials\">")
            headerRow([t.material, t.unit, t.earmarkedOffered, t.earmarkedShipped, t.earmarkedUnused], numeric: [2, 3, 4])
            html.raw("<tbody>")
            for m in materials where m.earmarkedOffered > 0 {
                html.raw("<tr data-material=\"")
                html.text(m.material.code.rawValue)
                html.raw("\">")
                materialRowHeader(m.material.code)
                cell(names.unit(m.material.canonicalUnit.rawValue))
                numberCell(m.earmarkedOffered, key: "earmarked_offered")
                numberCell(m.earmarkedOffered - m.earmarkedUnused, key: "earmarked_shipped")
                numberCell(m.earmarkedUnused, key: "earmarked_unused", class: m.earmarkedUnused > 0 ? "num idle" : "num")
                html.raw("</tr>")
            }
            html.raw("</tbody></table>\n<h3>")
            html.text(t.earmarkedOffers)
            html.raw("</h3>\n<table class=\"grid\" id=\"earmarked-offers\">")
            headerRow([t.offer, t.supplier, t.material, t.earmark, t.earmarkedOffered, t.earmarkedShipped, t.earmarkedUnused],
                      numeric: [4, 5, 6])
            html.raw("<tbody>")
            let shown = earmarked.indices.sorted {
                let a = earmarked[$0], b = earmarked[$1]
                if a.unused != b.unused { return a.unused > b.unused }
                if a.offer.material != b.offer.material { return a.offer.material < b.offer.material }
                return $0 < $1   // key order
            }.prefix(limits.earmarkedOffers)
            for i in shown {
                let e = earmarked[i]
                html.raw("<tr data-offer=\"")
                html.text(e.offer.key.description)
                html.raw("\">")
                cell(e.offer.key.description, class: "mono nowrap")
                html.raw("<td>")
                html.text(e.offer.supplierName)
                html.raw("<div class=\"sub\">")
                html.text(e.offer.supplierID.description + " · " + regionName(e.offer.region))
                html.raw("</div></td>")
                cell(materialName(e.offer.material), class: "nowrap")
                html.raw("<td class=\"earmark-terms\">")
                for (kind, words) in earmarkWords(e.earmark) {
                    html.raw("<div><span class=\"kind\">")
                    html.text(t.earmarkKind(kind))
                    html.raw("</span>")
                    html.text(words)
                    html.raw("</div>")
                }
                html.raw("</td>")
                numberCell(e.offered.units, key: "offered")
                numberCell(e.shipped, key: "shipped")
                numberCell(e.unused, key: "unused", class: e.unused > 0 ? "num idle" : "num")
                html.raw("</tr>")
            }
            html.raw("</tbody></table>\n")
            if earmarked.count > shown.count { note(t.earmarkedCapNote(shown.count, earmarked.count)) }
            html.raw("</section>\n")
        }

        /// An offer's earmarks in words, each kind with its entries: the enterprise by name (from a
        /// request of the night that names it) and credit code, categories by name, regions by name and code.
        private func earmarkWords(_ earmark: Earmark) -> [(Earmark.Kind, String)] {
            var words = [(Earmark.Kind, String)]()
            if let code = earmark.enterprise {
                words.append((.enterprise, (earmarkedEnterpriseNames[code].map { $0 + " " } ?? "") + code.description))
            }
            if !earmark.categories.isEmpty {
                words.append((.categories, earmark.categories.map(t.categoryName).joined(separator: t.listSeparator)))
            }
            if !earmark.regions.isEmpty {
                words.append((.regions, earmark.regions.map { regionName($0) + " " + $0.description }
                    .joined(separator: t.listSeparator)))
            }
            return words
        }

        // MARK: Conversion

        /// Per factory (the conversion offers' supplier, SPEC 14): the input it received and used, what each
        /// of its lines made day by day, where the product went and what was made but not shipped; only on a
        /// night with conversion offers. Every figure is `Plan.conversions`' or a sum of the plan's lines:
        /// production is never computed again here.
        private mutating func conversions() {
            let outcomes = run.plan.conversions
            guard !outcomes.isEmpty else { return }
            let c = ReportLabels.Conversion(options.language)
            let offers = Dictionary(run.plan.offers.map { ($0.key, $0) }, uniquingKeysWith: { a, _ in a })
            var rowsByOffer = [RecordKey: [Int]]()
            for (i, row) in rows.enumerated() where row.offer.kind == .conversion {
                rowsByOffer[row.offer.key, default: []].append(i)
            }
            // Each factory's lines, in `Plan.conversions`' key order.
            var byFactory = [CreditCode: [ConversionLine]]()
            for o in outcomes {
                guard let offer = offers[o.offer] else { continue }
                let shipped = (rowsByOffer[o.offer] ?? []).reduce(Int128(0)) { $0 + Int128(rows[$1].line.quantity.units) }
                byFactory[offer.supplierID, default: []].append(ConversionLine(outcome: o, offer: offer, shipped: shipped))
            }
            // The factories that made the most first; a large night shows `limits.suppliers` of them.
            let made = byFactory.mapValues { $0.reduce(Int128(0)) { $0 + Int128($1.outcome.produced) } }
            let factories = byFactory.keys.sorted {
                if made[$0]! != made[$1]! { return made[$0]! > made[$1]! }
                let a = byFactory[$0]![0].offer.supplierName, b = byFactory[$1]![0].offer.supplierName
                return a != b ? a < b : $0 < $1
            }
            let shown = factories.prefix(limits.suppliers)
            sectionStart("conversions", c.title)
            note(c.note)
            for id in shown {
                conversionFactory(id, lines: byFactory[id]!, rowsByOffer: rowsByOffer, c)
            }
            if factories.count > shown.count { note(t.capNote(shown.count, factories.count, "manifest.json")) }
            html.raw("</section>\n")
        }

        /// A conversion offer of the section with what the plan's lines took of its product.
        struct ConversionLine {
            var outcome: ConversionOutcome
            var offer: Offer
            var shipped: Int128
            var unshipped: Int128 { Int128(outcome.produced) - shipped }
        }

        /// One factory: its lines' flow (input received → used → product made → shipped), their production
        /// lots by day, and the dispatch lines that took the product, one destination after another.
        private mutating func conversionFactory(_ id: CreditCode, lines: [ConversionLine], rowsByOffer: [RecordKey: [Int]],
                                                _ c: ReportLabels.Conversion) {
            let first = lines[0].offer
            html.raw("<article class=\"factory\" data-supplier=\"")
            html.text(id.description)
            html.raw("\"><h3>")
            html.text(first.supplierName)
            html.raw(" <span class=\"sub\">")
            html.text(c.factory + " " + id.description + " · " + regionName(first.region))
            html.raw("</span></h3>\n")

            html.raw("<table class=\"grid\" data-table=\"conversion-flow\">")
            headerRow([c.offer, c.input, c.received, c.used, c.product, c.produced, c.shipped, c.unshipped],
                      numeric: [2, 3, 5, 6, 7])
            html.raw("<tbody>")
            var pools = [MaterialCode: [String]]()
            for line in lines {
                let o = line.outcome
                pools[o.inputMaterial, default: []].append(o.offer.description)
                let inputUnit = unitName(o.inputMaterial), productUnit = unitName(line.offer.material)
                html.raw("<tr data-offer=\"")
                html.text(o.offer.description)
                html.raw("\"><td class=\"nowrap\"><span class=\"mono\">")
                html.text(o.offer.description)
                html.raw("</span>")
                if let terms = line.offer.conversion {
                    textDiv("sub", c.perUnit(terms.perUnit.description, inputUnit, productUnit))
                }
                html.raw("</td>")
                cell(materialName(o.inputMaterial), class: "nowrap")
                amountCell("input_received", String(o.inputReceived), HTMLText.grouped(o.inputReceived), unit: inputUnit,
                           sub: line.offer.conversion.flatMap {
                               $0.stock.units > 0 ? c.stock(HTMLText.grouped($0.stock.units) + " " + inputUnit) : nil
                           })
                amountCell("input_used", o.inputUsed.description, Self.grouped(o.inputUsed), unit: inputUnit)
                cell(materialName(line.offer.material), class: "nowrap")
                amountCell("produced", String(o.produced), HTMLText.grouped(o.produced), unit: productUnit)
                amountCell("shipped", String(line.shipped), HTMLText.grouped(line.shipped), unit: productUnit)
                amountCell("unshipped", String(line.unshipped), HTMLText.grouped(line.unshipped), unit: productUnit)
                html.raw("</tr>")
            }
            html.raw("</tbody></table>\n")
            for material in pools.keys.sorted() where pools[material]!.count > 1 {
                note(c.sharedPool(materialName(material), pools[material]!.joined(separator: c.listSeparator)))
            }

            // The production lots by day, and what the plan's lines took of each.
            let lots = lines.flatMap { line in line.outcome.lots.map { (line: line, lot: $0) } }
            html.raw("<h4>")
            html.text(c.byDay)
            html.raw("</h4>\n")
            if lots.isEmpty {
                note(c.noProduction)
            } else {
                html.raw("<table class=\"grid\" data-table=\"conversion-days\">")
                headerRow([c.day, c.product, c.offer, c.produced, c.shipped, c.unshipped], numeric: [3, 4, 5])
                html.raw("<tbody>")
                for (line, lot) in lots.sorted(by: { ($0.lot.day, $0.lot.offer) < ($1.lot.day, $1.lot.offer) }) {
                    let unit = unitName(line.offer.material)
                    let made = Int128(lot.quantity.units)
                    let shipped = (rowsByOffer[lot.offer] ?? []).reduce(Int128(0)) {
                        rows[$1].line.lotDay == lot.day ? $0 + Int128(rows[$1].line.quantity.units) : $0
                    }
                    html.raw("<tr data-offer=\"")
                    html.text(lot.offer.description)
                    html.raw("\" data-day=\"" + lot.day.description + "\">")
                    cell(lot.day.description, class: "nowrap")
                    cell(materialName(line.offer.material), class: "nowrap")
                    cell(lot.offer.description, class: "mono nowrap")
                    amountCell("produced", String(made), HTMLText.grouped(made), unit: unit)
                    amountCell("shipped", String(shipped), HTMLText.grouped(shipped), unit: unit)
                    amountCell("unshipped", String(made - shipped), HTMLText.grouped(made - shipped), unit: unit)
                    html.raw("</tr>")
                }
                html.raw("</tbody></table>\n")
            }

            // Where the product went: the lines of the factory's conversion offers, one destination after another.
            let went = lines.flatMap { rowsByOffer[$0.outcome.offer] ?? [] }
            html.raw("<h4>")
            html.text(c.destinations)
            html.raw("</h4>\n")
            if went.isEmpty {
                if !lots.isEmpty { note(c.noDestinations) }
                html.raw("</article>\n")
                return
            }
            let destinations = went.sorted { stopOrder(rows[$0], rows[$1]) }.prefix(limits.linesPerSupplier)
            html.raw("<table class=\"grid\" data-table=\"conversion-destinations\">")
            headerRow([t.line, t.shipOn, t.material, t.quantity, t.to, t.arriveBy], numeric: [3])
            html.raw("<tbody>")
            for i in destinations {
                let row = rows[i]
                html.raw("<tr data-line=\"")
                html.text(row.id)
                html.raw("\">")
                cell(row.id, class: "mono nowrap")
                cell(row.line.lotDay.description, class: "nowrap")
                cell(materialName(row.line.material), class: "nowrap")
                amountCell("quantity", String(row.line.quantity.units), HTMLText.grouped(row.line.quantity.units),
                           unit: names.unit(row.unit.rawValue))
                html.raw("<td>")
                html.text(row.request.enterpriseName)
                html.raw("<div class=\"region-name\">")
                html.text(addressName(row.request.region))
                html.raw("</div><div class=\"sub\">")
                html.text(row.request.key.description)
                html.raw("</div></td>")
                cell(row.line.arriveBy.description, class: "nowrap")
                html.raw("</tr>")
            }
            html.raw("</tbody></table>\n")
            if went.count > destinations.count { note(t.capNote(destinations.count, went.count, "dispatch.csv")) }
            html.raw("</article>\n")
        }

        /// A figure of the conversion section: `data-k`/`data-v` for a program, grouped with its unit for people.
        private mutating func amountCell(_ key: String, _ value: String, _ shown: String, unit: String, sub: String? = nil) {
            html.raw("<td class=\"num\" data-k=\"" + key + "\" data-v=\"")
            html.text(value)
            html.raw("\">")
            html.text(shown + " " + unit)
            if let sub {
                textDiv("sub", sub)
            }
            html.raw("</td>")
        }

        /// An exact amount as people read it: `1234.5` → `1,234.5`.
        static func grouped(_ amount: ScaledAmount) -> String {
            let text = amount.description
            let negative = text.hasPrefix("-")
            let unsigned = negative ? text.dropFirst() : Substring(text)
            let dot = unsigned.firstIndex(of: ".") ?? unsigned.endIndex
            var whole = ""
            for (i, digit) in unsigned[..<dot].enumerated() {
                if i > 0 && (unsigned.distance(from: unsigned.startIndex, to: dot) - i) % 3 == 0 { whole.append(",") }
                whole.append(digit)
            }
            return (negative ? "-" : "") + whole + unsigned[dot...]
        }

        // MARK: Fill by tier

        private mutating func fillByTier() {
            sectionStart("tiers", t.fillByTier)
            let bars = materials.flatMap { m in
                m.tiers.filter { $0.requested > 0 }.map { (material: m, tier: $0) }
            }
            let rowHeight = 26, labelWidth = 260, barWidth = 520, top = 8
            let height = top * 2 + max(1, bars.count) * rowHeight
            html.raw("<svg class=\"chart\" role=\"img\" viewBox=\"0 0 \(labelWidth + barWidth + 200) \(height)\" width=\"100%\" preserveAspectRatio=\"xMinYMin meet\">")
            html.raw("<title>")
            html.text(t.fillByTier)
            html.raw("</title>")
            var previous: MaterialCode? = nil
            for (i, bar) in bars.enumerated() {
                let y = top + i * rowHeight
                let pm = HTMLText.permille(bar.tier.delivered, of: bar.tier.requested)
                let w = barWidth * pm / 1000
                let color = pm >= 1000 ? "#2e7d32" : pm >= 800 ? "#f9a825" : "#c62828"
                if previous != bar.material.material.code && i > 0 {
                    html.raw("<line x1=\"0\" x2=\"\(labelWidth + barWidth + 200)\" y1=\"\(y)\" y2=\"\(y)\" stroke=\"#e0e0e0\"/>")
                }
                html.raw("<text x=\"\(labelWidth - 10)\" y=\"\(y + 17)\" text-anchor=\"end\" class=\"lbl\">")
                html.text((previous == bar.material.material.code ? "" : names.material(bar.material.material.code) + " · ") + t.tierName(bar.tier.tier))
                html.raw("</text><rect x=\"\(labelWidth)\" y=\"\(y + 5)\" width=\"\(barWidth)\" height=\"16\" fill=\"#eceff1\" rx=\"2\"/>")
                html.raw("<rect x=\"\(labelWidth)\" y=\"\(y + 5)\" width=\"\(w)\" height=\"16\" fill=\"\(color)\" rx=\"2\"/>")
                html.raw("<text x=\"\(labelWidth + barWidth + 8)\" y=\"\(y + 17)\" class=\"val\">")
                html.text(HTMLText.percent(bar.tier.delivered, of: bar.tier.requested) + "  "
                          + HTMLText.grouped(bar.tier.delivered) + " / " + HTMLText.grouped(bar.tier.requested))
                html.raw("</text>")
                previous = bar.material.material.code
            }
            html.raw("</svg>\n</section>\n")
        }

        // MARK: Shortfall by county

        struct CountyShortfall {
            var region: RegionCode
            var material: MaterialCode
            /// Sums of 64-bit quantities, in 128 bits: no count of them overflows.
            var requested: Int128 = 0
            var delivered: Int128 = 0
            /// The part of the shortfall coordinators' caps caused (`RequestOutcome.cappedShortfall`).
            var capped: Int128 = 0
            var unmetRequests = 0
            var shortfall: Int128 { requested - delivered }
            /// The shortfall supply did not cover: the shortfall less its capped part.
            var shortOfSupply: Int128 { shortfall - capped }
        }

        private func countyShortfalls() -> [CountyShortfall] {
            var byKey = [Pair: CountyShortfall]()
            struct Pair: Hashable { var region: RegionCode; var material: MaterialCode }
            for o in run.plan.outcomes {
                guard let r = run.plan.request(of: o) else { continue }
                let key = Pair(region: r.region, material: r.material)
                byKey[key, default: CountyShortfall(region: r.region, material: r.material)].requested
                    += Int128(o.requested.units)
                byKey[key]!.delivered += Int128(o.delivered.units)
                byKey[key]!.capped += Int128(o.cappedShortfall.units)
                if o.reason != nil { byKey[key]!.unmetRequests += 1 }
            }
            // Within a material, the largest shortage of supply first; what caps held back comes after.
            return byKey.values.filter { $0.shortfall > 0 }.sorted {
                if $0.material != $1.material { return $0.material < $1.material }
                if $0.shortOfSupply != $1.shortOfSupply { return $0.shortOfSupply > $1.shortOfSupply }
                if $0.capped != $1.capped { return $0.capped > $1.capped }
                return $0.region < $1.region
            }
        }

        private mutating func shortfallByCounty() {
            sectionStart("counties", t.shortfallByCounty)
            let all = countyShortfalls()
            if closedEmpty(all.isEmpty, note: t.noShortfall) { return }
            html.raw("<div class=\"charts\">")
            var start = 0
            while start < all.count {
                let material = all[start].material
                var end = start
                while end < all.count && all[end].material == material { end += 1 }
                countyChart(Array(all[start..<min(end, start + limits.countyBars)]), material: material,
                            counties: end - start)
                start = end
            }
            html.raw("</div>")
            shortfallMaps(all)
            let shown = all.sorted {
                // Across materials, the counties with the most unmet requests first.
                if $0.unmetRequests != $1.unmetRequests { return $0.unmetRequests > $1.unmetRequests }
                if $0.material != $1.material { return $0.material < $1.material }
                return $0.region < $1.region
            }.prefix(limits.countyRows)
            html.raw("<table class=\"grid\" id=\"county-table\">")
            headerRow([t.region, t.material, t.requested, t.delivered, t.shortfall, t.cappedColumn, t.fill,
                       t.unmetRequests], numeric: [2, 3, 4, 5, 6, 7])
            html.raw("<tbody>")
            for c in shown {
                html.raw("<tr>")
                cell(regionName(c.region))
                cell(materialName(c.material))
                numberCell(c.requested)
                numberCell(c.delivered)
                numberCell(c.shortfall, key: "shortfall")
                numberCell(c.capped, key: "capped")
                cell(HTMLText.percent(c.delivered, of: c.requested), class: "num")
                numberCell(Int64(c.unmetRequests))
                html.raw("</tr>")
            }
            html.raw("</tbody></table>\n")
            if all.count > shown.count { note(t.capNote(shown.count, all.count, "unmet.csv")) }
            html.raw("</section>\n")
        }

        /// The shortage maps (`ShortfallMap`): all materials by unmet requests (a count, so materials add up),
        /// then each material with a shortfall by its shortfall; the county table below holds the same figures
        /// for print.
        private mutating func shortfallMaps(_ all: [CountyShortfall]) {
            let regions = Array(Set(run.plan.requests.map(\.region))).sorted()
            var unmetByRegion = [RegionCode: Int]()
            for c in all { unmetByRegion[c.region, default: 0] += c.unmetRequests }
            var maps = [ShortfallMap(
                title: t.mapAll, regions: regions,
                marks: unmetByRegion.filter { $0.value > 0 }.map { region, count in
                    ShortfallMap.Mark(region: region, name: addressName(region), value: Int128(count),
                                      label: t.mapUnmet(HTMLText.grouped(count)))
                },
                legend: t.mapLargest(HTMLText.grouped(unmetByRegion.values.max() ?? 0), t.mapRequests))]
            var start = 0
            while start < all.count {
                let material = all[start].material
                var end = start
                while end < all.count && all[end].material == material { end += 1 }
                let unit = unitName(material)
                maps.append(ShortfallMap(
                    title: materialName(material), regions: regions,
                    marks: all[start..<end].map { c in
                        ShortfallMap.Mark(region: c.region, name: addressName(c.region), value: c.shortfall,
                                          label: t.shortfall + " " + HTMLText.grouped(c.shortfall) + " " + unit)
                    },
                    legend: t.mapLargest(HTMLText.grouped(all[start..<end].map(\.shortfall).max() ?? 0), unit)))
                start = end
            }
            let drawn = maps.compactMap { $0.svg(in: run.regions) }
            guard !drawn.isEmpty else { return }
            html.raw("<div class=\"maps\" id=\"shortage-maps\">" + drawn.joined() + "</div>\n")
        }

        /// The bar colours of a county's shortfall: short of supply, and held back by a cap.
        static let shortOfSupplyColor = "#c62828", cappedColor = "#90a4ae"

        /// One bar per county, in two segments: the shortfall supply did not cover (red), then
        /// the part caps caused (grey), with a legend when any bar has a capped part.
        private mutating func countyChart(_ counties: [CountyShortfall], material: MaterialCode, counties total: Int) {
            let anyCapped = counties.contains { $0.capped > 0 }
            let rowHeight = 22, labelWidth = 170, barWidth = 250, top = anyCapped ? 48 : 30
            let height = top + counties.count * rowHeight + 8
            let maximum = counties.map(\.shortfall).max() ?? 1
            html.raw("<svg class=\"chart small\" role=\"img\" viewBox=\"0 0 \(labelWidth + barWidth + 190) \(height)\" width=\"100%\" preserveAspectRatio=\"xMinYMin meet\">")
            html.raw("<text x=\"0\" y=\"18\" class=\"ttl\">")
            html.text(materialName(material) + " · " + t.shortfall + " (" + unitName(material) + ")")
            html.raw("</text>")
            if anyCapped {
                var x = 0
                for (color, label) in [(Self.shortOfSupplyColor, t.shortfallOfSupply), (Self.cappedColor, t.shortfallCapped)] {
                    html.raw("<g class=\"legend\"><rect x=\"\(x)\" y=\"27\" width=\"12\" height=\"12\" fill=\"\(color)\" rx=\"2\"/>")
                    html.raw("<text x=\"\(x + 16)\" y=\"38\" class=\"val\">")
                    html.text(label)
                    html.raw("</text></g>")
                    x += 160
                }
            }
            for (i, c) in counties.enumerated() {
                let y = top + i * rowHeight
                let w = max(1, barWidth * HTMLText.permille(c.shortfall, of: maximum) / 1000)
                // The capped part's own width, so both segments add up to the bar; each shown when not zero.
                let cappedWidth = c.capped == 0 ? 0 : c.shortOfSupply == 0 ? w
                    : min(w - 1, max(1, barWidth * HTMLText.permille(c.capped, of: maximum) / 1000))
                html.raw("<text x=\"\(labelWidth - 8)\" y=\"\(y + 15)\" text-anchor=\"end\" class=\"lbl\">")
                html.text(names.region(c.region))
                html.raw("</text>")
                if w - cappedWidth > 0 {
                    html.raw("<rect x=\"\(labelWidth)\" y=\"\(y + 4)\" width=\"\(w - cappedWidth)\" height=\"14\" fill=\"\(Self.shortOfSupplyColor)\" rx=\"2\"/>")
                }
                if cappedWidth > 0 {
                    html.raw("<rect x=\"\(labelWidth + w - cappedWidth)\" y=\"\(y + 4)\" width=\"\(cappedWidth)\" height=\"14\" fill=\"\(Self.cappedColor)\" rx=\"2\"/>")
                }
                html.raw("<text x=\"\(labelWidth + w + 6)\" y=\"\(y + 15)\" class=\"val\">")
                html.text(c.capped == 0 ? HTMLText.grouped(c.shortfall)
                          : t.shortfallWithCapped(HTMLText.grouped(c.shortfall), HTMLText.grouped(c.capped)))
                html.raw("</text>")
            }
            html.raw("</svg>")
        }

        // MARK: Unmet requests

        private mutating func unmetList() {
            sectionStart("unmet", t.unmet)
            if closedEmpty(unmet.isEmpty, note: t.noShortfall) { return }
            note(t.unmetNote)
            // Worst first across materials: tier, then fill ratio, then the larger shortfall.
            // Sort keys as integers (fill in ten-thousandths, as unmet.csv rounds it); ties keep
            // unmet.csv's order, which ends with the request key.
            let keys = unmet.indices.map { i -> (tier: Int, fill: Int, shortfall: Int64, index: Int) in
                let u = unmet[i]
                let fill = Int(u.fillRatio.utf8.reduce(0) { $1 >= 48 && $1 <= 57 ? $0 * 10 + Int($1 - 48) : $0 })
                return (u.outcome.tier, fill, u.outcome.shortfall.units, i)
            }
            let order = keys.sorted { x, y in
                if x.tier != y.tier { return x.tier < y.tier }
                if x.fill != y.fill { return x.fill < y.fill }
                if x.shortfall != y.shortfall { return x.shortfall > y.shortfall }
                return x.index < y.index
            }.prefix(limits.unmetRows).map(\.index)
            html.raw("<table class=\"grid\" id=\"unmet-table\">")
            headerRow([t.tier, t.enterprise, t.region, t.material, t.requested, t.delivered, t.shortfall, t.fill,
                       ledgerWords.age, t.reason],
                      numeric: [4, 5, 6, 7, 8])
            html.raw("<tbody>")
            for i in order {
                let u = unmet[i]
                html.raw("<tr>")
                cell(t.tierName(u.outcome.tier))
                enterpriseCell(u.request)
                cell(regionName(u.request.region))
                cell(materialName(u.request.material))
                numberCell(u.outcome.requested.units)
                numberCell(u.outcome.delivered.units)
                numberCell(u.outcome.shortfall.units)
                cell(HTMLText.percent(u.outcome.delivered.units, of: u.outcome.requested.units), class: "num")
                numberCell(u.age, key: "age")
                html.raw("<td><span class=\"reason r-" + u.reason.rawValue + "\">")
                html.text(names.reason(u.reason))
                html.raw("</span>")
                if u.outcome.overdue {
                    html.raw(" <span class=\"badge overdue\">")
                    html.text(t.overdue)
                    html.raw("</span>")
                }
                html.raw("</td></tr>")
            }
            html.raw("</tbody></table>\n")
            if unmet.count > order.count { note(t.capNote(order.count, unmet.count, "unmet.csv")) }
            html.raw("</section>\n")
        }

        /// A request's enterprise and, below it, its key, marked 结转 when it was carried over.
        private mutating func enterpriseCell(_ request: Request) {
            html.raw("<td>")
            html.text(request.enterpriseName)
            html.raw("<div class=\"sub\">")
            html.text(request.key.description)
            if carried.contains(request.key) {
                html.raw(" <span class=\"badge carried\" title=\"")
                html.text(ledgerWords.carriedTitle)
                html.raw("\">")
                html.text(ledgerWords.carriedBadge)
                html.raw("</span>")
            }
            html.raw("</div></td>")
        }

        // MARK: Problem list

        /// The requests short for ``problemListAge`` nights or more, oldest first, and the items closed out since
        /// the previous night (SPEC 15); only when there are some.
        private mutating func problems() {
            guard showsProblems else { return }
            let w = ledgerWords
            sectionStart("problems", w.problems)
            if oldProblems.isEmpty {
                note(w.noOldProblems(ReportHTML.problemListAge))
            } else {
                note(w.problemsNote(ReportHTML.problemListAge))
                let shown = oldProblems.prefix(limits.unmetRows)
                html.raw("<table class=\"grid\" id=\"problem-table\">")
                headerRow([w.age, t.enterprise, t.region, t.material, t.shortfall, t.reason], numeric: [0, 4])
                html.raw("<tbody>")
                for i in shown {
                    let u = unmet[i]
                    html.raw("<tr>")
                    numberCell(u.age, key: "age")
                    enterpriseCell(u.request)
                    cell(regionName(u.request.region))
                    cell(materialName(u.request.material))
                    numberCell(u.outcome.shortfall.units, key: "shortfall")
                    html.raw("<td><span class=\"reason r-" + u.reason.rawValue + "\">")
                    html.text(names.reason(u.reason))
                    html.raw("</span></td></tr>")
                }
                html.raw("</tbody></table>\n")
                if oldProblems.count > shown.count { note(t.capNote(shown.count, oldProblems.count, "unmet.csv")) }
            }
            if !run.closedOut.isEmpty {
                html.raw("<h3>")
                html.text(w.closedOut)
                html.raw("</h3>\n")
                note(w.closedOutNote)
                let shown = run.closedOut.prefix(limits.unmetRows)
                html.raw("<table class=\"grid\" id=\"closeout-table\">")
                headerRow([t.request, t.enterprise, t.material, w.lastShortfall, t.note, w.by, w.at], numeric: [3])
                html.raw("<tbody>")
                for c in shown {
                    html.raw("<tr>")
                    cell(c.key.description)
                    cell(c.enterpriseName)
                    cell(c.material.map(materialName) ?? "")
                    numberCell(c.shortfall)
                    cell(c.note)
                    cell(c.by)
                    cell(c.at.shanghaiWallClock)
                    html.raw("</tr>")
                }
                html.raw("</tbody></table>\n")
                if run.closedOut.count > shown.count { note(t.capNote(shown.count, run.closedOut.count, "ledger")) }
            }
            html.raw("</section>\n")
        }

        // MARK: Overrides

        private mutating func overrides() {
            sectionStart("overrides", t.overrides)
            if let problem = run.overridesNotUsed {
                // Said plainly: a night planned without the coordinators' decisions must never read as one without any.
                note(t.overridesNotUsed(problem), class: "note overrides-not-used")
            }
            // Rows that could not even be read (an unknown id, a bad action...): not applied, as SPEC 7 says.
            let planned = Set(run.overrides.map(\.line))
            let unread = run.overridesNotUsed != nil ? [] : run.rejects.filter {
                $0.source == "overrides" && $0.line > 0 && !planned.contains($0.line)
            }
            if closedEmpty(run.overrides.isEmpty && unread.isEmpty,
                           note: run.overridesNotUsed == nil ? t.noOverrides : t.noOverridesUsed) { return }
            var failed = [Int: String]()
            for r in run.plan.overrideRejects where failed[r.line] == nil { failed[r.line] = r.message }
            html.raw("<table class=\"grid\" id=\"override-table\">")
            headerRow(Override.Column.allCases.map(t.overrideColumn) + [t.status], numeric: [5])
            html.raw("<tbody>")
            var rows: [(line: Int, override: Override?, reject: Reject?)] = run.overrides.map { ($0.line, $0, nil) }
            var seen = Set<Int>()
            for r in unread where seen.insert(r.line).inserted { rows.append((r.line, nil, r)) }
            for row in rows.sorted(by: { $0.line < $1.line }) {
                guard let o = row.override else {
                    let r = row.reject!
                    html.raw("<tr class=\"failed\"><td colspan=\"\(Override.Column.allCases.count)\"><code>")
                    html.text(r.raw)
                    html.raw("</code></td><td><span class=\"badge failed\">")
                    html.text(t.notApplied)
                    html.raw("</span><div class=\"sub\">")
                    html.text(r.field.isEmpty ? r.message : "\(r.field): \(r.message)")
                    html.raw("</div></td></tr>")
                    continue
                }
                html.raw(failed[o.line] == nil ? "<tr>" : "<tr class=\"failed\">")
                html.raw("<td><span class=\"badge a-" + o.action.rawValue + "\">")
                html.text(t.actionName(o.action))
                html.raw("</span></td>")
                cell(o.offer?.description ?? "")
                cell(o.request?.description ?? "")
                cell(o.enterpriseID?.description ?? "")
                cell(o.material.map(materialName) ?? "")
                if let q = o.quantity { numberCell(q.units) } else { cell("") }
                cell(o.note)
                if let message = failed[o.line] {
                    html.raw("<td><span class=\"badge failed\">")
                    html.text(t.notApplied)
                    html.raw("</span><div class=\"sub\">")
                    html.text(message)
                    html.raw("</div></td>")
                } else {
                    html.raw("<td><span class=\"badge ok\">")
                    html.text(t.applied)
                    html.raw("</span></td>")
                }
                html.raw("</tr>")
            }
            html.raw("</tbody></table>\n</section>\n")
        }

        // MARK: Possible duplicates

        /// Requests of two sources that ask the same, only when there are some.
        /// Requests asking more than their returning workers would use, by county (the county's name, then
        /// the most over the norm first): for a coordinator to check with the county, never cut.
        private mutating func entitlementFlags() {
            let flags = run.entitlementFlags
            guard !flags.isEmpty else { return }
            sectionStart("entitlement", t.entitlement)
            note(t.entitlementNote(DecimalText.shortest(run.policy.entitlementFactor) ?? "", run.policy.horizonDays))
            html.raw("<table class=\"grid\" id=\"entitlement-table\">")
            headerRow([t.region, t.request, t.enterprise, t.material, t.requested, t.entitlementNorm, t.entitlementWorkers],
                      numeric: [4, 5, 6])
            html.raw("<tbody>")
            let ordered = flags.sorted { a, b in
                let ra = regionName(a.region), rb = regionName(b.region)
                if ra != rb { return ra < rb }
                // The most over its norm first: a.requested / a.norm > b.requested / b.norm.
                let x = Int128(a.requested) * Int128(max(1, b.norm)), y = Int128(b.requested) * Int128(max(1, a.norm))
                return x != y ? x > y : a.request < b.request
            }
            for f in ordered.prefix(limits.entitlementRows) {
                html.raw("<tr>")
                cell(regionName(f.region))
                cell(f.request.description, class: "id")
                cell(f.enterpriseName)
                cell(materialName(f.material))
                numberCell(f.requested)
                numberCell(f.norm)
                cell(HTMLText.grouped(f.workers) + (f.workersFromRegistry ? " " + t.entitlementFromRegistry : ""), class: "num")
                html.raw("</tr>")
            }
            html.raw("</tbody></table>\n")
            if flags.count > limits.entitlementRows {
                note(t.capNote(limits.entitlementRows, flags.count, ManifestJSON.fileName + " (entitlement_flagged)"))
            }
            html.raw("</section>\n")
        }

        private mutating func possibleDuplicates() {
            guard !run.possibleDuplicates.isEmpty else { return }
            sectionStart("duplicates", t.possibleDuplicates)
            note(t.possibleDuplicatesNote)
            html.raw("<table class=\"grid\" id=\"duplicate-table\">")
            headerRow([t.firstRequest, t.secondRequest, t.enterprise, t.material, t.neededBy, t.excludeLine])
            html.raw("<tbody>")
            for d in run.possibleDuplicates {
                html.raw("<tr>")
                cell(d.first.description)
                cell(d.second.description)
                cell(d.enterpriseID.description)
                cell(materialName(d.material))
                cell(d.neededBy?.description ?? "")
                html.raw("<td><code>")
                html.text(d.excludeLine)
                html.raw("</code></td></tr>")
            }
            html.raw("</tbody></table>\n</section>\n")
        }

        // MARK: Rejects

        private mutating func rejects() {
            sectionStart("rejects", t.rejectsTitle)
            if closedEmpty(run.rejects.isEmpty, note: t.noRejects) { return }
            struct Group: Hashable { var code: RejectCode; var file: String }
            var counts = [Group: Int]()
            for r in run.rejects { counts[Group(code: r.code, file: r.file), default: 0] += 1 }
            var byCode = [RejectCode: Int]()
            for (g, n) in counts { byCode[g.code, default: 0] += n }
            let groups = counts.keys.sorted {
                let a = byCode[$0.code]!, b = byCode[$1.code]!
                if a != b { return a > b }
                if $0.code != $1.code { return $0.code.rawValue < $1.code.rawValue }
                if counts[$0]! != counts[$1]! { return counts[$0]! > counts[$1]! }
                return $0.file < $1.file
            }
            let shown = groups.prefix(limits.rejectGroups)
            html.raw("<table class=\"grid\" id=\"reject-table\">")
            headerRow([t.code, t.file, t.count], numeric: [2])
            html.raw("<tbody>")
            var lastCode: RejectCode? = nil
            for g in shown {
                html.raw("<tr>")
                if g.code != lastCode {
                    html.raw("<td><code>")
                    html.text(g.code.rawValue)
                    html.raw("</code> <span class=\"sub\">")
                    html.text(HTMLText.grouped(Int64(byCode[g.code]!)))
                    html.raw("</span></td>")
                } else {
                    html.raw("<td></td>")
                }
                cell(g.file)
                numberCell(Int64(counts[g]!))
                html.raw("</tr>")
                lastCode = g.code
            }
            html.raw("</tbody></table>\n")
            if groups.count > shown.count { note(t.capNote(shown.count, groups.count, "rejects.csv")) }
            html.raw("</section>\n")
        }

        // MARK: Inputs that may be stale

        /// A banner listing `NightRun.staleInputs`, before anything else of the page.
        private mutating func staleInputs() {
            guard !run.staleInputs.isEmpty else { return }
            html.raw("<section class=\"banner\" id=\"stale-inputs\"><h2>")
            html.text(t.staleInputs)
            html.raw("</h2>\n")
            note(t.staleInputsNote, class: "banner-note")
            html.raw("<ul>")
            for warning in run.staleInputs.prefix(limits.changeRows) {
                html.raw("<li>")
                html.text(warning)
                html.raw("</li>")
            }
            html.raw("</ul>\n")
            if run.staleInputs.count > limits.changeRows {
                note(t.capNote(limits.changeRows, run.staleInputs.count, "manifest.json"))
            }
            html.raw("</section>\n")
        }

        // MARK: Changes against the version this plan replaces

        /// On a re-run of a date: the lines that differ from the version it replaces, by line id.
        private mutating func replacedChanges() {
            switch options.replacedPlan {
            case .none:
                return
            case .unreadable(_, let reason):
                sectionStart("replaced", t.replaced)
                note("\(t.unreadableReplaced): \(reason)")
            case .plan(let replaced):
                sectionStart("replaced", t.replaced)
                do {
                    let diff = PlanDiff(from: replaced, to: try PlanDiff.Side(run, rows: rows))
                    let lines = diff.added.count + diff.dropped.count + diff.changedAfter.count
                    if lines == 0 {
                        note(t.noReplacedChanges)
                    } else {
                        note(t.replacedNote(options.replacedPublished.map(\.shanghaiWallClock)))
                        html.raw("<div class=\"cards small\">")
                        card(t.newLines, HTMLText.grouped(Int64(diff.added.count)), nil)
                        card(t.droppedLines, HTMLText.grouped(Int64(diff.dropped.count)), nil,
                             alert: !diff.dropped.isEmpty)
                        card(t.changedLines, HTMLText.grouped(Int64(diff.changedAfter.count)), nil,
                             alert: !diff.changedAfter.isEmpty)
                        html.raw("</div>")
                        changeTable("replaced-new", t.newLines, diff.added.map { (nil, $0) })
                        changeTable("replaced-dropped", t.droppedLines, diff.dropped.map { ($0, nil) })
                        changeTable("replaced-changed", t.changedLines,
                                    zip(diff.changedBefore, diff.changedAfter).map { ($0, $1) })
                    }
                } catch {
                    note("\(t.unreadableReplaced): \(error)")
                }
            }
            html.raw("</section>\n")
        }

        // MARK: Changes since the previous plan

        private mutating func changes() {
            sectionStart("changes", t.changes)
            switch options.previousPlan {
            case .none:
                note(t.noPrevious)
            case .unreadable(let date, let reason):
                note("\(t.unreadablePrevious) (\(date)): \(reason)")
            case .plan(let previous):
                do {
                    let diff = PlanDiff(from: previous, to: try PlanDiff.Side(run, rows: rows))
                    changeSection(diff)
                } catch {
                    note("\(t.unreadablePrevious): \(error)")
                }
            }
            html.raw("</section>\n")
        }

        private mutating func changeSection(_ diff: PlanDiff) {
            html.raw("<p class=\"note\">")
            html.text("\(t.previousPlan): \(diff.from)")
            html.raw("</p>")
            if diff.isEmpty {
                note(t.noChanges)
                return
            }
            html.raw("<div class=\"cards small\">")
            card(t.newLines, HTMLText.grouped(Int64(diff.added.count)), nil)
            card(t.droppedLines, HTMLText.grouped(Int64(diff.dropped.count)), nil)
            card(t.changedLines, HTMLText.grouped(Int64(diff.changedAfter.count)), nil)
            card(t.fillMoved, HTMLText.grouped(Int64(diff.fills.count)), nil)
            html.raw("</div>")
            changeTable("changes-new", t.newLines, diff.added.map { (nil, $0) })
            changeTable("changes-dropped", t.droppedLines, diff.dropped.map { ($0, nil) })
            changeTable("changes-changed", t.changedLines, zip(diff.changedBefore, diff.changedAfter).map { ($0, $1) })
            guard !diff.fills.isEmpty else { return }
            html.raw("<h3>")
            html.text(t.fillMoved)
            html.raw("</h3><table class=\"grid\" id=\"changes-fill\">")
            headerRow([t.enterprise, t.material, t.tier, t.fill + " " + t.before, t.fill + " " + t.after,
                       t.delivered + " " + t.before, t.delivered + " " + t.after], numeric: [3, 4, 5, 6])
            html.raw("<tbody>")
            for f in diff.fills.prefix(limits.changeRows) {
                let any = (f.after ?? f.before)!
                html.raw("<tr>")
                html.raw("<td>")
                html.text(any.enterpriseName)
                html.raw("<div class=\"sub\">")
                html.text(any.key)
                html.raw("</div></td>")
                cell(materialName(MaterialCode(any.material)))
                cell(t.tierName(any.tier))
                cell(f.before.map { HTMLText.percent($0.delivered, of: $0.requested) } ?? t.notPlanned, class: "num")
                html.raw(f.ratioChange < 0 ? "<td class=\"num down\">" : "<td class=\"num up\">")
                html.text(f.after.map { HTMLText.percent($0.delivered, of: $0.requested) } ?? t.notPlanned)
                html.raw("</td>")
                cell(f.before.map { HTMLText.grouped($0.delivered) } ?? "—", class: "num")
                cell(f.after.map { HTMLText.grouped($0.delivered) } ?? "—", class: "num")
                html.raw("</tr>")
            }
            html.raw("</tbody></table>\n")
            if diff.fills.count > limits.changeRows { note(t.capNote(limits.changeRows, diff.fills.count, "unmet.csv")) }
        }

        private mutating func changeTable(_ id: String, _ heading: String, _ lines: [(PlanDiff.Line?, PlanDiff.Line?)]) {
            guard !lines.isEmpty else { return }
            html.raw("<h3>")
            html.text(heading)
            html.raw("</h3><table class=\"grid\" id=\"" + id + "\">")
            headerRow([t.line, t.supplier, t.to, t.material, t.lotDay, t.quantity + " " + t.before,
                       t.quantity + " " + t.after, ""], numeric: [5, 6])
            html.raw("<tbody>")
            for (before, after) in lines.prefix(limits.changeRows) {
                let any = (after ?? before)!
                html.raw("<tr>")
                // A line keeps its id; one published before ids were digests shows both.
                let ids = [before?.lineID, after?.lineID].compactMap { $0 }.filter { !$0.isEmpty }
                cell(Array(Set(ids)).count > 1 ? ids.joined(separator: " → ") : ids.first ?? "", class: "mono")
                html.raw("<td>")
                html.text(any.supplierName)
                html.raw("<div class=\"sub\">")
                html.text(any.key.offerSource + ":" + any.key.offerID)
                html.raw("</div></td><td>")
                html.text(any.enterpriseName)
                html.raw("<div class=\"sub\">")
                html.text(any.key.requestSource + ":" + any.key.requestID)
                html.raw("</div></td>")
                cell(materialName(MaterialCode(any.material)))
                let lots = [before, after].compactMap { $0?.lotDates.joined(separator: " ") }
                cell(Set(lots).count > 1 ? lots.joined(separator: " → ") : lots.first ?? "")
                cell(before.map { HTMLText.grouped($0.quantity) } ?? "—", class: "num")
                cell(after.map { HTMLText.grouped($0.quantity) } ?? "—", class: "num")
                html.raw("<td>")
                if after?.pinned == true { pinBadge() }
                if forbiddenPairs.contains(PairKey(offer: any.key.offerSource + ":" + any.key.offerID,
                                                   request: any.key.requestSource + ":" + any.key.requestID)) {
                    forbidBadge()
                }
                html.raw("</td></tr>")
            }
            html.raw("</tbody></table>\n")
            if lines.count > limits.changeRows { note(t.capNote(limits.changeRows, lines.count, "dispatch.csv")) }
        }

        private mutating func pinBadge() {
            html.raw("<span class=\"badge pin\">")
            html.text(t.pinned)
            html.raw("</span>")
        }

        /// The mark of a line from an earmarked offer; its title says the earmark in words.
        private mutating func earmarkBadge(_ earmark: Earmark) {
            html.raw("<span class=\"badge earmark\" title=\"")
            html.text(earmarkWords(earmark).map { t.earmarkKind($0.0) + " " + $0.1 }.joined(separator: "; "))
            html.raw("\">")
            html.text(t.earmarkBadge)
            html.raw("</span>")
        }

        /// The mark of a line from a substitute (SPEC 13): 代用 and the requested material's name; its
        /// title names the requested material with its code and the lot's material.
        private mutating func substituteBadge(_ line: DispatchLine) {
            html.raw("<span class=\"badge subst\" data-requested=\"")
            html.text(line.requestedMaterial.rawValue)
            html.raw("\" title=\"")
            html.text(t.substituteTitle(materialName(line.requestedMaterial), line.requestedMaterial.rawValue,
                                        materialName(line.material)))
            html.raw("\">")
            html.text(t.substituteBadge(materialName(line.requestedMaterial)))
            html.raw("</span>")
        }

        private mutating func forbidBadge() {
            html.raw("<span class=\"badge forbid\">")
            html.text(t.forbidden)
            html.raw("</span>")
        }

        // MARK: Dispatch by supplier

        private mutating func dispatch() throws {
            sectionStart("dispatch", t.dispatch)
            note(t.dispatchNote)
            var bySupplier = [CreditCode: [Int]]()
            for (i, row) in rows.enumerated() { bySupplier[row.offer.supplierID, default: []].append(i) }
            // Forbidden pairs by the supplier of their offer.
            var forbiddenBySupplier = [CreditCode: [Override]]()
            let offersByText = Dictionary(run.plan.offers.map { ($0.key.description, $0) }, uniquingKeysWith: { a, _ in a })
            let failed = Set(run.plan.overrideRejects.map(\.line))
            for o in run.overrides where o.action == .forbid && !failed.contains(o.line) {
                guard let offer = o.offer.flatMap({ offersByText[$0.description] }) else { continue }
                forbiddenBySupplier[offer.supplierID, default: []].append(o)
            }
            let suppliers = Set(bySupplier.keys).union(forbiddenBySupplier.keys)
            // The suppliers with the most lines get a page when there are too many.
            let chosen = suppliers.sorted {
                let a = bySupplier[$0]?.count ?? 0, b = bySupplier[$1]?.count ?? 0
                return a != b ? a > b : $0 < $1
            }.prefix(limits.suppliers)
            let pages = chosen.map { id -> (id: CreditCode, sample: Offer?) in
                (id, bySupplier[id].map { rows[$0[0]].offer } ?? forbiddenBySupplier[id].flatMap { $0.first?.offer }
                    .flatMap { offersByText[$0.description] })
            }.sorted {
                let a = ($0.sample.map { regionName($0.region) } ?? "", $0.sample?.supplierName ?? "")
                let b = ($1.sample.map { regionName($0.region) } ?? "", $1.sample?.supplierName ?? "")
                if a.0 != b.0 { return a.0 < b.0 }
                if a.1 != b.1 { return a.1 < b.1 }
                return $0.id < $1.id
            }
            if suppliers.count > pages.count {
                note(t.capNote(pages.count, suppliers.count, "dispatch.csv"))
            }
            for page in pages {
                supplierPage(page.id, sample: page.sample, lines: bySupplier[page.id] ?? [],
                             forbidden: forbiddenBySupplier[page.id] ?? [])
            }
            html.raw("</section>\n</main>\n")
        }

        /// The transport pass requests (SPEC 16) for the transport bureau: one printed page per shipping day,
        /// the passes in pass order, with the day's count of passes and trucks at the top of each page.
        private mutating func transportPasses() {
            sectionStart("passes", t.passes)
            if closedEmpty(passes.isEmpty, note: t.noPasses) { return }
            note(t.passesNote(DecimalText.shortest(run.policy.truckCapacityKilograms) ?? ""))
            let columns = [t.pass, t.supplier, t.from, t.to, t.goods, t.weightKg, t.trucks, t.validUntil]
            var start = 0, shown = 0
            while start < passes.count, shown < limits.passes {
                let day = passes[start].shipOn
                var end = start
                while end < passes.count && passes[end].shipOn == day { end += 1 }
                let trucks = passes[start..<end].reduce(0) { $0 + $1.trucks }
                html.raw("<article class=\"pass-day\"><table class=\"grid passes\"><thead>")
                html.raw("<tr class=\"sheet-head\"><th colspan=\"\(columns.count)\"><div class=\"sheet-name\">")
                html.text(t.passesOn(day.description, end - start, trucks))
                html.raw("</div><div class=\"sub\">")
                html.text(t.planDate + " " + run.planDate.description)
                html.raw("</div></th></tr>")
                columnHeads(columns, numeric: [5, 6])
                html.raw("</thead><tbody>")
                for pass in passes[start..<min(end, start + limits.passes - shown)] {
                    html.raw("<tr>")
                    cell(pass.passID, class: "id")
                    cell(pass.supplierName + " " + pass.supplierID)
                    cell(addressName(pass.fromRegion))
                    cell(addressName(pass.toRegion))
                    cell(PassesCSV.goods(pass, labels: names))
                    cell(DecimalText.fixed(pass.weightDecikilograms, scale: 1), class: "num")
                    numberCell(pass.trucks)
                    cell(pass.validUntil.description, class: "id")
                    html.raw("</tr>")
                    shown += 1
                }
                html.raw("</tbody></table></article>\n")
                start = end
            }
            if shown < passes.count { note(t.capNote(shown, passes.count, PassesCSV.fileName)) }
            html.raw("</section>\n")
        }

        /// One supplier's dispatch sheet, printed on pages of its own to hand to the driver.
        ///
        /// The supplier's name, id and totals head the table inside its
        /// `<thead>`, which a browser repeats at the top of every printed page,
        /// so a sheet that runs over pages names its supplier on each. Lines
        /// come one destination after another (``stopOrder(_:_:)``), each
        /// destination in a `<tbody>` of its own headed by the region's name.
        /// Line ids, dates, materials and quantities never wrap; the
        /// recipient's cell takes the width left and wraps.
        private mutating func supplierPage(_ id: CreditCode, sample: Offer?, lines: [Int], forbidden: [Override]) {
            let columns = [t.line, t.shipOn, t.material, t.quantity, t.to, t.roadKm, t.arriveBy, ""]
            html.raw("<article class=\"supplier\"><table class=\"grid dispatch\"><thead>")
            html.raw("<tr class=\"supplier-head\"><th colspan=\"\(columns.count)\"><div class=\"supplier-name\">")
            html.text(sample?.supplierName ?? id.description)
            html.raw("</div><div class=\"sub\">")
            html.text(t.supplier + " " + id.description + (sample.map { " · " + regionName($0.region) } ?? "")
                      + " · " + t.planDate + " " + run.planDate.description)
            html.raw("</div>")
            // Totals per material on this sheet.
            var totals = [MaterialCode: Int128]()
            for i in lines { totals[rows[i].line.material, default: 0] += Int128(rows[i].line.quantity.units) }
            if !totals.isEmpty {
                html.raw("<div class=\"totals\">")
                html.text(totals.keys.sorted().map { materialName($0) + " " + HTMLText.grouped(totals[$0]!) + " " + unitName($0) }
                    .joined(separator: " · "))
                html.raw("</div>")
            }
            html.raw("</th></tr>")
            columnHeads(columns, numeric: [3, 5])
            html.raw("</thead>")
            let shown = lines.sorted { stopOrder(rows[$0], rows[$1]) }.prefix(limits.linesPerSupplier)
            var start = shown.startIndex
            while start < shown.endIndex {
                let region = rows[shown[start]].request.region
                let end = shown[start...].firstIndex { rows[$0].request.region != region } ?? shown.endIndex
                destination(region, lines: shown[start..<end], columns: columns.count)
                start = end
            }
            if !forbidden.isEmpty {
                html.raw("<tbody class=\"forbidden-lines\">")
                for o in forbidden {
                    html.raw("<tr class=\"forbidden\"><td></td><td></td><td class=\"nowrap\">")
                    html.text(o.material.map(materialName) ?? "")
                    html.raw("</td><td></td><td class=\"recipient\">")
                    html.text(t.forbiddenHere + ": " + (o.request?.description ?? ""))
                    html.raw("<div class=\"sub\">")
                    html.text((o.offer?.description ?? "") + (o.note.isEmpty ? "" : " · " + o.note))
                    html.raw("</div></td><td></td><td></td><td>")
                    forbidBadge()
                    html.raw("</td></tr>")
                }
                html.raw("</tbody>")
            }
            html.raw("</table>")
            if lines.count > shown.count { note(t.capNote(shown.count, lines.count, "dispatch.csv")) }
            html.raw("<p class=\"sign\">")
            html.text(t.signature)
            html.raw("</p></article>\n")
        }

        /// The lines of one destination region on a supplier's sheet: a heading
        /// row with the region's name, then one row per line.
        private mutating func destination(_ region: RegionCode, lines: ArraySlice<Int>, columns: Int) {
            let recipients = Set(lines.map { rows[$0].request.enterpriseID }).count
            html.raw("<tbody class=\"stop\" data-region=\"" + region.description + "\">")
            html.raw("<tr class=\"stop-head\"><th colspan=\"\(columns)\" scope=\"rowgroup\">")
            html.text(t.destination + " ")
            html.raw("<span class=\"region-name\">")
            html.text(addressName(region))
            html.raw("</span> <span class=\"code\">")
            html.text(region.description)
            html.raw("</span> <span class=\"sub\">")
            html.text("· " + t.stopSummary(recipients, lines.count))
            html.raw("</span></th></tr>")
            for i in lines {
                let row = rows[i]
                html.raw(row.line.pinned ? "<tr class=\"pinned\">" : "<tr>")
                cell(row.id, class: "mono nowrap")
                cell(row.line.lotDay.description, class: "nowrap")
                cell(materialName(row.line.material), class: "nowrap")
                html.raw("<td class=\"num\">")
                html.text(HTMLText.grouped(row.line.quantity.units) + " " + names.unit(row.unit.rawValue))
                html.raw("</td><td class=\"recipient\">")
                html.text(row.request.enterpriseName)
                html.raw("<div class=\"address region-name\">")
                html.text(addressName(row.request.region))
                html.raw("</div><div class=\"sub\">")
                html.text(row.request.key.description + " · " + row.offer.key.description)
                html.raw("</div></td>")
                cell(DecimalText.fixed(row.line.roadDecikm, scale: 1), class: "num")
                cell(row.line.arriveBy.description, class: "nowrap")
                html.raw("<td>")
                if row.line.pinned { pinBadge() }
                if let earmark = row.offer.earmark {
                    if row.line.pinned { html.raw(" ") }
                    earmarkBadge(earmark)
                }
                if row.line.isSubstitution {
                    if row.line.pinned || row.offer.earmark != nil { html.raw(" ") }
                    substituteBadge(row.line)
                }
                html.raw("</td></tr>")
            }
            html.raw("</tbody>")
        }

        /// The order of a supplier's lines, one stop after another: by
        /// destination region (its code, so a prefecture's counties stay
        /// together), then recipient (name, then credit code), then ship day,
        /// then line id.
        private func stopOrder(_ x: DispatchRow, _ y: DispatchRow) -> Bool {
            if x.request.region != y.request.region { return x.request.region < y.request.region }
            if x.request.enterpriseName != y.request.enterpriseName { return x.request.enterpriseName < y.request.enterpriseName }
            if x.request.enterpriseID != y.request.enterpriseID { return x.request.enterpriseID < y.request.enterpriseID }
            if x.line.lotDay != y.line.lotDay { return x.line.lotDay < y.line.lotDay }
            return x.id < y.id
        }
    }
}

