import AllotCore
import AllotXML

/// What of a workbook its first sheet's cells need: where the sheet is, the
/// date system, which cell styles show dates, and the shared strings.
///
/// Read from `xl/workbook.xml`, its relationships, `styles.xml` and
/// `sharedStrings.xml`. The small parts may inflate to `smallPartBytes`
/// each; the shared strings are kept, each past `[limits] field_bytes` as
/// its size only, and all together at most `sharedStringMemory`.
struct XLSXWorkbook {
    /// The first sheet's part, `xl/worksheets/sheet1.xml`.
    var sheetPart: String
    /// The first sheet's name as the workbook's tabs show it.
    var sheetName: String
    /// `workbookPr date1904`: serial 0 is 1904-01-01 (old Mac Excel), not 1899-12-31.
    var date1904 = false
    /// Whether each cell style (`s`, an index into `cellXfs`) shows a date or time.
    var dateStyles: [Bool] = []
    var sharedStrings: [XLSXValue] = []

    /// The most a workbook, relationships or styles part may inflate to.
    static let smallPartBytes = 16 << 20
    /// What the shared strings may take in memory: their UTF-8 bytes and
    /// `sharedStringOverhead` for each. A feed at Excel's last row (1,048,576)
    /// with a distinct id and name on each needs some 130 MB.
    static let sharedStringMemory = 256 << 20
    /// What one kept string costs beyond its bytes (a `String` and its header).
    static let sharedStringOverhead = 32
    /// The most cell styles read (Excel allows 64,000); later ones show numbers.
    static let maximumStyles = 1 << 16

    /// The workbook part every writer uses (the package's `_rels/.rels` names it).
    static let workbookPart = "xl/workbook.xml"

    /// Reads the workbook's parts but the sheet. `path` names the file in messages.
    init(_ archive: XLSXArchive, limits: InputLimits, path: String,
         sharedStringMemory: Int = XLSXWorkbook.sharedStringMemory) throws(XLSXFailure) {
        guard archive.contains(Self.workbookPart) else {
            throw .broken("\(path) is not a workbook: it lacks \(Self.workbookPart)")
        }
        // The workbook: its date system and its first sheet.
        var firstSheet: (id: String, name: String)?
        var date1904 = false
        let book = XLSXElements()
        book.start = { name, attributes in
            if name.localName.matches("workbookPr"), let value = attributes.value("date1904") {
                date1904 = value == "1" || value == "true"
            } else if name.localName.matches("sheet"), firstSheet == nil {
                firstSheet = (attributes.value("id", inNamespace: true) ?? "", attributes.value("name") ?? "")
            }
            return true
        }
        try XLSXPart.parse(Self.workbookPart, of: archive, limit: Self.smallPartBytes, lineBytes: limits.lineBytes,
                           path: path, consumer: book)
        guard let firstSheet else { throw .broken("\(path) is a workbook without a sheet") }

        // Its relationships: where the sheet, the shared strings and the styles are.
        var targets = [String: String]()
        var sharedStringsPart: String?, stylesPart: String?
        let relsPart = "xl/_rels/workbook.xml.rels"
        if archive.contains(relsPart) {
            let rels = XLSXElements()
            rels.start = { name, attributes in
                guard name.localName.matches("Relationship"), let target = attributes.value("Target") else { return true }
                let part = Self.part(target)
                let type = attributes.value("Type") ?? ""
                if type.hasSuffix("/sharedStrings") { sharedStringsPart = part }
                if type.hasSuffix("/styles") { stylesPart = part }
                if let id = attributes.value("Id"), id == firstSheet.id { targets[id] = part }
                return true
            }
            try XLSXPart.parse(relsPart, of: archive, limit: Self.smallPartBytes, lineBytes: limits.lineBytes,
                               path: path, consumer: rels)
        }
        guard let sheetPart = targets[firstSheet.id], archive.contains(sheetPart) else {
            throw .broken("\(path) is damaged: its first sheet '\(firstSheet.name)' has no part in the zip")
        }
        self.sheetPart = sheetPart
        self.sheetName = firstSheet.name
        self.date1904 = date1904

        if let stylesPart, archive.contains(stylesPart) {
            dateStyles = try Self.readStyles(stylesPart, of: archive, limits: limits, path: path)
        }
        if let sharedStringsPart, archive.contains(sharedStringsPart) {
            sharedStrings = try Self.readSharedStrings(sharedStringsPart, of: archive, limits: limits, path: path,
                                                       memoryLimit: sharedStringMemory)
        }
    }

