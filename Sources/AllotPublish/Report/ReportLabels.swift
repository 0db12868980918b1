import AllotCore

/// Every word `report.html` shows, in the plan folder's language.
struct ReportLabels {
    let lang: String
    let title: String
    let planDate: String
    let contents: String
    let headline: String
    let material: String
    let unit: String
    let offered: String
    let requested: String
    let delivered: String
    let shortfall: String
    let fill: String
    let tonKm: String
    let lines: String
    let pinnedLines: String
    let requests: String
    let unmetRequests: String
    let rejects: String
    let records: String
    let fillByTier: String
    let tier: String
    let shortfallByCounty: String
    /// The part of a shortfall that supply did not cover (the chart's red segment).
    let shortfallOfSupply: String
    /// The part of a shortfall a coordinator's cap caused (unmet reason `capped`): the grey segment.
    let shortfallCapped: String
    /// The county table's column of that part.
    let cappedColumn: String
    /// A county's shortfall with its capped part: `408,761 (capped 392,000)`.
    let shortfallWithCapped: (_ total: String, _ capped: String) -> String
    let region: String
    let unmet: String
    let unmetNote: String
    let request: String
    let enterprise: String
    let reason: String
    let overdue: String
    let dispatch: String
    let dispatchNote: String
    /// The shortage maps: the all-materials map's title, a region's unmet requests, the legend.
    let mapAll: String
    let mapUnmet: (_ count: String) -> String
    let mapRequests: String
    let mapLargest: (_ value: String, _ unit: String) -> String
    let entitlement: String
    let entitlementNote: (_ factor: String, _ days: Int) -> String
    let entitlementNorm: String
    let entitlementWorkers: String
    let entitlementFromRegistry: String
    let passes: String
    let noPasses: String
    /// Under the heading: what a pass is and the truck capacity.
    let passesNote: (_ capacity: String) -> String
    /// A shipping day's page: `2020-02-11 发运 · 81 张 · 83 辆车`.
    let passesOn: (_ day: String, _ passes: Int, _ trucks: Int) -> String
    let pass: String
    let from: String
    let goods: String
    let weightKg: String
    let trucks: String
    let validUntil: String
    let supplier: String
    let line: String
    let quantity: String
    let to: String
    let lotDay: String
    let shipOn: String
    let arriveBy: String
    /// The heading of one destination's lines on a supplier's sheet, before the region's name.
    let destination: String
    /// After a destination's name: how many recipients and lines it has.
    let stopSummary: (_ recipients: Int, _ lines: Int) -> String
    let roadKm: String
    let pinned: String
    let forbidden: String
    let forbiddenHere: String
    let signature: String
    let rejectsTitle: String
    let file: String
    let code: String
    let count: String
    let noRejects: String
    let overrides: String
    let action: String
    let offer: String
    let note: String
    let status: String
    let applied: String
    let notApplied: String
    let noOverrides: String
    /// The note when `overrides.csv` could not be used (`--allow-bad-overrides`), with the problem.
    let overridesNotUsed: (_ problem: String) -> String
    let noOverridesUsed: String
    /// The header of a column of `overrides.csv` in the override table.
    let overrideColumn: (Override.Column) -> String
    let possibleDuplicates: String
    let possibleDuplicatesNote: String
    let firstRequest: String
    let secondRequest: String
    let neededBy: String
    let excludeLine: String
    let changes: String
    let previousPlan: String
    let noPrevious: String
    let unreadablePrevious: String
    let newLines: String
    let droppedLines: String
    let changedLines: String
    let fillMoved: String
    let before: String
    let after: String
    let noChanges: String
    let generatedAt: (_ time: String) -> String
    let replaced: String
    let replacedNote: (_ published: String?) -> String
    let noReplacedChanges: String
    let unreadableReplaced: String
    let staleInputs: String
    let staleInputsNote: String
    let noShortfall: String
    let notPlanned: String
    let capNote: (_ shown: Int, _ total: Int, _ file: String) -> String
    let footer: String
    let tierName: (Int) -> String
    let actionName: (Override.Action) -> String
    let yes: String
    /// The earmarked supply section (SPEC 12), shown only on a night with earmarked offers.
    let earmarked: String
    let earmarkedNote: String
    let earmarkedOffered: String
    let earmarkedShipped: String
    let earmarkedUnused: String
    let earmarkedOffers: String
    let earmark: String
    /// The mark on a dispatch line shipped from an earmarked offer.
    let earmarkBadge: String
    /// The name of each earmark: 定向企业, 定向类别, 定向地区.
    let earmarkKind: (Earmark.Kind) -> String
    let categoryName: (AllotCore.Category) -> String
    /// What separates the entries of an earmark's list.
    let listSeparator: String
    /// Below a capped list of earmarked offers.
    let earmarkedCapNote: (_ shown: Int, _ total: Int) -> String
    let policyLine: (_ first: String, _ last: String, _ maxKm: String, _ share: String) -> String
    /// The headline's substitution columns and note (SPEC 13), shown only on a night with `[substitutes]`:
    /// what other materials' lots delivered to a material's requests, and what its lots delivered to others'.
    let servedBySubstitutes: String
    let substitutedIn: String
    let substitutionNote: String
    /// The mark on a dispatch line from a substitute, naming the requested material.
    let substituteBadge: (_ requested: String) -> String
    /// The mark's tooltip: the requested material by name and code, and the lot's material.
    let substituteTitle: (_ requested: String, _ code: String, _ lot: String) -> String

