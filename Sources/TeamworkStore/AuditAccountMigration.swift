import GRDB

extension Schema {
    /// Adds the Unix account (from the real uid) to every audit row, baseline and review from now
    /// on. Rows written before keep their text (`account` stays NULL; they show the stored
    /// `user`). Plain SQL, as every migration.
    static let auditAccountV3 = "v3-audit-account"

    static let v3AuditAccountSQL = """
        ALTER TABLE audit ADD COLUMN account TEXT CHECK (account IS NULL OR account <> '');
        ALTER TABLE baseline ADD COLUMN account TEXT CHECK (account IS NULL OR account <> '');
        ALTER TABLE review ADD COLUMN account TEXT CHECK (account IS NULL OR account <> '');
        """

    static func registerAuditAccount(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration(auditAccountV3) { db in
            try db.execute(sql: v3AuditAccountSQL)
        }
    }
}
