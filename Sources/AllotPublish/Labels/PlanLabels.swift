import AllotCore
import Foundation

/// Names of materials and regions as people read them in one language
/// (`OutputLanguage`): the report and the exports show these; machine files
/// keep codes.
///
/// - Chinese: the catalog's name (`一次性使用医用口罩`) and the region
///   table's (`聊城市`).
/// - English: SPEC 3's materials by their English names (`Disposable medical
///   mask`); a material from `reference/materials.csv` by its first alias
///   written in Latin letters, else its code. Regions in Hanyu Pinyin with
///   the English word for the unit (`Liaocheng City`, `Shen County`,
///   `Dongchangfu District`), made by ICU's Mandarin-to-Latin transform
///   (`RegionEnglishName`).
/// - Anything the tables do not hold is named by its code.
public struct PlanLabels: @unchecked Sendable {
    public let language: OutputLanguage
    private let catalog: MaterialCatalog
    private let regions: RegionTable
    private let cache = NameCache()

    public init(language: OutputLanguage, catalog: MaterialCatalog, regions: RegionTable) {
        self.language = language
        self.catalog = catalog
        self.regions = regions
    }

    /// The material's name in the language.
    public func material(_ code: MaterialCode) -> String {
        guard let material = catalog[code] else { return code.rawValue }
        switch language {
        case .zh: return material.name
        case .en:
            if let name = PlanLabels.englishMaterialNames[code.rawValue] { return name }
            if let alias = material.aliases.first(where: { !$0.isEmpty && $0.unicodeScalars.allSatisfy(\.isASCII) }) {
                return alias.prefix(1).uppercased() + alias.dropFirst()
            }
            return code.rawValue
        }
    }

    /// The region's name in the language.
    public func region(_ code: RegionCode) -> String {
        guard let region = regions[code] else { return code.description }
        switch language {
        case .zh: return region.name
        case .en: return cache.name(for: region.name) { RegionEnglishName.name(for: $0) }
        }
    }

    /// A region as an address is written: `聊城市茌平区`, `Chiping District, Liaocheng City`.
    public func address(_ code: RegionCode) -> String {
        regions.displayName(code, style: language == .zh ? .joined : .unitFirst) { region($0.code) }
    }

    /// The region's level (`province`, `prefecture`, `county`), `nil` when the table does not hold it.
    public func level(_ code: RegionCode) -> Region.Level? { regions[code]?.level }

    /// A canonical unit's name: `kg` → `千克` / `kg`, `piece` → `件` / `piece`.
    public func unit(_ code: String) -> String {
        guard language == .zh else { return code }
        switch code {
        case CanonicalUnit.kilogram.rawValue: return "千克"
        case CanonicalUnit.piece.rawValue: return "件"
        default: return code
        }
    }

    /// The mass of one canonical unit of the material; 0 when the catalog does not hold it.
    public func kilogramsPerUnit(_ material: MaterialCode) -> ExactDecimal {
        catalog[material]?.kilogramsPerUnit ?? ExactDecimal(significand: 0)
    }

    /// The material's canonical unit code, empty when the catalog does not hold it.
    public func unitCode(_ material: MaterialCode) -> String { catalog[material]?.canonicalUnit.rawValue ?? "" }

    /// Why a request was not fully served, as a coordinator says it.
    public func reason(_ reason: UnmetReason) -> String {
        switch (reason, language) {
        case (.noOfferInReach, .zh): return "范围内无供给"
        case (.deadlineUnreachable, .zh): return "无法按期送达"
        case (.capped, .zh): return "已达限额"
        case (.capacityExhausted, .zh): return "供给不足"
        case (.noOfferInReach, .en): return "No offer in reach"
        case (.deadlineUnreachable, .en): return "Deadline unreachable"
        case (.capped, .en): return "Cap reached"
        case (.capacityExhausted, .en): return "Supply exhausted"
        }
    }

    /// `是` / `否`, `yes` / `no`.
    public func yesNo(_ value: Bool) -> String {
        switch language {
        case .zh: return value ? "是" : "否"
        case .en: return value ? "yes" : "no"
        }
    }

    /// The built-in catalog's materials in English (SPEC 3's aliases and the glossary of Architecture.md).
    static let englishMaterialNames: [String: String] = [
        "MELTBLOWN": "Meltblown fabric",
        "DISINFECTANT": "Disinfectant",
        "ALCOHOL": "75% alcohol",
        "MASK-MEDICAL": "Disposable medical mask",
        "MASK-SURGICAL": "Surgical mask",
        "MASK-N95": "N95 mask",
        "SUIT": "Protective suit",
        "THERMOMETER": "Infrared thermometer",
    ]
}

/// Region names already transliterated: ICU's transform is slow next to a
/// dictionary look-up, and a national plan names each region many times.
private final class NameCache: @unchecked Sendable {
    private var names: [String: String] = [:]
    private let lock = NSLock()

    func name(for key: String, _ make: (String) -> String) -> String {
        lock.lock()
        defer { lock.unlock() }
        if let known = names[key] { return known }
        let made = make(key)
        names[key] = made
        return made
    }
}
