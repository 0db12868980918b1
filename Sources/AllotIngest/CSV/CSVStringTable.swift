import CCSVScan
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The strings behind `CSVStringCache`: one table of texts for all the
/// threads that read a file, so that each distinct name becomes one `String`
/// however many threads meet it.
///
/// Open addressing with short linear probing over a fixed number of slots.
/// A slot is written once: a thread takes an empty slot by turning its hash
/// from 0 to `writing` (compare and exchange), stores the string, then
/// publishes the text's hash (a release store); readers load a slot's hash
/// (an acquire load) before they look at its string. Texts are never
/// replaced or removed while the table lives, so a string read from a slot
/// stays valid; a text whose probed slots are all taken is not kept.
///
/// The threads share the strings' reference counts too, which each hit's
/// retain writes. A name comes back about ten times in a million rows, at
/// random, so two threads seldom touch one at once; the file's path, which
/// every record retains, is another matter: each thread keeps its own copy.
///
/// Thread-safe. Slot hashes are odd (`CSVStringCache.lookupHash`).
final class CSVStringTable: @unchecked Sendable {
    /// Slots a lookup looks at, from the text's own. With 4, about 1 % of
    /// 5,000 names in 16 Ki slots found their slots taken and were not kept.
    static let probes = 8
    /// The hash of a slot being written: even, so no text's.
    private static let writing: UInt64 = 2
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

    /// One entry: a hash (0 when empty), the length of its string's UTF-8
    /// and the string, side by side in 32 bytes, so a probe touches one cache
    /// line of the table and compares lengths without asking the string. The
    /// bytes are compared in the string's own storage, inside the call that
    /// lends them (`utf8.withContiguousStorageIfAvailable`): a string of more
    /// than 15 bytes (the only ones kept) is native and contiguous.
    private struct Slot {
        var hash: UInt64
        var count: Int
        var string: String
    }

    /// A power of two.
    let slots: Int
    private let table: UnsafeMutablePointer<Slot>
    /// Slots taken, counted atomically.
    private let counter: UnsafeMutablePointer<UInt64>

    /// A table of `slots` slots (rounded up to a power of two).
    init(slots: Int) {
        var n = 1
        while n < slots { n *= 2 }
        self.slots = n
        precondition(MemoryLayout<Slot>.offset(of: \Slot.hash) == 0, "a slot's hash must lead it")
        let bytes = n * MemoryLayout<Slot>.stride
        if bytes >= Self.hugePageSize {
            let raw = UnsafeMutableRawPointer.allocate(byteCount: bytes, alignment: Self.hugePageSize)
            #if os(Linux)
            madvise(raw, bytes, MADV_HUGEPAGE)
            #endif
            table = raw.bindMemory(to: Slot.self, capacity: n)
        } else {
            table = UnsafeMutablePointer<Slot>.allocate(capacity: n)
        }
        table.initialize(repeating: Slot(hash: 0, count: 0, string: ""), count: n)
        counter = .allocate(capacity: 1)
        counter.initialize(to: 0)
    }

    deinit {
        table.deinitialize(count: slots)
        table.deallocate()
        counter.deallocate()
    }

    /// Slots that hold a text (or are being written).
    var taken: Int { Int(csv_load_acquire(counter)) }

    @inline(__always)
    private func hashWord(_ slot: Int) -> UnsafeMutablePointer<UInt64> {
        UnsafeMutableRawPointer(table + slot).assumingMemoryBound(to: UInt64.self)
    }

    /// Whether slot `slot`, whose published hash is `bytes`' hash, holds `bytes`.
    @inline(__always)
    private func holds(_ slot: Int, _ bytes: CSVBytes) -> Bool {
        let entry = table + slot
        guard entry.pointee.count == bytes.count else { return false }
        return bytes.withUnsafeBytes { bytes in
            entry.pointee.string.utf8.withContiguousStorageIfAvailable {
                memcmp($0.baseAddress!, bytes.baseAddress!, bytes.count) == 0
            } ?? false
        }
    }

    /// The string of `bytes` (valid UTF-8, or repaired with U+FFFD, of 16
    /// bytes or more) whose `CSVStringCache.lookupHash` is `hash`: the one
    /// kept, or a new one, kept when a probed slot is free.
    /// - Returns: the string, and whether it was found kept.
    /// - Complexity: O(`bytes.count`).
    func string(_ bytes: CSVBytes, hash: UInt64) -> (string: String, found: Bool) {
        let mask = slots - 1
        var slot = Int(truncatingIfNeeded: hash) & mask
        var built: String?
        for _ in 0..<Self.probes {
            let word = hashWord(slot)
            var h = csv_load_acquire(word)
            if h == 0 {
                let s = built ?? bytes.string
                built = s
                if csv_compare_exchange(word, 0, Self.writing) {
                    (table + slot).pointee.count = s.utf8.count
                    (table + slot).pointee.string = s
                    csv_store_release(word, hash)
                    csv_add_relaxed(counter, 1)
                    return (s, false)
                }
                h = csv_load_acquire(word)  // another thread took it first
            }
            if h == hash && holds(slot, bytes) { return ((table + slot).pointee.string, true) }
            slot = (slot + 1) & mask
        }
        return (built ?? bytes.string, false)
    }

    /// Reads the table slots of these texts (`CSVStringCache.lookupHash`,
    /// 0 for none), then the first and last UTF-8 bytes of the strings they
    /// hold, so that the `string` calls that follow find them in the
    /// processor's cache. A lookup in a table of 100 k names waits for
    /// memory twice (the slot, then the string's bytes); loads of many texts
    /// at once, independent of each other, wait together.
    ///
    /// The hit's retain writes the string's reference count, which may lie
    /// on another cache line than its bytes; that line is not loaded here,
    /// since only the standard library's private layout of a string says
    /// where it is (see Decision 16 for what that costs).
    /// - Returns: a sum of what was loaded, for the caller to keep, so that the loads are not left out.
    /// - Complexity: O(`hashes.count`).
    func prefetch(_ hashes: [UInt64]) -> UInt64 {
        let mask = slots - 1
        var sum: UInt64 = 0
        for h in hashes where h != 0 {
            sum &+= csv_load_acquire(hashWord(Int(truncatingIfNeeded: h) & mask))
        }
        for h in hashes where h != 0 {
            var slot = Int(truncatingIfNeeded: h) & mask
            for _ in 0..<Self.probes {
                let stored = csv_load_acquire(hashWord(slot))
                if stored == 0 { break }
                if stored == h {
                    // The first and the last byte: a name of 16 bytes or more may span two cache lines.
                    sum &+= (table + slot).pointee.string.utf8.withContiguousStorageIfAvailable {
                        UInt64($0[0]) &+ UInt64($0[$0.count - 1])
                    } ?? 0
                    break
                }
                slot = (slot + 1) & mask
            }
        }
        return sum
    }
}
