import AllotCore
import AllotIngest
import AllotPublish
import Foundation

/// What `allot export` was asked to do (SPEC 10).
public struct ExportOptions: Sendable {
    public var kind: PlanExport.Kind
    public var format: PlanExport.Format
    public var outputs: URL
    /// The plan date; `nil` for the newest published plan.
    public var date: CalendarDate?
    public var language: OutputLanguage
    /// Where `reference/regions.csv` and `reference/materials.csv` name
    /// regions and materials, as they did for the run; the built-in tables
    /// when the folder has none.
    public var inputs: URL

    public init(kind: PlanExport.Kind, format: PlanExport.Format, outputs: URL, date: CalendarDate? = nil,
                language: OutputLanguage = .zh, inputs: URL) {
        self.kind = kind
        self.format = format
        self.outputs = outputs
        self.date = date
        self.language = language
        self.inputs = inputs
    }

    /// province, dispatch or unmet.
    public typealias Kind = PlanExport.Kind
    /// xml, csv or xlsx.
    public typealias Format = PlanExport.Format
    public typealias Language = OutputLanguage
}

/// An export made: its bytes and the plan it came from.
public struct ExportOutcome: Sendable {
    public var bytes: [UInt8]
    public var folder: PlanFolder
    /// `<plan date>-<kind>.<format>`, where an xlsx goes without `--out`.
    public var defaultFileName: String

    /// The date of the plan exported.
    public var planDate: CalendarDate { folder.date }
}

extension NightlyPipeline {
    /// Re-exports a published plan. Reads only the files the export needs.
    /// - Throws: `PlanFolderError` (no such plan: exit 2; the outputs folder
    ///   unreadable: exit 3), `PlanSnapshotError` or `ReferenceTableError` (a
    ///   plan file or reference table unusable: exit 3), `XMLSchemaValidator.Failure`
    ///   (exit 1); see ``ExitStatus``.
    public static func export(_ options: ExportOptions) throws -> ExportOutcome {
        let folder = try PlanFolder.locate(outputs: options.outputs, date: options.date)
        let manifest = try PlanSnapshot.readManifest(folder)
        guard manifest.planDate == folder.date else {
            throw PlanSnapshotError(file: folder.url.appendingPathComponent(ManifestJSON.fileName).path, field: "plan_date",
                                    message: "says \(manifest.planDate), but the folder is \(folder.name)")
        }
        var snapshot = PlanSnapshot(folder: folder, dispatch: [], unmet: [], manifest: manifest)
        switch options.kind {
        case .province:
            snapshot.provinceRequest = try PlanSnapshot.readProvinceRequest(folder)
            if snapshot.provinceRequest == nil {   // a plan published before the file existed
                snapshot.dispatch = try PlanSnapshot.readDispatch(folder)
                snapshot.unmet = try PlanSnapshot.readUnmet(folder)
            }
        case .dispatch:
            if options.format != .xml { snapshot.dispatch = try PlanSnapshot.readDispatch(folder) }
        case .passes:
            snapshot.dispatch = try PlanSnapshot.readDispatch(folder)
        case .unmet:
            snapshot.unmet = try PlanSnapshot.readUnmet(folder)
        }
        let (catalog, regions) = try referenceTables(inputs: options.inputs)
        let labels = PlanLabels(language: options.language, catalog: catalog, regions: regions)
        let bytes = try PlanExport.render(options.kind, as: options.format, from: snapshot, labels: labels, regions: regions)
        let defaultFileName = PlanExport.defaultFileName(options.kind, options.format, planDate: folder.date)
        return ExportOutcome(bytes: bytes, folder: folder, defaultFileName: defaultFileName)
    }

    /// The catalog and region table of `inputs/reference/`, or the built-in ones.
    static func referenceTables(inputs: URL) throws -> (MaterialCatalog, RegionTable) {
        let folder = InputFolder(inputs)
        do {
            let regions = try folder.openIfPresent(RegionTableFile.path).map(RegionTableFile.read)
                ?? RegionTableFile.builtIn()
            let catalog = try folder.openIfPresent(MaterialCatalogFile.path).map(MaterialCatalogFile.read)
                ?? MaterialCatalog.builtIn
            return (catalog, regions)
        } catch let e as InputFileError {
            throw ReferenceTableError(e)
        }
    }
}
