import Foundation

/// Writes a request feed in CSV (SPEC 4, 4.2) as a county spreadsheet export
/// would: RFC 4180, quotes only where needed (and now and then a row quoted
/// whole), values in every form SPEC 2 allows.
enum RequestCSVWriter {
    static let header = "request_id,enterprise_id,enterprise_name,region,material,quantity,unit,needed_by,category,updated_at,status"

    /// Writes records until the file holds at least `targetBytes`; returns their fingerprint.
    static func write(to file: OutputFile, source: String, targetBytes: Int,
                      factory: inout RecordFactory) -> RecordFingerprint {
        var fingerprint = RecordFingerprint()
        file.write(header + "\n")
        while file.bytesWritten < targetBytes {
            let r = factory.request(workersAllowed: false, thousandsSeparators: true)
            let line = file.line
            var fields: [String]
            if r.withdrawn && factory.random.chance(0.5) {
                // A withdrawal needs only its id, status and update time (SPEC 4.5).
                fields = [r.id, "", "", "", "", "", "", "", "", r.updated?.text ?? "", r.statusText ?? ""]
            } else {
                fields = [r.id, r.enterpriseIDText, r.name, String(r.region), r.materialText, r.quantity!.text,
                          r.quantity!.unit ?? "", r.neededBy?.text ?? "", r.categoryText, r.updated?.text ?? "",
                          r.statusText ?? ""]
            }
            let quoteAll = factory.random.chance(0.005)
            file.write(fields.map { quoted($0, always: quoteAll) }.joined(separator: ",") + "\n")
            if r.withdrawn {
                fingerprint.addWithdrawal(source: source, kind: "request", id: r.id, updatedAt: r.updated?.instant, line: line)
            } else {
                fingerprint.addRequest(source: source, id: r.id, enterpriseID: r.enterpriseID, name: r.name,
                                       region: r.region, material: r.material, quantity: r.need, workers: nil,
                                       neededBy: r.neededBy?.day, category: r.category.rawValue,
                                       updatedAt: r.updated?.instant, line: line)
            }
        }
        return fingerprint
    }

    /// The field as RFC 4180 writes it: in quotes, inner quotes doubled, when it holds a
    /// comma, a quote or a line break (or when `always`).
    static func quoted(_ field: String, always: Bool) -> String {
        let special = field.utf8.contains { $0 == UInt8(ascii: ",") || $0 == UInt8(ascii: "\"") || $0 == 0x0A || $0 == 0x0D }
        guard special || always else { return field }
        return "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
