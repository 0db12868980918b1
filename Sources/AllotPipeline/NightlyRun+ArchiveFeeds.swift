import AllotCore
import AllotIngest
import Foundation

// MARK: - Emptying the drop zone (`allot run --archive-feeds`)

extension NightlyPipeline {
    /// After a successful publish, removes from the drop zone each feed the
    /// night read, so the next night starts from an empty `feeds/`. A feed is
    /// removed only when the plan folder's copy (`inputs/feeds/…`) has the
    /// digest the run read it with, and the file still in the drop zone has it
    /// too (`InputFolder.remove(_:ifSHA256:)`): a feed re-sent since it was
    /// read is never lost. Feeds that were not read (refused, unreadable, past
    /// `input_bytes`) stay where they are, for someone to look at.
    /// - Returns: the paths removed, and a line for each feed left in place saying why.
    /// - Complexity: O(total size of the feeds): each is hashed twice more.
    static func archiveFeeds(of run: NightRun, inputs: URL, published: URL) -> (removed: [String], kept: [String]) {
        let folder = InputFolder(inputs)
        var removed = [String](), kept = [String]()
        for feed in run.inputs where feed.role == .feed {
            guard let copyPath = feed.copyPath else {
                kept.append("\(feed.path) was not read tonight: it is left in the drop zone")
                continue
            }
            let copy = published.appendingPathComponent(InputFileSummary.copyFolder).appendingPathComponent(copyPath)
            guard let digest = try? fileSHA256(copy), digest == feed.sha256 else {
                kept.append("\(feed.path) is left in the drop zone: its copy in the plan folder "
                    + "(\(InputFileSummary.copyFolder)/\(copyPath)) is missing or differs")
                continue
            }
            switch folder.remove(feed.path, ifSHA256: feed.sha256) {
            case .removed: removed.append(feed.path)
            case .kept(let reason): kept.append(reason)
            }
        }
        return (removed, kept)
    }

    /// The hex SHA-256 of a file's bytes, read in blocks of 1 MiB.
    static func fileSHA256(_ url: URL) throws -> String {
        let handle = try FileHandle(forReadingFrom: url)
        defer { try? handle.close() }
        var hash = SHA256()
        while let block = try handle.read(upToCount: 1 << 20), !block.isEmpty { hash.update([UInt8](block)) }
        return hash.finalizeHex()
    }
}
