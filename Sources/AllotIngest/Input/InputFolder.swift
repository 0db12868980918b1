import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The inputs folder (SPEC 1), and the one place that decides which input
/// files may be read: `allot.toml`, the reference tables, the feeds and
/// `overrides.csv` are opened here, and the readers take the `InputFile`
/// this hands out, never a path.
///
/// A file may be read when it is a regular file inside the folder
/// (Documentation/Readings.md, "Input files"):
/// - a named pipe, socket, device or folder is refused (`not_a_regular_file`)
///   without being opened, so nothing waits for a writer that never comes;
/// - a symbolic link is followed when its target lies inside the folder
///   (`feeds/today.csv -> archive/0211.csv`) and refused when it leads out
///   (`feeds/passwd.csv -> /etc/passwd`), as is a file reached through a
///   linked folder that leads out: the drop zone never reads the server's files.
///
/// The checks on the path come first, so that no special file is opened.
/// The file is then opened by its resolved path with `O_NOFOLLOW` (a link
/// put there since is not followed) and `O_NONBLOCK` (a pipe put there
/// since does not wait), and the open descriptor has the last word: `fstat`
/// must say regular file and the kernel's name for it must lie inside the
/// folder. A file swapped for a pipe or a link between the checks and the
/// open is refused.
public struct InputFolder: Sendable {
    /// The folder as given (`--inputs`).
    public let url: URL

    public init(_ url: URL) {
        self.url = url
    }

    /// Opens the file at `path`, relative to the folder and `/`-separated.
    /// - Throws: `InputFileError` when it is not there, not a regular file,
    ///   outside the folder, or unreadable.
    public func open(_ path: String) throws(InputFileError) -> InputFile {
        guard let file = try openIfPresent(path) else {
            throw InputFileError(path: path, reason: .unreadable, problem: "cannot be opened: it is not there")
        }
        return file
    }

    /// Opens the file at `path` when there is something by that name; `nil`
    /// when there is nothing. A link whose target is missing is something:
    /// an unreadable file, not an absent one.
    /// - Throws: `InputFileError` as `open(_:)`.
    public func openIfPresent(_ path: String) throws(InputFileError) -> InputFile? {
        try Self.open(url.path + "/" + path, displayPath: path, root: url.path)
    }

    /// Opens a file named on the command line (`--config`, `allot validate FILE…`):
    /// the operator's choice, so links are followed wherever they lead; the
    /// file must still be a regular file. `nil` when nothing is there.
    /// - Parameter displayPath: the file's name in messages and rejects (default: `url.path`).
    /// - Throws: `InputFileError` naming the file as given.
    public static func openNamed(_ url: URL, as displayPath: String? = nil) throws(InputFileError) -> InputFile? {
        let shown = displayPath ?? url.path
        guard let resolved = resolve(url.path) else {
            let code = errno
            if code == ENOENT || code == ENOTDIR { return nil }
            throw .system(shown, "cannot be opened", code)
        }
        let parent = resolved.split(separator: "/", omittingEmptySubsequences: false).dropLast().joined(separator: "/")
        return try open(resolved, displayPath: shown, root: parent.isEmpty ? "/" : parent)
    }

