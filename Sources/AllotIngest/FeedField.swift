import AllotCore

/// Every field an offer or a request can carry, by its canonical CSV name (SPEC 4.1, 4.2).
public enum FeedField: Int, CaseIterable, Hashable, Sendable {
    case offerID, supplierID, supplierName
    case requestID, enterpriseID, enterpriseName
    case region, material, quantity, workers, unit, kind
    case availableFrom, availableUntil, neededBy, category
    case updatedAt, status
    /// Earmarks (SPEC 12), offers only.
    case forEnterprise, forCategories, forRegions
    /// A conversion offer's input (SPEC 14), offers only.
    case inputMaterial, inputPerUnit, inputStock

    /// The canonical CSV header name, also used in rejects' `field` column.
    public var name: String {
        switch self {
        case .offerID: return "offer_id"
        case .supplierID: return "supplier_id"
        case .supplierName: return "supplier_name"
        case .requestID: return "request_id"
        case .enterpriseID: return "enterprise_id"
        case .enterpriseName: return "enterprise_name"
        case .region: return "region"
        case .material: return "material"
        case .quantity: return "quantity"
        case .workers: return "workers"
        case .unit: return "unit"
        case .kind: return "kind"
        case .availableFrom: return "available_from"
        case .availableUntil: return "available_until"
        case .neededBy: return "needed_by"
        case .category: return "category"
        case .updatedAt: return "updated_at"
        case .status: return "status"
        case .forEnterprise: return "for_enterprise"
        case .forCategories: return "for_categories"
        case .forRegions: return "for_regions"
        case .inputMaterial: return "input_material"
        case .inputPerUnit: return "input_per_unit"
        case .inputStock: return "input_stock"
        }
    }

    /// The Chinese header name a county spreadsheet may use instead.
    public var chineseName: String {
        switch self {
        case .offerID: return "供给编号"
        case .supplierID: return "供应方信用代码"
        case .supplierName: return "供应方名称"
        case .requestID: return "需求编号"
        case .enterpriseID: return "企业信用代码"
        case .enterpriseName: return "企业名称"
        case .region: return "所在地区"
        case .material: return "物资"
        case .quantity: return "数量"
        case .workers: return "返岗人数"
        case .unit: return "单位"
        case .kind: return "类型"
        case .availableFrom: return "可供日期"
        case .availableUntil: return "截止日期"
        case .neededBy: return "需求日期"
        case .category: return "企业类别"
        case .updatedAt: return "更新时间"
        case .status: return "状态"
        case .forEnterprise: return "定向企业"
        case .forCategories: return "定向类别"
        case .forRegions: return "定向地区"
        case .inputMaterial: return "原料"
        case .inputPerUnit: return "单耗"
        case .inputStock: return "原料库存"
        }
    }

    /// The fields of each kind of record, in SPEC's column order.
    public static func fields(of kind: RecordKind) -> [FeedField] {
        switch kind {
        case .offer:
            return [.offerID, .supplierID, .supplierName, .region, .material, .quantity, .unit, .kind,
                    .availableFrom, .availableUntil, .updatedAt, .status, .forEnterprise, .forCategories, .forRegions,
                    .inputMaterial, .inputPerUnit, .inputStock]
        case .request:
            return [.requestID, .enterpriseID, .enterpriseName, .region, .material, .quantity, .workers, .unit,
                    .neededBy, .category, .updatedAt, .status]
        }
    }

    /// The field that holds a record's id.
    public static func idField(of kind: RecordKind) -> FeedField { kind == .offer ? .offerID : .requestID }

    /// Matches a CSV header cell: trimmed, case-insensitive, canonical or Chinese name.
    public init?(header: String) {
        let key = header.trimmingSpaces().lowercased()
        guard let field = FeedField.byHeader[key] else { return nil }
        self = field
    }

    private static let byHeader: [String: FeedField] = {
        var map = [String: FeedField]()
        for f in FeedField.allCases {
            map[f.name] = f
            map[f.chineseName] = f
        }
        return map
    }()
}

extension String {
    /// Without leading and trailing ASCII and Unicode white space (including U+3000, the ideographic space).
    /// - Complexity: O(1) and no copy when neither end is white space (the common case, decided from the
    ///   UTF-8 lead bytes), else O(n).
    func trimmingSpaces() -> String {
        UTF8LeadByte.endsCannotBeSpaces(utf8) ? self : self[...].trimmedSlowly()
    }
}

extension Substring {
    /// As `String.trimmingSpaces()`.
    func trimmingSpaces() -> String {
        UTF8LeadByte.endsCannotBeSpaces(utf8) ? String(self) : trimmedSlowly()
    }

    fileprivate func trimmedSlowly() -> String {
        guard let start = firstIndex(where: { !$0.isWhitespace }) else { return "" }
        let end = lastIndex(where: { !$0.isWhitespace })!
        return String(self[start...end])
    }
}

/// What a UTF-8 lead byte says about the scalar it starts.
enum UTF8LeadByte {
    /// True when no white-space scalar starts with `b`: printable ASCII, or a
    /// lead byte outside the blocks that hold Unicode spaces (U+0080–U+00BF,
    /// U+1000–U+3FFF).
    /// True when neither the first nor the last scalar of `bytes` can be white space.
    @inline(__always)
    static func endsCannotBeSpaces<C: BidirectionalCollection>(_ bytes: C) -> Bool where C.Element == UInt8 {
        guard let first = bytes.first else { return false }
        var lastLead = bytes.index(before: bytes.endIndex)
        var steps = 0
        while bytes[lastLead] & 0xC0 == 0x80 && lastLead != bytes.startIndex && steps < 3 {
            lastLead = bytes.index(before: lastLead)
            steps += 1
        }
        return cannotStartSpace(first) && cannotStartSpace(bytes[lastLead])
    }

    @inline(__always)
    static func cannotStartSpace(_ b: UInt8) -> Bool {
        (b > 0x20 && b < 0x7F) || (b >= 0xC3 && b < 0xE1) || b >= 0xE4
    }
}
