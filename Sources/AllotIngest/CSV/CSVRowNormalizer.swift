import AllotCore

/// Reads the values of a CSV row straight from its bytes when every value is
/// in a common form, without a `String` per field: credit codes, region
/// codes, quantities, dates and timestamps are parsed from the bytes (see
/// `PlainText`); materials, units, categories, kinds, statuses and region
/// names are looked up by their bytes in memos that `RecordNormalizer`
/// fills, once per distinct text. Only the texts a record keeps (its id and
/// the name) become strings.
///
/// It never decides against a row: anything unusual, and every value that
/// would be rejected, makes `read` return `nil`, and the caller hands the row
/// to `RecordNormalizer`, which reads it, or names its first bad field, as
/// it always did. So a record read here is the one `RecordNormalizer`
/// would have made.
///
/// The texts a record keeps (its id and name) are read here only when no
/// byte of theirs can start a control character; the values read into codes,
/// numbers and dates cannot hold one (their readers take no such text).
///
/// Not thread-safe: one per thread, like its `RecordNormalizer`.
final class CSVRowNormalizer {
    /// What a field's text reads as: nothing (empty or blank), a value, or a problem.
    enum Reading<Value> {
        case absent
        case value(Value)
        case invalid
    }

    private let kind: RecordKind
    private let source: String
    private let normalizer: RecordNormalizer
    private let materials: [Material]
    /// The code of each material of `materials` (copying a `Material` retains its arrays).
    private let materialCodes: [MaterialCode]
    /// The column of each field (by `FeedField.rawValue`), -1 when the file lacks it.
    private let columns: [Int]
    /// Bit `code` set for every region code of the table.
    private let regionCodes: [UInt64]
    /// The memos, lent to `read` for each row (one exclusive access per row).
    private var memos: Memos

    /// What the byte readers remember, by column.
    private struct Memos {
        var material = CSVByteMemo<Reading<Int>>()
        /// Per material (its index in `materials`): unit texts and their factors.
        var units: [CSVByteMemo<Reading<ExactDecimal>>]
        var category = CSVByteMemo<Reading<Category>>()
        var kind = CSVByteMemo<Reading<OfferKind>>()
        var status = CSVByteMemo<Reading<RecordStatus>>()
        /// Date texts (needed_by, available_from, available_until): a night's
        /// feeds name a few hundred distinct days and forms.
        var date = CSVByteMemo<Reading<CalendarDate>>(slots: 1024)
        /// Region texts other than six digits (names, codes with spaces).
        var region = CSVByteMemo<Reading<RegionCode>>(slots: 8192)
    }

    init(layout: CSVFeedLayout, normalizer: RecordNormalizer, source: String) {
        self.kind = layout.kind
        self.source = source
        self.normalizer = normalizer
        self.materials = normalizer.reference.catalog.materials
        self.materialCodes = materials.map(\.code)
        var columns = [Int](repeating: -1, count: FeedField.allCases.count)
        for (i, field) in layout.columns.enumerated() {
            if let field { columns[field.rawValue] = i }
        }
        self.columns = columns
        var bits = [UInt64](repeating: 0, count: 1_000_000 / 64 + 1)
        for region in normalizer.reference.regions.regions where (0..<1_000_000).contains(region.code.value) {
            let v = Int(region.code.value)
            bits[v >> 6] |= 1 << UInt64(v & 63)
        }
        self.regionCodes = bits
        self.memos = Memos(units: materials.map { _ in CSVByteMemo(slots: 64) })
    }

    /// The record of the tokenizer's current row, when every value is in a
    /// common form and valid; `nil` otherwise (`RecordNormalizer` decides).
    /// `names` shares the strings of repeated names.
    /// - Complexity: O(row length).
    func read(_ row: CSVRowTokenizer, names: CSVStringCache?) -> FeedRecord? {
        let one = CSVRecordBuffer(capacity: 1)
        guard read(row, names: names, origin: RecordOrigin(file: "", line: 0), into: one) else { return nil }
        return one.removeLast().record
    }

    /// `read(_:names:)` straight into `records`, with `origin`: appends the
    /// record and returns `true`, or appends nothing and returns `false`.
    /// `nameHash` is the name's `CSVStringCache.lookupHash` when the caller
    /// took it, 0 otherwise.
    ///
    /// The record is built where it is kept: returned as an optional, it was
    /// copied three times on its way into the chunk's buffer (137 bytes each).
    /// - Complexity: O(row length).
    func read(_ row: CSVRowTokenizer, names: CSVStringCache?, nameHash: UInt64 = 0, origin: RecordOrigin,
              into records: CSVRecordBuffer) -> Bool {
        read(row, names: names, nameHash: nameHash, origin: origin, into: records, memos: &memos)
    }