    /// The names in the subfolder `path` (`feeds`), hidden ones (`.`…) left
    /// out, in byte order; none when there is no such folder or it cannot be
    /// listed. Listing opens no file: each is opened with `open(_:)`.
    /// - Throws: `InputFileError` when the subfolder is a link that leads out of the folder.
    public func names(in path: String) throws(InputFileError) -> [String] {
        let candidate = url.path + "/" + path
        guard let root = Self.resolve(url.path), let resolved = Self.resolve(candidate) else { return [] }
        guard Self.lies(resolved, inside: root) else {
            throw InputFileError(path: path, reason: .outsideInputs,
                                 problem: "is a symbolic link to a folder outside the inputs folder")
        }
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: resolved) else { return [] }
        return names.filter { !$0.hasPrefix(".") }
            .sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }
    }

    // MARK: - Opening

    /// Opens `candidate`, which must lie inside the folder `root` once every link is followed.
    private static func open(_ candidate: String, displayPath path: String, root rootPath: String)
        throws(InputFileError) -> InputFile? {
        var entry = stat()
        guard lstat(candidate, &entry) == 0 else {
            let code = errno
            if code == ENOENT || code == ENOTDIR { return nil }
            throw .system(path, "cannot be opened", code)
        }
        let isLink = kind(entry.st_mode) == S_IFLNK
        guard let root = resolve(rootPath) else { throw .system(path, "cannot be opened", errno) }
        guard let resolved = resolve(candidate) else {
            let code = errno
            if isLink && code == ENOENT {
                throw InputFileError(path: path, reason: .unreadable,
                                     problem: "is a symbolic link to a file that is not there")
            }
            if code == ELOOP {
                throw InputFileError(path: path, reason: .unreadable,
                                     problem: "is a symbolic link that leads round in a loop")
            }
            throw .system(path, "cannot be opened", code)
        }
        guard lies(resolved, inside: root) else {
            throw InputFileError(path: path, reason: .outsideInputs, problem: isLink
                ? "is a symbolic link to a file outside the inputs folder"
                : "lies outside the inputs folder: a folder on its path is a symbolic link that leads out")
        }
        var target = stat()
        guard stat(resolved, &target) == 0 else { throw .system(path, "cannot be opened", errno) }
        guard kind(target.st_mode) == S_IFREG else { throw .notARegularFile(path, target.st_mode) }

        let descriptor = systemOpen(resolved, O_RDONLY | O_NONBLOCK | O_NOFOLLOW | O_CLOEXEC | O_NOCTTY)
        guard descriptor >= 0 else {
            let code = errno
            if code == ELOOP || code == ENXIO {
                throw InputFileError(path: path, reason: .notARegularFile,
                                     problem: "was replaced while it was opened, and is not a regular file now")
            }
            throw .system(path, "cannot be opened", code)
        }
        // From here on the open descriptor decides: it cannot be swapped.
        var opened = stat()
        guard fstat(descriptor, &opened) == 0 else {
            let code = errno
            close(descriptor)
            throw .system(path, "cannot be read", code)
        }
        guard kind(opened.st_mode) == S_IFREG else {
            close(descriptor)
            throw .notARegularFile(path, opened.st_mode)
        }
        if let name = name(of: descriptor), !lies(name, inside: root) {
            close(descriptor)
            throw InputFileError(path: path, reason: .outsideInputs,
                                 problem: "was replaced while it was opened by a file outside the inputs folder")
        }
        // A regular file's reads never wait long; no reader expects EAGAIN.
        let flags = fcntl(descriptor, F_GETFL)
        if flags >= 0 { _ = fcntl(descriptor, F_SETFL, flags & ~O_NONBLOCK) }
        return InputFile(descriptor: descriptor, path: path, size: Int(opened.st_size),
                         modified: InputFile.nanoseconds(opened))
    }

    /// `path` with every link followed and `.`, `..` and repeated `/` gone (`realpath`);
    /// `nil` with `errno` set when some part is missing or unreadable.
    private static func resolve(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }

    /// Whether the resolved path `path` is `root` or lies under it.
    private static func lies(_ path: String, inside root: String) -> Bool {
        root == "/" || path == root || path.hasPrefix(root + "/")
    }

    /// The kernel's own name for the file open as `descriptor`: where it
    /// lies now, whatever path opened it. `nil` where the system does not
    /// say (no `/proc`); the checks of the path before the open then stand alone.
    private static func name(of descriptor: Int32) -> String? {
        #if os(Linux)
        var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        let count = readlink("/proc/self/fd/\(descriptor)", &buffer, buffer.count - 1)
        guard count > 0 else { return nil }
        let name = String(decoding: buffer[..<count].map { UInt8(bitPattern: $0) }, as: UTF8.self)
        // A file removed since it was opened keeps its name with this suffix.
        return name.hasSuffix(" (deleted)") ? String(name.dropLast(" (deleted)".count)) : name
        #else
        var buffer = [CChar](repeating: 0, count: Int(MAXPATHLEN))
        guard fcntl(descriptor, F_GETPATH, &buffer) == 0 else { return nil }
        return String(cString: buffer)
        #endif
    }

    private static func kind(_ mode: mode_t) -> mode_t { mode & S_IFMT }
}

/// The system's `open`, which `InputFolder.open` hides inside the type.
private func systemOpen(_ path: String, _ flags: Int32) -> Int32 {
    open(path, flags)
}

// MARK: - Errors

extension InputFileError {
    /// A file that is not a regular file, named by its kind.
    fileprivate static func notARegularFile(_ path: String, _ mode: mode_t) -> InputFileError {
        let what: String
        switch mode & S_IFMT {
        case S_IFIFO: what = "a named pipe"
        case S_IFSOCK: what = "a socket"
        case S_IFDIR: what = "a folder"
        case S_IFCHR: what = "a character device"
        case S_IFBLK: what = "a block device"
        case S_IFLNK: what = "a symbolic link"
        default: what = "a special file"
        }
        return InputFileError(path: path, reason: .notARegularFile, problem: "is \(what), not a regular file")
    }

    /// The failure of a system call, as `strerror` words it.
    fileprivate static func system(_ path: String, _ action: String, _ code: Int32) -> InputFileError {
        InputFileError(path: path, reason: .unreadable, problem: "\(action): \(String(cString: strerror(code)))")
    }
}

// MARK: - Removing a consumed feed (`allot run --archive-feeds`)

extension InputFolder {
    /// What became of a file asked to be removed.
    public enum Removal: Equatable, Sendable {
        case removed
        /// Left in place; the text says why.
        case kept(String)
    }

    /// Removes the file at `path` (relative, `/`-separated) when its bytes are
    /// still those whose SHA-256 is `sha256`: opened through the same checks
    /// as for reading, hashed from that descriptor, and unlinked only when the
    /// digest agrees, the file was not modified while it was hashed and the
    /// name still names the file hashed. A file written to since the run read
    /// it (a county re-sending it) is kept. A link in the drop zone is removed
    /// as a link: the file it leads to stays.
    ///
    /// A writer that still holds the file open after the check may still
    /// write to it; writers are asked to write under another name and rename
    /// into place (Documentation/Operations.md, "The drop zone").
    /// - Complexity: O(size) to hash the file.
    public func remove(_ path: String, ifSHA256 sha256: String) -> Removal {
        let file: InputFile
        do { file = try open(path) } catch { return .kept("\(error.path) \(error.explained("feeds must be files"))") }
        guard let digest = file.sha256() else { return .kept("\(path) could not be read again to check its digest") }
        guard digest == sha256, !file.changedSinceOpened else {
            return .kept("\(path) has changed since this run read it (SHA-256 \(digest.prefix(12))…, "
                + "read as \(sha256.prefix(12))…): it is left for the next night")
        }
        let full = url.appendingPathComponent(path).path
        var named = stat(), opened = stat()
        guard stat(full, &named) == 0, fstat(file.descriptor, &opened) == 0,
              named.st_dev == opened.st_dev, named.st_ino == opened.st_ino else {
            return .kept("\(path) was replaced by another file while it was checked: it is left for the next night")
        }
        guard unlink(full) == 0 else {
            return .kept("\(path) cannot be removed: \(String(cString: strerror(errno)))")
        }
        return .removed
    }
}
