/// A conversion offer's input (SPEC 14): the material its line consumes,
/// how much of it one unit of product takes, and what the factory holds.
public struct ConversionInput: Hashable, Sendable {
    /// `input_material`: the material consumed (never the product).
    public var material: MaterialCode
    /// `input_per_unit`: input, in its canonical unit, per canonical unit of product; more than 0.
    public var perUnit: ExactDecimal
    /// `input_stock`: input the factory already holds (default 0).
    public var stock: Quantity

    public init(material: MaterialCode, perUnit: ExactDecimal, stock: Quantity = .zero) {
        self.material = material
        self.perUnit = perUnit
        self.stock = stock
    }
}

/// An amount held exactly as `value × 10^-scale` in 128 bits: input used by a
/// conversion line, which per-unit decimals make fractional (3.9 kg of meltblown).
public struct ScaledAmount: Hashable, Sendable, CustomStringConvertible {
    public var value: Int128
    public var scale: Int

    public init(value: Int128, scale: Int) {
        self.value = value
        self.scale = scale
    }

    /// `3.9`, `12`, `0.001`: no trailing zeros, no exponent.
    public var description: String {
        var digits = String(value.magnitude)
        guard scale > 0 else { return (value < 0 ? "-" : "") + digits }
        if digits.count <= scale { digits = String(repeating: "0", count: scale - digits.count + 1) + digits }
        let cut = digits.index(digits.endIndex, offsetBy: -scale)
        var fraction = String(digits[cut...])
        while fraction.hasSuffix("0") { fraction.removeLast() }
        return (value < 0 ? "-" : "") + String(digits[..<cut]) + (fraction.isEmpty ? "" : "." + fraction)
    }
}

/// SPEC 14's production, its one home: the lots the conversion offers of one
/// pool (one supplier, one input material) make day by day from the input
/// the pool holds and receives, in exact arithmetic.
public enum Production {
    /// One conversion offer of a pool.
    public struct Line: Sendable {
        public var offer: RecordKey
        /// The most it makes a day, in product units.
        public var dailyQuantity: Int64
        public var perUnit: ExactDecimal
        /// Its days: max(available_from, plan date) … min(available_until, last horizon day); empty when none.
        public var days: [CalendarDate]

        public init(offer: RecordKey, dailyQuantity: Int64, perUnit: ExactDecimal, days: [CalendarDate]) {
            self.offer = offer
            self.dailyQuantity = dailyQuantity
            self.perUnit = perUnit
            self.days = days
        }
    }

    /// What one line made: its lots (days with a lot of 0 left out) and the input they consumed.
    public struct Made: Hashable, Sendable {
        public var lots: [Lot]
        public var inputUsed: ScaledAmount
        public var produced: Int64 { lots.reduce(0) { $0 + $1.quantity.units } }
    }

    /// The lots of a pool's `lines` (in key order), from `stock` (the sum of their input stocks) and the
    /// `deliveries` of input to the supplier (a delivery arriving by day a counts from day a + 1):
    /// arrived(t) = stock + deliveries with arrive_by < t; each day, in key order, a line makes
    /// min(its quantity, ⌊(arrived(t) − used) ÷ per unit⌋), used counting every earlier lot and the
    /// earlier lines' lots of the day.
    /// - Complexity: O(days × lines + deliveries log deliveries).
    public static func lots(of lines: [Line], stock: Int64,
                            deliveries: [(arriveBy: CalendarDate, quantity: Int64)]) -> [Made] {
        // Input amounts in units of 10^-scale, the finest of the lines' per-unit decimals.
        let scale = max(0, lines.map(\.perUnit.scale).max() ?? 0)
        func tenTo(_ n: Int) -> Int128 { (0..<n).reduce(Int128(1)) { r, _ in r * 10 } }
        let unit = tenTo(scale)
        let perUnit = lines.map { Int128($0.perUnit.significand) * tenTo(scale - $0.perUnit.scale) }
        let arrivals = deliveries.sorted { $0.arriveBy < $1.arriveBy }
        let days = Set(lines.flatMap(\.days)).sorted()
        var made = lines.map { _ in Made(lots: [], inputUsed: ScaledAmount(value: 0, scale: scale)) }
        var arrived = Int128(stock) * unit
        var used: Int128 = 0
        var next = 0
        for day in days {
            while next < arrivals.count && arrivals[next].arriveBy < day {
                arrived += Int128(arrivals[next].quantity) * unit
                next += 1
            }
            for (i, line) in lines.enumerated() where line.days.contains(day) && perUnit[i] > 0 {
                let possible = (arrived - used) / perUnit[i]
                let lot = Int64(min(Int128(line.dailyQuantity), max(0, possible)))
                guard lot > 0 else { continue }
                used += Int128(lot) * perUnit[i]
                made[i].inputUsed.value += Int128(lot) * perUnit[i]
                made[i].lots.append(Lot(offer: line.offer, day: day, quantity: Quantity(lot)))
            }
        }
        return made
    }
}

