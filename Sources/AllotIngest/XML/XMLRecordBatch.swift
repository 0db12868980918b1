import AllotCore

/// Records read from a feed and not yet normalized, kept as bytes: each
/// record's field values and its element rebuilt as XML (for a reject's
/// `raw`). The parsing thread fills a batch without making a `String`; the
/// normalizing thread makes `String`s of what it reads.
struct XMLRecordBatch: Sendable {
    struct Entry: Sendable {
        var kind: RecordKind
        /// The line of the record's start tag.
        var line: Int
        /// The record's element as XML, in `raw`.
        var raw: Range<Int>
        /// Where the record's value ranges start in `slots`.
        var slotBase: Int
        /// The record's first value in column order past its limit, which was not kept: the record is rejected.
        var tooLarge: TooLarge?
        /// The line of a second `<for>` in the offer (SPEC 12 allows one): the record is rejected.
        var repeatedEarmarkLine: Int?
    }

    /// A value larger than `[limits] field_bytes` or `attribute_bytes`.
    struct TooLarge: Sendable {
        var field: FeedField
        /// Its size in bytes.
        var bytes: Int
        /// The limit's key in `[limits]`, and the limit.
        var key: String
        var limit: Int

        var message: String {
            "\(field.name) is \(bytes) bytes long, longer than the limit of \(limit) bytes ([limits] \(key)): the record is not read"
        }
    }

    /// Slots a record takes in `slots`: a start and an end offset for every `FeedField`.
    static let slotsPerRecord = 2 * FeedField.allCases.count

    /// The feed's source, which the records' keys take.
    var source: String
    var entries: [Entry] = []
    /// For each record and `FeedField` (by raw value), the start and end of
    /// the field's value in `values`; -1 when the record does not give it.
    var slots: [Int] = []
    var values: [UInt8] = []
    var raw: [UInt8] = []

    init(source: String) {
        self.source = source
    }

    /// The value of `field` in the record whose slots start at `slotBase`, `nil` when absent.
    func value(_ field: FeedField, slotBase: Int) -> String? {
        let start = slots[slotBase + 2 * field.rawValue]
        guard start >= 0 else { return nil }
        return String(decoding: values[start..<slots[slotBase + 2 * field.rawValue + 1]], as: UTF8.self)
    }
}
