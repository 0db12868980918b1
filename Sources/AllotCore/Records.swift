/// Offer or request: the second part of a record's key.
public enum RecordKind: String, Hashable, Sendable, Comparable {
    case offer, request
    public static func < (lhs: RecordKind, rhs: RecordKind) -> Bool { lhs.rawValue < rhs.rawValue }
}

/// (source, kind, id): what identifies a record across the night's feeds (SPEC 4).
///
/// `kind` is stored last so that the one-byte fields of `Offer` and `Request`
/// fill the key's tail instead of padding after it.
public struct RecordKey: Hashable, Comparable, Sendable, CustomStringConvertible {
    public var source: String
    public var id: String
    public var kind: RecordKind

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
///
/// A night holds a million records, so the stored fields are ordered by size
/// and the optional values are kept as a value and a flag side by side (an
/// `Int64?` takes 9 bytes and pads to 16): 120 bytes instead of 144. The
/// accessors are inlinable, so that readers in other modules pay no call.
public struct Offer: Hashable, Sendable {
    public var key: RecordKey
    public var kind: OfferKind
    @usableFromInline var hasAvailableFrom: Bool
    @usableFromInline var hasAvailableUntil: Bool
    @usableFromInline var hasUpdatedAt: Bool
    public var region: RegionCode
    /// `availableFrom` when its flag is set, else day 0. (Here, and `terms` last, the fields fill 120 bytes.)
    @usableFromInline var availableFromValue: CalendarDate
    public var supplierName: String
    public var material: MaterialCode
    /// For `capacity`, per day.
    public var quantity: Quantity
    /// `updatedAt` when `hasUpdatedAt`, else the epoch.
    @usableFromInline var updatedAtValue: Instant
    public var supplierID: CreditCode
    /// `availableUntil` when its flag is set, else day 0.
    @usableFromInline var availableUntilValue: CalendarDate
    /// Earmarks (SPEC 12); `nil` for an offer open to anyone, as most are.
    public var terms: OfferTerms?

    @inlinable
    public init(key: RecordKey, supplierID: CreditCode, supplierName: String, region: RegionCode,
                material: MaterialCode, quantity: Quantity, kind: OfferKind = .stock,
                availableFrom: CalendarDate? = nil, availableUntil: CalendarDate? = nil, updatedAt: Instant? = nil,
                terms: OfferTerms? = nil) {
        self.key = key
        self.kind = kind
        self.hasAvailableFrom = availableFrom != nil
        self.hasAvailableUntil = availableUntil != nil
        self.hasUpdatedAt = updatedAt != nil
        self.region = region
        self.supplierName = supplierName
        self.material = material
        self.quantity = quantity
        self.updatedAtValue = updatedAt ?? Instant(microsecondsSinceEpoch: 0)
        self.supplierID = supplierID
        self.availableFromValue = availableFrom ?? CalendarDate(dayNumber: 0)
        self.availableUntilValue = availableUntil ?? CalendarDate(dayNumber: 0)
        self.terms = terms
    }

    /// The offer's earmarks (SPEC 12), `nil` when it has none.
    @inlinable
    public var earmark: Earmark? { terms?.earmark }

    /// A conversion offer's input (SPEC 14), `nil` for every other kind.
    @inlinable
    public var conversion: ConversionInput? { terms?.conversion }

    @inlinable
    public var availableFrom: CalendarDate? {
        get { hasAvailableFrom ? availableFromValue : nil }
        set {
            hasAvailableFrom = newValue != nil
            availableFromValue = newValue ?? CalendarDate(dayNumber: 0)
        }
    }

    @inlinable
    public var availableUntil: CalendarDate? {
        get { hasAvailableUntil ? availableUntilValue : nil }
        set {
            hasAvailableUntil = newValue != nil
            availableUntilValue = newValue ?? CalendarDate(dayNumber: 0)
        }
    }

    @inlinable
    public var updatedAt: Instant? {
        get { hasUpdatedAt ? updatedAtValue : nil }
        set {
            hasUpdatedAt = newValue != nil
            updatedAtValue = newValue ?? Instant(microsecondsSinceEpoch: 0)
        }
    }
}

/// A demand request (需求), its values read, completed from the registry and normalized.
///
/// Stored like `Offer` (fields by size, optionals as value and flag): 120
/// bytes instead of 144.
public struct Request: Hashable, Sendable {
    public var key: RecordKey
    public var category: Category
    @usableFromInline var hasWorkers: Bool
    @usableFromInline var hasNeededBy: Bool
    @usableFromInline var hasUpdatedAt: Bool
    public var region: RegionCode
    /// `neededBy` when `hasNeededBy`, else day 0.
    @usableFromInline var neededByValue: CalendarDate
    public var enterpriseName: String
    public var material: MaterialCode
    /// The need: the quantity given, or returning workers × per-worker use × horizon.
    public var quantity: Quantity
    /// `workers` when `hasWorkers`, else 0.
    @usableFromInline var workersValue: Int64
    /// `updatedAt` when `hasUpdatedAt`, else the epoch.
    @usableFromInline var updatedAtValue: Instant
    public var enterpriseID: CreditCode

    @inlinable
    public init(key: RecordKey, enterpriseID: CreditCode, enterpriseName: String, region: RegionCode,
                material: MaterialCode, quantity: Quantity, workers: Int64? = nil, neededBy: CalendarDate? = nil,
                category: Category, updatedAt: Instant? = nil) {
        self.key = key
        self.category = category
        self.hasWorkers = workers != nil
        self.hasNeededBy = neededBy != nil
        self.hasUpdatedAt = updatedAt != nil
        self.region = region
        self.neededByValue = neededBy ?? CalendarDate(dayNumber: 0)
        self.enterpriseName = enterpriseName
        self.material = material
        self.quantity = quantity
        self.workersValue = workers ?? 0
        self.updatedAtValue = updatedAt ?? Instant(microsecondsSinceEpoch: 0)
        self.enterpriseID = enterpriseID
    }

    /// Returning workers: those the request gave, or the registry's when its need was computed from them.
    @inlinable
    public var workers: Int64? {
        get { hasWorkers ? workersValue : nil }
        set {
            hasWorkers = newValue != nil
            workersValue = newValue ?? 0
        }
    }

    @inlinable
    public var neededBy: CalendarDate? {
        get { hasNeededBy ? neededByValue : nil }
        set {
            hasNeededBy = newValue != nil
            neededByValue = newValue ?? CalendarDate(dayNumber: 0)
        }
    }

    @inlinable
    public var updatedAt: Instant? {
        get { hasUpdatedAt ? updatedAtValue : nil }
        set {
            hasUpdatedAt = newValue != nil
            updatedAtValue = newValue ?? Instant(microsecondsSinceEpoch: 0)
        }
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
