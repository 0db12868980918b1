#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

// The C calls whose names the methods below reuse.
private func systemOpen(_ path: String, _ flags: Int32) -> Int32 { open(path, flags) }
private func systemSymlink(_ target: String, _ directory: Int32, _ name: String) -> Int32 {
    symlinkat(target, directory, name)
}

/// An open directory and the system calls publishing makes inside it.
///
/// Every call names its entry relative to the open descriptor (`openat`,
/// `renameat`, `unlinkat`...), so a folder renamed or replaced under its
/// path mid-run cannot send files anywhere else. With ``OpenFile``, the only
/// place in publishing that touches raw pointers and `errno`; every failure
/// becomes a ``PublishError`` naming the full path.
final class DirectoryHandle {
    let fd: Int32
    /// The directory's path, for messages only.
    let path: String

    private init(fd: Int32, path: String) {
        self.fd = fd
        self.path = path
    }

    deinit { _ = close(fd) }

    /// Opens an existing directory by path.
    static func open(path: String) throws -> DirectoryHandle {
        let fd = systemOpen(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if fd < 0 { throw PublishError.fileSystem(action: "open the folder", path: path, errno: errno) }
        return DirectoryHandle(fd: fd, path: path)
    }

    /// `path/name`, for messages.
    func path(of name: String) -> String { path.hasSuffix("/") ? path + name : path + "/" + name }

    // MARK: - Entries

    /// What an entry is, without following a symbolic link.
    enum EntryKind: Equatable {
        case directory, symbolicLink, other
    }

    /// The kind of entry `name`, or `nil` when there is none.
    func kind(of name: String) throws -> EntryKind? {
        var info = stat()
        if fstatat(fd, name, &info, AT_SYMLINK_NOFOLLOW) != 0 {
            if errno == ENOENT { return nil }
            throw PublishError.fileSystem(action: "look at", path: path(of: name), errno: errno)
        }
        switch info.st_mode & S_IFMT {
        case S_IFDIR: return .directory
        case S_IFLNK: return .symbolicLink
        default: return .other
        }
    }

    /// The names in this directory, without `.` and `..`; names that are not
    /// valid UTF-8 are left out (allot never makes one).
    /// - Complexity: O(n) in the number of entries.
    func entryNames() throws -> [String] {
        try rawEntryNames().compactMap { raw in raw.withUnsafeBufferPointer { String(validatingCString: $0.baseAddress!) } }
    }

    /// The names in this directory as NUL-terminated bytes, without `.` and `..`.
    private func rawEntryNames() throws -> [[CChar]] {
        // fdopendir takes the descriptor it is given: give it a duplicate.
        let copy = dup(fd)
        if copy < 0 { throw PublishError.fileSystem(action: "list", path: path, errno: errno) }
        guard let stream = fdopendir(copy) else {
            let error = errno
            _ = close(copy)
            throw PublishError.fileSystem(action: "list", path: path, errno: error)
        }
        defer { closedir(stream) }
        rewinddir(stream)
        var names = [[CChar]]()
        while true {
            errno = 0
            guard let entry = readdir(stream) else {
                if errno != 0 { throw PublishError.fileSystem(action: "list", path: path, errno: errno) }
                return names
            }
            var raw = withUnsafeBytes(of: entry.pointee.d_name) { bytes in
                Array(bytes.bindMemory(to: CChar.self).prefix { $0 != 0 })
            }
            if raw == [46] || raw == [46, 46] { continue }   // "." and ".."
            raw.append(0)
            names.append(raw)
        }
    }

    /// The text of symbolic link `name`, or `nil` when there is no entry or it is not a link.
    func linkTarget(of name: String) throws -> String? {
        var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        let count = readlinkat(fd, name, &buffer, buffer.count - 1)
        if count < 0 {
            if errno == ENOENT || errno == EINVAL { return nil }
            throw PublishError.fileSystem(action: "read the link", path: path(of: name), errno: errno)
        }
        return String(decoding: buffer[0..<count].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    // MARK: - Creating

    /// Creates directory `name` (mode 0777 less the umask); fails when the name is taken.
    func createDirectory(named name: String, action: String = "create the folder") throws {
        if mkdirat(fd, name, 0o777) != 0 { throw PublishError.fileSystem(action: action, path: path(of: name), errno: errno) }
    }

    /// Opens directory `name`, not following a symbolic link.
    func openDirectory(named name: String) throws -> DirectoryHandle {
        let child = openat(fd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
        if child < 0 { throw PublishError.fileSystem(action: "open the folder", path: path(of: name), errno: errno) }
        return DirectoryHandle(fd: child, path: path(of: name))
    }

    /// Opens file `name` with `flags` (`O_CLOEXEC` and `O_NOFOLLOW` are added), creating it with mode 0666 less the umask.
    func openFile(named name: String, flags: Int32, action: String = "open") throws -> OpenFile {
        let file = openat(fd, name, flags | O_CLOEXEC | O_NOFOLLOW, 0o666)
        if file < 0 { throw PublishError.fileSystem(action: action, path: path(of: name), errno: errno) }
        return OpenFile(fd: file, path: path(of: name))
    }

    /// Creates file `name` (it must not exist), writes `bytes`, syncs and closes it.
    /// - Parameter injected: test only (``PublishFault``): the write fails half-way with this `errno`.
    func writeNewFile(named name: String, bytes: [UInt8], failingWith injected: Int32? = nil) throws {
        let file = try openFile(named: name, flags: O_WRONLY | O_CREAT | O_EXCL, action: "create")
        if let injected {
            try file.writeAll(Array(bytes.prefix(bytes.count / 2)))
            throw PublishError.fileSystem(action: "write", path: file.path, errno: injected)
        }
        try file.writeAll(bytes)
        try file.sync()
        try file.close()
    }

    /// The contents of file `name`, or `nil` when there is none.
    func readFile(named name: String) throws -> [UInt8]? {
        let file: OpenFile
        do { file = try openFile(named: name, flags: O_RDONLY, action: "read") } catch PublishError.fileSystem(_, _, ENOENT) {
            return nil
        }
        return try file.readAll()
    }

    /// Creates symbolic link `name` whose text is `target`.
    func createSymbolicLink(named name: String, target: String) throws {
        if systemSymlink(target, fd, name) != 0 {
            throw PublishError.fileSystem(action: "create the link", path: path(of: name), errno: errno)
        }
    }

    // MARK: - Renaming and removing

    /// `renameat(2)` within this directory: atomically replaces `newName` when it is a file or a link.
    func rename(_ oldName: String, to newName: String) throws {
        if renameat(fd, oldName, fd, newName) != 0 {
            throw PublishError.fileSystem(action: "rename \(path(of: oldName)) to", path: path(of: newName), errno: errno)
        }
    }

    /// Renames `oldName` to `newName`, failing with `EEXIST` when `newName` exists
    /// (`renameat2(RENAME_NOREPLACE)`; `renameat` where that is missing).
    func renameWithoutReplacing(_ oldName: String, to newName: String) throws {
        guard let renameat2 = LinuxRename.renameat2 else { return try rename(oldName, to: newName) }
        if renameat2(fd, oldName, fd, newName, LinuxRename.noReplace) != 0 {
            throw PublishError.fileSystem(action: "rename \(path(of: oldName)) to", path: path(of: newName), errno: errno)
        }
    }

    /// Swaps entries `a` and `b` atomically (`renameat2(RENAME_EXCHANGE)`): at no
    /// moment does either name stand empty. Fails with `ENOSYS` where the C
    /// library has no `renameat2`, `EINVAL` where the file system cannot exchange.
    func exchange(_ a: String, _ b: String) throws {
        let action = "exchange \(path(of: a)) with"
        guard let renameat2 = LinuxRename.renameat2 else {
            throw PublishError.fileSystem(action: action, path: path(of: b), errno: ENOSYS)
        }
        if renameat2(fd, a, fd, b, LinuxRename.exchange) != 0 {
            throw PublishError.fileSystem(action: action, path: path(of: b), errno: errno)
        }
    }

    /// Removes file or link `name`.
    func removeFile(named name: String) throws {
        if unlinkat(fd, name, 0) != 0 { throw PublishError.fileSystem(action: "remove", path: path(of: name), errno: errno) }
    }

    /// Removes `name` and, when it is a directory, everything in it, never
    /// following a symbolic link. Nothing to remove is no error.
    /// - Complexity: O(n) in the entries under `name`.
    func removeTree(named name: String) throws {
        try removeTree(raw: Array(name.utf8CString), shownAs: path(of: name))
    }

    private func removeTree(raw name: [CChar], shownAs shown: String) throws {
        if unlinkat(fd, name, 0) == 0 { return }
        switch errno {
        case ENOENT: return
        case EISDIR, EPERM: break   // a directory (Linux says EISDIR, POSIX allows EPERM)
        default: throw PublishError.fileSystem(action: "remove", path: shown, errno: errno)
        }
        let child = openat(fd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
        if child < 0 {
            // EPERM on a file we may not unlink: report the first error, not ENOTDIR.
            throw PublishError.fileSystem(action: "remove", path: shown, errno: errno == ENOTDIR ? EPERM : errno)
        }
        let directory = DirectoryHandle(fd: child, path: shown)
        for entry in try directory.rawEntryNames() {
            let entryShown = directory.path(of: String(decoding: entry.dropLast().map { UInt8(bitPattern: $0) }, as: UTF8.self))
            try directory.removeTree(raw: entry, shownAs: entryShown)
        }
        if unlinkat(fd, name, AT_REMOVEDIR) != 0 && errno != ENOENT {
            throw PublishError.fileSystem(action: "remove the folder", path: shown, errno: errno)
        }
    }

    // MARK: - Metrics lock

    /// `flock(LOCK_EX)` on this directory's own descriptor, waiting for it: held by a
    /// run only while it replaces `allot.prom`. Not the outputs lock (`.allot.lock`),
    /// which a refused run cannot take.
    func lockForMetrics() throws {
        while flock(fd, LOCK_EX) != 0 {
            if errno != EINTR { throw PublishError.fileSystem(action: "lock", path: path, errno: errno) }
        }
    }

    func unlockForMetrics() { _ = flock(fd, LOCK_UN) }

    // MARK: - Durability

    /// `fsync(2)` on the directory: the entries created, renamed and removed in it are on disk.
    func sync() throws {
        if fsync(fd) != 0 { throw PublishError.fileSystem(action: "sync the folder", path: path, errno: errno) }
    }

    /// Whether this process may create and remove entries here (`faccessat` with the effective ids).
    /// Root passes on any writable mount; a read-only mount fails with `EROFS`.
    func checkWritable() throws {
        if faccessat(fd, ".", W_OK | X_OK, AT_EACCESS) != 0 {
            throw PublishError.fileSystem(action: "write in the outputs folder", path: path, errno: errno)
        }
    }
}

/// `renameat2(2)`, which Swift's Glibc module does not export on this system
/// (glibc has it since 2.28 behind `_GNU_SOURCE`): looked up once with `dlsym`.
/// `syscall(2)` is variadic, so Swift cannot call it.
enum LinuxRename {
    typealias Function = @convention(c) (Int32, UnsafePointer<CChar>?, Int32, UnsafePointer<CChar>?, UInt32) -> Int32

    /// `nil` where the C library has no `renameat2`.
    static let renameat2: Function? = {
        guard let program = dlopen(nil, RTLD_NOW), let symbol = dlsym(program, "renameat2") else { return nil }
        return unsafeBitCast(symbol, to: Function.self)
    }()

    /// `RENAME_NOREPLACE` and `RENAME_EXCHANGE` from `<linux/fs.h>`.
    static let noReplace: UInt32 = 1 << 0
    static let exchange: UInt32 = 1 << 1
}
