/// A reason the data cannot be generated or a measurement cannot be made.
struct BenchmarkError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
