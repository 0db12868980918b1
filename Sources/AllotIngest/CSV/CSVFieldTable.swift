/// Where fields lie in a text: per field, its value's start and end offsets
/// and whether the span is a quoted field's raw text that needs unescaping.
/// The memory of `CSVRowTokenizer`'s current row and of its saved rows,
/// growable, every access checked against the capacity, in release builds
/// too (Decision 17).
///
/// Rows are read through `Fields`, a view that `fields(from:count:)` hands
/// out without reference counting: the tokenizer switches rows by assigning
/// one, once per row. Not thread-safe: one per tokenizer.
final class CSVFieldTable {
    /// Per field `i`: its start at `2i`, its end at `2i + 1`.
    private var spans: UnsafeMutablePointer<Int>
    private var escaped: UnsafeMutablePointer<Bool>
    /// Fields there is room for.
    private(set) var capacity: Int

    init(capacity: Int) {
        self.capacity = max(capacity, 1)
        spans = .allocate(capacity: 2 * self.capacity)
        escaped = .allocate(capacity: self.capacity)
    }

    deinit {
        spans.deallocate()
        escaped.deallocate()
    }

    /// Makes room for `minimum` fields, keeping the first `kept`; views handed out before are then stale.
    /// - Complexity: O(`kept`) when it grows.
    @inline(__always)
    func reserve(_ minimum: Int, keeping kept: Int) {
        if minimum > capacity { grow(to: minimum, keeping: kept) }
    }

    private func grow(to minimum: Int, keeping kept: Int) {
        precondition(kept >= 0 && kept <= capacity, "cannot keep more fields than the table holds")
        let newCapacity = max(minimum, 2 * capacity)
        let newSpans = UnsafeMutablePointer<Int>.allocate(capacity: 2 * newCapacity)
        newSpans.update(from: spans, count: 2 * kept)
        spans.deallocate()
        spans = newSpans
        let newEscaped = UnsafeMutablePointer<Bool>.allocate(capacity: newCapacity)
        newEscaped.update(from: escaped, count: kept)
        escaped.deallocate()
        escaped = newEscaped
        capacity = newCapacity
    }

    /// Sets field `i`.
    @inline(__always)
    func set(_ i: Int, start: Int, end: Int, escaped isEscaped: Bool) {
        precondition(UInt(bitPattern: i) < UInt(bitPattern: capacity), "field index out of range")
        spans[2 * i] = start
        spans[2 * i + 1] = end
        escaped[i] = isEscaped
    }

    /// Copies the first `count` fields of `source` to fields `start...` here (which must have room).
    /// - Complexity: O(`count`).
    @inline(__always)
    func copy(_ count: Int, from source: Fields, to start: Int) {
        precondition(count >= 0 && count <= source.count && start >= 0 && start + count <= capacity,
                     "fields out of range")
        (spans + 2 * start).update(from: source.spans, count: 2 * count)
        (escaped + start).update(from: source.escaped, count: count)
    }

    /// A view of fields `first..<first + count`, valid until the table next grows.
    @inline(__always)
    func fields(from first: Int, count: Int) -> Fields {
        precondition(first >= 0 && count >= 0 && first + count <= capacity, "fields out of range")
        return Fields(spans: spans + 2 * first, escaped: escaped + first, count: count)
    }

    /// Some fields of a table, read in place.
    struct Fields {
        fileprivate let spans: UnsafePointer<Int>
        fileprivate let escaped: UnsafePointer<Bool>
        let count: Int

        fileprivate init(spans: UnsafeMutablePointer<Int>, escaped: UnsafeMutablePointer<Bool>, count: Int) {
            self.spans = UnsafePointer(spans)
            self.escaped = UnsafePointer(escaped)
            self.count = count
        }

        /// No fields (at an address that is never read).
        static var none: Fields {
            Fields(spans: UnsafeMutablePointer(bitPattern: 16)!, escaped: UnsafeMutablePointer(bitPattern: 16)!, count: 0)
        }

        @inline(__always)
        func start(_ i: Int) -> Int {
            precondition(UInt(bitPattern: i) < UInt(bitPattern: count), "field index out of range")
            return spans[2 * i]
        }

        @inline(__always)
        func end(_ i: Int) -> Int {
            precondition(UInt(bitPattern: i) < UInt(bitPattern: count), "field index out of range")
            return spans[2 * i + 1]
        }

        @inline(__always)
        func isEscaped(_ i: Int) -> Bool {
            precondition(UInt(bitPattern: i) < UInt(bitPattern: count), "field index out of range")
            return escaped[i]
        }
    }
}
