import AllotCore
import Foundation

/// What an outputs folder holds (SPEC 1): one folder per plan date named
/// `YYYY-MM-DD`, and `latest`, a relative symbolic link to the newest.
///
/// Every other name there is allot's own bookkeeping (`.allot.lock`,
/// `allot.prom`, hidden staging folders) or someone else's, and is never a plan.
public enum PublishedPlans {
    /// The link to the newest plan folder.
    public static let latestName = "latest"

    /// The folder name of a plan date: `2020-02-11`.
    public static func folderName(for date: CalendarDate) -> String { date.description }

    /// The plan date a folder name stands for: exactly `YYYY-MM-DD`, a real day; `nil` otherwise.
    public static func date(fromFolderName name: String) -> CalendarDate? { CalendarDate(iso: name) }

    /// The dates of the plan folders in `outputs`, oldest first.
    /// - Complexity: O(n log n) in the entries of `outputs`.
    public static func dates(in outputs: URL) throws -> [CalendarDate] {
        try dates(in: DirectoryHandle.open(path: outputs.path))
    }

    /// The plan date `latest` points at, or `nil` when there is no such link
    /// or its text is not a plan folder name.
    public static func latestDate(in outputs: URL) throws -> CalendarDate? {
        try latestDate(in: DirectoryHandle.open(path: outputs.path))
    }

    static func dates(in directory: DirectoryHandle) throws -> [CalendarDate] {
        var dates = [CalendarDate]()
        for name in try directory.entryNames() {
            guard let date = date(fromFolderName: name), try directory.kind(of: name) == .directory else { continue }
            dates.append(date)
        }
        return dates.sorted()
    }

    static func latestDate(in directory: DirectoryHandle) throws -> CalendarDate? {
        guard var target = try directory.linkTarget(of: latestName) else { return nil }
        if target.hasPrefix("./") { target.removeFirst(2) }
        if target.hasSuffix("/") { target.removeLast() }
        return date(fromFolderName: target)
    }
}
