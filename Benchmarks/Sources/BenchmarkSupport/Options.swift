import Foundation

/// `--name value` pairs and `--flag`s.
public struct Options {
    private var values: [String: String] = [:]
    private var flags: Set<String> = []

    public init(_ arguments: [String]) throws {
        var i = 0
        while i < arguments.count {
            let a = arguments[i]
            guard a.hasPrefix("--") else { throw BenchmarkError("unexpected argument \(a)") }
            let name = String(a.dropFirst(2))
            if i + 1 < arguments.count, !arguments[i + 1].hasPrefix("--") {
                values[name] = arguments[i + 1]
                i += 2
            } else {
                flags.insert(name)
                i += 1
            }
        }
    }

    public subscript(name: String) -> String? { values[name] }
    public func flag(_ name: String) -> Bool { flags.contains(name) }
    public func url(_ name: String) -> URL? { values[name].map { URL(fileURLWithPath: $0) } }
}
