import AllotCore
import Foundation

/// Reads a region table: `code,name,level,parent_code,lat,lon` (SPEC 1).
public enum RegionTableFile {
    /// The national table shipped with allot (GB/T 2260, 2020 edition; see
    /// `Resources/regions-cn.README.md` for sources and licences).
    public static func builtIn() throws -> RegionTable {
        let displayPath = "(built-in) regions-cn.csv"
        guard let url = Bundle.module.url(forResource: "regions-cn", withExtension: "csv") else {
            throw ReferenceTableError(path: displayPath, line: 0,
                                      message: "the built-in region table is missing from the installation")
        }
        let file: InputFile
        do throws(InputFileError) {
            file = try InputFolder(url.deletingLastPathComponent()).open(url.lastPathComponent)
        } catch {
            throw ReferenceTableError(path: displayPath, line: 0, message: error.explained("it must be a file"))
        }
        return try read(file, displayPath: displayPath, limits: InputLimits())
    }

    /// Where the table lies in the inputs folder.
    public static let path = "reference/regions.csv"

    /// Reads the table `InputFolder` opened; any bad row makes the table unusable.
    /// - Throws: `ReferenceTableError` naming the row.
    public static func read(_ file: InputFile) throws -> RegionTable {
        try read(file, limits: InputLimits())
    }

    /// `read(_:)` under `[limits]`: a row or value past them makes the table unusable too.
    public static func read(_ file: InputFile, limits: InputLimits) throws -> RegionTable {
        try read(file, displayPath: file.path, limits: limits)
    }

    private static func read(_ file: InputFile, displayPath: String, limits: InputLimits) throws -> RegionTable {
        let csv = try ReferenceCSV.openStrictly(file, displayPath: displayPath,
                                                required: ["code", "name", "level", "parent_code", "lat", "lon"],
                                                what: "region table", limits: limits)
        let (table, header, columns) = (csv.table, csv.header, csv.columns)
        var regions = [Region]()
        var seen = Set<RegionCode>()
        var lines = [RegionCode: Int]()
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
                guard pc != code else { throw fail("parent_code", "\(code) \(name) names itself as its parent") }
                parent = pc
            }
            guard let lat = columns.value("lat", in: row.fields).flatMap(Double.init), (-90...90).contains(lat) else {
                throw fail("lat", "lat must be a latitude in degrees")
            }
            guard let lon = columns.value("lon", in: row.fields).flatMap(Double.init), (-180...180).contains(lon) else {
                throw fail("lon", "lon must be a longitude in degrees")
            }
            regions.append(Region(code: code, name: name, level: level, parentCode: parent, latitude: lat, longitude: lon))
            lines[code] = row.line
        }
        guard !regions.isEmpty else { throw ReferenceTableError(path: displayPath, line: 1, message: "the region table has no rows") }
        for r in regions {
            if let p = r.parentCode, !seen.contains(p) {
                throw ReferenceTableError(path: displayPath, line: 0, field: "parent_code",
                                          message: "\(r.code) \(r.name) names parent \(p), which is not in the table")
            }
        }
        try checkParentsEnd(regions, lines: lines, displayPath: displayPath)
        return RegionTable(regions: regions)
    }

    /// Every unit's chain of parents must end at a unit without one: parents
    /// that go round in a circle would put a unit inside itself. Names the
    /// circle's row that comes first in the file.
    /// - Complexity: O(n): each unit is followed once.
    private static func checkParentsEnd(_ regions: [Region], lines: [RegionCode: Int], displayPath: String) throws {
        var parentOf = [RegionCode: RegionCode](minimumCapacity: regions.count)
        var names = [RegionCode: String](minimumCapacity: regions.count)
        for r in regions {
            parentOf[r.code] = r.parentCode
            names[r.code] = r.name
        }
        var ending = Set<RegionCode>()   // units whose chain is known to end
        for r in regions {
            var path = [RegionCode]()
            var onPath = Set<RegionCode>()
            var current: RegionCode? = r.code
            while let code = current, !ending.contains(code) {
                guard onPath.insert(code).inserted else {
                    var circle = Array(path[path.firstIndex(of: code)!...])
                    let first = circle.indices.min { lines[circle[$0]]! < lines[circle[$1]]! }!
                    circle = Array(circle[first...] + circle[..<first])
                    let unit = circle[0]
                    throw ReferenceTableError(
                        path: displayPath, line: lines[unit]!, field: "parent_code",
                        message: "the parents of \(unit) \(names[unit]!) go round in a circle ("
                            + (circle + [unit]).map(\.description).joined(separator: " → ")
                            + "): a unit cannot lie inside itself")
                }
                path.append(code)
                current = parentOf[code]
            }
            ending.formUnion(path)
        }
    }
}
