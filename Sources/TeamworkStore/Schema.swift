import GRDB

/// Append-only migrations. Never edit a registered migration; add a new one instead.
/// Migrations use plain table and column names so they stay valid when the Swift types change.
enum Schema {
    static let schemaV1 = "v1-schema"
    static let seedSchwerin = "v1-seed-schwerin"
    /// Tables `audit` (who changed what, when) and `review` (who looked at the changes, when).
    static let auditV2 = "v2-audit-review"
    /// Tables `baseline`, `baseline_line` (stated totals) and `baseline_value` (year values).
    static let baselinesV2 = "v2-baselines"
    /// Freezes the plan as it is when the migration runs as baseline "Antrag". Belongs to the seed
    /// family: registered only with `seed: true`, after the seed, so a fresh database runs
    /// schema → seed → … → baseline and "Antrag" is the application as submitted.
    static let baselineAntrag = "v2-baseline-antrag"
    /// Name of the baseline frozen by `baselineAntrag`.
    static let antragBaselineName = "Antrag"
    /// User recorded in the audit trail for changes made by migrations.
    static let migrationUser = "teamwork (Migration)"
    /// Every migration this version knows, registered or not (the seed is optional).
    /// An applied identifier outside this set means a newer teamwork wrote the file.
    static let allMigrations: Set<String> = Set([schemaV1, seedSchwerin, auditV2, baselinesV2, baselineAntrag,
                                                 auditAccountV3, measureControllingV3, seedMeasureStatusV3,
                                                 interchangeV3, expensesV3, auditEntitiesV3, overrunToleranceV3]
                                                + drawdownMigrations)

    /// Record tables in the order `tableCounts()` reports them.
    static let tables = [
        "project", "funding_terms", "plan_line", "plan_value", "measure", "staffing_unit",
        "stakeholder", "event_series", "event", "event_stakeholder",
        "measure_state", "milestone", "progress_note",
    ]

