import AllotCore
import Foundation
import XCTest
@testable import AllotIngest

final class NightIngestTests: XCTestCase {
    /// The shipped sample night (Inputs/README.md lists what each file holds).
    static let sampleInputs = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Inputs")

    func test_sampleNight_everyRecordCountedExactlyOnce() throws {
        let night = try NightIngest.read(inputs: Self.sampleInputs)
        for file in night.files {
            XCTAssertEqual(file.accepted + file.rejected + file.superseded, file.records, file.path)
        }
        let feeds = night.files.filter { $0.role == .feed }
        let expected: [String: (records: Int, accepted: Int, rejected: Int, superseded: Int)] = [
            "feeds/liaocheng-offers.csv": (25, 21, 2, 2),
            "feeds/sd-platform.xml": (24, 21, 1, 2),
            "feeds/jinan-capacity.xml": (8, 8, 0, 0),
            "feeds/county-shenxian.csv": (22, 19, 2, 1),
            "feeds/county-gaotang-gb18030.csv": (18, 17, 1, 0),
            "feeds/county-yanggu.csv": (19, 18, 1, 0),
            "feeds/county-chiping.csv": (21, 21, 0, 0),
            "feeds/county-linqing.csv": (19, 17, 2, 0),
            "feeds/county-guanxian.csv": (16, 14, 1, 1),
            "feeds/county-donge.csv": (15, 15, 0, 0),
            "feeds/county-dongchangfu.csv": (27, 26, 0, 1),
        ]
        XCTAssertEqual(Set(feeds.map(\.path)), Set(expected.keys))
        for f in feeds {
            let e = expected[f.path]!
            XCTAssertEqual([f.records, f.accepted, f.rejected, f.superseded], [e.records, e.accepted, e.rejected, e.superseded], f.path)
        }
        XCTAssertEqual(feeds.first { $0.path == "feeds/county-gaotang-gb18030.csv" }?.encoding, "GB18030")
        // Accepted feed records are the plan's offers and requests plus the winning withdrawals.
        let accepted = feeds.reduce(0) { $0 + $1.accepted }
        XCTAssertEqual(accepted, night.offers.count + night.requests.count + night.withdrawn.count)
        XCTAssertEqual(night.withdrawn.count, 3)
        XCTAssertEqual(night.rejects.count, feeds.reduce(0) { $0 + $1.rejected })
    }

    func test_sampleNight_deliberateRejectsHaveTheirCodes() throws {
        let night = try NightIngest.read(inputs: Self.sampleInputs)
        let found = night.rejects.map { "\($0.file):\($0.line) \($0.recordID) \($0.code.rawValue)" }.sorted()
        XCTAssertEqual(found, [
            "feeds/county-gaotang-gb18030.csv:15 GT-014 wrong_field_count",
            "feeds/county-guanxian.csv:11 GX-010 unknown_unit",
            "feeds/county-linqing.csv:12 LQ-011 conflicting_update",
            "feeds/county-linqing.csv:16 LQ-011 conflicting_update",
            "feeds/county-shenxian.csv:17 SX-015 unknown_material",
            "feeds/county-shenxian.csv:18 SX-016 bad_date",
            "feeds/county-yanggu.csv:15 YG-014 non_positive_quantity",
            "feeds/liaocheng-offers.csv:11 LCO-010 bad_credit_code",
            "feeds/liaocheng-offers.csv:12 LCO-011 ambiguous_region",
            "feeds/sd-platform.xml:112 LC-0049 zero_need",
        ])
        XCTAssertEqual(night.overrides.count, 2)
        // The unknown element and two unknown columns, and nine possible duplicate requests (Inputs/README.md).
        XCTAssertEqual(night.warnings.count, 3 + 9)
        XCTAssertEqual(night.warningCount, 3 + 9)
    }

    // MARK: - Inputs folders made here

