import GRDB

/// The ledger's tables, built by migrations (GRDB's `DatabaseMigrator`): a ledger of any earlier
/// version is brought up to date when opened, and never rebuilt from scratch.
///
/// - `night`: one row per published plan date recorded.
/// - `night_request`: every planned request of a night, with tier, requested, delivered and the reason
///   `unmet.csv` gave (NULL when served in full).
/// - `night_line`: every dispatch line of a night, by its `line_id`.
///
/// A night's rows go with it (`ON DELETE CASCADE`), so a re-run replaces a night whole.
enum LedgerSchema {
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1: nights") { db in
            try db.execute(sql: "PRAGMA application_id = \(Ledger.applicationID)")
            try db.execute(sql: """
                CREATE TABLE night (
                    plan_date TEXT PRIMARY KEY NOT NULL,
                    recorded_at TEXT NOT NULL
                );
                CREATE TABLE night_request (
                    plan_date TEXT NOT NULL REFERENCES night(plan_date) ON DELETE CASCADE,
                    request_source TEXT NOT NULL,
                    request_id TEXT NOT NULL,
                    enterprise_id TEXT NOT NULL,
                    enterprise_name TEXT NOT NULL,
                    region INTEGER NOT NULL,
                    material TEXT NOT NULL,
                    tier INTEGER NOT NULL,
                    requested INTEGER NOT NULL,
                    delivered INTEGER NOT NULL,
                    reason TEXT,
                    PRIMARY KEY (plan_date, request_source, request_id)
                ) WITHOUT ROWID;
                CREATE INDEX night_request_by_item ON night_request (request_source, request_id, plan_date);
                CREATE TABLE night_line (
                    plan_date TEXT NOT NULL REFERENCES night(plan_date) ON DELETE CASCADE,
                    line_id TEXT NOT NULL,
                    offer_source TEXT NOT NULL,
                    offer_id TEXT NOT NULL,
                    lot_date TEXT NOT NULL,
                    request_source TEXT NOT NULL,
                    request_id TEXT NOT NULL,
                    material TEXT NOT NULL,
                    requested_material TEXT NOT NULL,
                    quantity INTEGER NOT NULL,
                    arrive_by TEXT NOT NULL,
                    PRIMARY KEY (plan_date, line_id)
                ) WITHOUT ROWID;
                """)
        }
        return migrator
    }
}
