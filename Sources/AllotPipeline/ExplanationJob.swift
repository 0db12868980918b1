import AllotCore
import Foundation

/// What `allot explain` was asked about (SPEC 10).
public struct ExplainOptions: Sendable {
    /// The record as `SOURCE:ID`.
    public var record: String
    public var inputs: URL
    /// A policy file to use instead of `<inputs>/allot.toml`.
    public var config: URL?
    public var outputs: URL
    /// The plan date; `nil` for the newest published plan.
    public var date: CalendarDate?

    public init(record: String, inputs: URL, config: URL? = nil, outputs: URL, date: CalendarDate? = nil) {
        self.record = record
        self.inputs = inputs
        self.config = config
        self.outputs = outputs
        self.date = date
    }
}

/// An explanation made: the text `allot explain` prints.
public struct ExplanationOutcome: Sendable {
    public var text: String
}

extension NightlyPipeline {
    /// Why a request got what it got, or where an offer went (``NightExplanation``).
    /// - Throws: what ``NightExplanation/text(for:inputs:config:outputs:date:)`` throws.
    public static func explain(_ options: ExplainOptions) throws -> ExplanationOutcome {
        ExplanationOutcome(text: try NightExplanation.text(for: options.record, inputs: options.inputs,
                                                           config: options.config, outputs: options.outputs,
                                                           date: options.date))
    }
}
