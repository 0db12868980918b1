import AllotCore
import BenchmarkSupport

/// Makes the values of one request or offer, as a county bureau or a platform
/// would write them, with the normalized values each must read as.
///
/// Every record it makes is valid: a reader that follows SPEC 2 and 4 accepts all of them.
struct RecordFactory {
    var random: SeededRandom
    let enterprises: [SyntheticEnterprise]
    /// Enterprises that make or hold supplies, for offers.
    let suppliers: [SyntheticEnterprise]
    let counties: [County]
    let horizonDays = Policy().horizonDays
    private var nextRequest = 1
    private var nextOffer = 1

    /// The night the data is for, and the day its updates were made.
    static let planDate = CalendarDate(year: 2020, month: 2, day: 11)!

    init(seed: UInt64, enterpriseCount: Int, counties: [County]) {
        var random = SeededRandom(seed: seed)
        let pool = SyntheticEnterprise.makePool(count: enterpriseCount, counties: counties, random: &random)
        self.enterprises = pool
        self.suppliers = pool.filter { $0.category == .epidemicProducer || $0.category == .aboveScale }
        self.counties = counties
        self.random = random
    }

    struct Request {
        var id: String
        var enterpriseID: String
        /// The credit code as written (now and then lower-cased).
        var enterpriseIDText: String
        var name: String
        var region: Int32
        var materialText: String
        var material: String
        var quantity: MaterialForms.Quantity?
        /// `<workers>` (XML only) instead of a quantity: the text and the count.
        var workers: (text: String, count: Int64)?
        /// The need the record reads as.
        var need: Int64
        var neededBy: (text: String, day: Int32)?
        var categoryText: String
        var category: Category
        var updated: (text: String, instant: Int64)?
        var statusText: String?
        var withdrawn: Bool
    }

    struct Offer {
        var id: String
        var supplierID: String
        var name: String
        var region: Int32
        var materialText: String
        var material: String
        var quantity: MaterialForms.Quantity
        var kindText: String?
        var kind: OfferKind
        var availableFrom: (text: String, day: Int32)?
        var availableUntil: (text: String, day: Int32)?
        var updated: (text: String, instant: Int64)
        var statusText: String?
        var withdrawn: Bool
    }

    // MARK: - Requests

    mutating func request(workersAllowed: Bool, thousandsSeparators: Bool) -> Request {
        let e = random.pick(enterprises)
        let id = "RQ-" + Self.padded(nextRequest, 8)
        nextRequest += 1
        // Most requests are for the enterprise's own county; some for a branch elsewhere.
        let region = random.chance(0.95) ? e.county.code : random.pick(counties).code
        let forms = random.pick(weighted: MaterialForms.requestMix(for: e.category))
        var quantity: MaterialForms.Quantity? = nil
        var workers: (String, Int64)? = nil
        var need: Int64
        if workersAllowed && forms.perWorkerDaily.numerator > 0 && random.chance(0.08) {
            let n = Int64(random.int(20...3000))
            workers = (random.chance(0.3) ? "\(n)人" : "\(n)", n)
            need = forms.need(workers: n, horizonDays: horizonDays)
        } else {
            let target = Int64(random.int(forms.requestRange))
            let q = forms.quantity(about: target, thousandsSeparators: thousandsSeparators, random: &random)
            quantity = q
            need = q.canonical
        }
        let neededBy: (String, Int32)? = random.chance(0.9) ? day(from: 0, through: 14) : nil
        let status = statusText()
        return Request(id: id, enterpriseID: e.creditCode,
                       enterpriseIDText: random.chance(0.01) ? e.creditCode.lowercased() : e.creditCode,
                       name: e.name, region: region, materialText: forms.text(random: &random), material: forms.code,
                       quantity: quantity, workers: workers, need: need, neededBy: neededBy,
                       categoryText: random.chance(0.6) ? e.category.rawValue : e.category.chineseName,
                       category: e.category, updated: random.chance(0.9) ? timestamp() : nil,
                       statusText: status.text, withdrawn: status.withdrawn)
    }

    // MARK: - Offers

    mutating func offer(thousandsSeparators: Bool) -> Offer {
        let s = random.pick(suppliers)
        let id = "OF-" + Self.padded(nextOffer, 7)
        nextOffer += 1
        let forms = random.pick(MaterialForms.all)
        // Offers are larger than requests: a stock, a day's capacity, a provincial allocation.
        let target = Int64(random.int(forms.requestRange)) * Int64(random.int(2...20))
        let kind = random.pick(weighted: [(OfferKind.stock, 40), (.capacity, 25), (.donation, 20), (.allocation, 15)])
        let kindText: String? = kind == .stock && random.chance(0.5) ? nil
            : (random.chance(0.6) ? kind.rawValue : kind.chineseName)
        let from: (String, Int32)? = random.chance(0.7) ? day(from: -1, through: 3) : nil
        var until: (String, Int32)? = nil
        if random.chance(0.3) {
            let start = Int((from?.1 ?? Self.planDate.dayNumber) - Self.planDate.dayNumber)
            until = day(from: start + 1, through: start + 10)
        }
        let status = statusText()
        return Offer(id: id, supplierID: s.creditCode, name: s.name, region: s.county.code,
                     materialText: forms.text(random: &random), material: forms.code,
                     quantity: forms.quantity(about: target, thousandsSeparators: thousandsSeparators, random: &random),
                     kindText: kindText, kind: kind, availableFrom: from, availableUntil: until,
                     updated: timestamp(), statusText: status.text, withdrawn: status.withdrawn)
    }

    // MARK: - Values

    /// A day `first...last` days after the plan date, written in one of SPEC 2's forms.
    private mutating func day(from first: Int, through last: Int) -> (String, Int32) {
        let d = Self.planDate.adding(days: random.int(first...last))
        return (DateForms.date(d, random: &random), d.dayNumber)
    }

    /// An update made in the two days before the plan date.
    private mutating func timestamp() -> (text: String, instant: Int64) {
        let start = Int64(Instant(shanghaiMidnightOf: Self.planDate.adding(days: -2)).microsecondsSinceEpoch)
        let micros = start + Int64(random.below(2 * 86_400)) * 1_000_000 + Int64(random.below(1000)) * 1000
        return DateForms.timestamp(micros, random: &random)
    }

    /// Mostly no status or `active`; one record in 250 withdrawn.
    private mutating func statusText() -> (text: String?, withdrawn: Bool) {
        switch random.below(1000) {
        case 0..<4: return (random.chance(0.5) ? "withdrawn" : "撤回", true)
        case 4..<250: return ("active", false)
        default: return (nil, false)
        }
    }

    static func padded(_ n: Int, _ width: Int) -> String {
        let s = String(n)
        return s.count >= width ? s : String(repeating: "0", count: width - s.count) + s
    }
}
