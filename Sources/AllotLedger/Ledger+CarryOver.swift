import AllotCore
import GRDB

extension Ledger {
    /// The items open after the latest night recorded before `date` and not closed now
    /// (``closedItemsSQL``), with what that night recorded of them: the ledger's half of carry-over
    /// (SPEC 15); `CarryOver.requests(from:restated:addBack:catalog:regions:)` is the other.
    /// Empty when no night before `date` is recorded.
    /// - Complexity: one pass over that night's requests.
    public func openItems(before date: CalendarDate) throws -> [CarryOver.OpenItem] {
        try pool.read { db in
            guard let previous = try Int32.fetchOne(db, sql: "SELECT max(day) FROM night WHERE day < ?",
                                                    arguments: [date.dayNumber]) else { return [] }
            let rows = try Row.fetchCursor(db, sql: """
                SELECT i.request_source, i.request_id, e.enterprise_id, e.enterprise_name, r.region, r.material,
                       r.requested - r.delivered AS shortfall, r.category, r.needed_by
                FROM night_request r JOIN item i USING (item) JOIN enterprise e USING (enterprise)
                WHERE r.day = ? AND r.requested > r.delivered AND r.item NOT IN (\(Ledger.closedItemsSQL))
                ORDER BY i.request_source, i.request_id
                """, arguments: [previous])
            var items = [CarryOver.OpenItem]()
            while let row = try rows.next() {
                items.append(CarryOver.OpenItem(
                    key: RecordKey(source: row["request_source"], kind: .request, id: row["request_id"]),
                    enterpriseID: row["enterprise_id"], enterpriseName: row["enterprise_name"],
                    region: RegionCode(Int32(row["region"] as Int)), material: MaterialCode(row["material"]),
                    terms: Ledger.terms(row), shortfall: row["shortfall"]))
            }
            return items
        }
    }

    /// The close-outs (销号) made since the latest night recorded before `date` (those whose `after_night`
    /// is that night or later; every one when there is no such night) that still stand as their item's
    /// latest close-out or reopening, oldest first, each with its item's figures on the latest night that
    /// planned it: the report's "closed out since the previous night" (SPEC 15).
    public func closeouts(since date: CalendarDate) throws -> [ClosedOutItem] {
        try pool.read { db in
            let previous = try Int32.fetchOne(db, sql: "SELECT max(day) FROM night WHERE day < ?",
                                              arguments: [date.dayNumber])
            return try Row.fetchAll(db, sql: """
                SELECT i.request_source, i.request_id, c.note, c.by, c.at, e.enterprise_name, r.material,
                       r.requested - r.delivered AS shortfall
                FROM closeout c JOIN item i USING (item)
                LEFT JOIN night_request r ON r.item = c.item
                     AND r.day = (SELECT max(n.day) FROM night n CROSS JOIN night_request x
                                  ON x.day = n.day AND x.item = c.item)
                LEFT JOIN enterprise e ON e.enterprise = r.enterprise
                WHERE c.action = 'close'
                  AND c.closeout = (SELECT max(closeout) FROM closeout WHERE item = c.item)
                  AND coalesce(c.after_night, -2147483648) >= coalesce(?, -2147483648)
                ORDER BY c.closeout
                """, arguments: [previous]).map { row in
                ClosedOutItem(key: RecordKey(source: row["request_source"], kind: .request, id: row["request_id"]), enterpriseName: row["enterprise_name"] ?? "",
                                     material: (row["material"] as String?).map(MaterialCode.init),
                                     shortfall: row["shortfall"] ?? 0, note: row["note"], by: row["by"],
                              at: Instant(microsecondsSinceEpoch: row["at"]))
            }
        }
    }
}
