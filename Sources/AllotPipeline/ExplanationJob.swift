import AllotCore
import Foundation

/// What `allot explain` was asked about (SPEC 10).
public struct ExplainOptions: Sendable {
    /// The record as `SOURCE:ID`.
    public var record: String
    public var outputs: URL
    /// The plan date; `nil` for the newest published plan.
    public var date: CalendarDate?

    public init(record: String, outputs: URL, date: CalendarDate? = nil) {
        self.record = record
        self.outputs = outputs
        self.date = date
    }
}

/// An explanation made: the text `allot explain` prints.
public struct ExplanationOutcome: Sendable {
    public var text: String
}

extension NightlyPipeline {
    /// Why a request got what it got, or where an offer went, in a published plan (``NightExplanation``).
    /// - Throws: what ``NightExplanation/text(for:outputs:date:)`` throws.
    public static func explain(_ options: ExplainOptions) throws -> ExplanationOutcome {
        ExplanationOutcome(text: try NightExplanation.text(for: options.record, outputs: options.outputs,
                                                           date: options.date))
    }
}
