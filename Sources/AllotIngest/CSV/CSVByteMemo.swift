/// Remembers what a field's text reads as, keyed by its bytes, for columns
/// whose texts repeat (materials, units, categories, statuses, region names):
/// the reading is computed once per distinct text by the `String` path and
/// then found without building a `String`.
///
/// Open addressing with linear probing over a table of `slots` (a power of
/// two) kept at most half full; past that it stops remembering and computes
/// each new text again. Keys of up to 32 bytes, which is nearly all of them
/// (`一次性使用医用口罩` is 27), are held in the table as four words and
/// compared word by word; longer ones are not remembered.
///
/// A value type, held by its owner in a stored property and lent `inout`
/// for a whole row (`CSVRowNormalizer`): as a class with stored arrays, each
/// probe's loads were checked for exclusive access at run time (0.88 s of
/// CPU for the 150 MB benchmark instead of 0.77 s, Decision 17).
/// Not thread-safe: one per column and thread.
struct CSVByteMemo<Value> {
    /// The longest key remembered.
    static var maximumKeyLength: Int { 32 }

    /// A slot's key: four words, zero-padded, and the key's length + 1 (0 marks an empty slot).
    private struct Key {
        var w0: UInt64 = 0, w1: UInt64 = 0, w2: UInt64 = 0, w3: UInt64 = 0
        var length = 0
    }

    private var keys: [Key]
    private var values: [Value?]
    private var count = 0

    /// - Parameter slots: rounded up to a power of two; up to half of them are used.
    init(slots: Int = 256) {
        var n = 16
        while n < slots { n <<= 1 }
        keys = Array(repeating: Key(), count: n)
        values = Array(repeating: nil, count: n)
    }

    /// What `bytes` read as: remembered, or `compute(bytes)` (then remembered while there is room).
    /// - Complexity: O(1) when remembered (at most 32 bytes read), plus `compute` otherwise.
    @inline(__always)
    mutating func value(_ bytes: CSVBytes, _ compute: (CSVBytes) -> Value) -> Value {
        let n = bytes.count
        guard n <= Self.maximumKeyLength else { return compute(bytes) }
        let (w0, w1, w2, w3) = Self.load(bytes)
        var h = (w0 ^ UInt64(n)) &* 0x9E37_79B9_7F4A_7C15
        h = (h ^ w1 ^ (h >> 29)) &* 0xBF58_476D_1CE4_E5B9
        h = (h ^ w2 ^ w3 &* 0x94D0_49BB_1331_11EB ^ (h >> 31)) &* 0x9E37_79B9_7F4A_7C15
        let slots = keys.count
        let mask = slots - 1
        var slot = Int(truncatingIfNeeded: h >> 32) & mask
        while true {
            let key = keys[slot]
            if key.length == 0 { break }
            if key.length == n + 1 && key.w0 == w0 && key.w1 == w1 && key.w2 == w2 && key.w3 == w3,
               let v = values[slot] {
                return v
            }
            slot = (slot + 1) & mask
        }
        let v = compute(bytes)
        if count < slots / 2 {
            keys[slot] = Key(w0: w0, w1: w1, w2: w2, w3: w3, length: n + 1)
            values[slot] = v
            count += 1
        }
        return v
    }

    /// Up to 32 bytes as four little-endian words, zero-padded. Whole words
    /// are loaded as words and a partial last word by a load that ends at the
    /// last byte, shifted: copying the bytes into a zeroed tuple and reading it
    /// back as words stalled on every key (stores of one size, loads of another).
    @inline(__always)
    private static func load(_ bytes: CSVBytes) -> (UInt64, UInt64, UInt64, UInt64) {
        let n = bytes.count
        guard n > 0 else { return (0, 0, 0, 0) }
        if n < 8 {
            var w: UInt64 = 0
            for i in 0..<n { w |= UInt64(bytes[i]) << UInt64(8 * i) }
            return (w, 0, 0, 0)
        }
        @inline(__always) func word(_ start: Int) -> UInt64 {
            if start + 8 <= n { return bytes.word(at: start) }
            if start >= n { return 0 }
            return bytes.word(at: n - 8) >> UInt64(8 * (8 - (n - start)))
        }
        return (word(0), word(8), word(16), word(24))
    }
}
