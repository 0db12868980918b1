import AllotCore
import Foundation

/// One published plan folder, `Outputs/<plan date>/` (SPEC 1, 9), found by
/// its date: what `allot export`, `allot diff`, `allot explain` and the
/// report's "since the previous plan" read.
public struct PlanFolder: Hashable, Sendable {
    /// The plan date the folder is named after.
    public var date: CalendarDate
    /// `<outputs>/<date>`.
    public var url: URL

    public init(date: CalendarDate, url: URL) {
        self.date = date
        self.url = url
    }

    /// The folder's name (`2020-02-11`).
    public var name: String { PublishedPlans.folderName(for: date) }
}

// MARK: - Finding a plan

extension PlanFolder {
    /// The plan folder of `date` in `outputs`, or with `date` `nil` the
    /// newest published plan (SPEC 10: `--date` defaults to the newest).
    /// The newest is the latest date among the folders, not `latest`'s
    /// target: the two agree after every publish, and a folder is the plan.
    /// - Throws: `PlanFolderError` when the outputs folder holds no plan, or
    ///   none for `date` (SPEC 11: exit status 2), or cannot be read (3).
    /// - Complexity: O(n log n) in the entries of `outputs`.
    public static func locate(outputs: URL, date: CalendarDate? = nil) throws -> PlanFolder {
        let dates = try publishedDates(in: outputs)
        guard let newest = dates.last else { throw PlanFolderError.noPlans(outputs: outputs.path) }
        guard let date else { return PlanFolder(date: newest, outputs: outputs) }
        guard dates.contains(date) else {
            throw PlanFolderError.noPlanForDate(date, outputs: outputs.path, published: dates)
        }
        return PlanFolder(date: date, outputs: outputs)
    }

    /// The newest plan folder dated before `date`, or `nil` when there is
    /// none (the first night): "the previous plan" of the report and of `allot diff`.
    /// - Throws: `PlanFolderError.outputsUnreadable` when the outputs folder exists but cannot be read.
    public static func previous(before date: CalendarDate, outputs: URL) throws -> PlanFolder? {
        let dates: [CalendarDate]
        do { dates = try publishedDates(in: outputs) } catch PlanFolderError.noPlans { return nil }
        return dates.last { $0 < date }.map { PlanFolder(date: $0, outputs: outputs) }
    }

    private init(date: CalendarDate, outputs: URL) {
        self.init(date: date, url: outputs.appendingPathComponent(PublishedPlans.folderName(for: date), isDirectory: true))
    }

    /// Dates of the plan folders, oldest first; `noPlans` when the outputs folder does not exist.
    private static func publishedDates(in outputs: URL) throws -> [CalendarDate] {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: outputs.path, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw PlanFolderError.noPlans(outputs: outputs.path)
        }
        do { return try PublishedPlans.dates(in: outputs) } catch {
            throw PlanFolderError.outputsUnreadable(outputs: outputs.path, reason: "\(error)")
        }
    }
}

/// No plan folder to read: a usage error (SPEC 11: exit status 2), or an
/// outputs folder that cannot be listed (inputs unusable: 3).
public enum PlanFolderError: Error, Equatable, Sendable {
    /// The outputs folder is missing or holds no plan folder.
    case noPlans(outputs: String)
    /// No plan was published for the date asked; `published` lists what there is, oldest first.
    case noPlanForDate(CalendarDate, outputs: String, published: [CalendarDate])
    /// The outputs folder exists but cannot be listed.
    case outputsUnreadable(outputs: String, reason: String)
}

extension PlanFolderError: CustomStringConvertible {
    public var description: String {
        switch self {
        case .noPlans(let outputs):
            return "\(outputs) holds no published plan (run allot run first, or pass --outputs)"
        case .noPlanForDate(let date, let outputs, let published):
            let shown = published.suffix(5).map(\.description).joined(separator: ", ")
            let more = published.count > 5 ? " (newest 5 of \(published.count))" : ""
            return "\(outputs) has no plan for \(date); published: \(shown)\(more)"
        case .outputsUnreadable(let outputs, let reason):
            return "\(outputs) cannot be read: \(reason)"
        }
    }
}
