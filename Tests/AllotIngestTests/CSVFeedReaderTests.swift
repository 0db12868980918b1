import AllotCore
import Foundation
import XCTest
@_spi(Benchmarks) @_spi(Fuzzing) @testable import AllotIngest

final class CSVFeedReaderTests: XCTestCase {
    private var folder: CSVTestFolder!

    override func setUpWithError() throws { folder = try CSVTestFolder() }
    override func tearDown() { folder = nil }

    private static let reference: ReferenceData = {
        func region(_ code: Int32, _ name: String, _ level: Region.Level, _ parent: Int32?) -> Region {
            Region(code: RegionCode(code), name: name, level: level, parentCode: parent.map(RegionCode.init),
                   latitude: 36.0, longitude: 116.0)
        }
        return ReferenceData(catalog: .builtIn, regions: RegionTable(regions: [
            region(370000, "山东省", .province, nil),
            region(370100, "济南市", .prefecture, 370000),
            region(370103, "市中区", .county, 370100),
            region(370400, "枣庄市", .prefecture, 370000),
            region(370402, "市中区", .county, 370400),
            region(371500, "聊城市", .prefecture, 370000),
            region(371502, "东昌府区", .county, 371500),
            region(371522, "莘县", .county, 371500),
        ]))
    }()

    /// A valid credit code: `prefix` (17 characters) and its check character.
    private static func code(_ prefix: String) -> String {
        prefix + String(CreditCode.checkCharacter(forPrefix: prefix)!)
    }

    private static let enterprise = code("91371500706079729")
    private static let other = code("91371522MA3C00000")
    private static let supplier = code("11370000MB2835925")

    private static let requestHeader =
        "request_id,enterprise_id,enterprise_name,region,material,quantity,unit,needed_by,category,updated_at,status\n"

    private func read(_ name: String, _ text: String, options: CSVFeedReader.Options = .init()) throws -> FeedFileResult {
        let url = try folder.write("feeds/" + name, text)
        return CSVFeedReader.read(try .opening(url, as: "feeds/" + name), reference: Self.reference, options: options)
    }

    private func requests(_ result: FeedFileResult) -> [Request] {
        result.records.compactMap { if case .request(let r) = $0.record { return r } else { return nil } }
    }

    // MARK: - A file cut short while it is read

    /// A feed truncated after it was opened (a county's upload restarted): the reader meets the end of the file
    /// before the size `fstat` gave, reads the rows that are there as whole records, rejects the row the cut
    /// went through, and the digest is of the bytes that are there; no crash, no wait for the missing bytes.
    func test_read_fileTruncatedAfterOpening_readsWholeRowsAndRejectsTheCutOne() throws {
        var rows = [String]()
        for i in 1...40 {
            rows.append("R-\(i),\(Self.enterprise),人民医院,莘县,SUIT,\(i),,2020-02-12,medical,2020-02-10 08:00,\n")
        }
        let text = Self.requestHeader + rows.joined()
        let url = try folder.write("feeds/cut.csv", text)
        let file = try InputFile.opening(url, as: "feeds/cut.csv")
        let cut = Array((Self.requestHeader + rows[0..<30].joined() + "R-31,\(Self.enterprise),人民").utf8)
        XCTAssertEqual(truncate(url.path, off_t(cut.count)), 0)
        var options = CSVFeedReader.Options()
        options.blockSize = 64
        options.chunkSize = 256
        let result = CSVFeedReader.read(file, reference: Self.reference, options: options)

        XCTAssertEqual(requests(result).map(\.key.id), (1...30).map { "R-\($0)" })
        XCTAssertEqual(result.rejects.map { "\($0.line) \($0.code.rawValue)" }, ["32 wrong_field_count"])
        XCTAssertEqual(file.sha256(), SHA256.hex(of: cut))
        XCTAssertEqual(file.size, text.utf8.count, "the size opened with, which no reader trusts over the end of the file")

        XCTAssertEqual(truncate(url.path, 0), 0)
        let empty = CSVFeedReader.read(try InputFile.opening(url, as: "feeds/cut.csv"), reference: Self.reference)
        XCTAssertEqual(empty.recordCount, 0)
    }

    // MARK: - Records

