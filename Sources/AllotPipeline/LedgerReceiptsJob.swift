import AllotCore
import AllotIngest
import AllotLedger
import AllotPublish
import Foundation

/// What `allot ledger receipts` was asked to do (SPEC 15).
public struct LedgerReceiptsOptions: Sendable {
    public var outputs: URL
    /// Where `allot.toml` may move the ledger, and whose `reference/` tables name materials and units.
    public var inputs: URL
    public var config: URL?
    /// The night whose lines are listed; `nil` for the latest night recorded that has lines.
    public var date: CalendarDate?
    public var format: Format
    public var language: OutputLanguage

    public init(outputs: URL, inputs: URL, config: URL? = nil, date: CalendarDate? = nil, format: Format = .text,
                language: OutputLanguage = .zh) {
        self.outputs = outputs
        self.inputs = inputs
        self.config = config
        self.date = date
        self.format = format
        self.language = language
    }

    /// text, csv or xlsx.
    public typealias Format = ReceiptsExport.Format
}

/// The receipts listed: their bytes and the night they are of.
public struct LedgerReceiptsOutcome: Sendable {
    public var bytes: [UInt8]
    /// The night listed; `nil` when the ledger holds no night with lines.
    public var planDate: CalendarDate?
    public var ledger: URL
    /// `<plan date>-receipts.<format>`, where an xlsx goes without `--out`.
    public var defaultFileName: String
}

extension NightlyPipeline {
    /// `allot ledger receipts`: a recorded night's lines with their receipts. Reads the ledger while a run
    /// may write it (WAL), and writes nothing but the ledger's own migration.
    /// - Throws: `IngestError.policy`, `LedgerError` (`.missing`: no ledger yet), `LedgerNightNotRecorded`
    ///   (exit 2); `ReferenceTableError` (exit 3).
    public static func ledgerReceipts(_ options: LedgerReceiptsOptions) throws -> LedgerReceiptsOutcome {
        let ledger = try existingLedger(LedgerLocation(outputs: options.outputs, inputs: options.inputs,
                                                       config: options.config))
        let url = ledger.url
        let receipts = try ledger.receipts(on: options.date)
        let (catalog, regions) = try referenceTables(inputs: options.inputs)
        let labels = PlanLabels(language: options.language, catalog: catalog, regions: regions)
        let bytes = try ReceiptsExport.render(receipts?.lines ?? [], planDate: receipts?.planDate, as: options.format,
                                              labels: labels)
        return LedgerReceiptsOutcome(bytes: bytes, planDate: receipts?.planDate, ledger: url,
                                     defaultFileName: ReceiptsExport.defaultFileName(planDate: receipts?.planDate,
                                                                                     format: options.format))
    }
}
