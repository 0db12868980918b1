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
    /// The modification time `fstat` gave when the file was opened, in nanoseconds since 1970.
    let modified: Int64?

    /// For `InputFolder` alone, with a descriptor it has checked.
    init(descriptor: Int32, path: String, size: Int, modified: Int64? = nil) {
        self.descriptor = descriptor
        self.path = path
        self.size = size
        self.modified = modified
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

    /// Hands each block of the file, from its start, to `body`, read from
    /// this descriptor (`pread`, leaving a reader's position where it was):
    /// how the plan folder's copy of the inputs is made.
    /// - Throws: `InputFileError` when the system cannot read the file, or what `body` throws.
    /// - Complexity: O(size), in blocks of 1 MiB.
    public func readBlocks(_ body: (ArraySlice<UInt8>) throws -> Void) throws {
        var failure: Error?
        try forEachBlock { block in
            guard failure == nil else { return }
            do { try body(block) } catch { failure = error }
        }
        if let failure { throw failure }
    }

    /// Whether the file's size or modification time differs from what they were
    /// when it was opened: someone wrote to it (in place) while the night read it.
    public var changedSinceOpened: Bool {
        var now = stat()
        guard fstat(descriptor, &now) == 0 else { return true }
        return Int(now.st_size) != size || InputFile.nanoseconds(now) != modified
    }

    /// A `stat`'s modification time in nanoseconds since 1970.
    static func nanoseconds(_ info: stat) -> Int64 {
        #if os(Linux)
        return Int64(info.st_mtim.tv_sec) * 1_000_000_000 + Int64(info.st_mtim.tv_nsec)
        #else
        return Int64(info.st_mtimespec.tv_sec) * 1_000_000_000 + Int64(info.st_mtimespec.tv_nsec)
        #endif
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
