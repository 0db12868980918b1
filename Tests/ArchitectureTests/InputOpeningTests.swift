import Foundation
import XCTest

/// Holds `AllotIngest` to one door for input files: `InputFolder` decides
/// which files may be read and opens them; every reader takes the
/// `InputFile` it hands out. No other file of the module may open a file by
/// its path or make an `InputFile`, so no reader can go around the check.
final class InputOpeningTests: XCTestCase {
    static let module = "Sources/AllotIngest"
    /// The one file allowed to open input files.
    static let door = "Sources/AllotIngest/Input/InputFolder.swift"

    /// Calls that open a file by its path, or make an `InputFile`.
    static let opening = try! NSRegularExpression(pattern: [
        #"(?<![.\w])(open|openat|openat2|fopen|freopen|creat)\s*\("#,   // system calls, not `folder.open(`
        #"\bFileHandle\s*\("#,
        #"\b(Data|NSData|String|NSString)\s*\(\s*contentsOf"#,
        #"\bcontents\s*\(\s*atPath"#,
        #"\bInputStream\s*\("#,
        #"\bxml\w*(File|Filename|URL)\w*\s*\("#,                    // libxml2's own file readers
        #"(?<![.\w])InputFile\s*\("#,
    ].joined(separator: "|"))

    func test_inputFiles_areOpenedOnlyByInputFolder() throws {
        let root = ModuleGraphTests.root
        let folder = root.appendingPathComponent(Self.module)
        let walker = try XCTUnwrap(FileManager.default.enumerator(at: folder, includingPropertiesForKeys: nil))
        var scanned = 0
        for case let url as URL in walker where url.pathExtension == "swift" {
            let file = Self.module + url.path.dropFirst(folder.path.count)
            guard file != Self.door else { continue }
            scanned += 1
            for (line, text) in Self.code(try String(contentsOf: url, encoding: .utf8)) {
                let range = NSRange(text.startIndex..., in: text)
                if let match = Self.opening.firstMatch(in: text, range: range),
                   let found = Range(match.range, in: text) {
                    XCTFail("\(file):\(line): `\(text[found])`: input files are opened by InputFolder alone "
                        + "(\(Self.door)); take an InputFile instead")
                }
            }
        }
        XCTAssertGreaterThan(scanned, 20, "no source found under \(Self.module)")
    }

    func test_scan_findsOpeningCallsOutsideCommentsAndStrings() {
        let source = """
            let fd = open(path, O_RDONLY)
            let file = try folder.open("feeds/a.csv")   // open(x) in a comment
            /// Opens with open(2).
            let d = try Data(contentsOf: url)
            let message = "cannot open(\\(path))"
            let f = InputFile(descriptor: 3, path: "x", size: 0)
            let ok = xmlCreatePushParserCtxt(nil, nil, nil, 0, nil)
            let no = xmlReadFile(path, nil, 0)
            """
        let found = Self.code(source).filter { line, text in
            Self.opening.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) != nil
        }.map(\.line)
        XCTAssertEqual(found, [1, 4, 6, 8])
    }

    /// Each line's code, with `//` comments and string literals blanked
    /// (roughly: enough for the calls above), by 1-based line number.
    static func code(_ source: String) -> [(line: Int, text: String)] {
        var out = [(line: Int, text: String)]()
        var inMultilineString = false
        for (index, line) in source.components(separatedBy: "\n").enumerated() {
            if line.contains("\"\"\"") {
                inMultilineString.toggle()
                continue
            }
            if inMultilineString { continue }
            let characters = Array(line)
            var text = ""
            var inString = false
            for (i, c) in characters.enumerated() {
                if !inString && c == "/" && i + 1 < characters.count && characters[i + 1] == "/" { break }
                if c == "\"" && (i == 0 || characters[i - 1] != "\\") { inString.toggle() }
                text.append(inString || c == "\"" ? " " : c)
            }
            out.append((index + 1, text))
        }
        return out
    }
}
