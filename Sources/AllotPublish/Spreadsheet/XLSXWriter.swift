import Foundation
import ZIPFoundation

/// Writes an `ExportTable` as an Office Open XML workbook (`.xlsx`, ECMA-376)
/// of one worksheet, zipped with ZIPFoundation.
///
/// Six parts, the fewest a spreadsheet program opens without repair:
/// `[Content_Types].xml`, `_rels/.rels`, `xl/workbook.xml`,
/// `xl/_rels/workbook.xml.rels`, `xl/styles.xml`, `xl/worksheets/sheet1.xml`.
/// A sheet is the table's `planDate` row when it has one (a bold label, a
/// date cell), the header row (bold, frozen, with an autofilter over the
/// rows below it), the rows, and the table's `totalsRows(of:)` for those
/// rows (bold, below the filter's range, so sorting and filtering leave them
/// in place). A table longer than a worksheet holds (1,048,576 rows) goes
/// on as `sheet2.xml`…, each with the plan date, the header and the totals
/// of its own rows, titled `<title> 2`….
/// Text is written as inline strings (no shared-string table to keep in
/// step; empty text is no cell at all), numbers as numbers (`<v>` without a type), decimals with a number
/// format showing their decimals, dates as Excel's serial day numbers with a
/// `yyyy-mm-dd` format, ratios with a percentage format (`Style`). Each column
/// is as wide as its longest cell (CJK characters count double), between
/// `minimumWidth` and `maximumWidth`.
///
/// Deterministic: the ZIP entries' modification time is fixed, and
/// ZIPFoundation writes it as a DOS time in UTC, whatever the process's zone.
public enum XLSXWriter {
    /// Column widths in characters of the default font.
    static let minimumWidth = 6.0
    static let maximumWidth = 60.0

    /// Rows of one worksheet: Excel's limit.
    public static let maximumRows = 1_048_576

    /// Excel's serial number of 1970-01-01 (day 0 is 1899-12-30 in the 1900 date system).
    static let serialOfUnixEpoch: Int32 = 25_569
    /// The first day whose serial Excel and every other reader agree on: 1900-03-01
    /// (Excel counts a 1900-02-29 that never was). Earlier days are written as text.
    static let firstSerialDay: Int32 = 61

    /// A cell's style: an index in `styles.xml`'s `cellXfs`, which `styles` writes from these cases.
    enum Style: Int, CaseIterable {
        case plain = 0, bold, oneDecimal, fourDecimals, thousandths, date, percent, boldPercent

        /// `numFmts`' custom formats (ids from 164, as ECMA-376 leaves the lower ones built in).
        static let customFormats: [(id: Int, code: String)] = [
            (164, "0.0"), (165, "0.0000"), (166, "0.000"), (167, "yyyy-mm-dd"), (168, "0.00%"),
        ]

        var numberFormat: Int {
            switch self {
            case .plain, .bold: return 0
            case .oneDecimal: return 164
            case .fourDecimals: return 165
            case .thousandths: return 166
            case .date: return 167
            case .percent, .boldPercent: return 168
            }
        }

        var isBold: Bool { self == .bold || self == .boldPercent }

        /// The style of a decimal of `scale` places (`plain` for a scale without a format).
        static func decimal(scale: Int) -> Style {
            switch scale {
            case 1: return .oneDecimal
            case 3: return .thousandths
            case 4: return .fourDecimals
            default: return .plain
            }
        }
    }

    /// The workbook's bytes.
    /// - Parameters:
    ///   - modified: the entries' modification time.
    ///   - rowsPerSheet: the table's rows on one worksheet; by default as many as fit beside the
    ///     plan date, header and totals rows.
    /// - Throws: ZIPFoundation's errors (an internal failure).
    /// - Complexity: O(total size of the cells).
    public static func workbook(_ table: ExportTable, modified: Date = Date(timeIntervalSince1970: 1_577_836_800),
                                rowsPerSheet: Int? = nil) throws -> [UInt8] {
        // A part of the rows has at most as many totals rows as the whole table, and at least one.
        let rowsPerSheet = rowsPerSheet
            ?? maximumRows - headerRow(table) - max(1, table.totalsRows(of: table.rows).count)
        precondition(rowsPerSheet > 0)
        var sheets = [ExportTable]()
        var start = 0
        repeat {
            let end = min(table.rows.count, start + rowsPerSheet)
            var sheet = table
            sheet.rows = Array(table.rows[start..<end])
            sheets.append(sheet)
            start = end
        } while start < table.rows.count
        let titles = sheets.count == 1 ? [sheetTitle(table.title)]
            : sheets.indices.map { i in sheetTitle(String(table.title.prefix(31 - " \(i + 1)".count)) + " \(i + 1)") }
        var parts: [(String, [UInt8])] = [
            ("[Content_Types].xml", Array(contentTypes(sheets: sheets.count).utf8)),
            ("_rels/.rels", Array(rootRelationships.utf8)),
            ("xl/workbook.xml", workbookXML(titles: titles)),
            ("xl/_rels/workbook.xml.rels", Array(workbookRelationships(sheets: sheets.count).utf8)),
            ("xl/styles.xml", Array(styles.utf8)),
        ]
        for (i, sheet) in sheets.enumerated() { parts.append(("xl/worksheets/sheet\(i + 1).xml", worksheet(sheet))) }
        let archive = try Archive(data: Data(), accessMode: .create)
        for (path, bytes) in parts {
            try archive.addEntry(with: path, type: .file, uncompressedSize: Int64(bytes.count), modificationDate: modified,
                                 compressionMethod: .deflate) { position, size in
                Data(bytes[Int(position)..<Int(position) + size])
            }
        }
        guard let data = archive.data else { throw CocoaError(.fileWriteUnknown) }
        return [UInt8](data)
    }

