import BenchmarkSupport
import Foundation

/// A county-level unit of the built-in region table, with the names above it,
/// as the generator uses it for regions, credit codes and enterprise names.
struct County {
    var code: Int32
    var name: String
    /// The prefecture's name, or the province's where there is no prefecture (Beijing's districts...).
    var parentName: String

    /// The six digits.
    var codeText: String { String(code) }

    /// The counties of a region table file (`code,name,level,parent_code,lat,lon`).
    ///
    /// Read here with a plain split, not with the package's CSV reader, so the
    /// data does not depend on the code it measures. The table has no quoted fields.
    static func load(from url: URL) throws -> [County] {
        let text = try String(contentsOf: url, encoding: .utf8)
        var nameByCode = [String: String]()
        var rows = [[String]]()
        for line in text.split(whereSeparator: \.isNewline).dropFirst() {
            let fields = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            guard fields.count == 6 else { throw BenchmarkError("\(url.lastPathComponent): a row without 6 fields: \(line)") }
            nameByCode[fields[0]] = fields[1]
            rows.append(fields)
        }
        let counties = rows.compactMap { f -> County? in
            guard f[2] == "county", let code = Int32(f[0]) else { return nil }
            return County(code: code, name: f[1], parentName: nameByCode[f[3]] ?? "")
        }
        guard counties.count > 1000 else {
            throw BenchmarkError("\(url.lastPathComponent) has \(counties.count) counties; expected the national table")
        }
        return counties
    }
}
