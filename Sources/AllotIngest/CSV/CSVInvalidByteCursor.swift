/// Walks the sorted offsets of a chunk's invalid bytes along its rows.
struct CSVInvalidByteCursor {
    private let offsets: [Int]
    private var next = 0

    init(_ offsets: [Int]) { self.offsets = offsets }

    /// Whether an invalid byte lies in `start..<end`; rows must be asked in order.
    @inline(__always)
    mutating func contains(from start: Int, to end: Int) -> Bool {
        guard next < offsets.count else { return false }
        while next < offsets.count && offsets[next] < start { next += 1 }
        return next < offsets.count && offsets[next] < end
    }
}
