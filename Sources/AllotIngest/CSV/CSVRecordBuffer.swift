import AllotCore

/// A chunk's records, in memory of its own: appended as they are read, then
/// moved into the file's records, after which the buffer is empty and takes
/// the next chunk's records.
///
/// An `Array` would have to be left holding placeholders after its records
/// were moved out (it destroys what it holds), written once and destroyed
/// once more per record; and a fresh one per chunk is fresh memory.
/// Not thread-safe: filled by one thread, then handed to the one that merges.
final class CSVRecordBuffer: @unchecked Sendable {
    typealias Element = (record: FeedRecord, origin: RecordOrigin)

    private var base: UnsafeMutablePointer<Element>
    private(set) var count = 0
    private(set) var capacity: Int

    init(capacity: Int = 1024) {
        self.capacity = max(capacity, 16)
        base = .allocate(capacity: self.capacity)
    }

    deinit {
        base.deinitialize(count: count)
        base.deallocate()
    }

    var isEmpty: Bool { count == 0 }

    /// Makes room for `minimum` records in all.
    /// - Complexity: O(`count`) when it grows (the records are moved).
    func reserve(_ minimum: Int) {
        guard minimum > capacity else { return }
        let newBase = UnsafeMutablePointer<Element>.allocate(capacity: minimum)
        newBase.moveInitialize(from: base, count: count)
        base.deallocate()
        base = newBase
        capacity = minimum
    }

    /// Consumes `element`: a record built for the buffer is moved in, not
    /// copied (a copy retained its strings, and dropping the original
    /// released them again).
    @inline(__always)
    func append(_ element: consuming Element) {
        if count == capacity { reserve(2 * capacity) }
        (base + count).initialize(to: element)
        count += 1
    }

    /// Takes the last record out.
    func removeLast() -> Element {
        precondition(count > 0)
        count -= 1
        return (base + count).move()
    }

    /// The origin's line of record `i`.
    func line(at i: Int) -> Int {
        precondition(i >= 0 && i < count, "record index out of range")
        return base[i].origin.line
    }

    /// Destroys the records from index `i` on.
    /// - Complexity: O(`count` − `i`).
    func removeSuffix(from i: Int) {
        precondition(i >= 0 && i <= count, "record index out of range")
        (base + i).deinitialize(count: count - i)
        count = i
    }

    /// Moves every record to the end of `array`, adding `lineOffset` to its
    /// origin's line on the way; the buffer is left empty.
    ///
    /// Each record is written once, where it ends up. Appending placeholders
    /// and then moving the records over them wrote every record twice, and
    /// destroyed a placeholder for each.
    /// - Complexity: O(`count`).
    func move(appendingTo array: inout [Element], lineOffset: Int) {
        array.append(contentsOf: Moved(position: base, end: base + count, lineOffset: lineOffset))
        count = 0
    }

    /// The records of a buffer, each moved out as it is taken; the buffer
    /// must not destroy them afterwards (`move(appendingTo:lineOffset:)`
    /// sets its count to 0).
    private struct Moved: Sequence, IteratorProtocol {
        var position: UnsafeMutablePointer<Element>
        let end: UnsafeMutablePointer<Element>
        let lineOffset: Int

        var underestimatedCount: Int { end - position }

        @inline(__always)
        mutating func next() -> Element? {
            guard position < end else { return nil }
            var element = position.move()
            position += 1
            element.origin.line += lineOffset
            return element
        }
    }
}