    init(_ language: OutputLanguage) {
        switch language {
        case .zh:
            lang = "zh-CN"
            title = "物资调拨计划"
            planDate = "计划日期"
            contents = "目录"
            headline = "总体情况"
            material = "物资"
            unit = "单位"
            offered = "可供"
            requested = "需求"
            delivered = "调拨"
            shortfall = "缺口"
            fill = "满足率"
            tonKm = "吨公里"
            lines = "调拨单行"
            pinnedLines = "其中锁定"
            requests = "需求数"
            unmetRequests = "未满足需求"
            rejects = "退回记录"
            records = "输入记录"
            fillByTier = "各优先级满足率"
            tier = "优先级"
            shortfallByCounty = "各县（区）缺口"
            shortfallOfSupply = "供应不足"
            shortfallCapped = "限额所致"
            cappedColumn = "其中限额所致"
            shortfallWithCapped = { "\($0)（限额所致 \($1)）" }
            region = "地区"
            unmet = "未满足需求（缺口最大者在前）"
            unmetNote = "按优先级、满足率从低到高排列。"
            request = "需求编号"
            enterprise = "企业"
            reason = "原因"
            overdue = "已逾期"
            dispatch = "调拨单（按供货单位）"
            dispatchNote = "每个供货单位一页，可直接打印交给司机。"
            mapAll = "全部物资：未满足需求数"
            mapUnmet = { "未满足需求 \($0) 项" }
            mapRequests = "项"
            mapLargest = { value, unit in "最大 \(value) \(unit)" }
            entitlement = "超出返岗人员用量的需求（按县）"
            entitlementNote = { factor, days in "需求量超过 返岗人数 × 每人每日用量 × \(days) 天 × \(factor) 的需求，供核实；计划未削减。人数取需求所填，未填则取企业名录。" }
            entitlementNorm = "按人数测算"
            entitlementWorkers = "返岗人数"
            entitlementFromRegistry = "（名录）"
            passes = "应急物资运输通行证申请（按发运日期）"
            noPasses = "今晚没有调拨，不需要通行证。"
            passesNote = { "每个供货单位、起运地、目的地和发运日期一张；车辆数按每车 \($0) 千克计。每个发运日期一页，可直接打印交交通运输部门。" }
            passesOn = { day, count, trucks in "\(day) 发运 · \(count) 张 · \(trucks) 辆车" }
            pass = "通行证编号"
            from = "起运地"
            goods = "货物"
            weightKg = "重量（千克）"
            trucks = "车辆数"
            validUntil = "有效期至"
            supplier = "供货单位"
            line = "调拨编号"
            quantity = "数量"
            to = "收货企业"
            lotDay = "批次日期"
            shipOn = "发货日期"
            arriveBy = "到达日期"
            destination = "目的地"
            stopSummary = { "收货企业 \($0) 家 · 调拨 \($1) 行" }
            roadKm = "公里"
            pinned = Override.Action.pin.chineseName
            forbidden = Override.Action.forbid.chineseName
            forbiddenHere = "已禁止的调拨（人工干预）"
            signature = "发货人签字：__________　　承运人签字：__________　　收货人签字：__________"
            rejectsTitle = "退回记录（按原因和文件汇总）"
            file = "文件"
            code = "原因代码"
            count = "条数"
            noRejects = "没有退回记录。"
            overrides = "生效的人工干预"
            action = "操作"
            offer = "供给"
            note = "备注"
            status = "状态"
            applied = "已生效"
            notApplied = "未生效"
            noOverrides = "本次计划没有人工干预。"
            overridesNotUsed = { "overrides.csv 未被采用：\($0)。其中的人工干预一条也没有用于本次计划（运行时指定了 --allow-bad-overrides）；请修正该文件后重新运行。" }
            noOverridesUsed = "因此本次计划没有采用任何人工干预。"
            overrideColumn = { $0.chineseName }
            possibleDuplicates = "可能重复的需求"
            possibleDuplicatesNote = "同一企业通过两个来源申请同一物资、同一需求日期。两条都已按原样计划；如确属重复，请将右列一行加入 overrides.csv 以排除其一。"
            firstRequest = "先到的需求"
            secondRequest = "另一来源的需求"
            neededBy = "需求日期"
            excludeLine = "排除用的 overrides.csv 行"
            changes = "与上一计划相比"
            previousPlan = "上一计划"
            noPrevious = "输出目录中没有更早的计划，无从比较。"
            unreadablePrevious = "上一计划无法读取，本节从略"
            newLines = "新增调拨"
            droppedLines = "取消调拨"
            changedLines = "调整调拨"
            fillMoved = "满足率变化的企业"
            before = "原"
            after = "现"
            noChanges = "与上一计划相同。"
            generatedAt = { "生成于 \($0)（北京时间）" }
            replaced = "与被取代的同日版本相比"
            replacedNote = { published in
                "本计划取代了同一计划日此前发布的版本" + (published.map { "（发布于 \($0)，北京时间）" } ?? "")
                    + "。下列调拨与该版本不同；按旧版打印的调度单，凡编号列在此处者，以本版为准。未列出的调拨编号与内容均未变。"
            }
            noReplacedChanges = "调拨与被取代的版本完全相同，按旧版打印的调度单仍然有效。"
            unreadableReplaced = "被取代的版本无法读取，本节从略"
            staleInputs = "输入可能过期"
            staleInputsNote = "本计划照常生成，但以下输入看来不是今晚的新数据。请确认各县区和平台是否已按时报送；若报送有误，更正后重新运行同一计划日。"
            noShortfall = "所有需求均已满足。"
            notPlanned = "未列入"
            capNote = { shown, total, file in "仅显示前 \(HTMLText.grouped(Int64(shown))) 项，共 \(HTMLText.grouped(Int64(total))) 项；完整清单见 \(file)。" }
            footer = "本报告由 allot 根据当晚输入生成"
            tierName = { "\($0) 级" }
            actionName = { $0.chineseName }
            yes = "是"
            earmarked = "定向供给"
            earmarkedNote = "捐赠方或上级指定了受援对象的供给（定向企业、定向类别、定向地区），只调拨给符合全部条件的需求；未用部分不转给其他企业。"
            earmarkedOffered = "定向可供"
            earmarkedShipped = "已调拨"
            earmarkedUnused = "未用"
            earmarkedOffers = "定向供给明细（未用最多者在前）"
            earmark = "定向"
            earmarkBadge = "定向"
            earmarkKind = {
                switch $0 {
                case .enterprise: return "定向企业"
                case .categories: return "定向类别"
                case .regions: return "定向地区"
                }
            }
            categoryName = { $0.chineseName }
            listSeparator = "、"
            earmarkedCapNote = { "仅显示前 \(HTMLText.grouped(Int64($0))) 项，共 \(HTMLText.grouped(Int64($1))) 项。" }
            policyLine = { "计划期 \($0) 至 \($1) · 最远运距 \($2) 公里（0 为不限） · 分配方式 \($3)" }
            servedBySubstitutes = "其中代用"
            substitutedIn = "代用调出"
            substitutionNote = "代用：按 allot.toml 的 [substitutes]，一种物资短缺时可由指定的其他物资供应（如以 N95 口罩代替医用口罩）。需求、已调配与满足率按需求物资计；“其中代用”是已调配中由其他物资供应的数量，“代用调出”是本物资供应其他物资需求的数量。"
            substituteBadge = { "代用 " + $0 }
            substituteTitle = { "需求物资：\($0)（\($1)），以 \($2) 代用" }
        case .en:
            lang = "en"
            title = "Dispatch plan"
            planDate = "Plan date"
            contents = "Contents"
            headline = "Headline figures"
            material = "Material"
            unit = "Unit"
            offered = "Offered"
            requested = "Requested"
            delivered = "Delivered"
            shortfall = "Shortfall"
            fill = "Fill"
            tonKm = "Ton-km"
            lines = "Dispatch lines"
            pinnedLines = "pinned"
            requests = "Requests"
            unmetRequests = "Unmet requests"
            rejects = "Rejected records"
            records = "Input records"
            fillByTier = "Fill by tier"
            tier = "Tier"
            shortfallByCounty = "Shortfall by county"
            shortfallOfSupply = "Short of supply"
            shortfallCapped = "Held back by a cap"
            cappedColumn = "Of which capped"
            shortfallWithCapped = { "\($0) (capped \($1))" }
            region = "Region"
            unmet = "Unmet requests, worst first"
            unmetNote = "By tier, then fill ratio from lowest."
            request = "Request"
            enterprise = "Enterprise"
            reason = "Reason"
            overdue = "overdue"
            dispatch = "Dispatch list by supplier"
            dispatchNote = "One supplier per printed page, to hand to the driver."
            mapAll = "All materials: unmet requests"
            mapUnmet = { "\($0) unmet requests" }
            mapRequests = "requests"
            mapLargest = { value, unit in "largest \(value) \(unit)" }
            entitlement = "Requests above their returning workers' use, by county"
            entitlementNote = { factor, days in "Requests above returning workers × daily use per worker × \(days) days × \(factor), to check with the county; the plan does not cut them. Workers are the request's, else the registry's." }
            entitlementNorm = "Workers' use"
            entitlementWorkers = "Workers"
            entitlementFromRegistry = "(registry)"
            passes = "Emergency transport pass requests by shipping day"
            noPasses = "Nothing is shipped tonight: no pass is needed."
            passesNote = { "One pass per supplier, route and shipping day; trucks counted at \($0) kg each. One shipping day per printed page, for the transport bureau." }
            passesOn = { day, count, trucks in "Shipping on \(day) · \(count) passes · \(trucks) trucks" }
            pass = "Pass"
            from = "From"
            goods = "Goods"
            weightKg = "Weight (kg)"
            trucks = "Trucks"
            validUntil = "Valid until"
            supplier = "Supplier"
            line = "Line id"
            quantity = "Quantity"
            to = "Deliver to"
            lotDay = "Lot day"
            shipOn = "Ship on"
            arriveBy = "Arrive by"
            destination = "Destination"
            stopSummary = { "\($0) \($0 == 1 ? "recipient" : "recipients") · \($1) \($1 == 1 ? "line" : "lines")" }
            roadKm = "km"
            pinned = "pinned"
            forbidden = "forbidden"
            forbiddenHere = "Forbidden shipments (overrides)"
            signature = "Shipper: __________    Carrier: __________    Receiver: __________"
            rejectsTitle = "Rejects by reason and file"
            file = "File"
            code = "Code"
            count = "Count"
            noRejects = "Nothing was rejected."
            overrides = "Overrides in force"
            action = "Action"
            offer = "Offer"
            note = "Note"
            status = "Status"
            applied = "applied"
            notApplied = "not applied"
            noOverrides = "No overrides tonight."
            overridesNotUsed = { "overrides.csv was not used: \($0). None of its overrides applies to this plan (the run was given --allow-bad-overrides); fix the file and run again." }
            noOverridesUsed = "So this plan follows no override."
            overrideColumn = {
                switch $0 {
                case .action: return "Action"
                case .offerID: return "Offer"
                case .requestID: return "Request"
                case .enterpriseID: return "Enterprise"
                case .material: return "Material"
                case .quantity: return "Quantity"
                case .note: return "Note"
                }
            }
            possibleDuplicates = "Possible duplicate requests"
            possibleDuplicatesNote = "The same enterprise asks for the same material by the same day through two sources. Both are planned as sent; if they are one demand, add the row on the right to overrides.csv to exclude one."
            firstRequest = "First request"
            secondRequest = "From another source"
            neededBy = "Needed by"
            excludeLine = "overrides.csv row to exclude it"
            changes = "Changes since the previous plan"
            previousPlan = "Previous plan"
            noPrevious = "No earlier plan in the outputs folder to compare with."
            unreadablePrevious = "The previous plan could not be read; this section is left out"
            newLines = "New lines"
            droppedLines = "Dropped lines"
            changedLines = "Changed lines"
            fillMoved = "Enterprises whose fill moved"
            before = "before"
            after = "now"
            noChanges = "Same as the previous plan."
            generatedAt = { "Generated \($0) (Asia/Shanghai)" }
            replaced = "Changes against the version this plan replaces"
            replacedNote = { published in
                "This plan replaces the version of the same plan date published earlier"
                    + (published.map { " (at \($0), Asia/Shanghai)" } ?? "")
                    + ". The lines below differ from it: a dispatch sheet printed from that version whose line id is listed here is superseded by this plan. Line ids not listed name the same shipment as before."
            }
            noReplacedChanges = "Every line is the same as in the version it replaces: dispatch sheets printed from it still hold."
            unreadableReplaced = "The version this plan replaces could not be read; this section is left out"
            staleInputs = "Inputs may be stale"
            staleInputsNote = "The plan was made as usual, but the inputs below do not look like tonight's. Check that the counties and platforms sent their files; if not, drop the right files and run the same plan date again."
            noShortfall = "Every request is fully served."
            notPlanned = "not planned"
            capNote = { shown, total, file in "Showing \(HTMLText.grouped(Int64(shown))) of \(HTMLText.grouped(Int64(total))); the full list is in \(file)." }
            footer = "Generated by allot from the night's inputs"
            tierName = { "Tier \($0)" }
            actionName = { $0.rawValue }
            yes = "yes"
            earmarked = "Earmarked supply"
            earmarkedNote = "Offers whose giver named the recipients (an enterprise, categories, regions): they go only to requests that meet every earmark, and what stays unused goes to no one else."
            earmarkedOffered = "Earmarked offered"
            earmarkedShipped = "Shipped"
            earmarkedUnused = "Unused"
            earmarkedOffers = "Earmarked offers, the most left unused first"
            earmark = "Earmark"
            earmarkBadge = "earmarked"
            earmarkKind = {
                switch $0 {
                case .enterprise: return "for enterprise"
                case .categories: return "for categories"
                case .regions: return "for regions"
                }
            }
            categoryName = {
                switch $0 {
                case .epidemicProducer: return "epidemic-supply producer"
                case .medical: return "medical institution"
                case .keyEnterprise: return "key enterprise"
                case .aboveScale: return "above-scale enterprise"
                case .sme: return "small and micro enterprise"
                }
            }
            listSeparator = ", "
            earmarkedCapNote = { "Showing \(HTMLText.grouped(Int64($0))) of \(HTMLText.grouped(Int64($1)))." }
            policyLine = { "Horizon \($0) to \($1) · max distance \($2) km (0 = no limit) · share = \($3)" }
            servedBySubstitutes = "By substitutes"
            substitutedIn = "Shipped as substitute"
            substitutionNote = "Substitution: under [substitutes] in allot.toml, a material that is short may be served by the materials named for it (N95 masks for medical masks). Requested, delivered and fill count the requested material; \"by substitutes\" is the part of delivered other materials served, \"shipped as substitute\" what this material's lots served of other materials' requests."
            substituteBadge = { "for " + $0 }
            substituteTitle = { "Requested: \($0) (\($1)); served with \($2)" }
        }
    }
}

