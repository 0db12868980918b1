import AllotCore
import XCTest
@testable import AllotIngest

/// Every parser of the night's inputs takes time that grows with its input,
/// never with its square: the value parsers on ever longer text, and the
/// policy, reference tables and overrides on ever more rows and ever longer
/// lines. (The feed readers and `RegionTable.resolve` have their own growth
/// tests beside their other tests.) Times are compared as ratios only.
final class ParserGrowthTests: XCTestCase, ScratchInputs {
    var scratch: URL!
    var inputs: URL { scratch.appendingPathComponent("in") }

    override func setUpWithError() throws {
        scratch = FileManager.default.temporaryDirectory.appendingPathComponent("parser-growth-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: inputs.appendingPathComponent("reference"),
                                                withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: scratch)
    }

    private static let lengths = [10_000, 20_000, 40_000, 80_000]
    private static let rowCounts = [1_000, 2_000, 4_000, 8_000]

    /// Asserts that `run` grows linearly over `sizes`, naming the figures when it does not.
    private func assertLinear(_ what: String, _ sizes: [Int], _ run: (Int) -> Void,
                              file: StaticString = #filePath, line: UInt = #line) {
        let seconds = GrowthTiming.seconds(for: sizes, trials: 5, run)
        XCTAssertTrue(GrowthTiming.growsLinearly(seconds, sizes: sizes),
                      "\(what): seconds by size: \(zip(sizes, seconds).map { "\($0): \($1)" })", file: file, line: line)
    }

    /// Texts of each length in `lengths`, made by `make`.
    private static func texts(_ make: (Int) -> String) -> [Int: String] {
        Dictionary(uniqueKeysWithValues: lengths.map { ($0, make($0)) })
    }

    // MARK: - Values (SPEC 2)

    func test_quantity_longText_timeGrowsLinearly() {
        let digits = Self.texts { String(repeating: "9", count: $0) + "万只" }
        let spaced = Self.texts { "1" + String(repeating: " ", count: $0) + "只" }
        assertLinear("digits", Self.lengths) { _ = QuantityText.parse(digits[$0]!) }
        assertLinear("spaces", Self.lengths) { _ = QuantityText.parse(spaced[$0]!) }
    }

    func test_dateAndTimestamp_longText_timeGrowsLinearly() {
        let times = Self.texts { "2020年2月12日 " + String(repeating: "9时", count: $0 / 2) }
        let digits = Self.texts { "2020-02-" + String(repeating: "1", count: $0) }
        assertLinear("date with a long time part", Self.lengths) { XCTAssertNil(DateText.date(times[$0]!)) }
        assertLinear("timestamp with a long time part", Self.lengths) { XCTAssertNil(DateText.instant(times[$0]!)) }
        assertLinear("date with a long day", Self.lengths) { XCTAssertNil(DateText.date(digits[$0]!)) }
    }

    func test_creditCodeAndMaterialName_longText_timeGrowsLinearly() {
        let codes = Self.texts { String(repeating: "9", count: $0) }
        let names = Self.texts { String(repeating: "ＫＮ９５", count: $0 / 4) }
        assertLinear("credit code", Self.lengths) {
            guard case .failure = CreditCode.parse(codes[$0]!) else { return XCTFail("a long code was read") }
        }
        assertLinear("material name", Self.lengths) {
            XCTAssertNil(MaterialCatalog.builtIn.material(forKey: TextNormalization.lookupKey(names[$0]!)))
        }
    }

    // MARK: - Files

    func test_policy_manyLinesAndLongLine_timeGrowsLinearly() {
        let commented = Dictionary(uniqueKeysWithValues: Self.rowCounts.map {
            ($0, String(repeating: "# 说明 comment line\n", count: $0) + "horizon_days = 4\n")
        })
        let long = Self.texts { "share = \"" + String(repeating: "x", count: $0) + "\"\n" }
        assertLinear("comment lines", Self.rowCounts) {
            XCTAssertEqual(try? PolicyFile.parse(commented[$0]!, path: "allot.toml").horizonDays, 4)
        }
        assertLinear("one long value", Self.lengths) {
            XCTAssertNil(try? PolicyFile.parse(long[$0]!, path: "allot.toml"))
        }
    }

    func test_regionTable_manyRows_timeGrowsLinearly() throws {
        for n in Self.rowCounts {
            var text = "code,name,level,parent_code,lat,lon\n370000,山东省,province,,36.6,117.0\n"
            for i in 0..<n { text += "\(400_000 + i),县\(i),county,370000,36.5,116.0\n" }
            try write("in/reference/regions-\(n).csv", text)
        }
        assertLinear("region rows", Self.rowCounts) { n in
            let file = try! InputFile.opening(self.inputs.appendingPathComponent("reference/regions-\(n).csv"),
                                              as: "reference/regions-\(n).csv")
            XCTAssertEqual(try? RegionTableFile.read(file).count, n + 1)
        }
    }

    func test_registryAndOverrides_manyRows_timeGrowsLinearly() throws {
        for n in Self.rowCounts {
            var registry = "enterprise_id,enterprise_name,region,category,workers\n"
            var overrides = "action,offer_id,request_id,enterprise_id,material,quantity,note\n"
            for i in 0..<n {
                registry += "\(TestReference.creditCode(i)),企业\(i),莘县,sme,\(i + 1)\n"
                overrides += "pin,lc:O-\(i),lc:R-\(i),,,10,说明\n"
            }
            try write("in/reference/enterprises-\(n).csv", registry)
            try write("in/overrides-\(n).csv", overrides)
        }
        assertLinear("registry rows", Self.rowCounts) { n in
            let file = try! InputFile.opening(self.inputs.appendingPathComponent("reference/enterprises-\(n).csv"),
                                              as: "reference/enterprises-\(n).csv")
            XCTAssertEqual(EnterpriseRegistryFile.read(file, reference: TestReference.data()).registry.count, n)
        }
        assertLinear("override rows", Self.rowCounts) { n in
            let file = try! InputFile.opening(self.inputs.appendingPathComponent("overrides-\(n).csv"),
                                              as: "overrides-\(n).csv")
            let read = OverridesFile.read(file, reference: TestReference.data(), offers: [], requests: [])
            XCTAssertEqual(read.rejects.count, n)
        }
    }
}
