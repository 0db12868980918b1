#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Remembers what a field's text reads as, keyed by its bytes, for columns
/// whose texts repeat (materials, units, categories, statuses, region names):
/// the reading is computed once per distinct text by the `String` path and
/// then found without building a `String`.
///
/// Open addressing with linear probing over a table of `slots` (a power of
/// two) kept at most half full; past that it stops remembering and computes
/// each new text again. Keys are copied into an arena of their own.
/// Not thread-safe: one per column and thread.
final class CSVByteMemo<Value> {
    private let slots: Int
    /// 0 marks an empty slot.
    private var hashes: [UInt64]
    private var keyStarts: [Int]
    private var keyLengths: [Int]
    private var values: [Value?]
    private var arena: [UInt8] = []
    private var count = 0

    /// - Parameter slots: rounded up to a power of two; up to half of them are used.
    init(slots: Int = 256) {
        var n = 16
        while n < slots { n <<= 1 }
        self.slots = n
        hashes = Array(repeating: 0, count: n)
        keyStarts = Array(repeating: 0, count: n)
        keyLengths = Array(repeating: 0, count: n)
        values = Array(repeating: nil, count: n)
    }

    /// What `bytes` read as: remembered, or `compute(bytes)` (then remembered while there is room).
    /// - Complexity: O(`bytes.count`) when remembered, plus `compute` otherwise.
    @inline(__always)
    func value(_ bytes: UnsafeRawBufferPointer, _ compute: (UnsafeRawBufferPointer) -> Value) -> Value {
        let hash = bytes.isEmpty ? 1 : CSVStringCache.hash(bytes) | 1
        let mask = slots - 1
        var slot = Int(truncatingIfNeeded: hash) & mask
        while hashes[slot] != 0 {
            if hashes[slot] == hash && keyLengths[slot] == bytes.count && equal(slot, bytes) {
                return values[slot]!
            }
            slot = (slot + 1) & mask
        }
        let v = compute(bytes)
        if count < slots / 2 {
            hashes[slot] = hash
            keyStarts[slot] = arena.count
            keyLengths[slot] = bytes.count
            arena.append(contentsOf: bytes)
            values[slot] = v
            count += 1
        }
        return v
    }

    @inline(__always)
    private func equal(_ slot: Int, _ bytes: UnsafeRawBufferPointer) -> Bool {
        guard !bytes.isEmpty else { return true }
        let start = keyStarts[slot]
        return arena.withUnsafeBytes { a in memcmp(a.baseAddress! + start, bytes.baseAddress!, bytes.count) == 0 }
    }
}
