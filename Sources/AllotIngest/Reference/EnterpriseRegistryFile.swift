import AllotCore
import Foundation

/// Reads `reference/enterprises.csv` (SPEC 4.3): `enterprise_id,
/// enterprise_name, region, category, workers`. A bad row is a reject and the
/// run goes on (SPEC 11); a second row for one enterprise is a reject too.
public enum EnterpriseRegistryFile {
    public struct Result: Sendable {
        public var registry: [CreditCode: Enterprise] = [:]
        public var rejects: [Reject] = []
        public var recordCount = 0
        public var encoding: TextEncoding?
    }

    /// Where the registry lies in the inputs folder.
    public static let path = "reference/enterprises.csv"

    /// The columns read.
    static let columns = ["enterprise_id", "enterprise_name", "region", "category", "workers"]

    /// Reads the registry `InputFolder` opened.
    public static func read(_ file: InputFile, reference: ReferenceData) -> Result {
        var result = Result()
        let displayPath = file.path
        let limits = reference.policy.limits
        guard let csv = ReferenceCSV.openLeniently(file, required: ["enterprise_id"], limits: limits,
                                                   encoding: &result.encoding, rejects: &result.rejects) else { return result }
        let (table, header, columns) = (csv.table, csv.header, csv.columns)
        let values = RecordNormalizer(reference: reference)
        var firstLine = [CreditCode: Int]()
        for row in table.rows {
            result.recordCount += 1
            if let problem = ReferenceCSV.oversize(row, header: header, limits: limits) {
                result.rejects.append(Reject(file: displayPath, line: row.line, field: problem.field, source: "registry",
                                             code: problem.code, message: problem.message, raw: problem.raw))
                continue
            }
            let id = columns.value("enterprise_id", in: row.fields) ?? ""
            func reject(_ field: String, _ code: RejectCode, _ message: String) {
                result.rejects.append(Reject(file: displayPath, line: row.line, field: field, source: "registry",
                                             recordID: id, code: code, message: message, raw: row.raw))
            }
            if let problem = row.problem {
                reject("", problem == .unterminatedQuote ? .unterminatedQuote : .badEncoding,
                       problem == .unterminatedQuote ? "a quoted field is not closed before the end of the file" : "the row is not valid text in the file's encoding")
                continue
            }
            guard row.fields.count == header.fields.count else {
                reject("", .wrongFieldCount, "row has \(row.fields.count) fields, the header has \(header.fields.count)")
                continue
            }
            if let (column, message) = columns.controlCharacter(among: Self.columns, in: row.fields) {
                reject(column, .controlCharacter, message)
                continue
            }
            do {
                let code: CreditCode
                switch CreditCode.parse(id.uppercased()) {
                case .success(let c): code = c
                case .failure(let p):
                    throw FieldProblem(.enterpriseID, id.isEmpty ? .missingField : .badCreditCode,
                                       id.isEmpty ? "enterprise_id is required" : "\(id): \(p)")
                }
                var enterprise = Enterprise(id: code, name: columns.value("enterprise_name", in: row.fields))
                if let r = columns.value("region", in: row.fields) { enterprise.region = try values.region(r) }
                if let c = columns.value("category", in: row.fields) {
                    guard let category = Category(text: c) else {
                        throw FieldProblem(.category, .badCategory, "\(c) is not a category (\(Category.allCases.map(\.rawValue).joined(separator: ", ")))")
                    }
                    enterprise.category = category
                }
                if let w = columns.value("workers", in: row.fields) {
                    let digits = w.filter { $0 != "," }
                    let notWorkers = FieldProblem(.workers, .badWorkers, "\(w) is not a whole number of workers")
                    let tooMany = FieldProblem(.workers, .quantityTooLarge, QuantityText.tooManyWorkersMessage(w))
                    guard let n = Int64(digits) else {
                        // Digits alone that are no Int64 are a count past 64 bits.
                        throw !digits.isEmpty && digits.allSatisfy({ ("0"..."9").contains($0) }) ? tooMany : notWorkers
                    }
                    guard n >= 0 else { throw notWorkers }
                    guard n <= Quantity.maximum.units else { throw tooMany }
                    enterprise.workers = n
                }
                if let first = firstLine[code] {
                    reject("enterprise_id", .duplicateEntry, "\(code) is already registered on line \(first)")
                    continue
                }
                firstLine[code] = row.line
                result.registry[code] = enterprise
            } catch let problem as FieldProblem {
                reject(problem.field?.name ?? "", problem.code, problem.message)
            } catch {
                reject("", .badNumber, "\(error)")
            }
        }
        return result
    }
}
