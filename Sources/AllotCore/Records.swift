/// Offer or request: the second part of a record's key.
public enum RecordKind: String, Hashable, Sendable, Comparable {
    case offer, request
    public static func < (lhs: RecordKind, rhs: RecordKind) -> Bool { lhs.rawValue < rhs.rawValue }
}

/// (source, kind, id): what identifies a record across the night's feeds (SPEC 4).
public struct RecordKey: Hashable, Comparable, Sendable, CustomStringConvertible {
    public var source: String
    public var kind: RecordKind
    public var id: String

    public init(source: String, kind: RecordKind, id: String) {
        self.source = source
        self.kind = kind
        self.id = id
    }

    public static func < (lhs: RecordKey, rhs: RecordKey) -> Bool {
        (lhs.source, lhs.kind, lhs.id) < (rhs.source, rhs.kind, rhs.id)
    }

    /// `source:id`, as overrides and `allot explain` name records.
    public var description: String { "\(source):\(id)" }
}

/// Where a record was read: the feed's path relative to the inputs folder and the line it starts on.
public struct RecordOrigin: Hashable, Sendable {
    public var file: String
    public var line: Int
    public init(file: String, line: Int) {
        self.file = file
        self.line = line
    }
}

/// A supply offer (供给), its values read and normalized.
public struct Offer: Hashable, Sendable {
    public var key: RecordKey
    public var supplierID: CreditCode
    public var supplierName: String
    public var region: RegionCode
    public var material: MaterialCode
    /// For `capacity`, per day.
    public var quantity: Quantity
    public var kind: OfferKind
    public var availableFrom: CalendarDate?
    public var availableUntil: CalendarDate?
    public var updatedAt: Instant?

    public init(key: RecordKey, supplierID: CreditCode, supplierName: String, region: RegionCode,
                material: MaterialCode, quantity: Quantity, kind: OfferKind = .stock,
                availableFrom: CalendarDate? = nil, availableUntil: CalendarDate? = nil, updatedAt: Instant? = nil) {
        self.key = key
        self.supplierID = supplierID
        self.supplierName = supplierName
        self.region = region
        self.material = material
        self.quantity = quantity
        self.kind = kind
        self.availableFrom = availableFrom
        self.availableUntil = availableUntil
        self.updatedAt = updatedAt
    }
}

/// A demand request (需求), its values read, completed from the registry and normalized.
public struct Request: Hashable, Sendable {
    public var key: RecordKey
    public var enterpriseID: CreditCode
    public var enterpriseName: String
    public var region: RegionCode
    public var material: MaterialCode
    /// The need: the quantity given, or returning workers × per-worker use × horizon.
    public var quantity: Quantity
    /// Returning workers when the need was computed from them.
    public var workers: Int64?
    public var neededBy: CalendarDate?
    public var category: Category
    public var updatedAt: Instant?

    public init(key: RecordKey, enterpriseID: CreditCode, enterpriseName: String, region: RegionCode,
                material: MaterialCode, quantity: Quantity, workers: Int64? = nil, neededBy: CalendarDate? = nil,
                category: Category, updatedAt: Instant? = nil) {
        self.key = key
        self.enterpriseID = enterpriseID
        self.enterpriseName = enterpriseName
        self.region = region
        self.material = material
        self.quantity = quantity
        self.workers = workers
        self.neededBy = neededBy
        self.category = category
        self.updatedAt = updatedAt
    }
}

/// A record whose status is `withdrawn`: it takes its key out of the night (SPEC 4.5).
public struct Withdrawal: Hashable, Sendable {
    public var key: RecordKey
    public var updatedAt: Instant?
    public init(key: RecordKey, updatedAt: Instant?) {
        self.key = key
        self.updatedAt = updatedAt
    }
}

/// One record of a feed once read: what SPEC 4.5's update rules compare.
public enum FeedRecord: Hashable, Sendable {
    case offer(Offer)
    case request(Request)
    case withdrawal(Withdrawal)

    public var key: RecordKey {
        switch self {
        case .offer(let o): return o.key
        case .request(let r): return r.key
        case .withdrawal(let w): return w.key
        }
    }

    public var updatedAt: Instant? {
        get {
            switch self {
            case .offer(let o): return o.updatedAt
            case .request(let r): return r.updatedAt
            case .withdrawal(let w): return w.updatedAt
            }
        }
        set {
            switch self {
            case .offer(var o): o.updatedAt = newValue; self = .offer(o)
            case .request(var r): r.updatedAt = newValue; self = .request(r)
            case .withdrawal(var w): w.updatedAt = newValue; self = .withdrawal(w)
            }
        }
    }
}
