/// A published plan file that cannot be read back: missing, or not in the
/// form its writer gives it (SPEC 9). Names the file, and where known the
/// line and field, so a person can open the file at the place.
public struct PlanSnapshotError: Error, Hashable, Sendable {
    /// The file's path (`Outputs/2020-02-11/dispatch.csv`).
    public var file: String
    /// 1-based physical line; 0 when the problem is the whole file.
    public var line: Int
    /// The column or JSON member; empty when the problem is the whole row or file.
    public var field: String
    public var message: String

    public init(file: String, line: Int = 0, field: String = "", message: String) {
        self.file = file
        self.line = line
        self.field = field
        self.message = message
    }
}

extension PlanSnapshotError: CustomStringConvertible {
    /// `Outputs/2020-02-11/dispatch.csv line 4, field quantity: "12a" is not a whole number`.
    public var description: String {
        var place = file
        if line > 0 { place += " line \(line)" }
        if !field.isEmpty { place += (line > 0 ? ", field " : " field ") + field }
        return "\(place): \(message)"
    }
}
