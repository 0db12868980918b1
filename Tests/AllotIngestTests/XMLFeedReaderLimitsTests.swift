import AllotCore
import Foundation
import XCTest
@_spi(Fuzzing) @testable import AllotIngest

/// `[limits]` on XML feeds: attributes per element, nesting depth, value
/// sizes and records per file.
final class XMLFeedReaderLimitsTests: XMLFeedTestCase {
    static func reference(_ change: (inout InputLimits) -> Void) -> ReferenceData {
        var reference = XMLFeedTestCase.reference
        change(&reference.policy.limits)
        return reference
    }

    func read(_ text: String, chunkSize: Int = XMLFeedReader.chunkSize,
              limits change: (inout InputLimits) -> Void) throws -> FeedFileResult {
        try write(Array(text.utf8))
        return XMLFeedReader.read(try open("feed.xml"), reference: Self.reference(change), chunkSize: chunkSize)
    }

    static let good = request("R-1", "<region>371503</region><material>口罩</material><quantity>40</quantity>")

    static func attributes(_ count: Int) -> String {
        (0..<count).map { " a\($0)=\"\($0)\"" }.joined()
    }

    // MARK: - Attributes per element

    func test_read_elementWithTooManyAttributes_stopsAtItsLineKeepingRecordsBefore() throws {
        let text = Self.feed("""
            \(Self.good)
            <request id="R-2"\(Self.attributes(9))><region>371503</region></request>
            \(Self.good.replacingOccurrences(of: "R-1", with: "R-3"))
            """)
        for chunkSize in [XMLFeedReader.chunkSize] + Array(1...7) {
            let result = try read(text, chunkSize: chunkSize) { $0.attributesPerElement = 8 }

            XCTAssertEqual(result.records.map(\.record.key.id), ["R-1"], "chunk size \(chunkSize)")
            XCTAssertEqual(result.recordCount, 2, "chunk size \(chunkSize)")
            XCTAssertEqual(result.rejects, [Reject(
                file: "feeds/feed.xml", line: 4, source: "lc", code: .tooManyAttributes,
                message: "<request> has more than 8 attributes, the limit ([limits] attributes_per_element): the rest of the file is not read")],
                "chunk size \(chunkSize)")
        }
        // At the limit the element is read.
        let atLimit = try read(text.replacingOccurrences(of: " a7=\"7\" a8=\"8\"", with: "")) { $0.attributesPerElement = 8 }
        XCTAssertEqual(atLimit.recordCount, 3)
        XCTAssertEqual(atLimit.rejects.map(\.code), [.missingField])
    }

    /// A start tag longer than `line_bytes` (one huge value, which libxml2
    /// would hold whole before handing the element over) stops the read at
    /// its line, whatever the chunks; the records before it stay.
    func test_read_startTagLongerThanLineBytes_stopsAtItsLineKeepingRecordsBefore() throws {
        let huge = String(repeating: "x", count: 3_000)
        let text = Self.feed("""
            \(Self.good)
            <request id="R-2" note="\(huge)"><region>371503</region></request>
            \(Self.good.replacingOccurrences(of: "R-1", with: "R-3"))
            """)
        for chunkSize in [XMLFeedReader.chunkSize, 1, 2, 3, 7, 1_000, 4_096] {
            let result = try read(text, chunkSize: chunkSize) { $0.lineBytes = 2_048 }

            XCTAssertEqual(result.records.map(\.record.key.id), ["R-1"], "chunk size \(chunkSize)")
            XCTAssertEqual(result.recordCount, 2, "chunk size \(chunkSize)")
            XCTAssertEqual(result.rejects, [Reject(
                file: "feeds/feed.xml", line: 4, source: "lc", code: .lineTooLong,
                message: "the start tag of <request> is longer than the limit of 2048 bytes ([limits] line_bytes): the rest of the file is not read")],
                "chunk size \(chunkSize)")
        }
        // Within the limit the element is read (its unknown attribute is a warning).
        let within = try read(text) { $0.lineBytes = 4_096 }
        XCTAssertEqual(within.recordCount, 3)
        XCTAssertFalse(within.rejects.contains { $0.code == .lineTooLong })
    }

    func test_read_tooManyAttributesOnTheRoot_rejectsTheFileWhole() throws {
        let text = "<?xml version=\"1.0\"?>\n<f:feed xmlns:f=\"urn:allot:feed:1\"\(Self.attributes(300))>\(Self.good)</f:feed>"
        for chunkSize in [XMLFeedReader.chunkSize, 1, 2, 3, 5] {
            let result = try read(text, chunkSize: chunkSize) { _ in }

            XCTAssertEqual(result.recordCount, 0)
            XCTAssertEqual(result.records.count, 0)
            XCTAssertEqual(result.rejects.map(\.code), [.tooManyAttributes])
            XCTAssertEqual(result.rejects.map(\.line), [2])
            XCTAssertEqual(result.rejects.map(\.message), [
                "<f:feed> has more than 256 attributes, the limit ([limits] attributes_per_element): the rest of the file is not read",
            ])
        }
    }

