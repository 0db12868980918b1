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
    public var offer: Reference?
    public var request: Reference?
    public var enterpriseID: CreditCode?
    public var material: MaterialCode?
    public var quantity: Quantity?
    public var note: String
    /// Line in `overrides.csv`: pins apply in file order.
    public var line: Int
    /// The row as written, for a reject if it cannot hold.
    public var raw: String

    public init(action: Action, offer: Reference? = nil, request: Reference? = nil, enterpriseID: CreditCode? = nil,
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
