import AllotXML
import AllotCore

/// The elements of SPEC 4.4's feed format, and the fields their text and
/// attributes fill. Names are normative; they are matched as bytes, so no
/// `String` is made for a name that is known.
enum XMLFeedElement: Int {
    case feed, offer, request, supplier, enterprise, region, material, quantity, workers
    case availableFrom, availableUntil, neededBy
    /// `<for>`: an offer's earmarks (SPEC 12), in attributes.
    case earmark
    /// `<input>`: a conversion offer's input (SPEC 14), in attributes.
    case input

    /// The feed namespace. Elements in it, or in no namespace, are the format's.
    static let namespace: StaticString = "urn:allot:feed:1"

    /// The element named `localName`, or `nil` when the format has none.
    /// - Complexity: one comparison of at most 15 bytes, after a switch on the length.
    init?(localName n: XMLSAXParser.Bytes) {
        let element: XMLFeedElement?
        switch n.count {
        case 3: element = n.matches("for") ? .earmark : nil
        case 4: element = n.matches("feed") ? .feed : nil
        case 5: element = n.matches("offer") ? .offer : n.matches("input") ? .input : nil
        case 6: element = n.matches("region") ? .region : nil
        case 7: element = n.matches("request") ? .request : n.matches("workers") ? .workers : nil
        case 8: element = n.matches("material") ? .material : n.matches("quantity") ? .quantity
                : n.matches("supplier") ? .supplier : nil
        case 9: element = n.matches("needed-by") ? .neededBy : nil
        case 10: element = n.matches("enterprise") ? .enterprise : nil
        case 14: element = n.matches("available-from") ? .availableFrom : nil
        case 15: element = n.matches("available-until") ? .availableUntil : nil
        default: element = nil
        }
        guard let element else { return nil }
        self = element
    }

    /// The element's name as written in a feed.
    var name: String {
        switch self {
        case .feed: return "feed"
        case .offer: return "offer"
        case .request: return "request"
        case .supplier: return "supplier"
        case .enterprise: return "enterprise"
        case .region: return "region"
        case .material: return "material"
        case .quantity: return "quantity"
        case .workers: return "workers"
        case .availableFrom: return "available-from"
        case .availableUntil: return "available-until"
        case .neededBy: return "needed-by"
        case .earmark: return "for"
        case .input: return "input"
        }
    }

    /// The field the element's trimmed text fills; `nil` for elements that carry only attributes.
    var textField: FeedField? {
        switch self {
        case .region: return .region
        case .material: return .material
        case .quantity: return .quantity
        case .workers: return .workers
        case .availableFrom: return .availableFrom
        case .availableUntil: return .availableUntil
        case .neededBy: return .neededBy
        case .feed, .offer, .request, .supplier, .enterprise, .earmark, .input: return nil
        }
    }

    /// Whether the element may stand directly in a record of `kind`.
    func belongs(in kind: RecordKind) -> Bool {
        switch self {
        case .region, .material, .quantity: return true
        case .supplier, .availableFrom, .availableUntil, .earmark, .input: return kind == .offer
        case .enterprise, .workers, .neededBy: return kind == .request
        case .feed, .offer, .request: return false
        }
    }

    /// The field the attribute `name` of this element fills in a record of `kind`; `nil` when unknown.
    func field(forAttribute n: XMLSAXParser.Bytes, in kind: RecordKind) -> FeedField? {
        switch self {
        case .offer, .request:
            if n.matches("id") { return FeedField.idField(of: kind) }
            if n.matches("status") { return .status }
            if n.matches("updated") { return .updatedAt }
            if self == .offer && n.matches("kind") { return .kind }
            return nil
        case .supplier:
            return n.matches("id") ? .supplierID : n.matches("name") ? .supplierName : nil
        case .enterprise:
            if n.matches("id") { return .enterpriseID }
            if n.matches("name") { return .enterpriseName }
            return n.matches("category") ? .category : nil
        case .quantity:
            return n.matches("unit") ? .unit : nil
        case .earmark:
            if n.matches("enterprise") { return .forEnterprise }
            if n.matches("categories") { return .forCategories }
            return n.matches("regions") ? .forRegions : nil
        case .input:
            if n.matches("material") { return .inputMaterial }
            if n.matches("per-unit") { return .inputPerUnit }
            return n.matches("stock") ? .inputStock : nil
        case .feed, .region, .material, .workers, .availableFrom, .availableUntil, .neededBy:
            return nil
        }
    }
}