    // MARK: - Worksheet

    /// The header's row number: 2 below a plan date row, else 1.
    static func headerRow(_ table: ExportTable) -> Int { table.planDate == nil ? 1 : 2 }

    /// One worksheet of the whole table `table` (its rows are the sheet's).
    static func worksheet(_ table: ExportTable) -> [UInt8] {
        let totals = table.totalsRows(of: table.rows)
        let headerRow = headerRow(table)
        let lastDataRow = headerRow + table.rows.count
        let columns = max(table.header.count, table.rows.map(\.count).max() ?? 0, table.planDate == nil ? 0 : 2)
        let lastLetter = columnName(max(columns, 1) - 1)
        var out = [UInt8]()
        out.reserveCapacity(64 * (table.rows.count + 1) * max(columns, 1))
        func put(_ text: String) { out.append(contentsOf: text.utf8) }
        put("""
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">\
            <dimension ref="A1:\(lastLetter)\(lastDataRow + totals.count)"/>\
            <sheetViews><sheetView workbookViewId="0">\
            <pane ySplit="\(headerRow)" topLeftCell="A\(headerRow + 1)" activePane="bottomLeft" state="frozen"/>\
            <selection pane="bottomLeft" activeCell="A\(headerRow + 1)" sqref="A\(headerRow + 1)"/></sheetView></sheetViews>\
            <sheetFormatPr defaultRowHeight="15"/>
            """)
        if columns > 0 {
            put("<cols>")
            for (i, width) in widths(table, columns: columns, totals: totals).enumerated() {
                put("<col min=\"\(i + 1)\" max=\"\(i + 1)\" width=\"\(width)\" customWidth=\"1\"/>")
            }
            put("</cols>")
        }
        put("<sheetData>")
        var letters = (0..<columns).map(columnName)
        if letters.isEmpty { letters = ["A"] }
        func row(_ number: Int, _ cells: [ExportTable.Cell], bold: Bool) {
            put("<row r=\"\(number)\">")
            for (i, cell) in cells.enumerated() {
                let reference = letters[i] + String(number)
                func styled(_ style: Style) -> String { style == .plain ? "" : " s=\"\(style.rawValue)\"" }
                func text(_ text: String) {
                    put("<c r=\"\(reference)\"\(styled(bold ? .bold : .plain)) t=\"inlineStr\"><is><t xml:space=\"preserve\">")
                    XMLWriter.appendEscaped(text, to: &out)
                    put("</t></is></c>")
                }
                switch cell {
                case .text(""):
                    continue  // no cell: blank to the spreadsheet's filters and formulas, as a CSV's empty field
                case .text(let value):
                    text(value)
                case .integer(let value):
                    put("<c r=\"\(reference)\"\(styled(bold ? .bold : .plain))><v>\(value)</v></c>")
                case .decimal(let units, let scale):
                    put("<c r=\"\(reference)\"\(styled(.decimal(scale: scale)))><v>\(DecimalText.fixed(units, scale: scale))</v></c>")
                case .date(let date):
                    let serial = date.dayNumber + serialOfUnixEpoch
                    if serial >= firstSerialDay {
                        put("<c r=\"\(reference)\"\(styled(.date))><v>\(serial)</v></c>")
                    } else {
                        text(date.description)
                    }
                case .ratio(let units, let scale):
                    put("<c r=\"\(reference)\"\(styled(bold ? .boldPercent : .percent))>"
                        + "<v>\(DecimalText.fixed(units, scale: scale))</v></c>")
                }
            }
            put("</row>")
        }
        if let planDate = table.planDate { row(1, [.text(planDate.label), .date(planDate.date)], bold: true) }
        row(headerRow, table.header.map(ExportTable.Cell.text), bold: true)
        for (i, cells) in table.rows.enumerated() { row(headerRow + 1 + i, cells, bold: false) }
        for (i, cells) in totals.enumerated() { row(lastDataRow + 1 + i, cells, bold: true) }
        put("</sheetData>")
        if columns > 0 { put("<autoFilter ref=\"A\(headerRow):\(lastLetter)\(lastDataRow)\"/>") }
        put("</worksheet>")
        return out
    }