    /// A relationship's target as a part name: `worksheets/sheet1.xml` is
    /// relative to `xl/`, `/xl/worksheets/sheet1.xml` to the package.
    static func part(_ target: String) -> String {
        if target.hasPrefix("/") { return String(target.dropFirst()) }
        var parts = ["xl"]
        for piece in target.split(separator: "/") {
            if piece == ".." { if !parts.isEmpty { parts.removeLast() } } else if piece != "." { parts.append(String(piece)) }
        }
        return parts.joined(separator: "/")
    }

    /// Whether each style of `cellXfs` shows a date or a time.
    private static func readStyles(_ part: String, of archive: XLSXArchive, limits: InputLimits,
                                   path: String) throws(XLSXFailure) -> [Bool] {
        var custom = [Int: Bool]()
        var styles = [Bool]()
        var inCellXfs = false
        let consumer = XLSXElements()
        consumer.start = { name, attributes in
            if name.localName.matches("numFmt"), custom.count < maximumStyles,
               let id = attributes.value("numFmtId").flatMap({ Int($0) }) {
                custom[id] = XLSXCellText.isDateFormat(attributes.value("formatCode") ?? "")
            } else if name.localName.matches("cellXfs") {
                inCellXfs = true
            } else if inCellXfs, name.localName.matches("xf"), styles.count < maximumStyles {
                let id = attributes.value("numFmtId").flatMap { Int($0) } ?? 0
                styles.append(custom[id] ?? XLSXCellText.isDateFormat(builtIn: id))
            }
            return true
        }
        consumer.end = { name in if name.localName.matches("cellXfs") { inCellXfs = false } }
        try XLSXPart.parse(part, of: archive, limit: smallPartBytes, lineBytes: limits.lineBytes, path: path,
                           consumer: consumer)
        return styles
    }

    /// The shared strings, in order: `<si>`'s text runs (`<t>`), phonetic
    /// runs (`<rPh>`) left out.
    private static func readSharedStrings(_ part: String, of archive: XLSXArchive, limits: InputLimits,
                                          path: String, memoryLimit: Int) throws(XLSXFailure) -> [XLSXValue] {
        var strings = [XLSXValue]()
        var memory = 0
        var text = XLSXText(limit: limits.fieldBytes)
        var inItem = false, inRun = false, phonetic = 0
        var failure: XLSXFailure?
        let consumer = XLSXElements()
        consumer.start = { name, _ in
            let local = name.localName
            if local.matches("si") {
                inItem = true
                text.removeAll()
            } else if local.matches("rPh") {
                phonetic += 1
            } else if inItem, phonetic == 0, local.matches("t") {
                inRun = true
            }
            return true
        }
        consumer.end = { name in
            let local = name.localName
            if local.matches("t") {
                inRun = false
            } else if local.matches("rPh") {
                phonetic -= 1
            } else if local.matches("si") {
                inItem = false
                let value = text.value
                strings.append(value)
                memory += value.memory + sharedStringOverhead
            }
        }
        consumer.text = { bytes in if inRun { text.append(bytes) } }
        let tooLarge = XLSXFailure(code: .workbookTooLarge,
                                   message: "\(path): the shared strings (\(part)) take more than \(memoryLimit) bytes in memory: the workbook is not read; send the rows as CSV")
        let start = consumer.start
        consumer.start = { name, attributes in
            guard memory <= memoryLimit else {
                failure = tooLarge
                return false
            }
            return start(name, attributes)
        }
        try XLSXPart.parse(part, of: archive, lineBytes: limits.lineBytes, path: path, consumer: consumer)
        if let failure { throw failure }
        guard memory <= memoryLimit else { throw tooLarge }
        return strings
    }
}

/// A cell's value as read: its text, or only its size when it is larger
/// than `[limits] field_bytes` (the text is not kept).
enum XLSXValue: Equatable {
    case text(String)
    case tooLarge(bytes: Int)

    /// Bytes it keeps in memory.
    var memory: Int {
        switch self {
        case .text(let s): return s.utf8.count
        case .tooLarge: return 0
        }
    }
}

/// Text gathered from pieces up to a limit: past it only counted.
struct XLSXText {
    let limit: Int
    private(set) var bytes: [UInt8] = []
    private(set) var count = 0

    init(limit: Int) { self.limit = limit }

    mutating func append(_ piece: XMLSAXParser.Bytes) {
        count += piece.count
        if count <= limit { piece.append(to: &bytes) }
    }

    mutating func removeAll() {
        bytes.removeAll(keepingCapacity: true)
        count = 0
    }

    var isEmpty: Bool { count == 0 }

    var value: XLSXValue {
        count > limit ? .tooLarge(bytes: count) : .text(String(decoding: bytes, as: UTF8.self))
    }
}
