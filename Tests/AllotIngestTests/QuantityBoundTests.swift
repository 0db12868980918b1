import AllotCore
import Foundation
import XCTest
@testable import AllotIngest

/// A quantity above `Quantity.maximum` rejects its record, wherever it is
/// read: CSV feeds (byte path and `RecordNormalizer`), XML feeds, workers
/// on a request and in the registry, pins and caps.
final class QuantityBoundTests: XCTestCase {
    private func makeInputs(_ files: [String: String]) throws -> URL {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("allot-bound-\(UUID().uuidString)")
        for (path, text) in files {
            let url = root.appendingPathComponent(path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(text.utf8).write(to: url)
        }
        try FileManager.default.createDirectory(at: root.appendingPathComponent("feeds"), withIntermediateDirectories: true)
        addTeardownBlock { try? FileManager.default.removeItem(at: root) }
        return root
    }

    private static let supplier = TestReference.creditCode(1)
    private static let enterprise = TestReference.creditCode(2)
    private static let offerHeader = "offer_id,supplier_id,supplier_name,region,material,quantity,unit\n"
    private static let requestHeader = "request_id,enterprise_id,enterprise_name,region,material,quantity,workers,category\n"

    private func described(_ rejects: [Reject]) -> [String] {
        rejects.map { "\($0.file):\($0.line) \($0.field) \($0.recordID) \($0.code.rawValue): \($0.message)" }
    }

    private static let masks = "piece of 一次性使用医用口罩"

    func test_csvQuantity_aboveTheMaximum_rejectsTheRecordNamingTheLimit() throws {
        let inputs = try makeInputs(["feeds/offers.csv": Self.offerHeader
            + "A1,\(Self.supplier),S,371522,口罩,1000000000000,\n"        // the maximum: read from bytes
            + "A2,\(Self.supplier),S,371522,口罩,1000000000001,\n"
            + "A3,\(Self.supplier),S,371522,口罩,9223372036854775807,\n"
            + "A4,\(Self.supplier),S,371522,口罩,99999999999999999999,\n"  // past 64 bits
            + "A5,\(Self.supplier),S,371522,口罩,500000001,箱\n"            // 箱 = 2000: bounded after the unit
            + "A6,\(Self.supplier),S,371522,消毒液,1000000吨,\n"            // a million tonnes: 10^9 kg
            + "A7,\(Self.supplier),S,371522,消毒液,0.9223372036854775万,\n" // 9223 kg, the scale takes 万
        ])
        let night = try NightIngest.read(inputs: inputs)
        XCTAssertEqual(night.offers.map(\.key.id), ["A1", "A6", "A7"])
        XCTAssertEqual(night.offers.map(\.quantity), [Quantity.maximum, Quantity(1_000_000_000), Quantity(9_223)])
        XCTAssertEqual(described(night.rejects), [
            "feeds/offers.csv:3 quantity A2 quantity_too_large: 1000000000001 is more than a record may hold: "
                + "at most 1000000000000 \(Self.masks)",
            "feeds/offers.csv:4 quantity A3 quantity_too_large: 9223372036854775807 is more than a record may hold: "
                + "at most 1000000000000 \(Self.masks)",
            "feeds/offers.csv:5 quantity A4 quantity_too_large: 99999999999999999999 is more than a record may hold: "
                + "at most 1000000000000 \(Self.masks)",
            "feeds/offers.csv:6 quantity A5 quantity_too_large: 500000001 箱 is more than a record may hold: "
                + "at most 1000000000000 \(Self.masks)",
        ])
        let file = try XCTUnwrap(night.files.first { $0.path == "feeds/offers.csv" })
        XCTAssertEqual([file.records, file.accepted, file.rejected], [7, 3, 4])
    }

    func test_csvQuantity_tooManyDecimals_isABadQuantityNotATooLargeOne() throws {
        let inputs = try makeInputs(["feeds/offers.csv": Self.offerHeader
            + "A1,\(Self.supplier),S,371522,口罩,0.12345678901234567890,\n"])
        let night = try NightIngest.read(inputs: inputs)
        XCTAssertEqual(described(night.rejects), [
            "feeds/offers.csv:2 quantity A1 bad_quantity: 0.12345678901234567890 has too many digits to be read exactly "
                + "(at most 18)",
        ])
    }

    func test_workers_aboveTheMaximum_rejectTheRequest() throws {
        let inputs = try makeInputs(["feeds/requests.csv": Self.requestHeader
            + "R1,\(Self.enterprise),E,371522,口罩,,166666666666,sme\n"        // need 999,999,999,996
            + "R2,\(Self.enterprise),E,371522,口罩,,166666666667,sme\n"
            + "R3,\(Self.enterprise),E,371522,口罩,,9223372036854775807,sme\n"
            + "R4,\(Self.enterprise),E,371522,口罩,,99999999999999999999,sme\n"
            + "R5,\(Self.enterprise),E,371522,口罩,,1亿亿人,sme\n"
        ])
        let night = try NightIngest.read(inputs: inputs)
        XCTAssertEqual(night.requests.map(\.quantity), [Quantity(999_999_999_996)])
        XCTAssertEqual(described(night.rejects), [
            "feeds/requests.csv:3 workers R2 quantity_too_large: 166666666667 returning workers × 2 a day × 3 days "
                + "is more than a record may hold: at most 1000000000000 \(Self.masks)",
            "feeds/requests.csv:4 workers R3 quantity_too_large: 9223372036854775807 is more workers than a record may "
                + "hold: at most 1000000000000",
            "feeds/requests.csv:5 workers R4 quantity_too_large: 99999999999999999999 is more workers than a record "
                + "may hold: at most 1000000000000",
            "feeds/requests.csv:6 workers R5 quantity_too_large: 1亿亿人 is more workers than a record may hold: "
                + "at most 1000000000000",
        ])
    }

    func test_registryWorkers_aboveTheMaximum_rejectTheRow_andTheRunGoesOn() throws {
        let big = TestReference.creditCode(3), huge = TestReference.creditCode(4)
        let inputs = try makeInputs([
            "reference/enterprises.csv": "enterprise_id,enterprise_name,region,category,workers\n"
                + "\(Self.enterprise),E,371522,sme,1000000000000\n"
                + "\(big),B,371522,sme,1000000000001\n"
                + "\(huge),H,371522,sme,\"92,233,720,368,547,758,070\"\n",
            "feeds/requests.csv": Self.requestHeader + "R1,\(Self.enterprise),,,口罩,,,\n",
        ])
        let night = try NightIngest.read(inputs: inputs)
        XCTAssertEqual(described(night.rejects), [
            "reference/enterprises.csv:3 workers \(big) quantity_too_large: 1000000000001 is more workers than a record "
                + "may hold: at most 1000000000000",
            "reference/enterprises.csv:4 workers \(huge) quantity_too_large: 92,233,720,368,547,758,070 is more workers "
                + "than a record may hold: at most 1000000000000",
            // 10^12 registered workers × 2 masks × 3 days: a need past the maximum rejects the request, not the run.
            "feeds/requests.csv:2 workers R1 quantity_too_large: 1000000000000 returning workers × 2 a day × 3 days "
                + "is more than a record may hold: at most 1000000000000 \(Self.masks)",
        ])
    }

    func test_xmlQuantity_aboveTheMaximum_rejectsTheRecord() throws {
        let inputs = try makeInputs(["feeds/platform.xml": """
            <?xml version="1.0" encoding="UTF-8"?>
            <feed xmlns="urn:allot:feed:1" source="platform">
              <request id="R1"><enterprise id="\(Self.enterprise)" name="E" category="sme"/>
                <region>371522</region><material>口罩</material><quantity>1亿亿</quantity></request>
              <request id="R2"><enterprise id="\(Self.enterprise)" name="E" category="sme"/>
                <region>371522</region><material>口罩</material><quantity unit="箱">5.1亿</quantity></request>
              <request id="R3"><enterprise id="\(Self.enterprise)" name="E" category="sme"/>
                <region>371522</region><material>口罩</material><quantity>1万亿</quantity></request>
            </feed>
            """])
        let night = try NightIngest.read(inputs: inputs)
        XCTAssertEqual(night.requests.map(\.key.id), ["R3"])
        XCTAssertEqual(night.requests.map(\.quantity), [Quantity.maximum])
        XCTAssertEqual(described(night.rejects), [
            "feeds/platform.xml:3 quantity R1 quantity_too_large: 1亿亿 is more than a record may hold: "
                + "at most 1000000000000 \(Self.masks)",
            "feeds/platform.xml:5 quantity R2 quantity_too_large: 5.1亿 箱 is more than a record may hold: "
                + "at most 1000000000000 \(Self.masks)",
        ])
    }

    func test_pinAndCapQuantities_aboveTheMaximum_areRejects() throws {
        let inputs = try makeInputs([
            "feeds/offers.csv": Self.offerHeader + "A1,\(Self.supplier),S,371522,口罩,1000,\n",
            "feeds/requests.csv": Self.requestHeader + "R1,\(Self.enterprise),E,371522,口罩,1000,,sme\n",
            "overrides.csv": "action,offer_id,request_id,enterprise_id,material,quantity,note\n"
                + "pin,offers:A1,requests:R1,,,1000000000001,\n"
                + "pin,offers:A1,requests:R1,,,9223372036854775807只,\n"
                + "cap,,,\(Self.enterprise),口罩,600000000箱,\n"
                + "cap,,,\(Self.enterprise),口罩,1000000000000,\n"
                + "pin,offers:A1,requests:R1,,,10,\n",
        ])
        let night = try NightIngest.read(inputs: inputs)
        XCTAssertEqual(night.overrides.map(\.line), [5, 6])
        XCTAssertEqual(night.overrides.map(\.quantity), [Quantity.maximum, Quantity(10)])
        XCTAssertEqual(described(night.rejects), [
            "overrides.csv:2 quantity offers:A1 -> requests:R1 quantity_too_large: 1000000000001 is more than a record "
                + "may hold: at most 1000000000000 \(Self.masks)",
            "overrides.csv:3 quantity offers:A1 -> requests:R1 quantity_too_large: 9223372036854775807只 is more than "
                + "a record may hold: at most 1000000000000 \(Self.masks)",
            "overrides.csv:4 quantity \(Self.enterprise) quantity_too_large: 600000000箱 is more than a record may "
                + "hold: at most 1000000000000 \(Self.masks)",
        ])
    }
}