    static func migrator(seed: Bool) -> DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration(schemaV1) { db in
            try db.execute(sql: v1SQL)
        }
        if seed {
            migrator.registerMigration(seedSchwerin) { db in
                try SchwerinSeed.insert(into: db)
            }
        }
        migrator.registerMigration(auditV2) { db in
            try db.execute(sql: v2AuditSQL)
        }
        migrator.registerMigration(baselinesV2) { db in
            try db.execute(sql: v2BaselinesSQL)
        }
        if seed {
            migrator.registerMigration(baselineAntrag) { db in
                // Nothing to freeze in a database without a plan (filled by hand later).
                let lines = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM plan_line") ?? 0
                let exists = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM baseline WHERE name = ?",
                                              arguments: [antragBaselineName]) ?? 0
                guard lines > 0, exists == 0 else { return }
                try freezeBaseline(db, name: antragBaselineName, at: AuditLog.timestamp(),
                                   user: migrationUser)
            }
        }
        // The ledger rebuilds the audit table (any entity name): before the account column is added.
        registerLedger(&migrator)  // Expenses.swift
        registerAuditAccount(&migrator)
        registerMeasureControlling(&migrator, seed: seed)
        migrator.registerMigration(interchangeV3) { db in
            try db.execute(sql: v3InterchangeSQL)
        }
        registerDrawdownMigrations(&migrator)
        return migrator
    }

    /// Copies the current plan (year values and stated totals) into a new baseline and audits it.
    /// Plain SQL so the migration stays valid when the Swift types change.
    static func freezeBaseline(_ db: Database, name: String, at: String, user: String) throws {
        try db.execute(sql: "INSERT INTO baseline (name, created_at, \"user\") VALUES (?, ?, ?)",
                       arguments: [name, at, user])
        try db.execute(sql: """
            INSERT INTO baseline_line (baseline_name, line_code, stated_total)
            SELECT ?, code, stated_total FROM plan_line
            """, arguments: [name])
        try db.execute(sql: """
            INSERT INTO baseline_value (baseline_name, line_code, year, value)
            SELECT ?, line_code, year, value FROM plan_value
            """, arguments: [name])
        let lines = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM baseline_line WHERE baseline_name = ?",
                                     arguments: [name]) ?? 0
        try db.execute(sql: """
            INSERT INTO audit (at, "user", entity, entity_id, field, old_value, new_value, summary)
            VALUES (?, ?, 'baseline', ?, NULL, NULL, ?, ?)
            """, arguments: [at, user, name, "\(lines) Planzeilen",
                             "Basisplan \"\(name)\" eingefroren (\(lines) Planzeilen)"])
    }

    static let v2AuditSQL = """
        CREATE TABLE audit (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            at TEXT NOT NULL
                CHECK (at GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-6][0-9]Z'),
            "user" TEXT NOT NULL CHECK ("user" <> ''),
            entity TEXT NOT NULL
                CHECK (entity IN ('plan', 'measure', 'staffing', 'stakeholder', 'event', 'series', 'baseline')),
            entity_id TEXT NOT NULL,
            field TEXT,
            old_value TEXT,
            new_value TEXT,
            summary TEXT NOT NULL
        );
        CREATE INDEX audit_at ON audit(at);
        CREATE INDEX audit_entity ON audit(entity, entity_id);

        CREATE TABLE review (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            at TEXT NOT NULL
                CHECK (at GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-6][0-9]Z'),
            "user" TEXT NOT NULL CHECK ("user" <> '')
        );
        """

    static let v2BaselinesSQL = """
        CREATE TABLE baseline (
            name TEXT PRIMARY KEY NOT NULL CHECK (name <> ''),
            created_at TEXT NOT NULL,
            "user" TEXT NOT NULL CHECK ("user" <> '')
        );

        CREATE TABLE baseline_line (
            baseline_name TEXT NOT NULL REFERENCES baseline(name) ON DELETE CASCADE,
            line_code TEXT NOT NULL,
            stated_total INTEGER NOT NULL,
            PRIMARY KEY (baseline_name, line_code)
        ) WITHOUT ROWID;

        CREATE TABLE baseline_value (
            baseline_name TEXT NOT NULL REFERENCES baseline(name) ON DELETE CASCADE,
            line_code TEXT NOT NULL,
            year INTEGER NOT NULL CHECK (year BETWEEN 2000 AND 2100),
            value INTEGER NOT NULL,
            PRIMARY KEY (baseline_name, line_code, year)
        ) WITHOUT ROWID;
        """

    static let v1SQL = """
        CREATE TABLE project (
            id INTEGER PRIMARY KEY CHECK (id = 1),
            name TEXT NOT NULL CHECK (name <> ''),
            version INTEGER NOT NULL DEFAULT 1 CHECK (version >= 1)
        );

        CREATE TABLE funding_terms (
            id INTEGER PRIMARY KEY CHECK (id = 1),
            name TEXT NOT NULL,
            federal_quota_bp INTEGER NOT NULL CHECK (federal_quota_bp BETWEEN 0 AND 10000),
            min_municipal_share_bp INTEGER NOT NULL CHECK (min_municipal_share_bp BETWEEN 0 AND 10000),
            consultant_numerator INTEGER NOT NULL CHECK (consultant_numerator >= 0),
            consultant_denominator INTEGER NOT NULL CHECK (consultant_denominator > 0),
            strategy_max_cents INTEGER NOT NULL CHECK (strategy_max_cents >= 0),
            first_investments_max_cents INTEGER NOT NULL CHECK (first_investments_max_cents >= 0),
            implementation_max_cents INTEGER NOT NULL CHECK (implementation_max_cents >= 0),
            version INTEGER NOT NULL DEFAULT 1 CHECK (version >= 1)
        );

        CREATE TABLE plan_line (
            code TEXT PRIMARY KEY NOT NULL CHECK (code <> ''),
            position INTEGER NOT NULL UNIQUE,
            label TEXT NOT NULL,
            section TEXT NOT NULL CHECK (section IN ('1', '2', '1+2', '3', '3.3')),
            kind TEXT NOT NULL CHECK (kind IN ('item', 'group', 'total', 'control', 'share')),
            parts TEXT NOT NULL DEFAULT '',
            stated_total INTEGER NOT NULL,
            version INTEGER NOT NULL DEFAULT 1 CHECK (version >= 1)
        );

        CREATE TABLE plan_value (
            line_code TEXT NOT NULL REFERENCES plan_line(code) ON DELETE CASCADE ON UPDATE CASCADE,
            year INTEGER NOT NULL CHECK (year BETWEEN 2000 AND 2100),
            value INTEGER NOT NULL,
            version INTEGER NOT NULL DEFAULT 1 CHECK (version >= 1),
            PRIMARY KEY (line_code, year)
        ) WITHOUT ROWID;

        CREATE TABLE measure (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            stage TEXT NOT NULL CHECK (stage IN ('implemented', 'strategy', 'implementation')),
            number INTEGER NOT NULL CHECK (number >= 1),
            title TEXT NOT NULL CHECK (title <> ''),
            link TEXT NOT NULL DEFAULT '',
            cost_cents INTEGER,
            plan_line TEXT REFERENCES plan_line(code) ON DELETE SET NULL ON UPDATE CASCADE,
            summary TEXT NOT NULL DEFAULT '',
            scope TEXT NOT NULL DEFAULT '',
            rolemodel TEXT NOT NULL DEFAULT '',
            rolemodel_link TEXT NOT NULL DEFAULT '',
            goal TEXT NOT NULL DEFAULT '',
            goal_reached INTEGER CHECK (goal_reached IN (0, 1)),
            contribution TEXT NOT NULL DEFAULT '',
            cost_types TEXT NOT NULL DEFAULT '',
            operation TEXT NOT NULL DEFAULT '',
            rollout TEXT NOT NULL DEFAULT '',
            transfer TEXT NOT NULL DEFAULT '',
            version INTEGER NOT NULL DEFAULT 1 CHECK (version >= 1),
            UNIQUE (stage, number)
        );
        CREATE INDEX measure_plan_line ON measure(plan_line);

        CREATE TABLE staffing_unit (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            unit TEXT NOT NULL CHECK (unit <> ''),
            involved_hundredths INTEGER NOT NULL CHECK (involved_hundredths >= 0),
            funded_hundredths INTEGER NOT NULL CHECK (funded_hundredths >= 0),
            position INTEGER NOT NULL DEFAULT 0,
            version INTEGER NOT NULL DEFAULT 1 CHECK (version >= 1)
        );

        CREATE TABLE stakeholder (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            name TEXT NOT NULL CHECK (name <> ''),
            kind TEXT NOT NULL CHECK (kind IN ('administration', 'municipalCompany', 'association', 'business',
                                               'education', 'network', 'partnerCity', 'funder', 'platform')),
            role TEXT NOT NULL DEFAULT '',
            contact_person TEXT NOT NULL DEFAULT '',
            email TEXT NOT NULL DEFAULT '',
            phone TEXT NOT NULL DEFAULT '',
            address TEXT NOT NULL DEFAULT '',
            link TEXT NOT NULL DEFAULT '',
            notes TEXT NOT NULL DEFAULT '',
            version INTEGER NOT NULL DEFAULT 1 CHECK (version >= 1)
        );

        CREATE TABLE event_series (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            title TEXT NOT NULL CHECK (title <> ''),
            format TEXT NOT NULL DEFAULT '',
            cadence TEXT NOT NULL DEFAULT '',
            description TEXT NOT NULL DEFAULT '',
            organiser TEXT NOT NULL DEFAULT '',
            measure_id INTEGER REFERENCES measure(id) ON DELETE SET NULL,
            source TEXT NOT NULL DEFAULT '',
            version INTEGER NOT NULL DEFAULT 1 CHECK (version >= 1)
        );
        CREATE INDEX event_series_measure ON event_series(measure_id);

        CREATE TABLE event (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            series_id INTEGER REFERENCES event_series(id) ON DELETE SET NULL,
            title TEXT NOT NULL CHECK (title <> ''),
            format TEXT NOT NULL DEFAULT '',
            start TEXT NOT NULL
                CHECK (start GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9] [0-2][0-9]:[0-5][0-9]'),
            "end" TEXT NOT NULL
                CHECK ("end" GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9] [0-2][0-9]:[0-5][0-9]'),
            place TEXT NOT NULL DEFAULT '',
            organiser TEXT NOT NULL DEFAULT '',
            measure_id INTEGER REFERENCES measure(id) ON DELETE SET NULL,
            version INTEGER NOT NULL DEFAULT 1 CHECK (version >= 1),
            CHECK ("end" >= start)
        );
        CREATE INDEX event_start ON event(start);
        CREATE INDEX event_series_id ON event(series_id);
        CREATE INDEX event_measure ON event(measure_id);

        CREATE TABLE event_stakeholder (
            event_id INTEGER NOT NULL REFERENCES event(id) ON DELETE CASCADE,
            stakeholder_id INTEGER NOT NULL REFERENCES stakeholder(id) ON DELETE CASCADE,
            PRIMARY KEY (event_id, stakeholder_id)
        ) WITHOUT ROWID;
        CREATE INDEX event_stakeholder_stakeholder ON event_stakeholder(stakeholder_id);
        """
}
