/// The kind of enterprise a request is for (企业类别, SPEC 4.2); policy maps each to a tier.
public enum Category: String, CaseIterable, Hashable, Sendable {
    case epidemicProducer = "epidemic_producer"
    case medical = "medical"
    case keyEnterprise = "key_enterprise"
    case aboveScale = "above_scale"
    case sme = "sme"

    /// The Chinese name a county spreadsheet uses.
    public var chineseName: String {
        switch self {
        case .epidemicProducer: return "防疫物资生产企业"
        case .medical: return "医疗机构"
        case .keyEnterprise: return "重点企业"
        case .aboveScale: return "规上企业"
        case .sme: return "中小微企业"
        }
    }

    /// Reads the canonical or the Chinese name (latin case-insensitive).
    public init?(text: String) {
        let lowered = text.lowercased()
        guard let c = Category.allCases.first(where: { $0.rawValue == lowered || $0.chineseName == text }) else {
            return nil
        }
        self = c
    }
}

/// The kind of an offer (类型, SPEC 4.1).
public enum OfferKind: String, CaseIterable, Hashable, Sendable {
    case stock, capacity, donation, allocation
    /// A factory's daily capacity for a product it makes only from the input it receives (SPEC 14).
    case conversion

    public var chineseName: String {
        switch self {
        case .stock: return "库存"
        case .capacity: return "日产能"
        case .donation: return "捐赠"
        case .allocation: return "调拨"
        case .conversion: return "以料定产"
        }
    }

    public init?(text: String) {
        let lowered = text.lowercased()
        guard let k = OfferKind.allCases.first(where: { $0.rawValue == lowered || $0.chineseName == text }) else {
            return nil
        }
        self = k
    }
}

/// Whether a record stands or takes its key back (状态, SPEC 4.1).
public enum RecordStatus: String, CaseIterable, Hashable, Sendable {
    case active, withdrawn

    public var chineseName: String { self == .active ? "有效" : "撤回" }

    public init?(text: String) {
        let lowered = text.lowercased()
        guard let s = RecordStatus.allCases.first(where: { $0.rawValue == lowered || $0.chineseName == text }) else {
            return nil
        }
        self = s
    }
}