    func test_read_requestFeed_givesRecordsWithOrigins() throws {
        let text = Self.requestHeader + """
            LC-1,\(Self.enterprise),山东力得汽车科技股份有限公司,莘县,口罩,"1,200",只,2020-02-11,sme,2020-02-10T18:00:00+08:00,active
            LC-2 , \(Self.other.lowercased()) ,"聊城, 鲁西
            化工",371522,消毒液,12吨,,2020/2/12,重点企业,,

            LC-3,\(Self.other),x,聊城市莘县,KN95,20,盒,,medical,,withdrawn

            """
        let r = try read("lc-requests.csv", text)
        XCTAssertEqual(r.path, "feeds/lc-requests.csv")
        XCTAssertEqual(r.source, "lc-requests")
        XCTAssertEqual(r.encoding, .utf8)
        XCTAssertEqual(r.rejects, [])
        XCTAssertEqual(r.warnings, [])
        XCTAssertEqual(r.recordCount, 3)
        XCTAssertEqual(r.records.map(\.origin), [RecordOrigin(file: "feeds/lc-requests.csv", line: 2),
                                                 RecordOrigin(file: "feeds/lc-requests.csv", line: 3),
                                                 RecordOrigin(file: "feeds/lc-requests.csv", line: 6)])
        let q = requests(r)
        XCTAssertEqual(q.count, 2)
        XCTAssertEqual(q[0].key, RecordKey(source: "lc-requests", kind: .request, id: "LC-1"))
        XCTAssertEqual(q[0].enterpriseID.description, Self.enterprise)
        XCTAssertEqual(q[0].enterpriseName, "山东力得汽车科技股份有限公司")
        XCTAssertEqual(q[0].region, RegionCode(371522))
        XCTAssertEqual(q[0].material, MaterialCode("MASK-MEDICAL"))
        XCTAssertEqual(q[0].quantity, Quantity(1200))
        XCTAssertEqual(q[0].category, .sme)
        XCTAssertEqual(q[1].key.id, "LC-2")
        XCTAssertEqual(q[1].enterpriseName, "聊城, 鲁西\n化工")
        XCTAssertEqual(q[1].quantity, Quantity(12_000))
        XCTAssertEqual(q[1].category, .keyEnterprise)
        guard case .withdrawal(let w) = r.records[2].record else { return XCTFail("LC-3 is a withdrawal") }
        XCTAssertEqual(w.key.id, "LC-3")
    }

    func test_read_offerFeedWithChineseHeaders() throws {
        let text = "供给编号, 供应方信用代码 ,供应方名称,所在地区,物资,数量,单位,类型,可供日期\r\n"
            + "SD-0001,\(Self.supplier),山东省应急物资储备,山东省,医用口罩,123.5万,只,调拨,2020-02-11\r\n"
        let r = try read("sd.csv", text)
        XCTAssertEqual(r.rejects, [])
        XCTAssertEqual(r.recordCount, 1)
        guard case .offer(let o) = r.records.first?.record else { return XCTFail("one offer expected") }
        XCTAssertEqual(o.key, RecordKey(source: "sd", kind: .offer, id: "SD-0001"))
        XCTAssertEqual(o.region, RegionCode(370000))
        XCTAssertEqual(o.quantity, Quantity(1_235_000))
        XCTAssertEqual(o.kind, .allocation)
        XCTAssertEqual(o.availableFrom, CalendarDate(year: 2020, month: 2, day: 11))
    }

    // MARK: - Earmarks (SPEC 12)

    private func offers(_ result: FeedFileResult) -> [Offer] {
        result.records.compactMap { if case .offer(let o) = $0.record { return o } else { return nil } }
    }

