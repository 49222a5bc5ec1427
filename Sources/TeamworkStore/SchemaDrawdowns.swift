import GRDB

/// Migrations of the drawdown register (issue 13). Plain SQL, append-only like `Schema`.
extension Schema {
    /// Funding terms gain the proof deadlines and drawdown interval: Zusage date per phase (empty —
    /// nothing is assumed for Schwerin), proof months per phase (30 / 66 as the programme's rules
    /// state), drawdown interval (6 months), interest on overdrawn money (5 percentage points over the
    /// Basiszinssatz) and the warning period before a proof deadline (90 days).
    static let fundingDeadlinesV3 = "v3-funding-deadlines"
    /// Tables `drawdown` (Mittelabrufe) and `proof_submission` (submitted Verwendungsnachweise).
    static let drawdownsV3 = "v3-drawdowns"
    // The audit entities "terms", "drawdown" and "proof" need no migration: since v3-audit-any-entity
    // (the receipts ledger) the audit table admits any non-empty entity name.

    static let drawdownMigrations = [fundingDeadlinesV3, drawdownsV3]

    static func registerDrawdownMigrations(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration(fundingDeadlinesV3) { db in try db.execute(sql: v3FundingDeadlinesSQL) }
        migrator.registerMigration(drawdownsV3) { db in try db.execute(sql: v3DrawdownsSQL) }
    }

    private static let dateGlob = "'[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'"

    static let v3FundingDeadlinesSQL = """
        ALTER TABLE funding_terms ADD COLUMN zusage_1 TEXT CHECK (zusage_1 IS NULL OR zusage_1 GLOB \(dateGlob));
        ALTER TABLE funding_terms ADD COLUMN zusage_2 TEXT CHECK (zusage_2 IS NULL OR zusage_2 GLOB \(dateGlob));
        ALTER TABLE funding_terms ADD COLUMN proof_months_1 INTEGER NOT NULL DEFAULT 30
            CHECK (proof_months_1 BETWEEN 1 AND 240);
        ALTER TABLE funding_terms ADD COLUMN proof_months_2 INTEGER NOT NULL DEFAULT 66
            CHECK (proof_months_2 BETWEEN 1 AND 240);
        ALTER TABLE funding_terms ADD COLUMN drawdown_interval_months INTEGER NOT NULL DEFAULT 6
            CHECK (drawdown_interval_months BETWEEN 1 AND 120);
        ALTER TABLE funding_terms ADD COLUMN overdraw_interest_bp INTEGER NOT NULL DEFAULT 500
            CHECK (overdraw_interest_bp BETWEEN 0 AND 10000);
        ALTER TABLE funding_terms ADD COLUMN proof_warning_days INTEGER NOT NULL DEFAULT 90
            CHECK (proof_warning_days BETWEEN 0 AND 365);
        """

    static let v3DrawdownsSQL = """
        CREATE TABLE drawdown (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            phase INTEGER NOT NULL CHECK (phase IN (1, 2)),
            requested_on TEXT NOT NULL CHECK (requested_on GLOB \(dateGlob)),
            amount_cents INTEGER NOT NULL CHECK (amount_cents > 0),
            received_on TEXT CHECK (received_on IS NULL OR received_on GLOB \(dateGlob)),
            received_cents INTEGER CHECK (received_cents IS NULL OR received_cents > 0),
            note TEXT NOT NULL DEFAULT '',
            version INTEGER NOT NULL DEFAULT 1 CHECK (version >= 1),
            CHECK (received_cents IS NULL OR received_on IS NOT NULL),
            CHECK (received_on IS NULL OR received_on >= requested_on)
        );
        CREATE INDEX drawdown_phase ON drawdown(phase, requested_on);

        CREATE TABLE proof_submission (
            phase INTEGER PRIMARY KEY CHECK (phase IN (1, 2)),
            submitted_on TEXT NOT NULL CHECK (submitted_on GLOB \(dateGlob)),
            version INTEGER NOT NULL DEFAULT 1 CHECK (version >= 1)
        );
        """
}
