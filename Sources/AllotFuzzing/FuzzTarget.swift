import AllotCore
import AllotIngest

/// One kind of hostile input and the readers it goes through: what a fuzz
/// target of the `Fuzz/` package feeds with libFuzzer's bytes, and what the
/// corpus replay test (`FuzzCorpusReplayTests`) feeds with every file of
/// `Fuzz/Corpus/<target>/` and `Fuzz/Regressions/<target>/`.
///
/// Each entry reads the bytes as allot reads that input (through
/// `InputFolder`, from a scratch inputs folder) and checks properties that
/// hold for any input, not only that nothing crashes: records and rejects
/// add up to the file's records, every quantity lies in `1...Quantity.maximum`,
/// a date written back reads back the same.
public enum FuzzTarget: String, CaseIterable, Sendable {
    /// A CSV feed (`feeds/x.csv`, SPEC 4), read whole and again in small chunks.
    case csvFeed = "csv-feed"
    /// An XML feed (`feeds/x.xml`, SPEC 4.4), read in one chunk and in small ones.
    case xmlFeed = "xml-feed"
    /// One value as text (SPEC 2): quantity, date, timestamp, region, credit code.
    case values
    /// `allot.toml` (SPEC 6).
    case policy
    /// `overrides.csv` (SPEC 7), against a small fixed night.
    case overrides
    /// `receipts.csv` (SPEC 15).
    case receipts
    /// The same bytes as `reference/regions.csv`, `reference/materials.csv` and `reference/enterprises.csv`.
    case referenceTables = "reference-tables"

    /// Reads `bytes` as this kind of input and checks its properties.
    /// - Throws: `FuzzViolation` naming the first property that does not hold.
    public func run(_ bytes: [UInt8]) throws(FuzzViolation) {
        switch self {
        case .csvFeed: try FeedEntries.csvFeed(bytes)
        case .xmlFeed: try FeedEntries.xmlFeed(bytes)
        case .values: try ValueEntries.values(bytes)
        case .policy: try FileEntries.policy(bytes)
        case .overrides: try FileEntries.overrides(bytes)
        case .receipts: try FileEntries.receipts(bytes)
        case .referenceTables: try FileEntries.referenceTables(bytes)
        }
    }
}

/// A property a fuzz entry checks that does not hold for some input: a defect.
public struct FuzzViolation: Error, CustomStringConvertible, Sendable {
    public var target: FuzzTarget
    public var message: String

    public init(_ target: FuzzTarget, _ message: String) {
        self.target = target
        self.message = message
    }

    public var description: String { "\(target.rawValue): \(message)" }
}

/// `throw FuzzViolation` unless `condition` holds.
@inline(__always)
func require(_ condition: Bool, _ target: FuzzTarget, _ message: @autoclosure () -> String) throws(FuzzViolation) {
    if !condition { throw FuzzViolation(target, message()) }
}
