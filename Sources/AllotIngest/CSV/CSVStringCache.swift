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
/// slots are full. It starts at a size for the file (`slots(forFileOf:)`)
/// and sizes itself by what it sees, one window of lookups at a time: a
/// table that evicts more than now and then doubles, up to `maximumSlots`; a
/// column whose texts seldom repeat even when half the table is full (ids,
/// timestamps) is given up (`isUseful` turns false) and the caller builds
/// its strings directly.
/// Not thread-safe: one per column and thread.
final class CSVStringCache {
    /// Slots at the start: the distinct names of a county's feed fit.
    static let initialSlots = 4096
    /// At most 256 Ki slots (8 MiB): 100 k enterprises' names fit with room
    /// to spare. At 128 Ki slots, 100 k names kept evicting each other: half
    /// of the lookups of the 150 MB benchmark missed, each a new string.
    static let maximumSlots = 256 << 10
    /// File bytes per slot of a table's first size (`slots(forFileOf:)`).
    static let fileBytesPerSlot = 256
    /// A table grows when more than this share of a window's lookups evict.
    static let evictionsToGrow = 1.0 / 32
    /// Lookups between looks at the hit rate.
    static let window = 16 << 10
    private static let probes = 4

    /// One entry: a hash (0 when empty), its string and where the string's
    /// UTF-8 lies, side by side, so a probe touches one cache line of the
    /// table and compares bytes without going through `String`.
    ///
    /// `utf8` points into `string`'s own storage: a native string of more
    /// than 15 bytes (the only ones kept) never moves its bytes, and the slot
    /// keeps the string alive as long as it holds the pointer.
    private struct Slot {
        var hash: UInt64
        var string: String
        var utf8: UnsafeRawPointer?
    }

    private var slots: Int
    private var table: UnsafeMutablePointer<Slot>
    private(set) var hits = 0
    private(set) var misses = 0
    /// Slots that hold a text.
    private var filled = 0
    private var windowHits = 0
    private var windowLookups = 0
    private var windowEvictions = 0
    /// False once the texts were seen not to repeat enough to be worth it.
    private(set) var isUseful = true

    init(slots: Int = CSVStringCache.initialSlots) {
        self.slots = slots
        table = Self.allocate(slots)
    }

    /// The first size of a table for a file of `fileSize` bytes (`nil` when
    /// not known): a slot per `fileBytesPerSlot` bytes, a power of two
    /// from `initialSlots` to `maximumSlots`. A table that starts small and
    /// grows evicts names while it is too small, and builds their strings
    /// again: a quarter of the 150 MB benchmark's lookups missed when each
    /// thread's table started at 4 Ki slots (134 k of about 530 k, for
    /// 100 k names), against 19 % (200 k, a miss per name and thread) sized
    /// from the file.
    static func slots(forFileOf fileSize: Int?) -> Int {
        guard let fileSize else { return initialSlots }
        var n = initialSlots
        while n < maximumSlots && n * fileBytesPerSlot < fileSize { n *= 2 }
        return n
    }

    deinit { Self.deallocate(table, slots) }

    /// Tables of this many bytes or more are aligned to it and asked to be
    /// backed by huge pages (Linux's transparent huge pages, where the system
    /// grants them on request). The lookups of a million rows land on random
    /// slots of an 8 MiB table: with 4 KiB pages nearly every one also missed
    /// the processor's address translation cache, and the translation of a
    /// virtual machine's memory takes several more loads. On the 150 MB
    /// benchmark the name prefetch fell from 10.1 to 8.0 % of the read's
    /// samples, and the read's CPU time by 2-7 % (medians, see Decision 11).
    /// The records, which are written once, were slower on huge pages.
    static let hugePageSize = 2 << 20

    private static func allocate(_ n: Int) -> UnsafeMutablePointer<Slot> {
        let bytes = n * MemoryLayout<Slot>.stride
        let t: UnsafeMutablePointer<Slot>
        if bytes >= hugePageSize {
            let raw = UnsafeMutableRawPointer.allocate(byteCount: bytes, alignment: hugePageSize)
            #if os(Linux)
            madvise(raw, bytes, MADV_HUGEPAGE)
            #endif
            t = raw.bindMemory(to: Slot.self, capacity: n)
        } else {
            t = UnsafeMutablePointer<Slot>.allocate(capacity: n)
        }
        t.initialize(repeating: Slot(hash: 0, string: "", utf8: nil), count: n)
        return t
    }

    private static func deallocate(_ t: UnsafeMutablePointer<Slot>, _ n: Int) {
        t.deinitialize(count: n)
        t.deallocate()
    }

