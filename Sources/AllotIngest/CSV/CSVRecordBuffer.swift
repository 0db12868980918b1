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

    private(set) var base: UnsafeMutablePointer<Element>
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

    @inline(__always)
    func append(_ element: Element) {
        if count == capacity { reserve(2 * capacity) }
        (base + count).initialize(to: element)
        count += 1
    }

    /// The records, for adjusting in place.
    var elements: UnsafeMutableBufferPointer<Element> { UnsafeMutableBufferPointer(start: base, count: count) }

    /// Moves every record to `target`, which must hold `count` initialized
    /// elements (overwritten, and destroyed first); the buffer is left empty.
    /// - Complexity: O(`count`).
    func move(overwriting target: UnsafeMutablePointer<Element>) {
        target.moveUpdate(from: base, count: count)
        count = 0
    }
}
