/// The part of TOML 1.0 a policy file uses: comments, `key = value` with bare,
/// quoted or dotted keys, `[table]` headers, strings (basic and literal),
/// integers, floats, booleans, and arrays of those (`[substitutes]`), over
/// several lines with comments and a trailing comma as TOML allows. Multi-line
/// strings, inline tables, arrays of tables and dates are refused with a
/// line-numbered error rather than misread.
///
/// Written here because the TOML package available to the build pulls in a
/// test dependency that cannot be fetched (Documentation/Decisions/0002).
public struct TOMLDocument: Equatable, Sendable {
    public enum Value: Equatable, Sendable {
        case string(String)
        case integer(Int64)
        case float(Double)
        case boolean(Bool)
        /// `["MASK-SURGICAL", "MASK-N95"]`: values, none of them an array.
        case array([Value])

        /// The value as a number, for keys that take integers or floats.
        public var number: Double? {
            switch self {
            case .integer(let i): return Double(i)
            case .float(let f): return f
            default: return nil
            }
        }

        public var typeName: String {
            switch self {
            case .string: return "a string"
            case .integer: return "an integer"
            case .float: return "a float"
            case .boolean: return "a boolean"
            case .array: return "an array"
            }
        }
    }

    /// One `key = value` with its full dotted path and line.
    public struct Entry: Equatable, Sendable {
        public var path: [String]
        public var value: Value
        public var line: Int
    }

    public struct SyntaxError: Error, Equatable, Sendable {
        public var line: Int
        public var message: String
    }

    /// Entries in file order.
    public private(set) var entries: [Entry] = []

    public init(parsing text: String) throws {
        var table: [String] = []
        var seen = Set<[String]>()
        var lineNumber = 0
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map { line in
            line.hasSuffix("\r") ? line.dropLast() : line
        }
        /// The line after `lineNumber`, for a value that goes on (an array over several lines).
        let nextLine = { () -> Substring? in
            guard lineNumber < lines.count else { return nil }
            lineNumber += 1
            return lines[lineNumber - 1]
        }
        while let line = nextLine() {
            var cursor = Cursor(line: line, number: lineNumber, nextLine: nextLine)
            if lineNumber == 1, cursor.rest.hasPrefix("\u{FEFF}") { cursor.rest = cursor.rest.dropFirst() }
            cursor.skipSpaces()
            if cursor.atEndOrComment { continue }
            if cursor.rest.hasPrefix("[") {
                guard !cursor.rest.hasPrefix("[[") else { throw cursor.error("arrays of tables are not supported in a policy file") }
                cursor.rest = cursor.rest.dropFirst()
                table = try cursor.key()
                cursor.skipSpaces()
                guard cursor.rest.hasPrefix("]") else { throw cursor.error("expected ']' to close the table header") }
                cursor.rest = cursor.rest.dropFirst()
                cursor.skipSpaces()
                guard cursor.atEndOrComment else { throw cursor.error("unexpected text after the table header") }
                continue
            }
            let keyLine = lineNumber
            let key = try cursor.key()
            cursor.skipSpaces()
            guard cursor.rest.hasPrefix("=") else { throw cursor.error("expected '=' after the key \(key.joined(separator: "."))") }
            cursor.rest = cursor.rest.dropFirst()
            cursor.skipSpaces()
            let value = try cursor.value()
            cursor.skipSpaces()
            guard cursor.atEndOrComment else { throw cursor.error("unexpected text after the value") }
            let path = table + key
            guard seen.insert(path).inserted else {
                throw TOMLDocument.SyntaxError(line: keyLine, message: "the key \(path.joined(separator: ".")) is defined twice")
            }
            entries.append(Entry(path: path, value: value, line: keyLine))
        }
    }
}

// MARK: - Lexing

private struct Cursor {
    var rest: Substring
    /// The line `rest` is on.
    private(set) var number: Int
    /// The next line of the document, for an array that goes on; `nil` at the end.
    private let nextLine: () -> Substring?

    init(line: Substring, number: Int, nextLine: @escaping () -> Substring? = { nil }) {
        self.rest = line
        self.number = number
        self.nextLine = nextLine
    }

