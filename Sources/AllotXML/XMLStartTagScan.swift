#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Counts the attributes of each start tag in the bytes of a document before
/// libxml2 sees them, so that a tag with too many is refused before libxml2
/// parses it: libxml2 2.9 checks each attribute of a start tag against every
/// one before it (`xmlParseStartTag2`), time that grows with the square of
/// their number (100,000 attributes took 3.3 s, a 20 MB tag hours).
///
/// A state machine over the bytes, kept across chunks: text, a start tag and
/// its quoted values, an end tag, a comment, a CDATA section, a processing
/// instruction, and a DOCTYPE with its internal subset (declarations, their
/// quoted literals, comments, processing instructions). Only start tags count
/// attributes; what looks like a tag inside a value, comment, CDATA section or
/// literal does not. Each quoted value of a start tag is one attribute,
/// namespace declarations included (libxml2 checks those for duplicates the
/// same way).
///
/// The bytes are read as an ASCII-compatible encoding (UTF-8, GB18030): the
/// parser does not run the scan on UTF-16 or UTF-32 documents. A document that
/// is not well-formed may be counted wrong; libxml2 refuses it anyway.
///
/// - Complexity: O(n) over the bytes of a document, with `memchr` jumps over
///   text, values and end tags; memory O(1) (an element's name is kept up to
///   `nameLimit` bytes, for the message).
struct XMLStartTagScan {
    /// A start tag with more attributes, or more bytes, than the limits.
    struct Excess {
        enum Kind { case attributes, bytes }
        var kind: Kind
        /// Where the tag's `<` is in the bytes scanned last; `nil` when it was in an earlier chunk.
        var tagStart: Int?
        /// The element's name as written, at most `nameLimit` bytes of it.
        var name: [UInt8]
    }

    private enum State: UInt8 {
        case text, open, bang, comment, cdata, pi, name, tag, value, endTag
        case doctype, literal, subset, subsetOpen, subsetBang, declaration, afterSubset
    }

    /// The most attributes a start tag may have.
    let limit: Int
    /// The most bytes a start tag may have, from its `<` to its `>`: what
    /// libxml2 holds at once before it hands the element over (each value
    /// may be up to 10 MB there).
    let byteLimit: Int
    /// The most bytes of an element's name kept for a message.
    static let nameLimit = 128

    private var state = State.text
    /// Attributes of the open start tag so far.
    private var attributes = 0
    /// Bytes of the open start tag in earlier chunks.
    private var carriedTagBytes = 0
    /// The quote that closes the open value or literal.
    private var quote: UInt8 = 0
    /// Where a literal returns to: the DOCTYPE or a declaration of its subset.
    private var literalReturn = State.doctype
    /// Whether a comment or processing instruction is in the internal subset.
    private var inSubset = false
    /// The last two bytes of the open comment, CDATA section or processing
    /// instruction before this chunk (last byte low), so an end split across chunks is found.
    private var tail: UInt16 = 0
    /// The open start tag's name from earlier chunks.
    private var carriedName: [UInt8] = []

    init(limit: Int, byteLimit: Int = .max) {
        self.limit = limit
        self.byteLimit = byteLimit
    }

