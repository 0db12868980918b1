import Foundation

/// The generated data set: a request CSV and an XML feed, and what each must
/// read as. Saved as `manifest.json` beside the files once both are written.
struct BenchmarkData: Codable, Equatable {
    /// Raise whenever the generator's output changes, so `make bench` makes the data again.
    static let currentGeneratorVersion = 1

    var generatorVersion: Int
    var seed: UInt64
    var enterpriseCount: Int
    /// FNV-1a of the region table the counties came from: a new table makes new data.
    var regionTableDigest: String
    var files: [DataFile]

    struct DataFile: Codable, Equatable {
        /// File name inside the data folder.
        var name: String
        /// `csv` or `xml`.
        var format: String
        /// The size asked for; the file ends with the record that reaches it.
        var targetBytes: Int
        var bytes: Int
        /// The feed's source (SPEC 4): the CSV file name without extension, the XML `source` attribute.
        var source: String
        var expected: RecordFingerprint
    }

    /// What the data is generated from; two equal settings give the same bytes.
    struct Settings: Equatable {
        var regionTableDigest: String
        var seed: UInt64 = 20_200_211
        var enterpriseCount = 100_000
        var csvBytes = 150_000_000
        var xmlBytes = 100_000_000

        static let csvName = "requests.csv"
        static let xmlName = "provincial-platform.xml"
        static let xmlSource = "sd-platform"
    }

    func file(format: String) -> DataFile? { files.first { $0.format == format } }

    /// FNV-1a 64 of a file's bytes, in hex.
    static func digest(of url: URL) throws -> String {
        var h: UInt64 = 0xCBF2_9CE4_8422_2325
        for b in try Data(contentsOf: url) { h = (h ^ UInt64(b)) &* 0x100_0000_01B3 }
        return String(h, radix: 16)
    }

    // MARK: - Loading and generating

    static func manifestURL(in folder: URL) -> URL { folder.appendingPathComponent("manifest.json") }

    /// The data set in `folder`, when its manifest exists and its files have the recorded sizes. A file may be
    /// a symbolic link to the data elsewhere: its target's size counts (not the link's, which would make the
    /// generator write the data again, through the link).
    static func load(from folder: URL) -> BenchmarkData? {
        guard let bytes = try? Data(contentsOf: manifestURL(in: folder)),
              let data = try? JSONDecoder().decode(BenchmarkData.self, from: bytes) else { return nil }
        for f in data.files {
            let path = folder.appendingPathComponent(f.name).resolvingSymlinksInPath().path
            let size = (try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? Int
            if size != f.bytes { return nil }
        }
        return data
    }

    /// Whether this data set was made by the current generator with `settings`.
    func matches(_ settings: Settings) -> Bool {
        generatorVersion == Self.currentGeneratorVersion && seed == settings.seed
            && enterpriseCount == settings.enterpriseCount && regionTableDigest == settings.regionTableDigest
            && file(format: "csv")?.targetBytes == settings.csvBytes
            && file(format: "xml")?.targetBytes == settings.xmlBytes
    }

    /// Writes both files and the manifest into `folder`. The manifest is written last, so
    /// an interrupted run leaves no data set that looks complete.
    static func generate(into folder: URL, settings: Settings, counties: [County]) throws -> BenchmarkData {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try? FileManager.default.removeItem(at: manifestURL(in: folder))
        var factory = RecordFactory(seed: settings.seed, enterpriseCount: settings.enterpriseCount, counties: counties)

        let csvURL = folder.appendingPathComponent(Settings.csvName)
        let csvSource = csvURL.deletingPathExtension().lastPathComponent
        let csvFile = try OutputFile(url: csvURL)
        let csvPrint = RequestCSVWriter.write(to: csvFile, source: csvSource, targetBytes: settings.csvBytes, factory: &factory)
        try csvFile.close()

        let xmlURL = folder.appendingPathComponent(Settings.xmlName)
        let xmlFile = try OutputFile(url: xmlURL)
        let xmlPrint = XMLFeedWriter.write(to: xmlFile, source: Settings.xmlSource, targetBytes: settings.xmlBytes, factory: &factory)
        try xmlFile.close()

        let data = BenchmarkData(
            generatorVersion: currentGeneratorVersion, seed: settings.seed, enterpriseCount: settings.enterpriseCount,
            regionTableDigest: settings.regionTableDigest,
            files: [
                DataFile(name: Settings.csvName, format: "csv", targetBytes: settings.csvBytes, bytes: csvFile.bytesWritten,
                         source: csvSource, expected: csvPrint),
                DataFile(name: Settings.xmlName, format: "xml", targetBytes: settings.xmlBytes, bytes: xmlFile.bytesWritten,
                         source: Settings.xmlSource, expected: xmlPrint),
            ])
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        try encoder.encode(data).write(to: manifestURL(in: folder), options: .atomic)
        return data
    }
}
