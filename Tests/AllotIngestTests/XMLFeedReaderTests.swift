import AllotCore
import Foundation
import XCTest
@_spi(Fuzzing) @testable import AllotIngest

/// Files and reference data for the XML reader's tests: a temporary folder
/// per test, a few Shandong regions, the built-in catalog.
class XMLFeedTestCase: XCTestCase {
    private(set) var directory: URL!

    override func setUpWithError() throws {
        directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("allot-xml-tests-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: directory)
    }

    static func region(_ code: Int32, _ name: String, _ level: Region.Level, _ parent: Int32?) -> Region {
        Region(code: RegionCode(code), name: name, level: level, parentCode: parent.map(RegionCode.init),
               latitude: 36.5, longitude: 116.0)
    }

    static let reference = ReferenceData(catalog: .builtIn, regions: RegionTable(regions: [
        region(370000, "山东省", .province, nil),
        region(371500, "聊城市", .prefecture, 370000),
        region(371503, "茌平区", .county, 371500),
        region(371522, "莘县", .county, 371500),
    ]))

    /// A valid credit code: the 17-character `prefix` and its check character.
    static func creditCode(_ prefix: String) -> String {
        prefix + String(CreditCode.checkCharacter(forPrefix: prefix)!)
    }

    static let supplierCode = creditCode("11370000MB2835925")
    static let enterpriseCode = creditCode("91371500706079729")

    /// Writes `bytes` as `feeds/name` in the test's folder, an inputs folder.
    @discardableResult
    func write(_ bytes: [UInt8], as name: String = "feed.xml") throws -> URL {
        let url = directory.appendingPathComponent("feeds/" + name)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(bytes).write(to: url)
        return url
    }

    /// Opens `feeds/name` of the test's folder, as the nightly run does.
    func open(_ name: String) throws -> InputFile {
        try InputFolder(directory).open("feeds/" + name)
    }

    func read(_ text: String, as name: String = "feed.xml",
              chunkSize: Int = XMLFeedReader.chunkSize) throws -> FeedFileResult {
        try write(Array(text.utf8), as: name)
        return XMLFeedReader.read(try open(name), reference: Self.reference, chunkSize: chunkSize)
    }

    /// SPEC 4.4's example.
    static let specExample = """
        <?xml version="1.0" encoding="UTF-8"?>
        <feed xmlns="urn:allot:feed:1" source="sd-platform" generated="2020-02-10T20:00:00+08:00">
          <offer id="SD-0001" kind="allocation" status="active" updated="2020-02-10T18:00:00+08:00">
            <supplier id="\(supplierCode)" name="山东省应急物资储备"/>
            <region>370000</region>
            <material>医用口罩</material>
            <quantity unit="只">123.5万</quantity>
            <available-from>2020-02-11</available-from>
          </offer>
          <request id="LC-0042">
            <enterprise id="\(enterpriseCode)" name="山东力得汽车科技股份有限公司" category="key_enterprise"/>
            <region>371503</region>
            <material>DISINFECTANT</material>
            <quantity unit="吨">12</quantity>
            <needed-by>2020-02-11</needed-by>
          </request>
        </feed>

        """

    /// A feed of `records` in the feed namespace, with the SPEC's header.
    static func feed(_ records: String, source: String = "lc") -> String {
        """
        <?xml version="1.0" encoding="UTF-8"?>
        <feed xmlns="urn:allot:feed:1" source="\(source)" generated="2020-02-10T20:00:00+08:00">
        \(records)
        </feed>

        """
    }

    /// A one-line request with the given children.
    static func request(_ id: String, _ children: String) -> String {
        "<request id=\"\(id)\"><enterprise id=\"\(enterpriseCode)\" name=\"力得\" category=\"key_enterprise\"/>\(children)</request>"
    }

    func offers(_ result: FeedFileResult) -> [Offer] {
        result.records.compactMap { if case .offer(let o) = $0.record { return o } else { return nil } }
    }

    func requests(_ result: FeedFileResult) -> [Request] {
        result.records.compactMap { if case .request(let r) = $0.record { return r } else { return nil } }
    }
}

final class XMLFeedReaderTests: XMLFeedTestCase {
    func test_read_specExampleGivesOfferAndRequest() throws {
        let result = try read(Self.specExample)

        XCTAssertEqual(result.path, "feeds/feed.xml")
        XCTAssertEqual(result.source, "sd-platform")
        XCTAssertEqual(result.encoding, .utf8)
        XCTAssertEqual(result.generated?.description, "2020-02-10T12:00:00Z")
        XCTAssertEqual(result.rejects, [])
        XCTAssertEqual(result.warnings, [])
        XCTAssertEqual(result.recordCount, 2)
        XCTAssertEqual(result.records.map(\.origin), [RecordOrigin(file: "feeds/feed.xml", line: 3),
                                                      RecordOrigin(file: "feeds/feed.xml", line: 10)])
        let offer = Offer(
            key: RecordKey(source: "sd-platform", kind: .offer, id: "SD-0001"),
            supplierID: try CreditCode.parse(Self.supplierCode).get(), supplierName: "山东省应急物资储备",
            region: RegionCode(370000), material: MaterialCode("MASK-MEDICAL"), quantity: Quantity(1_235_000),
            kind: .allocation, availableFrom: CalendarDate(year: 2020, month: 2, day: 11),
            updatedAt: DateText.instant("2020-02-10T10:00:00Z"))
        let request = Request(
            key: RecordKey(source: "sd-platform", kind: .request, id: "LC-0042"),
            enterpriseID: try CreditCode.parse(Self.enterpriseCode).get(), enterpriseName: "山东力得汽车科技股份有限公司",
            region: RegionCode(371503), material: MaterialCode("DISINFECTANT"), quantity: Quantity(12_000),
            neededBy: CalendarDate(year: 2020, month: 2, day: 11), category: .keyEnterprise)
        XCTAssertEqual(result.records.map(\.record), [.offer(offer), .request(request)])
    }

