import AllotCore
import XCTest
@testable import AllotPublish

final class DispatchXMLTests: XCTestCase {
    private static let validator = try! XMLSchemaValidator(resource: "dispatch.xsd")

    func test_dispatchXML_matchesGolden() throws {
        try assertGolden(DispatchXML.render(PublishFixture.run()), "dispatch.xml")
    }

    func test_dispatchXML_validatesAgainstSchema() throws {
        XCTAssertNoThrow(try Self.validator.validate(DispatchXML.render(PublishFixture.run()), name: "dispatch.xml"))
    }

    func test_dispatchXML_emptyNightValidates() throws {
        let xml = try DispatchXML.render(PublishFixture.emptyRun())
        XCTAssertEqual(String(decoding: xml, as: UTF8.self), """
            <?xml version="1.0" encoding="UTF-8"?>
            <dispatch xmlns="urn:allot:dispatch:1" plan-date="2020-02-11" horizon-days="3" share="maxmin">
            </dispatch>

            """)
        XCTAssertNoThrow(try Self.validator.validate(xml, name: "dispatch.xml"))
    }

    func test_dispatchXML_escapesMarkupAndControlCharactersInNames() throws {
        var run = PublishFixture.run()
        run.plan.requests[run.plan.requests.firstIndex { $0.key == PublishFixture.hospital.key }!].enterpriseName = "A & B <医院> \"quoted\" 'single'\ttab\r\nline\u{1}bell\u{FFFE}"
        let xml = try DispatchXML.render(run)
        let text = String(decoding: xml, as: UTF8.self)
        XCTAssertTrue(text.contains(
            "enterprise-name=\"A &amp; B &lt;医院&gt; &quot;quoted&quot; 'single'&#9;tab&#13;&#10;line\u{FFFD}bell\u{FFFD}\""),
            text)
        XCTAssertNoThrow(try Self.validator.validate(xml, name: "dispatch.xml"))
    }

    func test_dispatchXML_linesCarrySameIDsAsDispatchCSV() throws {
        let run = PublishFixture.run()
        let text = String(decoding: try DispatchXML.render(run), as: UTF8.self)
        let csv = try StrictCSV.parse(DispatchCSV.render(run)).dropFirst()
        var searchFrom = text.startIndex
        for row in csv {
            let tag = "<line id=\"\(row[1])\" quantity=\"\(row[3])\" tier=\"\(row[16])\" road-km=\"\(row[17])\" "
                + "ship-on=\"\(row[18])\" arrive-by=\"\(row[19])\" pinned=\"\(row[20])\">"
            let found = try XCTUnwrap(text.range(of: tag, range: searchFrom..<text.endIndex), tag)
            searchFrom = found.upperBound
        }
    }
}
