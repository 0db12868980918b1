import GRDB

/// The ledger's tables, built by migrations (GRDB's `DatabaseMigrator`): a ledger of any earlier
/// version is brought up to date when opened, and never rebuilt from scratch.
///
/// Nights (what the published plan folders hold; `rebuild` records them again):
/// - `night`: one row per published plan date recorded; `day` is the date's day number, the key the
///   other night tables use.
/// - `night_request`: every planned request of a night, with tier, requested, delivered, the reason
///   `unmet.csv` gave (NULL when served in full) and its age that night (0 when served in full).
/// - `night_withdrawn`: the request keys a night's feeds withdrew.
/// - `night_line`: every dispatch line of a night, by its `line_id`.
///
/// Items (SPEC 15):
/// - `item`: one row per request key ever recorded; its `item` number is how the other tables name the
///   key. An item's state and age are not stored: they follow from its nights and close-outs
///   (``LedgerItemState``), so re-running or rebuilding a night never leaves them stale.
/// - `closeout`: every close-out and reopening, never deleted, with the latest night recorded when it was
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
/// national night of a million requests stays small. A night's rows go with it (`ON DELETE CASCADE`),
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
                    recorded_at TEXT NOT NULL
                );
                CREATE TABLE item (
                    item INTEGER PRIMARY KEY NOT NULL,
                    request_source TEXT NOT NULL,
                    request_id TEXT NOT NULL,
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
                    item INTEGER NOT NULL REFERENCES item(item),
                    enterprise INTEGER NOT NULL REFERENCES enterprise(enterprise),
                    region INTEGER NOT NULL,
                    material TEXT NOT NULL,
                    tier INTEGER NOT NULL,
                    requested INTEGER NOT NULL,
                    delivered INTEGER NOT NULL,
                    reason TEXT,
                    age INTEGER NOT NULL,
                    PRIMARY KEY (day, item)
                ) WITHOUT ROWID;
                CREATE INDEX night_request_by_item ON night_request (item, day);
                CREATE TABLE night_withdrawn (
                    day INTEGER NOT NULL REFERENCES night(day) ON DELETE CASCADE,
                    item INTEGER NOT NULL REFERENCES item(item),
                    PRIMARY KEY (day, item)
                ) WITHOUT ROWID;
                CREATE INDEX night_withdrawn_by_item ON night_withdrawn (item, day);
                CREATE TABLE night_line (
                    day INTEGER NOT NULL REFERENCES night(day) ON DELETE CASCADE,
                    line_id TEXT NOT NULL,
                    offer INTEGER NOT NULL REFERENCES offer(offer),
                    lot_day INTEGER NOT NULL,
                    item INTEGER NOT NULL REFERENCES item(item),
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
                    at TEXT NOT NULL,
                    after_night INTEGER
                );
                CREATE INDEX closeout_by_item ON closeout (item, closeout);
                """)
        }
        migrator.registerMigration("v2: receipts") { db in
            try db.execute(sql: """
                ALTER TABLE night_line ADD COLUMN supplier INTEGER REFERENCES enterprise(enterprise);
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
        return migrator
    }
}
