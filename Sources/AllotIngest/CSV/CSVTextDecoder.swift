import AllotCore
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A file that could not be opened or read, with the reason.
struct CSVReadFailure: Error {
    var message: String
    /// How a feed's reject classifies it.
    var code: RejectCode = .unreadableFile

    /// The failure of the last system call, as `strerror` words it.
    static func lastSystemError(_ action: String) -> CSVReadFailure {
        CSVReadFailure(message: "\(action): \(String(cString: strerror(errno)))")
    }
}

/// Reads a file in blocks and turns its bytes into UTF-8 (SPEC 2): a UTF-8
/// BOM means UTF-8 (the BOM is dropped); otherwise the encoding stays
/// undecided while only ASCII is seen, and at the first non-ASCII byte it is
/// UTF-8 when the text from there to the end of its line (at most
/// `decisionWindow` bytes) is valid UTF-8, else GB18030 (which covers GBK and
/// GB2312), decoded with iconv. Looking at the rest of the line, not only at
/// the first character, keeps a GBK character that happens to be valid UTF-8
/// (牛 is C5 A3) from deciding; stopping at the line keeps one corrupt row
/// further down a UTF-8 file from turning the whole file into GB18030.
///
/// UTF-8 text is copied as it is, invalid bytes included: readers validate
/// rows themselves (`UTF8Validation`), in parallel. GB18030 bytes iconv
/// refuses become U+FFFD, and their offsets are reported.
final class CSVTextDecoder {
    enum Mode { case undecided, utf8, gb18030 }

    /// Bytes asked from the file at a time. 1 MiB: fewer system calls gave nothing measurable.
    static let defaultBlockSize = 1 << 20
    /// How far past the first non-ASCII byte the UTF-8 check looks at most
    /// (it stops at the line's end): enough that a line of GB18030 text is
    /// practically never valid UTF-8 by chance.
    static let decisionWindow = 1024

    /// The file being read; it owns the descriptor.
    private let file: InputFile
    private let fileDescriptor: Int32
    private let blockSize: Int
    private let raw: CSVBuffer
    /// Bytes of `raw` before this are decoded.
    private var rawStart = 0
    private var endOfFile = false
    private var atStart = true
    private(set) var mode = Mode.undecided
    private var converter: iconv_t?

    /// Reads `file`, which `InputFolder` opened, from where it stands (its start).
    init(file: InputFile, blockSize: Int = CSVTextDecoder.defaultBlockSize) {
        self.file = file
        self.fileDescriptor = file.descriptor
        self.blockSize = max(blockSize, 4)
        self.raw = CSVBuffer(capacity: self.blockSize + Self.decisionWindow + 16)
    }

    deinit {
        if let converter { iconv_close(converter) }
    }

    /// The file's encoding as decided so far; ASCII so far counts as UTF-8.
    var encoding: TextEncoding { mode == .gb18030 ? .gb18030 : .utf8 }

    /// The file's size in bytes, when the system tells it.
    var fileSize: Int? {
        var info = stat()
        guard fstat(fileDescriptor, &info) == 0 else { return nil }
        return Int(info.st_size)
    }

    /// Appends decoded UTF-8 to `buffer` until it holds at least `target`
    /// bytes or the file ends. Offsets in `buffer` of bytes that were not
    /// GB18030 (each now U+FFFD) are appended to `invalid`.
    /// - Returns: whether the whole file has been decoded.
    /// - Throws: `CSVReadFailure` when the file cannot be read.
    func fill(_ buffer: CSVBuffer, upTo target: Int, invalid: inout [Int]) throws -> Bool {
        // Room for the multi-byte character that crosses `target`, or a U+FFFD.
        buffer.reserve(target + 16)
        while buffer.count < target {
            let available = raw.count - rawStart
            if available == 0 {
                if endOfFile { return true }
                if mode == .utf8 {
                    // Decided: the file's bytes go straight into the chunk, without a copy.
                    try readDirectly(into: buffer, count: min(target - buffer.count, blockSize))
                } else {
                    try readBlock()
                }
                continue
            }
            if atStart {
                if available < 3 && !endOfFile {
                    try readBlock()
                    continue
                }
                atStart = false
                let p = raw.bytes.extracting(rawStart..<raw.count)
                if available >= 2 && (p[0] == 0xFF && p[1] == 0xFE || p[0] == 0xFE && p[1] == 0xFF) {
                    throw CSVReadFailure(message: "is UTF-16 text (it starts with a UTF-16 byte order mark); save it as UTF-8 or GB18030",
                                         code: .badEncoding)
                }
                if available >= 3 && p[0] == 0xEF && p[1] == 0xBB && p[2] == 0xBF {
                    rawStart += 3
                    mode = .utf8
                }
                continue
            }
            let space = target - buffer.count
            switch mode {
            case .utf8:
                let n = min(available, space)
                buffer.append(raw.bytes.extracting(rawStart..<rawStart + n))
                rawStart += n
            case .undecided:
                let end = rawStart + min(available, space)
                let high = Self.firstNonASCII(raw.bytes, from: rawStart, to: end)
                buffer.append(raw.bytes.extracting(rawStart..<high))
                rawStart = high
                if high < end { try decide() }
            case .gb18030:
                try convert(into: buffer, limit: target + 16, invalid: &invalid)
            }
        }
        return endOfFile && rawStart == raw.count
    }