    private func makeInputs(_ files: [String: String]) throws -> URL {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("allot-ingest-\(UUID().uuidString)")
        for (path, text) in files {
            let url = root.appendingPathComponent(path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(text.utf8).write(to: url)
        }
        try FileManager.default.createDirectory(at: root.appendingPathComponent("feeds"), withIntermediateDirectories: true)
        addTeardownBlock { try? FileManager.default.removeItem(at: root) }
        return root
    }

    private let offerHeader = "offer_id,supplier_id,supplier_name,region,material,quantity,updated_at,status\n"

    func test_read_unknownPolicyKey_isPolicyError() throws {
        let inputs = try makeInputs(["allot.toml": "horizon_days = 3\nspeed = 300\n",
                                     "feeds/a.csv": offerHeader + "A1,\(TestReference.creditCode(1)),S,371522,SUIT,5,,\n"])
        XCTAssertThrowsError(try NightIngest.read(inputs: inputs)) { error in
            guard case IngestError.policy(let e) = error else { return XCTFail("\(error)") }
            XCTAssertEqual(e.key, "speed")
        }
    }

    /// `[substitutes]` the catalog cannot use is a policy error naming the key and its line (SPEC 13: exit 2).
    func test_read_substitutesTheCatalogCannotUse_isPolicyErrorNamingTheKey() throws {
        let cases = [
            ("MASK-MEDICAL = [\"MASK-KN99\"]", "substitutes.MASK-MEDICAL: MASK-KN99 is not a material of the catalog"),
            ("MASK-X = [\"MASK-N95\"]", "substitutes.MASK-X: MASK-X is not a material of the catalog"),
            ("MASK-N95 = [\"MASK-N95\"]", "substitutes.MASK-N95: the list of MASK-N95 names MASK-N95 itself: a material always serves its own requests"),
            ("MASK-MEDICAL = [\"MASK-N95\", \"MASK-N95\"]", "substitutes.MASK-MEDICAL: the list of MASK-MEDICAL names MASK-N95 twice"),
            ("MASK-MEDICAL = [\"ALCOHOL\"]", "substitutes.MASK-MEDICAL: ALCOHOL is counted in kg and MASK-MEDICAL in piece: a substitute must have the requested material's unit"),
        ]
        for (line, message) in cases {
            let inputs = try makeInputs(["allot.toml": "horizon_days = 3\n[substitutes]\nSUIT = []\n" + line + "\n",
                                         "feeds/a.csv": offerHeader + "A1,\(TestReference.creditCode(1)),S,371522,SUIT,5,,\n"])
            XCTAssertThrowsError(try NightIngest.read(inputs: inputs), line) { error in
                guard case IngestError.policy(let e) = error else { return XCTFail("\(error)") }
                XCTAssertEqual(e.line, 4, line)
                XCTAssertEqual(e.message, message)
                XCTAssertEqual(e.key, "substitutes." + line.prefix { $0 != " " })
            }
        }
        let good = try makeInputs(["allot.toml": "[substitutes]\nMASK-MEDICAL = [\"MASK-SURGICAL\", \"MASK-N95\"]\n",
                                   "feeds/a.csv": offerHeader + "A1,\(TestReference.creditCode(1)),S,371522,SUIT,5,,\n"])
        XCTAssertNoThrow(try NightIngest.read(inputs: good))
    }

    func test_read_noReadableFeed_isUnusable() throws {
        let inputs = try makeInputs(["feeds/a.csv": "id,name\n1,x\n"])
        XCTAssertThrowsError(try NightIngest.read(inputs: inputs)) { error in
            guard case IngestError.inputsUnusable = error else { return XCTFail("\(error)") }
        }
        let empty = try makeInputs([:])
        XCTAssertThrowsError(try NightIngest.read(inputs: empty))
    }

    func test_read_badRegionTable_isUnusableNamingTheLine() throws {
        let inputs = try makeInputs([
            "reference/regions.csv": "code,name,level,parent_code,lat,lon\n371522,莘县,county,,36.2,115.6\n37152,坏,county,,1,1\n",
            "feeds/a.csv": offerHeader + "A1,\(TestReference.creditCode(1)),S,371522,SUIT,5,,\n",
        ])
        XCTAssertThrowsError(try NightIngest.read(inputs: inputs)) { error in
            XCTAssertEqual("\(error)", "inputs unusable: reference/regions.csv:3 (code): 37152 is not a six-digit code")
        }
    }

    func test_read_updatesAcrossFeedsOfOneSource_andWithdrawal() throws {
        let code = TestReference.creditCode(1)
        let inputs = try makeInputs([
            "feeds/a.csv": offerHeader
                + "A1,\(code),S,371522,SUIT,5,2020-02-10 08:00,\n"
                + "A1,\(code),S,371522,SUIT,7,2020-02-10 09:00,\n"
                + "A2,\(code),S,371522,SUIT,9,2020-02-10 08:00,\n"
                + "A2,,,,,,2020-02-10 10:00,withdrawn\n",
            "feeds/b.xml": """
                <feed xmlns="urn:allot:feed:1" source="a" generated="2020-02-10T12:00:00+08:00">
                  <offer id="A1"><supplier id="\(code)" name="S"/><region>371522</region><material>SUIT</material><quantity>11</quantity></offer>
                </feed>
                """,
        ])
        let night = try NightIngest.read(inputs: inputs)
        XCTAssertEqual(night.warningCount, 0)
        // b.xml's A1 has no updated but the feed's generated (12:00) is the latest.
        XCTAssertEqual(night.offers.map(\.quantity), [Quantity(11)])
        XCTAssertEqual(night.withdrawn.map(\.id), ["A2"])
        let a = night.files.first { $0.path == "feeds/a.csv" }!
        XCTAssertEqual([a.records, a.accepted, a.superseded], [4, 1, 3])
    }

    /// Dates and timestamps with a time part as bureaus type it, in CSV and in XML: the request is accepted with
    /// its day, and of two updates of one key on one day the later time wins, whatever the order of the lines.
    func test_read_chineseTimeParts_acceptedAndOrdered() throws {
        let code = TestReference.creditCode(1)
        let requestHeader = "request_id,enterprise_id,enterprise_name,region,material,quantity,needed_by,category\n"
        let inputs = try makeInputs([
            "feeds/a.csv": requestHeader + "R1,\(code),E,371522,SUIT,5,2020年2月12日 9时47分,sme\n",
            "feeds/b.csv": offerHeader
                + "A1,\(code),S,371522,SUIT,7,2020-02-10 下午3点,\n"
                + "A1,\(code),S,371522,SUIT,5,2020-02-10 上午9时,\n",
            "feeds/c.xml": """
                <feed xmlns="urn:allot:feed:1" source="c">
                  <request id="R2"><enterprise id="\(code)" name="E" category="sme"/><region>371522</region>
                    <material>SUIT</material><quantity>6</quantity><needed-by>2020年2月12日 9时47分</needed-by></request>
                  <offer id="X1" updated="2020-02-10 下午3点"><supplier id="\(code)" name="S"/><region>371522</region>
                    <material>SUIT</material><quantity>8</quantity></offer>
                  <offer id="X1" updated="2020-02-10 上午9时"><supplier id="\(code)" name="S"/><region>371522</region>
                    <material>SUIT</material><quantity>4</quantity></offer>
                </feed>
                """,
        ])
        let night = try NightIngest.read(inputs: inputs)
        XCTAssertEqual(night.rejects.map { "\($0.file):\($0.line) \($0.code.rawValue)" }, [])
        let feb12 = CalendarDate(year: 2020, month: 2, day: 12)
        XCTAssertEqual(night.requests.map { "\($0.key.source):\($0.key.id)" }.sorted(), ["a:R1", "c:R2"])
        XCTAssertEqual(night.requests.map(\.neededBy), [feb12, feb12])
        let offers = night.offers.sorted { $0.key.source < $1.key.source }
        XCTAssertEqual(offers.map { "\($0.key.source):\($0.key.id) \($0.quantity.units)" }, ["b:A1 7", "c:X1 8"])
        XCTAssertEqual(offers.map { $0.updatedAt?.description }, ["2020-02-10T07:00:00Z", "2020-02-10T07:00:00Z"])
        XCTAssertEqual(night.files.filter { $0.role == .feed }.map(\.superseded), [0, 1, 1])
    }

    /// Overrides' `source:id` are resolved once, here, to the keys of tonight's records; a source with a
    /// colon is found, and an id no record has is a reject.
    func test_read_overridesResolveSourceIDToTheRecordsKeys() throws {
        let code = TestReference.creditCode(1)
        let inputs = try makeInputs([
            "feeds/county:莘县.csv": offerHeader + "A1,\(code),S,371522,SUIT,5,,\n",
            "overrides.csv": "action,offer_id,request_id,enterprise_id,material,quantity,note\n"
                + "exclude,county:莘县:A1,,,,,\n" + "exclude,county:莘县:A9,,,,,\n",
        ])
        let night = try NightIngest.read(inputs: inputs)
        XCTAssertEqual(night.overrides.map(\.offer), [RecordKey(source: "county:莘县", kind: .offer, id: "A1")])
        XCTAssertEqual(night.rejects.map { "\($0.line) \($0.field) \($0.code.rawValue)" }, ["3 offer_id unknown_record"])
    }

    /// A registry row or an override holding a control character is a reject
    /// naming the column, as a feed's record is: the registry's names reach
    /// dispatch.csv, an override's note the report.
    func test_read_controlCharactersInRegistryAndOverrides_rejectNamingTheColumn() throws {
        let code = TestReference.creditCode(1), other = TestReference.creditCode(2)
        let inputs = try makeInputs([
            "feeds/a.csv": offerHeader + "A1,\(code),S,371522,SUIT,5,,\n",
            "reference/enterprises.csv": "enterprise_id,enterprise_name,region,category,workers\n"
                + "\(code),力得\u{0},371522,sme,10\n" + "\(other),鲁西,371522,sme,10\n",
            "overrides.csv": "action,offer_id,request_id,enterprise_id,material,quantity,note\n"
                + "exclude,a:A1,,,,,\u{1B}[2J\n" + "exclude,a:A1,,,,,ok\n",
        ])
        let night = try NightIngest.read(inputs: inputs)
        XCTAssertEqual(night.rejects.map { "\($0.file):\($0.line) \($0.field) \($0.code.rawValue) \($0.message)" }, [
            "reference/enterprises.csv:2 enterprise_name control_character "
                + "enterprise_name holds the control character \\u0000 at character 3, which is not text: remove it",
            "overrides.csv:2 note control_character "
                + "note holds the control character \\u001B at character 1, which is not text: remove it",
        ])
        XCTAssertEqual(night.reference.registry.keys.map(\.description), [other])
        XCTAssertEqual(night.overrides.map(\.note), ["ok"])
    }

    func test_read_repeatedUnknownXMLElement_countsEveryOccurrence() throws {
        let code = TestReference.creditCode(1)
        let offer = { (id: String) in
            "<offer id=\"\(id)\"><supplier id=\"\(code)\" name=\"S\"/><region>371522</region><material>SUIT</material>"
                + "<quantity>5</quantity><contact>x</contact></offer>"
        }
        let inputs = try makeInputs(["feeds/a.xml": "<feed xmlns=\"urn:allot:feed:1\" source=\"a\">"
            + offer("A1") + offer("A2") + offer("A3") + "</feed>"])
        let night = try NightIngest.read(inputs: inputs)
        XCTAssertEqual(night.warnings.count, 1)
        XCTAssertEqual(night.warningCount, 3)
    }
}
