import Foundation
import ZIPFoundation

/// Small workbooks for the reader's tests, written part by part as a
/// spreadsheet program would: a first sheet, shared strings, styles (style
/// 1 a built-in date, 2 a custom date and time, 3 a plain number).
enum XLSXFixture {
    static let main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    static let relationships = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"

    /// A workbook whose first sheet's `<sheetData>` holds `rows` (XML), with `strings` shared.
    static func workbook(rows: String, strings: [String] = [], date1904: Bool = false,
                         sheetPart: String? = "xl/worksheets/sheet1.xml") throws -> [UInt8] {
        var parts: [(String, [UInt8])] = [
            ("xl/workbook.xml", Array("""
                <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
                <workbook xmlns="\(main)" xmlns:r="\(relationships)">\
                <workbookPr\(date1904 ? " date1904=\"1\"" : "")/>\
                <sheets><sheet name="需求" sheetId="1" r:id="rId1"/><sheet name="说明" sheetId="2" r:id="rId9"/></sheets>\
                </workbook>
                """.utf8)),
            ("xl/_rels/workbook.xml.rels", Array("""
                <?xml version="1.0" encoding="UTF-8"?>
                <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\
                <Relationship Id="rId1" Type="\(relationships)/worksheet" Target="worksheets/sheet1.xml"/>\
                <Relationship Id="rId2" Type="\(relationships)/styles" Target="styles.xml"/>\
                <Relationship Id="rId3" Type="\(relationships)/sharedStrings" Target="/xl/sharedStrings.xml"/>\
                </Relationships>
                """.utf8)),
            ("xl/styles.xml", Array("""
                <?xml version="1.0" encoding="UTF-8"?>
                <styleSheet xmlns="\(main)"><numFmts count="1"><numFmt numFmtId="164" formatCode="yyyy&quot;年&quot;m&quot;月&quot;d&quot;日&quot; h:mm"/></numFmts>\
                <cellStyleXfs count="1"><xf numFmtId="14"/></cellStyleXfs>\
                <cellXfs count="4"><xf numFmtId="0"/><xf numFmtId="14"/><xf numFmtId="164"/><xf numFmtId="3"/></cellXfs>\
                </styleSheet>
                """.utf8)),
            ("xl/sharedStrings.xml", Array(("""
                <?xml version="1.0" encoding="UTF-8"?>
                <sst xmlns="\(main)" count="\(strings.count)">
                """ + strings.map { "<si><t xml:space=\"preserve\">\(escaped($0))</t></si>" }.joined() + "</sst>").utf8)),
        ]
        if let sheetPart {
            parts.append((sheetPart, Array(("""
                <?xml version="1.0" encoding="UTF-8"?>
                <worksheet xmlns="\(main)" xmlns:r="\(relationships)"><sheetData>
                """ + rows + "</sheetData></worksheet>").utf8)))
        }
        return try zip(parts)
    }

    /// The parts zipped, deflated.
    static func zip(_ parts: [(String, [UInt8])]) throws -> [UInt8] {
        let archive = try Archive(data: Data(), accessMode: .create)
        for (path, bytes) in parts {
            try archive.addEntry(with: path, type: .file, uncompressedSize: Int64(bytes.count),
                                 compressionMethod: .deflate) { position, size in
                Data(bytes[Int(position)..<Int(position) + size])
            }
        }
        return [UInt8](archive.data!)
    }

    /// A row of inline strings and numbers: `"s:text"` is a shared string's
    /// index, `"n:5"` a number, `"d1:43872"` a number in style 1; other texts are inline strings.
    static func row(_ number: Int, _ cells: [String?]) -> String {
        var out = "<row r=\"\(number)\">"
        for (i, cell) in cells.enumerated() {
            guard let cell else { continue }
            let ref = "\(column(i))\(number)"
            if cell.hasPrefix("n:") {
                out += "<c r=\"\(ref)\"><v>\(cell.dropFirst(2))</v></c>"
            } else if cell.hasPrefix("s:") {
                out += "<c r=\"\(ref)\" t=\"s\"><v>\(cell.dropFirst(2))</v></c>"
            } else if cell.hasPrefix("d1:") || cell.hasPrefix("d2:") {
                out += "<c r=\"\(ref)\" s=\"\(cell.dropFirst(1).prefix(1))\"><v>\(cell.dropFirst(3))</v></c>"
            } else {
                out += "<c r=\"\(ref)\" t=\"inlineStr\"><is><t>\(escaped(cell))</t></is></c>"
            }
        }
        return out + "</row>"
    }

    static func column(_ index: Int) -> String {
        var letters = ""
        var n = index + 1
        while n > 0 {
            letters = String(UnicodeScalar(UInt8(65 + (n - 1) % 26))) + letters
            n = (n - 1) / 26
        }
        return letters
    }

    static func escaped(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
    }
}
