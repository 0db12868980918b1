import AllotCore
import Foundation
import XCTest
@_spi(Benchmarks) @_spi(Fuzzing) @testable import AllotIngest

/// `[limits]` on CSV feeds, reference tables and the night: each limit, set
/// small, turns what passes it into its reject, and the rest is read as before.
final class InputLimitsTests: XCTestCase {
    private var folder: CSVTestFolder!

    override func setUpWithError() throws { folder = try CSVTestFolder() }
    override func tearDown() { folder = nil }

    private static let enterprise: String = {
        let prefix = "91371500706079729"
        return prefix + String(CreditCode.checkCharacter(forPrefix: prefix)!)
    }()

    private static let header =
        "request_id,enterprise_id,enterprise_name,region,material,quantity,unit,needed_by,category,updated_at,status\n"

    private static func row(_ id: String, name: String = "甲") -> String {
        "\(id),\(enterprise),\(name),莘县,口罩,10,只,,sme,,"
    }

    /// Sizes that put rows across chunk and block boundaries, on threads, and
    /// both ways of reading values (bytes, strings).
    private static let readings: [(workers: Int, chunk: Int, block: Int, bytes: Bool)] = [
        (1, CSVChunkSource.defaultChunkSize, CSVTextDecoder.defaultBlockSize, true),
        (1, CSVChunkSource.defaultChunkSize, CSVTextDecoder.defaultBlockSize, false),
        (2, 1, 1, true), (1, 7, 3, false), (2, 64, 16, true), (3, 512, 100, false), (2, 1_500, 4_096, true),
    ]

    private static func reference(_ change: (inout InputLimits) -> Void) -> ReferenceData {
        var reference = ReferenceData(catalog: .builtIn, regions: try! RegionTableFile.builtIn())
        change(&reference.policy.limits)
        return reference
    }

    private func read(_ text: String, _ reference: ReferenceData,
                      _ reading: (workers: Int, chunk: Int, block: Int, bytes: Bool)) throws -> FeedFileResult {
        let url = try folder.write("feeds/f.csv", text)
        var options = CSVFeedReader.Options()
        options.workers = reading.workers
        options.chunkSize = reading.chunk
        options.blockSize = reading.block
        options.readsCommonFormsFromBytes = reading.bytes
        return CSVFeedReader.read(try .opening(url, as: "feeds/f.csv"), reference: reference, options: options)
    }

    /// Reads `text` every way of `readings`; each must give what the first gives, which is returned.
    private func readEveryWay(_ text: String, _ reference: ReferenceData,
                              file: StaticString = #filePath, line: UInt = #line) throws -> FeedFileResult {
        let first = try read(text, reference, Self.readings[0])
        for reading in Self.readings.dropFirst() {
            let r = try read(text, reference, reading)
            let label = "\(reading)"
            XCTAssertEqual(r.records.map(\.record), first.records.map(\.record), label, file: file, line: line)
            XCTAssertEqual(r.records.map(\.origin), first.records.map(\.origin), label, file: file, line: line)
            XCTAssertEqual(r.rejects, first.rejects, label, file: file, line: line)
            XCTAssertEqual(r.recordCount, first.recordCount, label, file: file, line: line)
        }
        return first
    }

    // MARK: - line_bytes

    /// A row of 3,000 bytes under `line_bytes = 1024`, its quoted name holding
    /// an LF, a CRLF and a bare CR, and the row ending with a bare CR: one
    /// reject on its first line, holding its first 200 characters, and the
    /// rows after it on their lines, whether the row is skipped as it is read
    /// (small chunks) or measured in a chunk that holds it.
    func test_read_rowLongerThanLineBytes_oneRejectAndLinesAfterItRight() throws {
        let reference = Self.reference { $0.lineBytes = 1_024 }
        let long = Self.row("LC-2", name: "\"名\n字\r\n很\r长" + String(repeating: "长", count: 1_000) + "\"")
        let text = Self.header                              // line 1
            + Self.row("LC-1") + "\n"                       // 2
            + long + "\r"                                   // 3-6
            + Self.row("LC-3") + "\n\n"                     // 7, blank 8
            + "\"LC-4\"" + Self.row("") + "\r\n"             // 9
        let r = try readEveryWay(text, reference)
        XCTAssertEqual(r.records.map(\.origin.line), [2, 7, 9])
        XCTAssertEqual(r.rejects, [Reject(
            file: "feeds/f.csv", line: 3, source: "f", code: .lineTooLong,
            message: "the row is longer than 1024 bytes ([limits] line_bytes in allot.toml) and is skipped unread; raise line_bytes (at most 1073741824) if rows this long are real",
            raw: String(String.UnicodeScalarView(long.unicodeScalars.prefix(200))))])
        XCTAssertEqual(r.recordCount, 4)
    }