    /// Scans the next bytes of the document; the first start tag with more attributes than the limit, if any.
    mutating func scan(_ bytes: UnsafeRawBufferPointer) -> Excess? {
        guard let start = bytes.baseAddress, bytes.count > 0 else { return nil }
        let base = start.assumingMemoryBound(to: UInt8.self)
        let n = bytes.count
        var i = 0
        // In this chunk: the open tag's `<`, where its name starts and ends.
        var tagStart: Int?
        var nameStart: Int? = state == .name ? 0 : nil
        var nameEnd: Int?
        // Where the open comment, CDATA section or processing instruction starts in this chunk.
        var segment = 0

        func find(_ byte: UInt8, from i: Int) -> Int? {
            guard let p = memchr(base + i, Int32(byte), n - i) else { return nil }
            return base.distance(to: p.assumingMemoryBound(to: UInt8.self))
        }
        // The byte `k` (1 or 2) before `at`, from the tail when it precedes this chunk's segment.
        func before(_ at: Int, _ k: Int) -> UInt8 {
            let j = at - k
            if j >= segment { return base[j] }
            return segment - j == 1 ? UInt8(truncatingIfNeeded: tail) : UInt8(truncatingIfNeeded: tail >> 8)
        }
        func enterSegment(_ next: State, at index: Int) {
            state = next
            tail = 0
            segment = index
        }
        // Keeps the open tag's name from this chunk, up to `nameLimit` bytes in all.
        func carryName(upTo end: Int) {
            guard let from = nameStart else { return }
            let count = min(end - from, XMLStartTagScan.nameLimit - carriedName.count)
            if count > 0 { carriedName += UnsafeBufferPointer(start: base + from, count: count) }
            nameStart = nil
        }

        while i < n {
            switch state {
            case .text:
                guard let at = find(UInt8(ascii: "<"), from: i) else { i = n; continue }
                tagStart = at
                state = .open
                i = at + 1
            case .open:
                switch base[i] {
                case UInt8(ascii: "!"): state = .bang; i += 1
                case UInt8(ascii: "?"): enterSegment(.pi, at: i + 1); i += 1
                case UInt8(ascii: "/"): state = .endTag; i += 1
                default:
                    state = .name
                    attributes = 0
                    carriedTagBytes = 0
                    if !carriedName.isEmpty { carriedName.removeAll(keepingCapacity: true) }
                    nameStart = i
                    nameEnd = nil
                }
            case .bang:
                switch base[i] {
                case UInt8(ascii: "-"): enterSegment(.comment, at: i + 1)
                case UInt8(ascii: "["): enterSegment(.cdata, at: i + 1)
                default: state = .doctype  // In content, libxml2 refuses anything else.
                }
                i += 1
            case .comment, .cdata, .pi:
                guard let at = find(UInt8(ascii: ">"), from: i) else {
                    tail = UInt16(before(n, 2)) << 8 | UInt16(before(n, 1))
                    segment = n
                    i = n
                    continue
                }
                i = at + 1
                let ends: Bool
                switch state {
                case .comment: ends = before(at, 1) == UInt8(ascii: "-") && before(at, 2) == UInt8(ascii: "-")
                case .cdata: ends = before(at, 1) == UInt8(ascii: "]") && before(at, 2) == UInt8(ascii: "]")
                default: ends = before(at, 1) == UInt8(ascii: "?")
                }
                if ends { state = inSubset ? .subset : .text }
            case .name:
                while i < n {
                    let b = base[i]
                    if b == UInt8(ascii: ">") || b == UInt8(ascii: "/") || b == UInt8(ascii: "\"")
                        || b == UInt8(ascii: "'") || XMLText.isSpace(b) { break }
                    i += 1
                }
                if i < n {
                    nameEnd = i
                    state = .tag
                }
            case .tag:
                while i < n {
                    let b = base[i]
                    i += 1
                    if b == UInt8(ascii: ">") {
                        state = .text
                        if carriedTagBytes + i - (tagStart ?? 0) > byteLimit {
                            carryName(upTo: nameEnd ?? i)
                            return Excess(kind: .bytes, tagStart: tagStart, name: carriedName)
                        }
                        break
                    }
                    if b == UInt8(ascii: "\"") || b == UInt8(ascii: "'") {
                        attributes += 1
                        if attributes > limit {
                            carryName(upTo: nameEnd ?? i)
                            return Excess(kind: .attributes, tagStart: tagStart, name: carriedName)
                        }
                        quote = b
                        state = .value
                        break
                    }
                }
            case .value, .literal:
                guard let at = find(quote, from: i) else { i = n; continue }
                i = at + 1
                state = state == .value ? .tag : literalReturn
            case .endTag:
                guard let at = find(UInt8(ascii: ">"), from: i) else { i = n; continue }
                i = at + 1
                state = .text
            case .doctype, .declaration:
                let b = base[i]
                i += 1
                if b == UInt8(ascii: "\"") || b == UInt8(ascii: "'") {
                    quote = b
                    literalReturn = state
                    state = .literal
                } else if b == UInt8(ascii: ">") {
                    state = state == .doctype ? .text : .subset
                } else if b == UInt8(ascii: "["), state == .doctype {
                    state = .subset
                    inSubset = true
                }
            case .subset:
                let b = base[i]
                i += 1
                if b == UInt8(ascii: "<") { state = .subsetOpen }
                if b == UInt8(ascii: "]") { state = .afterSubset }
            case .subsetOpen:
                if base[i] == UInt8(ascii: "!") {
                    state = .subsetBang
                } else if base[i] == UInt8(ascii: "?") {
                    enterSegment(.pi, at: i + 1)
                } else {
                    state = .declaration
                }
                i += 1
            case .subsetBang:
                if base[i] == UInt8(ascii: "-") {
                    enterSegment(.comment, at: i + 1)
                    i += 1
                } else {
                    state = .declaration
                }
            case .afterSubset:
                if base[i] == UInt8(ascii: ">") {
                    state = .text
                    inSubset = false
                }
                i += 1
            }
        }
        // A start tag still open keeps its name and its size so far for the next chunk.
        if state == .name || state == .tag || state == .value {
            carryName(upTo: nameEnd ?? n)
            carriedTagBytes += n - (tagStart ?? 0)
            if carriedTagBytes > byteLimit { return Excess(kind: .bytes, tagStart: tagStart, name: carriedName) }
        }
        return nil
    }
}