    /// for_enterprise, for_categories and for_regions, under their canonical and Chinese headers, lists split
    /// on |, 、, ; and ；, regions by name or code; an offer without them is open to anyone.
    func test_read_earmarkColumns_canonicalAndChinese() throws {
        let canonical = "offer_id,supplier_id,supplier_name,region,material,quantity,unit,kind,for_enterprise,for_categories,for_regions\n"
            + "ZL-1,\(Self.supplier),中联实业,莘县,消毒液,12,吨,donation,\(Self.enterprise),,\n"
            + "SD-2,\(Self.supplier),山东省应急物资储备,山东省,医用口罩,10万,只,allocation,,医疗机构、epidemic_producer,聊城市；370100\n"
            + "OPEN,\(Self.supplier),山东省应急物资储备,山东省,医用口罩,10万,只,stock,,,\n"
        let a = try read("canonical.csv", canonical)
        XCTAssertEqual(a.rejects, [])
        let chinese = "供给编号,供应方信用代码,供应方名称,所在地区,物资,数量,单位,类型,定向企业,定向类别,定向地区\n"
            + "ZL-1,\(Self.supplier),中联实业,莘县,消毒液,12,吨,捐赠,\(Self.enterprise),,\n"
            + "SD-2,\(Self.supplier),山东省应急物资储备,山东省,医用口罩,10万,只,调拨,,medical|防疫物资生产企业,370100;聊城市\n"
            + "OPEN,\(Self.supplier),山东省应急物资储备,山东省,医用口罩,10万,只,库存,,,\n"
        let b = try read("chinese.csv", chinese)
        XCTAssertEqual(b.rejects, [])
        let enterprise = try CreditCode.parse(Self.enterprise).get()
        for result in [a, b] {
            XCTAssertEqual(offers(result).map(\.earmark), [
                Earmark(enterprise: enterprise),
                Earmark(categories: [.medical, .epidemicProducer], regions: [RegionCode(371500), RegionCode(370100)]),
                nil,
            ])
        }
    }

    /// An earmark that cannot be read rejects the offer, naming the column.
    func test_read_badEarmark_rejectsTheOfferNamingTheColumn() throws {
        let text = "offer_id,supplier_id,supplier_name,region,material,quantity,for_enterprise,for_categories,for_regions\n"
            + "A,\(Self.supplier),甲,莘县,消毒液,12,91371500706079720,,\n"
            + "B,\(Self.supplier),乙,莘县,消毒液,12,,医院,\n"
            + "C,\(Self.supplier),丙,莘县,消毒液,12,,,市中区\n"
            + "D,\(Self.supplier),丁,莘县,消毒液,12,,,北京市|聊城市\n"
            + "E,\(Self.supplier),戊,莘县,消毒液,12,,|、,\n"
        let r = try read("bad.csv", text)
        XCTAssertEqual(r.records.count, 0)
        XCTAssertEqual(r.rejects.map(\.recordID), ["A", "B", "C", "D", "E"])
        XCTAssertEqual(r.rejects.map(\.field), ["for_enterprise", "for_categories", "for_regions", "for_regions", "for_categories"])
        XCTAssertEqual(r.rejects.map(\.code), [.badCreditCode, .badCategory, .ambiguousRegion, .unknownRegion, .missingField])
        XCTAssertEqual(r.rejects.map(\.line), [2, 3, 4, 5, 6])
    }

    /// A request feed has no earmarks: the columns are warned about and ignored.
    func test_read_earmarkColumnsInARequestFeed_areIgnoredWithAWarning() throws {
        let text = "request_id,enterprise_id,enterprise_name,region,material,quantity,category,for_enterprise\n"
            + "R-1,\(Self.enterprise),力得,莘县,消毒液,12,重点企业,\(Self.other)\n"
        let r = try read("req.csv", text)
        XCTAssertEqual(r.rejects, [])
        XCTAssertEqual(r.records.count, 1)
        XCTAssertTrue(r.warnings.contains { $0.contains("'for_enterprise' is not a field of requests; ignored") }, "\(r.warnings)")
    }

    // MARK: - Conversion offers (SPEC 14)

    /// input_material/原料, input_per_unit/单耗 and input_stock/原料库存 (in the input's units).
    func test_read_conversionOffer_canonicalAndChinese() throws {
        let canonical = "offer_id,supplier_id,supplier_name,region,material,quantity,kind,input_material,input_per_unit,input_stock\n"
            + "L-1,\(Self.supplier),口罩厂,莘县,医用口罩,10万,conversion,熔喷布,0.0004,2吨\n"
        let chinese = "供给编号,供应方信用代码,供应方名称,所在地区,物资,数量,类型,原料,单耗,原料库存\n"
            + "L-1,\(Self.supplier),口罩厂,莘县,医用口罩,10万,以料定产,MELTBLOWN,0.0004,2000\n"
        for text in [canonical, chinese] {
            let r = try read("lines.csv", text)
            XCTAssertEqual(r.rejects, [])
            let offer = try XCTUnwrap(offers(r).first)
            XCTAssertEqual(offer.kind, .conversion)
            XCTAssertEqual(offer.quantity, Quantity(100_000))
            XCTAssertEqual(offer.conversion, ConversionInput(material: MaterialCode("MELTBLOWN"), perUnit: ExactDecimal("0.0004")!,
                                                             stock: Quantity(2_000)))
        }
    }