    /// A quote left open makes the row run to the end of the file: past the
    /// limit it is one `line_too_long` reject, and the rows before it stay.
    func test_read_unterminatedRowPastLineBytes_oneRejectAtItsLine() throws {
        let reference = Self.reference { $0.lineBytes = 1_024 }
        let text = Self.header + Self.row("LC-1") + "\n" + Self.row("LC-2", name: "\"open")
            + String(repeating: "\nLC-9,x,y", count: 200) + "\n"
        let r = try readEveryWay(text, reference)
        XCTAssertEqual(r.records.map(\.origin.line), [2])
        XCTAssertEqual(r.rejects.map(\.code), [.lineTooLong])
        XCTAssertEqual(r.rejects.map(\.line), [3])
        XCTAssertEqual(r.recordCount, 2)
    }

    /// A header longer than the limit, after blank lines: the file is
    /// rejected whole, on the header's line, and counts no record.
    func test_read_headerLongerThanLineBytes_rejectsFileWhole() throws {
        let reference = Self.reference { $0.lineBytes = 1_024 }
        let text = "\n\r\n" + Self.header.dropLast() + String(repeating: ",x", count: 600) + "\n" + Self.row("LC-1") + "\n"
        let r = try readEveryWay(text, reference)
        XCTAssertEqual(r.rejects.map(\.code), [.lineTooLong])
        XCTAssertEqual(r.rejects.map(\.line), [3])
        XCTAssertEqual(r.rejects.first?.raw.unicodeScalars.count, 200)
        XCTAssertEqual(r.recordCount, 0)
        XCTAssertTrue(r.records.isEmpty)
    }

    /// A row of 64 KiB holding bytes that are not UTF-8, read in chunks of
    /// 4 KiB: skipped as one `line_too_long`, and the row after it is read.
    func test_read_longRowWithInvalidBytes_skippedAndRowsAfterItRead() throws {
        let reference = Self.reference { $0.lineBytes = 1_024 }
        let long = "LC-2," + String(repeating: "\u{FF}x", count: 32 << 10)
        var options = CSVFeedReader.Options()
        options.chunkSize = 4_096
        options.blockSize = 4_096
        let url = try folder.write("feeds/f.csv", bytes: Array((Self.header + Self.row("LC-1") + "\n").utf8)
            + Array(long.utf8).map { $0 == 0xC3 ? 0xFF : $0 } + Array(("\n" + Self.row("LC-3") + "\n").utf8))
        let r = CSVFeedReader.read(try .opening(url, as: "feeds/f.csv"), reference: reference, options: options)
        XCTAssertEqual(r.rejects.map(\.code), [.lineTooLong])
        XCTAssertEqual(r.records.map(\.origin.line), [2, 4])
    }

    // MARK: - field_bytes

    /// A name of 100 bytes under `field_bytes = 64` is one reject naming the
    /// column; a quoted value whose doubled quotes take it past 64 bytes as
    /// written but not once unquoted is read.
    func test_read_fieldLargerThanFieldBytes_rejectNamesTheColumn() throws {
        let reference = Self.reference { $0.fieldBytes = 64 }
        let big = String(repeating: "n", count: 100)
        let quoted = "\"" + String(repeating: "\"\"", count: 40) + "\""  // 82 bytes written, 40 read
        let text = Self.header + Self.row("LC-1", name: big) + "\n" + Self.row("LC-2", name: quoted) + "\n"
            + "LC-3,\(Self.enterprise),甲,莘县,口罩,10,只,,sme,,," + big + "\n"
        let r = try readEveryWay(text, reference)
        XCTAssertEqual(r.records.map(\.origin.line), [3])
        XCTAssertEqual(r.rejects, [
            Reject(file: "feeds/f.csv", line: 2, field: "enterprise_name", source: "f", recordID: "LC-1",
                   code: .fieldTooLarge,
                   message: "enterprise_name holds 100 bytes, more than 64 ([limits] field_bytes in allot.toml); raise field_bytes (at most 32767) if values this large are real",
                   raw: Self.row("LC-1", name: big)),
            Reject(file: "feeds/f.csv", line: 4, field: "column 12", source: "f", recordID: "LC-3",
                   code: .fieldTooLarge,
                   message: "column 12 holds 100 bytes, more than 64 ([limits] field_bytes in allot.toml); raise field_bytes (at most 32767) if values this large are real",
                   raw: "LC-3,\(Self.enterprise),甲,莘县,口罩,10,只,,sme,,," + big),
        ])
    }

