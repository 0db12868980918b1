import AllotCore
import Foundation

/// Reads a region table: `code,name,level,parent_code,lat,lon` (SPEC 1).
public enum RegionTableFile {
    /// The national table shipped with allot (GB/T 2260, 2020 edition; see
    /// `Resources/regions-cn.README.md` for sources and licences).
    public static func builtIn() throws -> RegionTable {
        let displayPath = "(built-in) regions-cn.csv"
        guard let url = Bundle.module.url(forResource: "regions-cn", withExtension: "csv") else {
            throw ReferenceTableError(path: displayPath, line: 0, message: "the built-in region table is missing from the installation")
        }
        let file: InputFile
        do throws(InputFileError) {
            file = try InputFolder(url.deletingLastPathComponent()).open(url.lastPathComponent)
        } catch {
            throw ReferenceTableError(path: displayPath, line: 0, message: error.explained("it must be a file"))
        }
        return try read(file, displayPath: displayPath)
    }

    /// Where the table lies in the inputs folder.
    public static let path = "reference/regions.csv"

    /// Reads the table `InputFolder` opened; any bad row makes the table unusable.
    /// - Throws: `ReferenceTableError` naming the row.
    public static func read(_ file: InputFile) throws -> RegionTable {
        try read(file, displayPath: file.path)
    }

    private static func read(_ file: InputFile, displayPath: String) throws -> RegionTable {
        let csv = try ReferenceCSV.openStrictly(file, displayPath: displayPath,
                                                required: ["code", "name", "level", "parent_code", "lat", "lon"],
                                                what: "region table")
        let (table, header, columns) = (csv.table, csv.header, csv.columns)
        var regions = [Region]()
        var seen = Set<RegionCode>()
        for row in table.rows {
            func fail(_ field: String, _ message: String) -> ReferenceTableError {
                ReferenceTableError(path: displayPath, line: row.line, field: field, message: message)
            }
            if row.problem != nil || row.fields.count != header.fields.count {
                throw fail("", "the row does not have the header's \(header.fields.count) fields")
            }
            let codeText = columns.value("code", in: row.fields) ?? ""
            guard let code = RegionCode(text: codeText) else { throw fail("code", "\(codeText) is not a six-digit code") }
            guard seen.insert(code).inserted else { throw fail("code", "\(code) appears twice") }
            guard let name = columns.value("name", in: row.fields).map(TextNormalization.nfkc) else {
                throw fail("name", "name is required")
            }
            let levelText = columns.value("level", in: row.fields) ?? ""
            guard let level = Region.Level(rawValue: levelText.lowercased()) else {
                throw fail("level", "\(levelText) is not province, prefecture or county")
            }
            var parent: RegionCode? = nil
            if let p = columns.value("parent_code", in: row.fields) {
                guard let pc = RegionCode(text: p) else { throw fail("parent_code", "\(p) is not a six-digit code") }
                parent = pc
            }
            guard let lat = columns.value("lat", in: row.fields).flatMap(Double.init), (-90...90).contains(lat) else {
                throw fail("lat", "lat must be a latitude in degrees")
            }
            guard let lon = columns.value("lon", in: row.fields).flatMap(Double.init), (-180...180).contains(lon) else {
                throw fail("lon", "lon must be a longitude in degrees")
            }
            regions.append(Region(code: code, name: name, level: level, parentCode: parent, latitude: lat, longitude: lon))
        }
        guard !regions.isEmpty else { throw ReferenceTableError(path: displayPath, line: 1, message: "the region table has no rows") }
        for r in regions {
            if let p = r.parentCode, !seen.contains(p) {
                throw ReferenceTableError(path: displayPath, line: 0, field: "parent_code",
                                          message: "\(r.code) \(r.name) names parent \(p), which is not in the table")
            }
        }
        return RegionTable(regions: regions)
    }
}
