/// A growable block of bytes that owns its memory: the one place of the CSV
/// layer that allocates raw memory. A chunk of decoded UTF-8 text lives in
/// one, and so does a block of raw file bytes.
///
/// Not thread-safe; a buffer is handed from the thread that fills it to the
/// one that parses it, never shared while written.
final class CSVBuffer: @unchecked Sendable {
    private(set) var base: UnsafeMutableRawPointer
    private(set) var capacity: Int
    /// Bytes in use, from `base`.
    var count = 0

    init(capacity: Int) {
        self.capacity = max(capacity, 16)
        self.base = UnsafeMutableRawPointer.allocate(byteCount: self.capacity, alignment: 16)
    }

    deinit { base.deallocate() }

    /// The bytes in use.
    var bytes: UnsafeRawBufferPointer { UnsafeRawBufferPointer(start: base, count: count) }

    /// The bytes in use, typed for byte-by-byte scanning.
    var pointer: UnsafePointer<UInt8> { UnsafePointer(base.assumingMemoryBound(to: UInt8.self)) }

    /// Free room after `count`.
    var free: Int { capacity - count }

    /// Grows the capacity to at least `minimum`, keeping the bytes in use.
    /// - Complexity: O(`count`) when it grows.
    func reserve(_ minimum: Int) {
        guard minimum > capacity else { return }
        let newCapacity = max(minimum, capacity * 2)
        let newBase = UnsafeMutableRawPointer.allocate(byteCount: newCapacity, alignment: 16)
        newBase.copyMemory(from: base, byteCount: count)
        base.deallocate()
        base = newBase
        capacity = newCapacity
    }

    /// Appends bytes, growing when needed.
    func append(_ source: UnsafeRawPointer, count n: Int) {
        reserve(count + n)
        (base + count).copyMemory(from: source, byteCount: n)
        count += n
    }

    /// Drops the first `n` bytes, moving the rest to the front.
    /// - Complexity: O(`count` − `n`).
    func removeFirst(_ n: Int) {
        precondition(n <= count)
        if n < count { base.copyMemory(from: base + n, byteCount: count - n) }
        count -= n
    }
}