    /// A conversion input that cannot be used rejects the offer as bad_conversion naming the field.
    func test_read_badConversion_rejectsNamingTheField() throws {
        let text = "offer_id,supplier_id,supplier_name,region,material,quantity,kind,input_material,input_per_unit,input_stock\n"
            + "A,\(Self.supplier),厂,莘县,医用口罩,100,conversion,,0.001,\n"
            + "B,\(Self.supplier),厂,莘县,医用口罩,100,conversion,熔喷布,,\n"
            + "C,\(Self.supplier),厂,莘县,医用口罩,100,conversion,熔喷布,0,\n"
            + "D,\(Self.supplier),厂,莘县,医用口罩,100,conversion,医用口罩,0.001,\n"
            + "E,\(Self.supplier),厂,莘县,医用口罩,100,conversion,金子,0.001,\n"
            + "F,\(Self.supplier),厂,莘县,医用口罩,100,stock,熔喷布,,\n"
            + "G,\(Self.supplier),厂,莘县,医用口罩,100,conversion,熔喷布,0.001,两吨\n"
        let r = try read("bad.csv", text)
        XCTAssertEqual(r.records.count, 0)
        XCTAssertEqual(r.rejects.map(\.recordID), ["A", "B", "C", "D", "E", "F", "G"])
        XCTAssertEqual(r.rejects.map(\.field), ["input_material", "input_per_unit", "input_per_unit", "input_material",
                                                "input_material", "input_material", "input_stock"])
        XCTAssertEqual(Set(r.rejects.map(\.code)), [.badConversion])
    }

    func test_read_gb18030Feed_recordsItsEncoding() throws {
        let text = "需求编号,企业信用代码,企业名称,所在地区,物资,数量,企业类别\n"
            + "LC-9,\(Self.enterprise),莘县华联纺织有限公司,莘县,医用口罩,5000,中小微企业\n"
        let url = try folder.writeGB18030("feeds/gb.csv", text)
        let r = CSVFeedReader.read(try .opening(url, as: "feeds/gb.csv"), reference: Self.reference)
        XCTAssertEqual(r.encoding, .gb18030)
        XCTAssertEqual(r.rejects, [])
        XCTAssertEqual(requests(r).map(\.enterpriseName), ["莘县华联纺织有限公司"])
    }

    func test_read_unknownColumns_warnAndAreIgnored() throws {
        let text = "request_id,enterprise_id,material,quantity,category,region,enterprise_name,备注,kind,\n"
            + "A,\(Self.enterprise),口罩,10,sme,莘县,甲,随便,capacity,\n"
        let r = try read("w.csv", text)
        XCTAssertEqual(r.rejects, [])
        XCTAssertEqual(r.records.count, 1)
        XCTAssertEqual(r.warnings, [
            "feeds/w.csv: column 8 '备注' is not a feed field; ignored",
            "feeds/w.csv: column 10 has no name; ignored",
            "feeds/w.csv: column 9 'kind' is not a field of requests; ignored",
        ])
    }

    // MARK: - Files rejected whole

    private func assertRejectedWhole(_ r: FeedFileResult, line: Int = 1, _ code: RejectCode, _ message: String,
                                     raw: String, file: StaticString = #filePath, lineNumber: UInt = #line) {
        XCTAssertEqual(r.rejects, [Reject(file: r.path, line: line, field: "", source: r.source, recordID: "",
                                          code: code, message: message, raw: raw)], file: file, line: lineNumber)
        XCTAssertEqual(r.recordCount, 0, file: file, line: lineNumber)
        XCTAssertTrue(r.records.isEmpty, file: file, line: lineNumber)
    }

