import AllotCore
import Foundation
import XCTest
@testable import AllotIngest

/// `receipts.csv` (到货确认, SPEC 15): read under canonical or Chinese headers, each bad row a reject naming the
/// file, line and field, the file counted in the night's inputs.
final class ReceiptsFileTests: XCTestCase {
    private func makeInputs(_ files: [String: [UInt8]]) throws -> URL {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("allot-receipts-\(UUID().uuidString)")
        for (path, bytes) in files {
            let url = root.appendingPathComponent(path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(bytes).write(to: url)
        }
        addTeardownBlock { try? FileManager.default.removeItem(at: root) }
        return root
    }

    private func read(_ text: String) throws -> ReceiptsFile.Result {
        let inputs = try makeInputs(["receipts.csv": Array(text.utf8)])
        return ReceiptsFile.read(try InputFolder(inputs).open("receipts.csv"), limits: InputLimits())
    }

    private let header = "plan_date,line_id,received,received_on,note\n"
    private let feb10 = CalendarDate(year: 2020, month: 2, day: 10)!

    func test_read_canonicalHeader_everyDateFormAndZero() throws {
        let result = try read(header
            + "2020-02-10,L-1a2b3c4d,\"8,000\",2020-02-11,到了\n"
            + "2020/2/10,L-2,0,,未到\n"
            + "2020年2月10日,L-3,1.2万,2020-02-12T09:30:00+08:00,\n")
        XCTAssertEqual(result.rejects, [])
        XCTAssertEqual(result.recordCount, 3)
        XCTAssertEqual(result.receipts, [
            Receipt(planDate: feb10, lineID: "L-1a2b3c4d", received: 8_000, receivedOn: feb10.adding(days: 1), note: "到了",
                    line: 2, raw: "2020-02-10,L-1a2b3c4d,\"8,000\",2020-02-11,到了"),
            Receipt(planDate: feb10, lineID: "L-2", received: 0, receivedOn: nil, note: "未到", line: 3,
                    raw: "2020/2/10,L-2,0,,未到"),
            Receipt(planDate: feb10, lineID: "L-3", received: 12_000, receivedOn: feb10.adding(days: 2), note: "", line: 4,
                    raw: "2020年2月10日,L-3,1.2万,2020-02-12T09:30:00+08:00,"),
        ])
    }

    /// The Chinese headers, in any order, from a GB18030 file as a spreadsheet saves it.
    func test_read_chineseHeadersInGB18030() throws {
        let text = "调拨单号,计划日期,实收数量,备注,到货日期\nL-9,2020-02-10,500,少了一箱,2020-02-11\n"
        let bytes = try XCTUnwrap(text.data(using: CSVTestEncoding.gb18030))
        let inputs = try makeInputs(["receipts.csv": Array(bytes)])
        let result = ReceiptsFile.read(try InputFolder(inputs).open("receipts.csv"), limits: InputLimits())
        XCTAssertEqual(result.encoding, .gb18030)
        XCTAssertEqual(result.rejects, [])
        XCTAssertEqual(result.receipts.map { "\($0.planDate) \($0.lineID) \($0.received) \($0.note)" },
                       ["2020-02-10 L-9 500 少了一箱"])
    }

    func test_read_eachBadRow_isARejectNamingFileLineAndField() throws {
        let result = try read("\u{FEFF}" + header
            + ",L-1,5,,\n"
            + "2020-02-31,L-1,5,,\n"
            + "2020-02-10,,5,,\n"
            + "2020-02-10,L-1,,,\n"
            + "2020-02-10,L-1,-5,,\n"
            + "2020-02-10,L-1,5 kg,,\n"
            + "2020-02-10,L-1,两箱,,\n"
            + "2020-02-10,L-1,2000000000000,,\n"
            + "2020-02-10,L-1,5,昨天,\n"
            + "2020-02-10,L-1,5\n"
            + "2020-02-10,L-1,5,,\u{1B}\n")
        XCTAssertEqual(result.receipts, [])
        XCTAssertEqual(result.recordCount, 11)
        XCTAssertEqual(result.rejects.map { "\($0.file):\($0.line) \($0.field) \($0.code.rawValue)" }, [
            "receipts.csv:2 plan_date missing_field",
            "receipts.csv:3 plan_date bad_date",
            "receipts.csv:4 line_id missing_field",
            "receipts.csv:5 received missing_field",
            "receipts.csv:6 received bad_quantity",
            "receipts.csv:7 received bad_quantity",
            "receipts.csv:8 received bad_quantity",
            "receipts.csv:9 received quantity_too_large",
            "receipts.csv:10 received_on bad_date",
            "receipts.csv:11  wrong_field_count",
            "receipts.csv:12 note control_character",
        ])
        XCTAssertEqual(result.rejects[5].message, "5 kg has a unit: write received in the line's canonical unit, without one")
        XCTAssertEqual(result.rejects[4].message,
                       "-5 is not a quantity: write what arrived in the line's canonical unit, 0 for nothing")
        XCTAssertEqual(result.rejects[8].message, "昨天 is not a date")
        XCTAssertEqual(result.rejects[1].recordID, "2020-02-31:L-1")
        XCTAssertEqual(result.rejects[1].source, "receipts")
        XCTAssertEqual(result.rejects[1].raw, "2020-02-31,L-1,5,,")
    }

    /// A header without a required column makes the file one reject, and the night goes on without receipts.
    func test_read_headerWithoutReceived_isOneFileReject() throws {
        let result = try read("plan_date,line_id,note\n2020-02-10,L-1,x\n")
        XCTAssertEqual(result.receipts, [])
        XCTAssertEqual(result.rejects.map { "\($0.line) \($0.field) \($0.code.rawValue) \($0.message)" },
                       ["1 received missing_column the header has no received column"])
    }

    /// In the night: the file is an input of role receipts, its rows counted, its rejects the night's; its
    /// copy is kept with the others.
    func test_nightIngest_countsReceiptsAndKeepsTheirRejects() throws {
        let code = "91371500706079729C"
        let inputs = try makeInputs([
            "feeds/a.csv": Array(("offer_id,supplier_id,supplier_name,region,material,quantity\n"
                + "A1,\(code),S,371522,SUIT,5\n").utf8),
            "receipts.csv": Array((header + "2020-02-10,L-1,5,,\n" + "2020-02-10,L-1,4,,\n" + "bad,L-2,5,,\n").utf8),
        ])
        var kept = [String]()
        let night = try NightIngest.read(inputs: inputs, keep: { file, role in
            kept.append("\(role.rawValue) \(file.path)")
            return file.sha256() ?? ""
        })
        let file = try XCTUnwrap(night.files.first { $0.path == "receipts.csv" })
        XCTAssertEqual(file.role, .receipts)
        XCTAssertEqual(file.encoding, "UTF-8")
        XCTAssertEqual([file.records, file.accepted, file.rejected, file.superseded], [3, 2, 1, 0])
        XCTAssertFalse(file.sha256.isEmpty)
        XCTAssertEqual(night.receipts.map(\.received), [5, 4])
        XCTAssertEqual(night.rejects.map { "\($0.file):\($0.line) \($0.code.rawValue)" }, ["receipts.csv:4 bad_date"])
        XCTAssertTrue(kept.contains("receipts receipts.csv"), "\(kept)")
    }
}
