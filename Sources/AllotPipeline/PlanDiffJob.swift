import AllotCore
import AllotPublish
import Foundation

/// What `allot diff` was asked to compare (SPEC 10).
public struct DiffOptions: Sendable {
    /// The earlier plan date; `nil` for the newest published plan (`latest` on the command line).
    public var from: CalendarDate?
    /// The later plan date; `nil` for the newest published plan.
    public var to: CalendarDate?
    public var outputs: URL
    public var format: Format

    /// `text` for people, `csv` (RFC 4180, UTF-8 with BOM) for spreadsheets.
    public enum Format: String, CaseIterable, Sendable {
        case text, csv
    }

    public init(from: CalendarDate?, to: CalendarDate?, outputs: URL, format: Format = .text) {
        self.from = from
        self.to = to
        self.outputs = outputs
        self.format = format
    }
}

/// The changes between two plans, as the bytes `allot diff` prints.
public struct DiffOutcome: Sendable {
    public var bytes: [UInt8]
}

extension NightlyPipeline {
    /// The changes between the plans published for two dates (``PlanDiff``).
    /// - Throws: `PlanFolderError` (no plan for a date: exit 2; the outputs
    ///   folder unreadable: exit 3), `PlanSnapshotError` (a plan file missing
    ///   or malformed: exit 3); see ``ExitStatus``.
    public static func diff(_ options: DiffOptions) throws -> DiffOutcome {
        let sides = try [options.from, options.to].map { date in
            try PlanDiff.Side(PlanSnapshot.read(PlanFolder.locate(outputs: options.outputs, date: date)))
        }
        let diff = PlanDiff(from: sides[0], to: sides[1])
        switch options.format {
        case .text: return DiffOutcome(bytes: Array(diff.text().utf8))
        case .csv: return DiffOutcome(bytes: diff.csv())
        }
    }
}