    func test_read_headerOfNeitherKind_rejectsWholeFile() throws {
        let r = try read("x.csv", "id,name,material\n1,a,口罩\n2,b,口罩\n")
        assertRejectedWhole(r, .badHeader,
                            "the header has neither supplier_id (供应方信用代码) (an offer feed) nor enterprise_id (企业信用代码) (a request feed)",
                            raw: "id,name,material")
        XCTAssertEqual(r.encoding, .utf8)
    }

    func test_read_headerOfBothKinds_rejectsWholeFile() throws {
        let r = try read("x.csv", "offer_id,supplier_id,enterprise_id,material\n1,a,b,c\n")
        assertRejectedWhole(r, .badHeader,
                            "the header has both supplier_id (供应方信用代码) and enterprise_id (企业信用代码): a CSV feed holds offers or requests, not both",
                            raw: "offer_id,supplier_id,enterprise_id,material")
    }

    func test_read_headerMissingColumns_rejectsWholeFile() throws {
        let r = try read("x.csv", "\n\noffer_id,supplier_id,supplier_name,material\n1,a,b,c\n")
        assertRejectedWhole(r, line: 3, .missingColumn, "the offer feed lacks the columns region (所在地区), quantity (数量)",
                            raw: "offer_id,supplier_id,supplier_name,material")
        let requests = try read("y.csv", "enterprise_id,物资\n")
        assertRejectedWhole(requests, .missingColumn, "the request feed lacks the column request_id (需求编号)",
                            raw: "enterprise_id,物资")
    }

    func test_read_duplicateColumn_rejectsWholeFile() throws {
        let r = try read("x.csv", "request_id,enterprise_id,material,Material\n")
        assertRejectedWhole(r, .badHeader, "column material (物资) appears twice, in columns 3 and 4",
                            raw: "request_id,enterprise_id,material,Material")
    }

    func test_read_emptyFile_rejectsWholeFile() throws {
        let r = try read("x.csv", "\n\n")
        assertRejectedWhole(r, .badHeader,
                            "the file is empty: expected a header with supplier_id (供应方信用代码) for offers or enterprise_id (企业信用代码) for requests",
                            raw: "")
    }

    func test_read_utf16File_givesOneBadEncodingReject() throws {
        let url = try folder.write("feeds/u16.csv", bytes: [0xFE, 0xFF, 0x00, 0x61])
        let r = CSVFeedReader.read(try .opening(url, as: "feeds/u16.csv"), reference: Self.reference)
        XCTAssertEqual(r.rejects, [Reject(file: "feeds/u16.csv", line: 0, source: "u16", code: .badEncoding,
                                          message: "is UTF-16 text (it starts with a UTF-16 byte order mark); save it as UTF-8 or GB18030")])
        XCTAssertEqual(r.recordCount, 0)
    }

    /// A feed saved by old Mac Excel ("CSV (Macintosh)") ends its rows with a
    /// CR alone; edited elsewhere, it mixes in CRLF and LF. Every row is read
    /// on its line, a CR inside a quoted field stays in the value, and every
    /// line break counts as a line, whatever the threads and chunks.
    func test_read_bareCarriageReturnsMixedWithCRLFAndLF_everyRowOnItsLine() throws {
        let bad = "LC-3,\(Self.enterprise),丁,火星,口罩,30,只,,sme,,"
        let text = Self.requestHeader.dropLast() + "\r"                                    // line 1
            + "LC-1,\(Self.enterprise),甲,莘县,口罩,10,只,,sme,,\r"                         // 2
            + "LC-2,\(Self.enterprise),\"乙\r丙\",莘县,口罩,20,只,,sme,,\r\n"             // 3-4
            + bad + "\n\r"                                                                  // 5, blank 6
            + "\"LC-4\",\(Self.enterprise),戊,莘县,口罩,40,只,,sme,,\"active\"\r"          // 7
            + "LC-5,\(Self.enterprise),己,莘县,口罩,50,只,,sme,,\r"                         // 8
        let whole = try read("mac.csv", text)
        XCTAssertEqual(whole.rejects.map(\.code), [.unknownRegion])
        XCTAssertEqual(whole.rejects.map(\.line), [5])
        XCTAssertEqual(whole.rejects.map(\.raw), [bad])
        XCTAssertEqual(whole.records.map(\.origin.line), [2, 3, 7, 8])
        XCTAssertEqual(requests(whole).map(\.key.id), ["LC-1", "LC-2", "LC-4", "LC-5"])
        XCTAssertEqual(requests(whole).map(\.enterpriseName), ["甲", "乙\r丙", "戊", "己"])
        XCTAssertEqual(whole.recordCount, 5)
        for (workers, chunk, block) in [(2, 1, 1), (2, 16, 5), (1, 7, 3), (3, 64, 64)] {
            var options = CSVFeedReader.Options()
            options.workers = workers
            options.chunkSize = chunk
            options.blockSize = block
            let r = try read("mac.csv", text, options: options)
            let label = "workers \(workers), chunk \(chunk), block \(block)"
            XCTAssertEqual(r.records.map(\.record), whole.records.map(\.record), label)
            XCTAssertEqual(r.records.map(\.origin), whole.records.map(\.origin), label)
            XCTAssertEqual(r.rejects, whole.rejects, label)
            XCTAssertEqual(r.recordCount, whole.recordCount, label)
        }
    }

