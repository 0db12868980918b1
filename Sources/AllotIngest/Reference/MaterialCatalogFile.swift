import AllotCore
import Foundation

/// Reads `reference/materials.csv`, which replaces the built-in catalog:
/// `code,name,canonical_unit,kg_per_unit,aliases,units,per_worker_daily`,
/// aliases and units `|`-separated, units as `name=factor` (SPEC 3).
public enum MaterialCatalogFile {
    /// Where the catalog lies in the inputs folder.
    public static let path = "reference/materials.csv"

    /// Reads the catalog `InputFolder` opened.
    /// - Throws: `ReferenceTableError` naming the row when any row is bad.
    public static func read(_ file: InputFile) throws -> MaterialCatalog {
        try read(file, limits: InputLimits())
    }

    /// `read(_:)` under `[limits]`: a row or value past them makes the catalog unusable too.
    public static func read(_ file: InputFile, limits: InputLimits) throws -> MaterialCatalog {
        let displayPath = file.path
        let csv = try ReferenceCSV.openStrictly(file, displayPath: displayPath,
                                                required: ["code", "name", "canonical_unit", "kg_per_unit"],
                                                what: "material catalog", limits: limits)
        let (table, header, columns) = (csv.table, csv.header, csv.columns)
        var materials = [Material]()
        var claimed = [String: String]()   // lookup key -> material code
        for row in table.rows {
            func fail(_ field: String, _ message: String) -> ReferenceTableError {
                ReferenceTableError(path: displayPath, line: row.line, field: field, message: message)
            }
            if row.problem != nil || row.fields.count != header.fields.count {
                throw fail("", "the row does not have the header's \(header.fields.count) fields")
            }
            guard let code = columns.value("code", in: row.fields) else { throw fail("code", "code is required") }
            guard let name = columns.value("name", in: row.fields) else { throw fail("name", "name is required") }
            let unitText = columns.value("canonical_unit", in: row.fields) ?? ""
            guard let unit = CanonicalUnit(rawValue: unitText.lowercased()) else {
                throw fail("canonical_unit", "\(unitText) is not kg or piece")
            }
            let kgText = columns.value("kg_per_unit", in: row.fields) ?? ""
            guard let kg = ExactDecimal(kgText) else { throw fail("kg_per_unit", "\(kgText) is not a decimal number") }
            let aliases = (columns.value("aliases", in: row.fields) ?? "")
                .split(separator: "|").map { $0.trimmingSpaces() }.filter { !$0.isEmpty }
            var units = [String: ExactDecimal]()
            for part in (columns.value("units", in: row.fields) ?? "").split(separator: "|") {
                let pieces = part.split(separator: "=", maxSplits: 1).map { $0.trimmingSpaces() }
                guard pieces.count == 2, !pieces[0].isEmpty, let factor = ExactDecimal(pieces[1]), factor.significand > 0 else {
                    throw fail("units", "\(part) is not name=factor with a positive factor")
                }
                units[pieces[0]] = factor
            }
            let perWorkerText = columns.value("per_worker_daily", in: row.fields) ?? "0"
            guard let perWorker = ExactDecimal(perWorkerText) else {
                throw fail("per_worker_daily", "\(perWorkerText) is not a decimal number")
            }
            for n in [code, name] + aliases {
                let key = TextNormalization.lookupKey(n)
                if let other = claimed[key], other != code {
                    throw fail("aliases", "\(n) already names \(other)")
                }
                claimed[key] = code
            }
            materials.append(Material(code: MaterialCode(code), name: name, canonicalUnit: unit, kilogramsPerUnit: kg,
                                      aliases: aliases, units: units, perWorkerDaily: perWorker))
        }
        guard !materials.isEmpty else { throw ReferenceTableError(path: displayPath, line: 1, message: "the material catalog has no rows") }
        return MaterialCatalog(materials: materials, normalize: TextNormalization.lookupKey)
    }
}
