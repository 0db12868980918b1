import AllotCore

/// Reads SPEC 2's quantity text: a decimal number with optional thousands
/// separators, an optional multiplier 万 or 亿, and an optional unit right after:
/// `12吨`, `123.5万只`, `500 kg`, `50万`, `1,200`.
public enum QuantityText {
    public struct Parsed: Equatable, Sendable {
        /// The number with its multiplier applied, exactly.
        public var amount: ExactDecimal
        /// The unit written after the number, NFKC-normalized; `nil` when none.
        public var unit: String?
    }

    public enum Problem: Error, Equatable, Sendable {
        case notANumber
        case notPositive
        /// The whole part has more digits than 64 bits hold: more than any record may hold.
        case tooLarge
        /// More significant digits than 64 bits hold, some after the point.
        case tooManyDigits
    }

    /// - Complexity: O(n) in the text's length.
    public static func parse(_ text: String) -> Result<Parsed, Problem> {
        let normalized = TextNormalization.nfkc(text.trimmingSpaces())
        let bytes = Array(normalized.utf8)
        let number: LeadingNumber
        switch leadingNumber(bytes) {
        case .success(let n): number = n
        case .failure(let problem): return .failure(problem)
        }
        let (negative, significand, i) = (number.negative, number.significand, number.end)
        var amount = ExactDecimal(significand: significand, scale: number.scale)
        var rest = String(decoding: bytes[i...], as: UTF8.self).trimmingSpaces()
        // 万, 亿, and as Chinese compounds them 万亿 (10^12) and 亿亿 (10^16).
        let multipliers = [("万", Int64(10_000), 4), ("亿", Int64(100_000_000), 8), ("亿", Int64(100_000_000), 8)]
        for (prefix, factor, zeros) in multipliers where rest.hasPrefix(prefix) {
            // When the significand cannot take the factor, the scale does: the same number, exactly
            // (`Quantity.reading` bounds it).
            amount = amount.multiplied(by: ExactDecimal(significand: factor))
                ?? ExactDecimal(significand: amount.significand, scale: amount.scale - zeros)
            rest = String(rest.dropFirst()).trimmingSpaces()
        }
        if negative || significand == 0 { return .failure(.notPositive) }
        if let first = rest.unicodeScalars.first, ("0"..."9").contains(first) || first == "." || first == "," {
            return .failure(.notANumber)
        }
        return .success(Parsed(amount: amount, unit: rest.isEmpty ? nil : rest))
    }

    /// The message of a `quantity_too_large` reject: what was written, and
    /// the limit (`Quantity.maximum`) in the material's canonical unit.
    public static func tooLargeMessage(_ written: String, material: Material?) -> String {
        let unit = material.map { "\($0.canonicalUnit.rawValue) of \($0.name)" } ?? "canonical units"
        return "\(written) is more than a record may hold: at most \(Quantity.maximum) \(unit)"
    }

    /// The message of a `quantity_too_large` reject of a count of workers.
    public static func tooManyWorkersMessage(_ written: String) -> String {
        "\(written) is more workers than a record may hold: at most \(Quantity.maximum)"
    }

    /// The signed decimal number a quantity's text starts with: an optional
    /// `-` or `+`, digits with `,` between groups, at most one `.`.
    struct LeadingNumber {
        var negative: Bool
        var significand: Int64
        var scale: Int
        /// The index after the number: where a multiplier or unit may follow.
        var end: Int
    }

    /// The number at the front of `bytes`, shared by `parse(_:)` and the byte path (`parsePlain(_:)`).
    /// - Complexity: O(n) in the number's length.
    @inline(__always)
    static func leadingNumber<Bytes: RandomAccessCollection>(_ bytes: Bytes) -> Result<LeadingNumber, Problem>
        where Bytes.Element == UInt8, Bytes.Index == Int {
        let n = bytes.endIndex
        var i = bytes.startIndex
        var negative = false
        if i < n, bytes[i] == UInt8(ascii: "-") || bytes[i] == UInt8(ascii: "+") {
            negative = bytes[i] == UInt8(ascii: "-")
            i += 1
        }
        var significand: Int64 = 0
        var scale = 0
        var digits = 0
        var seenPoint = false
        var lastWasComma = false
        while i < n {
            let b = bytes[i]
            if b >= 48 && b <= 57 {
                let (m, o1) = significand.multipliedReportingOverflow(by: 10)
                let (a, o2) = m.addingReportingOverflow(Int64(b - 48))
                if o1 || o2 { return .failure(seenPoint ? .tooManyDigits : .tooLarge) }
                significand = a
                digits += 1
                if seenPoint { scale += 1 }
                lastWasComma = false
            } else if b == UInt8(ascii: ",") && digits > 0 && !seenPoint && !lastWasComma {
                lastWasComma = true
            } else if b == UInt8(ascii: ".") && !seenPoint && !lastWasComma {
                seenPoint = true
            } else {
                break
            }
            i += 1
        }
        if digits == 0 || lastWasComma { return .failure(.notANumber) }
        return .success(LeadingNumber(negative: negative, significand: significand, scale: scale, end: i))
    }

}
