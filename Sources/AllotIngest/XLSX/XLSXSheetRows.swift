import AllotCore
import AllotXML

/// One row of a sheet as read: its number and its cells' values by column.
struct XLSXRow {
    /// The sheet's row number (`<row r="5">`), 1-based: the `line` of its record.
    var number = 0
    /// By column, 0-based; `nil` for an empty cell or a gap between cells.
    var cells: [XLSXValue?] = []
    /// The row's values hold more than `[limits] line_bytes` bytes: those past it were not kept.
    var tooLong = false
    /// The first cell reference past Excel's last column (XFD, 16,384), whose row cannot be a record.
    var pastLastColumn: String?

    /// Whether every cell is empty.
    var isEmpty: Bool {
        !tooLong && pastLastColumn == nil && cells.allSatisfy { value in
            if case .text(let s)? = value { return s.isEmpty }
            return value == nil
        }
    }
}

/// Streams a sheet's `<sheetData>` row by row (SAX), turning each cell's
/// stored value into text (`XLSXCellText`), and hands each row on.
///
/// Memory holds one row: at most `[limits] line_bytes` of values and 16,384
/// columns. A cell's type (`t`) says where its value is: a shared string
/// (`s`), an inline string (`inlineStr`, `<is>`), a formula's text (`str`),
/// a boolean (`b`: `TRUE`, `FALSE`), an error (`e`: `#N/A`), an ISO date
/// (`d`); otherwise a number, a serial day when its style shows a date.
/// A cell without a reference (`r="C5"`) follows the one before it.
final class XLSXSheetRows: XMLSAXConsumer {
    /// Excel's last column, XFD.
    static let lastColumn = 16_384

    private let workbook: XLSXWorkbook
    private let limits: InputLimits
    private let path: String
    /// Takes each row with a value; `false` stops the read.
    private let take: (XLSXRow) -> Bool
    /// The workbook is broken (a shared string that is not there): the read stopped.
    private(set) var failure: XLSXFailure?

    private var row = XLSXRow()
    private var rowBytes = 0
    private var inSheetData = false
    private var inRow = false
    /// The current cell: its column, type and style.
    private var column = -1
    private var type = ""
    private var style = 0
    private var value: XLSXText
    private var inValue = false
    private var inInline = false
    private var phonetic = 0

    init(workbook: XLSXWorkbook, limits: InputLimits, path: String, take: @escaping (XLSXRow) -> Bool) {
        self.workbook = workbook
        self.limits = limits
        self.path = path
        self.take = take
        self.value = XLSXText(limit: limits.fieldBytes)
    }

    func startElement(_ name: XMLSAXParser.Name, attributes: XMLSAXParser.Attributes, line: Int) -> Bool {
        guard goesOn else { return false }
        let local = name.localName
        if local.matches("sheetData") {
            inSheetData = true
        } else if !inSheetData {
            return true
        } else if local.matches("row") {
            let previous = row.number
            row = XLSXRow(number: attributes.value("r").flatMap { Int($0) } ?? previous + 1,
                          cells: row.cells)
            row.cells.removeAll(keepingCapacity: true)
            rowBytes = 0
            column = -1
            inRow = true
        } else if inRow, local.matches("c") {
            let reference = attributes.value("r")
            column = reference.flatMap(Self.column(of:)) ?? column + 1
            if column >= Self.lastColumn, row.pastLastColumn == nil {
                row.pastLastColumn = reference ?? "column \(column + 1)"
            }
            type = attributes.value("t") ?? "n"
            style = attributes.value("s").flatMap { Int($0) } ?? 0
            value.removeAll()
        } else if local.matches("v") {
            inValue = true
        } else if local.matches("is") {
            inInline = true
        } else if local.matches("rPh") {
            phonetic += 1
        } else if inInline, phonetic == 0, local.matches("t") {
            inValue = true
        }
        return true
    }

    func endElement(_ name: XMLSAXParser.Name) {
        let local = name.localName
        if local.matches("v") || local.matches("t") {
            inValue = false
        } else if local.matches("is") {
            inInline = false
        } else if local.matches("rPh") {
            phonetic -= 1
        } else if local.matches("c"), inRow {
            endCell()
        } else if local.matches("row"), inRow {
            inRow = false
            if failure == nil, !row.isEmpty, !take(row) { stop() }
        } else if local.matches("sheetData") {
            inSheetData = false
        }
    }

    func characters(_ text: XMLSAXParser.Bytes) {
        if inValue { value.append(text) }
    }

    func parserWarning(_ problem: XMLSAXParser.Problem) {}

    /// Set when a row asks to stop; the parser is told at the next start tag.
    private var stopped = false
    private func stop() { stopped = true }
    /// Whether the read should go on.
    var goesOn: Bool { !stopped && failure == nil }

    /// Puts the current cell's value in the row.
    private func endCell() {
        guard column >= 0, column < Self.lastColumn, !value.isEmpty || type == "inlineStr" else { return }
        guard let text = cellValue() else { return }
        rowBytes += text.memory
        if case .tooLarge(let bytes) = text { rowBytes += bytes }
        guard rowBytes <= limits.lineBytes else {
            row.tooLong = true
            return
        }
        if row.cells.count <= column { row.cells.append(contentsOf: repeatElement(nil, count: column + 1 - row.cells.count)) }
        row.cells[column] = text
    }

    /// The current cell's value as the text of a feed value.
    private func cellValue() -> XLSXValue? {
        let stored = value.value
        guard case .text(let text) = stored else { return stored }
        switch type {
        case "s":
            guard let index = Int(text.trimmingSpaces()), workbook.sharedStrings.indices.contains(index) else {
                failure = .broken("\(path) is damaged: cell \(Self.reference(column, row.number)) of sheet '\(workbook.sheetName)' refers to shared string \(text), and the workbook has \(workbook.sharedStrings.count)", line: row.number)
                return nil
            }
            return workbook.sharedStrings[index]
        case "b":
            return .text(text == "1" ? "TRUE" : text == "0" ? "FALSE" : text)
        case "inlineStr", "str", "e", "d":
            return stored
        default:
            let isDate = workbook.dateStyles.indices.contains(style) && workbook.dateStyles[style]
            if isDate, let date = XLSXCellText.date(text, date1904: workbook.date1904) { return .text(date) }
            return .text(XLSXCellText.number(text))
        }
    }

    /// The 0-based column of a cell reference (`C5` is 2); `nil` when it is none.
    /// Columns past XFD come back as they are, for the row to be refused.
    static func column(of reference: String) -> Int? {
        var column = 0
        var letters = 0
        for b in reference.utf8 {
            let upper = b & ~0x20
            if upper >= UInt8(ascii: "A") && upper <= UInt8(ascii: "Z") && b >= 0x41 {
                letters += 1
                guard letters <= 4 else { return lastColumn }
                column = column * 26 + Int(upper - UInt8(ascii: "A") + 1)
            } else if b == UInt8(ascii: "$") {
                continue
            } else {
                break
            }
        }
        return letters == 0 ? nil : column - 1
    }

    /// `C5` for 0-based column 2 of row 5.
    static func reference(_ column: Int, _ row: Int) -> String {
        var letters = ""
        var n = column + 1
        while n > 0 {
            let r = (n - 1) % 26
            letters = String(UnicodeScalar(UInt8(65 + r))) + letters
            n = (n - 1) / 26
        }
        return "\(letters)\(row)"
    }
}