    func test_read_workersInsteadOfQuantity() throws {
        let result = try read(Self.feed(Self.request("R-1", "<region>茌平区</region><material>口罩</material><workers> 150 </workers>")))

        XCTAssertEqual(result.rejects, [])
        let r = try XCTUnwrap(requests(result).first)
        XCTAssertEqual(r.workers, 150)
        // 150 workers × 2 masks a day × a horizon of 3 days.
        XCTAssertEqual(r.quantity, Quantity(900))
        XCTAssertEqual(r.material, MaterialCode("MASK-MEDICAL"))
    }

    func test_read_quantityWinsOverWorkers() throws {
        let result = try read(Self.feed(Self.request("R-1", "<region>371503</region><material>口罩</material><quantity>40</quantity><workers>150</workers>")))

        XCTAssertEqual(requests(result).first?.quantity, Quantity(40))
        XCTAssertEqual(requests(result).first?.workers, 150, "kept for the entitlement check")
    }

    func test_read_statusAndUpdatedAttributes() throws {
        let result = try read(Self.feed("""
            <offer id="O-1" status="withdrawn" updated="2020-02-10 19:30"/>
            <offer id="O-2" status="active" updated="2020-02-09T08:00:00Z" kind="capacity">
              <supplier id="\(Self.supplierCode)" name="信发集团"/><region>莘县</region><material>熔喷布</material>
              <quantity unit="t">1.5</quantity><available-from>2020/2/11</available-from><available-until>2020年2月20日</available-until>
            </offer>
            \(Self.request("R-1", "<region>371503</region><material>N95</material><quantity>2箱</quantity>").replacingOccurrences(of: "<request id=\"R-1\"", with: "<request id=\"R-1\" status=\"撤回\""))
            """))

        XCTAssertEqual(result.rejects, [])
        XCTAssertEqual(result.records.count, 3)
        XCTAssertEqual(result.records[0].record, .withdrawal(Withdrawal(
            key: RecordKey(source: "lc", kind: .offer, id: "O-1"), updatedAt: DateText.instant("2020-02-10T11:30:00Z"))))
        let o = try XCTUnwrap(offers(result).first)
        XCTAssertEqual(o.kind, .capacity)
        XCTAssertEqual(o.updatedAt, DateText.instant("2020-02-09T08:00:00Z"))
        XCTAssertEqual(o.quantity, Quantity(1500))
        XCTAssertEqual(o.region, RegionCode(371522))
        XCTAssertEqual(o.availableUntil, CalendarDate(year: 2020, month: 2, day: 20))
        XCTAssertEqual(result.records[2].record, .withdrawal(Withdrawal(
            key: RecordKey(source: "lc", kind: .request, id: "R-1"), updatedAt: nil)))
        XCTAssertEqual(result.records.map(\.origin.line), [3, 4, 8])
    }

