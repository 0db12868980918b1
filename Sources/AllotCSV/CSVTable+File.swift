#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

// MARK: - Reading a UTF-8 file

extension CSVTable {
    /// Reads a whole UTF-8 CSV file, its byte order mark dropped: the files
    /// allot writes itself. Rows that are not UTF-8 are `.invalidEncoding`;
    /// inputs, which may be GB18030, are AllotIngest's `CSVFile`.
    /// - Throws: `CSVFileError` when the file cannot be opened or read, or is UTF-16.
    /// - Complexity: O(file size); every field becomes a `String`.
    public static func read(utf8File path: String) throws -> CSVTable {
        var bytes = try WholeFile.contents(of: path)
        if bytes.count >= 2 && (bytes[0] == 0xFF && bytes[1] == 0xFE || bytes[0] == 0xFE && bytes[1] == 0xFF) {
            throw CSVFileError(path: path,
                               message: "is UTF-16 text (it starts with a UTF-16 byte order mark); save it as UTF-8")
        }
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }
        var reader = CSVRowReader()
        bytes.withUnsafeBufferPointer { reader.read($0) }
        return reader.table
    }
}

/// A file read whole with the system's calls, so a failure names its reason as `strerror` does.
private enum WholeFile {
    /// Bytes asked of the system at a time.
    static let blockSize = 1 << 16

    static func contents(of path: String) throws -> [UInt8] {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw failure(path, "cannot be opened") }
        defer { close(fd) }
        var bytes = [UInt8]()
        var block = [UInt8](repeating: 0, count: blockSize)
        while true {
            let n = block.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if n > 0 {
                bytes.append(contentsOf: block[..<n])
            } else if n == 0 {
                return bytes
            } else if errno != EINTR {
                throw failure(path, "cannot be read")
            }
        }
    }

    private static func failure(_ path: String, _ action: String) -> CSVFileError {
        CSVFileError(path: path, message: "\(action): \(String(cString: strerror(errno)))")
    }
}
