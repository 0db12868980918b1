import AllotCore
import XCTest
@testable import AllotPublish

final class XMLSchemaValidatorTests: XCTestCase {
    private static let validator = try! XMLSchemaValidator(resource: "dispatch.xsd")

    private func dispatchText() throws -> String {
        String(decoding: try DispatchXML.render(PublishFixture.run()), as: UTF8.self)
    }

    /// The 1-based line of the first line of `text` that contains `needle`.
    private func lineNumber(of needle: String, in text: String) throws -> Int {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        return try XCTUnwrap(lines.firstIndex { $0.contains(needle) }) + 1
    }

    func test_xmlSchemaValidator_refusesInvalidValueWithItsLine() throws {
        let text = try dispatchText().replacingOccurrences(of: "quantity=\"6000\"", with: "quantity=\"0\"")
        let line = try lineNumber(of: "quantity=\"0\"", in: text)
        XCTAssertThrowsError(try Self.validator.validate(Array(text.utf8), name: "dispatch.xml")) { error in
            guard let failure = error as? XMLSchemaValidator.Failure else { return XCTFail("\(error)") }
            XCTAssertEqual(failure.kind, .documentInvalid)
            XCTAssertEqual(failure.problems.first?.line, line)
            XCTAssertEqual("\(error)", "dispatch.xml is not valid against dispatch.xsd: line \(line): "
                + "Element '{urn:allot:dispatch:1}line', attribute 'quantity': '0' is not a valid value of the "
                + "atomic type '{urn:allot:dispatch:1}PositiveCount'.")
        }
    }

    func test_xmlSchemaValidator_refusesUnknownElementWithItsLine() throws {
        let text = try dispatchText().replacingOccurrences(of: "<tier number=\"3\"", with: "<note/>\n    <tier number=\"3\"")
        let line = try lineNumber(of: "<note/>", in: text)
        XCTAssertThrowsError(try Self.validator.validate(Array(text.utf8), name: "dispatch.xml")) { error in
            let failure = error as? XMLSchemaValidator.Failure
            XCTAssertEqual(failure?.problems.first?.line, line)
            XCTAssertTrue(failure?.problems.first?.message.contains("{urn:allot:dispatch:1}note") ?? false, "\(error)")
        }
    }

    func test_xmlSchemaValidator_refusesNotWellFormedWithLineAndColumn() throws {
        let text = try dispatchText().replacingOccurrences(of: "聊城市人民医院", with: "聊城<医院")
        let line = try lineNumber(of: "聊城<医院", in: text)
        XCTAssertThrowsError(try Self.validator.validate(Array(text.utf8), name: "dispatch.xml")) { error in
            let failure = error as? XMLSchemaValidator.Failure
            XCTAssertEqual(failure?.kind, .documentInvalid)
            let first = failure?.problems.first
            XCTAssertEqual(first?.line, line)
            XCTAssertGreaterThan(first?.column ?? 0, 0)
            XCTAssertEqual(first?.message, "Unescaped '<' not allowed in attributes values")
        }
    }

    func test_xmlSchemaValidator_refusesEmptyDocument() {
        XCTAssertThrowsError(try Self.validator.validate([UInt8](), name: "empty.xml")) { error in
            XCTAssertEqual((error as? XMLSchemaValidator.Failure)?.kind, .documentInvalid)
        }
    }

    func test_xmlSchemaValidator_refusesOtherNamespace() {
        let text = "<dispatch xmlns=\"urn:allot:dispatch:2\" plan-date=\"2020-02-11\" horizon-days=\"3\" share=\"none\"/>"
        XCTAssertThrowsError(try Self.validator.validate(Array(text.utf8), name: "dispatch.xml"))
    }

    func test_xmlSchemaValidator_takesAnySchema() throws {
        let schema = """
            <xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" targetNamespace="urn:t" elementFormDefault="qualified">
              <xs:element name="n" type="xs:positiveInteger"/>
            </xs:schema>
            """
        let validator = try XMLSchemaValidator(schema: Array(schema.utf8), name: "t.xsd")
        XCTAssertNoThrow(try validator.validate(Array("<n xmlns=\"urn:t\">5</n>".utf8), name: "ok.xml"))
        XCTAssertThrowsError(try validator.validate(Array("<n xmlns=\"urn:t\">-5</n>".utf8), name: "bad.xml")) { error in
            XCTAssertEqual((error as? XMLSchemaValidator.Failure)?.problems.first?.line, 1)
        }
    }

    func test_xmlSchemaValidator_refusesBrokenSchema() {
        let schema = "<xs:schema xmlns:xs=\"http://www.w3.org/2001/XMLSchema\"><xs:element name=\"n\" type=\"xs:nope\"/></xs:schema>"
        XCTAssertThrowsError(try XMLSchemaValidator(schema: Array(schema.utf8), name: "broken.xsd")) { error in
            let failure = error as? XMLSchemaValidator.Failure
            XCTAssertEqual(failure?.kind, .schemaUnusable)
            XCTAssertTrue(failure?.description.hasPrefix("schema broken.xsd cannot be used: line 1") ?? false, "\(error)")
        }
    }

    func test_xmlSchemaValidator_missingResourceIsUnusable() {
        XCTAssertThrowsError(try XMLSchemaValidator(resource: "no-such.xsd")) { error in
            XCTAssertEqual("\(error)", "schema no-such.xsd cannot be used: no resource no-such.xsd in AllotPublish")
        }
    }

    func test_xmlSchemaValidator_validatesFromThreads() throws {
        let xml = try DispatchXML.render(PublishFixture.run())
        let validator = Self.validator
        let counts = UnsafeMutableBufferPointer<Int>.allocate(capacity: 8)
        defer { counts.deallocate() }
        DispatchQueue.concurrentPerform(iterations: 8) { i in
            counts[i] = validator.problems(in: xml, name: "dispatch.xml").count
        }
        XCTAssertEqual(Array(counts), Array(repeating: 0, count: 8))
    }
}
