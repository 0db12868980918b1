/// A coordinator's decision for tonight's plan (`overrides.csv`, SPEC 7).
public struct Override: Hashable, Sendable {
    public enum Action: String, Hashable, Sendable, CaseIterable {
        case pin, forbid, exclude, cap
    }

    /// A record named as `source:id`.
    public struct Reference: Hashable, Sendable, CustomStringConvertible {
        public var source: String
        public var id: String
        public init(source: String, id: String) {
            self.source = source
            self.id = id
        }
        /// Splits at the first colon; `nil` when either side is empty.
        public init?(text: String) {
            guard let colon = text.firstIndex(of: ":") else { return nil }
            let source = String(text[..<colon]), id = String(text[text.index(after: colon)...])
            guard !source.isEmpty, !id.isEmpty else { return nil }
            self.init(source: source, id: id)
        }
        public var description: String { "\(source):\(id)" }
    }

    public var action: Action
    /// The offer and the request it names, resolved from their `source:id` when it was read.
    public var offer: RecordKey?
    public var request: RecordKey?
    public var enterpriseID: CreditCode?
    public var material: MaterialCode?
    public var quantity: Quantity?
    public var note: String
    /// Line in `overrides.csv`: pins apply in file order.
    public var line: Int
    /// The row as written, for a reject if it cannot hold.
    public var raw: String

    public init(action: Action, offer: RecordKey? = nil, request: RecordKey? = nil, enterpriseID: CreditCode? = nil,
                material: MaterialCode? = nil, quantity: Quantity? = nil, note: String = "", line: Int, raw: String = "") {
        self.action = action
        self.offer = offer
        self.request = request
        self.enterpriseID = enterpriseID
        self.material = material
        self.quantity = quantity
        self.note = note
        self.line = line
        self.raw = raw
    }
}

// MARK: - Names of columns and actions

extension Override {
    /// The columns of `overrides.csv` in SPEC 7's order, with the Chinese
    /// header a coordinator may write instead: the one table of these names,
    /// read by `OverridesFile` and shown by `report.html`.
    public enum Column: String, CaseIterable, Sendable {
        case action
        case offerID = "offer_id"
        case requestID = "request_id"
        case enterpriseID = "enterprise_id"
        case material, quantity, note

        /// The column's Chinese name (操作, 供给编号, 需求编号, 企业信用代码, 物资, 数量, 备注).
        public var chineseName: String {
            switch self {
            case .action: return "操作"
            case .offerID: return "供给编号"
            case .requestID: return "需求编号"
            case .enterpriseID: return "企业信用代码"
            case .material: return "物资"
            case .quantity: return "数量"
            case .note: return "备注"
            }
        }
    }
}

extension Override.Action {
    /// The action's Chinese name (锁定, 禁止, 排除, 上限).
    public var chineseName: String {
        switch self {
        case .pin: return "锁定"
        case .forbid: return "禁止"
        case .exclude: return "排除"
        case .cap: return "上限"
        }
    }

    /// The action written as SPEC 7 names it (any case) or by its Chinese name.
    public init?(name: String) {
        let text = name.lowercased()
        guard let action = Self(rawValue: text) ?? Self.allCases.first(where: { $0.chineseName == text }) else { return nil }
        self = action
    }

    /// Every accepted name, for a message: `pin, forbid, exclude or cap (锁定, 禁止, 排除, 上限)`.
    public static var namesForMessage: String {
        "pin, forbid, exclude or cap (" + allCases.map(\.chineseName).joined(separator: ", ") + ")"
    }
}

// MARK: - Record names

extension RecordKey {
    /// The records `names` name as `source:id`, by name: the first record in
    /// `records` whose key reads as the name. A name is split nowhere, so a
    /// source holding a colon (`county:莘县:R1`) still finds its record.
    ///
    /// Only a record whose id ends some name after a colon can match, so a
    /// night of a million records builds the text of few keys.
    /// - Complexity: O(n) in `records`, plus O(length) per name.
    public static func named<C: Collection>(_ names: Set<String>, in records: C, key: (C.Element) -> RecordKey)
        -> [String: C.Index] {
        var tails = Set<Substring>()
        for name in names {
            for colon in name.indices where name[colon] == ":" { tails.insert(name[name.index(after: colon)...]) }
        }
        var found = [String: C.Index]()
        guard !tails.isEmpty else { return found }
        for index in records.indices {
            let recordKey = key(records[index])
            guard tails.contains(Substring(recordKey.id)) else { continue }
            let name = recordKey.description
            if names.contains(name) && found[name] == nil { found[name] = index }
        }
        return found
    }
}
