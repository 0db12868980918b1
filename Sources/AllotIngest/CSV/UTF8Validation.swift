/// Finds the bytes that are not well-formed UTF-8 (Unicode Table 3-7).
enum UTF8Validation {
    /// Offsets of the bytes in `start..<end` that begin an ill-formed sequence,
    /// in increasing order; empty for valid text (the common case). A
    /// sequence cut by `end` counts as ill-formed.
    ///
    /// Valid text, the common case, is confirmed 32 or 16 bytes a step
    /// (`isValid`); only text that is not is looked at byte by byte to find
    /// the bad bytes. perf on the 150 MB benchmark: validation 9 % of the
    /// read's CPU byte by byte, 4.9 % with SSSE3; the whole file takes
    /// 34 ms with SSSE3 and 19.5 ms with AVX2 on one core.
    /// - Complexity: O(`end` − `start`).
    static func invalidOffsets(in p: CSVBytes, from start: Int, to end: Int) -> [Int] {
        if end > start && isValid(p, from: start, to: end) { return [] }
        return invalidOffsetsByteByByte(in: p, from: start, to: end)
    }

    /// Whether the bytes are well-formed UTF-8, 32 at a time with AVX2 or 16
    /// with SSSE3 (`csv_utf8_is_valid`, the lookup algorithm of Keiser and
    /// Lemire); `false` also where the processor has neither.
    @inline(__always)
    static func isValid(_ p: CSVBytes, from start: Int, to end: Int) -> Bool {
        p.isConfirmedUTF8(from: start, to: end)
    }

    /// `invalidOffsets`, byte by byte (ASCII eight bytes a step).
    static func invalidOffsetsByteByByte(in p: CSVBytes, from start: Int, to end: Int) -> [Int] {
        var bad = [Int]()
        var i = start
        while i < end {
            // ASCII runs, eight bytes at a time, then straight to the first
            // byte that is not ASCII. Stepping to it byte by byte, and trying
            // a whole word again after each byte, cost up to seven turns of
            // this loop at every switch from ASCII to Chinese. perf on the
            // 150 MB benchmark: validation 4.8 % of the process before, 3.3 % after.
            while i + 8 <= end {
                let high = p.word(at: i) & 0x8080_8080_8080_8080
                if high != 0 {
                    i += high.trailingZeroBitCount >> 3
                    break
                }
                i += 8
            }
            guard i < end else { break }
            let b = p[i]
            if b < 0x80 { i += 1; continue }
            // The common case in Chinese text: runs of three-byte characters
            // U+1000...U+CFFF and U+E000...U+FFFF, one load and one mask each
            // (lead E1...EF but ED, then two continuation bytes).
            var run = false
            while i + 4 <= end {
                let w = p.word32(at: i)
                let lead = w & 0xFF
                guard w & 0x00C0_C0F0 == 0x0080_80E0, lead != 0xE0, lead != 0xED else { break }
                i += 3
                run = true
            }
            if run { continue }
            if b >= 0xE1 && b != 0xED && i + 3 <= end && b <= 0xEF
                && p[i + 1] & 0xC0 == 0x80 && p[i + 2] & 0xC0 == 0x80 {
                i += 3
                continue
            }
            let n = sequenceLength(p, at: i, end: end)
            if n == 0 {
                bad.append(i)
                i += 1
            } else {
                i += n
            }
        }
        return bad
    }

    /// Whether `start..<end` is well-formed UTF-8, a sequence cut by `end` allowed.
    static func isValidAllowingTruncatedEnd(_ p: CSVBytes, from start: Int, to end: Int) -> Bool {
        var i = start
        while i < end {
            if p[i] < 0x80 { i += 1; continue }
            let n = sequenceLength(p, at: i, end: end)
            if n == 0 {
                return isTruncatedPrefix(p, at: i, end: end)
            }
            i += n
        }
        return true
    }

    /// The length of the well-formed sequence starting at `i` (a non-ASCII lead), or 0.
    @inline(__always)
    static func sequenceLength(_ p: CSVBytes, at i: Int, end: Int) -> Int {
        let b = p[i]
        let (n, low, high): (Int, UInt8, UInt8)
        switch b {
        case 0xC2...0xDF: (n, low, high) = (2, 0x80, 0xBF)
        case 0xE0: (n, low, high) = (3, 0xA0, 0xBF)
        case 0xE1...0xEC, 0xEE...0xEF: (n, low, high) = (3, 0x80, 0xBF)
        case 0xED: (n, low, high) = (3, 0x80, 0x9F)
        case 0xF0: (n, low, high) = (4, 0x90, 0xBF)
        case 0xF1...0xF3: (n, low, high) = (4, 0x80, 0xBF)
        case 0xF4: (n, low, high) = (4, 0x80, 0x8F)
        default: return 0
        }
        guard i + n <= end else { return 0 }
        let second = p[i + 1]
        guard second >= low && second <= high else { return 0 }
        for k in 2..<n where p[i + k] & 0xC0 != 0x80 { return 0 }
        return n
    }

    /// Whether the bytes from `i` to `end` are the start of a well-formed sequence that `end` cut.
    private static func isTruncatedPrefix(_ p: CSVBytes, at i: Int, end: Int) -> Bool {
        let available = end - i
        let needed: Int
        switch p[i] {
        case 0xC2...0xDF: needed = 2
        case 0xE0...0xEF: needed = 3
        case 0xF0...0xF4: needed = 4
        default: return false
        }
        guard available < needed else { return false }
        for k in 1..<available where p[i + k] & 0xC0 != 0x80 { return false }
        return true
    }
}
