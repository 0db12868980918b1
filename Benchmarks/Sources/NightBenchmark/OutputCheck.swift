import BenchmarkSupport
import Foundation

/// What a published plan folder holds, as the check counted it.
struct OutputFigures: Codable {
    var records = 0
    var accepted = 0
    var rejected = 0
    var superseded = 0
    var dispatchLines = 0
    var unmetRows = 0
    var rejectRows = 0
    var planFolderBytes = 0
}

/// Checks a published plan folder against what was generated and against
/// itself, so that a faster wrong change cannot pass:
///
/// - `manifest.json`: `exit_status` 0 (rejected records do not change it, SPEC 11);
///   every generated feed listed once with its SHA-256, its encoding and
///   records = generated, accepted = the records of the night, rejected =
///   the bad records written, superseded = the older copies written; no
///   other feed; the totals their sums; the policy's share;
/// - `dispatch.csv`: as many rows as the manifest's `plan.lines`, the
///   quantities per lot material summing to each material's `shipped` and per
///   requested material to its `delivered`, every quantity positive;
/// - `unmet.csv`: as many rows as `plan.unmet_requests`, per material as
///   many as the material's `unmet_requests`; each row's shortfall =
///   requested − delivered > 0;
/// - `rejects.csv`: as many rows as `rejects.rows`; every generated bad
///   record among them (by source and id), and rows for records = the
///   generated bad records.
struct OutputCheck {
    var night: NightData
    var folder: URL
    var manifest: [String: Any]?
    var share: String
    var figures = OutputFigures()

    init(night: NightData, folder: URL, manifest: [String: Any]?, share: String) {
        self.night = night
        self.folder = folder
        self.manifest = manifest
        self.share = share
    }