// MARK: - Conversion

extension ReportLabels {
    /// The words of the conversion section (以料定产, SPEC 14), shown only on a night with conversion offers.
    struct Conversion {
        let title: String
        let note: String
        /// A factory's subheading: its credit code and region.
        let factory: String
        let offer: String
        let input: String
        let received: String
        let used: String
        let product: String
        let produced: String
        let shipped: String
        let unshipped: String
        /// Under a line's offer: input per unit of product.
        let perUnit: (_ amount: String, _ inputUnit: String, _ productUnit: String) -> String
        /// Under the input received: the stock the factory held besides.
        let stock: (_ amount: String) -> String
        /// Below a factory's table when lines of one input share what it received.
        let sharedPool: (_ input: String, _ offers: String) -> String
        let byDay: String
        let day: String
        let destinations: String
        let noDestinations: String
        let noProduction: String
        let listSeparator: String

        init(_ language: OutputLanguage) {
            switch language {
            case .zh:
                title = "以料定产"
                note = "生产线只能用工厂收到的原料生产：今晚计划调给工厂的原料到达次日起可用，原料库存当天可用。"
                    + "以下按工厂列出收到与耗用的原料、逐日产量、产品去向，以及已生产但未调出（留在工厂）的数量。"
                factory = "生产企业"
                offer = "以料定产供给"
                input = "原料"
                received = "收到原料"
                used = "耗用原料"
                product = "产品"
                produced = "生产"
                shipped = "已调出"
                unshipped = "未调出"
                perUnit = { "单耗 \($0) \($1)/\($2)" }
                stock = { "另有库存 \($0)" }
                sharedPool = { "\($1) 共用收到的\($0)。" }
                byDay = "逐日生产"
                day = "生产日期"
                destinations = "产品去向"
                noDestinations = "产品没有调出。"
                noProduction = "没有原料按时到达，未能生产。"
                listSeparator = "、"
            case .en:
                title = "Conversion"
                note = "A conversion line makes its product only from the input its factory receives: input the plan delivers "
                    + "counts from the day after it arrives, stock from the first day. Per factory: input received and used, "
                    + "what was made day by day, where it went, and what was made but not shipped (it stays at the factory)."
                factory = "Factory"
                offer = "Conversion offer"
                input = "Input"
                received = "Input received"
                used = "Input used"
                product = "Product"
                produced = "Made"
                shipped = "Shipped"
                unshipped = "Made, not shipped"
                perUnit = { "\($0) \($1) a \($2)" }
                stock = { "stock besides: \($0)" }
                sharedPool = { "\($1) share the \($0) received." }
                byDay = "Made day by day"
                day = "Day made"
                destinations = "Where the product went"
                noDestinations = "Nothing made was shipped."
                noProduction = "No input arrived in time to make anything."
                listSeparator = ", "
            }
        }
    }
}
