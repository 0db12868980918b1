/// An 18-character unified social credit code (统一社会信用代码, GB 32100-2015)
/// that passed its check digit.
///
/// Stored packed (5 bits a character in two words) so that a million requests
/// do not allocate a million strings for their enterprise ids.
public struct CreditCode: Hashable, Comparable, Sendable {
    @usableFromInline var high: UInt64   // characters 1...12
    @usableFromInline var low: UInt32    // characters 13...18

    /// The 31 characters the standard allows, in value order (no I, O, Z, S, V).
    public static let alphabet: [UInt8] = Array("0123456789ABCDEFGHJKLMNPQRTUWXY".utf8)

    /// Weights w_i = 3^(i-1) mod 31 for positions 1...17.
    public static let weights: [Int] = {
        var w = [Int](); var p = 1
        for _ in 0..<17 { w.append(p); p = p * 3 % 31 }
        return w
    }()

    /// Value of each ASCII byte in `alphabet`, or -1.
    static let valueOfByte: [Int8] = {
        var table = [Int8](repeating: -1, count: 256)
        for (i, c) in alphabet.enumerated() { table[Int(c)] = Int8(i) }
        return table
    }()

    /// Why text is not a valid code.
    public enum Problem: Error, Equatable, Sendable {
        case wrongLength(Int)
        case invalidCharacter(Character, position: Int)
        case checkDigit(expected: Character, found: Character)
    }

    /// Validates trimmed text (latin letters in either case).
    /// - Complexity: O(1): 18 characters, no allocation.
    public static func parse(_ text: String) -> Result<CreditCode, Problem> {
        let utf8 = text.utf8
        guard utf8.count == 18 else { return .failure(.wrongLength(text.count)) }
        var high: UInt64 = 0, low: UInt32 = 0, sum = 0
        var i = 0
        for b in utf8 {
            let upper = (b >= 97 && b <= 122) ? b - 32 : b
            let v = Int(valueOfByte[Int(upper)])
            guard v >= 0 else { return .failure(firstInvalidCharacter(text)) }
            if i < 17 { sum += v * weights[i] }
            if i < 12 { high = high << 5 | UInt64(v) } else { low = low << 5 | UInt32(v) }
            if i == 17 {
                let check = (31 - sum % 31) % 31
                guard check == v else {
                    return .failure(.checkDigit(expected: Character(Unicode.Scalar(alphabet[check])),
                                                found: Character(Unicode.Scalar(alphabet[v]))))
                }
            }
            i += 1
        }
        return .success(CreditCode(high: high, low: low))
    }

    /// `parse(_:)` of the text whose UTF-8 bytes these are, when it succeeds;
    /// `nil` when it fails (`parse(_:)` then says why). For readers that hold bytes.
    /// - Complexity: O(1): 18 bytes, no allocation.
    public static func validated(utf8 bytes: Span<UInt8>) -> CreditCode? {
        guard bytes.count == 18 else { return nil }
        // Branch-free over the 18 bytes (digits and letters mix unpredictably):
        // a byte outside the alphabet turns `bad` negative.
        let value = valueOfByteInEitherCase.span, weight = weights.span
        var high: UInt64 = 0, low: UInt32 = 0, sum = 0, bad: Int8 = 0
        for i in 0..<12 {
            let v = value[Int(bytes[i])]
            bad |= v
            sum += Int(v) * weight[i]
            high = high << 5 | UInt64(UInt8(bitPattern: v) & 31)
        }
        for i in 12..<18 {
            let v = value[Int(bytes[i])]
            bad |= v
            if i < 17 { sum += Int(v) * weight[i] }
            low = low << 5 | UInt32(UInt8(bitPattern: v) & 31)
        }
        guard bad >= 0, (31 - sum % 31) % 31 == Int(low & 31) else { return nil }
        return CreditCode(high: high, low: low)
    }

    /// `valueOfByte` with latin letters in either case.
    static let valueOfByteInEitherCase: [Int8] = {
        var table = valueOfByte
        for b in 97...122 { table[b] = valueOfByte[b - 32] }
        return table
    }()

    /// The first character outside the alphabet, by its position in characters.
    private static func firstInvalidCharacter(_ text: String) -> Problem {
        for (i, c) in text.enumerated() {
            guard let ascii = c.asciiValue else { return .invalidCharacter(c, position: i + 1) }
            let upper = (ascii >= 97 && ascii <= 122) ? ascii - 32 : ascii
            if valueOfByte[Int(upper)] < 0 { return .invalidCharacter(c, position: i + 1) }
        }
        return .wrongLength(text.count)
    }

    /// The check character's value for the first 17 values.
    public static func checkValue(_ values: [Int]) -> Int {
        var sum = 0
        for i in 0..<17 { sum += values[i] * weights[i] }
        return (31 - sum % 31) % 31
    }

    /// The check character that completes a 17-character prefix, or `nil` when
    /// the prefix has a character outside the alphabet.
    public static func checkCharacter(forPrefix prefix: String) -> Character? {
        let bytes = Array(prefix.utf8)
        guard bytes.count == 17 else { return nil }
        var values = [Int]()
        for b in bytes {
            let v = valueOfByte[Int(b)]
            guard v >= 0 else { return nil }
            values.append(Int(v))
        }
        return Character(Unicode.Scalar(alphabet[checkValue(values)]))
    }

    public static func < (lhs: CreditCode, rhs: CreditCode) -> Bool {
        (lhs.high, lhs.low) < (rhs.high, rhs.low)
    }
}

extension CreditCode: CustomStringConvertible {
    /// The 18 characters.
    public var description: String {
        var bytes = [UInt8](repeating: 0, count: 18)
        var h = high, l = low
        for i in stride(from: 17, through: 12, by: -1) { bytes[i] = CreditCode.alphabet[Int(l & 31)]; l >>= 5 }
        for i in stride(from: 11, through: 0, by: -1) { bytes[i] = CreditCode.alphabet[Int(h & 31)]; h >>= 5 }
        return String(decoding: bytes, as: UTF8.self)
    }
}

extension CreditCode.Problem: CustomStringConvertible {
    public var description: String {
        switch self {
        case .wrongLength(let n): return "a credit code has 18 characters, this one has \(n)"
        case .invalidCharacter(let c, let p): return "character \(p) '\(c)' is not allowed in a credit code (0-9 and A-Y without I, O, S, V, Z)"
        case .checkDigit(let e, let f): return "check digit is '\(f)' but the code's first 17 characters give '\(e)'"
        }
    }
}