    mutating func run() -> [String] {
        var wrong = [String]()
        guard let manifest else { return ["manifest.json is missing or not JSON"] }
        func int(_ v: Any?) -> Int? { (v as? NSNumber)?.intValue }
        if int(manifest["exit_status"]) != 0 { wrong.append("manifest exit_status \(manifest["exit_status"] ?? "none"), not 0") }
        let policy = manifest["policy"] as? [String: Any]
        if policy?["share"] as? String != share { wrong.append("manifest policy share \(policy?["share"] ?? "none"), not \(share)") }

        // Inputs: every generated feed, its counts.
        let inputs = (manifest["inputs"] as? [[String: Any]] ?? []).filter { ($0["path"] as? String)?.hasPrefix("feeds/") == true }
        var byPath = [String: [String: Any]]()
        for i in inputs { byPath[i["path"] as! String] = i }
        if inputs.count != night.manifest.files.count {
            wrong.append("manifest lists \(inputs.count) feeds, \(night.manifest.files.count) were generated")
        }
        for file in night.manifest.files {
            guard let i = byPath[file.path] else { wrong.append("\(file.path) is not in the manifest"); continue }
            let got = [int(i["records"]), int(i["accepted"]), int(i["rejected"]), int(i["superseded"])]
            let want = [file.records, file.good, file.bad, file.superseded]
            if got != want.map(Optional.some) {
                wrong.append("\(file.path): records/accepted/rejected/superseded "
                             + got.map { $0.map(String.init) ?? "-" }.joined(separator: "/") + ", generated "
                             + want.map(String.init).joined(separator: "/"))
            }
            if i["sha256"] as? String != file.sha256 { wrong.append("\(file.path): SHA-256 differs from the generated file") }
            let encoding = file.encoding == "GB18030" ? "GB18030" : "UTF-8"
            if (i["encoding"] as? String)?.uppercased().hasPrefix(encoding) != true {
                wrong.append("\(file.path): encoding \(i["encoding"] ?? "none"), generated \(file.encoding)")
            }
        }
        // The feeds' sums (the totals also count overrides.csv's rows) against what was generated.
        func sum(_ key: String) -> Int { inputs.reduce(0) { $0 + (int($1[key]) ?? 0) } }
        figures.records = sum("records")
        figures.accepted = sum("accepted")
        figures.rejected = sum("rejected")
        figures.superseded = sum("superseded")
        let g = night.manifest
        let feedAccepted = g.files.reduce(0) { $0 + $1.good }
        if feedAccepted != g.offers + g.requests {
            wrong.append("the generated feeds hold \(feedAccepted) records, the night \(g.offers + g.requests)")
        }
        if figures.accepted != g.offers + g.requests || figures.rejected != g.bad || figures.superseded != g.superseded
            || figures.records != g.records {
            wrong.append("the feeds' counts: \(figures.records) records, \(figures.accepted) accepted, \(figures.rejected) rejected, "
                         + "\(figures.superseded) superseded; generated \(g.records), \(g.offers + g.requests), \(g.bad), \(g.superseded)")
        }
        let allInputs = manifest["inputs"] as? [[String: Any]] ?? []
        let totals = manifest["totals"] as? [String: Any] ?? [:]
        for key in ["records", "accepted", "rejected", "superseded"]
        where int(totals[key]) != allInputs.reduce(0, { $0 + (int($1[key]) ?? 0) }) {
            wrong.append("manifest totals.\(key) \(totals[key] ?? "none") is not the sum over its inputs")
        }
        if let overrides = allInputs.first(where: { $0["path"] as? String == "overrides.csv" }) {
            if int(overrides["records"]) != g.overrides {
                wrong.append("overrides.csv: \(overrides["records"] ?? "no") records, \(g.overrides) were written")
            }
        } else { wrong.append("overrides.csv is not among the manifest's inputs") }

        let plan = manifest["plan"] as? [String: Any] ?? [:]
        let materials = manifest["materials"] as? [String: [String: Any]] ?? [:]

        // dispatch.csv
        var shipped = [String: Int](), delivered = [String: Int]()
        do {
            let rows = try CSVRows(url: folder.appendingPathComponent("dispatch.csv"))
            let q = try rows.column("quantity"), m = try rows.column("material"), rm = try rows.column("requested_material")
            var n = 0
            try rows.forEach { row in
                n += 1
                guard let quantity = Int(row[q]), quantity > 0 else { throw BenchmarkError("dispatch.csv row \(n + 1): quantity \(row[q])") }
                shipped[row[m], default: 0] += quantity
                delivered[row[rm], default: 0] += quantity
            }
            figures.dispatchLines = n
            if n != int(plan["lines"]) { wrong.append("dispatch.csv has \(n) rows, the manifest \(plan["lines"] ?? "no") lines") }
            for (code, entry) in materials {
                if (shipped[code] ?? 0) != int(entry["shipped"]) {
                    wrong.append("dispatch.csv ships \(shipped[code] ?? 0) of \(code), the manifest \(entry["shipped"] ?? "none")")
                }
                if (delivered[code] ?? 0) != int(entry["delivered"]) {
                    wrong.append("dispatch.csv delivers \(delivered[code] ?? 0) for requests of \(code), the manifest \(entry["delivered"] ?? "none")")
                }
            }
            for code in Set(shipped.keys).union(delivered.keys) where materials[code] == nil {
                wrong.append("dispatch.csv names \(code), the manifest does not")
            }
        } catch { wrong.append("dispatch.csv: \(error)") }

        // unmet.csv
        do {
            let rows = try CSVRows(url: folder.appendingPathComponent("unmet.csv"))
            let m = try rows.column("material"), rq = try rows.column("requested"), d = try rows.column("delivered"),
                s = try rows.column("shortfall")
            var n = 0, perMaterial = [String: Int]()
            try rows.forEach { row in
                n += 1
                perMaterial[row[m], default: 0] += 1
                guard let requested = Int(row[rq]), let got = Int(row[d]), let short = Int(row[s]),
                      short == requested - got, short > 0 else {
                    throw BenchmarkError("unmet.csv row \(n + 1): requested \(row[rq]), delivered \(row[d]), shortfall \(row[s])")
                }
            }
            figures.unmetRows = n
            if n != int(plan["unmet_requests"]) {
                wrong.append("unmet.csv has \(n) rows, the manifest \(plan["unmet_requests"] ?? "no") unmet requests")
            }
            for (code, entry) in materials where (perMaterial[code] ?? 0) != int(entry["unmet_requests"]) {
                wrong.append("unmet.csv has \(perMaterial[code] ?? 0) rows of \(code), the manifest \(entry["unmet_requests"] ?? "none")")
            }
        } catch { wrong.append("unmet.csv: \(error)") }

        // rejects.csv
        do {
            let rows = try CSVRows(url: folder.appendingPathComponent("rejects.csv"))
            let source = try rows.column("source"), id = try rows.column("record_id"), file = try rows.column("file")
            var n = 0, recordRows = 0, seen = Set<String>()
            try rows.forEach { row in
                n += 1
                if row[file].hasPrefix("feeds/") || row[file].contains("/feeds/") {
                    recordRows += 1
                    seen.insert(row[source] + ":" + row[id])
                }
            }
            figures.rejectRows = n
            let rejects = manifest["rejects"] as? [String: Any] ?? [:]
            if n != int(rejects["rows"]) { wrong.append("rejects.csv has \(n) rows, the manifest \(rejects["rows"] ?? "no")") }
            if recordRows != g.bad { wrong.append("rejects.csv has \(recordRows) rows for feed records, \(g.bad) bad records were written") }
            var missing = [String]()
            for f in g.files { for b in f.badIDs where !seen.contains(f.source + ":" + b) { missing.append(f.source + ":" + b) } }
            if !missing.isEmpty {
                wrong.append("\(missing.count) bad records are not in rejects.csv: " + missing.prefix(3).joined(separator: ", "))
            }
        } catch { wrong.append("rejects.csv: \(error)") }

        let files = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        figures.planFolderBytes = files.reduce(0) { sum, name in
            let attributes = try? FileManager.default.attributesOfItem(atPath: folder.appendingPathComponent(name).path)
            return sum + ((attributes?[.type] as? FileAttributeType) == .typeRegular ? (attributes?[.size] as? Int ?? 0) : 0)
        }
        return wrong
    }
}

