import AllotCore
import AllotCSV
import Foundation

// MARK: - Reading a plan folder

extension PlanSnapshot {
    /// Reads `dispatch.csv`, `unmet.csv`, `manifest.json` and (when there) `province-request.xml` of a published plan.
    /// - Throws: `PlanSnapshotError` naming the file, line and field of the
    ///   first problem: a missing file, a missing column, a wrong field
    ///   count, a value of the wrong form, or a manifest for another date.
    /// - Complexity: O(size of the three files); every CSV field becomes a `String`.
    public static func read(_ folder: PlanFolder) throws -> PlanSnapshot {
        let manifest = try readManifest(folder)
        guard manifest.planDate == folder.date else {
            throw PlanSnapshotError(file: path(folder, ManifestJSON.fileName), field: "plan_date",
                                    message: "says \(manifest.planDate), but the folder is \(folder.name)")
        }
        return PlanSnapshot(folder: folder, dispatch: try readDispatch(folder), unmet: try readUnmet(folder),
                            manifest: manifest, provinceRequest: try readProvinceRequest(folder))
    }

    /// `province-request.xml`, validated against its schema; `nil` when the folder has none.
    public static func readProvinceRequest(_ folder: PlanFolder) throws -> ProvinceRequest? {
        let file = path(folder, ProvinceRequestXML.fileName)
        guard let data = FileManager.default.contents(atPath: file) else { return nil }
        return try ProvinceRequestXML.read([UInt8](data), path: file)
    }

    /// The plan of `date` in `outputs`, or the newest with `date` `nil`.
    /// - Throws: `PlanFolderError` when there is no such plan, `PlanSnapshotError` when its files cannot be read.
    public static func read(outputs: URL, date: CalendarDate? = nil) throws -> PlanSnapshot {
        try read(PlanFolder.locate(outputs: outputs, date: date))
    }

    /// The rows of `dispatch.csv`. `requested_material` (SPEC 13) is read when the header has it;
    /// a plan published before the column existed served every request with its own material.
    public static func readDispatch(_ folder: PlanFolder) throws -> [Line] {
        try PlanCSVRows.read(path(folder, DispatchCSV.fileName), columns: DispatchCSV.header,
                             optional: DispatchCSV.addedColumns) { row in
            Line(lineID: try row.text("line_id"), material: MaterialCode(try row.text("material")),
                 quantity: try row.positive("quantity"), unit: try row.text("unit"),
                 offer: RecordKey(source: try row.text("offer_source"), kind: .offer, id: try row.text("offer_id")),
                 supplierID: try row.text("supplier_id"), supplierName: try row.text("supplier_name", allowEmpty: true),
                 fromRegion: try row.region("from_region"), lotDate: try row.date("lot_date"),
                 request: RecordKey(source: try row.text("request_source"), kind: .request,
                                    id: try row.text("request_id")),
                 enterpriseID: try row.text("enterprise_id"),
                 enterpriseName: try row.text("enterprise_name", allowEmpty: true),
                 toRegion: try row.region("to_region"), tier: Int(try row.positive("tier")),
                 roadDecikm: try row.tenths("road_km"), shipOn: try row.date("ship_on"),
                 arriveBy: try row.date("arrive_by"), pinned: try row.flag("pinned"),
                 requestedMaterial: try row.optionalText("requested_material").map(MaterialCode.init))
        }
    }

    /// The rows of `unmet.csv`.
    public static func readUnmet(_ folder: PlanFolder) throws -> [UnmetRequest] {
        try PlanCSVRows.read(path(folder, UnmetCSV.fileName), columns: UnmetCSV.header, optional: ["age"]) { row in
            let requested = try row.positive("requested"), delivered = try row.count("delivered")
            let shortfall = try row.positive("shortfall")
            guard requested - delivered == shortfall else {
                throw row.problem("shortfall", "\(shortfall) is not requested \(requested) − delivered \(delivered)")
            }
            let reasonText = try row.text("reason")
            guard let reason = UnmetReason(rawValue: reasonText) else {
                throw row.problem("reason", "\"\(reasonText)\" is not one of "
                    + UnmetReason.allCases.map(\.rawValue).joined(separator: ", "))
            }
            return UnmetRequest(
                request: RecordKey(source: try row.text("request_source"), kind: .request, id: try row.text("request_id")),
                enterpriseID: try row.text("enterprise_id"), enterpriseName: try row.text("enterprise_name", allowEmpty: true),
                region: try row.region("region"), material: MaterialCode(try row.text("material")),
                tier: Int(try row.positive("tier")), requested: requested, delivered: delivered, shortfall: shortfall,
                fillRatio: try row.text("fill_ratio"), overdue: try row.flag("overdue"), reason: reason,
                age: try row.optionalText("age").map { _ in Int(try row.positive("age")) })
        }
    }

