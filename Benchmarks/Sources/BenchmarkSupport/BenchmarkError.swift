/// A reason the data cannot be generated or a measurement cannot be made.
public struct BenchmarkError: Error, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}
