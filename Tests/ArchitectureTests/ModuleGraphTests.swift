import Foundation
import XCTest

/// Holds `Package.swift` and every `import` of every Swift file to the
/// "Module graph" table of `Documentation/Architecture.md`.
final class ModuleGraphTests: XCTestCase {
    /// Imports and dependencies a row forbids but the code still has, each
    /// until the change that removes it lands. The test fails once one is no
    /// longer needed, so the entry and the row's "pending" go with it.
    static let pending: [String: Set<String>] = [:]

    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    static let document = "Documentation/Architecture.md"

    private var graph: ModuleGraph!
    private var manifest: PackageManifest!

    override func setUpWithError() throws {
        func text(_ path: String) throws -> String {
            try String(contentsOf: Self.root.appendingPathComponent(path), encoding: .utf8)
        }
        graph = try ModuleGraph(markdown: text(Self.document))
        manifest = try PackageManifest(text: text("Package.swift"))
    }

    // MARK: - The package against the table

    func test_everyTarget_hasARow() {
        let targets = Set(manifest.targets.map(\.name)), rows = Set(graph.rules.keys)
        for name in targets.subtracting(rows).sorted() {
            XCTFail("Package.swift: target \(name) has no row in the module graph of \(Self.document)")
        }
        for name in rows.subtracting(targets).sorted() {
            XCTFail("\(Self.document):\(graph.rules[name]!.line): a row for \(name), which Package.swift has no "
                + "target of")
        }
    }

    func test_packageDependencies_areAllowed() {
        for target in manifest.targets {
            guard let rule = graph.rules[target.name] else { continue }
            for dependency in target.dependencies where !allowed(rule).contains(dependency) {
                XCTFail("Package.swift: target \(target.name) depends on \(dependency): " + refusal(rule, dependency))
            }
        }
    }

    func test_sourceImports_areAllowed() throws {
        for target in manifest.targets {
            guard let rule = graph.rules[target.name] else { continue }
            for (file, imports) in try sourceImports(target) {
                for found in imports where !allowed(rule).contains(found.module) {
                    XCTFail("\(file):\(found.line): `\(found.text)`: " + refusal(rule, found.module))
                }
            }
        }
    }

    // MARK: - The table itself

    func test_rows_neverAllowWhatTheyForbid() {
        for rule in graph.rules.values.sorted(by: { $0.line < $1.line }) {
            for module in rule.mayImport.intersection(rule.neverImports).sorted() {
                XCTFail("\(Self.document):\(rule.line): \(rule.target) both may and must never import \(module)")
            }
        }
    }

    func test_pendingExceptions_areStillNeeded() throws {
        for (name, modules) in Self.pending.sorted(by: { $0.key < $1.key }) {
            guard let target = manifest.targets.first(where: { $0.name == name }), let rule = graph.rules[name] else {
                XCTFail("ModuleGraphTests.pending names \(name), which has no target or no row")
                continue
            }
            let used = Set(try sourceImports(target).flatMap { $0.imports.map(\.module) } + target.dependencies)
            for module in modules.sorted() {
                if !used.contains(module) {
                    XCTFail("\(name) no longer imports or depends on \(module): remove it from ModuleGraphTests.pending"
                        + " and the pending note of its row in \(Self.document)")
                } else if rule.mayImport.contains(module) {
                    XCTFail("\(name) may import \(module) by its row: it needs no entry in ModuleGraphTests.pending")
                }
            }
        }
    }

    // MARK: - Readers

