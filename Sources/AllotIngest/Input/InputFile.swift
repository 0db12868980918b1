import AllotCore
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// An input file as `InputFolder` opened it: a regular file inside the inputs
/// folder, checked on its open descriptor. Readers take this, never a path,
/// so no reader can open what the folder refuses.
///
/// Only `InputFolder` makes one (an architecture test holds every other file
/// of the module to that). The descriptor closes with the last reference.
public final class InputFile: Sendable {
    /// Relative to the inputs folder, `/`-separated: how rejects and the
    /// manifest name the file.
    public let path: String
    /// Open for reading; blocking reads (a regular file's never wait long).
    let descriptor: Int32
    /// The size `fstat` gave when the file was opened.
    public let size: Int

    /// For `InputFolder` alone, with a descriptor it has checked.
    init(descriptor: Int32, path: String, size: Int) {
        self.descriptor = descriptor
        self.path = path
        self.size = size
    }

    deinit { close(descriptor) }

    /// The file's name without its extension: a CSV feed's source (SPEC 4).
    public var baseName: String {
        let name = path.split(separator: "/").last.map(String.init) ?? path
        guard let dot = name.lastIndex(of: "."), dot != name.startIndex else { return name }
        return String(name[..<dot])
    }

    /// The file's extension, lower-cased (`csv`, `xml`), empty when it has none.
    public var pathExtension: String {
        let name = path.split(separator: "/").last.map(String.init) ?? path
        guard let dot = name.lastIndex(of: "."), dot != name.startIndex else { return "" }
        return name[name.index(after: dot)...].lowercased()
    }

    // MARK: - Whole-file reads

    /// Bytes read at a time by `bytes()` and `sha256()`.
    static let blockSize = 1 << 20

    /// The whole file, read from its start (for small files: the policy).
    /// - Throws: `InputFileError` (`.unreadable`) when the system cannot read it.
    public func bytes() throws(InputFileError) -> [UInt8] {
        var out = [UInt8]()
        out.reserveCapacity(size)
        try forEachBlock { out.append(contentsOf: $0) }
        return out
    }

    /// The hex SHA-256 of the file's bytes, for the manifest (SPEC 9): read
    /// from this descriptor, so it is the digest of the file the readers read.
    /// Reads with `pread`, leaving a reader's position where it was.
    /// `nil` when the system cannot read it.
    /// - Complexity: O(size), in blocks of 1 MiB.
    public func sha256() -> String? {
        var hash = SHA256()
        do { try forEachBlock { hash.update($0) } } catch { return nil }
        return hash.finalizeHex()
    }

    /// Hands each block of the file, from its start, to `body`.
    private func forEachBlock(_ body: (ArraySlice<UInt8>) -> Void) throws(InputFileError) {
        var block = [UInt8](repeating: 0, count: Self.blockSize)
        var offset = 0
        while true {
            let n = block.withUnsafeMutableBytes { pread(descriptor, $0.baseAddress, $0.count, off_t(offset)) }
            if n > 0 {
                body(block[..<n])
                offset += n
            } else if n == 0 {
                return
            } else if errno != EINTR {
                throw InputFileError(path: path, reason: .unreadable,
                                     problem: "cannot be read: \(String(cString: strerror(errno)))")
            }
        }
    }
}