    func test_read_unknownElementsAndAttributesWarnOnce() throws {
        let result = try read(Self.feed("""
            <note>for the bureau</note>
            \(Self.request("R-1", "<region>371503</region><material>口罩</material><quantity>40</quantity><remark lang=\"zh\">急<b>!</b></remark>"))
            <request id="R-2" priority="high"><enterprise id="\(Self.enterpriseCode)" name="力得" category="sme" size="3"/><region>371503</region><material>口罩</material><quantity>40</quantity></request>
            <request id="R-3" priority="low"><enterprise id="\(Self.enterpriseCode)" name="力得" category="sme"/><region>371503</region><material>口罩</material><quantity>40</quantity><available-until>2020-02-12</available-until></request>
            """))

        XCTAssertEqual(result.rejects, [])
        XCTAssertEqual(result.records.map(\.record.key.id), ["R-1", "R-2", "R-3"])
        XCTAssertEqual(result.recordCount, 3)
        XCTAssertEqual(result.warnings, [
            "feeds/feed.xml:3: unknown element <note> in <feed> ignored",
            "feeds/feed.xml:4: unknown element <remark> in <request> ignored",
            "feeds/feed.xml:5: unknown attribute priority on <request> ignored (2 times)",
            "feeds/feed.xml:5: unknown attribute size on <enterprise> ignored",
            "feeds/feed.xml:6: unknown element <available-until> in <request> ignored",
        ])
    }

    func test_read_foreignNamespaceIsUnknownAndPrefixedFeedNamespaceIsKnown() throws {
        let result = try read("""
            <f:feed xmlns:f="urn:allot:feed:1" xmlns:x="urn:example:other" source="lc" x:note="1">
            <f:request id="R-1"><f:enterprise id="\(Self.enterpriseCode)" name="力得" category="sme"/><f:region>371503</f:region><x:region>371522</x:region><f:material>口罩</f:material><f:quantity>40</f:quantity></f:request>
            </f:feed>
            """)

        XCTAssertEqual(result.rejects, [])
        XCTAssertEqual(requests(result).first?.region, RegionCode(371503))
        XCTAssertEqual(result.warnings, [
            "feeds/feed.xml:1: unknown attribute x:note xmlns=\"urn:example:other\" on <feed> ignored",
            "feeds/feed.xml:2: unknown element <x:region xmlns=\"urn:example:other\"> in <request> ignored",
        ])
    }

    func test_read_secondFieldElementIgnoredWithWarning() throws {
        let result = try read(Self.feed(Self.request("R-1", "<region>371503</region><region>371522</region><material>口罩</material><quantity>40</quantity>")))

        XCTAssertEqual(requests(result).first?.region, RegionCode(371503))
        XCTAssertEqual(result.warnings, ["feeds/feed.xml:3: a second <region> in one <request> ignored; the first counts"])
    }

