import Foundation

/// What the threshold files of `Thresholds/` share: a comparison of a
/// measured figure against a target, and reading the file.
public enum ThresholdFile {
    /// Whether `measured` meets `value` under `comparison` (`>=`, `>`, `<=` or `<`; anything else never holds).
    public static func holds(_ measured: Double, _ comparison: String, _ value: Double) -> Bool {
        switch comparison {
        case ">=": return measured >= value
        case ">": return measured > value
        case "<=": return measured <= value
        case "<": return measured < value
        default: return false
        }
    }

    /// Decodes a thresholds file, naming it when it cannot be read.
    public static func load<T: Decodable>(_ type: T.Type, from url: URL) throws -> T {
        do { return try JSONDecoder().decode(type, from: Data(contentsOf: url)) } catch {
            throw BenchmarkError("\(url.path) cannot be read: \(error)")
        }
    }
}
