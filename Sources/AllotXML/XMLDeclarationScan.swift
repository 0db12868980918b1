/// Reads the encoding a document's XML declaration names from its first bytes,
/// as they arrive, so that a parser can refuse the encoding before libxml2
/// switches to it, and the same way however the document is split into pieces.
///
/// Only 8-bit documents are scanned (UTF-8 and its supersets, a UTF-8
/// byte-order mark allowed): a document in UTF-16 or UTF-32 shows no `<?xml`
/// in its bytes and has no declared encoding here.
struct XMLDeclarationScan {
    enum Verdict: Equatable {
        /// The bytes so far end inside the declaration.
        case undecided
        /// The document has no declaration, or its declaration names no encoding (or is
        /// malformed before it does: the parser then reports it).
        case noEncoding
        /// The declaration names this encoding, as written.
        case declared(String)
    }

    /// The most bytes held before the scan gives up on a declaration: far more than a real one has.
    static let headLimit = 1024

    /// The bytes seen while undecided, at most `headLimit` plus the last piece.
    private(set) var head: [UInt8] = []

    /// Adds the next piece of the document; the verdict of everything seen so far.
    mutating func add(_ piece: UnsafeRawBufferPointer) -> Verdict {
        head.append(contentsOf: piece)
        let verdict = Self.verdict(head, complete: false)
        return verdict == .undecided && head.count >= Self.headLimit ? .noEncoding : verdict
    }

    /// The verdict at the end of the document.
    func finish() -> Verdict {
        Self.verdict(head, complete: true)
    }

    /// Walks `<?xml` and its pseudo-attributes (`name = "value"`) up to `encoding`'s closing quote.
    /// `complete`: no more bytes follow, so a declaration cut short names no encoding.
    private static func verdict(_ bytes: [UInt8], complete: Bool) -> Verdict {
        let open = Array("<?xml".utf8)
        let byteOrderMark: [UInt8] = [0xEF, 0xBB, 0xBF]
        let ranOut: Verdict = complete ? .noEncoding : .undecided
        if bytes.count < byteOrderMark.count && byteOrderMark.starts(with: bytes) { return ranOut }
        var i = bytes.starts(with: byteOrderMark) ? byteOrderMark.count : 0
        func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D }
        func skipSpace() { while i < bytes.count && isSpace(bytes[i]) { i += 1 } }
        let available = bytes.count - i
        guard bytes[i...].starts(with: open.prefix(available)) else { return .noEncoding }
        guard available > open.count else { return ranOut }
        i += open.count
        guard isSpace(bytes[i]) else { return .noEncoding }
        while true {
            skipSpace()
            guard i < bytes.count else { return ranOut }
            let nameStart = i
            while i < bytes.count && bytes[i] != 0x3D && !isSpace(bytes[i]) && bytes[i] != 0x3F { i += 1 }
            guard i < bytes.count else { return ranOut }
            let name = bytes[nameStart..<i]
            guard !name.isEmpty else { return .noEncoding }  // `?>`, or a stray byte
            skipSpace()
            guard i < bytes.count else { return ranOut }
            guard bytes[i] == 0x3D else { return .noEncoding }
            i += 1
            skipSpace()
            guard i < bytes.count else { return ranOut }
            let quote = bytes[i]
            guard quote == 0x22 || quote == 0x27 else { return .noEncoding }
            i += 1
            guard let close = bytes[i...].firstIndex(of: quote) else { return ranOut }
            if name.elementsEqual("encoding".utf8) {
                return .declared(String(decoding: bytes[i..<close], as: UTF8.self))
            }
            i = close + 1
        }
    }
}