    // MARK: - Rows rejected

    func test_read_valueProblem_rejectCarriesEverything() throws {
        let row = "LC-7,\(Self.enterprise),甲,市中区,口罩,10,只,,sme,,"
        let r = try read("lc.csv", Self.requestHeader + row + "\n")
        XCTAssertEqual(r.rejects, [Reject(
            file: "feeds/lc.csv", line: 2, field: "region", source: "lc", recordID: "LC-7", code: .ambiguousRegion,
            message: "市中区 names 2 regions: 370103 济南市市中区, 370402 枣庄市市中区; write the code or the parent's name first",
            raw: row)])
        XCTAssertEqual(r.recordCount, 1)
        XCTAssertTrue(r.records.isEmpty)
    }

    func test_read_wrongFieldCount_rejectsRowAndReadsOn() throws {
        let good = "LC-1,\(Self.enterprise),甲,莘县,口罩,10,只,,sme,,"
        let short = "LC-2,\(Self.enterprise),乙,莘县,口罩,10,只,sme,"
        let r = try read("lc.csv", Self.requestHeader + short + "\n" + good + "\n")
        XCTAssertEqual(r.rejects, [Reject(file: "feeds/lc.csv", line: 2, field: "", source: "lc", recordID: "LC-2",
                                          code: .wrongFieldCount, message: "row has 9 fields, the header has 11", raw: short)])
        XCTAssertEqual(r.records.map(\.origin.line), [3])
        XCTAssertEqual(r.recordCount, 2)
    }

    /// NUL bytes (a spreadsheet's damage, or a binary file renamed) reach the
    /// reject escaped, `\u0000`, never as they are.
    func test_read_rowWithNULBytes_rejectShowsThemEscaped() throws {
        let short = "LC-\u{0}2,\(Self.enterprise),乙\u{0}\u{0},莘县,口罩,10,只,sme,"
        let r = try read("lc.csv", Self.requestHeader + short + "\n")
        XCTAssertEqual(r.rejects.map(\.raw), ["LC-\\u00002,\(Self.enterprise),乙\\u0000\\u0000,莘县,口罩,10,只,sme,"])
        XCTAssertEqual(r.rejects.map(\.recordID), ["LC-\\u00002"])
        XCTAssertEqual(r.rejects.map(\.code), [.wrongFieldCount])
    }

    /// A name holding NUL bytes rejects its record, naming the field, with the
    /// byte path on and off; the other records are read.
    func test_read_nameWithNULBytes_rejectedNamingTheField() throws {
        let good = "LC-1,\(Self.enterprise),甲,莘县,口罩,10,只,,sme,,"
        let bad = "LC-2,\(Self.enterprise),乙\u{0}\u{0}公司,莘县,口罩,10,只,,sme,,"
        for bytes in [true, false] {
            var options = CSVFeedReader.Options()
            options.readsCommonFormsFromBytes = bytes
            let r = try read("lc.csv", Self.requestHeader + good + "\n" + bad + "\n" + good + "\n", options: options)
            XCTAssertEqual(r.rejects, [Reject(
                file: "feeds/lc.csv", line: 3, field: "enterprise_name", source: "lc", recordID: "LC-2",
                code: .controlCharacter,
                message: "enterprise_name holds the control character \\u0000 at character 2, "
                    + "which is not text: remove it",
                raw: "LC-2,\(Self.enterprise),乙\\u0000\\u0000公司,莘县,口罩,10,只,,sme,,")], "bytes \(bytes)")
            XCTAssertEqual(r.records.map(\.origin.line), [2, 4], "bytes \(bytes)")
        }
    }