    // MARK: - Reading

    private func readBlock() throws {
        if rawStart > 0 {
            raw.removeFirst(rawStart)
            rawStart = 0
        }
        raw.reserve(raw.count + blockSize)
        let n = raw.read(from: fileDescriptor, maximum: raw.free)
        if n == 0 { endOfFile = true }
        if n < 0 { throw CSVReadFailure.lastSystemError("cannot be read") }
    }

    /// Reads up to `count` bytes of the file onto the end of `buffer`.
    private func readDirectly(into buffer: CSVBuffer, count: Int) throws {
        buffer.reserve(buffer.count + count)
        let n = buffer.read(from: fileDescriptor, maximum: count)
        if n == 0 { endOfFile = true }
        if n < 0 { throw CSVReadFailure.lastSystemError("cannot be read") }
    }

    // MARK: - Deciding the encoding

    /// Decides at the first non-ASCII byte, `raw[rawStart]`, once the window after it is read.
    private func decide() throws {
        while raw.count - rawStart < Self.decisionWindow && !endOfFile {
            try readBlock()
        }
        var windowEnd = min(raw.count, rawStart + Self.decisionWindow)
        if let lineEnd = raw.bytes.firstIndex(of: CSVByte.lineFeed, from: rawStart, to: windowEnd) {
            windowEnd = lineEnd
        }
        if UTF8Validation.isValidAllowingTruncatedEnd(raw.bytes, from: rawStart, to: windowEnd) {
            mode = .utf8
        } else {
            guard let c = iconv_open("UTF-8", "GB18030"), c != iconv_t(bitPattern: -1) else {
                throw CSVReadFailure.lastSystemError("looks like GB18030, which iconv cannot decode here")
            }
            converter = c
            mode = .gb18030
        }
    }

    /// The offset of the first byte ≥ 0x80 in `start..<end`, or `end`.
    static func firstNonASCII(_ p: CSVBytes, from start: Int, to end: Int) -> Int {
        var i = start
        while i + 8 <= end, p.word(at: i) & 0x8080_8080_8080_8080 == 0 { i += 8 }
        while i < end, p[i] < 0x80 { i += 1 }
        return i
    }

    // MARK: - GB18030

    /// Converts what `raw` holds into `buffer`, writing at most up to `limit`.
    private func convert(into buffer: CSVBuffer, limit: Int, invalid: inout [Int]) throws {
        let (end, result, error) = buffer.appendConverting(raw, from: rawStart, with: converter, limit: limit)
        rawStart = end
        guard result == -1 else { return }
        switch error {
        case E2BIG:
            return
        case EINVAL where !endOfFile:
            // A character cut by the end of the block: read on.
            try readBlock()
        case EINVAL, EILSEQ:
            // A byte that starts no GB18030 character, or a character cut by the end of the file.
            invalid.append(buffer.count)
            // U+FFFD.
            buffer.append(0xEF)
            buffer.append(0xBF)
            buffer.append(0xBD)
            rawStart += 1
        default:
            throw CSVReadFailure(message: "cannot be decoded as GB18030: \(String(cString: strerror(error)))")
        }
    }
}
