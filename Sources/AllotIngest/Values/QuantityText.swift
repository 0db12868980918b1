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
        case tooLarge
    }

    /// - Complexity: O(n) in the text's length.
    public static func parse(_ text: String) -> Result<Parsed, Problem> {
        let normalized = TextNormalization.nfkc(text.trimmingSpaces())
        let bytes = Array(normalized.utf8)
        var i = 0
        var negative = false
        if i < bytes.count, bytes[i] == UInt8(ascii: "-") || bytes[i] == UInt8(ascii: "+") {
            negative = bytes[i] == UInt8(ascii: "-")
            i += 1
        }
        var significand: Int64 = 0
        var scale = 0
        var digits = 0
        var seenPoint = false
        var lastWasComma = false
        while i < bytes.count {
            let b = bytes[i]
            if b >= 48 && b <= 57 {
                let (m, o1) = significand.multipliedReportingOverflow(by: 10)
                let (a, o2) = m.addingReportingOverflow(Int64(b - 48))
                if o1 || o2 { return .failure(.tooLarge) }
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
        var amount = ExactDecimal(significand: significand, scale: scale)
        var rest = String(decoding: bytes[i...], as: UTF8.self).trimmingSpaces()
        for (prefix, factor) in [("万", Int64(10_000)), ("亿", Int64(100_000_000))] where rest.hasPrefix(prefix) {
            guard let scaled = amount.multiplied(by: ExactDecimal(significand: factor)) else {
                return .failure(.tooLarge)
            }
            amount = scaled
            rest = String(rest.dropFirst()).trimmingSpaces()
        }
        if negative || significand == 0 { return .failure(.notPositive) }
        if let first = rest.unicodeScalars.first, ("0"..."9").contains(first) || first == "." || first == "," {
            return .failure(.notANumber)
        }
        return .success(Parsed(amount: amount, unit: rest.isEmpty ? nil : rest))
    }
}
