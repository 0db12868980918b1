/// `feeds.json`: what `plan-bench feeds` wrote (the night's settings and every feed file's counts), as
/// `night-bench` reads it back to reuse the night and check each run's counts.
public struct FeedManifest: Codable {
    public var generator: String
    public var feedVersion: Int
    public var nightGeneratorVersion: Int
    public var seed: UInt64
    public var scale: Double
    public var province: Int32?
    public var supplyChain: Bool
    public var share: String
    public var offers: Int
    public var requests: Int
    public var overrides: Int
    public var conversionOffers: Int
    public var earmarkedOffers: Int
    public var records: Int
    public var bad: Int
    public var superseded: Int
    public var bytes: Int
    public var generateSeconds = 0.0
    public var writeSeconds = 0.0
    public var files: [FeedFile]

    /// One feed file. `records` = `good` + `bad` + `superseded`; read back,
    /// `good` are accepted, `bad` rejected (ids `badIDs`), `superseded` superseded.
    public struct FeedFile: Codable {
        public var path: String
        public var source: String
        public var format: String
        public var encoding: String
        public var headers: String
        public var records: Int
        public var good: Int
        public var bad: Int
        public var superseded: Int
        public var bytes: Int
        public var sha256: String
        public var badIDs: [String]

        public init(path: String, source: String, format: String, encoding: String, headers: String, records: Int,
                    good: Int, bad: Int, superseded: Int, bytes: Int, sha256: String, badIDs: [String]) {
            (self.path, self.source, self.format, self.encoding, self.headers) = (path, source, format, encoding, headers)
            (self.records, self.good, self.bad, self.superseded) = (records, good, bad, superseded)
            (self.bytes, self.sha256, self.badIDs) = (bytes, sha256, badIDs)
        }
    }

    /// The manifest of `files`, their counts summed.
    public init(generator: String, feedVersion: Int, nightGeneratorVersion: Int, seed: UInt64, scale: Double,
                province: Int32?, supplyChain: Bool, share: String, offers: Int, requests: Int, overrides: Int,
                conversionOffers: Int, earmarkedOffers: Int, files: [FeedFile]) {
        (self.generator, self.feedVersion, self.nightGeneratorVersion) = (generator, feedVersion, nightGeneratorVersion)
        (self.seed, self.scale, self.province, self.supplyChain, self.share) = (seed, scale, province, supplyChain, share)
        (self.offers, self.requests, self.overrides) = (offers, requests, overrides)
        (self.conversionOffers, self.earmarkedOffers) = (conversionOffers, earmarkedOffers)
        records = files.reduce(0) { $0 + $1.records }
        bad = files.reduce(0) { $0 + $1.bad }
        superseded = files.reduce(0) { $0 + $1.superseded }
        bytes = files.reduce(0) { $0 + $1.bytes }
        self.files = files
    }
}