    /// Quotes, `>` and tag-like text inside values, comments, CDATA sections,
    /// processing instructions and a DOCTYPE's internal subset are not attributes.
    func test_read_tagLookalikesAreNotCounted_inAnyChunking() throws {
        let lookalike = "<a\(Self.attributes(12))>"
        let text = """
            <?xml version="1.0" encoding="UTF-8"?>
            <?pi \(lookalike) "?' ?>
            <!DOCTYPE feed [
              <!-- \(lookalike) ' " -->
              <?pi \(lookalike) ?>
              <!ENTITY lit "x > ] ' ]]> --> ?>">
              <!ENTITY county '茌平区'>
              <!ATTLIST other note CDATA "]> \(lookalike.dropFirst().replacingOccurrences(of: "\"", with: "'"))">
            ]>
            <feed xmlns="urn:allot:feed:1" source="lc" generated="2020-02-10T20:00:00+08:00">
            <!-- \(lookalike) - no -> ->-->
            <request id="R-1" x='>"\(lookalike.dropFirst().replacingOccurrences(of: "\"", with: ""))' y="&lt;'>"><enterprise id="\(Self.enterpriseCode)" name="力得" category="key_enterprise"/><region>&county;</region><material><![CDATA[口罩\(lookalike)]]]]></material><quantity>40</quantity></request>
            <request id="R-2"\(Self.attributes(7))><enterprise id="\(Self.enterpriseCode)" name="力得" category="key_enterprise"/><region>371503</region><material>口罩</material><quantity>40</quantity></request>
            <request id="R-3"\(Self.attributes(8))/>
            </feed>
            """
        for chunkSize in [XMLFeedReader.chunkSize] + Array(1...7) {
            let result = try read(text, chunkSize: chunkSize) { $0.attributesPerElement = 8 }

            XCTAssertEqual(result.recordCount, 3, "chunk size \(chunkSize)")
            XCTAssertEqual(result.rejects.map(\.code), [.unknownMaterial, .tooManyAttributes], "chunk size \(chunkSize)")
            XCTAssertEqual(result.rejects.map(\.line), [12, 14], "chunk size \(chunkSize)")
            XCTAssertEqual(result.records.map(\.record.key.id), ["R-2"], "chunk size \(chunkSize)")
        }
    }

