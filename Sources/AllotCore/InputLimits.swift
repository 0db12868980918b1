/// How much of any one input file allot will read (`[limits]` in `allot.toml`).
///
/// Each limit turns a file that would cost the night (a 2 GB line, a 300 MB
/// field, nesting a thousand deep) into a reject naming the file, line and
/// field, and keeps memory bounded whatever arrives. The defaults are far
/// above any real feed (a feed row is some 200 bytes) and far below what
/// costs memory or time.
public struct InputLimits: Hashable, Sendable {
    /// The longest CSV row, in bytes (quoted line breaks included), and the
    /// longest start tag of an XML feed (what libxml2 holds before it reads one).
    public var lineBytes = 1 << 20
    /// The largest value: a CSV field, or an XML element's text, in bytes.
    public var fieldBytes = 16 << 10
    /// The deepest element nesting of an XML feed (a feed needs 3).
    public var xmlDepth = 32
    /// The largest XML attribute value, in bytes.
    public var attributeBytes = 16 << 10
    /// The most attributes one XML element may have (libxml2 checks them
    /// for duplicates in time growing with the square of their number).
    public var attributesPerElement = 256
    /// The most records (data rows, or `offer`/`request`/`withdraw` elements) in one feed file.
    public var recordsPerFile = 5_000_000
    /// The most bytes of feeds read in one night, in file name order.
    public var inputBytes = 8 << 30

    public init() {}

    /// The largest value any writer can carry: an Excel cell holds at most
    /// 32,767 characters, and libxml2 refuses text nodes past 10 MB when it
    /// reads back or validates the plan's XML. `fieldBytes` and
    /// `attributeBytes` may not be set above it, so no value that reaches a
    /// plan file is one a writer cannot represent.
    public static let largestRepresentableValue = 32_767

    /// A limit's key in `[limits]`, its allowed range, and where it is kept.
    public struct Key {
        public var name: String
        public var range: ClosedRange<Int>
        public var keyPath: WritableKeyPath<InputLimits, Int>
        /// What the limit counts, for messages (`bytes`, `levels`, `records`).
        public var unit: String
    }

    /// Every key `[limits]` takes.
    public static let keys: [Key] = [
        Key(name: "line_bytes", range: 1_024...(1 << 30), keyPath: \.lineBytes, unit: "bytes"),
        Key(name: "field_bytes", range: 64...largestRepresentableValue, keyPath: \.fieldBytes, unit: "bytes"),
        Key(name: "xml_depth", range: 4...256, keyPath: \.xmlDepth, unit: "levels"),
        Key(name: "attribute_bytes", range: 64...largestRepresentableValue, keyPath: \.attributeBytes, unit: "bytes"),
        Key(name: "attributes_per_element", range: 8...4_096, keyPath: \.attributesPerElement, unit: "attributes"),
        Key(name: "records_per_file", range: 1...100_000_000, keyPath: \.recordsPerFile, unit: "records"),
        Key(name: "input_bytes", range: 1_024...(1 << 50), keyPath: \.inputBytes, unit: "bytes"),
    ]
}
