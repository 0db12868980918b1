import AllotCore
import Foundation

/// An exclusive lock on an outputs folder: one run at a time publishes,
/// prunes and cleans up there (SPEC 11, exit 4).
///
/// `flock(2)` on `Outputs/.allot.lock`, non-blocking: a second acquirer fails
/// at once with ``PublishError/locked(outputs:holder:)`` naming the holder's
/// pid and start time, which the holder writes into the lock file. The kernel
/// releases the lock when the holding process ends in any way, `kill -9`
/// included, so a crashed run never leaves a stale lock; the file itself stays.
/// Locks are per open file description: a second acquire in the same process fails too.
///
/// Acquiring creates the outputs folder when it is missing (its parent must
/// exist) and checks that the folder is writable, so an unusable outputs
/// folder fails the run before any work, naming the path and the reason.
public final class OutputLock {
    /// Who holds a lock, as written in the lock file.
    public struct Holder: Hashable, Sendable {
        public var pid: Int32
        /// When the holder acquired the lock, to the second.
        public var startedAt: Instant

        public init(pid: Int32, startedAt: Instant) {
            self.pid = pid
            self.startedAt = startedAt
        }
    }

    /// The lock file's name inside the outputs folder.
    public static let lockFileName = ".allot.lock"

    /// The outputs folder, as given.
    public let outputs: URL
    /// This process, and when it acquired the lock.
    public let holder: Holder
    /// The outputs folder, open: everything done under the lock works relative to it.
    let directory: DirectoryHandle
    private var file: OpenFile?

    private init(outputs: URL, holder: Holder, directory: DirectoryHandle, file: OpenFile) {
        self.outputs = outputs
        self.holder = holder
        self.directory = directory
        self.file = file
    }

    deinit { release() }

    /// The lock file's URL.
    public var lockFile: URL { outputs.appendingPathComponent(OutputLock.lockFileName) }

    /// Whether this lock is still held (``release()`` not yet called).
    public var isHeld: Bool { file != nil }

    /// Takes the lock on `outputs`, creating the folder when it is missing.
    ///
    /// - Parameter startedAt: the start time written for others to read (default: now).
    /// - Throws: ``PublishError/locked(outputs:holder:)`` when another run holds it;
    ///   ``PublishError/fileSystem(action:path:errno:)`` when the folder cannot be
    ///   created, opened or written.
    /// - Parameter fault: test only; `outputs:eacces` and the like make the writable check fail (``PublishFault``).
    public static func acquire(outputs: URL, startedAt: Instant? = nil, fault: PublishFault? = nil) throws -> OutputLock {
        let path = outputs.path
        if mkdir(path, 0o777) == 0 {
            // The new folder's entry in its parent should survive a power cut too.
            if let parent = try? DirectoryHandle.open(path: outputs.deletingLastPathComponent().path) { try? parent.sync() }
        } else if errno != EEXIST {
            throw PublishError.fileSystem(action: "create the outputs folder", path: path, errno: errno)
        }
        let directory = try DirectoryHandle.open(path: path)
        if let code = fault?.failure(at: .outputs) {
            throw PublishError.fileSystem(action: "write in the outputs folder", path: path, errno: code)
        }
        try directory.checkWritable()
        let file = try directory.openFile(named: lockFileName, flags: O_RDWR | O_CREAT, action: "open the lock file")
        guard try file.tryLockExclusive() else {
            throw PublishError.locked(outputs: path, holder: readHolder(from: file))
        }
        let seconds = (startedAt ?? SystemClock.now()).microsecondsSinceEpoch / 1_000_000
        let holder = Holder(pid: getpid(), startedAt: Instant(microsecondsSinceEpoch: seconds * 1_000_000))
        try file.replaceContents(with: Array(holder.fileText.utf8))
        return OutputLock(outputs: outputs, holder: holder, directory: directory, file: file)
    }

    /// Empties the lock file and releases the lock; does nothing the second time.
    /// Ending the process releases it as well.
    public func release() {
        guard let file else { return }
        try? file.replaceContents(with: [])
        try? file.close()
        self.file = nil
    }

    /// The holder another process wrote, waiting briefly for one that has
    /// locked but not yet written (a few milliseconds at most). Lines naming a
    /// process that is gone are a crashed run's, not the holder's: `nil`.
    private static func readHolder(from file: OpenFile) -> Holder? {
        for attempt in 0..<holderReadAttempts {
            if attempt > 0 { usleep(holderReadPauseMicroseconds) }
            if let bytes = try? file.readAll(limit: 4096), let holder = Holder(fileText: String(decoding: bytes, as: UTF8.self)),
               kill(holder.pid, 0) == 0 || errno == EPERM {
                return holder
            }
        }
        return nil
    }

    /// 20 × 5 ms: a holder writes its line right after `flock` returns.
    private static let holderReadAttempts = 20
    private static let holderReadPauseMicroseconds: useconds_t = 5_000
}

// MARK: - Lock file text

extension OutputLock.Holder: CustomStringConvertible {
    /// `pid 4242, started 2020-02-10T17:30:00Z`.
    public var description: String { "pid \(pid), started \(startedAt)" }

    /// The lock file's contents: `pid=4242` and `started=2020-02-10T17:30:00Z`, one a line.
    var fileText: String { "pid=\(pid)\nstarted=\(startedAt)\n" }

    /// Reads ``fileText``; `nil` when either line is missing or malformed.
    init?(fileText: String) {
        var pid: Int32?
        var started: Instant?
        for line in fileText.split(separator: "\n") {
            if line.hasPrefix("pid=") { pid = Int32(line.dropFirst(4)) }
            if line.hasPrefix("started=") { started = Instant(utcText: line.dropFirst(8)) }
        }
        guard let pid, pid > 0, let started else { return nil }
        self.init(pid: pid, startedAt: started)
    }
}

extension Instant {
    /// Reads `YYYY-MM-DDTHH:MM:SSZ`, the whole-second form of ``description``.
    init?(utcText text: Substring) {
        let bytes = Array(text.utf8)
        guard bytes.count == 20, bytes[10] == UInt8(ascii: "T"), bytes[13] == UInt8(ascii: ":"),
              bytes[16] == UInt8(ascii: ":"), bytes[19] == UInt8(ascii: "Z"),
              let date = CalendarDate(iso: String(decoding: bytes[0..<10], as: UTF8.self)),
              let hour = Int(String(decoding: bytes[11..<13], as: UTF8.self)), (0..<24).contains(hour),
              let minute = Int(String(decoding: bytes[14..<16], as: UTF8.self)), (0..<60).contains(minute),
              let second = Int(String(decoding: bytes[17..<19], as: UTF8.self)), (0..<60).contains(second)
        else { return nil }
        let seconds = Int64(date.dayNumber) * 86_400 + Int64(hour * 3600 + minute * 60 + second)
        self.init(microsecondsSinceEpoch: seconds * 1_000_000)
    }
}
