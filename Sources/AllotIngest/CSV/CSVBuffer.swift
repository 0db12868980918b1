import CCSVScan
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A growable block of bytes that owns its memory: the one place of the CSV
/// layer that allocates raw memory for text. A chunk of decoded UTF-8 text
/// lives in one, and so does a block of raw file bytes. Its bytes are read
/// through `bytes`, a `CSVBytes` view; they are written only here: appended,
/// read from a file, converted by iconv.
///
/// Not thread-safe; a buffer is handed from the thread that fills it to the
/// one that parses it, never shared while written.
final class CSVBuffer: @unchecked Sendable {
    private var base: UnsafeMutableRawPointer
    private(set) var capacity: Int
    /// Bytes in use, from the start.
    private(set) var count = 0

    init(capacity: Int) {
        self.capacity = max(capacity, 16)
        self.base = UnsafeMutableRawPointer.allocate(byteCount: self.capacity, alignment: 16)
    }

    deinit { base.deallocate() }

    /// The bytes in use, valid until the buffer next changes.
    var bytes: CSVBytes { CSVBytes(start: base, count: count) }

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

    /// Appends `bytes` (of another buffer), growing when needed.
    /// - Complexity: O(`bytes.count`).
    func append(_ bytes: CSVBytes) {
        reserve(count + bytes.count)
        bytes.withUnsafeBytes { (base + count).copyMemory(from: $0.baseAddress!, byteCount: $0.count) }
        count += bytes.count
    }

    /// Appends one byte, growing when needed.
    @inline(__always)
    func append(_ byte: UInt8) {
        if count == capacity { reserve(count + 1) }
        base.storeBytes(of: byte, toByteOffset: count, as: UInt8.self)
        count += 1
    }

    /// Drops the first `n` bytes, moving the rest to the front.
    /// - Complexity: O(`count` − `n`).
    func removeFirst(_ n: Int) {
        precondition(n >= 0 && n <= count, "cannot remove more bytes than the buffer holds")
        if n < count { base.copyMemory(from: base + n, byteCount: count - n) }
        count -= n
    }

    /// Empties the buffer, keeping its memory.
    func removeAll() { count = 0 }

    /// Reads up to `maximum` bytes (at most the free room) from the file `fd`
    /// onto the end, retrying when interrupted.
    /// - Returns: the bytes read, 0 at the end of the file, or -1 with `errno` set.
    func read(from fd: Int32, maximum: Int) -> Int {
        let n = min(maximum, free)
        while true {
            #if canImport(Glibc)
            let read = Glibc.read(fd, base + count, n)
            #else
            let read = Darwin.read(fd, base + count, n)
            #endif
            if read > 0 { count += read }
            if read >= 0 || errno != EINTR { return read }
        }
    }

    /// Converts `source.bytes[start...]` with `converter` onto the end of
    /// this buffer, writing up to `limit` bytes in all (`iconv`).
    /// - Returns: where the conversion stopped in `source`, `iconv`'s result
    ///   and the `errno` it left.
    func appendConverting(_ source: CSVBuffer, from start: Int, with converter: iconv_t?,
                          limit: Int) -> (end: Int, result: Int, error: Int32) {
        precondition(start >= 0 && start <= source.count && limit <= capacity && limit >= count,
                     "conversion out of the buffers")
        var inLeft = source.count - start
        var outLeft = limit - count
        var inPointer: UnsafeMutablePointer<CChar>? = (source.base + start).assumingMemoryBound(to: CChar.self)
        var outPointer: UnsafeMutablePointer<CChar>? = (base + count).assumingMemoryBound(to: CChar.self)
        let result = iconv(converter, &inPointer, &inLeft, &outPointer, &outLeft)
        let error = errno
        count = limit - outLeft
        return (source.count - inLeft, result, error)
    }
}

/// A view of bytes held by a `CSVBuffer` (or lent by a closure, for the
/// tests and the `String` readers): the CSV layer's only way to read text.
/// Every read is checked against `count`, so no byte outside the view is
/// read whatever the feed holds, in release builds too (AllotIngest is not
/// compiled with `-Ounchecked`, Decision 17).
///
/// A view does not keep its bytes alive: it is valid while the buffer it
/// came from lives and is not changed (the text of a chunk while its rows
/// are read), or inside the closure that lent it.
struct CSVBytes: RandomAccessCollection {
    private let base: UnsafeRawPointer
    let count: Int

    fileprivate init(start base: UnsafeRawPointer, count: Int) {
        self.base = base
        self.count = count
    }

    /// No bytes (at an address that is never read).
    static var empty: CSVBytes { CSVBytes(start: UnsafeRawPointer(bitPattern: 16)!, count: 0) }

    var startIndex: Int { 0 }
    var endIndex: Int { count }
    var isEmpty: Bool { count == 0 }

    @inline(__always)
    subscript(i: Int) -> UInt8 {
        precondition(UInt(bitPattern: i) < UInt(bitPattern: count), "byte offset out of range")
        return base.load(fromByteOffset: i, as: UInt8.self)
    }