    // MARK: - records_per_file

    /// Three records at most: the fourth row on is one reject at its line,
    /// counted as one record, so records = accepted + rejected.
    func test_read_recordsPerFile_restIsOneRejectAndCountsAddUp() throws {
        let reference = Self.reference { $0.recordsPerFile = 3 }
        let text = Self.header + Self.row("LC-1") + "\n" + "LC-2,x\n\n" + Self.row("LC-3") + "\n"
            + (4...50).map { Self.row("LC-\($0)") + "\n" }.joined()
        let r = try readEveryWay(text, reference)
        XCTAssertEqual(r.records.map(\.origin.line), [2, 5])
        XCTAssertEqual(r.rejects.map(\.code), [.wrongFieldCount, .tooManyRecords])
        XCTAssertEqual(r.rejects.map(\.line), [3, 6])
        XCTAssertEqual(r.rejects.last?.message, "the file holds more than 3 records ([limits] records_per_file in allot.toml): the records from this line on are not read; split the file, or raise records_per_file (at most 100000000)")
        XCTAssertEqual(r.recordCount, 4)
        XCTAssertEqual(r.recordCount, r.records.count + r.rejects.count)
    }

    /// Exactly as many records as the limit: nothing is rejected.
    func test_read_recordsPerFileReachedExactly_noReject() throws {
        let reference = Self.reference { $0.recordsPerFile = 3 }
        let text = Self.header + (1...3).map { Self.row("LC-\($0)") + "\n" }.joined() + "\n\n"
        let r = try readEveryWay(text, reference)
        XCTAssertEqual(r.records.count, 3)
        XCTAssertEqual(r.rejects, [])
    }

    // MARK: - Growth

    /// One line of 256 KiB to 2 MiB past `line_bytes = 1024`, then a good
    /// row, and files of 2,000 to 16,000 good rows: the read's time grows with
    /// the bytes, whether they are skipped or read.
    func test_read_growingSkippedLineAndGrowingFile_timeGrowsLinearly() throws {
        let reference = Self.reference { $0.lineBytes = 1_024 }
        var options = CSVFeedReader.Options()
        options.workers = 1
        options.chunkSize = 16 << 10
        options.blockSize = 16 << 10
        let lines = [256 << 10, 512 << 10, 1 << 20, 2 << 20]
        var files = [Int: URL]()
        for size in lines {
            files[size] = try folder.write("feeds/line-\(size).csv", Self.header + "LC-1,\"" + String(repeating: "x,\n", count: size / 3)
                + "\"\n" + Self.row("LC-2") + "\n")
        }
        let lineSeconds = GrowthTiming.seconds(for: lines) { size in
            let r = CSVFeedReader.read(try! .opening(files[size]!, as: "feeds/line-\(size).csv"),
                                       reference: reference, options: options)
            XCTAssertEqual(r.rejects.map(\.code), [.lineTooLong])
            XCTAssertEqual(r.records.map(\.origin.line), [size / 3 + 3])
        }
        XCTAssertTrue(GrowthTiming.growsLinearly(lineSeconds, sizes: lines),
                      "seconds by line length: \(zip(lines, lineSeconds).map { "\($0): \($1)" })")
        let rows = [2_000, 4_000, 8_000, 16_000]
        for count in rows {
            files[count] = try folder.write("feeds/rows-\(count).csv",
                                            Self.header + (1...count).map { Self.row("LC-\($0)") + "\n" }.joined())
        }
        let rowSeconds = GrowthTiming.seconds(for: rows) { count in
            let r = CSVFeedReader.read(try! .opening(files[count]!, as: "feeds/rows-\(count).csv"),
                                       reference: reference, options: options)
            XCTAssertEqual(r.records.count, count)
        }
        XCTAssertTrue(GrowthTiming.growsLinearly(rowSeconds, sizes: rows),
                      "seconds by rows: \(zip(rows, rowSeconds).map { "\($0): \($1)" })")
    }

    // MARK: - The night: input_bytes, counts, reference tables

    /// An inputs folder in the test's scratch folder with `allot.toml` holding `limits`.
    private func inputs(limits: String, files: [String: String]) throws -> URL {
        let root = folder.url.appendingPathComponent("inputs")
        _ = try folder.write("inputs/allot.toml", "[limits]\n" + limits + "\n")
        for (path, text) in files { _ = try folder.write("inputs/" + path, text) }
        return root
    }

