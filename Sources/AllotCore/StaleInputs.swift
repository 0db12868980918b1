/// Whether the night's feeds look like tonight's, its one home: a feed whose
/// newest time is more than a day before the plan date, or whose bytes are
/// those of a feed the previous plan was made from, is planned as sent and
/// warned about (stderr, the manifest's `warnings`, a banner in `report.html`).
public enum StaleInputs {
    /// A feed's time: what it states (its newest `updated_at`, `updated` or
    /// `generated`), or, when it states none, its file's modification time.
    /// - Returns: the time and where it came from; `nil` when neither is known.
    public static func time(of feed: InputFileSummary) -> (instant: Instant, stated: Bool)? {
        if let stated = feed.statedTime { return (stated, true) }
        return feed.modifiedTime.map { ($0, false) }
    }

    /// The start of the day before `planDate` in Asia/Shanghai: a feed older than this is stale.
    /// Last night's drop (the plan date's eve) is the normal case and is not.
    public static func threshold(planDate: CalendarDate) -> Instant {
        Instant(shanghaiMidnightOf: planDate.adding(days: -1))
    }

    /// The warnings, in the order of `inputs` (feeds in path order): each stale feed, then each unchanged feed.
    /// - Parameters:
    ///   - previous: the date of the newest plan published before this one and the SHA-256 of each feed
    ///     it was made from (digest → path as it was read then); `nil` when there is none or it keeps no digests.
    /// - Complexity: O(n) in the input files.
    public static func warnings(inputs: [InputFileSummary], planDate: CalendarDate,
                                previous: (date: CalendarDate, feeds: [String: String])?) -> [String] {
        let feeds = inputs.filter { $0.role == .feed && !$0.sha256.isEmpty }
        let limit = threshold(planDate: planDate)
        var warnings = [String]()
        for feed in feeds {
            guard let (instant, stated) = time(of: feed), instant < limit else { continue }
            let what = stated ? "its newest updated_at, updated or generated is" : "it states no time and was last modified"
            warnings.append("\(feed.path): \(what) \(instant.shanghaiWallClock) (Asia/Shanghai), more than a day "
                + "before the plan date \(planDate); planned as sent: check that tonight's file arrived")
        }
        if let previous {
            for feed in feeds {
                guard let before = previous.feeds[feed.sha256] else { continue }
                let name = before == feed.path ? "" : " (then \(before))"
                warnings.append("\(feed.path) is unchanged since the plan of \(previous.date): the same bytes "
                    + "(SHA-256 \(feed.sha256.prefix(12))…) were planned then\(name); planned again as sent: "
                    + "check that tonight's file arrived")
            }
        }
        return warnings
    }
}