    /// What `manifest.json` says of the plan.
    public static func readManifest(_ folder: PlanFolder) throws -> Manifest {
        try ManifestReader(path: path(folder, ManifestJSON.fileName)).manifest()
    }

    /// `<folder>/<name>` as the errors name it.
    static func path(_ folder: PlanFolder, _ name: String) -> String {
        folder.url.appendingPathComponent(name).path
    }
}

// MARK: - CSV rows

/// The rows of one plan CSV (SPEC 9: UTF-8 with BOM, RFC 4180, formula
/// guard), read with AllotCSV's reader, columns found by name.
struct PlanCSVRows {
    let file: String
    let line: Int
    let fields: [String]
    let columns: [String: Int]

    /// Reads the file and turns every data row into a `T`; every column of `names` but those of
    /// `optional` (columns a later version added) must be in the header.
    static func read<T>(_ file: String, columns names: [String], optional: Set<String> = [],
                        _ make: (PlanCSVRows) throws -> T) throws -> [T] {
        guard FileManager.default.fileExists(atPath: file) else {
            throw PlanSnapshotError(file: file, message: "the plan folder has no such file")
        }
        let table: CSVTable
        do { table = try CSVTable.read(utf8File: file) } catch {
            throw PlanSnapshotError(file: file, message: "cannot be read: \(error)")
        }
        guard let header = table.header else { throw PlanSnapshotError(file: file, message: "the file is empty") }
        var columns = [String: Int]()
        for (i, name) in header.fields.enumerated() where columns[name] == nil { columns[name] = i }
        if let missing = names.first(where: { columns[$0] == nil && !optional.contains($0) }) {
            throw PlanSnapshotError(file: file, line: header.line, field: missing, message: "the header has no \(missing) column")
        }
        var out = [T]()
        out.reserveCapacity(table.rows.count)
        for record in table.rows {
            switch record.problem {
            case .unterminatedQuote?:
                throw PlanSnapshotError(file: file, line: record.line, message: "a quoted field is not closed")
            case .invalidEncoding?:
                throw PlanSnapshotError(file: file, line: record.line, message: "the row is not UTF-8")
            case nil: break
            }
            guard record.fields.count == header.fields.count else {
                throw PlanSnapshotError(file: file, line: record.line,
                                        message: "\(record.fields.count) fields, the header has \(header.fields.count)")
            }
            out.append(try make(PlanCSVRows(file: file, line: record.line, fields: record.fields, columns: columns)))
        }
        return out
    }

    func problem(_ column: String, _ message: String) -> PlanSnapshotError {
        PlanSnapshotError(file: file, line: line, field: column, message: message)
    }

    /// The field as written, with the writer's formula guard taken off (a
    /// leading `'` before `=`, `+`, `-`, `@`, tab or CR).
    func text(_ column: String, allowEmpty: Bool = false) throws -> String {
        let value = fields[columns[column]!]
        if value.isEmpty && !allowEmpty { throw problem(column, "is empty") }
        return CSVWriter.unguarded(value)
    }

    /// The field of a column a later version added: `nil` when the header has no such column,
    /// else the field as `text(_:)` reads it (not empty).
    func optionalText(_ column: String) throws -> String? {
        columns[column] == nil ? nil : try text(column)
    }

