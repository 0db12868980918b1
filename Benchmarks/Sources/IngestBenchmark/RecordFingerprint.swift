import AllotCore

/// An order-independent summary of a feed's records: counts, sums of the
/// normalized values and wrapping sums of hashes of the texts kept.
///
/// The generator adds each record it writes with the values it meant; a
/// measurement adds each record the reader returned. The two must be equal,
/// so a reader that gets faster by dropping, misreading or mis-converting
/// anything (an id, a name with a quote, `3.5万`, `100L` of alcohol, a date
/// form, a time zone, a line number) fails the benchmark.
struct RecordFingerprint: Codable, Equatable {
    var requests = 0
    var offers = 0
    var withdrawals = 0
    /// Canonical units (kg or pieces) per material code.
    var quantityByMaterial: [String: Int64] = [:]
    var requestsByCategory: [String: Int] = [:]
    var offersByKind: [String: Int] = [:]
    var workersSum: Int64 = 0
    var regionSum: Int64 = 0
    var neededByCount = 0
    var neededByDaySum: Int64 = 0
    var availableFromDaySum: Int64 = 0
    var availableUntilDaySum: Int64 = 0
    var updatedAtCount = 0
    /// Wrapping sum of microseconds since the epoch, kept to 53 bits so JSON holds it exactly.
    var updatedAtSum: Int64 = 0
    /// Sum of the 1-based lines records start on.
    var lineSum: Int64 = 0
    /// Wrapping sums of FNV-1a hashes (53 bits), of `source kind id` and of `credit code name`.
    var keyHash: Int64 = 0
    var partyHash: Int64 = 0

    init() {}

    // MARK: - Adding records

    mutating func addRequest(source: String, id: String, enterpriseID: String, name: String, region: Int32,
                             material: String, quantity: Int64, workers: Int64?, neededBy: Int32?,
                             category: String, updatedAt: Int64?, line: Int) {
        requests += 1
        addKey(source: source, kind: "request", id: id, updatedAt: updatedAt, line: line)
        addParty(enterpriseID, name, region: region, material: material, quantity: quantity)
        requestsByCategory[category, default: 0] += 1
        workersSum += workers ?? 0
        if let neededBy {
            neededByCount += 1
            neededByDaySum += Int64(neededBy)
        }
    }

    mutating func addOffer(source: String, id: String, supplierID: String, name: String, region: Int32,
                           material: String, quantity: Int64, kind: String, availableFrom: Int32?,
                           availableUntil: Int32?, updatedAt: Int64?, line: Int) {
        offers += 1
        addKey(source: source, kind: "offer", id: id, updatedAt: updatedAt, line: line)
        addParty(supplierID, name, region: region, material: material, quantity: quantity)
        offersByKind[kind, default: 0] += 1
        availableFromDaySum += Int64(availableFrom ?? 0)
        availableUntilDaySum += Int64(availableUntil ?? 0)
    }

    mutating func addWithdrawal(source: String, kind: String, id: String, updatedAt: Int64?, line: Int) {
        withdrawals += 1
        addKey(source: source, kind: kind, id: id, updatedAt: updatedAt, line: line)
    }

    private mutating func addKey(source: String, kind: String, id: String, updatedAt: Int64?, line: Int) {
        keyHash = Self.wrap(keyHash, Self.hash(source, kind, id))
        lineSum += Int64(line)
        if let updatedAt {
            updatedAtCount += 1
            updatedAtSum = Self.wrap(updatedAtSum, updatedAt)
        }
    }

    private mutating func addParty(_ creditCode: String, _ name: String, region: Int32, material: String,
                                   quantity: Int64) {
        partyHash = Self.wrap(partyHash, Self.hash(creditCode, name))
        regionSum += Int64(region)
        quantityByMaterial[material, default: 0] += quantity
    }

    // MARK: - Hashing

    private static let mask: Int64 = (1 << 53) - 1

