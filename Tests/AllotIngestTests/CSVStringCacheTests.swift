import Foundation
import XCTest
@testable import AllotIngest

final class CSVStringCacheTests: XCTestCase {
    private func string(_ cache: CSVStringCache, _ text: String) -> String {
        CSVBytes.withBytes(of: Array(text.utf8)) { cache.string($0) }
    }

    private func storage(_ s: String) -> UnsafeRawPointer? {
        var s = s
        return s.withUTF8 { UnsafeRawPointer($0.baseAddress) }
    }

    func test_string_repeatedLongText_sharesOneStorage() {
        let cache = CSVStringCache()
        let a = string(cache, "山东力得汽车科技股份有限公司")
        let b = string(cache, "山东力得汽车科技股份有限公司")
        XCTAssertEqual(a, "山东力得汽车科技股份有限公司")
        XCTAssertEqual(storage(a), storage(b))
        XCTAssertEqual(cache.hits, 1)
        XCTAssertEqual(cache.misses, 1)
    }

    func test_string_shortText_isNotCounted() {
        let cache = CSVStringCache()
        XCTAssertEqual(string(cache, "口罩"), "口罩")
        XCTAssertEqual(string(cache, ""), "")
        XCTAssertEqual(cache.hits + cache.misses, 0)
    }

    func test_string_moreDistinctTextsThanSlots_allRight() {
        let cache = CSVStringCache()
        var random = CSVTestRandom(seed: 7)
        let texts = (0..<(CSVStringCache.initialSlots * 3)).map { "enterprise-name-\($0)-\(UInt32.random(in: 0...9, using: &random))" }
        for _ in 0..<2 {
            for t in texts.shuffled(using: &random) { XCTAssertEqual(string(cache, t), t) }
        }
        XCTAssertEqual(string(cache, "enterprise-name-1-"), "enterprise-name-1-")
    }

    /// 20 000 names drawn at random from a table sized for them: most lookups hit.
    func test_string_largeRepeatedVocabulary_hits() {
        let cache = CSVStringCache(slots: 64 << 10)
        var random = CSVTestRandom(seed: 8)
        let names = (0..<20_000).map { "莘县第\($0)号防疫物资有限公司" }
        for _ in 0..<(CSVStringCache.window * 8) {
            let name = names.randomElement(using: &random)!
            XCTAssertEqual(string(cache, name), name)
        }
        XCTAssertTrue(cache.isUseful)
        let (hits, misses) = (cache.hits, cache.misses)
        for _ in 0..<10_000 { _ = string(cache, names.randomElement(using: &random)!) }
        XCTAssertGreaterThan(cache.hits - hits, 9 * (cache.misses - misses))
    }

    /// Texts that never repeat (timestamps): the cache gives up.
    func test_string_uniqueTexts_givesUp() {
        let cache = CSVStringCache()
        var n = 0
        while cache.isUseful && n < CSVStringCache.window * 16 {
            let t = "2020-02-10T18:00:00.\(n)+08:00"
            XCTAssertEqual(string(cache, t), t)
            n += 1
        }
        XCTAssertFalse(cache.isUseful)
        XCTAssertEqual(string(cache, "2020-02-10T18:00:00.1+08:00"), "2020-02-10T18:00:00.1+08:00")
    }

    /// A table sized for a large file holds a large vocabulary from the start:
    /// its first window hits seldom, as nearly every name is new, yet it keeps them.
    func test_string_tableSizedForLargeFile_keepsNewNames() {
        XCTAssertEqual(CSVStringCache.slots(forFileOf: nil), CSVStringCache.maximumSlots)
        XCTAssertEqual(CSVStringCache.slots(forFileOf: 10_000), CSVStringCache.initialSlots)
        XCTAssertEqual(CSVStringCache.slots(forFileOf: 5_000_000), 32 << 10)
        XCTAssertEqual(CSVStringCache.slots(forFileOf: 150_000_000), CSVStringCache.maximumSlots)
        let cache = CSVStringCache(slots: CSVStringCache.slots(forFileOf: 150_000_000))
        var random = CSVTestRandom(seed: 9)
        let names = (0..<100_000).map { "聊城市第\($0)号防疫物资有限公司" }
        var seen: [String] = []
        for _ in 0..<CSVStringCache.window {
            let name = names.randomElement(using: &random)!
            XCTAssertEqual(string(cache, name), name)
            seen.append(name)
        }
        XCTAssertLessThan(cache.hits * 10, cache.hits + cache.misses)
        XCTAssertTrue(cache.isUseful)
        let hits = cache.hits
        for name in seen.prefix(1000) { XCTAssertEqual(string(cache, name), name) }
        XCTAssertEqual(cache.hits - hits, 1000)
    }

    /// Threads sharing one table, each with its own cache, meet the same
    /// names in any order: each gets its text back, and a name kept once is
    /// the same string for all of them.
    func test_string_threadsSharingATable_getTheirTextsAndShareStrings() {
        let table = CSVStringTable(slots: 64 << 10)
        let names = (0..<5_000).map { "聊城市第\($0)号防疫物资有限公司" }
        let threads = 4
        final class Tally: @unchecked Sendable {
            let lock = NSLock()
            var wrong = 0
            func add(_ n: Int) { lock.withLock { wrong += n } }
        }
        let tally = Tally()
        let group = DispatchGroup()
        for t in 0..<threads {
            group.enter()
            Thread {
                let cache = CSVStringCache(table: table)
                var random = CSVTestRandom(seed: UInt64(t + 1))
                for _ in 0..<20_000 {
                    let name = names.randomElement(using: &random)!
                    let got = CSVBytes.withBytes(of: Array(name.utf8)) { cache.string($0) }
                    if got != name { tally.add(1) }
                }
                group.leave()
            }.start()
        }
        group.wait()
        XCTAssertEqual(tally.wrong, 0)
        XCTAssertGreaterThanOrEqual(table.taken, names.count)
        XCTAssertLessThan(table.taken, names.count + 100)  // a name kept twice only when two threads raced for it
        let (a, b) = (CSVStringCache(table: table), CSVStringCache(table: table))
        for name in names.prefix(500) {
            let (x, y) = (string(a, name), string(b, name))
            XCTAssertEqual(x, name)
            XCTAssertEqual(storage(x), storage(y))
        }
        XCTAssertEqual(a.hits, 500)
    }
}