    /// A file whose name holds a control character would give it to every
    /// record's source, and so to the plan files: it is one reject, 0 records.
    func test_read_fileNameWithAControlCharacter_rejectedWhole() throws {
        let r = try read("lc\u{1}.csv", Self.requestHeader + "LC-1,\(Self.enterprise),甲,莘县,口罩,10,只,,sme,,\n")
        XCTAssertEqual(r.rejects, [Reject(
            file: "feeds/lc\u{1}.csv", line: 0, source: "lc\u{1}", code: .controlCharacter,
            message: "the file's name holds the control character \\u0001 at character 3, which is not text: "
                + "rename the file")])
        XCTAssertEqual(r.rejects.map(\.file), ["feeds/lc\\u0001.csv"])
        XCTAssertEqual(r.recordCount, 0)
        XCTAssertTrue(r.records.isEmpty)
    }

    func test_read_unterminatedQuote_rejectsTheLastRow() throws {
        let good = "LC-1,\(Self.enterprise),甲,莘县,口罩,10,只,,sme,,"
        let open = "LC-2,\(Self.enterprise),\"乙\n丙,莘县,口罩,10,只,,sme,,"
        let r = try read("lc.csv", Self.requestHeader + good + "\n" + open + "\n")
        XCTAssertEqual(r.rejects, [Reject(file: "feeds/lc.csv", line: 3, field: "", source: "lc", recordID: "LC-2",
                                          code: .unterminatedQuote,
                                          message: "a quoted field opened in this row is not closed before the end of the file",
                                          raw: open)])
        XCTAssertEqual(r.records.count, 1)
        XCTAssertEqual(r.recordCount, 2)
    }

    func test_read_invalidUTF8Row_rejectedAsBadEncoding() throws {
        let good = "LC-1,\(Self.enterprise),甲,莘县,口罩,10,只,,sme,,\n"
        let bad = Array("LC-2,\(Self.enterprise),".utf8) + [0xC3, 0x28] + Array(",莘县,口罩,10,只,,sme,,\n".utf8)
        let url = try folder.write("feeds/lc.csv", bytes: Array((Self.requestHeader + good).utf8) + bad + Array(good.utf8))
        let r = CSVFeedReader.read(try .opening(url, as: "feeds/lc.csv"), reference: Self.reference)
        XCTAssertEqual(r.encoding, .utf8)
        XCTAssertEqual(r.rejects, [Reject(
            file: "feeds/lc.csv", line: 3, field: "", source: "lc", recordID: "LC-2", code: .badEncoding,
            message: "the row holds bytes that are not valid UTF-8 (shown as \u{FFFD}); save the file as UTF-8 or GB18030",
            raw: "LC-2,\(Self.enterprise),\u{FFFD}(,莘县,口罩,10,只,,sme,,")])
        XCTAssertEqual(r.records.map(\.origin.line), [2, 4])
    }