    /// `self[range]` as a view of its own, its first byte at offset 0.
    @inline(__always)
    func extracting(_ range: Range<Int>) -> CSVBytes {
        precondition(range.lowerBound >= 0 && range.upperBound <= count, "byte range out of range")
        return CSVBytes(start: base + range.lowerBound, count: range.count)
    }

    /// The eight bytes at `offset` as a little-endian word.
    @inline(__always)
    func word(at offset: Int) -> UInt64 {
        precondition(offset >= 0 && offset <= count &- 8, "word out of range")
        return UInt64(littleEndian: base.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
    }

    /// The four bytes at `offset` as a little-endian word.
    @inline(__always)
    func word32(at offset: Int) -> UInt32 {
        precondition(offset >= 0 && offset <= count &- 4, "word out of range")
        return UInt32(littleEndian: base.loadUnaligned(fromByteOffset: offset, as: UInt32.self))
    }

    /// The commas and line feeds of the 64 bytes at `offset`, a bit each (`csv_separators64`).
    @inline(__always)
    func separators64(at offset: Int) -> UInt64 {
        precondition(offset >= 0 && offset <= count &- 64, "block out of range")
        return csv_separators64(base.assumingMemoryBound(to: UInt8.self) + offset)
    }

    /// The commas, line feeds and carriage returns of the 64 bytes at
    /// `offset`, a bit each (`csv_separators_cr64`): the separators of text
    /// whose rows may end with a bare CR.
    @inline(__always)
    func separatorsAndCarriageReturns64(at offset: Int) -> UInt64 {
        precondition(offset >= 0 && offset <= count &- 64, "block out of range")
        return csv_separators_cr64(base.assumingMemoryBound(to: UInt8.self) + offset)
    }

    /// Whether `start..<end` holds a carriage return that no line feed
    /// follows inside the range, a CR at `end - 1` included (`csv_has_bare_cr`).
    /// - Complexity: O(`end` − `start`): one `memchr` for text without a CR.
    func hasBareCarriageReturn(from start: Int, to end: Int) -> Bool {
        precondition(start >= 0 && start <= end && end <= count, "byte range out of range")
        return csv_has_bare_cr(base.assumingMemoryBound(to: UInt8.self) + start, end - start)
    }

    /// The offset of the first `byte` in `start..<end`, or `nil` (`memchr`).
    @inline(__always)
    func firstIndex(of byte: UInt8, from start: Int, to end: Int) -> Int? {
        guard start < end else { return nil }
        precondition(start >= 0 && end <= count, "byte range out of range")
        guard let hit = memchr(base + start, Int32(byte), end - start) else { return nil }
        return UnsafeRawPointer(hit) - base
    }

    /// Whether `start..<end` is well-formed UTF-8 as `csv_utf8_is_valid`
    /// confirms it: `false` also means "not confirmed" (no SIMD here).
    @inline(__always)
    func isConfirmedUTF8(from start: Int, to end: Int) -> Bool {
        precondition(start >= 0 && start <= end && end <= count, "byte range out of range")
        return csv_utf8_is_valid(base.assumingMemoryBound(to: UInt8.self) + start, end - start)
    }

    /// The bytes as a `String`, ill-formed UTF-8 repaired with U+FFFD.
    var string: String {
        String(decoding: UnsafeRawBufferPointer(start: base, count: count), as: UTF8.self)
    }

    /// Calls `body` with the bytes as a span (for readers outside this module).
    @inline(__always)
    func withSpan<R>(_ body: (Span<UInt8>) -> R) -> R {
        let buffer = UnsafeBufferPointer(start: base.assumingMemoryBound(to: UInt8.self), count: count)
        return body(buffer.span)
    }

    /// Lends the bytes to the other handles of the CSV layer (`CSVBuffer`,
    /// `CSVStringTable`), for the C library; the pointer is valid only during the call.
    @inline(__always)
    func withUnsafeBytes<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        try body(UnsafeRawBufferPointer(start: base, count: count))
    }

    func withContiguousStorageIfAvailable<R>(_ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R? {
        try body(UnsafeBufferPointer(start: base.assumingMemoryBound(to: UInt8.self), count: count))
    }

    /// Calls `body` with a view of `array`'s bytes, valid only during the call.
    static func withBytes<R>(of array: [UInt8], _ body: (CSVBytes) throws -> R) rethrows -> R {
        try array.withUnsafeBytes { raw in
            try body(raw.baseAddress.map { CSVBytes(start: $0, count: raw.count) } ?? .empty)
        }
    }

    /// Calls `body` with a view of `string`'s UTF-8 (made contiguous first), valid only during the call.
    static func withUTF8<R>(of string: inout String, _ body: (CSVBytes) throws -> R) rethrows -> R {
        try string.withUTF8 { utf8 in
            try body(utf8.baseAddress.map { CSVBytes(start: UnsafeRawPointer($0), count: utf8.count) } ?? .empty)
        }
    }
}
