import Foundation

/// A reference table (regions, materials) that cannot be used: the run stops
/// with exit 3, naming the file, line and field (SPEC 11).
public struct ReferenceTableError: Error, Equatable, CustomStringConvertible, Sendable {
    public var path: String
    public var line: Int
    public var field: String
    public var message: String

    public init(path: String, line: Int, field: String = "", message: String) {
        self.path = path
        self.line = line
        self.field = field
        self.message = message
    }

    public var description: String {
        var text = path
        if line > 0 { text += ":\(line)" }
        if !field.isEmpty { text += " (\(field))" }
        return text + ": " + message
    }
}

/// Columns of a reference CSV by their trimmed, lower-cased header names.
struct ColumnMap {
    private var indexByName: [String: Int] = [:]

    init(header: [String]) {
        for (i, name) in header.enumerated() {
            let key = name.trimmingSpaces().lowercased()
            if indexByName[key] == nil { indexByName[key] = i }
        }
    }

    func index(_ name: String) -> Int? { indexByName[name] }

    /// The first of `names` the header lacks, or `nil` when it has them all.
    func firstMissing(_ names: [String]) -> String? {
        names.first { indexByName[$0] == nil }
    }

    /// The trimmed value of column `name` in `fields`, `nil` when absent or blank.
    func value(_ name: String, in fields: [String]) -> String? {
        guard let i = indexByName[name], i < fields.count else { return nil }
        let v = fields[i].trimmingSpaces()
        return v.isEmpty ? nil : v
    }
}