    /// Each column's width: its longest cell (plan date, header and `totals` rows included) plus
    /// padding, clamped. Rows past the first 10,000 are not measured: a national plan has a million.
    static func widths(_ table: ExportTable, columns: Int, totals: [[ExportTable.Cell]] = []) -> [String] {
        var longest = [Int](repeating: 0, count: columns)
        for (i, name) in table.header.enumerated() { longest[i] = max(longest[i], displayWidth(name)) }
        let planDateRow: [[ExportTable.Cell]] = table.planDate.map { [[.text($0.label), .date($0.date)]] } ?? []
        for cells in planDateRow + table.rows.prefix(10_000) + totals {
            for (i, cell) in cells.enumerated() {
                let width: Int
                switch cell {
                case .text(let text): width = displayWidth(text)
                case .integer(let value): width = String(value).count
                case .decimal(let units, let scale): width = DecimalText.fixed(units, scale: scale).count
                case .date: width = "2020-02-11".count
                case .ratio(let units, let scale): width = DecimalText.fixed(units, scale: scale).count + 1  // 40.60%
                }
                longest[i] = max(longest[i], width)
            }
        }
        return longest.map { count in
            let width = min(maximumWidth, max(minimumWidth, Double(count) + 2))
            return width == width.rounded() ? String(Int(width)) : String(width)
        }
    }

    /// Characters as a spreadsheet shows them: East Asian wide characters take two columns.
    static func displayWidth(_ text: String) -> Int {
        var width = 0
        for scalar in text.unicodeScalars.prefix(200) {
            switch scalar.value {
            case 0x1100...0x115F, 0x2E80...0xA4CF, 0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE30...0xFE4F, 0xFF00...0xFF60,
                 0xFFE0...0xFFE6, 0x20000...0x3FFFD:
                width += 2
            default:
                width += 1
            }
        }
        return width
    }

    /// `A`, `B`, …, `Z`, `AA`, … for a 0-based column.
    static func columnName(_ index: Int) -> String {
        var n = index + 1, name = ""
        while n > 0 {
            let r = (n - 1) % 26
            name = String(UnicodeScalar(UInt8(65 + r))) + name
            n = (n - 1) / 26
        }
        return name
    }

    /// A worksheet name Excel accepts: at most 31 characters, none of `[]:*?/\`, not empty.
    static func sheetTitle(_ title: String) -> String {
        let cleaned = String(title.map { "[]:*?/\\".contains($0) ? "_" : $0 }.prefix(31))
        return cleaned.isEmpty ? "Sheet1" : cleaned
    }

    // MARK: - Fixed parts

    static func workbookXML(titles: [String]) -> [UInt8] {
        var out = Array("""
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" \
            xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>
            """.utf8)
        for (i, title) in titles.enumerated() {
            out.append(contentsOf: "<sheet name=\"".utf8)
            XMLWriter.appendEscaped(title, to: &out)
            out.append(contentsOf: "\" sheetId=\"\(i + 1)\" r:id=\"rId\(i + 2)\"/>".utf8)
        }
        out.append(contentsOf: "</sheets></workbook>".utf8)
        return out
    }

    static func contentTypes(sheets: Int) -> String {
        """
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">\
        <Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>\
        <Default Extension="xml" ContentType="application/xml"/>\
        <Override PartName="/xl/workbook.xml" \
        ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>
        """ + (1...sheets).map { i in
            "<Override PartName=\"/xl/worksheets/sheet\(i).xml\" "
                + "ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml\"/>"
        }.joined() + """
        <Override PartName="/xl/styles.xml" \
        ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>\
        </Types>
        """
    }

    static let rootRelationships = """
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\
        <Relationship Id="rId1" \
        Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" \
        Target="xl/workbook.xml"/></Relationships>
        """

    /// `rId1` the styles, `rId2`… the worksheets.
    static func workbookRelationships(sheets: Int) -> String {
        """
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\
        <Relationship Id="rId1" \
        Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" \
        Target="styles.xml"/>
        """ + (1...sheets).map { i in
            "<Relationship Id=\"rId\(i + 1)\" "
                + "Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet\" "
                + "Target=\"worksheets/sheet\(i).xml\"/>"
        }.joined() + "</Relationships>"
    }

    /// Fonts regular and bold; `numFmts` and `cellXfs` written from `Style`, one `xf` per case in
    /// the order of their raw values.
    static let styles: String = {
        let formats = Style.customFormats.map { "<numFmt numFmtId=\"\($0.id)\" formatCode=\"\($0.code)\"/>" }
        let xfs = Style.allCases.map { style in
            "<xf numFmtId=\"\(style.numberFormat)\" fontId=\"\(style.isBold ? 1 : 0)\" fillId=\"0\" borderId=\"0\" xfId=\"0\""
                + (style.numberFormat == 0 ? "" : " applyNumberFormat=\"1\"") + (style.isBold ? " applyFont=\"1\"" : "") + "/>"
        }
        return """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">\
            <numFmts count="\(formats.count)">\(formats.joined())</numFmts>\
            <fonts count="2"><font><sz val="11"/><name val="Calibri"/><family val="2"/></font>\
            <font><b/><sz val="11"/><name val="Calibri"/><family val="2"/></font></fonts>\
            <fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>\
            <borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>\
            <cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>\
            <cellXfs count="\(xfs.count)">\(xfs.joined())</cellXfs>\
            <cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>\
            </styleSheet>
            """
    }()
}
