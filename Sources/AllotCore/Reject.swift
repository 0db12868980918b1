/// Why a record, a file or an override was not used: a stable code feed
/// providers and tests can rely on (SPEC 9, `rejects.csv`).
public enum RejectCode: String, Hashable, Sendable, CaseIterable {
    // Files
    /// The system refused the file (permission denied), it vanished, or a link leads nowhere.
    case unreadableFile = "unreadable_file"
    /// A named pipe, socket, device, folder, or a symbolic link out of the
    /// inputs folder: allot reads only files inside it.
    case notARegularFile = "not_a_regular_file"
    case notWellFormed = "not_well_formed"
    case badHeader = "bad_header"
    case missingColumn = "missing_column"
    case badEncoding = "bad_encoding"
    /// The file would take the night's feeds past `[limits] input_bytes`.
    case inputTooLarge = "input_too_large"
    /// A workbook (`.xlsx`) larger than allot reads: the file, a part as it
    /// inflates (a zip bomb), or its shared strings.
    case workbookTooLarge = "workbook_too_large"
    /// A file in `feeds/` that is no feed: not `.csv`, `.xml` or `.xlsx`.
    case notAFeed = "not_a_feed"
    /// A feed with the same bytes as one read before it in sorted path order (a file re-sent under another name).
    case duplicateFile = "duplicate_file"
    /// The file holds more records than `[limits] records_per_file`; the rest is not read.
    case tooManyRecords = "too_many_records"
    /// XML nested deeper than `[limits] xml_depth`.
    case nestingTooDeep = "nesting_too_deep"
    /// An XML element with more attributes than `[limits] attributes_per_element`.
    case tooManyAttributes = "too_many_attributes"
    // Rows
    case wrongFieldCount = "wrong_field_count"
    case unterminatedQuote = "unterminated_quote"
    /// A CSV row longer than `[limits] line_bytes`.
    case lineTooLong = "line_too_long"
    /// A value larger than `[limits] field_bytes` (or `attribute_bytes`).
    case fieldTooLarge = "field_too_large"
    // Values
    case missingField = "missing_field"
    case badQuantity = "bad_quantity"
    case nonPositiveQuantity = "non_positive_quantity"
    /// More than a record may hold (`Quantity.maximum`).
    case quantityTooLarge = "quantity_too_large"
    case unknownUnit = "unknown_unit"
    case unitMismatch = "unit_mismatch"
    case badDate = "bad_date"
    case badTimestamp = "bad_timestamp"
    case unknownRegion = "unknown_region"
    case ambiguousRegion = "ambiguous_region"
    case badCreditCode = "bad_credit_code"
    case unknownMaterial = "unknown_material"
    case badCategory = "bad_category"
    case badKind = "bad_kind"
    case badStatus = "bad_status"
    case badWorkers = "bad_workers"
    case zeroNeed = "zero_need"
    case badNumber = "bad_number"
    /// An XML offer with more than one `<for>` element (SPEC 12 allows one): which earmarks hold is unclear.
    case badEarmark = "bad_earmark"
    /// A conversion offer's input cannot be used (SPEC 14), or an input given on an offer of another kind.
    case badConversion = "bad_conversion"
    /// A conversion offer that would close a cycle of inputs and products (SPEC 14).
    case conversionCycle = "conversion_cycle"
    /// A value holds a control character (`ControlCharacters`): NUL, ESC, DEL…
    case controlCharacter = "control_character"
    /// Only `allot validate FILE…`, without the bureau's registry: a request
    /// whose blank name, region or category the registry fills. A warning
    /// there, never a reject of a run (`IngestedNight.registryFills`).
    case registryFills = "registry_fills"
    // Across records
    case conflictingUpdate = "conflicting_update"
    case duplicateEntry = "duplicate_entry"
    // Overrides
    case badAction = "bad_action"
    case badRecordReference = "bad_record_reference"
    case unknownRecord = "unknown_record"
    case overrideNotApplied = "override_not_applied"
    /// A pin or forbid joining an offer and a request whose material it may not serve (SPEC 13).
    case overrideMaterialMismatch = "override_material_mismatch"
    // Receipts (SPEC 15)
    /// A receipt for a line the ledger does not hold (or of tonight's night, which a re-run replaces).
    case unknownLine = "unknown_line"
    /// A receipt of more than the line's quantity.
    case receivedAboveQuantity = "received_above_quantity"
    /// A receipt whose `received_on` is before the line's plan date.
    case receivedBeforePlan = "received_before_plan"
}

/// A record, file or override that was not used, with everything a feed
/// provider needs to find and fix it. One row of `rejects.csv`.
///
/// Its texts never hold a control character (`ControlCharacters`): what a
/// feed sends, a NUL or an ESC, is written `\u0000`, `\u001B` as the reject
/// is made, so no output that shows a reject (rejects.csv, report.html) can
/// carry one, and a coordinator sees where it was. A text set later is
/// escaped too.
public struct Reject: Hashable, Sendable {
    /// Path relative to the inputs folder.
    public var file: String { didSet { file = ControlCharacters.escaped(file) } }
    /// 1-based line where the record starts (or where the parser stopped); 0 when not known.
    public var line: Int
    /// The first bad field, by its canonical name; empty for a whole row or file.
    public var field: String { didSet { field = ControlCharacters.escaped(field) } }
    public var source: String { didSet { source = ControlCharacters.escaped(source) } }
    public var recordID: String { didSet { recordID = ControlCharacters.escaped(recordID) } }
    public var code: RejectCode
    public var message: String { didSet { message = ControlCharacters.escaped(message) } }
    /// The original text of the record (a CSV row, an XML element's attributes
    /// and text), its control characters escaped.
    public var raw: String { didSet { raw = ControlCharacters.escaped(raw) } }

    public init(file: String, line: Int, field: String = "", source: String = "", recordID: String = "",
                code: RejectCode, message: String, raw: String = "") {
        self.file = ControlCharacters.escaped(file)
        self.line = line
        self.field = ControlCharacters.escaped(field)
        self.source = ControlCharacters.escaped(source)
        self.recordID = ControlCharacters.escaped(recordID)
        self.code = code
        self.message = ControlCharacters.escaped(message)
        self.raw = ControlCharacters.escaped(raw)
    }
}
