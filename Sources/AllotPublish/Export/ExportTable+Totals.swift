// MARK: - Totals

extension ExportTable {
    /// The totals rows below `rows` (which may be one sheet's part of the table): one per
    /// material, in the order the materials first appear, each with `totalsLabel` in the first
    /// `detail` column, the `material` cells repeated, the sums of the summed columns
    /// (`Cell.whole`: exact in 128 bits) and the fill ratio of the sums; one row of zeros when
    /// `rows` is empty; none when the table has no `totalsLabel`.
    /// A sheet mixes materials, and so units (kg, piece): totals per material never add one to another.
    /// - Complexity: O(number of cells).
    public func totalsRows(of rows: [[Cell]]) -> [[Cell]] {
        guard let label = totalsLabel else { return [] }
        let keyColumns = columns.indices.filter { columns[$0].role == .material }
        let summed = columns.indices.filter { columns[$0].role.isSummed }
        var order = [[Cell]](), sums = [[Cell]: [Int128]]()
        for row in rows {
            let key = keyColumns.map { $0 < row.count ? row[$0] : .text("") }
            if sums[key] == nil {
                order.append(key)
                sums[key] = [Int128](repeating: 0, count: columns.count)
            }
            for column in summed where column < row.count {
                sums[key]![column] += Self.quantity(row[column])
            }
        }
        if order.isEmpty {
            order = [keyColumns.map { _ in .text("") }]
            sums[order[0]] = [Int128](repeating: 0, count: columns.count)
        }
        let labelColumn = columns.firstIndex { $0.role == .detail }
        let requested = columns.firstIndex { $0.role == .requested }
        let delivered = columns.firstIndex { $0.role == .delivered }
        return order.map { key in
            let total = sums[key]!
            return columns.indices.map { column -> Cell in
                switch columns[column].role {
                case .detail: return column == labelColumn ? .text(label) : .text("")
                case .material: return key[keyColumns.firstIndex(of: column)!]
                case .quantity, .requested, .delivered: return .whole(total[column])
                case .fillRatio:
                    guard !rows.isEmpty, let requested, let delivered else { return .text("") }
                    return .fillRatio(delivered: total[delivered], requested: total[requested])
                }
            }
        }
    }

    /// A summed cell's quantity: an integer, or the digits `Cell.whole` writes past 64 bits; else 0.
    private static func quantity(_ cell: Cell) -> Int128 {
        switch cell {
        case .integer(let value): return Int128(value)
        case .text(let digits): return Int128(digits) ?? 0
        case .decimal, .date, .ratio: return 0
        }
    }
}