    /// A whole number ≥ 0 written as plain digits.
    func count(_ column: String) throws -> Int64 {
        let value = fields[columns[column]!]
        guard !value.isEmpty, value.utf8.count <= 18, value.utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }),
              let number = Int64(value) else {
            throw problem(column, "\"\(value)\" is not a whole number")
        }
        return number
    }

    /// A whole number > 0.
    func positive(_ column: String) throws -> Int64 {
        let number = try count(column)
        guard number > 0 else { throw problem(column, "\(number) is not > 0") }
        return number
    }

    /// A number with exactly one decimal (`12.3`), in tenths.
    func tenths(_ column: String) throws -> Int64 {
        let value = fields[columns[column]!]
        let parts = value.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 2, parts[1].count == 1, !parts[0].isEmpty, parts[0].count <= 17,
              (parts[0] + parts[1]).utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }),
              let number = Int64(parts[0] + parts[1]) else {
            throw problem(column, "\"\(value)\" is not a number with one decimal")
        }
        return number
    }

    func date(_ column: String) throws -> CalendarDate {
        let value = fields[columns[column]!]
        guard let date = CalendarDate(iso: value) else {
            throw problem(column, "\"\(value)\" is not a date (YYYY-MM-DD)")
        }
        return date
    }

    func region(_ column: String) throws -> RegionCode {
        let value = fields[columns[column]!]
        guard let code = RegionCode(text: value) else { throw problem(column, "\"\(value)\" is not a 6-digit region code") }
        return code
    }

    func flag(_ column: String) throws -> Bool {
        switch fields[columns[column]!] {
        case "true": return true
        case "false": return false
        case let value: throw problem(column, "\"\(value)\" is neither true nor false")
        }
    }
}

// MARK: - Manifest

/// Reads the members of `manifest.json` a snapshot keeps, naming the member of any problem.
struct ManifestReader {
    let path: String

