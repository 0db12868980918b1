import GRDB

/// The ledger's tables, built by migrations (GRDB's `DatabaseMigrator`): a ledger of any earlier
/// version is brought up to date when opened, and never rebuilt from scratch.
///
/// Nights (what the published plan folders hold; `rebuild` records them again):
/// - `night`: one row per published plan date recorded; `day` is the date's day number, the key the
///   other night tables use; `manifest_sha256` names the version of the plan folder recorded.
/// - `night_request`: every planned request of a night, with tier, requested, delivered, the reason
///   `unmet.csv` gave (NULL when served in full) and its age that night (0 when served in full); for a
///   request with a shortfall also its `category` and `needed_by` (day number, NULL when it named none),
///   which carry-over plans it again with (v3).
/// - `night_withdrawn`: the request keys a night's feeds withdrew.
/// - `night_line`: every dispatch line of a night, by its `line_id`.
///
/// Items (SPEC 15):
/// - `item`: one row per request key ever recorded, with the first night that recorded it; its `item` number is how the other tables name the
///   key. An item's state and age are not stored: they follow from its nights and close-outs
///   (``LedgerItemState``), so re-running or rebuilding a night never leaves them stale.
/// - `closeout`: every close-out and reopening, never deleted, with its time (`at`, microseconds since
///   1970 UTC) and the latest night recorded when it was
///   made (`after_night`): a record that states the item on a later night puts it back on the list.
///
/// Receipts (到货确认, SPEC 15), from v2:
/// - `receipt`: the standing receipt of each line, by the line's `day` and `line_id`; a later receipt for
///   the line replaces it. `from_night` is the plan date (day number) of the night whose `receipts.csv`
///   brought it. It has no foreign key to `night` or `night_line`: a night re-recorded (a re-run,
///   `rebuild`) deletes its lines and writes them again, and a receipt, which only the ledger holds,
///   outlives that. A receipt whose line a re-run no longer plans stays, and no query shows it.
/// - `night_line.supplier`: the line's supplier, an `enterprise` pair (NULL for a night recorded before v2
///   until `rebuild` records it again).
///
/// `enterprise` and `offer` name the (id, name) pairs and offer keys the night tables refer to, so a
/// national night of a million requests stays small. The night tables' item, offer and enterprise numbers
/// carry no foreign keys: the ledger makes them itself (`LedgerNames`), and checking 1.7 million of them a
/// night would cost more than the write. `night_request` is found by item through `night` (a night is a
/// handful of rows, each a seek into the primary key (day, item)), so it keeps no second index. A night's rows go with it (`ON DELETE CASCADE`),
/// so a re-run replaces a night whole; items and close-outs stay.
enum LedgerSchema {
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1: nights and items") { db in
            try db.execute(sql: "PRAGMA application_id = \(Ledger.applicationID)")
            try db.execute(sql: """
                CREATE TABLE night (
                    day INTEGER PRIMARY KEY NOT NULL,
                    plan_date TEXT NOT NULL UNIQUE,
                    recorded_at TEXT NOT NULL,
                    manifest_sha256 TEXT
                );
                CREATE TABLE item (
                    item INTEGER PRIMARY KEY NOT NULL,
                    request_source TEXT NOT NULL,
                    request_id TEXT NOT NULL,
                    first_night INTEGER NOT NULL,
                    UNIQUE (request_source, request_id)
                );
                CREATE TABLE enterprise (
                    enterprise INTEGER PRIMARY KEY NOT NULL,
                    enterprise_id TEXT NOT NULL,
                    enterprise_name TEXT NOT NULL,
                    UNIQUE (enterprise_id, enterprise_name)
                );
                CREATE TABLE offer (
                    offer INTEGER PRIMARY KEY NOT NULL,
                    offer_source TEXT NOT NULL,
                    offer_id TEXT NOT NULL,
                    UNIQUE (offer_source, offer_id)
                );
                CREATE TABLE night_request (
                    day INTEGER NOT NULL REFERENCES night(day) ON DELETE CASCADE,
                    item INTEGER NOT NULL,
                    enterprise INTEGER NOT NULL,
                    region INTEGER NOT NULL,
                    material TEXT NOT NULL,
                    tier INTEGER NOT NULL,
                    requested INTEGER NOT NULL,
                    delivered INTEGER NOT NULL,
                    reason TEXT,
                    age INTEGER NOT NULL,
                    PRIMARY KEY (day, item)
                ) WITHOUT ROWID;
                CREATE TABLE night_withdrawn (
                    day INTEGER NOT NULL REFERENCES night(day) ON DELETE CASCADE,
                    item INTEGER NOT NULL,
                    PRIMARY KEY (day, item)
                ) WITHOUT ROWID;
                CREATE INDEX night_withdrawn_by_item ON night_withdrawn (item, day);
                CREATE TABLE night_line (
                    day INTEGER NOT NULL REFERENCES night(day) ON DELETE CASCADE,
                    line_id TEXT NOT NULL,
                    offer INTEGER NOT NULL,
                    lot_day INTEGER NOT NULL,
                    item INTEGER NOT NULL,
                    material TEXT NOT NULL,
                    requested_material TEXT,
                    quantity INTEGER NOT NULL,
                    arrive_by INTEGER NOT NULL,
                    PRIMARY KEY (day, line_id)
                ) WITHOUT ROWID;
                CREATE INDEX night_line_by_item ON night_line (item, day);
                CREATE TABLE closeout (
                    closeout INTEGER PRIMARY KEY NOT NULL,
                    item INTEGER NOT NULL REFERENCES item(item),
                    action TEXT NOT NULL CHECK (action IN ('close', 'reopen')),
                    note TEXT NOT NULL,
                    by TEXT NOT NULL,
                    at INTEGER NOT NULL,
                    after_night INTEGER
                );
                CREATE INDEX closeout_by_item ON closeout (item, closeout);
                """)
        }
        migrator.registerMigration("v2: receipts") { db in
            try db.execute(sql: """
                ALTER TABLE night_line ADD COLUMN supplier INTEGER;
                CREATE TABLE receipt (
                    day INTEGER NOT NULL,
                    line_id TEXT NOT NULL,
                    received INTEGER NOT NULL CHECK (received >= 0),
                    received_on INTEGER,
                    note TEXT NOT NULL,
                    recorded_at TEXT NOT NULL,
                    from_night INTEGER NOT NULL,
                    PRIMARY KEY (day, line_id)
                ) WITHOUT ROWID;
                """)
        }
        migrator.registerMigration("v3: carry-over") { db in
            // What carry-over needs to plan an open item again as it was (SPEC 15), for rows with a shortfall:
            // the request's category and needed_by (a day number; NULL when it named none). Both NULL on rows
            // recorded before, from plan folders whose dispatch.xml did not hold them.
            try db.execute(sql: """
                ALTER TABLE night_request ADD COLUMN category TEXT;
                ALTER TABLE night_request ADD COLUMN needed_by INTEGER;
                """)
        }
        return migrator
    }
}
