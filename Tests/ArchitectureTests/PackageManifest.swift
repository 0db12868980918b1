import Foundation

/// The targets of a `Package.swift`, read as text: each target's name, kind,
/// folder and `dependencies:` (target names and product names).
///
/// Reads the forms this package uses: `.target(name:dependencies:path:…)` and
/// its kin in the `targets:` list of `Package(…)`, dependencies given as
/// `"Name"`, `.target(name:)`, `.byName(name:)` or `.product(name:package:)`.
/// Anything else in those places is an error, so a new form is noticed
/// rather than skipped.
struct PackageManifest {
    struct Target: Equatable {
        var name: String
        /// `target`, `executableTarget`, `testTarget`, `systemLibrary`…
        var kind: String
        var dependencies: [String]
        /// The folder of its sources, relative to the package.
        var path: String
    }

    struct Unreadable: Error, CustomStringConvertible {
        var description: String
    }

    var targets: [Target]

    init(text: String) throws {
        let code = Self.withoutComments(Array(text))
        guard let open = Self.find(Array("Package("), in: code) else { throw Unreadable(description: "no Package(…)") }
        let arguments = try Self.arguments(code, openingAt: open + "Package".count)
        guard let list = arguments["targets"] else { throw Unreadable(description: "Package(…) has no targets:") }
        targets = try Self.elements(ofArray: list).map(Self.target)
    }

    // MARK: - Targets

    private static func target(_ text: ArraySlice<Character>) throws -> Target {
        let code = Array(text)
        guard code.first == ".", let open = code.firstIndex(of: "(") else {
            throw Unreadable(description: "not a target: \(String(code))")
        }
        let kind = String(code[1..<open]).trimmingCharacters(in: .whitespaces)
        let arguments = try Self.arguments(code, openingAt: open)
        guard let nameText = arguments["name"], let name = Self.stringLiteral(nameText) else {
            throw Unreadable(description: "a .\(kind) without a name: \(String(code))")
        }
        var dependencies = [String]()
        if let list = arguments["dependencies"] {
            dependencies = try Self.elements(ofArray: list).map { try Self.dependency($0, of: name) }
        }
        let folder = kind == "testTarget" ? "Tests" : "Sources"
        let path = arguments["path"].flatMap(Self.stringLiteral) ?? "\(folder)/\(name)"
        return Target(name: name, kind: kind, dependencies: dependencies, path: path)
    }

    /// `"Name"`, `.target(name: "Name")`, `.byName(name: "Name")` or `.product(name: "Name", package: …)`.
    private static func dependency(_ text: ArraySlice<Character>, of target: String) throws -> String {
        if let name = Self.stringLiteral(text) { return name }
        let code = Array(text)
        if code.first == ".", let open = code.firstIndex(of: "("),
           ["target", "byName", "product"].contains(String(code[1..<open])),
           let nameText = try Self.arguments(code, openingAt: open)["name"], let name = Self.stringLiteral(nameText) {
            return name
        }
        throw Unreadable(description: "\(target): a dependency this test cannot read: \(String(code))")
    }

    // MARK: - Swift text

    /// The code without `//` and `/* */` comments; string literals kept.
    private static func withoutComments(_ text: [Character]) -> [Character] {
        var out = [Character]()
        var i = 0
        var inString = false
        while i < text.count {
            let c = text[i]
            if inString {
                out.append(c)
                if c == "\\" && i + 1 < text.count {
                    out.append(text[i + 1])
                    i += 2
                    continue
                }
                if c == "\"" { inString = false }
                i += 1
            } else if c == "\"" {
                inString = true
                out.append(c)
                i += 1
            } else if c == "/" && i + 1 < text.count && text[i + 1] == "/" {
                while i < text.count && text[i] != "\n" { i += 1 }
            } else if c == "/" && i + 1 < text.count && text[i + 1] == "*" {
                i += 2
                while i + 1 < text.count && !(text[i] == "*" && text[i + 1] == "/") { i += 1 }
                i += 2
            } else {
                out.append(c)
                i += 1
            }
        }
        return out
    }

    private static func find(_ needle: [Character], in code: [Character]) -> Int? {
        guard code.count >= needle.count else { return nil }
        return (0...(code.count - needle.count)).first { code[$0..<($0 + needle.count)].elementsEqual(needle) }
    }

    /// The labelled arguments of the call whose `(` is at `open`: label → value text.
    private static func arguments(_ code: [Character], openingAt open: Int) throws -> [String: ArraySlice<Character>] {
        guard let close = matching(code, open) else {
            throw Unreadable(description: "an unclosed ( in \(String(code))")
        }
        var out = [String: ArraySlice<Character>]()
        for argument in split(code[(open + 1)..<close]) {
            guard let colon = argument.firstIndex(of: ":") else { continue }
            let label = String(argument[argument.startIndex..<colon]).trimmingCharacters(in: .whitespacesAndNewlines)
            out[label] = trimmed(argument[(colon + 1)...])
        }
        return out
    }

    /// The elements of `[a, b, …]`.
    private static func elements(ofArray text: ArraySlice<Character>) throws -> [ArraySlice<Character>] {
        guard text.first == "[", text.last == "]" else { throw Unreadable(description: "not a list: \(String(text))") }
        return split(text.dropFirst().dropLast())
    }

    /// `text` cut at the commas outside brackets and strings, each piece trimmed, empty pieces dropped.
    private static func split(_ text: ArraySlice<Character>) -> [ArraySlice<Character>] {
        var pieces = [ArraySlice<Character>]()
        var depth = 0
        var inString = false
        var start = text.startIndex
        var i = text.startIndex
        while i < text.endIndex {
            let c = text[i]
            if inString {
                if c == "\\" { i += 1 } else if c == "\"" { inString = false }
            } else if c == "\"" {
                inString = true
            } else if "([{".contains(c) {
                depth += 1
            } else if ")]}".contains(c) {
                depth -= 1
            } else if c == "," && depth == 0 {
                pieces.append(trimmed(text[start..<i]))
                start = i + 1
            }
            i += 1
        }
        pieces.append(trimmed(text[start..<text.endIndex]))
        return pieces.filter { !$0.isEmpty }
    }

    /// The index of the bracket that closes the one at `open`.
    private static func matching(_ code: [Character], _ open: Int) -> Int? {
        var depth = 0
        var inString = false
        var i = open
        while i < code.count {
            let c = code[i]
            if inString {
                if c == "\\" { i += 1 } else if c == "\"" { inString = false }
            } else if c == "\"" {
                inString = true
            } else if "([{".contains(c) {
                depth += 1
            } else if ")]}".contains(c) {
                depth -= 1
                if depth == 0 { return i }
            }
            i += 1
        }
        return nil
    }

    private static func trimmed(_ text: ArraySlice<Character>) -> ArraySlice<Character> {
        var text = text
        while let c = text.first, c.isWhitespace { text = text.dropFirst() }
        while let c = text.last, c.isWhitespace { text = text.dropLast() }
        return text
    }

    /// The value of `"…"` without escapes, or `nil` when `text` is not one plain string literal.
    private static func stringLiteral(_ text: ArraySlice<Character>) -> String? {
        guard text.count >= 2, text.first == "\"", text.last == "\"" else { return nil }
        let inner = text.dropFirst().dropLast()
        return inner.contains("\"") || inner.contains("\\") ? nil : String(inner)
    }
}
