import Foundation

/// Numbers and tables as the benchmark reports print them.
public enum TextFormat {
    /// The median of `values`; NaN when any value is not finite or there is none.
    public static func median(_ values: [Double]) -> Double {
        let sorted = values.filter(\.isFinite).sorted()
        guard !sorted.isEmpty, sorted.count == values.count else { return .nan }
        let mid = sorted.count / 2
        return sorted.count % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2
    }

    public static func fixed(_ value: Double, _ decimals: Int) -> String {
        value.isFinite ? String(format: "%.\(decimals)f", value) : "-"
    }

    /// A threshold or a measured value: two decimals below 10, one above.
    public static func number(_ value: Double) -> String {
        if value == value.rounded() && abs(value) >= 10 { return String(Int(value)) }
        return fixed(value, abs(value) < 10 ? 2 : 1)
    }

    /// `1,234,567`.
    public static func grouped<I: BinaryInteger>(_ value: I) -> String {
        let digits = Array(String(value))
        var out = ""
        for (i, d) in digits.enumerated() {
            if i > 0 && (digits.count - i) % 3 == 0 && d != "-" && digits[i - 1] != "-" { out.append(",") }
            out.append(d)
        }
        return out
    }

    /// Rows padded into columns, two spaces apart.
    public static func table(_ rows: [[String]], rightAligned: Set<Int>) -> [String] {
        let widths = (0..<rows[0].count).map { c in rows.map { $0[c].count }.max() ?? 0 }
        return rows.map { row in
            row.enumerated().map { c, cell in
                let pad = String(repeating: " ", count: widths[c] - cell.count)
                return rightAligned.contains(c) ? pad + cell : cell + pad
            }.joined(separator: "  ").replacingOccurrences(of: " +$", with: "", options: .regularExpression)
        }
    }
}
