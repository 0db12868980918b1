import Foundation

/// The `import` declarations of a Swift file, found line by line.
///
/// Reads `import M`, `import struct M.T`, `@testable import M`,
/// `@_spi(X) @testable import M`, `public import M` and the like; lines inside
/// multi-line string literals and block comments are not code and are skipped.
enum SwiftImports {
    struct Import: Equatable {
        /// The module: the first component of the imported path.
        var module: String
        /// 1-based.
        var line: Int
        /// The declaration as written, trimmed.
        var text: String
    }

    private static let declaration = try! NSRegularExpression(pattern:
        #"^\s*(?:@[A-Za-z_]+(?:\([^)]*\))?\s+)*(?:(?:public|package|internal|fileprivate|private)\s+)?import\s+"#
        + #"(?:(?:typealias|struct|class|enum|protocol|let|var|func)\s+)?([A-Za-z_][A-Za-z0-9_]*)"#)

    static func scan(_ source: String) -> [Import] {
        var imports = [Import]()
        var inMultilineString = false
        var inBlockComment = false
        for (index, line) in source.components(separatedBy: "\n").enumerated() {
            // `\"""` inside a multi-line string is text, not its end.
            let quotes = line.components(separatedBy: "\"\"\"").count - line.components(separatedBy: "\\\"\"\"").count
            if inMultilineString {
                if quotes % 2 == 1 { inMultilineString = false }
                continue
            }
            if inBlockComment {
                if line.contains("*/") { inBlockComment = false }
                continue
            }
            let range = NSRange(line.startIndex..., in: line)
            if let match = declaration.firstMatch(in: line, range: range),
               let module = Range(match.range(at: 1), in: line) {
                imports.append(Import(module: String(line[module]), line: index + 1,
                                      text: line.trimmingCharacters(in: .whitespaces)))
            }
            if quotes % 2 == 1 { inMultilineString = true }
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.hasPrefix("/*") && !trimmed.contains("*/") { inBlockComment = true }
        }
        return imports
    }
}