    /// `read(_:names:nameHash:origin:into:)` with the memos lent for the row:
    /// the probes then work on them without a check of exclusive access each.
    private func read(_ row: CSVRowTokenizer, names: CSVStringCache?, nameHash: UInt64, origin: RecordOrigin,
                      into records: CSVRecordBuffer, memos: inout Memos) -> Bool {
        var withdrawn = false
        switch reading(row, .status, &memos.status, Self.status) {
        case .absent: break
        case .value(let s): withdrawn = s == .withdrawn
        case .invalid: return false
        }
        let idBytes = bytes(row, FeedField.idField(of: kind))
        guard !idBytes.isEmpty, UTF8LeadByte.endsCannotBeSpaces(idBytes),
              !PlainText.mayHoldControlCharacter(idBytes) else { return false }
        let key = RecordKey(source: source, kind: kind, id: idBytes.string)
        var updatedAt: Instant?
        let updatedAtBytes = bytes(row, .updatedAt)
        if !updatedAtBytes.isEmpty {
            guard let instant = instant(updatedAtBytes, &memos.date) else { return false }
            updatedAt = instant
        }
        if withdrawn {
            records.append((.withdrawal(Withdrawal(key: key, updatedAt: updatedAt)), origin))
            return true
        }
        guard case .value(let m) = reading(row, .material, &memos.material, materialIndex) else { return false }
        let material = materialCodes[m]
        let partyField: FeedField = kind == .offer ? .supplierID : .enterpriseID
        guard let party = bytes(row, partyField).withSpan({ CreditCode.validated(utf8: $0) }) else { return false }
        guard let name = name(row, kind == .offer ? .supplierName : .enterpriseName, names, nameHash),
              let region = region(row, &memos.region), let quantity = quantity(row, material: m, &memos.units) else { return false }
        switch kind {
        case .offer:
            var offerKind = OfferKind.stock
            switch reading(row, .kind, &memos.kind, { OfferKind(text: $0) }) {
            case .absent: break
            case .value(let k): offerKind = k
            case .invalid: return false
            }
            guard let from = optionalDate(row, .availableFrom, &memos.date),
                  let until = optionalDate(row, .availableUntil, &memos.date) else { return false }
            // Earmarks (SPEC 12) are rare: an offer that has one is `RecordNormalizer`'s to read.
            guard bytes(row, .forEnterprise).isEmpty, bytes(row, .forCategories).isEmpty,
                  bytes(row, .forRegions).isEmpty else { return false }
            // So are conversion offers (SPEC 14), and any row that gives an input.
            guard offerKind != .conversion, bytes(row, .inputMaterial).isEmpty, bytes(row, .inputPerUnit).isEmpty,
                  bytes(row, .inputStock).isEmpty else { return false }
            records.append((.offer(Offer(key: key, supplierID: party, supplierName: name, region: region,
                                         material: material, quantity: quantity, kind: offerKind,
                                         availableFrom: from, availableUntil: until, updatedAt: updatedAt)),
                            origin))
            return true
        case .request:
            // Workers count only without a quantity, yet must be valid: left to RecordNormalizer.
            guard bytes(row, .workers).isEmpty,
                  case .value(let category) = reading(row, .category, &memos.category, { Category(text: $0) }),
                  let neededBy = optionalDate(row, .neededBy, &memos.date) else { return false }
            records.append((.request(Request(key: key, enterpriseID: party, enterpriseName: name, region: region,
                                             material: material, quantity: quantity, neededBy: neededBy,
                                             category: category, updatedAt: updatedAt)),
                            origin))
            return true
        }
    }

    // MARK: - Fields

    /// The field's bytes, unescaped; empty when the file lacks the column.
    /// Valid until the next field is asked for.
    @inline(__always)
    private func bytes(_ row: CSVRowTokenizer, _ field: FeedField) -> CSVBytes {
        let c = columns[field.rawValue]
        return c < 0 ? .empty : row.fieldBytes(c)
    }

    /// A field whose texts repeat, read through its memo; `read` gets the trimmed, non-empty text.
    @inline(__always)
    private func reading<V>(_ row: CSVRowTokenizer, _ field: FeedField, _ memo: inout CSVByteMemo<Reading<V>>,
                            _ read: (String) -> V?) -> Reading<V> {
        let b = bytes(row, field)
        if b.isEmpty { return .absent }
        return memo.value(b) { raw in
            let text = raw.string.trimmingSpaces()
            if text.isEmpty { return .absent }
            return read(text).map { .value($0) } ?? .invalid
        }
    }

