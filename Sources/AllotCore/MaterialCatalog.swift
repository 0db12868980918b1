/// The materials a night can plan, and how their names resolve (SPEC 3).
public struct MaterialCatalog: Sendable {
    public private(set) var materials: [Material]
    private var indexByKey: [String: Int]

    /// Builds the catalog; `normalize` maps a name to its lookup key (NFKC,
    /// latin lower-cased), supplied by the caller so the core needs no text library.
    /// Returns the names claimed by two materials as `clashes`.
    public init(materials: [Material], normalize: (String) -> String) {
        self.materials = materials
        var index = [String: Int]()
        for (i, m) in materials.enumerated() {
            for name in [m.code.rawValue, m.name] + m.aliases {
                let key = normalize(name)
                if index[key] == nil { index[key] = i }
            }
        }
        self.indexByKey = index
    }

    /// The material whose code, name or alias has this lookup key.
    public func material(forKey key: String) -> Material? {
        indexByKey[key].map { materials[$0] }
    }

    public subscript(code: MaterialCode) -> Material? {
        materials.first { $0.code == code }
    }

    /// The catalog of SPEC 3, used when `reference/materials.csv` is absent.
    public static let builtInMaterials: [Material] = {
        func d(_ s: String) -> ExactDecimal { ExactDecimal(s)! }
        func m(_ code: String, _ name: String, _ unit: CanonicalUnit, _ kg: String, _ aliases: [String],
               _ units: [(String, String)], _ perWorker: String) -> Material {
            Material(code: MaterialCode(code), name: name, canonicalUnit: unit, kilogramsPerUnit: d(kg),
                     aliases: aliases, units: Dictionary(uniqueKeysWithValues: units.map { ($0.0, d($0.1)) }),
                     perWorkerDaily: d(perWorker))
        }
        return [
            m("MELTBLOWN", "熔喷布", .kilogram, "1", ["熔喷无纺布", "熔喷料", "meltblown", "melt-blown fabric"],
              [("t", "1000"), ("吨", "1000")], "0"),
            m("DISINFECTANT", "消毒液", .kilogram, "1", ["消毒水", "84消毒液", "消毒用品", "disinfectant"],
              [("L", "1"), ("升", "1"), ("桶", "25")], "0.05"),
            m("ALCOHOL", "75%酒精", .kilogram, "1", ["医用酒精", "酒精", "alcohol"],
              [("L", "0.87"), ("升", "0.87")], "0.01"),
            m("MASK-MEDICAL", "一次性使用医用口罩", .piece, "0.003", ["医用口罩", "一次性口罩", "口罩", "medical mask"],
              [("盒", "50"), ("箱", "2000")], "2"),
            m("MASK-SURGICAL", "医用外科口罩", .piece, "0.004", ["外科口罩", "surgical mask"],
              [("盒", "50"), ("箱", "2000")], "0"),
            m("MASK-N95", "N95口罩", .piece, "0.01", ["KN95", "KN95口罩", "防护口罩", "N95"],
              [("盒", "20"), ("箱", "400")], "0"),
            m("SUIT", "医用防护服", .piece, "0.5", ["防护服", "protective suit"], [("箱", "20")], "0"),
            m("THERMOMETER", "红外测温仪", .piece, "0.2", ["体温枪", "额温枪", "thermometer"], [("箱", "50")], "0"),
        ]
    }()
}
