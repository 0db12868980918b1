import AllotCore
import BenchmarkSupport

/// How feeds write one material of the built-in catalog (SPEC 3): the texts
/// that name it and the quantities that go with it, each with the canonical
/// amount it must read as.
///
/// The canonical amounts are computed here with integers and the factors of
/// SPEC 3 written out again, not with the package's own parser, so the two
/// check each other.
struct MaterialForms {
    var code: String
    var isMass: Bool
    /// Code, name, aliases and their case and width variants.
    var texts: [String]
    /// Units and their factor in canonical units as a fraction.
    var units: [(name: String, numerator: Int64, denominator: Int64)]
    /// A typical request's canonical amount.
    var requestRange: ClosedRange<Int>
    /// Returning workers' daily use (SPEC 4.2) as a fraction; 0 when the material has none.
    var perWorkerDaily: (numerator: Int64, denominator: Int64)

    /// One quantity as written: the `quantity` text, the `unit` column (or attribute), and
    /// the canonical amount the two mean.
    struct Quantity {
        var text: String
        var unit: String?
        var canonical: Int64
    }

    /// The built-in catalog's materials, checked against `MaterialCatalog.builtInMaterials`.
    static let all: [MaterialForms] = {
        let mass: [(String, Int64, Int64)] = [("kg", 1, 1), ("公斤", 1, 1), ("吨", 1000, 1), ("t", 1000, 1)]
        let forms = [
            MaterialForms(code: "MELTBLOWN", isMass: true, texts: ["MELTBLOWN", "熔喷布", "熔喷无纺布", "熔喷料", "meltblown", "melt-blown fabric", "Meltblown"],
                          units: mass, requestRange: 100...30_000, perWorkerDaily: (0, 1)),
            MaterialForms(code: "DISINFECTANT", isMass: true, texts: ["DISINFECTANT", "消毒液", "消毒水", "84消毒液", "消毒用品", "disinfectant", "Disinfectant"],
                          units: mass + [("L", 1, 1), ("升", 1, 1), ("桶", 25, 1)], requestRange: 50...20_000, perWorkerDaily: (5, 100)),
            MaterialForms(code: "ALCOHOL", isMass: true, texts: ["ALCOHOL", "75%酒精", "医用酒精", "酒精", "alcohol", "７５％酒精"],
                          units: mass + [("L", 87, 100), ("升", 87, 100)], requestRange: 20...5_000, perWorkerDaily: (1, 100)),
            MaterialForms(code: "MASK-MEDICAL", isMass: false, texts: ["MASK-MEDICAL", "一次性使用医用口罩", "医用口罩", "一次性口罩", "口罩", "medical mask", "Medical Mask"],
                          units: [("只", 1, 1), ("个", 1, 1), ("片", 1, 1), ("pcs", 1, 1), ("盒", 50, 1), ("箱", 2000, 1)],
                          requestRange: 500...2_000_000, perWorkerDaily: (2, 1)),
            MaterialForms(code: "MASK-SURGICAL", isMass: false, texts: ["MASK-SURGICAL", "医用外科口罩", "外科口罩", "surgical mask", "mask-surgical"],
                          units: [("只", 1, 1), ("个", 1, 1), ("片", 1, 1), ("盒", 50, 1), ("箱", 2000, 1)],
                          requestRange: 500...1_000_000, perWorkerDaily: (0, 1)),
            MaterialForms(code: "MASK-N95", isMass: false, texts: ["MASK-N95", "N95口罩", "KN95", "KN95口罩", "防护口罩", "N95", "kn95", "ＫＮ９５", "Ｎ９５口罩"],
                          units: [("只", 1, 1), ("个", 1, 1), ("piece", 1, 1), ("盒", 20, 1), ("箱", 400, 1)],
                          requestRange: 100...300_000, perWorkerDaily: (0, 1)),
            MaterialForms(code: "SUIT", isMass: false, texts: ["SUIT", "医用防护服", "防护服", "protective suit", "Protective Suit"],
                          units: [("件", 1, 1), ("pcs", 1, 1), ("箱", 20, 1)], requestRange: 10...5_000, perWorkerDaily: (0, 1)),
            MaterialForms(code: "THERMOMETER", isMass: false, texts: ["THERMOMETER", "红外测温仪", "体温枪", "额温枪", "thermometer"],
                          units: [("个", 1, 1), ("只", 1, 1), ("箱", 50, 1)], requestRange: 5...500, perWorkerDaily: (0, 1)),
        ]
        let catalog = MaterialCatalog.builtIn
        for f in forms {
            guard let m = catalog[MaterialCode(f.code)] else { fatalError("\(f.code) is not in the built-in catalog") }
            precondition((m.canonicalUnit == .kilogram) == f.isMass, "\(f.code): canonical unit changed")
        }
        return forms
    }()

    static func named(_ code: String) -> MaterialForms { all.first { $0.code == code }! }