    /// An optional date in plain text, through `dateMemo`: `.some(nil)` when
    /// empty, `nil` when it is not plain or does not read (`RecordNormalizer` decides).
    @inline(__always)
    private func optionalDate(_ row: CSVRowTokenizer, _ field: FeedField,
                              _ dateMemo: inout CSVByteMemo<Reading<CalendarDate>>) -> CalendarDate?? {
        let b = bytes(row, field)
        if b.isEmpty { return .some(nil) }
        let reading = dateMemo.value(b) { raw -> Reading<CalendarDate> in
            DateText.datePlain(raw).map { .value($0) } ?? .invalid
        }
        guard case .value(let date) = reading else { return nil }
        return .some(date)
    }

    /// `DateText.instantPlain`, with the first ten bytes (`2020-02-09`, as
    /// timestamps are mostly written) read through `dateMemo` when they are a
    /// date: the night's timestamps fall on a few days. Scanning the date took
    /// two thirds of reading a timestamp.
    @inline(__always)
    private func instant(_ b: CSVBytes, _ dateMemo: inout CSVByteMemo<Reading<CalendarDate>>) -> Instant? {
        let dateLength = 10
        guard b.count >= dateLength, PlainText.isPlain(b) else { return DateText.instantPlain(b) }
        let reading = dateMemo.value(b.extracting(0..<dateLength)) { raw -> Reading<CalendarDate> in
            DateText.datePlain(raw).map { .value($0) } ?? .invalid
        }
        guard case .value(let date) = reading else { return DateText.instantPlain(b) }
        return DateText.instantPlain(b, date: date, dateLength: dateLength)
    }

    private static func status(_ text: String) -> RecordStatus? { RecordStatus(text: text) }

    private func materialIndex(_ text: String) -> Int? {
        guard let m = normalizer.resolveMaterial(text) else { return nil }
        return materials.firstIndex { $0.code == m.code }
    }

    /// A name kept as written, when present, not padded with spaces and free
    /// of control characters.
    @inline(__always)
    private func name(_ row: CSVRowTokenizer, _ field: FeedField, _ names: CSVStringCache?,
                      _ hash: UInt64) -> String? {
        let b = bytes(row, field)
        guard !b.isEmpty, UTF8LeadByte.endsCannotBeSpaces(b), !PlainText.mayHoldControlCharacter(b) else { return nil }
        return names?.string(b, lookupHash: hash) ?? b.string
    }

    /// Six digits of a code in the table, or a text `RecordNormalizer` resolved before.
    @inline(__always)
    private func region(_ row: CSVRowTokenizer, _ regionMemo: inout CSVByteMemo<Reading<RegionCode>>) -> RegionCode? {
        let b = bytes(row, .region)
        if b.count == 6 {
            var v = 0
            for byte in b {
                guard byte >= 48 && byte <= 57 else { v = -1; break }
                v = v * 10 + Int(byte - 48)
            }
            if v >= 0 {
                return regionCodes[v >> 6] & (1 << UInt64(v & 63)) != 0 ? RegionCode(Int32(v)) : nil
            }
        }
        guard !b.isEmpty else { return nil }
        let reading = regionMemo.value(b) { raw -> Reading<RegionCode> in
            let text = raw.string.trimmingSpaces()
            if text.isEmpty { return .absent }
            return (try? normalizer.region(text)).map { .value($0) } ?? .invalid
        }
        guard case .value(let code) = reading else { return nil }
        return code
    }

    /// The quantity in canonical units, from the quantity and its unit, inline or in the unit column.
    @inline(__always)
    private func quantity(_ row: CSVRowTokenizer, material m: Int,
                          _ unitMemos: inout [CSVByteMemo<Reading<ExactDecimal>>]) -> Quantity? {
        let b = bytes(row, .quantity)
        guard let parsed = QuantityText.parsePlain(b) else { return nil }
        var inline: ExactDecimal?
        if !parsed.unit.isEmpty {
            guard case .value(let f) = unitFactor(b.extracting(parsed.unit), material: m, &unitMemos) else {
                return nil
            }
            inline = f
        }
        var factor = inline ?? .one
        let unitBytes = bytes(row, .unit)
        if !unitBytes.isEmpty {
            switch unitFactor(unitBytes, material: m, &unitMemos) {
            case .absent: break
            case .value(let f):
                // Disagreeing units are a reject (or, in some column orders, not): RecordNormalizer decides.
                if let inline, inline != f { return nil }
                factor = f
            case .invalid: return nil
            }
        }
        guard case .success(let quantity) = Quantity.reading(parsed.amount, unitFactor: factor) else { return nil }
        return quantity
    }

    @inline(__always)
    private func unitFactor(_ b: CSVBytes, material m: Int,
                            _ unitMemos: inout [CSVByteMemo<Reading<ExactDecimal>>]) -> Reading<ExactDecimal> {
        unitMemos[m].value(b) { raw in
            let text = raw.string.trimmingSpaces()
            if text.isEmpty { return .absent }
            return normalizer.unitFactor(text, for: materials[m]).map { .value($0) } ?? .invalid
        }
    }
}