    func test_manifest_readsTargetsDependenciesAndPaths() throws {
        let manifest = try PackageManifest(text: """
            // swift-tools-version:6.0
            import PackageDescription
            let package = Package(
                name: "x", // a comment with "quotes" and (brackets
                products: [.executable(name: "x", targets: ["X"])],
                dependencies: [.package(url: "https://example.org/a", from: "1.0.0")],
                targets: [
                    .systemLibrary(name: "CLib", pkgConfig: "lib"),
                    .target(name: "A", dependencies: ["CLib", .product(name: "P", package: "a")],
                            swiftSettings: [.unsafeFlags(["-O"], .when(configuration: .release))]),
                    /* .target(name: "Gone"), */
                    .executableTarget(name: "X", dependencies: [.target(name: "A"), .byName(name: "CLib")],
                                      path: "Tools/X"),
                    .testTarget(name: "ATests", dependencies: ["A"], exclude: ["Golden"]),
                ]
            )
            """)
        XCTAssertEqual(manifest.targets, [
            .init(name: "CLib", kind: "systemLibrary", dependencies: [], path: "Sources/CLib"),
            .init(name: "A", kind: "target", dependencies: ["CLib", "P"], path: "Sources/A"),
            .init(name: "X", kind: "executableTarget", dependencies: ["A", "CLib"], path: "Tools/X"),
            .init(name: "ATests", kind: "testTarget", dependencies: ["A"], path: "Tests/ATests"),
        ])
        // A dependency in a form the reader does not know is an error, not a dependency less.
        let unknown = #"let package = Package(targets: [.target(name: "A", dependencies: [x])])"#
        XCTAssertThrowsError(try PackageManifest(text: unknown))
    }

    func test_imports_readAttributesAndSkipStringsAndComments() {
        let source = """
            import Foundation
            @_spi(Benchmarks) @testable import AllotIngest
            public import struct AllotCore.Quantity
            #if canImport(Glibc)
              import Glibc
            #endif
            // import NotCode
            let script = \"""
                import csv, json
                \"""
            /*
            import AlsoNotCode
            */
            let important = 1
            """
        XCTAssertEqual(SwiftImports.scan(source).map { "\($0.line) \($0.module)" },
                       ["1 Foundation", "2 AllotIngest", "3 AllotCore", "5 Glibc"])
    }

    func test_table_readsOnlyBackquotedNames() throws {
        let graph = try ModuleGraph(markdown: """
            # Architecture
            ## Module graph
            | target | kind | may import | never imports | why |
            |---|---|---|---|---|
            | `A` | library | `B`, `Foundation` (for dates) | — | the `Z` in why does not count |
            ## Glossary
            | `C` | x | `D` | — | |
            """)
        XCTAssertEqual(graph.rules,
                       ["A": .init(target: "A", mayImport: ["B", "Foundation"], neverImports: [], line: 5)])
    }

    // MARK: - Helpers

    private func allowed(_ rule: ModuleGraph.Rule) -> Set<String> {
        rule.mayImport.union(Self.pending[rule.target] ?? [])
    }

    /// Why `rule` refuses `module`, with the row to read.
    private func refusal(_ rule: ModuleGraph.Rule, _ module: String) -> String {
        let row = "\(Self.document):\(rule.line)"
        if rule.neverImports.contains(module) { return "\(rule.target) must never import \(module) (\(row))" }
        let list = rule.mayImport.isEmpty ? "nothing" : rule.mayImport.sorted().joined(separator: ", ")
        return "\(rule.target) may import only \(list) (\(row))"
    }

    /// The imports of every Swift file of `target`, by path relative to the package, in path order.
    private func sourceImports(_ target: PackageManifest.Target) throws
        -> [(file: String, imports: [SwiftImports.Import])] {
        let folder = Self.root.appendingPathComponent(target.path)
        guard let walker = FileManager.default.enumerator(at: folder, includingPropertiesForKeys: nil) else {
            return []
        }
        var files = [(file: String, imports: [SwiftImports.Import])]()
        for case let url as URL in walker where url.pathExtension == "swift" {
            let file = target.path + url.path.dropFirst(folder.path.count)
            files.append((file, SwiftImports.scan(try String(contentsOf: url, encoding: .utf8))))
        }
        return files.sorted { $0.file < $1.file }
    }
}