    /// The string of `bytes` (valid UTF-8, or repaired with U+FFFD).
    /// `lookupHash` is `lookupHash(bytes)` when the caller has it already
    /// (it took it for `prefetch`), 0 to have it taken here.
    /// - Complexity: O(`bytes.count`); amortized O(1) more for the table's growth.
    func string(_ bytes: UnsafeRawBufferPointer, lookupHash: UInt64 = 0) -> String {
        let n = bytes.count
        guard n > 15 else { return String(decoding: bytes, as: UTF8.self) }
        // Hashing the name a second time cost as much as the probe.
        let hash = lookupHash != 0 ? lookupHash : Self.hash(bytes) | 1  // 0 marks an empty slot
        let mask = slots - 1
        var slot = Int(truncatingIfNeeded: hash) & mask
        windowLookups += 1
        defer { if windowLookups == Self.window { review() } }
        var empty = false
        for _ in 0..<Self.probes {
            let entry = table + slot
            let h = entry.pointee.hash
            if h == 0 {
                empty = true
                break
            }
            if h == hash, let utf8 = entry.pointee.utf8, entry.pointee.string.utf8.count == n,
               memcmp(utf8, bytes.baseAddress!, n) == 0 {
                hits += 1
                windowHits += 1
                return entry.pointee.string
            }
            slot = (slot + 1) & mask
        }
        misses += 1
        let s = String(decoding: bytes, as: UTF8.self)
        if empty {
            filled += 1
        } else {
            // The probed slots are full: the text replaces the one in its first slot.
            windowEvictions += 1
            slot = Int(truncatingIfNeeded: hash) & mask
        }
        let utf8 = s.utf8.withContiguousStorageIfAvailable { UnsafeRawPointer($0.baseAddress) } ?? nil
        table[slot] = Slot(hash: hash, string: s, utf8: utf8)
        return s
    }

    /// What the loads of `prefetch` read, kept so that they are not left out.
    private var touched: UInt64 = 0

    /// The hash `prefetch` takes for `bytes`; 0 for a text the cache does not keep.
    @inline(__always)
    static func lookupHash(_ bytes: UnsafeRawBufferPointer) -> UInt64 {
        bytes.count > 15 ? hash(bytes) | 1 : 0
    }

    /// Reads the table slots of these texts (`lookupHash`), then the start of
    /// the strings they hold, so that the `string` calls that follow find
    /// them in the processor's cache. A lookup in a table of 100 k names
    /// waits for memory twice (the slot, then the string's bytes); loads of
    /// many texts at once, independent of each other, wait together.
    /// - Complexity: O(`hashes.count`).
    func prefetch(_ hashes: UnsafeBufferPointer<UInt64>) {
        let mask = slots - 1
        var sum: UInt64 = 0
        for h in hashes where h != 0 {
            sum &+= table[Int(truncatingIfNeeded: h) & mask].hash
        }
        for h in hashes where h != 0 {
            var slot = Int(truncatingIfNeeded: h) & mask
            for _ in 0..<Self.probes {
                let entry = table + slot
                if entry.pointee.hash == 0 { break }
                if entry.pointee.hash == h, let utf8 = entry.pointee.utf8 {
                    // The first and the last byte: a name of 16 bytes or more may span two cache lines.
                    let n = entry.pointee.string.utf8.count
                    sum &+= UInt64(utf8.load(as: UInt8.self)) &+ UInt64(utf8.load(fromByteOffset: n - 1, as: UInt8.self))
                    // And the string's reference count, which the hit's retain writes: 24 bytes
                    // before the UTF-8 in the standard library's native string storage (object
                    // header, then capacity and count). Were that layout to change, this would
                    // only read other bytes of the string's header.
                    sum &+= utf8.load(fromByteOffset: -24, as: UInt64.self)
                    break
                }
                slot = (slot + 1) & mask
            }
        }
        touched &+= sum
    }

    /// Grows a table that keeps evicting, or gives up on texts that do not repeat.
    private func review() {
        let hitRate = Double(windowHits) / Double(windowLookups)
        if Double(windowEvictions) > Double(windowLookups) * Self.evictionsToGrow && slots < Self.maximumSlots {
            grow()
        } else if hitRate < 0.1 && 2 * filled >= slots {
            // Even a table half full of texts seldom finds one again.
            isUseful = false
            Self.deallocate(table, slots)
            slots = 1
            table = Self.allocate(1)
        }
        windowHits = 0
        windowLookups = 0
        windowEvictions = 0
    }

    private func grow() {
        let (old, oldSlots) = (table, slots)
        slots *= 2
        table = Self.allocate(slots)
        let mask = slots - 1
        filled = 0
        for i in 0..<oldSlots where old[i].hash != 0 {
            var slot = Int(truncatingIfNeeded: old[i].hash) & mask
            for _ in 0..<Self.probes where table[slot].hash != 0 { slot = (slot + 1) & mask }
            if table[slot].hash != 0 { continue }
            // Moved, not copied: no retain now and release when the old table goes.
            table[slot] = (old + i).move()
            (old + i).initialize(to: Slot(hash: 0, string: "", utf8: nil))
            filled += 1
        }
        Self.deallocate(old, oldSlots)
    }

    /// A fast 64-bit hash of the bytes, eight at a time (multiply and fold);
    /// a text of eight bytes or more ends with its last eight, read at once.
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
        if i < n && n >= 8 {
            // The last eight bytes in one load, overlapping the words before.
            let w = base.loadUnaligned(fromByteOffset: n - 8, as: UInt64.self)
            h = (h ^ w).multipliedFullWidth(by: 0xBF58_476D_1CE4_E5B9).low ^ (h >> 29)
        } else if i < n {
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
