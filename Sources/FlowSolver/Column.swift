/// One array of a solver's handle (`_ArcArrays`, `_NodeArrays`,
/// `_ResidualArrays`): `count` plain values in memory that the handle
/// allocates once and frees in its `deinit`. The only type of FlowSolver that
/// holds a pointer; the solvers index columns as they would arrays.
///
/// Every read and write is checked against `count`, as an `Array`'s is, so a
/// debug build (and the `ALLOT_INTERNAL_CHECKS` build) stops at an index out
/// of range. Release builds of FlowSolver use `-Ounchecked`, which drops this
/// check as it drops an `Array`'s. Unlike an `Array` held by a struct, a write
/// never asks whether the storage is shared, and a loop keeps the column in
/// registers without a `withUnsafeMutableBufferPointer` closure around it.
///
/// A column does not own its memory: copies share it, and none may be used
/// after its handle is gone (handles never hand columns out of FlowSolver).
struct _Column<Element: BitwiseCopyable> {
    private let base: UnsafeMutablePointer<Element>
    let count: Int

    private init(base: UnsafeMutablePointer<Element>, count: Int) {
        self.base = base
        self.count = count
    }

    /// A new column of `count` values, each `value`; its handle frees it with `deallocate()`.
    /// - Complexity: O(`count`).
    static func allocate(_ count: Int, repeating value: Element) -> _Column {
        precondition(count >= 0, "a column cannot have a negative count")
        let base = UnsafeMutablePointer<Element>.allocate(capacity: max(count, 1))
        base.initialize(repeating: value, count: count)
        return _Column(base: base, count: count)
    }

    /// A new column holding `values`.
    /// - Complexity: O(`values.count`).
    static func allocate(_ values: [Element]) -> _Column {
        let base = UnsafeMutablePointer<Element>.allocate(capacity: max(values.count, 1))
        _ = UnsafeMutableBufferPointer(start: base, count: values.count).initialize(from: values)
        return _Column(base: base, count: values.count)
    }

    /// Frees the memory; for the handle's `deinit` only.
    func deallocate() {
        base.deallocate()
    }

    @inline(__always)
    subscript(i: Int) -> Element {
        get {
            precondition(UInt(bitPattern: i) < UInt(bitPattern: count), "column index out of range")
            return base[i]
        }
        nonmutating set {
            precondition(UInt(bitPattern: i) < UInt(bitPattern: count), "column index out of range")
            base[i] = newValue
        }
    }

    /// Puts the value at `order[i]` at position i, for the first `order.count` positions.
    /// - Complexity: O(`order.count`).
    func rearrange(by order: [Int32]) {
        let old = (0..<order.count).map { self[$0] }
        for (i, j) in order.enumerated() { self[i] = old[Int(j)] }
    }

    /// Copies `values` to the start of the column.
    /// - Complexity: O(`values.count`).
    func update(from values: [Element]) {
        precondition(values.count <= count, "more values than the column holds")
        _ = UnsafeMutableBufferPointer(start: base, count: values.count).update(fromContentsOf: values)
    }

    /// Copies `source[range]` to the same positions of this column.
    /// - Complexity: O(`range.count`).
    @inline(__always)
    func update(_ range: Range<Int>, from source: _Column) {
        precondition(range.lowerBound >= 0 && range.upperBound <= count && range.upperBound <= source.count,
                     "column range out of range")
        (base + range.lowerBound).update(from: source.base + range.lowerBound, count: range.count)
    }

    /// Copies all of `source` (of the same count) into this column.
    /// - Complexity: O(`count`).
    func update(from source: _Column) {
        update(0..<count, from: source)
    }

    /// The first `n` values as an array.
    /// - Complexity: O(`n`).
    func prefix(_ n: Int) -> [Element] {
        precondition(n >= 0 && n <= count, "column prefix out of range")
        return Array(UnsafeBufferPointer(start: base, count: n))
    }
}
