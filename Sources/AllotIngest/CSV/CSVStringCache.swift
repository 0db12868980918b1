#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Hands out one shared `String` for field texts that repeat (enterprise
/// names, materials, units, categories), so that a million requests of a few
/// thousand enterprises do not allocate and keep a million copies of their
/// names. Texts of up to 15 UTF-8 bytes are built directly: Swift stores them
/// inline, without an allocation.
///
/// A fixed-size table with short linear probing; a new text replaces an old
/// one when its slots are full, so texts that never repeat (ids, timestamps)
/// cost a hash and a miss, no growth. Not thread-safe: one per thread.
final class CSVStringCache {
    /// Slots in the table. 4096: the distinct names of a province's feeds fit,
    /// and the table stays in the cache.
    static let slotCount = 4096
    private static let probes = 4

    private let hashes: UnsafeMutablePointer<UInt64>
    private let strings: UnsafeMutablePointer<String>
    private(set) var hits = 0
    private(set) var misses = 0

    init() {
        hashes = .allocate(capacity: Self.slotCount)
        hashes.initialize(repeating: 0, count: Self.slotCount)
        strings = .allocate(capacity: Self.slotCount)
        strings.initialize(repeating: "", count: Self.slotCount)
    }

    deinit {
        hashes.deallocate()
        strings.deinitialize(count: Self.slotCount)
        strings.deallocate()
    }

    /// The string of `bytes` (valid UTF-8, or repaired with U+FFFD).
    /// - Complexity: O(`bytes.count`).
    func string(_ bytes: UnsafeRawBufferPointer) -> String {
        let n = bytes.count
        guard n > 15 else { return String(decoding: bytes, as: UTF8.self) }
        let hash = Self.hash(bytes) | 1  // 0 marks an empty slot
        let mask = Self.slotCount - 1
        var slot = Int(truncatingIfNeeded: hash) & mask
        for _ in 0..<Self.probes {
            let h = hashes[slot]
            if h == 0 { break }
            if h == hash, Self.equal(strings[slot], bytes) {
                hits += 1
                return strings[slot]
            }
            slot = (slot + 1) & mask
        }
        misses += 1
        let s = String(decoding: bytes, as: UTF8.self)
        if hashes[slot] != 0 { slot = Int(truncatingIfNeeded: hash) & mask }
        hashes[slot] = hash
        strings[slot] = s
        return s
    }

    @inline(__always)
    private static func equal(_ s: String, _ bytes: UnsafeRawBufferPointer) -> Bool {
        s.utf8.withContiguousStorageIfAvailable { u in
            u.count == bytes.count && memcmp(u.baseAddress!, bytes.baseAddress!, bytes.count) == 0
        } ?? false
    }

    /// A fast 64-bit hash of the bytes, eight at a time (multiply and fold).
    @inline(__always)
    static func hash(_ bytes: UnsafeRawBufferPointer) -> UInt64 {
        let n = bytes.count
        var h: UInt64 = 0x9E37_79B9_7F4A_7C15 ^ UInt64(n)
        var i = 0
        let base = bytes.baseAddress!
        while i + 8 <= n {
            let w = base.loadUnaligned(fromByteOffset: i, as: UInt64.self)
            h = (h ^ w).multipliedFullWidth(by: 0xBF58_476D_1CE4_E5B9).low ^ (h >> 29)
            i += 8
        }
        if i < n {
            var w: UInt64 = 0
            var shift: UInt64 = 0
            while i < n {
                w |= UInt64(base.load(fromByteOffset: i, as: UInt8.self)) << shift
                shift += 8
                i += 1
            }
            h = (h ^ w).multipliedFullWidth(by: 0xBF58_476D_1CE4_E5B9).low ^ (h >> 29)
        }
        h ^= h >> 32
        h = h &* 0x94D0_49BB_1331_11EB
        return h ^ (h >> 29)
    }
}
