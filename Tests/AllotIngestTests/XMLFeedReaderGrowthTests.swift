import AllotCore
import Foundation
import XCTest
@_spi(Fuzzing) @testable import AllotIngest

/// The XML feed reader's time grows with the size of what it reads, not with its square.
final class XMLFeedReaderGrowthTests: XMLFeedTestCase {
    private func seconds(_ documents: [Int: String], sizes: [Int]) throws -> [Double] {
        for (size, text) in documents { try write(Array(text.utf8), as: "\(size).xml") }
        return GrowthTiming.seconds(for: sizes, trials: 3, batchSeconds: 0.02) { size in
            _ = XMLFeedReader.read(try! open("\(size).xml"), reference: Self.reference)
        }
    }

    /// One element with many attributes: below the limit (256) libxml2's own
    /// check of each against all before it stays small; above it the start tag
    /// is refused before libxml2 reads it. Without the limit 50,000 attributes
    /// took 1.2 s and 100,000 3.3 s.
    func test_read_attributesOnOneElement_timeGrowsLinearly() throws {
        let sizes = [200, 2_000, 20_000, 100_000]
        let documents = Dictionary(uniqueKeysWithValues: sizes.map { n in
            (n, Self.feed("<offer id=\"O-1\"" + (0..<n).map { " a\($0)=\"\($0)\"" }.joined() + "/>"))
        })
        let seconds = try seconds(documents, sizes: sizes)
        XCTAssertTrue(GrowthTiming.growsLinearly(seconds, sizes: sizes),
                      "seconds by attributes: \(zip(sizes, seconds).map { "\($0): \($1)" })")
    }

    /// Nesting: a few levels to 100,000, stopped at the limit.
    func test_read_nestingDepth_timeGrowsLinearly() throws {
        let sizes = [1_000, 10_000, 100_000]
        let documents = Dictionary(uniqueKeysWithValues: sizes.map { n in
            (n, Self.feed(String(repeating: "<x>", count: n) + String(repeating: "</x>", count: n)))
        })
        let seconds = try seconds(documents, sizes: sizes)
        XCTAssertTrue(GrowthTiming.growsLinearly(seconds, sizes: sizes),
                      "seconds by depth: \(zip(sizes, seconds).map { "\($0): \($1)" })")
    }

    /// Normal records: the scan ahead of libxml2 keeps reading linear.
    func test_read_normalRecords_timeGrowsLinearly() throws {
        let sizes = [200, 800, 3_200]
        let documents = Dictionary(uniqueKeysWithValues: sizes.map { n in
            (n, Self.feed((1...n).map { i in
                Self.request("R-\(i)", "<region>371503</region><material>口罩</material><quantity>\(i)</quantity>")
            }.joined(separator: "\n")))
        })
        let seconds = try seconds(documents, sizes: sizes)
        XCTAssertTrue(GrowthTiming.growsLinearly(seconds, sizes: sizes),
                      "seconds by records: \(zip(sizes, seconds).map { "\($0): \($1)" })")
    }
}
