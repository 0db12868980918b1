import AllotCore

/// Field text in its common form, read straight from UTF-8 bytes.
///
/// Text is *plain* when it is not empty, neither end is white space, and
/// every scalar is ASCII or a unified ideograph of U+4000–U+9FFF: then
/// trimming and NFKC leave it as it is, so the `String` readers
/// (`QuantityText.parse`, `DateText`) would read exactly these bytes. The
/// readers here take plain text only and return `nil` for anything else,
/// including text the `String` readers reject: a caller then asks those,
/// which decide and word the problem.
enum PlainText {
    /// Whether `bytes` (valid UTF-8) are plain.
    /// - Complexity: O(n), eight ASCII bytes a step.
    @inline(__always)
    static func isPlain(_ bytes: CSVBytes) -> Bool {
        guard !bytes.isEmpty, UTF8LeadByte.endsCannotBeSpaces(bytes) else { return false }
        return isNFKCInvariant(bytes)
    }

    /// True when every scalar is ASCII or has a lead byte E4–E9 (`TextNormalization.isNFKCInvariant`).
    @inline(__always)
    static func isNFKCInvariant(_ bytes: CSVBytes) -> Bool {
        let n = bytes.count
        var i = 0
        while i + 8 <= n, bytes.word(at: i) & 0x8080_8080_8080_8080 == 0 {
            i += 8
        }
        while i < n {
            let b = bytes[i]
            if b < 0x80 {
                i += 1
            } else {
                guard b >= 0xE4 && b <= 0xE9 else { return false }
                i += 3
            }
        }
        return true
    }

    /// Whether `bytes` may hold a control character (`ControlCharacters`): a
    /// byte below 0x20 (tab, LF and CR too), 0x7F, or 0xC2 (the lead byte of
    /// U+0080 to U+00BF). `false` means none; `true` leaves the text to the
    /// `String` path, which decides.
    /// - Complexity: O(n), eight bytes a step ("Bit Twiddling Hacks": a byte
    ///   less than n, a zero byte).
    @inline(__always)
    static func mayHoldControlCharacter(_ bytes: CSVBytes) -> Bool {
        let n = bytes.count
        let ones: UInt64 = 0x0101_0101_0101_0101, highs: UInt64 = 0x8080_8080_8080_8080
        var i = 0
        while i + 8 <= n {
            let w = bytes.word(at: i)
            let below = (w &- ones &* 0x20) & ~w
            let del = w ^ (ones &* 0x7F), c2 = w ^ (ones &* 0xC2)
            if (below | (del &- ones) & ~del | (c2 &- ones) & ~c2) & highs != 0 { return true }
            i += 8
        }
        while i < n {
            let b = bytes[i]
            if b < 0x20 || b == 0x7F || b == 0xC2 { return true }
            i += 1
        }
        return false
    }

    /// Whether `bytes` hold `prefix` at `offset`.
    @inline(__always)
    static func has(_ prefix: StaticString, in bytes: CSVBytes, at offset: Int) -> Bool {
        let count = prefix.utf8CodeUnitCount
        guard offset + count <= bytes.count else { return false }
        let p = prefix.utf8Start
        for k in 0..<count where bytes[offset + k] != p[k] { return false }
        return true
    }
}

extension QuantityText {
    /// A quantity read from plain text: the amount, and where the unit written
    /// after the number lies in the bytes (an empty range when there is none).
    struct PlainParsed {
        var amount: ExactDecimal
        var unit: Range<Int>
    }

    /// `parse(_:)` for plain text (`PlainText`), without a `String`: the same
    /// amount, and the unit as the bytes of `Parsed.unit`. `nil` when the text
    /// is not plain or `parse(_:)` would fail.
    /// - Complexity: O(n).
    static func parsePlain(_ bytes: CSVBytes) -> PlainParsed? {
        guard PlainText.isPlain(bytes) else { return nil }
        let n = bytes.count
        guard case .success(let number) = leadingNumber(bytes) else { return nil }
        let (negative, significand, i) = (number.negative, number.significand, number.end)
        var amount = ExactDecimal(significand: significand, scale: number.scale)
        guard var rest = trimmed(bytes, i, n) else { return nil }
        if PlainText.has("万", in: bytes, at: rest.lowerBound) {
            guard let scaled = amount.multiplied(by: ExactDecimal(significand: 10_000)),
                  let r = trimmed(bytes, rest.lowerBound + 3, n) else { return nil }
            amount = scaled
            rest = r
        }
        if PlainText.has("亿", in: bytes, at: rest.lowerBound) {
            guard let scaled = amount.multiplied(by: ExactDecimal(significand: 100_000_000)),
                  let r = trimmed(bytes, rest.lowerBound + 3, n) else { return nil }
            amount = scaled
            rest = r
            if PlainText.has("亿", in: bytes, at: rest.lowerBound) { return nil }   // 亿亿: left to `parse(_:)`
        }
        if negative || significand == 0 { return nil }
        if !rest.isEmpty {
            let first = bytes[rest.lowerBound]
            if (first >= 48 && first <= 57) || first == UInt8(ascii: ".") || first == UInt8(ascii: ",") { return nil }
        }
        return PlainParsed(amount: amount, unit: rest)
    }

    /// `start..<end` without ASCII spaces and tabs at either end, as
    /// `trimmingSpaces()` would cut plain text; `nil` when a control
    /// character is left at an end (a line break or form feed, which
    /// `trimmingSpaces()` would also cut: left to the `String` path).
    @inline(__always)
    private static func trimmed(_ bytes: CSVBytes, _ start: Int, _ end: Int) -> Range<Int>? {
        var s = start, e = end
        while s < e, bytes[s] == 32 || bytes[s] == 9 { s += 1 }
        while e > s, bytes[e - 1] == 32 || bytes[e - 1] == 9 { e -= 1 }
        if s < e, bytes[s] < 32 || bytes[e - 1] < 32 { return nil }
        return s..<e
    }
}

extension DateText {
    /// `date(_:)` for plain text (`PlainText`); `nil` when the text is not plain or not a date.
    static func datePlain(_ bytes: CSVBytes) -> CalendarDate? {
        guard PlainText.isPlain(bytes) else { return nil }
        var scanner = ByteScanner(bytes)
        return scanner.dateIgnoringTime()
    }

    /// `instant(_:)` for plain text (`PlainText`); `nil` when the text is not plain or not a timestamp.
    static func instantPlain(_ bytes: CSVBytes) -> Instant? {
        guard PlainText.isPlain(bytes) else { return nil }
        var scanner = ByteScanner(bytes)
        return scanner.instant()
    }

    /// `instantPlain(_:)` for plain text whose first `dateLength` bytes are a
    /// date that `datePlain` reads as `date`, which the caller has looked up
    /// already. `datePlain` reads a date only from text that `scanDate()`
    /// reads to its end (a time part takes at least four bytes more, and
    /// plain text does not end with a space), so the scan goes on from there.
    static func instantPlain(_ bytes: CSVBytes, date: CalendarDate, dateLength: Int) -> Instant? {
        var scanner = ByteScanner(bytes)
        scanner.position = dateLength
        return scanner.instant(after: date)
    }
}
