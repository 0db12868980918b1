import AllotCore
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A plan folder being written, under its hidden staging name in the locked
/// outputs folder (``PlanPublisher/stage(planDate:under:)``): the copy of the
/// night's inputs goes in first, as the inputs are read, the plan files when
/// they are rendered, and ``PlanPublisher/publish(files:staged:)`` puts it in
/// place. A run that fails before that calls ``discard()``.
public final class PlanStaging {
    let lock: OutputLock
    let planDate: CalendarDate
    /// The staging folder's name in the outputs folder.
    let name: String
    let folder: DirectoryHandle
    let removedLeftovers: [String]

    init(lock: OutputLock, planDate: CalendarDate, name: String, folder: DirectoryHandle, removedLeftovers: [String]) {
        self.lock = lock
        self.planDate = planDate
        self.name = name
        self.folder = folder
        self.removedLeftovers = removedLeftovers
    }

    /// Writes one input file into `inputs/<path>` of the staging folder and
    /// returns the SHA-256 (hex) of the bytes written.
    ///
    /// `path` mirrors the inputs folder (`feeds/a.csv`, `reference/regions.csv`,
    /// `allot.toml`): each part is one name from the folder's listing, made
    /// relative to the staging folder, never through a link. The file is synced.
    /// - Parameter blocks: hands the file's bytes, block by block, to the writer it is given.
    /// - Throws: ``PublishError`` (a part that is not a plain name: `badFileName`).
    /// - Complexity: O(size of the file); memory one block.
    public func copyInput(path: String,
                          from blocks: (_ write: (ArraySlice<UInt8>) throws -> Void) throws -> Void) throws -> String {
        let parts = path.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        for part in parts where part.isEmpty || part == "." || part == ".." || part.utf8.contains(0) {
            throw PublishError.badFileName(path)
        }
        var directory = try subfolder(InputFileSummary.copyFolder, of: folder)
        for part in parts.dropLast() { directory = try subfolder(part, of: directory) }
        let file = try directory.openFile(named: parts[parts.count - 1], flags: O_WRONLY | O_CREAT | O_EXCL, action: "create")
        var hash = SHA256()
        try blocks { block in
            hash.update(block)
            try file.writeAll(Array(block))
        }
        try file.sync()
        try file.close()
        try directory.sync()
        return hash.finalizeHex()
    }

    /// Removes the staging folder: nothing of it is published.
    public func discard() {
        try? lock.directory.removeTree(named: name)
    }

    /// Subfolder `name` of `parent`, made when it is not there yet.
    private func subfolder(_ name: String, of parent: DirectoryHandle) throws -> DirectoryHandle {
        if try parent.kind(of: name) == nil {
            try parent.createDirectory(named: name)
            try parent.sync()
        }
        return try parent.openDirectory(named: name)
    }
}