/// Which conversion offers can be planned, and in what order materials are planned (SPEC 14): inputs
/// before their products.
public enum ConversionOrder {
    /// The conversion offers, taken in key order, that would close a cycle: a product that is already
    /// (through other offers) an input of the offer's input, or an input in the product's substitution
    /// group. Each with the message of its `conversion_cycle` reject.
    public static func cycles(_ offers: [Offer], substitutes: Substitutes) -> [(offer: RecordKey, message: String)] {
        let conversions = offers.filter { $0.conversion != nil }.sorted { $0.key < $1.key }
        let materials = Array(Set(conversions.flatMap { [$0.material, $0.conversion!.material] }))
        let groups = substitutes.groups(of: materials)
        var groupOf = [MaterialCode: Int]()
        for (g, group) in groups.enumerated() { for m in group { groupOf[m] = g } }
        var edges = [Int: Set<Int>]()
        func reaches(_ from: Int, _ to: Int) -> Bool {
            var seen: Set<Int> = [from], stack = [from]
            while let g = stack.popLast() {
                if g == to { return true }
                for next in edges[g] ?? [] where seen.insert(next).inserted { stack.append(next) }
            }
            return false
        }
        var rejected = [(offer: RecordKey, message: String)]()
        for offer in conversions {
            let input = offer.conversion!.material
            let a = groupOf[input]!, b = groupOf[offer.material]!
            if a == b {
                rejected.append((offer.key, "its input \(input) and its product \(offer.material) are one substitution group: the product could serve as its own input"))
            } else if reaches(b, a) {
                rejected.append((offer.key, "\(offer.material) is already, through other conversion offers, an input of \(input): making \(offer.material) from \(input) closes a cycle"))
            } else {
                edges[a, default: []].insert(b)
            }
        }
        return rejected
    }

    /// `groups` in waves: each wave's groups have every group that makes their inputs in an earlier wave.
    /// `inputs` maps a product's material to the materials its conversion offers consume; cycles must be gone.
    public static func waves(_ groups: [[MaterialCode]], inputs: [MaterialCode: Set<MaterialCode>]) -> [[Int]] {
        let needs = prerequisites(groups, inputs: inputs).map(Set.init)
        var done = Set<Int>(), waves = [[Int]]()
        while done.count < groups.count {
            let wave = groups.indices.filter { !done.contains($0) && needs[$0].isSubset(of: done) }
            precondition(!wave.isEmpty, "conversion cycle left among the groups")
            waves.append(wave)
            done.formUnion(wave)
        }
        return waves
    }

    /// For each of `groups`, the other groups that make its inputs, ascending (`inputs` as for `waves`).
    public static func prerequisites(_ groups: [[MaterialCode]], inputs: [MaterialCode: Set<MaterialCode>]) -> [[Int]] {
        var groupOf = [MaterialCode: Int]()
        for (g, group) in groups.enumerated() { for m in group { groupOf[m] = g } }
        var needs = [Set<Int>](repeating: [], count: groups.count)
        for (product, materials) in inputs {
            guard let b = groupOf[product] else { continue }
            for input in materials { if let a = groupOf[input], a != b { needs[b].insert(a) } }
        }
        return needs.map { $0.sorted() }
    }
}
