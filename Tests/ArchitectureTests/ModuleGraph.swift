import Foundation

/// The "Module graph" table of `Documentation/Architecture.md`: for each
/// target, the modules it may import and those it must never import.
///
/// Only names in backquotes count; a cell of `—` names none.
struct ModuleGraph {
    struct Rule: Equatable {
        var target: String
        var mayImport: Set<String>
        var neverImports: Set<String>
        /// The row's line in the document.
        var line: Int
    }

    struct Unreadable: Error, CustomStringConvertible {
        var description: String
    }

    static let heading = "## Module graph"

    /// The rows by target.
    var rules: [String: Rule]

    init(markdown: String) throws {
        let lines = markdown.components(separatedBy: "\n")
        guard let start = lines.firstIndex(where: { $0.trimmingCharacters(in: .whitespaces) == Self.heading }) else {
            throw Unreadable(description: "no \"\(Self.heading)\" section")
        }
        var columns: (target: Int, may: Int, never: Int)?
        rules = [:]
        for index in (start + 1)..<lines.count {
            let line = lines[index].trimmingCharacters(in: .whitespaces)
            if line.hasPrefix("## ") { break }
            guard line.hasPrefix("|") else { continue }
            let cells = Self.cells(line)
            guard let known = columns else {
                let names = cells.map { $0.lowercased() }
                guard let target = names.firstIndex(of: "target"), let may = names.firstIndex(of: "may import"),
                      let never = names.firstIndex(of: "never imports") else {
                    throw Unreadable(description:
                        "line \(index + 1): the table needs columns target, may import, never imports")
                }
                columns = (target, may, never)
                continue
            }
            if cells.allSatisfy({ $0.allSatisfy { "-: ".contains($0) } }) { continue }
            guard cells.count > max(known.target, known.may, known.never),
                  let target = Self.names(cells[known.target]).first else {
                throw Unreadable(description: "line \(index + 1): a row without a target in backquotes")
            }
            guard rules[target] == nil else {
                throw Unreadable(description: "line \(index + 1): a second row for \(target)")
            }
            rules[target] = Rule(target: target, mayImport: Set(Self.names(cells[known.may])),
                                 neverImports: Set(Self.names(cells[known.never])), line: index + 1)
        }
        guard !rules.isEmpty else { throw Unreadable(description: "the \"\(Self.heading)\" section has no table rows") }
    }

    /// The cells of `| a | b |`, trimmed.
    private static func cells(_ line: String) -> [String] {
        var parts = line.components(separatedBy: "|")
        parts.removeFirst()
        if parts.last?.trimmingCharacters(in: .whitespaces).isEmpty == true { parts.removeLast() }
        return parts.map { $0.trimmingCharacters(in: .whitespaces) }
    }

    /// The names in backquotes in `cell`, in order.
    private static func names(_ cell: String) -> [String] {
        let pieces = cell.components(separatedBy: "`")
        return stride(from: 1, to: pieces.count, by: 2).map { pieces[$0] }.filter { !$0.isEmpty }
    }
}
