/// Hands out one shared `String` for field texts that repeat (enterprise
/// and supplier names), so that a million requests of a hundred thousand
/// enterprises do not allocate and keep a million copies of their names.
/// Texts of up to 15 UTF-8 bytes are built directly: Swift stores them
/// inline, without an allocation.
///
/// The texts are kept in a `CSVStringTable`, which the threads reading one
/// file share: each distinct name becomes one string, not one per thread.
/// The table's size is set at the start, for the file (`slots(forFileOf:)`).
/// Each thread counts its own lookups, one window at a time, and gives up on
/// a column whose texts seldom repeat even when half the table is full
/// (`isUseful` turns false; the caller then builds its strings directly).
/// Not thread-safe: one per column and thread, on a table they share.
final class CSVStringCache {
    /// The smallest table: the distinct names of a county's feed fit.
    static let initialSlots = 4096
    /// At most 256 Ki slots (8 MiB): 100 k enterprises' names fit with room
    /// to spare. At 128 Ki slots, 100 k names kept evicting each other: half
    /// of the lookups of the 150 MB benchmark missed, each a new string.
    static let maximumSlots = 256 << 10
    /// File bytes per slot of a table (`slots(forFileOf:)`).
    static let fileBytesPerSlot = 256
    /// Lookups between looks at the hit rate.
    static let window = 16 << 10

    let table: CSVStringTable
    private(set) var hits = 0
    private(set) var misses = 0
    private var windowHits = 0
    private var windowLookups = 0
    /// False once the texts were seen not to repeat enough to be worth it.
    private(set) var isUseful = true
    /// What the loads of `prefetch` read, kept so that they are not left out.
    private var touched: UInt64 = 0

    /// A cache on `table`, which other threads' caches may share.
    init(table: CSVStringTable) {
        self.table = table
    }

    /// A cache on a table of its own.
    convenience init(slots: Int = CSVStringCache.initialSlots) {
        self.init(table: CSVStringTable(slots: slots))
    }

    /// The size of a table for a file of `fileSize` bytes: a slot per
    /// `fileBytesPerSlot` bytes, a power of two from `initialSlots` to
    /// `maximumSlots`; `maximumSlots` when the size is not known (a pipe).
    /// Tables that started at 4 Ki slots for each thread and doubled as they
    /// evicted missed a quarter of the 150 MB benchmark's lookups (134 k of
    /// about 530 k per thread, for 100 k names).
    static func slots(forFileOf fileSize: Int?) -> Int {
        guard let fileSize else { return maximumSlots }
        var n = initialSlots
        while n < maximumSlots && n * fileBytesPerSlot < fileSize { n *= 2 }
        return n
    }

    /// The string of `bytes` (valid UTF-8, or repaired with U+FFFD).
    /// `lookupHash` is `lookupHash(bytes)` when the caller has it already
    /// (it took it for `prefetch`), 0 to have it taken here.
    /// - Complexity: O(`bytes.count`).
    func string(_ bytes: CSVBytes, lookupHash: UInt64 = 0) -> String {
        guard bytes.count > 15 else { return bytes.string }
        // Hashing the name a second time cost as much as the probe.
        let hash = lookupHash != 0 ? lookupHash : Self.hash(bytes) | 1  // 0 marks an empty slot
        windowLookups += 1
        defer { if windowLookups == Self.window { review() } }
        let (s, found) = table.string(bytes, hash: hash)
        if found {
            hits += 1
            windowHits += 1
        } else {
            misses += 1
        }
        return s
    }

    /// The hash `prefetch` takes for `bytes`; 0 for a text the cache does not keep.
    @inline(__always)
    static func lookupHash(_ bytes: CSVBytes) -> UInt64 {
        bytes.count > 15 ? hash(bytes) | 1 : 0
    }

    /// Loads the table's memory for these texts (`lookupHash`) ahead of
    /// their lookups (`CSVStringTable.prefetch`).
    /// - Complexity: O(`hashes.count`).
    func prefetch(_ hashes: [UInt64]) {
        touched &+= table.prefetch(hashes)
    }

    /// Gives up on texts that do not repeat.
    private func review() {
        if windowHits * 10 < windowLookups && 2 * table.taken >= table.slots {
            // Even a table half full of texts seldom finds one again.
            isUseful = false
        }
        windowHits = 0
        windowLookups = 0
    }

    /// A fast 64-bit hash of the bytes, eight at a time (multiply and fold);
    /// a text of eight bytes or more ends with its last eight, read at once.
    @inline(__always)
    static func hash(_ bytes: CSVBytes) -> UInt64 {
        let n = bytes.count
        var h: UInt64 = 0x9E37_79B9_7F4A_7C15 ^ UInt64(n)
        var i = 0
        while i + 8 <= n {
            let w = bytes.word(at: i)
            h = (h ^ w).multipliedFullWidth(by: 0xBF58_476D_1CE4_E5B9).low ^ (h >> 29)
            i += 8
        }
        if i < n && n >= 8 {
            // The last eight bytes in one load, overlapping the words before.
            let w = bytes.word(at: n - 8)
            h = (h ^ w).multipliedFullWidth(by: 0xBF58_476D_1CE4_E5B9).low ^ (h >> 29)
        } else if i < n {
            var w: UInt64 = 0
            var shift: UInt64 = 0
            while i < n {
                w |= UInt64(bytes[i]) << shift
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
