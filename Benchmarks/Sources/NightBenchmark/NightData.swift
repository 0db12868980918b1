import AllotCore
import BenchmarkSupport
import Foundation

/// One night of the benchmark: its settings and its folder under `data/`.
struct NightSpec {
    /// `national` or `province`.
    var name: String
    var scale: Double
    var seed: UInt64 = 20_200_211
    /// Two digits of the province's code for a province night.
    var province: Int32?
    /// SPEC 12-14's earmarks, substitutes and conversion offers (the default); `--plain` leaves them out.
    var supplyChain = true

    /// The national night: every county of the table, 100,000 offers and 1,000,000 requests at scale 1.
    static func national(scale: Double) -> NightSpec { NightSpec(name: "national", scale: scale) }
    /// Shandong's 136 counties (about 1/20 of 2,844), with 1/20 of the national records.
    static func province(scale: Double) -> NightSpec {
        NightSpec(name: "province", scale: scale * provinceShare, province: 37)
    }
    static let provinceShare = 0.05

    /// The arguments of `plan-bench` that make this night (the supply-chain night: SPEC 12-14).
    var nightArguments: [String] {
        ["--scale", String(scale), "--seed", String(seed)] + (supplyChain ? ["--supply-chain"] : [])
            + (province.map { ["--province", String($0)] } ?? [])
    }

    /// `night-national`, `night-province-scale-0.005`.
    func folder(in data: URL, userScale: Double) -> URL {
        data.appendingPathComponent("night-\(name)" + (userScale == 1 ? "" : "-scale-\(TextFormat.number(userScale))")
                                    + (supplyChain ? "" : "-plain"))
    }
}

/// The generated inputs folder of one night, made by `plan-bench feeds` and
/// kept while its settings, the generator's version and every file's SHA-256
/// are those of `feeds.json`; with the tier-1 networks of the same night
/// (`plan-bench network`) for the OR-Tools peer.
struct NightData {
    var spec: NightSpec
    var folder: URL
    var manifest: FeedManifest
    var inputs: URL { folder.appendingPathComponent("inputs") }
    var networks: URL { folder.appendingPathComponent("networks") }
    /// The same inputs with `share = "none"` (`allot run --config`).
    var shareNonePolicy: URL { folder.appendingPathComponent("allot-share-none.toml") }
    /// Only the XML feeds, hard links to the same files, for `allot validate` (the XML ingest).
    var xmlInputs: URL { folder.appendingPathComponent("inputs-xml") }

    /// Makes the night when it is absent or stale; returns it with what happened (`up to date`, `generated in …`).
    static func prepare(_ spec: NightSpec, folder: URL, planBench: String) throws -> (NightData, String) {
        let fm = FileManager.default
        let manifestFile = folder.appendingPathComponent("feeds.json")
        let version = try ChildProcess(arguments: [planBench, "feeds-version"]).run()
        guard version.succeeded else { throw BenchmarkError("plan-bench feeds-version: \(version.failureSummary)") }
        let versions = version.standardOutput.split(whereSeparator: { $0 == " " || $0 == "\n" }).compactMap { Int($0) }
        if let data = fm.contents(atPath: manifestFile.path),
           let manifest = try? JSONDecoder().decode(FeedManifest.self, from: data),
           manifest.matches(spec, versions: versions),
           fm.fileExists(atPath: folder.appendingPathComponent("networks/network.json").path) {
            let night = NightData(spec: spec, folder: folder, manifest: manifest)
            if let problem = night.firstChangedFile() {
                progress("\(spec.name) night: \(problem); generating it again")
            } else {
                try night.prepareSideFiles()
                return (night, "up to date (\(manifest.files.count) feeds, SHA-256 checked)")
            }
        }
        let start = ChildProcess.now()
        try? fm.removeItem(at: folder)
        try fm.createDirectory(at: folder, withIntermediateDirectories: true)
        let feeds = try ChildProcess(arguments: [planBench, "feeds"] + spec.nightArguments
            + ["--out", folder.appendingPathComponent("inputs").path, "--manifest", manifestFile.path]).run()
        guard feeds.succeeded else { throw BenchmarkError("plan-bench feeds: \(feeds.failureSummary)") }
        progress("\(spec.name) night: " + feeds.standardOutput.trimmingCharacters(in: .whitespacesAndNewlines))
        let network = try ChildProcess(arguments: [planBench, "network"] + spec.nightArguments
            + ["--out", folder.appendingPathComponent("networks").path]).run()
        guard network.succeeded else { throw BenchmarkError("plan-bench network: \(network.failureSummary)") }
        let manifest = try JSONDecoder().decode(FeedManifest.self, from: Data(contentsOf: manifestFile))
        guard manifest.matches(spec, versions: versions) else {
            throw BenchmarkError("\(manifestFile.path) does not describe the night asked for")
        }
        let night = NightData(spec: spec, folder: folder, manifest: manifest)
        try night.prepareSideFiles()
        return (night, "generated in \(TextFormat.fixed(ChildProcess.now() - start, 1)) s")
    }

    /// The first file that is missing or whose bytes are not those generated, or `nil`.
    func firstChangedFile() -> String? {
        for file in manifest.files {
            let url = inputs.appendingPathComponent(file.path)
            guard let bytes = FileManager.default.contents(atPath: url.path) else { return "\(file.path) is missing" }
            if bytes.count != file.bytes || SHA256.hex(of: bytes) != file.sha256 { return "\(file.path) has changed" }
        }
        return nil
    }

    /// `allot-share-none.toml` (the night's policy with `share = "none"`) and `inputs-xml/`.
    func prepareSideFiles() throws {
        let policy = try String(contentsOf: inputs.appendingPathComponent("allot.toml"), encoding: .utf8)
        guard policy.contains("share = \"maxmin\"") else {
            throw BenchmarkError("the night's allot.toml does not say share = \"maxmin\"")
        }
        try policy.replacingOccurrences(of: "share = \"maxmin\"", with: "share = \"none\"")
            .write(to: shareNonePolicy, atomically: true, encoding: .utf8)
        let fm = FileManager.default
        try? fm.removeItem(at: xmlInputs)
        try fm.createDirectory(at: xmlInputs.appendingPathComponent("feeds"), withIntermediateDirectories: true)
        for file in manifest.files where file.format == "xml" {
            let from = inputs.appendingPathComponent(file.path), to = xmlInputs.appendingPathComponent(file.path)
            if link(from.path, to.path) != 0 { try fm.copyItem(at: from, to: to) }
        }
    }

    var csvFiles: [FeedManifest.FeedFile] { manifest.files.filter { $0.format == "csv" } }
    var xmlFiles: [FeedManifest.FeedFile] { manifest.files.filter { $0.format == "xml" } }
}

extension FeedManifest {
    /// Whether this `feeds.json` is the night `spec` asks for, written by the generator `versions`.
    func matches(_ spec: NightSpec, versions: [Int]) -> Bool {
        versions == [feedVersion, nightGeneratorVersion] && seed == spec.seed && scale == spec.scale
            && province == spec.province && supplyChain == spec.supplyChain
    }
}
