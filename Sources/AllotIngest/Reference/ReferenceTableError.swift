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

    /// A table `InputFolder` would not open or could not: it cannot be used either.
    public init(_ error: InputFileError) {
        self.init(path: error.path, line: 0, message: error.explained("a reference table must be a file"))
    }

    public var description: String {
        var text = path
        if line > 0 { text += ":\(line)" }
        if !field.isEmpty { text += " (\(field))" }
        return text + ": " + message
    }
}
