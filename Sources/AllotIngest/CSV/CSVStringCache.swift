#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Hands out one shared `String` for field texts that repeat (enterprise
/// names, materials, units, categories), so that a million requests of a
/// hundred thousand enterprises do not allocate and keep a million copies of
/// their names. Texts of up to 15 UTF-8 bytes are built directly: Swift
/// stores them inline, without an allocation.
///
/// A table with short linear probing; a new text replaces an old one when its
/// slots are full. It sizes itself by what it sees, one window of lookups at
/// a time: a table that keeps evicting doubles, up to `maximumSlots`; a
/// column whose texts seldom repeat even then (ids, timestamps) is given up
/// (`isUseful` turns false) and the caller builds its strings directly.
/// Not thread-safe: one per column and thread.
final class CSVStringCache {
    /// Slots at the start: the distinct names of a county's feed fit.
    static let initialSlots = 4096
    /// At most 128 Ki slots (3 MiB): 100 k enterprises' names fit.
    static let maximumSlots = 128 << 10
    /// Lookups between looks at the hit rate.
    static let window = 16 << 10
    private static let probes = 4

    private var slots: Int
    private var hashes: UnsafeMutablePointer<UInt64>
    private var strings: UnsafeMutablePointer<String>
    private(set) var hits = 0
    private(set) var misses = 0
    private var windowHits = 0
    private var windowLookups = 0
    private var windowEvictions = 0
    /// False once the texts were seen not to repeat enough to be worth it.
    private(set) var isUseful = true

    init(slots: Int = CSVStringCache.initialSlots) {
        self.slots = slots
        (hashes, strings) = Self.allocate(slots)
    }

    deinit { Self.deallocate(hashes, strings, slots) }

    private static func allocate(_ n: Int) -> (UnsafeMutablePointer<UInt64>, UnsafeMutablePointer<String>) {
        let h = UnsafeMutablePointer<UInt64>.allocate(capacity: n)
        h.initialize(repeating: 0, count: n)
        let s = UnsafeMutablePointer<String>.allocate(capacity: n)
        s.initialize(repeating: "", count: n)
        return (h, s)
    }

    private static func deallocate(_ h: UnsafeMutablePointer<UInt64>, _ s: UnsafeMutablePointer<String>, _ n: Int) {
        h.deallocate()
        s.deinitialize(count: n)
        s.deallocate()
    }

    /// The string of `bytes` (valid UTF-8, or repaired with U+FFFD).
    /// - Complexity: O(`bytes.count`); amortized O(1) more for the table's growth.
    func string(_ bytes: UnsafeRawBufferPointer) -> String {
        let n = bytes.count
        guard n > 15 else { return String(decoding: bytes, as: UTF8.self) }
        let hash = Self.hash(bytes) | 1  // 0 marks an empty slot
        let mask = slots - 1
        var slot = Int(truncatingIfNeeded: hash) & mask
        windowLookups += 1
        defer { if windowLookups == Self.window { review() } }
        for _ in 0..<Self.probes {
            let h = hashes[slot]
            if h == 0 { break }
            if h == hash, Self.equal(strings[slot], bytes) {
                hits += 1
                windowHits += 1
                return strings[slot]
            }
            slot = (slot + 1) & mask
        }
        misses += 1
        let s = String(decoding: bytes, as: UTF8.self)
        if hashes[slot] != 0 {
            windowEvictions += 1
            slot = Int(truncatingIfNeeded: hash) & mask
        }
        hashes[slot] = hash
        strings[slot] = s
        return s
    }

    /// Grows a table that keeps evicting, or gives up on texts that do not repeat.
    private func review() {
        let hitRate = Double(windowHits) / Double(windowLookups)
        if windowEvictions > slots / 8 && slots < Self.maximumSlots {
            grow()
        } else if hitRate < 0.1 {
            isUseful = false
            Self.deallocate(hashes, strings, slots)
            slots = 1
            (hashes, strings) = Self.allocate(1)
        }
        windowHits = 0
        windowLookups = 0
        windowEvictions = 0
    }

    private func grow() {
        let (oldHashes, oldStrings, oldSlots) = (hashes, strings, slots)
        slots *= 2
        (hashes, strings) = Self.allocate(slots)
        let mask = slots - 1
        for i in 0..<oldSlots where oldHashes[i] != 0 {
            var slot = Int(truncatingIfNeeded: oldHashes[i]) & mask
            for _ in 0..<Self.probes where hashes[slot] != 0 { slot = (slot + 1) & mask }
            if hashes[slot] != 0 { continue }
            hashes[slot] = oldHashes[i]
            strings[slot] = oldStrings[i]
        }
        Self.deallocate(oldHashes, oldStrings, oldSlots)
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
