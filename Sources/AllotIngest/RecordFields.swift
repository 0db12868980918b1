import AllotCore

/// The text of one record's fields as a reader found them, before any value is
/// interpreted. Readers fill one, hand it to `RecordNormalizer`, and reuse it
/// for the next record.
public struct RecordFields: Sendable {
    private var values: [String?]
    /// The fields in the order the file gave them; the first bad one in this
    /// order is the one a reject names (SPEC 2).
    public var order: [FeedField]

    public init(order: [FeedField] = FeedField.allCases) {
        self.values = Array(repeating: nil, count: FeedField.allCases.count)
        self.order = order
    }

    public subscript(field: FeedField) -> String? {
        get { values[field.rawValue] }
        set { values[field.rawValue] = newValue }
    }

    /// Forgets every value, keeping `order`.
    public mutating func removeAllValues() {
        for i in values.indices { values[i] = nil }
    }
}

/// A text encoding a feed was read in (SPEC 2), recorded per input file.
public enum TextEncoding: String, Hashable, Sendable {
    case utf8 = "UTF-8"
    case gb18030 = "GB18030"
    /// XML feeds only: libxml2 reads them by their byte-order mark or declaration (SPEC 2).
    case utf16 = "UTF-16"
    case utf32 = "UTF-32"
    /// An Excel workbook (`.xlsx`): zipped XML parts, whose text is Unicode whatever they declare.
    case xlsx = "xlsx"
}

/// What reading one feed file gave: records in file order with where each
/// started, the rejects, and how many records the file held.
public struct FeedFileResult: Sendable {
    /// Path relative to the inputs folder.
    public var path: String
    public var encoding: TextEncoding?
    /// The feed's source: the XML `source` attribute or the CSV file name without extension.
    public var source: String
    /// The XML feed's `generated` timestamp, which records without `updated` take (SPEC 4.5).
    public var generated: Instant?
    public var records: [(record: FeedRecord, origin: RecordOrigin)]
    public var rejects: [Reject]
    /// Records the file held: `records.count` plus the records among `rejects`.
    /// A file rejected whole counts 0.
    public var recordCount: Int
    /// Things the run survives that are not rejects (unknown XML elements...).
    public var warnings: [String]
    /// Occurrences beyond those `warnings` lists: a reader may say "(N times)" in one message.
    public var repeatedWarnings = 0

    /// Every warning occurrence, for the manifest's warning count.
    public var warningCount: Int { warnings.count + repeatedWarnings }

    public init(path: String, source: String, encoding: TextEncoding? = nil) {
        self.path = path
        self.source = source
        self.encoding = encoding
        self.records = []
        self.rejects = []
        self.recordCount = 0
        self.warnings = []
    }
}