    private static func wrap(_ sum: Int64, _ value: Int64) -> Int64 { (sum &+ value) & mask }

    /// FNV-1a over the parts' UTF-8, a unit separator between them, cut to 53 bits.
    private static func hash(_ parts: String...) -> Int64 {
        var h: UInt64 = 0xCBF2_9CE4_8422_2325
        for (i, part) in parts.enumerated() {
            if i > 0 { h = (h ^ 0x1F) &* 0x100_0000_01B3 }
            for b in part.utf8 { h = (h ^ UInt64(b)) &* 0x100_0000_01B3 }
        }
        return Int64(h & UInt64(mask))
    }
}

// MARK: - From a reader's result

extension RecordFingerprint {
    /// The fingerprint of the records a reader returned.
    init(records: [(record: FeedRecord, origin: RecordOrigin)]) {
        self.init()
        for (record, origin) in records {
            switch record {
            case .request(let r):
                addRequest(source: r.key.source, id: r.key.id, enterpriseID: r.enterpriseID.description,
                           name: r.enterpriseName, region: r.region.value, material: r.material.rawValue,
                           quantity: r.quantity.units, workers: r.workers, neededBy: r.neededBy?.dayNumber,
                           category: r.category.rawValue, updatedAt: r.updatedAt?.microsecondsSinceEpoch,
                           line: origin.line)
            case .offer(let o):
                addOffer(source: o.key.source, id: o.key.id, supplierID: o.supplierID.description,
                         name: o.supplierName, region: o.region.value, material: o.material.rawValue,
                         quantity: o.quantity.units, kind: o.kind.rawValue,
                         availableFrom: o.availableFrom?.dayNumber, availableUntil: o.availableUntil?.dayNumber,
                         updatedAt: o.updatedAt?.microsecondsSinceEpoch, line: origin.line)
            case .withdrawal(let w):
                addWithdrawal(source: w.key.source, kind: w.key.kind.rawValue, id: w.key.id,
                              updatedAt: w.updatedAt?.microsecondsSinceEpoch, line: origin.line)
            }
        }
    }

    var recordCount: Int { requests + offers + withdrawals }

    /// The names of the parts that differ from `expected`, for the report.
    func differences(from expected: RecordFingerprint) -> [String] {
        var out = [String]()
        func check<T: Equatable>(_ name: String, _ a: T, _ b: T) {
            if a != b { out.append("\(name): got \(a), expected \(b)") }
        }
        func check<V: Equatable>(_ name: String, _ a: [String: V], _ b: [String: V]) {
            for key in Set(a.keys).union(b.keys).sorted() where a[key] != b[key] {
                out.append("\(name) \(key): got \(a[key].map { "\($0)" } ?? "none"), expected \(b[key].map { "\($0)" } ?? "none")")
            }
        }
        check("requests", requests, expected.requests)
        check("offers", offers, expected.offers)
        check("withdrawals", withdrawals, expected.withdrawals)
        check("quantity by material", quantityByMaterial, expected.quantityByMaterial)
        check("requests by category", requestsByCategory, expected.requestsByCategory)
        check("offers by kind", offersByKind, expected.offersByKind)
        check("workers", workersSum, expected.workersSum)
        check("region sum", regionSum, expected.regionSum)
        check("needed_by count", neededByCount, expected.neededByCount)
        check("needed_by day sum", neededByDaySum, expected.neededByDaySum)
        check("available_from day sum", availableFromDaySum, expected.availableFromDaySum)
        check("available_until day sum", availableUntilDaySum, expected.availableUntilDaySum)
        check("updated_at count", updatedAtCount, expected.updatedAtCount)
        check("updated_at sum", updatedAtSum, expected.updatedAtSum)
        check("line sum", lineSum, expected.lineSum)
        check("key hash (source, kind, id)", keyHash, expected.keyHash)
        check("party hash (credit code, name)", partyHash, expected.partyHash)
        return out
    }
}
