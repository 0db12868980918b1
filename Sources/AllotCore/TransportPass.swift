/// An emergency transport pass request (应急物资运输通行证, SPEC 16): the trucks of one supplier from one
/// region to another on one shipping day, with the goods they carry. The rule of how dispatch lines make
/// passes lives here, once; `passes.csv`, the export and the report show its result.
public struct TransportPass: Hashable, Sendable {
    /// A dispatch line as a pass sees it.
    public struct Line: Hashable, Sendable {
        public var supplierID: String
        public var supplierName: String
        public var fromRegion: RegionCode
        public var toRegion: RegionCode
        public var shipOn: CalendarDate
        public var arriveBy: CalendarDate
        /// The lot's material (what is on the truck), in its canonical unit.
        public var material: MaterialCode
        public var quantity: Int64
        public var kilogramsPerUnit: ExactDecimal

        public init(supplierID: String, supplierName: String, fromRegion: RegionCode, toRegion: RegionCode,
                    shipOn: CalendarDate, arriveBy: CalendarDate, material: MaterialCode, quantity: Int64,
                    kilogramsPerUnit: ExactDecimal) {
            self.supplierID = supplierID
            self.supplierName = supplierName
            self.fromRegion = fromRegion
            self.toRegion = toRegion
            self.shipOn = shipOn
            self.arriveBy = arriveBy
            self.material = material
            self.quantity = quantity
            self.kilogramsPerUnit = kilogramsPerUnit
        }
    }

    /// `P<plan date as YYYYMMDD>-<n>`.
    public var passID: String
    public var shipOn: CalendarDate
    /// The latest arrive_by of its lines.
    public var validUntil: CalendarDate
    public var supplierID: String
    public var supplierName: String
    public var fromRegion: RegionCode
    public var toRegion: RegionCode
    /// A material on the trucks and its quantity in the material's canonical unit.
    public struct Goods: Hashable, Sendable {
        public var material: MaterialCode
        public var quantity: Int64

        public init(material: MaterialCode, quantity: Int64) {
            self.material = material
            self.quantity = quantity
        }
    }

    /// Each material on the trucks, in code order.
    public var goods: [Goods]
    /// Σ quantity × kg_per_unit in tenths of a kilogram, rounded half up once.
    public var weightDecikilograms: Int64
    /// ⌈weight_kg ÷ truck_capacity_kg⌉ on the weight as written, at least 1.
    public var trucks: Int

    /// One pass per (supplier_id, from_region, to_region, ship_on), numbered from 1 in (ship_on, supplier_id,
    /// from_region, to_region) order. A supplier's name is the first its lines give in that order.
    /// - Complexity: O(n log n) for n lines.
    public static func passes(of lines: [Line], planDate: CalendarDate, truckCapacityKilograms capacity: Double)
        -> [TransportPass] {
        struct Group: Hashable, Comparable {
            var shipOn: CalendarDate
            var supplierID: String
            var from: RegionCode
            var to: RegionCode
            static func < (a: Group, b: Group) -> Bool {
                (a.shipOn, a.supplierID, a.from, a.to) < (b.shipOn, b.supplierID, b.from, b.to)
            }
        }
        var groups = [Group: [Line]]()
        for line in lines {
            groups[Group(shipOn: line.shipOn, supplierID: line.supplierID, from: line.fromRegion, to: line.toRegion),
                   default: []].append(line)
        }
        let prefix = "P" + planDate.description.filter { $0 != "-" } + "-"
        return groups.keys.sorted().enumerated().map { n, group in
            let members = groups[group]!
            var quantities = [MaterialCode: Int64]()
            var weight = Int128(0)   // kg × 10^scale
            var perMaterialKg = [MaterialCode: ExactDecimal]()
            for line in members {
                quantities[line.material, default: 0] += line.quantity
                perMaterialKg[line.material] = line.kilogramsPerUnit
            }
            // Exact: Σ quantity × significand ÷ 10^scale, brought to tenths and rounded once, half up.
            let scale = perMaterialKg.values.map(\.scale).max() ?? 0
            for (material, quantity) in quantities {
                let kg = perMaterialKg[material]!
                weight += Int128(quantity) * Int128(max(0, kg.significand)) * ExactDecimal.powerOfTen(scale - kg.scale)
            }
            let tenths = Self.roundedTenths(weight, scale: scale)
            let trucks = max(1, Int((Double(tenths) / 10 / capacity).rounded(.up)))
            return TransportPass(
                passID: prefix + String(n + 1), shipOn: group.shipOn,
                validUntil: members.map(\.arriveBy).max()!, supplierID: group.supplierID,
                supplierName: members.first!.supplierName, fromRegion: group.from, toRegion: group.to,
                goods: quantities.keys.sorted().map { Goods(material: $0, quantity: quantities[$0]!) },
                weightDecikilograms: tenths,
                trucks: trucks)
        }
    }

    /// `value × 10^-scale` in tenths, half up.
    private static func roundedTenths(_ value: Int128, scale: Int) -> Int64 {
        if scale <= 1 { return Int64(value * ExactDecimal.powerOfTen(1 - scale)) }
        let divisor = ExactDecimal.powerOfTen(scale - 1)
        return Int64((value + divisor / 2) / divisor)
    }
}
