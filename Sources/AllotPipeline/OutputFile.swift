#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import AllotPublish

/// The file a command writes its bytes to (`--out`).
public enum OutputFile {
    /// `--out` names a file in a folder that does not exist: a usage error
    /// (exit 2, ``ExitStatus``), as a wrong `--outputs` is; allot creates no folder for it.
    public struct MissingFolder: Error, CustomStringConvertible, Equatable, Sendable {
        /// The file asked for, as given.
        public var path: String
        /// The folder that is not there, as given.
        public var folder: String

        public var description: String {
            "--out \(path): the folder \(folder) does not exist; create it, or name a file in a folder that exists"
        }
    }

    /// Writes `bytes` to `path`, replacing what is there. `atomically`: into a
    /// hidden file beside it, then renamed over it, so nobody sees half a file.
    /// - Throws: ``MissingFolder`` when the folder `path` names is not there (exit 2);
    ///   `PublishError.fileSystem` naming the path and the system's reason (exit 1, ``ExitStatus``).
    public static func write(_ bytes: [UInt8], to path: String, atomically: Bool) throws {
        let slash = path.lastIndex(of: "/")
        let folder = slash.map { String(path[...$0]) } ?? ""
        let name = slash.map { String(path[path.index(after: $0)...]) } ?? path
        var info = stat()
        if !folder.isEmpty, stat(folder, &info) != 0, errno == ENOENT {
            let shown = folder.count > 1 ? String(folder.dropLast()) : folder
            throw MissingFolder(path: path, folder: shown)
        }
        guard atomically else { return try write(bytes, creating: path, exclusive: false, reportedAs: path) }
        let staging = "\(folder).\(name).\(getpid()).tmp"
        do {
            try write(bytes, creating: staging, exclusive: true, reportedAs: path)
            guard rename(staging, path) == 0 else {
                throw PublishError.fileSystem(action: "replace", path: path, errno: errno)
            }
        } catch {
            unlink(staging)
            throw error
        }
    }

    private static func write(_ bytes: [UInt8], creating path: String, exclusive: Bool,
                              reportedAs shown: String) throws {
        let fd = open(path, O_WRONLY | O_CREAT | O_CLOEXEC | (exclusive ? O_EXCL : O_TRUNC), 0o666)
        guard fd >= 0 else { throw PublishError.fileSystem(action: "write", path: shown, errno: errno) }
        var code = writeAll(bytes, to: fd)
        if close(fd) != 0 && code == 0 { code = errno }
        guard code == 0 else { throw PublishError.fileSystem(action: "write", path: shown, errno: code) }
    }
}

/// Writes all of `bytes` to `fd`; 0, or the `errno` of the write that failed.
private func writeAll(_ bytes: [UInt8], to fd: Int32) -> Int32 {
    bytes.withUnsafeBytes { buffer in
        var offset = 0
        while offset < buffer.count {
            let n = write(fd, buffer.baseAddress! + offset, buffer.count - offset)
            if n > 0 {
                offset += n
            } else if n < 0 && errno == EINTR {
                continue
            } else {
                return n < 0 ? errno : EIO
            }
        }
        return 0
    }
}