    /// Feeds of 400, 700 and 300 bytes under `input_bytes = 1024`, in file
    /// name order: the second would take the night to 1,100 bytes and is not
    /// read; the third still fits.
    func test_night_inputBytes_fileThatWouldPassItRejectedWholeLaterOnesRead() throws {
        func feed(_ prefix: String, bytes: Int) -> String {
            var text = Self.header
            var n = 1
            while text.utf8.count + Self.row("\(prefix)-\(n)").utf8.count + 1 <= bytes {
                text += Self.row("\(prefix)-\(n)") + "\n"
                n += 1
            }
            return text + String(repeating: "\n", count: bytes - text.utf8.count)
        }
        let url = try inputs(limits: "input_bytes = 1024", files: [
            "feeds/a.csv": feed("A", bytes: 400), "feeds/b.csv": feed("B", bytes: 700), "feeds/c.csv": feed("C", bytes: 300),
        ])
        let night = try NightIngest.read(inputs: url)
        XCTAssertEqual(night.rejects, [Reject(
            file: "feeds/b.csv", line: 0, source: "b", code: .inputTooLarge,
            message: "the file is 700 bytes and the feeds before it in file name order 400 bytes, together more than 1024 ([limits] input_bytes in allot.toml): the file is not read; raise input_bytes (at most 1125899906842624) or send it in a later night")])
        let feeds = night.files.filter { $0.role == .feed }
        XCTAssertEqual(feeds.map(\.path), ["feeds/a.csv", "feeds/b.csv", "feeds/c.csv"])
        XCTAssertEqual(feeds.map(\.records), [5, 0, 3])
        XCTAssertEqual(feeds.map(\.rejected), [0, 0, 0])
        XCTAssertEqual(feeds[1].sha256, "")
        XCTAssertEqual(Set(night.requests.map(\.key.source)), ["a", "c"])
    }

    /// The manifest's counts of a file cut by `records_per_file` add up.
    func test_night_recordsPerFile_countsAddUp() throws {
        let url = try inputs(limits: "records_per_file = 2", files: [
            "feeds/a.csv": Self.header + (1...5).map { Self.row("A-\($0)") + "\n" }.joined(),
        ])
        let night = try NightIngest.read(inputs: url)
        let feed = try XCTUnwrap(night.files.first { $0.path == "feeds/a.csv" })
        XCTAssertEqual([feed.records, feed.accepted, feed.rejected, feed.superseded], [3, 2, 1, 0])
        XCTAssertEqual(night.rejects.map(\.code), [.tooManyRecords])
        XCTAssertEqual(night.rejects.map(\.line), [4])
    }

    /// Registry and override rows past `field_bytes` are rejects naming the
    /// column, and a region table row past it makes the table unusable,
    /// naming the row.
    func test_night_fieldBytesInRegistryOverridesAndRegions() throws {
        let big = String(repeating: "名", count: 30)  // 90 bytes
        let url = try inputs(limits: "field_bytes = 64", files: [
            "feeds/a.csv": Self.header + Self.row("A-1") + "\n",
            "reference/enterprises.csv": "enterprise_id,enterprise_name,region,category,workers\n"
                + "\(Self.enterprise),\(big),莘县,sme,10\n",
            "overrides.csv": "action,offer_id,request_id,enterprise_id,material,quantity,note\n"
                + "cap,,,\(Self.enterprise),MASK-MEDICAL,100,\(big)\n",
        ])
        let night = try NightIngest.read(inputs: url)
        XCTAssertEqual(night.rejects.map { "\($0.file):\($0.line) \($0.field) \($0.code.rawValue)" }, [
            "reference/enterprises.csv:2 enterprise_name field_too_large",
            "overrides.csv:2 note field_too_large",
        ])
        let registry = try XCTUnwrap(night.files.first { $0.role == .registry })
        XCTAssertEqual([registry.records, registry.accepted, registry.rejected], [1, 0, 1])

        _ = try folder.write("inputs/reference/regions.csv", "code,name,level,parent_code,lat,lon\n"
            + "370000,山东省,province,,36.6,117.0\n" + "371500,\(big),prefecture,370000,36.4,115.9\n")
        XCTAssertThrowsError(try NightIngest.read(inputs: url)) { error in
            XCTAssertEqual("\(error)", "inputs unusable: reference/regions.csv:3 (name): name holds 90 bytes, more than 64 ([limits] field_bytes in allot.toml); raise field_bytes (at most 32767) if values this large are real")
        }
    }
}
