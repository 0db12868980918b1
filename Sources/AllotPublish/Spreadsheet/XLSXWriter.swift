import Foundation
import ZIPFoundation

/// Writes an `ExportTable` as an Office Open XML workbook (`.xlsx`, ECMA-376)
/// of one worksheet, zipped with ZIPFoundation.
///
/// Six parts, the fewest a spreadsheet program opens without repair:
/// `[Content_Types].xml`, `_rels/.rels`, `xl/workbook.xml`,
/// `xl/_rels/workbook.xml.rels`, `xl/styles.xml`, `xl/worksheets/sheet1.xml`.
/// A table longer than a worksheet holds (1,048,576 rows with the header)
/// goes on as `sheet2.xml`…, each with the header row, titled `<title> 2`….
/// Text is written as inline strings (no shared-string table to keep in
/// step), numbers as numbers (`<v>` without a type), decimals with a number
/// format showing their decimals. The header row is bold, frozen and has an
/// autofilter; each column is as wide as its longest cell (CJK characters
/// count double), between `minimumWidth` and `maximumWidth`.
///
/// Deterministic: the ZIP entries' modification time is fixed, and
/// ZIPFoundation writes it as a DOS time in UTC, whatever the process's zone.
public enum XLSXWriter {
    /// Column widths in characters of the default font.
    static let minimumWidth = 6.0
    static let maximumWidth = 60.0

    /// Data rows of one worksheet: Excel's limit of 1,048,576 rows less the header.
    public static let rowsPerSheet = 1_048_575

    /// Style indices in `styles.xml`'s `cellXfs`.
    private enum Style: Int {
        case plain = 0, header = 1, oneDecimal = 2, fourDecimals = 3, thousandths = 4
    }

    /// The workbook's bytes.
    /// - Parameter modified: the entries' modification time.
    /// - Throws: ZIPFoundation's errors (an internal failure).
    /// - Complexity: O(total size of the cells).
    public static func workbook(_ table: ExportTable, modified: Date = Date(timeIntervalSince1970: 1_577_836_800),
                                rowsPerSheet: Int = rowsPerSheet) throws -> [UInt8] {
        precondition(rowsPerSheet > 0)
        var sheets = [ExportTable]()
        var start = 0
        repeat {
            let end = min(table.rows.count, start + rowsPerSheet)
            sheets.append(ExportTable(title: table.title, header: table.header, rows: Array(table.rows[start..<end])))
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

    static func worksheet(_ table: ExportTable) -> [UInt8] {
        let columns = max(table.header.count, table.rows.map(\.count).max() ?? 0)
        let lastCell = columnName(max(columns, 1) - 1) + String(table.rows.count + 1)
        var out = [UInt8]()
        out.reserveCapacity(64 * (table.rows.count + 1) * max(columns, 1))
        func put(_ text: String) { out.append(contentsOf: text.utf8) }
        put("""
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">\
            <dimension ref="A1:\(lastCell)"/>\
            <sheetViews><sheetView workbookViewId="0">\
            <pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>\
            <selection pane="bottomLeft" activeCell="A2" sqref="A2"/></sheetView></sheetViews>\
            <sheetFormatPr defaultRowHeight="15"/>
            """)
        if columns > 0 {
            put("<cols>")
            for (i, width) in widths(table, columns: columns).enumerated() {
                put("<col min=\"\(i + 1)\" max=\"\(i + 1)\" width=\"\(width)\" customWidth=\"1\"/>")
            }
            put("</cols>")
        }
        put("<sheetData>")
        var letters = (0..<columns).map(columnName)
        if letters.isEmpty { letters = ["A"] }
        func row(_ number: Int, _ cells: [ExportTable.Cell], style: Style?) {
            put("<row r=\"\(number)\">")
            for (i, cell) in cells.enumerated() {
                let reference = letters[i] + String(number)
                switch cell {
                case .text(let text):
                    let s = style.map { " s=\"\($0.rawValue)\"" } ?? ""
                    put("<c r=\"\(reference)\"\(s) t=\"inlineStr\"><is><t xml:space=\"preserve\">")
                    XMLWriter.appendEscaped(text, to: &out)
                    put("</t></is></c>")
                case .integer(let value):
                    put("<c r=\"\(reference)\"><v>\(value)</v></c>")
                case .decimal(let units, let scale):
                    let format: Style = scale == 1 ? .oneDecimal : scale == 4 ? .fourDecimals : scale == 3 ? .thousandths : .plain
                    put("<c r=\"\(reference)\" s=\"\(format.rawValue)\"><v>\(DecimalText.fixed(units, scale: scale))</v></c>")
                }
            }
            put("</row>")
        }
        row(1, table.header.map(ExportTable.Cell.text), style: .header)
        for (i, cells) in table.rows.enumerated() { row(i + 2, cells, style: nil) }
        put("</sheetData>")
        if columns > 0 { put("<autoFilter ref=\"A1:\(lastCell)\"/>") }
        put("</worksheet>")
        return out
    }

    /// Each column's width: its longest cell (header included) plus padding, clamped.
    /// Rows past the first 10,000 are not measured: a national plan has a million.
    static func widths(_ table: ExportTable, columns: Int) -> [String] {
        var longest = [Int](repeating: 0, count: columns)
        for (i, name) in table.header.enumerated() { longest[i] = max(longest[i], displayWidth(name)) }
        for cells in table.rows.prefix(10_000) {
            for (i, cell) in cells.enumerated() {
                let width: Int
                switch cell {
                case .text(let text): width = displayWidth(text)
                case .integer(let value): width = String(value).count
                case .decimal(let units, let scale): width = DecimalText.fixed(units, scale: scale).count
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

    /// Fonts: regular and bold; number formats 164 `0.0`, 165 `0.0000`, 166 `0.000`.
    static let styles = """
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">\
        <numFmts count="3"><numFmt numFmtId="164" formatCode="0.0"/><numFmt numFmtId="165" formatCode="0.0000"/>\
        <numFmt numFmtId="166" formatCode="0.000"/></numFmts>\
        <fonts count="2"><font><sz val="11"/><name val="Calibri"/><family val="2"/></font>\
        <font><b/><sz val="11"/><name val="Calibri"/><family val="2"/></font></fonts>\
        <fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>\
        <borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>\
        <cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>\
        <cellXfs count="5"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>\
        <xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/>\
        <xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>\
        <xf numFmtId="165" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>\
        <xf numFmtId="166" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs>\
        <cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>\
        </styleSheet>
        """
}