    /// A row whose region value grows from 1,250 to 10,000 characters (up to
    /// the largest `[limits] field_bytes`), read in chunks much shorter than
    /// the row: the read's time grows at most with the value's length (a
    /// value of 20 MB once ran for hours; it is now `field_too_large`).
    func test_read_growingRegionValue_timeGrowsLinearly() throws {
        let sizes = [1_250, 2_500, 5_000, 10_000]
        var reference = Self.reference
        reference.policy.limits.fieldBytes = InputLimits.largestRepresentableValue
        var options = CSVFeedReader.Options()
        options.chunkSize = 4096
        options.blockSize = 4096
        var files = [Int: URL]()
        for size in sizes {
            let region = String(repeating: "莘", count: size - 3) + "聊城市"
            files[size] = try folder.write("feeds/long-\(size).csv",
                                           Self.requestHeader + "LC-1,\(Self.enterprise),甲,\(region),口罩,10,只,,sme,,\n")
        }
        let seconds = GrowthTiming.seconds(for: sizes) { size in
            let file = try! InputFile.opening(files[size]!, as: "feeds/long-\(size).csv")
            let r = CSVFeedReader.read(file, reference: reference, options: options)
            XCTAssertEqual(r.rejects.map(\.code), [.unknownRegion])
        }
        XCTAssertTrue(GrowthTiming.growsLinearly(seconds, sizes: sizes),
                      "seconds by length: \(zip(sizes, seconds).map { "\($0): \($1)" })")
    }

    // MARK: - Chunks and threads

    /// 2 MiB of ASCII rows, then GB18030: the chunks read before the decision
    /// and after it merge into one file read as GB18030, on threads too.
    func test_read_gb18030AfterTwoMiBOfASCII_decidedLateOnThreads() throws {
        let row = "R,\(Self.enterprise),ACME,371522,KN95,20,,,sme,,\n"
        let count = (2 << 20) / row.utf8.count + 1
        let text = Self.requestHeader + String(repeating: row, count: count)
            + "R-last,\(Self.enterprise),莘县华联纺织有限公司,莘县,医用口罩,5000,只,,中小微企业,,\n"
        let url = try folder.writeGB18030("feeds/late.csv", text)
        var options = CSVFeedReader.Options()
        options.workers = 2
        options.chunkSize = 256 << 10
        let r = CSVFeedReader.read(try .opening(url, as: "feeds/late.csv"), reference: Self.reference, options: options)
        XCTAssertEqual(r.encoding, .gb18030)
        XCTAssertEqual(r.rejects, [])
        XCTAssertEqual(r.recordCount, count + 1)
        XCTAssertEqual(r.records.last?.origin.line, count + 2)
        XCTAssertEqual(requests(r).last?.enterpriseName, "莘县华联纺织有限公司")
        XCTAssertEqual(requests(r).last?.category, .sme)
    }

    /// A feed with quoted line breaks, bad rows and blank lines, cut into tiny
    /// chunks and read on several threads, reads exactly as in one piece.
    func test_read_smallChunksOnThreads_sameAsOnePiece() throws {
        var random = CSVTestRandom(seed: 11)
        var text = Self.requestHeader
        var expectedLines = [Int]()
        var line = 2
        for i in 0..<400 {
            let name = ["甲", "\"乙,\n丙\"", "\"引\"\"号\"", "丁"].randomElement(using: &random)!
            let region = ["莘县", "371522", "市中区", "聊城市东昌府区"].randomElement(using: &random)!
            let tail = i % 37 == 5 ? "" : ",,"
            text += "R-\(i),\(Self.enterprise),\(name),\(region),口罩,\(i + 1),只,,sme\(tail)\r\n"
            if region != "市中区" && tail == ",," { expectedLines.append(line) }
            line += name.contains("\n") ? 2 : 1
            if i % 50 == 7 {
                text += "\n"
                line += 1
            }
        }
        let whole = try read("big.csv", text, options: { var o = CSVFeedReader.Options(); o.workers = 1; return o }())
        XCTAssertEqual(whole.records.map(\.origin.line), expectedLines)
        XCTAssertEqual(whole.recordCount, 400)
        XCTAssertEqual(whole.records.count + whole.rejects.count, 400)
        for (workers, chunk, block) in [(2, 64, 17), (3, 1, 1), (2, 1000, 4096), (1, 7, 3)] {
            var options = CSVFeedReader.Options()
            options.workers = workers
            options.chunkSize = chunk
            options.blockSize = block
            let r = try read("big.csv", text, options: options)
            let label = "workers \(workers), chunk \(chunk), block \(block)"
            XCTAssertEqual(r.records.map(\.record), whole.records.map(\.record), label)
            XCTAssertEqual(r.records.map(\.origin), whole.records.map(\.origin), label)
            XCTAssertEqual(r.rejects, whole.rejects, label)
            XCTAssertEqual(r.recordCount, whole.recordCount, label)
        }
    }
}
