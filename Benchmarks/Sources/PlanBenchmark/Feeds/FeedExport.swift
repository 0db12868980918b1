import AllotCore
import AllotIngest
import AllotPlanner
import BenchmarkSupport
import Foundation

/// `plan-bench feeds [NIGHT] --out DIR`: the generated night written out as
/// an inputs folder (SPEC 1), the way counties and platforms would send it,
/// for `night-bench` to run `allot run` on. The records read back from these
/// files are the night `NightGenerator` made, plus what a real drop also has:
///
/// - one feed per source: the requests of a prefecture (`rq-<prefecture>`),
///   the offers of a prefecture (`of-<prefecture>`), a province's platform
///   (`platform-<province>`, allocations); a few hundred CSV files of a few
///   thousand rows on the national night;
/// - the platforms, and one request source in 30 (`xmlRequestSourceEvery`),
///   as XML (SPEC 4.4); every other source as CSV with English or Chinese
///   headers, UTF-8 with or without a BOM or GB18030, LF or CRLF (`CSVStyle`);
/// - values in the forms of SPEC 2 that read back exactly: material codes,
///   names and aliases; `3.5万`, `12吨`, `40盒`; three date forms; Chinese
///   kinds and categories under Chinese headers; medical-mask requests by
///   workers where that is the same quantity;
/// - `badRate` (0.5 %) extra records that must be rejected (ids `X…`: a
///   negative quantity, an unknown region or material, a credit code with a
///   wrong check character), and `supersededRate` older copies of records
///   (an earlier `updated_at`) that must be counted superseded;
/// - `allot.toml` with the night's policy (share, `[substitutes]`) and
///   `overrides.csv`.
///
/// Every record carries `updated_at`, so an older copy is superseded. The
/// file `feeds.json` next to the folder (`FeedManifest`) says what each file
/// holds, so a run's counts can be checked against it.
enum FeedExport {
    /// Raise whenever what is written changes (night-bench regenerates on a new version).
    static let version = 1
    static let badRate = 0.005
    static let supersededRate = 0.002
    /// Of the request sources in sorted order, those at index 7, 37, 67, … are XML feeds.
    static let xmlRequestSourceEvery = 30

    static func run(settings: NightSettings, folder: URL, manifestFile: URL) throws {
        let start = ChildProcess.now()
        let regions: RegionTable
        do { regions = try RegionTableFile.builtIn() } catch {
            throw BenchmarkError("the built-in region table does not load: \(error)")
        }
        let night = NightGenerator.generate(settings, regions: regions)
        let generated = ChildProcess.now() - start
        let fm = FileManager.default
        try? fm.removeItem(at: folder)
        try fm.createDirectory(at: folder.appendingPathComponent("feeds"), withIntermediateDirectories: true)
        var writer = FeedWriter(settings: settings)
        let files = try writer.write(night.input, to: folder)
        var manifest = FeedManifest(settings: settings, input: night.input, files: files)
        manifest.generateSeconds = generated
        manifest.writeSeconds = ChildProcess.now() - start - generated
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        try encoder.encode(manifest).write(to: manifestFile)
        print("wrote \(files.count) feeds, \(TextFormat.grouped(manifest.records)) records "
              + "(\(TextFormat.grouped(manifest.bad)) bad, \(TextFormat.grouped(manifest.superseded)) superseded), "
              + "\(TextFormat.fixed(Double(manifest.bytes) / 1e6, 1)) MB in \(TextFormat.fixed(ChildProcess.now() - start, 1)) s")
    }
}

extension FeedManifest {
    /// What `plan-bench feeds` wrote for `input`, made from `settings`.
    init(settings: NightSettings, input: PlanningInput, files: [FeedFile]) {
        self.init(generator: "plan-bench feeds", feedVersion: FeedExport.version,
                  nightGeneratorVersion: NightSettings.generatorVersion, seed: settings.seed, scale: settings.scale,
                  province: settings.province, supplyChain: settings.supplyChain, share: settings.share.rawValue,
                  offers: input.offers.count, requests: input.requests.count, overrides: input.overrides.count,
                  conversionOffers: input.offers.filter { $0.kind == .conversion }.count,
                  earmarkedOffers: input.offers.filter { $0.earmark != nil }.count, files: files)
    }
}
