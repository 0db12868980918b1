import AllotCore
import AllotCSV
import Foundation
import XCTest

final class CSVTableFileTests: XCTestCase {
    private var folder: URL!

    override func setUpWithError() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("allot-csv-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws { try FileManager.default.removeItem(at: folder) }

    private func write(_ bytes: [UInt8], _ name: String = "t.csv") throws -> String {
        let file = folder.appendingPathComponent(name)
        try Data(bytes).write(to: file)
        return file.path
    }

    func test_read_bomDroppedAndCRLFRowsRead() throws {
        let path = try write([0xEF, 0xBB, 0xBF] + Array("名称,数量\r\n\"口罩, 医用\",5\r\n".utf8))
        let t = try CSVTable.read(utf8File: path)
        XCTAssertEqual(t.header?.fields, ["名称", "数量"])
        XCTAssertEqual(t.rows.map(\.fields), [["口罩, 医用", "5"]])
        XCTAssertEqual(t.rows.map(\.line), [2])
    }

    func test_read_notUTF8_marksTheRowsNotTheFile() throws {
        // GB18030 text without a byte order mark: not a file allot wrote.
        let path = try write(Array("name,n\n".utf8) + [0xBF, 0xDA, 0xD5, 0xD6] + Array(",5\n".utf8))
        let t = try CSVTable.read(utf8File: path)
        XCTAssertEqual(t.rows.map(\.problem), [.invalidEncoding])
        XCTAssertEqual(t.rows.map(\.line), [2])
    }

    func test_read_missingFileDirectoryAndUTF16_throwNamingThePath() throws {
        let absent = folder.appendingPathComponent("absent.csv").path
        XCTAssertThrowsError(try CSVTable.read(utf8File: absent)) { error in
            XCTAssertEqual("\(error)", "\(absent): cannot be opened: No such file or directory")
        }
        XCTAssertThrowsError(try CSVTable.read(utf8File: folder.path)) { error in
            XCTAssertEqual("\(error)", "\(self.folder.path): cannot be read: Is a directory")
        }
        let utf16 = try write([0xFF, 0xFE, 0x61, 0x00], "u16.csv")
        XCTAssertThrowsError(try CSVTable.read(utf8File: utf16)) { error in
            XCTAssertEqual((error as? CSVFileError)?.message,
                           "is UTF-16 text (it starts with a UTF-16 byte order mark); save it as UTF-8")
        }
    }

    func test_unguarded_takesOffOnlyTheGuard() {
        XCTAssertEqual(CSVWriter.unguarded("'=1+2"), "=1+2")
        XCTAssertEqual(CSVWriter.unguarded("'\tx"), "\tx")
        XCTAssertEqual(CSVWriter.unguarded("'abc"), "'abc")
        XCTAssertEqual(CSVWriter.unguarded("'"), "'")
        XCTAssertEqual(CSVWriter.unguarded("=x"), "=x")
    }

    /// Whatever the writer writes, the reader gives back: seeded random text
    /// fields with quotes, commas, line breaks, formula starts and CJK. The
    /// one field that cannot come back is one that itself began with `'` and
    /// a formula start: it loses its apostrophe, so the comparison expects that.
    func test_writeThenRead_givesBackEveryField() throws {
        var random = SplitMix64(seed: 9)
        let alphabet = ["a", "7", " ", ",", "\"", "\n", "\r", "\r\n", "=", "+", "-", "@", "\t", "'", "口", "𠀀"]
        for round in 0..<100 {
            let columns = Int.random(in: 1...5, using: &random)
            let header = (0..<columns).map { "c\($0)" }
            var rows = [[String]]()
            var csv = CSVWriter(header: header)
            for _ in 0..<Int.random(in: 0...12, using: &random) {
                let row = (0..<columns).map { c in
                    // A one-column row whose only field is blank would be a blank line.
                    let length = Int.random(in: 0...6, using: &random)
                    return (c == 0 ? "x" : "") + (0..<length).map { _ in alphabet.randomElement(using: &random)! }.joined()
                }
                rows.append(row)
                csv.append(row.map(CSVWriter.Field.text))
            }
            let t = try CSVTable.read(utf8File: write(csv.bytes))
            XCTAssertEqual(t.header?.fields, header)
            let read = t.rows.map { $0.fields.map(CSVWriter.unguarded) }
            guard read == rows.map({ $0.map(CSVWriter.unguarded) }), t.rows.allSatisfy({ $0.problem == nil }) else {
                return XCTFail("round \(round): wrote \(rows), read \(read)")
            }
        }
    }
}
