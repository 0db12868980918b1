extension ReportLabels {
    /// The words of what the report shows from the work ledger (SPEC 15): ages, carried requests, the
    /// problem list and the close-outs.
    struct Ledger {
        /// The unmet list's column of consecutive nights open.
        let age: String
        /// The mark on a request planned again from the ledger (`carry_over`), and its tooltip.
        let carriedBadge: String
        let carriedTitle: String
        /// The summary card of carried requests.
        let carried: String
        let problems: String
        let problemsNote: (_ minimumAge: Int) -> String
        let noOldProblems: (_ minimumAge: Int) -> String
        let closedOut: String
        let closedOutNote: String
        let lastShortfall: String
        let by: String
        /// The close-out's time column: Asia/Shanghai wall clock.
        let at: String

        init(_ language: OutputLanguage) {
            switch language {
            case .zh:
                age = "挂账（晚）"
                carriedBadge = "结转"
                carriedTitle = "今晚没有来源重新提报，按上次缺口从工作台账结转计划"
                carried = "结转需求"
                problems = "问题清单"
                problemsNote = { "连续 \($0) 晚及以上仍有缺口的需求，挂账最久者在前。" }
                noOldProblems = { "没有连续 \($0) 晚及以上仍有缺口的需求。" }
                closedOut = "上次计划以来销号的需求"
                closedOutNote = "协调员已销号的需求不再列入问题清单，也不再结转；allot ledger reopen 可撤销。"
                lastShortfall = "最后缺口"
                by = "销号人"
                at = "销号时间"
            case .en:
                age = "Age (nights)"
                carriedBadge = "carried over"
                carriedTitle = "No source restated it tonight: planned again from the work ledger with its last shortfall"
                carried = "Carried over"
                problems = "Problem list"
                problemsNote = { "Requests short for \($0) nights or more in a row, the oldest first." }
                noOldProblems = { "No request has been short for \($0) nights or more in a row." }
                closedOut = "Closed out since the previous plan"
                closedOutNote = "Items a coordinator closed out leave the problem list and are not carried over; "
                    + "allot ledger reopen undoes it."
                lastShortfall = "Last shortfall"
                by = "Closed by"
                at = "Closed at (Beijing time)"
            }
        }
    }
}
