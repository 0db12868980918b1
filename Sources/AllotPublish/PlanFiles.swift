import AllotCore

/// The files of one plan folder (SPEC 9) rendered from a night, in the
/// shape `PlanPublisher.publish(files:…)` takes.
public enum PlanFiles {
    /// `dispatch.csv`, `unmet.csv`, `rejects.csv`, `passes.csv`, `dispatch.xml` (checked
    /// against `dispatch.xsd`), `province-request.xml` (checked against
    /// `province-request.xsd`), `report.html`, then `manifest.json`, which lists the others' SHA-256.
    /// - Parameters:
    ///   - options: how the human-facing files are rendered (language, the previous plan for the report).
    ///   - dispatchSchema: a validator for `dispatch.xsd` to reuse; loaded from the module's resources when `nil`.
    ///   - provinceSchema: the same for `province-request.xsd`.
    /// - Throws: `PlanFileError` when the night contradicts itself, or
    ///   `XMLSchemaValidator.Failure` when an XML file is not valid; both are internal failures (exit status 1).
    /// - Complexity: O(n log n) in the night's lines and outcomes, plus the size of the rejects.
    public static func render(_ run: NightRun, options: PlanFileOptions = PlanFileOptions(),
                              dispatchSchema: XMLSchemaValidator? = nil, provinceSchema: XMLSchemaValidator? = nil)
        throws -> [(name: String, bytes: [UInt8])] {
        // Lines, shortfalls and totals are resolved once for every file.
        let labels = PlanLabels(language: options.language, catalog: run.catalog, regions: run.regions)
        let rows = try DispatchRow.rows(of: run, file: DispatchCSV.fileName)
        let unmet = try UnmetRow.rows(of: run, file: UnmetCSV.fileName)
        let materials = try MaterialTotals.all(of: run, rows: rows, file: ManifestJSON.fileName)
        let dispatchXML = DispatchXML.render(run, rows: rows, unmet: unmet, materials: materials)
        try (dispatchSchema ?? XMLSchemaValidator(resource: DispatchXML.schemaResource))
            .validate(dispatchXML, name: DispatchXML.fileName)
        let province = try ProvinceRequest.of(run, requestTiers: options.requestTiers, generated: options.generated)
        let provinceXML = ProvinceRequestXML.render(province, labels: labels)
        try (provinceSchema ?? XMLSchemaValidator(resource: ProvinceRequestXML.schemaResource))
            .validate(provinceXML, name: ProvinceRequestXML.fileName)
        let passes = try PassesCSV.passes(of: run, rows: rows)
        let files: [(name: String, bytes: [UInt8])] = [
            (DispatchCSV.fileName, DispatchCSV.render(rows, planDate: run.planDate)),
            (UnmetCSV.fileName, UnmetCSV.render(unmet)),
            (RejectsCSV.fileName, RejectsCSV.render(run)),
            (PassesCSV.fileName, PassesCSV.render(passes, labels: labels)),
            (DispatchXML.fileName, dispatchXML),
            (ProvinceRequestXML.fileName, provinceXML),
            (ReportHTML.fileName, try ReportHTML.render(run, rows: rows, unmet: unmet, materials: materials,
                                                        passes: passes, options: options)),
        ]
        let outputs = Dictionary(uniqueKeysWithValues: files.map { ($0.name, $0.bytes) })
        return files + [(ManifestJSON.fileName, try ManifestJSON.render(run, rows: rows, materials: materials,
                                                                        outputs: outputs))]
    }
}
