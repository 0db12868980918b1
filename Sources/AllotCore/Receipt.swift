/// A receipt (到货确认, SPEC 15): what arrived of one dispatch line of an earlier night, as a row of
/// `receipts.csv` states it. `received` is in the line's canonical unit; 0 means nothing arrived.
///
/// The one home of what a receipt is: which line it names, when it is no receipt of that line
/// (``problem(lineQuantity:tonight:)``), what it makes of the line (``State``), and which of several
/// receipts for one line stands (``latest(_:)``).
public struct Receipt: Hashable, Sendable {
    /// The line it confirms: the plan date of its night and its `line_id`.
    public var planDate: CalendarDate
    public var lineID: String
    public var received: Int64
    /// When the goods arrived; `nil` when the row leaves it blank.
    public var receivedOn: CalendarDate?
    public var note: String
    /// Where the row stands in `receipts.csv`, for its reject: its line and its text.
    public var line: Int
    public var raw: String

    /// Where receipts lie in the inputs folder, and the file their rejects name.
    public static let path = "receipts.csv"

    public init(planDate: CalendarDate, lineID: String, received: Int64, receivedOn: CalendarDate? = nil,
                note: String = "", line: Int = 0, raw: String = "") {
        self.planDate = planDate
        self.lineID = lineID
        self.received = received
        self.receivedOn = receivedOn
        self.note = note
        self.line = line
        self.raw = raw
    }

    /// The line a receipt names.
    public struct LineKey: Hashable, Comparable, Sendable, CustomStringConvertible {
        public var planDate: CalendarDate
        public var lineID: String

        public init(planDate: CalendarDate, lineID: String) {
            self.planDate = planDate
            self.lineID = lineID
        }

        public static func < (a: LineKey, b: LineKey) -> Bool {
            (a.planDate, a.lineID) < (b.planDate, b.lineID)
        }

        public var description: String { "\(planDate) \(lineID)" }
    }

    public var lineKey: LineKey { LineKey(planDate: planDate, lineID: lineID) }
}

// MARK: - The columns

extension Receipt {
    /// `receipts.csv`'s columns, in SPEC 15's order, each with its Chinese header.
    public enum Column: String, CaseIterable, Sendable {
        case planDate = "plan_date"
        case lineID = "line_id"
        case received
        case receivedOn = "received_on"
        case note

        public var chineseName: String {
            switch self {
            case .planDate: return "计划日期"
            case .lineID: return "调拨单号"
            case .received: return "实收数量"
            case .receivedOn: return "到货日期"
            case .note: return "备注"
            }
        }

        /// The columns every row must fill.
        public static let required: [Column] = [.planDate, .lineID, .received]
    }
}

// MARK: - What a receipt makes of its line

extension Receipt {
    /// A dispatch line's state as its receipts leave it.
    public enum State: String, Hashable, Sendable, CaseIterable {
        /// Received in full.
        case confirmed
        /// Received less than the line's quantity (nothing, with 0).
        case short
        /// No receipt yet.
        case unconfirmed

        /// The state of a line of `quantity` whose standing receipt says `received` (`nil`: none).
        public static func of(received: Int64?, quantity: Int64) -> State {
            guard let received else { return .unconfirmed }
            return received >= quantity ? .confirmed : .short
        }
    }

    /// Why a receipt is no receipt of a line the ledger holds (SPEC 15), as the reject's field, code and message.
    public struct Problem: Hashable, Sendable {
        public var field: Column
        public var code: RejectCode
        public var message: String
    }

    /// What is wrong with this receipt for a line of `lineQuantity` (`nil`: the ledger holds no such line),
    /// read on the night of `tonight`; `nil` when it stands. Receipts confirm lines of earlier nights, so a
    /// line of tonight's date or later is unknown: a re-run replaces tonight's lines. Goods cannot arrive
    /// before their plan was made, so `received_on` before the line's plan date is a reject.
    public func problem(lineQuantity: Int64?, tonight: CalendarDate) -> Problem? {
        guard planDate < tonight else {
            return Problem(field: .planDate, code: .unknownLine,
                           message: "receipts confirm lines of earlier nights; \(planDate) is not before tonight's plan date \(tonight)")
        }
        guard let quantity = lineQuantity else {
            return Problem(field: .lineID, code: .unknownLine,
                           message: "the ledger holds no line \(lineID) of the night of \(planDate)")
        }
        if received > quantity {
            return Problem(field: .received, code: .receivedAboveQuantity,
                           message: "received \(received) is more than the line's quantity \(quantity)")
        }
        if let receivedOn, receivedOn < planDate {
            return Problem(field: .receivedOn, code: .receivedBeforePlan,
                           message: "received_on \(receivedOn) is before the line's plan date \(planDate)")
        }
        return nil
    }

    /// The reject of this receipt for `problem`, naming `receipts.csv`, the row's line and the field.
    public func reject(_ problem: Problem) -> Reject {
        Reject(file: Receipt.path, line: line, field: problem.field.rawValue, source: "receipts",
               recordID: "\(planDate):\(lineID)", code: problem.code, message: problem.message, raw: raw)
    }

    /// The receipts that stand, one per line, in file order of the standing rows, and how many were
    /// superseded: a later row for the same line replaces an earlier one (SPEC 15).
    /// - Complexity: O(n).
    public static func latest(_ receipts: [Receipt]) -> (standing: [Receipt], superseded: Int) {
        var last = [LineKey: Int]()
        for (i, r) in receipts.enumerated() { last[r.lineKey] = i }
        let standing = receipts.indices.filter { last[receipts[$0].lineKey] == $0 }.map { receipts[$0] }
        return (standing, receipts.count - standing.count)
    }
}