    func test_read_badValueGivesRejectWithFieldCodeLineAndRaw() throws {
        let result = try read(Self.feed("""
            \(Self.request("R-1", "<region>371503</region><material>口罩</material><quantity>40</quantity>"))
              <request id="R-2" updated="2020-02-10">
                <enterprise id="\(Self.enterpriseCode)" name="A &amp; B &lt;有限&gt; &quot;公司&quot;" category="sme"/>
                <region>371503</region>
                <material>口罩</material>
                <quantity unit="kg"> 5 </quantity>
              </request>
            """))

        XCTAssertEqual(result.records.map(\.record.key.id), ["R-1"])
        XCTAssertEqual(result.recordCount, 2)
        XCTAssertEqual(result.rejects, [Reject(
            file: "feeds/feed.xml", line: 4, field: "unit", source: "lc", recordID: "R-2", code: .unknownUnit,
            message: "kg is not a unit of 一次性使用医用口罩 (MASK-MEDICAL); use one of pcs, piece, 个, 件, 只, 片, 盒, 箱",
            raw: #"<request id="R-2" updated="2020-02-10"><enterprise id="\#(Self.enterpriseCode)" name="A &amp; B &lt;有限&gt; &quot;公司&quot;" category="sme"/><region>371503</region><material>口罩</material><quantity unit="kg"> 5 </quantity></request>"#)])
    }

    func test_read_badQuantityNamesQuantityField() throws {
        let result = try read(Self.feed(Self.request("R-9", "<region>371503</region><material>口罩</material><quantity>很多</quantity>")))

        XCTAssertEqual(result.rejects.map(\.field), ["quantity"])
        XCTAssertEqual(result.rejects.map(\.code), [.badQuantity])
        XCTAssertEqual(result.rejects.map(\.recordID), ["R-9"])
        XCTAssertEqual(result.rejects.map(\.line), [3])
    }

    func test_read_mismatchedTagMidwayGivesNoRecordAndOneReject() throws {
        let result = try read("""
            <?xml version="1.0" encoding="UTF-8"?>
            <feed xmlns="urn:allot:feed:1" source="lc">
            \(Self.request("R-1", "<region>371503</region><material>口罩</material><quantity>40</quantity>"))
            \(Self.request("R-2", "<region>371503</region><material>口罩</material><quantity>40</quantity>"))
              <request id="R-3">
                <region>371503</material>
              </request>
            </feed>
            """)

        XCTAssertEqual(result.records.count, 0)
        XCTAssertEqual(result.recordCount, 0)
        XCTAssertEqual(result.warnings, [])
        XCTAssertEqual(result.rejects, [Reject(
            file: "feeds/feed.xml", line: 6, field: "", source: "feed", code: .notWellFormed,
            message: "line 6, column 30: Opening and ending tag mismatch: region line 6 and material")])
        // Nothing of a broken file is taken, its source attribute neither: the file's name stands for it.
        XCTAssertEqual(result.source, "feed")
    }

    func test_read_truncatedFileIsNotWellFormed() throws {
        let result = try read(Self.feed(Self.request("R-1", "<region>371503</region><material>口罩</material><quantity>40</quantity>"))
            .replacingOccurrences(of: "</feed>\n", with: ""))

        XCTAssertEqual(result.records.count, 0)
        XCTAssertEqual(result.rejects.map(\.code), [.notWellFormed])
        XCTAssertEqual(result.rejects.map(\.line), [3])
        XCTAssertEqual(result.rejects.map(\.message), ["line 3, column 171: Premature end of data in tag feed"])
    }

    func test_read_emptyFileIsNotWellFormed() throws {
        let result = try read("")

        XCTAssertEqual(result.recordCount, 0)
        XCTAssertEqual(result.rejects.map(\.code), [.notWellFormed])
        XCTAssertEqual(result.rejects.map(\.message), ["line 1, column 1: Document is empty"])
    }

    func test_read_rootNotFeedIsBadHeader() throws {
        let result = try read("<?xml version=\"1.0\"?>\n<offers source=\"lc\"><offer id=\"O-1\"/></offers>\n")

        XCTAssertEqual(result.records.count, 0)
        XCTAssertEqual(result.recordCount, 0)
        XCTAssertEqual(result.rejects, [Reject(
            file: "feeds/feed.xml", line: 2, source: "feed", code: .badHeader,
            message: "the root element is <offers>, not <feed xmlns=\"urn:allot:feed:1\">: not an allot feed")])
    }

    func test_read_feedInOtherNamespaceIsBadHeader() throws {
        let result = try read("<feed xmlns=\"urn:allot:feed:2\" source=\"lc\"/>")

        XCTAssertEqual(result.rejects.map(\.code), [.badHeader])
    }

    func test_read_missingSourceUsesFileNameAndBadGeneratedWarns() throws {
        let result = try read("""
            <feed xmlns="urn:allot:feed:1" generated="yesterday">
            \(Self.request("R-1", "<region>371503</region><material>口罩</material><quantity>40</quantity>"))
            </feed>
            """, as: "liaocheng-0211.xml")

        XCTAssertEqual(result.source, "liaocheng-0211")
        XCTAssertEqual(result.generated, nil)
        XCTAssertEqual(result.records.first?.record.key, RecordKey(source: "liaocheng-0211", kind: .request, id: "R-1"))
        XCTAssertEqual(result.warnings, [
            "feeds/liaocheng-0211.xml:1: generated=\"yesterday\" is not a timestamp (write 2020-02-10T20:00:00+08:00); records without `updated` get none",
            "feeds/liaocheng-0211.xml:1: <feed> has no source attribute; the source is the file name, liaocheng-0211",
        ])
    }

    func test_read_gb18030DeclarationWithChineseNames() throws {
        try assertChineseFeedReads(declaring: "GB18030", encoding: String.Encoding(rawValue: 0x8000_0632))
    }

    func test_read_gbkDeclarationWithChineseNames() throws {
        try assertChineseFeedReads(declaring: "GBK", encoding: String.Encoding(rawValue: 0x8000_0421))
    }

    /// UTF-16 with a byte-order mark, UTF-16 without one (declared): read; UTF-32: refused whole; each
    /// recorded as it is.
    func test_read_utf16AndUtf32Feeds_readAndRecordedTruthfully() throws {
        let body = """
            <feed xmlns="urn:allot:feed:1" source="聊城市工信局">
            <request id="需-1"><enterprise id="\(Self.enterpriseCode)" name="山东力得汽车科技股份有限公司" category="重点企业"/><region>聊城市茌平区</region><material>一次性使用医用口罩</material><quantity>5箱</quantity></request>
            </feed>

            """
        let cases: [(String, String.Encoding, TextEncoding)] = [
            ("<?xml version=\"1.0\"?>\n", .utf16LittleEndian, .utf16),       // no mark: `<?` in two bytes
            ("\u{FEFF}<?xml version=\"1.0\"?>\n", .utf16BigEndian, .utf16),  // with a byte-order mark
            ("<?xml version=\"1.0\" encoding=\"UTF-16\"?>\n", .utf16LittleEndian, .utf16),
            ("\u{FEFF}<?xml version=\"1.0\"?>\n", .utf32LittleEndian, .utf32),
        ]
        for (declaration, encoding, recorded) in cases {
            let bytes = try XCTUnwrap((declaration + body).data(using: encoding))
            try write(Array(bytes), as: "wide.xml")
            for chunkSize in [XMLFeedReader.chunkSize, 3] {
                let result = XMLFeedReader.read(try open("wide.xml"), reference: Self.reference, chunkSize: chunkSize)
                XCTAssertEqual(result.encoding, recorded, "\(encoding) \(declaration)")
                if recorded == .utf16 {
                    XCTAssertEqual(result.rejects, [], "\(encoding) \(declaration)")
                    XCTAssertEqual(try requests(result).first?.enterpriseName, "山东力得汽车科技股份有限公司")
                } else {
                    // UTF-32 is refused whole, whatever the chunks.
                    XCTAssertEqual(result.records.count, 0, "\(encoding)")
                    XCTAssertEqual(result.rejects.map(\.code), [.badEncoding], "\(encoding)")
                    XCTAssertEqual(result.rejects.map(\.message),
                                   ["the file is UTF-32 text, which allot does not read: save it as UTF-8 (or UTF-16)"])
                }
            }
        }
    }

    /// A declaration naming an encoding feeds are not written in (`UTF8-`, which iconv reads as UTF-8
    /// and decodes differently by chunk; `UTF7-`, which libxml2 cannot switch to and so fails on where
    /// the chunk ends) refuses the file whole, the same way in any chunking: the declaration is read
    /// from the file's own bytes before libxml2 sees them, however it is written.
    func test_read_declaredEncodingNotRead_refusedWholeInAnyChunking() throws {
        let declarations = [
            ("<?xml version=\"1.0\" encoding=\"UTF8-\"?>", "UTF8-"),
            ("<?xml version=\"1.0\" encoding=\"UTF7-\"?>", "UTF7-"),
            ("\u{FEFF}<?xml version='1.0'\n   encoding = 'x-mac-roman' standalone='yes'?>", "x-mac-roman"),
            ("<?xml versio=\"1.0\" encoding=\"UTF7-\"?>", "UTF7-"),
        ]
        for (declaration, name) in declarations {
            let text = declaration + "\n<feed xmlns=\"urn:allot:feed:1\" source=\"lc\"><!-- 省调拨 --></feed>\n"
            try write(Array(text.utf8), as: "odd.xml")
            for chunkSize in [XMLFeedReader.chunkSize, 7, 3, 1] {
                let result = XMLFeedReader.read(try open("odd.xml"), reference: Self.reference, chunkSize: chunkSize)
                XCTAssertEqual(result.records.count, 0)
                XCTAssertEqual(result.source, "odd")
                XCTAssertEqual(result.rejects.map(\.code), [.badEncoding], "\(name), chunk size \(chunkSize)")
                XCTAssertEqual(result.rejects.map(\.message), [
                    "the declaration names the encoding \(name), which allot does not read: save the file as UTF-8 (or UTF-16, GB18030)",
                ])
            }
        }
    }

    /// Declarations naming an encoding that is read, in any case and quoting, or none at all, read the
    /// file as before in any chunking; one with no encoding that ends early is libxml2's to report.
    func test_read_declaredEncodingRead_readsInAnyChunking() throws {
        let feed = "<feed xmlns=\"urn:allot:feed:1\" source=\"lc\"><request id=\"r-1\"><enterprise id=\"\(Self.enterpriseCode)\" name=\"力得\" category=\"重点企业\"/><region>聊城市茌平区</region><material>一次性使用医用口罩</material><quantity>5箱</quantity></request></feed>\n"
        for declaration in ["<?xml version='1.0' encoding='utf-8'?>", "\u{FEFF}<?xml version=\"1.0\"?>", "", "<?xml version=\"1.0\" standalone=\"yes\" ?>"] {
            try write(Array((declaration + "\n" + feed).utf8), as: "plain.xml")
            for chunkSize in [XMLFeedReader.chunkSize, 7, 1] {
                let result = XMLFeedReader.read(try open("plain.xml"), reference: Self.reference, chunkSize: chunkSize)
                XCTAssertEqual(result.rejects.map(\.code), [], "\(declaration), chunk size \(chunkSize)")
                XCTAssertEqual(result.records.count, 1, "\(declaration), chunk size \(chunkSize)")
            }
        }
        try write(Array("<?xml version=\"1.0\"".utf8), as: "cut.xml")
        for chunkSize in [XMLFeedReader.chunkSize, 1] {
            let result = XMLFeedReader.read(try open("cut.xml"), reference: Self.reference, chunkSize: chunkSize)
            XCTAssertEqual(result.rejects.map(\.code), [.notWellFormed], "chunk size \(chunkSize)")
        }
    }

    /// `<for>` (SPEC 12): its three attributes on one element; a value that cannot be read rejects the
    /// offer naming the attribute's field; a second `<for>` rejects the offer, in any chunking.
    func test_read_earmarkElement() throws {
        let text = """
            <feed xmlns="urn:allot:feed:1" source="sd">
            <offer id="A" kind="allocation"><supplier id="\(Self.supplierCode)" name="省储备"/><region>山东省</region><material>医用口罩</material><quantity>10万只</quantity>
              <for enterprise="\(Self.enterpriseCode)" categories="medical|epidemic_producer" regions="聊城市"/></offer>
            <offer id="B"><supplier id="\(Self.supplierCode)" name="省储备"/><region>山东省</region><material>医用口罩</material><quantity>1万只</quantity><for categories="医院"/></offer>
            <offer id="C"><supplier id="\(Self.supplierCode)" name="省储备"/><region>山东省</region><material>医用口罩</material><quantity>1万只</quantity>
              <for categories="medical"/>
              <for regions="聊城市"/></offer>
            </feed>
            """
        for chunkSize in [XMLFeedReader.chunkSize, 7] {
            let result = try read(text, chunkSize: chunkSize)
            guard case .offer(let offer)? = result.records.first?.record, result.records.count == 1 else {
                return XCTFail("one offer expected: \(result.records) \(result.rejects)")
            }
            XCTAssertEqual(offer.earmark, Earmark(enterprise: try CreditCode.parse(Self.enterpriseCode).get(),
                                                  categories: [.medical, .epidemicProducer], regions: [RegionCode(371500)]))
            XCTAssertEqual(result.rejects.map(\.recordID), ["B", "C"])
            XCTAssertEqual(result.rejects.map(\.field), ["for_categories", "for"])
            XCTAssertEqual(result.rejects.map(\.code), [.badCategory, .badEarmark])
            XCTAssertEqual(result.rejects.last?.message,
                           "the offer has a second <for> on line 7: an offer carries at most one (put enterprise, categories and regions on one <for>)")
            XCTAssertEqual(result.warnings, [])
        }
    }

    /// `<input material per-unit stock>` (SPEC 14) on a conversion offer.
    func test_read_inputElement() throws {
        let text = """
            <feed xmlns="urn:allot:feed:1" source="mask-lines">
            <offer id="L-1" kind="conversion"><supplier id="\(Self.supplierCode)" name="口罩厂"/><region>莘县</region><material>医用口罩</material><quantity>10万只</quantity>
              <input material="熔喷布" per-unit="0.0004" stock="1.5吨"/></offer>
            </feed>
            """
        let result = try read(text)
        XCTAssertEqual(result.rejects, [])
        guard case .offer(let offer)? = result.records.first?.record else { return XCTFail("one offer expected") }
        XCTAssertEqual(offer.conversion, ConversionInput(material: MaterialCode("MELTBLOWN"), perUnit: ExactDecimal("0.0004")!,
                                                         stock: Quantity(1_500)))
    }

    private func assertChineseFeedReads(declaring name: String, encoding: String.Encoding,
                                        file: StaticString = #filePath, line: UInt = #line) throws {
        let text = """
            <?xml version="1.0" encoding="\(name)"?>
            <feed xmlns="urn:allot:feed:1" source="聊城市工信局">
            <request id="需-1"><enterprise id="\(Self.enterpriseCode)" name="山东力得汽车科技股份有限公司" category="重点企业"/><region>聊城市茌平区</region><material>一次性使用医用口罩</material><quantity>5箱</quantity></request>
            </feed>

            """
        let bytes = try XCTUnwrap(text.data(using: encoding), file: file, line: line)
        XCTAssertNotEqual(Array(bytes), Array(text.utf8), "the fixture is not in \(name)", file: file, line: line)
        try write(Array(bytes), as: "gb.xml")

        for chunkSize in [XMLFeedReader.chunkSize, 1, 3] {
            let result = XMLFeedReader.read(try open("gb.xml"), reference: Self.reference, chunkSize: chunkSize)
            XCTAssertEqual(result.encoding, .gb18030, file: file, line: line)
            XCTAssertEqual(result.source, "聊城市工信局", file: file, line: line)
            XCTAssertEqual(result.rejects, [], file: file, line: line)
            let r = try XCTUnwrap(requests(result).first, file: file, line: line)
            XCTAssertEqual(r.key.id, "需-1", file: file, line: line)
            XCTAssertEqual(r.enterpriseName, "山东力得汽车科技股份有限公司", file: file, line: line)
            XCTAssertEqual(r.region, RegionCode(371503), file: file, line: line)
            XCTAssertEqual(r.category, .keyEnterprise, file: file, line: line)
            XCTAssertEqual(r.quantity, Quantity(10_000), file: file, line: line)
        }
    }

    func test_read_tinyChunksGiveTheSameResult() throws {
        let text = Self.specExample.replacingOccurrences(of: "<region>370000</region>", with: "<region>\n  370000\n</region>")
            + "<!-- trailing comment -->\n"
        let whole = try read(text)
        XCTAssertEqual(whole.records.count, 2)
        for chunkSize in [1, 2, 3, 5, 7, 16, 64, 1000] {
            let split = try read(text, chunkSize: chunkSize)
            XCTAssertEqual(split.records.map(\.record), whole.records.map(\.record), "chunk size \(chunkSize)")
            XCTAssertEqual(split.records.map(\.origin), whole.records.map(\.origin), "chunk size \(chunkSize)")
            XCTAssertEqual(split.rejects, whole.rejects, "chunk size \(chunkSize)")
            XCTAssertEqual(split.generated, whole.generated, "chunk size \(chunkSize)")
        }
    }

    func test_read_tinyChunksKeepRejectRawAndErrorPosition() throws {
        let bad = Self.feed(Self.request("R-1", "<region>371503</region><material>口罩</material><quantity>零</quantity>"))
        let broken = bad.replacingOccurrences(of: "</request>", with: "</requst>")
        for chunkSize in [1, 4, 9] {
            XCTAssertEqual(try read(bad, chunkSize: chunkSize).rejects, try read(bad).rejects, "chunk size \(chunkSize)")
            XCTAssertEqual(try read(broken, chunkSize: chunkSize).rejects, try read(broken).rejects, "chunk size \(chunkSize)")
        }
    }

    func test_read_manyRecordsKeepFileOrderAcrossBatches() throws {
        // More records than several batches hold, every 97th one bad.
        let records = (1...1_500).map { i in
            Self.request("R-\(i)", "<region>371503</region><material>口罩</material><quantity>\(i % 97 == 0 ? "-1" : String(i))</quantity>")
        }
        let result = try read(Self.feed(records.joined(separator: "\n")), chunkSize: 4096)

        XCTAssertEqual(result.recordCount, 1_500)
        XCTAssertEqual(result.records.map(\.record.key.id), (1...1_500).filter { $0 % 97 != 0 }.map { "R-\($0)" })
        XCTAssertEqual(result.records.map(\.origin.line), (1...1_500).filter { $0 % 97 != 0 }.map { $0 + 2 })
        XCTAssertEqual(requests(result).map(\.quantity.units), (1...1_500).filter { $0 % 97 != 0 }.map(Int64.init))
        XCTAssertEqual(result.rejects.map(\.recordID), (1...1_500).filter { $0 % 97 == 0 }.map { "R-\($0)" })
        XCTAssertEqual(result.rejects.map(\.line), (1...1_500).filter { $0 % 97 == 0 }.map { $0 + 2 })
        XCTAssertEqual(result.rejects.first?.raw, records[96])
        XCTAssertEqual(Set(result.rejects.map(\.code)), [.nonPositiveQuantity])
    }

    func test_read_cdataCharacterReferencesAndBOM() throws {
        let text = "\u{FEFF}" + Self.feed(Self.request("R-1", "<region><![CDATA[371503]]></region><material>&#x53E3;&#32617;</material><quantity>4<!-- c -->0</quantity>"))
        let result = try read(text)

        XCTAssertEqual(result.rejects, [])
        XCTAssertEqual(requests(result).first?.material, MaterialCode("MASK-MEDICAL"))
        XCTAssertEqual(requests(result).first?.quantity, Quantity(40))
    }

    func test_read_internalEntityIsExpanded() throws {
        let result = try read("""
            <?xml version="1.0"?>
            <!DOCTYPE feed [<!ENTITY company "山东力得&amp;汽车科技股份有限公司"><!ENTITY county "茌平区">]>
            <feed xmlns="urn:allot:feed:1" source="lc">
            <request id="R-1"><enterprise id="\(Self.enterpriseCode)" name="&company;" category="sme"/><region>聊城市&county;</region><material>口罩</material><quantity>40</quantity></request>
            </feed>
            """)

        XCTAssertEqual(result.rejects, [])
        XCTAssertEqual(requests(result).first?.enterpriseName, "山东力得&汽车科技股份有限公司")
        XCTAssertEqual(requests(result).first?.region, RegionCode(371503))
        XCTAssertEqual(result.records.first?.origin.line, 4)
    }

    func test_encoding_declarationNames() {
        XCTAssertEqual(XMLFeedReader.encoding(declared: nil), .utf8)
        XCTAssertEqual(XMLFeedReader.encoding(declared: "utf-8"), .utf8)
        XCTAssertEqual(XMLFeedReader.encoding(declared: "gb2312"), .gb18030)
        XCTAssertEqual(XMLFeedReader.encoding(declared: "GBK"), .gb18030)
        XCTAssertEqual(XMLFeedReader.encoding(declared: "GB18030"), .gb18030)
    }
}
