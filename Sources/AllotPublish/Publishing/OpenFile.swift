#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

// The C calls whose names the methods below reuse.
private func systemWrite(_ fd: Int32, _ bytes: UnsafeRawPointer, _ count: Int) -> Int { write(fd, bytes, count) }
private func systemClose(_ fd: Int32) -> Int32 { close(fd) }

/// An open file descriptor and the few calls publishing makes on it:
/// write everything, read everything, sync, `flock`.
///
/// With ``DirectoryHandle``, the only place in publishing that touches raw
/// pointers and `errno`; every failure becomes a ``PublishError`` naming `path`.
final class OpenFile {
    private(set) var fd: Int32
    /// The file's path, for messages only.
    let path: String

    init(fd: Int32, path: String) {
        self.fd = fd
        self.path = path
    }

    deinit { if fd >= 0 { _ = systemClose(fd) } }

    /// Writes every byte at the current offset, through short writes and `EINTR`.
    func writeAll(_ bytes: [UInt8], action: String = "write") throws {
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeBytes { buffer in
                systemWrite(fd, buffer.baseAddress! + offset, buffer.count - offset)
            }
            if written < 0 {
                if errno == EINTR { continue }
                throw PublishError.fileSystem(action: action, path: path, errno: errno)
            }
            offset += written
        }
    }

    /// Everything from offset 0 to the end (at most `limit` bytes).
    func readAll(limit: Int = 1 << 20) throws -> [UInt8] {
        var result = [UInt8]()
        var chunk = [UInt8](repeating: 0, count: 4096)
        while result.count < limit {
            let count = chunk.withUnsafeMutableBytes { buffer in
                pread(fd, buffer.baseAddress!, buffer.count, off_t(result.count))
            }
            if count < 0 {
                if errno == EINTR { continue }
                throw PublishError.fileSystem(action: "read", path: path, errno: errno)
            }
            if count == 0 { break }
            result.append(contentsOf: chunk[0..<count])
        }
        return result
    }

    /// Replaces the file's contents with `bytes` (truncate, then write at offset 0).
    func replaceContents(with bytes: [UInt8]) throws {
        if ftruncate(fd, 0) != 0 { throw PublishError.fileSystem(action: "truncate", path: path, errno: errno) }
        if lseek(fd, 0, SEEK_SET) < 0 { throw PublishError.fileSystem(action: "seek in", path: path, errno: errno) }
        try writeAll(bytes)
    }

    /// `fsync(2)`: the data and the size are on disk when this returns.
    func sync() throws {
        if fsync(fd) != 0 { throw PublishError.fileSystem(action: "sync", path: path, errno: errno) }
    }

    /// `flock(LOCK_EX | LOCK_NB)`: `true` when this descriptor now holds the
    /// lock, `false` when another open file description holds it.
    func tryLockExclusive() throws -> Bool {
        while true {
            if flock(fd, LOCK_EX | LOCK_NB) == 0 { return true }
            switch errno {
            case EINTR: continue
            case EWOULDBLOCK: return false
            default: throw PublishError.fileSystem(action: "lock", path: path, errno: errno)
            }
        }
    }

    /// Closes the descriptor, reporting the error `close(2)` can return (NFS reports late write errors there).
    /// Closing also releases a `flock` this descriptor holds.
    func close() throws {
        guard fd >= 0 else { return }
        let result = systemClose(fd)
        let error = errno
        fd = -1
        if result != 0 && error != EINTR { throw PublishError.fileSystem(action: "close", path: path, errno: error) }
    }
}