    func manifest() throws -> PlanSnapshot.Manifest {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw PlanSnapshotError(file: path, message: "the plan folder has no such file")
        }
        let root: [String: Any]
        do {
            guard let object = try JSONSerialization.jsonObject(with: data) as? [String: Any] else {
                throw PlanSnapshotError(file: path, message: "is not a JSON object")
            }
            root = object
        } catch let error as PlanSnapshotError {
            throw error
        } catch {
            throw PlanSnapshotError(file: path, message: "is not valid JSON: \(error.localizedDescription)")
        }
        let dateText: String = try member(root, "plan_date")
        guard let planDate = CalendarDate(iso: dateText) else {
            throw problem("plan_date", "\"\(dateText)\" is not a date (YYYY-MM-DD)")
        }
        let totals: [String: Any] = try member(root, "totals")
        let plan: [String: Any] = try member(root, "plan")
        let materials: [String: Any] = try member(root, "materials")
        let outputs: [String: Any] = try member(root, "outputs")
        var figures = [PlanSnapshot.MaterialFigures]()
        for code in materials.keys.sorted() {
            let m: [String: Any] = try member(materials, code, in: "materials")
            let at = "materials.\(code)"
            figures.append(PlanSnapshot.MaterialFigures(
                code: MaterialCode(code), unit: try member(m, "unit", in: at),
                offered: try integer(m, "offered", in: at), requested: try integer(m, "requested", in: at),
                delivered: try integer(m, "delivered", in: at),
                requestedByTier: try tiers(m, "requested_by_tier", in: at),
                deliveredByTier: try tiers(m, "delivered_by_tier", in: at),
                unmetRequests: Int(try integer(m, "unmet_requests", in: at)),
                tonKm: try thousandths(m, "ton_km", in: at),
                earmarkedOffered: try optionalInteger(m, "earmarked_offered", in: at),
                earmarkedUnused: try optionalInteger(m, "earmarked_unused", in: at),
                shipped: try optionalInteger(m, "shipped", in: at),
                substitutedIn: try optionalInteger(m, "substituted_in", in: at)))
        }
        var hashes = [String: String]()
        for name in outputs.keys { hashes[name] = try member(outputs, name, in: "outputs") }
        var copy: [String: String]?
        if root["inputs_copy"] != nil {
            let listed: [String: Any] = try member(root, "inputs_copy")
            copy = try listed.keys.reduce(into: [String: String]()) { $0[$1] = try member(listed, $1, in: "inputs_copy") }
        }
        var manifest = PlanSnapshot.Manifest(
            planDate: planDate, exitStatus: Int(try integer(root, "exit_status")),
            totals: PlanSnapshot.InputTotals(
                records: Int(try integer(totals, "records", in: "totals")),
                accepted: Int(try integer(totals, "accepted", in: "totals")),
                rejected: Int(try integer(totals, "rejected", in: "totals")),
                superseded: Int(try integer(totals, "superseded", in: "totals"))),
            lines: Int(try integer(plan, "lines", in: "plan")), pinnedLines: Int(try integer(plan, "pinned_lines", in: "plan")),
            requests: Int(try integer(plan, "requests", in: "plan")),
            unmetRequests: Int(try integer(plan, "unmet_requests", in: "plan")),
            materials: figures, warnings: Int(try integer(root, "warnings")), outputs: hashes)
        manifest.inputsCopy = copy
        manifest.withdrawn = try withdrawnKeys(root)
        manifest.fileSHA256 = SHA256.hex(of: [UInt8](data))
        if let policy = root["policy"] as? [String: Any], let capacity = policy["truck_capacity_kg"] as? NSNumber {
            manifest.truckCapacityKilograms = capacity.doubleValue
        }
        return manifest
    }

    /// `left_out_keys.withdrawn`, empty when the manifest has none.
    private func withdrawnKeys(_ root: [String: Any]) throws -> [RecordKey] {
        guard root["left_out_keys"] != nil else { return [] }
        let keys: [String: Any] = try member(root, "left_out_keys")
        guard let listed = keys["withdrawn"] else { return [] }
        guard let entries = listed as? [Any] else { throw problem("left_out_keys.withdrawn", "is not a list") }
        return try entries.map { entry in
            guard let object = entry as? [String: Any] else { throw problem("left_out_keys.withdrawn", "holds a member that is not an object") }
            let kind: String = try member(object, "kind", in: "left_out_keys.withdrawn")
            guard let recordKind = RecordKind(rawValue: kind) else {
                throw problem("left_out_keys.withdrawn.kind", "\"\(kind)\" is neither offer nor request")
            }
            return RecordKey(source: try member(object, "source", in: "left_out_keys.withdrawn"), kind: recordKind,
                             id: try member(object, "id", in: "left_out_keys.withdrawn"))
        }
    }

    private func problem(_ member: String, _ message: String) -> PlanSnapshotError {
        PlanSnapshotError(file: path, field: member, message: message)
    }

    private func member<T>(_ object: [String: Any], _ key: String, in parent: String = "") throws -> T {
        let name = parent.isEmpty ? key : "\(parent).\(key)"
        guard let value = object[key] else { throw problem(name, "is missing") }
        guard let typed = value as? T else { throw problem(name, "is not \(T.self == String.self ? "a string" : "an object")") }
        return typed
    }

    /// A whole number.
    private func integer(_ object: [String: Any], _ key: String, in parent: String = "") throws -> Int64 {
        let name = parent.isEmpty ? key : "\(parent).\(key)"
        guard let value = object[key] else { throw problem(name, "is missing") }
        guard let number = value as? NSNumber, number.doubleValue.rounded() == number.doubleValue,
              number.doubleValue.magnitude < 9e18 else {
            throw problem(name, "\(value) is not a whole number")
        }
        let whole = number.int64Value
        return whole
    }

    /// A whole number, `nil` when the member is absent (a key later manifests added).
    private func optionalInteger(_ object: [String: Any], _ key: String, in parent: String) throws -> Int64? {
        object[key] == nil ? nil : try integer(object, key, in: parent)
    }

    /// `{"1": n, …}` → tier → n.
    private func tiers(_ object: [String: Any], _ key: String, in parent: String) throws -> [Int: Int64] {
        let map: [String: Any] = try member(object, key, in: parent)
        var out = [Int: Int64]()
        for (tierText, _) in map {
            guard let tier = Int(tierText), tier > 0 else { throw problem("\(parent).\(key)", "\"\(tierText)\" is not a tier") }
            out[tier] = try integer(map, tierText, in: "\(parent).\(key)")
        }
        return out
    }

    /// A number with up to 3 decimals, as text with exactly 3.
    private func thousandths(_ object: [String: Any], _ key: String, in parent: String) throws -> String {
        let name = "\(parent).\(key)"
        guard let number = object[key] as? NSNumber, number.doubleValue.isFinite, number.doubleValue >= 0,
              number.doubleValue < 9e12 else {
            throw problem(name, "is not a number ≥ 0")
        }
        return DecimalText.fixed(Int64((number.doubleValue * 1000).rounded()), scale: 3)
    }
}