    func test_read_attributesFromTheInternalSubset_areCounted() throws {
        // Defaults declared for an element, and a start tag inside an entity's text.
        let defaults = (0..<9).map { "<!ATTLIST request d\($0) CDATA \"x\">" }.joined()
        let declared = try read("<!DOCTYPE feed [\(defaults)]>\n" + Self.feed(Self.good)) { $0.attributesPerElement = 8 }
        XCTAssertEqual(declared.rejects.map(\.code), [.tooManyAttributes])
        XCTAssertEqual(declared.rejects.first?.message.hasPrefix("<request> has more than 8 attributes"), true)
        XCTAssertEqual(declared.recordCount, 0)

        let entity = "<!DOCTYPE feed [<!ENTITY e \"<x\(Self.attributes(9).replacingOccurrences(of: "\"", with: "&#34;"))/>\">]>\n"
        let fromEntity = try read(entity + Self.feed(Self.good)) { $0.attributesPerElement = 8 }
        XCTAssertEqual(fromEntity.rejects.map(\.code), [.tooManyAttributes])
        XCTAssertEqual(fromEntity.rejects.first?.message.hasPrefix("<x> has more than 8 attributes"), true)
    }

    // MARK: - Depth

    func test_read_nestingDeeperThanTheLimit_stopsNamingLineElementAndLimit() throws {
        let text = Self.feed("""
            \(Self.good)
            <request id="R-2"><region><x><y>371503</y></x></region></request>
            """)
        for chunkSize in [XMLFeedReader.chunkSize, 1, 3, 7] {
            let result = try read(text, chunkSize: chunkSize) { $0.xmlDepth = 4 }

            XCTAssertEqual(result.records.map(\.record.key.id), ["R-1"])
            XCTAssertEqual(result.recordCount, 2)
            XCTAssertEqual(result.rejects, [Reject(
                file: "feeds/feed.xml", line: 4, source: "lc", code: .nestingTooDeep,
                message: "<y> is nested deeper than the limit of 4 levels ([limits] xml_depth): the rest of the file is not read")])
        }
        XCTAssertEqual(try read(text) { $0.xmlDepth = 5 }.rejects.map(\.code), [.missingField])
    }

    func test_read_hundredThousandLevels_stopAtTheDefaultDepthQuickly() throws {
        let depth = 100_000
        let text = Self.feed(String(repeating: "<x>", count: depth) + String(repeating: "</x>", count: depth))
        let started = Date()
        let result = try read(text) { _ in }

        XCTAssertLessThan(Date().timeIntervalSince(started), 2)
        XCTAssertEqual(result.recordCount, 0)
        XCTAssertEqual(result.rejects.map(\.code), [.nestingTooDeep])
        XCTAssertEqual(result.rejects.map(\.message), [
            "<x> is nested deeper than the limit of 32 levels ([limits] xml_depth): the rest of the file is not read",
        ])
    }

    // MARK: - Value sizes

    func test_read_attributeLargerThanTheLimit_rejectsItsRecordNamingTheField() throws {
        let name = String(repeating: "名", count: 30)  // 90 bytes
        let text = Self.feed("""
            <request id="R-1"><enterprise id="\(Self.enterpriseCode)" name="\(name)" category="key_enterprise" note="\(name)"/><region>371503</region><material>口罩</material><quantity>40</quantity></request>
            \(Self.good.replacingOccurrences(of: "R-1", with: "R-2"))
            """)
        let result = try read(text) { $0.attributeBytes = 64 }

        XCTAssertEqual(result.records.map(\.record.key.id), ["R-2"])
        XCTAssertEqual(result.recordCount, 2)
        XCTAssertEqual(result.rejects, [Reject(
            file: "feeds/feed.xml", line: 3, field: "enterprise_name", source: "lc", recordID: "R-1",
            code: .fieldTooLarge,
            message: "enterprise_name is 90 bytes long, longer than the limit of 64 bytes ([limits] attribute_bytes): the record is not read",
            raw: "<request id=\"R-1\"><enterprise id=\"\(Self.enterpriseCode)\" name=\"…\" category=\"key_enterprise\" note=\"…\"/><region>371503</region><material>口罩</material><quantity>40</quantity></request>")])
        XCTAssertEqual(try read(text) { $0.attributeBytes = 90 }.rejects, [])
    }

    func test_read_textLargerThanTheLimit_inManyPieces_rejectsItsRecordWithBoundedRaw() throws {
        let big = String(repeating: "口罩&amp;", count: 40)  // 7 bytes a time, 280 bytes, in many SAX pieces
        let text = Self.feed("""
            \(Self.good)
            \(Self.request("R-2", "<region>371503</region><material>\(big)</material><quantity>\(big)</quantity>"))
            """)
        for chunkSize in [XMLFeedReader.chunkSize, 7] {
            let result = try read(text, chunkSize: chunkSize) { $0.fieldBytes = 100 }

            XCTAssertEqual(result.records.map(\.record.key.id), ["R-1"])
            XCTAssertEqual(result.rejects.map(\.field), ["material"])
            XCTAssertEqual(result.rejects.map(\.code), [.fieldTooLarge])
            XCTAssertEqual(result.rejects.map(\.message), [
                "material is 280 bytes long, longer than the limit of 100 bytes ([limits] field_bytes): the record is not read",
            ])
            XCTAssertEqual(result.rejects.map(\.raw), [
                Self.request("R-2", "<region>371503</region><material>…</material><quantity>…</quantity>"),
            ])
        }
    }

    func test_read_tooLargeSource_rejectsTheFileWhole() throws {
        let result = try read(Self.feed(Self.good, source: String(repeating: "s", count: 65))) { $0.attributeBytes = 64 }

        XCTAssertEqual(result.recordCount, 0)
        XCTAssertEqual(result.rejects.map(\.code), [.fieldTooLarge])
        XCTAssertEqual(result.rejects.map(\.field), ["source"])
        XCTAssertEqual(result.rejects.map(\.source), ["feed"])
    }

    // MARK: - Records per file

    func test_read_recordsPastTheLimit_areOneRejectAtTheFirstRecordNotRead() throws {
        let records = (1...5).map { Self.good.replacingOccurrences(of: "R-1", with: "R-\($0)") }
        let text = Self.feed(records.joined(separator: "\n"))
        for chunkSize in [XMLFeedReader.chunkSize, 5] {
            let result = try read(text, chunkSize: chunkSize) { $0.recordsPerFile = 3 }

            XCTAssertEqual(result.records.map(\.record.key.id), ["R-1", "R-2", "R-3"])
            XCTAssertEqual(result.recordCount, 4)
            XCTAssertEqual(result.rejects, [Reject(
                file: "feeds/feed.xml", line: 6, source: "lc", code: .tooManyRecords,
                message: "the file holds more than 3 records, the limit ([limits] records_per_file): this record and the rest of the file are not read")])
        }
        XCTAssertEqual(try read(text) { $0.recordsPerFile = 5 }.recordCount, 5)
    }

    func test_ingest_recordsPastTheLimit_countsAddUp() throws {
        let records = (1...5).map { Self.good.replacingOccurrences(of: "R-1", with: "R-\($0)") }
        try write(Array(Self.feed(records.joined(separator: "\n")).utf8))
        let result = XMLFeedReader.read(try open("feed.xml"), reference: Self.reference { $0.recordsPerFile = 2 })
        let rejected = result.rejects.count
        XCTAssertEqual(result.recordCount, result.records.count + rejected)
        XCTAssertEqual([result.recordCount, result.records.count, rejected], [3, 2, 1])
    }
}