    /// Materials a request of `category` asks for, with weights.
    static func requestMix(for category: Category) -> [(MaterialForms, Int)] {
        switch category {
        case .epidemicProducer:
            return [(named("MELTBLOWN"), 50), (named("ALCOHOL"), 10), (named("DISINFECTANT"), 10), (named("SUIT"), 5),
                    (named("MASK-MEDICAL"), 10), (named("THERMOMETER"), 5), (named("MASK-N95"), 10)]
        case .medical:
            return [(named("MASK-N95"), 25), (named("MASK-SURGICAL"), 20), (named("SUIT"), 20), (named("ALCOHOL"), 10),
                    (named("DISINFECTANT"), 10), (named("THERMOMETER"), 10), (named("MASK-MEDICAL"), 5)]
        case .keyEnterprise, .aboveScale, .sme:
            return [(named("MASK-MEDICAL"), 45), (named("DISINFECTANT"), 20), (named("THERMOMETER"), 15), (named("ALCOHOL"), 10),
                    (named("MASK-N95"), 5), (named("MASK-SURGICAL"), 5)]
        }
    }

    // MARK: - Writing

    /// A name of the material as a feed writes it.
    func text(random: inout SeededRandom) -> String {
        random.chance(0.3) ? code : random.pick(texts)
    }

    /// A quantity of about `target` canonical units, in one of the forms of SPEC 2.
    ///
    /// - `thousandsSeparators`: whether `12,000` may be written (CSV quotes it).
    func quantity(about target: Int64, thousandsSeparators: Bool, random: inout SeededRandom) -> Quantity {
        // The unit: none (the canonical one), or one of the material's.
        let unit: (name: String, numerator: Int64, denominator: Int64)? = random.chance(0.25) ? nil : random.pick(units)
        let num = unit?.numerator ?? 1, den = unit?.denominator ?? 1
        let amountInUnit = max(1, target * den / num)
        // 万 for large counts; decimals for large units (3.5吨, 1.25万).
        let tenThousands = amountInUnit >= 20_000 && random.chance(0.6)
        let multiplier: Int64 = tenThousands ? 10_000 : 1
        let decimals = (tenThousands || num >= 1000) ? random.pick([0, 1, 1, 2]) : 0
        let pow10: Int64 = decimals == 0 ? 1 : decimals == 1 ? 10 : 100
        let scaled = max(1, (target * den * pow10 + num * multiplier / 2) / (num * multiplier))
        // canonical = scaled / 10^d × multiplier × num / den, rounded half away from zero.
        let p = scaled * multiplier * num, q = pow10 * den
        let canonical = (2 * p + q) / (2 * q)
        var number = Self.decimalText(scaled, decimals: decimals)
        if thousandsSeparators && decimals == 0 && !tenThousands && scaled >= 1000 && random.chance(0.05) {
            number = Self.grouped(scaled)
        }
        if tenThousands { number += "万" }
        guard let unit else {
            // The canonical unit may still be named in the unit column.
            let name = isMass ? "kg" : "只"
            return Quantity(text: number, unit: random.chance(0.3) && (isMass || code.hasPrefix("MASK")) ? name : nil,
                            canonical: canonical)
        }
        let space = unit.name.first!.isASCII && random.chance(0.5) ? " " : ""
        switch random.below(10) {
        case 0..<5: return Quantity(text: number + space + unit.name, unit: nil, canonical: canonical)
        case 5..<9: return Quantity(text: number, unit: unit.name, canonical: canonical)
        default: return Quantity(text: number + space + unit.name, unit: unit.name, canonical: canonical)
        }
    }

    /// The need for `workers` returning workers over `horizonDays` (SPEC 4.2), rounded half away from zero.
    func need(workers: Int64, horizonDays: Int) -> Int64 {
        let p = workers * perWorkerDaily.numerator * Int64(horizonDays), q = perWorkerDaily.denominator
        return (2 * p + q) / (2 * q)
    }

    /// `scaled / 10^decimals` with its trailing zeros dropped: `35, 1` → `3.5`, `120, 1` → `12`.
    static func decimalText(_ scaled: Int64, decimals: Int) -> String {
        guard decimals > 0 else { return String(scaled) }
        var digits = String(scaled)
        if digits.count <= decimals { digits = String(repeating: "0", count: decimals - digits.count + 1) + digits }
        var fraction = String(digits.suffix(decimals))
        let whole = String(digits.dropLast(decimals))
        while fraction.hasSuffix("0") { fraction.removeLast() }
        return fraction.isEmpty ? whole : whole + "." + fraction
    }

    /// `12000` → `12,000`.
    static func grouped(_ value: Int64) -> String {
        let digits = Array(String(value))
        var out = ""
        for (i, d) in digits.enumerated() {
            if i > 0 && (digits.count - i) % 3 == 0 { out.append(",") }
            out.append(d)
        }
        return out
    }
}
