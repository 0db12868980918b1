import AllotCore
import Foundation

/// The files of one plan folder (SPEC 9) rendered from a night, in the
/// shape `PlanPublisher.publish(files:…)` takes.
public enum PlanFiles {
    /// `dispatch.csv`, `unmet.csv`, `rejects.csv`, `passes.csv`, `dispatch.xml` (valid against
    /// `dispatch.xsd` by construction, which the tests check), `province-request.xml` (checked against
    /// `province-request.xsd`), `report.html`, then `manifest.json`, which lists the others' SHA-256.
    /// - Parameters:
    ///   - options: how the human-facing files are rendered (language, the previous plan for the report).
    ///   - provinceSchema: a validator for `province-request.xsd` to reuse; loaded from the module's resources
    ///     when `nil`.
    /// - Throws: `PlanFileError` when the night contradicts itself, or
    ///   `XMLSchemaValidator.Failure` when `province-request.xml` is not valid; both are internal failures
    ///   (exit status 1).
    /// - Complexity: O(n log n) in the night's lines and outcomes, plus the size of the rejects.
    public static func render(_ run: NightRun, options: PlanFileOptions = PlanFileOptions(),
                              provinceSchema: XMLSchemaValidator? = nil) throws -> [(name: String, bytes: [UInt8])] {
        let rendered = try renderFiles(run, options: options, provinceSchema: provinceSchema)
        return rendered.files + [try manifest(of: rendered, run: run)]
    }

    /// Every file of the plan folder but `manifest.json`, rendered (and the XML validated) on every core, in
    /// the order `render` lists them; what the manifest needs of them besides their bytes.
    public struct RenderedFiles: Sendable {
        public var files: [(name: String, bytes: [UInt8])]
        /// Each file's SHA-256 (hex), taken on the core that rendered it.
        let digests: [String: String]
        let rows: [DispatchRow]
        let materials: [MaterialTotals]
    }

    /// The files `render` makes before `manifest.json`; the manifest follows from them (`manifest(of:run:)`), so
    /// a run can time the two apart and record the first in the second.
    public static func renderFiles(_ run: NightRun, options: PlanFileOptions = PlanFileOptions(),
                                   provinceSchema: XMLSchemaValidator? = nil) throws -> RenderedFiles {
        // Lines, shortfalls and totals are resolved once for every file.
        let labels = PlanLabels(language: options.language, catalog: run.catalog, regions: run.regions)
        // Two at a time: rows and unmet rows, then what the rows give (totals, passes).
        let (rows, unmet) = try ParallelJobs.both({ try DispatchRow.rows(of: run, file: DispatchCSV.fileName) },
                                                  { try UnmetRow.rows(of: run, file: UnmetCSV.fileName) })
        let (materials, passes) = try ParallelJobs.both({ try MaterialTotals.all(of: run, rows: rows, file: ManifestJSON.fileName) },
                                                        { try PassesCSV.passes(of: run, rows: rows) })
        // Each file apart from the others; the relative sizes put the largest first on the cores.
        let jobs: [(name: String, size: Int, render: () throws -> [UInt8])] = [
            (DispatchCSV.fileName, 3, { DispatchCSV.render(rows, planDate: run.planDate) }),
            (UnmetCSV.fileName, 2, { UnmetCSV.render(unmet) }),
            (RejectsCSV.fileName, 1, { RejectsCSV.render(run) }),
            (PassesCSV.fileName, 1, { PassesCSV.render(passes, labels: labels) }),
            // Valid against dispatch.xsd by construction (XMLWriter, typed values), and checked against it by the
            // tests on every night they publish: validating 430 MB at run time took libxml2 longer than
            // rendering every file of a national night.
            (DispatchXML.fileName, 6, { DispatchXML.render(run, rows: rows, unmet: unmet, materials: materials) }),
            (ProvinceRequestXML.fileName, 1, {
                let province = try ProvinceRequest.of(run, requestTiers: options.requestTiers, generated: options.generated)
                let xml = ProvinceRequestXML.render(province, labels: labels)
                try (provinceSchema ?? XMLSchemaValidator(resource: ProvinceRequestXML.schemaResource))
                    .validate(xml, name: ProvinceRequestXML.fileName)
                return xml
            }),
            (ReportHTML.fileName, 4, {
                try ReportHTML.render(run, rows: rows, unmet: unmet, materials: materials, passes: passes, options: options)
            }),
        ]
        let rendered = ParallelJobs.run(jobs.count, threads: ProcessInfo.processInfo.activeProcessorCount,
                                        largestFirst: jobs.map(\.size)) { k in
            Result { () throws -> (bytes: [UInt8], digest: String) in
                let bytes = try jobs[k].render()
                return (bytes, SHA256.hex(of: bytes))
            }
        }
        // The first failure in the files' order, whichever thread met it first.
        let done = try zip(jobs, rendered).map { job, result in (name: job.name, file: try result.get()) }
        return RenderedFiles(files: done.map { ($0.name, $0.file.bytes) },
                             digests: Dictionary(uniqueKeysWithValues: done.map { ($0.name, $0.file.digest) }),
                             rows: rows, materials: materials)
    }

    /// `manifest.json` for `rendered`: the night's counts and totals and each file's SHA-256.
    public static func manifest(of rendered: RenderedFiles, run: NightRun) throws -> (name: String, bytes: [UInt8]) {
        (ManifestJSON.fileName, try ManifestJSON.render(run, rows: rendered.rows, materials: rendered.materials,
                                                       digests: rendered.digests))
    }
}