/// An RFC 4180 file of allot's outputs (UTF-8 with a BOM), read row by row
/// in chunks, so that checking a plan folder of several hundred MB keeps this
/// process small: a child's peak as `wait4` reports it starts from this
/// process's own (`ChildProcess.Outcome.parentPeakResidentBytes`).
struct CSVRows {
    var header: [String]
    private let url: URL
    /// Bytes read per chunk.
    private static let chunkBytes = 4 << 20

    init(url: URL) throws {
        self.url = url
        header = []
        var first: [String]?
        try Self.read(url) { row in first = row; return false }
        guard let first else { throw BenchmarkError("empty") }
        header = first
    }

    func column(_ name: String) throws -> Int {
        guard let i = header.firstIndex(of: name) else { throw BenchmarkError("no column \(name)") }
        return i
    }

    /// Calls `body` with every row after the header.
    func forEach(_ body: ([String]) throws -> Void) throws {
        var isHeader = true
        let width = header.count
        try Self.read(url) { row in
            if isHeader { isHeader = false; return true }
            if row.count != width { throw BenchmarkError("a row of \(row.count) fields under a header of \(width)") }
            try body(row)
            return true
        }
    }

    /// Every row of the file, the header first, until `body` returns false.
    private static func read(_ url: URL, _ body: ([String]) throws -> Bool) throws {
        guard let handle = FileHandle(forReadingAtPath: url.path) else { throw BenchmarkError("missing") }
        defer { try? handle.close() }
        var buffer = [UInt8](), position = 0, atEnd = false, first = true
        while true {
            if !atEnd && buffer.count - position < chunkBytes {
                buffer.removeFirst(position)
                position = 0
                let chunk = handle.readData(ofLength: chunkBytes)
                if chunk.isEmpty { atEnd = true } else { buffer.append(contentsOf: chunk) }
                if first {
                    first = false
                    if buffer.starts(with: [0xEF, 0xBB, 0xBF]) { position = 3 }
                }
                continue
            }
            guard position < buffer.count else { return }
            guard let row = Self.row(buffer, &position, final: atEnd) else {
                if atEnd { return }
                // A row longer than what is left: read on.
                buffer.removeFirst(position)
                position = 0
                let chunk = handle.readData(ofLength: chunkBytes)
                if chunk.isEmpty { atEnd = true } else { buffer.append(contentsOf: chunk) }
                continue
            }
            if try !body(row) { return }
        }
    }

    /// The fields of the row at `position` (quotes undone), moving past it; `nil` when the row
    /// does not end before the buffer does and more may come (`final` false).
    static func row(_ b: [UInt8], _ position: inout Int, final: Bool) -> [String]? {
        var fields = [String](), field = [UInt8](), i = position, quoted = false, ended = false
        while i < b.count {
            let c = b[i]
            if quoted {
                if c == 0x22 {
                    if i + 1 < b.count && b[i + 1] == 0x22 { field.append(0x22); i += 2; continue }
                    quoted = false
                } else { field.append(c) }
                i += 1
                continue
            }
            if c == 0x22 { quoted = true; i += 1; continue }
            if c == 0x2C { fields.append(String(decoding: field, as: UTF8.self)); field.removeAll(keepingCapacity: true); i += 1; continue }
            if c == 0x0A || c == 0x0D {
                i += (c == 0x0D && i + 1 < b.count && b[i + 1] == 0x0A) ? 2 : 1
                ended = true
                break
            }
            field.append(c)
            i += 1
        }
        if !ended && !final { return nil }
        fields.append(String(decoding: field, as: UTF8.self))
        position = i
        return fields
    }
}