    /// Inside an array: past spaces, comments and line ends, onto the next value, `,` or `]`.
    mutating func skipSpacesAndLines() throws {
        while true {
            skipSpaces()
            guard atEndOrComment else { return }
            guard let line = nextLine() else { throw error("the array is not closed with ']' before the end of the file") }
            rest = line
            number += 1
        }
    }

    var atEndOrComment: Bool { rest.isEmpty || rest.hasPrefix("#") }

    mutating func skipSpaces() {
        while let c = rest.first, c == " " || c == "\t" { rest = rest.dropFirst() }
    }

    func error(_ message: String) -> TOMLDocument.SyntaxError {
        TOMLDocument.SyntaxError(line: number, message: message)
    }

    /// A dotted key: bare parts (`A-Za-z0-9_-`) or quoted ones.
    mutating func key() throws -> [String] {
        var parts: [String] = []
        repeat {
            skipSpaces()
            if rest.hasPrefix("\"") || rest.hasPrefix("'") {
                guard case .string(let s) = try value() else { throw error("expected a key") }
                parts.append(s)
            } else {
                let bare = rest.prefix { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_" || $0 == "-") }
                guard !bare.isEmpty else { throw error("expected a key") }
                parts.append(String(bare))
                rest = rest.dropFirst(bare.count)
            }
            skipSpaces()
        } while rest.first == "." && { rest = rest.dropFirst(); return true }()
        return parts
    }

    mutating func value() throws -> TOMLDocument.Value {
        guard let first = rest.first else { throw error("expected a value") }
        switch first {
        case "\"":
            guard !rest.hasPrefix("\"\"\"") else { throw error("multi-line strings are not supported in a policy file") }
            rest = rest.dropFirst()
            var s = ""
            while let c = rest.first {
                rest = rest.dropFirst()
                if c == "\"" { return .string(s) }
                if c == "\\" {
                    guard let e = rest.first else { break }
                    rest = rest.dropFirst()
                    switch e {
                    case "\"": s.append("\"")
                    case "\\": s.append("\\")
                    case "n": s.append("\n")
                    case "t": s.append("\t")
                    case "r": s.append("\r")
                    case "u", "U":
                        let count = e == "u" ? 4 : 8
                        let hex = rest.prefix(count)
                        guard hex.count == count, let v = UInt32(hex, radix: 16), let scalar = Unicode.Scalar(v) else {
                            throw error("bad unicode escape")
                        }
                        s.unicodeScalars.append(scalar)
                        rest = rest.dropFirst(count)
                    default: throw error("unknown escape \\\(e)")
                    }
                } else {
                    s.append(c)
                }
            }
            throw error("unterminated string")
        case "'":
            guard !rest.hasPrefix("'''") else { throw error("multi-line strings are not supported in a policy file") }
            rest = rest.dropFirst()
            guard let end = rest.firstIndex(of: "'") else { throw error("unterminated string") }
            let s = String(rest[..<end])
            rest = rest[rest.index(after: end)...]
            return .string(s)
        case "[":
            rest = rest.dropFirst()
            var items = [TOMLDocument.Value]()
            while true {
                try skipSpacesAndLines()
                if rest.hasPrefix("]") { break }
                guard !rest.hasPrefix("[") else { throw error("arrays of arrays are not supported in a policy file") }
                items.append(try value())
                try skipSpacesAndLines()
                if rest.hasPrefix(",") { rest = rest.dropFirst() } else if !rest.hasPrefix("]") {
                    throw error("expected ',' or ']' in the array")
                }
            }
            rest = rest.dropFirst()
            return .array(items)
        case "{":
            throw error("inline tables are not supported in a policy file")
        default:
            let token = rest.prefix { !($0 == " " || $0 == "\t" || $0 == "#" || $0 == "," || $0 == "]") }
            rest = rest.dropFirst(token.count)
            if token == "true" { return .boolean(true) }
            if token == "false" { return .boolean(false) }
            let digits = token.replacingOccurrences(of: "_", with: "")
            if let i = Int64(digits) { return .integer(i) }
            if digits.contains(where: { $0.isNumber }), let d = Double(digits), d.isFinite { return .float(d) }
            throw error("\(token) is not a value (strings need quotes)")
        }
    }
}

private extension Substring {
    func replacingOccurrences(of target: Character, with replacement: String) -> String {
        String(self.filter { $0 != target })
    }
}
