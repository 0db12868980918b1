import XCTest
@testable import AllotIngest

/// The TOML subset a policy file uses, on the examples of the TOML 1.0.0 specification (toml.io): what
/// it reads is read as the specification says, and what it does not read is an error naming its line.
final class TOMLDocumentTests: XCTestCase {
    private func entries(_ text: String) throws -> [String: TOMLDocument.Value] {
        Dictionary(uniqueKeysWithValues: try TOMLDocument(parsing: text).entries.map { ($0.path.joined(separator: "."), $0.value) })
    }

    private func assertRefused(_ text: String, line: Int, _ message: String, file: StaticString = #filePath, line l: UInt = #line) {
        XCTAssertThrowsError(try TOMLDocument(parsing: text), file: file, line: l) { error in
            let e = error as! TOMLDocument.SyntaxError
            XCTAssertEqual(e.line, line, text, file: file, line: l)
            XCTAssertEqual(e.message, message, text, file: file, line: l)
        }
    }

    func test_spec_comments() throws {
        let e = try entries("""
            # This is a full-line comment
            key = "value"  # This is a comment at the end of a line
            another = "# This is not a comment"
            """)
        XCTAssertEqual(e["key"], .string("value"))
        XCTAssertEqual(e["another"], .string("# This is not a comment"))
    }

    func test_spec_keys_bareQuotedAndDotted() throws {
        let e = try entries("""
            key = "value"
            bare_key = "value"
            bare-key = "value"
            1234 = "value"
            "127.0.0.1" = "value"
            "character encoding" = "value"
            'key2' = "value"
            'quoted "value"' = "value"
            physical.color = "orange"
            site."google.com" = true
            fruit. flavor = "banana"
            """)
        for key in ["key", "bare_key", "bare-key", "1234", "127.0.0.1", "character encoding", "key2", "quoted \"value\""] {
            XCTAssertEqual(e[key], .string("value"), key)
        }
        XCTAssertEqual(e["physical.color"], .string("orange"))
        XCTAssertEqual(e["site.google.com"], .boolean(true))
        XCTAssertEqual(e["fruit.flavor"], .string("banana"))
    }

    func test_spec_basicAndLiteralStrings() throws {
        let e = try entries(#"""
            str = "I'm a string. \"You can quote me\". Name\tJos\u00E9\nLocation\tSF."
            winpath = 'C:\Users\nodejs\templates'
            quoted = 'Tom "Dubs" Preston-Werner'
            regex = '<\i\c*\s*>'
            """#)
        XCTAssertEqual(e["str"], .string("I'm a string. \"You can quote me\". Name\tJosé\nLocation\tSF."))
        XCTAssertEqual(e["winpath"], .string(#"C:\Users\nodejs\templates"#))
        XCTAssertEqual(e["quoted"], .string(#"Tom "Dubs" Preston-Werner"#))
        XCTAssertEqual(e["regex"], .string(#"<\i\c*\s*>"#))
    }

    func test_spec_arrays_onOneLineAndOverSeveral() throws {
        let e = try entries("""
            integers = [ 1, 2, 3 ]
            colors = [ "red", "yellow", "green" ]
            integers2 = [
              1, 2, 3
            ]
            integers3 = [
              1,
              2, # this is ok
            ]
            after = 'read on its line'
            """)
        XCTAssertEqual(e["integers"], .array([.integer(1), .integer(2), .integer(3)]))
        XCTAssertEqual(e["colors"], .array([.string("red"), .string("yellow"), .string("green")]))
        XCTAssertEqual(e["integers2"], .array([.integer(1), .integer(2), .integer(3)]))
        XCTAssertEqual(e["integers3"], .array([.integer(1), .integer(2)]))
        XCTAssertEqual(try TOMLDocument(parsing: "a = [\n1,\n2]\nafter = 1").entries.map(\.line), [1, 4])
    }

    func test_spec_tables() throws {
        let e = try entries("""
            [table-1]
            key1 = "some string"
            key2 = 123

            [table-2]
            key1 = "another string"
            key2 = 456

            [dog."tater.man"]
            type.name = "pug"
            """)
        XCTAssertEqual(e["table-1.key2"], .integer(123))
        XCTAssertEqual(e["table-2.key1"], .string("another string"))
        XCTAssertEqual(e["dog.tater.man.type.name"], .string("pug"))
    }

    func test_spec_whatAPolicyDoesNotRead_isRefusedNamingTheLine() {
        assertRefused("nested_arrays_of_ints = [ [ 1, 2 ], [3, 4, 5] ]", line: 1,
                      "arrays of arrays are not supported in a policy file")
        assertRefused(#"string_array = [ "all", 'strings', """are the same""", '''type''' ]"#, line: 1,
                      "multi-line strings are not supported in a policy file")
        assertRefused("\nname = { first = \"Tom\", last = \"Preston-Werner\" }", line: 2,
                      "inline tables are not supported in a policy file")
        assertRefused("[[products]]\nname = \"Hammer\"", line: 1, "arrays of tables are not supported in a policy file")
        assertRefused("odt1 = 1979-05-27T07:32:00Z", line: 1, "1979-05-27T07:32:00Z is not a value (strings need quotes)")
        assertRefused("a = [\n1,\n2", line: 3, "the array is not closed with ']' before the end of the file")
        assertRefused("a = [\n1\n2]", line: 3, "expected ',' or ']' in the array")
        assertRefused("name = \"Tom\"\nname = \"Pradyun\"", line: 2, "the key name is defined twice")
        assertRefused("= \"no key name\"", line: 1, "expected a key")
    }
}
