import Foundation
import GRDB
import TeamworkCore

/// The project database: one SQLite file in WAL mode, read and written through a GRDB `DatabasePool`.
///
/// Opening (`Opening.swift`) creates a missing file only when `create` allows it (0600, or 0660
/// for the group in a shared group directory, `SharedAccess.swift`), refuses modes that let other
/// accounts in, switches to WAL, runs the append-only migrations and, on first run, seeds the
/// Schwerin application in one transaction (migration "v1-seed-schwerin", so it never runs twice).
/// A read-only store whose directory does not let it create -wal/-shm opens the file immutable
/// and says so in `notices`.
///
/// Shared use: several processes may open the same file. Every write names its `user` (a display
/// name; the audit row also stores the real account, `Account.real`), runs in one IMMEDIATE
/// transaction together with its audit rows (`Audit.swift`), and checks the version or value the
/// user saw (optimistic concurrency; `.conflict` carries the current record). Writers wait for
/// each other up to `busyTimeout`; `dataVersion()` tells a UI when to reload.
public final class ProjectStore: Sendable {
    /// Path of the database file.
    public let path: String
    /// Whether the store was opened read-only.
    public let readOnly: Bool
    /// Whether the file was opened immutable (read-only reader that cannot create -wal/-shm):
    /// other sessions' changes are not seen until the next start.
    public let immutable: Bool
    /// German notes about the opening for the user (immutable opening, modes that others cannot
    /// use and how to fix them); empty when there is nothing to say.
    public let notices: [String]
    private let pool: DatabasePool
    /// Dedicated connection for `dataVersion()`; never used for anything else.
    private let reader: DataVersionConnection
    /// How long a write waits for another writer before failing with `.busy`: `busyTimeout`
    /// (5 s) for commands; the dashboard passes `interactiveBusyTimeout` so that an edit says at
    /// once that the database is busy instead of freezing.
    public let writeTimeout: TimeInterval
    /// For interactive writes (the dashboard): long enough for another session's single save.
    public static let interactiveBusyTimeout: TimeInterval = 0.3

    /// Opens the database at `path`. `create` says whether a missing file may be created
    /// (default: when its directory exists); a read-only store never creates anything.
    public convenience init(path: String, readOnly: Bool = false, seed: Bool = true,
                            create: Creation = .file, writeTimeout: TimeInterval = ProjectStore.busyTimeout) throws(StoreError) {
        try self.init(path: path, readOnly: readOnly, seed: seed, create: create, writeTimeout: writeTimeout, adopting: nil)
    }

    /// `adopting`: the data-version connection the dashboard already read its snapshot with.
    init(path: String, readOnly: Bool = false, seed: Bool = true, create: Creation = .file,
         writeTimeout: TimeInterval = ProjectStore.busyTimeout, adopting adopted: DataVersionConnection?) throws(StoreError) {
        let path = ProjectStore.absolute(path)
        self.path = path
        self.readOnly = readOnly
        self.writeTimeout = writeTimeout

        var config = Configuration()
        config.foreignKeysEnabled = true
        config.busyMode = .timeout(ProjectStore.busyTimeout)
        config.readonly = readOnly
        config.label = "teamwork"

        let created = try Opening.prepare(path, readOnly: readOnly, create: create)
        var done = false
        defer { if created && !done { Opening.removeCreated(path) } }
        try SharedAccess.refuseUnsafe(path)

        var notices: [String] = []
        let opened: (DatabasePool, Bool)
        do {
            opened = try Opening.openPool(path, configuration: config)
        } catch {
            throw ProjectStore.openError(error, path: path)
        }
        pool = opened.0
        immutable = opened.1
        if immutable { notices.append(Opening.immutableNotice(path)) }

        let migrator = Schema.migrator(seed: seed)
        do {
            if readOnly {
                let ready = try pool.read { db in
                    try migrator.appliedIdentifiers(db).contains(Schema.schemaV1)
                }
                guard ready else {
                    throw StoreError.cannotOpen(path, "die Datei enthält keine teamwork-Datenbank (Schema fehlt)",
                                                kind: .notMigrated)
                }
            } else {
                let applied = try pool.read { db in try migrator.appliedIdentifiers(db) }
                let unknown = applied.subtracting(Schema.allMigrations)
                guard unknown.isEmpty else {
                    throw StoreError.cannotOpen(
                        path, "die Datenbank stammt von einer neueren teamwork-Version", kind: .tooNew)
                }
                // Up to date (the usual start): nothing to migrate, and the writer stays unused until
                // the first edit. Otherwise GRDB migrates under the write lock, re-reading what is
                // applied (another process may have migrated meanwhile).
                if !Set(migrator.migrations).isSubset(of: applied) {
                    try migrator.migrate(pool)
                    // A new or upgraded database has its pages in the WAL; without a checkpoint every
                    // later start (the first connection of a process) rebuilds the WAL index from them.
                    Self.truncateWAL(pool)
                }
            }
        } catch {
            throw ProjectStore.openError(error, path: path)
        }

        if let adopted {
            reader = adopted
        } else {
            do {
                reader = try DataVersionConnection(path: immutable ? Opening.immutableURI(path) : path,
                                                   busyTimeout: ProjectStore.busyTimeout)
            } catch {
                throw ProjectStore.openError(error, path: path)
            }
        }
        reader.closesAfter = pool
        if !readOnly, let warning = SharedAccess.repairCompanions(path) { notices.append(warning) }
        self.notices = notices
        done = true
    }

    /// `TEAMWORK_DB` if set, else `$XDG_DATA_HOME/teamwork/teamwork.sqlite`,
    /// else `$HOME/.local/share/teamwork/teamwork.sqlite`. Empty variables count as unset.
    public static func defaultPath(environment: [String: String]) -> String {
        func value(_ key: String) -> String? {
            guard let v = environment[key], !v.isEmpty else { return nil }
            return v
        }
        if let explicit = value("TEAMWORK_DB") { return explicit }
        if let xdg = value("XDG_DATA_HOME") { return join(xdg, "teamwork/teamwork.sqlite") }
        let home = value("HOME") ?? NSHomeDirectory()
        return join(home, ".local/share/teamwork/teamwork.sqlite")
    }

    // MARK: Reading

    /// The whole project as one Core value.
    public func loadProject() throws(StoreError) -> Project {
        let path = self.path
        do {
            return try read("Laden des Projekts") { db throws -> Project in try Self.readProject(db.handle, path: path) }
        } catch where error.kind == .invalidData && !error.message.hasPrefix("Datenbank") {
            throw .invalidData(path, error.message)
        }
    }

    /// Row count of every table, in a fixed order.
    public func tableCounts() throws(StoreError) -> [(table: String, rows: Int)] {
        try read("Zählen der Tabellen") { db in
            try Schema.tables.map { table in
                (table: table, rows: try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM \(table)") ?? 0)
            }
        }
    }

    /// `PRAGMA journal_mode` of the open database ("wal").
    func journalMode() throws(StoreError) -> String {
        try read("Abfrage des Journal-Modus") { db in
            try String.fetchOne(db, sql: "PRAGMA journal_mode") ?? ""
        }
    }

    // MARK: Writing

    /// Writes one item cell of the plan and recomputes every derived row (parents, 1+2, 3.1,
    /// control sum, shares) and the Gesamt of the changed lines, all in one transaction together
    /// with the audit row. Changed rows get `version + 1`; planned measures on a changed line take
    /// its new Gesamt as cost (audited as a measure change).
    ///
    /// `expected` is the value the user saw. When the stored value differs, nothing is written and
    /// a `.conflict` error carries `.planValue(code:yearIndex:current:)`. `nil` skips the check
    /// (last writer wins; only for imports and tests). Writing the value already stored is a no-op
    /// (no audit row, no version bump) and returns a change with `old == new`.
    @discardableResult
    public func updatePlanValue(code: String, yearIndex: Int, raw: Int64, expected: Int64?,
                                user: String) throws(StoreError) -> PlanChange {
        let path = self.path
        return try write("Ändern des Finanzplans", user: user) { db, audit in
            let old = try Self.fetchPlan(db.handle, path: path)
            guard let line = old[code] else {
                throw StoreError.invalidInput("Planzeile \"\(code)\" gibt es nicht")
            }
            guard line.kind == .item else {
                throw StoreError.invalidInput(
                    "Planzeile \(code) ist eine berechnete Zeile und kann nicht direkt geändert werden")
            }
            guard old.years.indices.contains(yearIndex) else {
                throw StoreError.invalidInput(
                    "Jahr Nr. \(yearIndex + 1) gibt es nicht (der Plan hat \(old.years.count) Jahre)")
            }
            guard raw.magnitude <= Fixed2.maxMagnitude.magnitude else {
                throw StoreError.invalidInput("Betrag \(Fixed2.format(raw)) ist zu groß")
            }
            let year = old.years[yearIndex]
            let current = line.values[yearIndex]
            if let expected, expected != current {
                let who = try AuditLog.lastChange(db, entity: "plan", entityID: "\(code)/\(year)")
                throw StoreError(
                    kind: .conflict,
                    message: "Planwert \(code) / \(year) wurde inzwischen \(who) geändert: gespeichert ist "
                        + "\(Fixed2.format(current)), angezeigt war \(Fixed2.format(expected)). "
                        + "Nichts wurde geschrieben; bitte den aktuellen Wert prüfen und erneut eintragen.",
                    conflict: .planValue(code: code, yearIndex: yearIndex, current: current))
            }
            guard raw != current else {
                return PlanChange(code: code, yearIndex: yearIndex, year: year, old: current, new: raw,
                                  derived: [], measureIDs: [], auditID: nil)
            }
            var new = old
            new.set(code: code, yearIndex: yearIndex, value: raw)
            let measureIDs = try Self.writePlanDifference(db, audit: audit, from: old, to: new)
            let derived = Self.derivedChanges(from: old, to: new)
            let change = PlanChange(code: code, yearIndex: yearIndex, year: year, old: current, new: raw,
                                    derived: derived, measureIDs: measureIDs, auditID: nil)
            let auditID = try audit.record("plan", "\(code)/\(year)", field: "value", old: Fixed2.format(current),
                                           new: Fixed2.format(raw), summary: "Plan " + change.summary)
            return PlanChange(code: code, yearIndex: yearIndex, year: year, old: current, new: raw,
                              derived: derived, measureIDs: measureIDs, auditID: auditID)
        }
    }

    /// Compatible form without a conflict check, audited under `currentUser(environment:)` of
    /// this process. Prefer `updatePlanValue(code:yearIndex:raw:expected:user:)` in the editor.
    @discardableResult
    public func updatePlanValue(code: String, yearIndex: Int, raw: Int64) throws(StoreError) -> PlanChange {
        try updatePlanValue(code: code, yearIndex: yearIndex, raw: raw, expected: nil,
                            user: Self.currentUser(environment: ProcessInfo.processInfo.environment))
    }

    /// One stored plan value (cheap; for read-modify-write with `expected`).
    public func planValue(code: String, yearIndex: Int) throws(StoreError) -> Int64 {
        try read("Lesen eines Planwerts") { db throws -> Int64 in
            let years = try Int.fetchAll(db, sql: "SELECT DISTINCT year FROM plan_value ORDER BY year")
            guard years.indices.contains(yearIndex) else {
                throw StoreError.invalidInput("Jahr Nr. \(yearIndex + 1) gibt es nicht (der Plan hat \(years.count) Jahre)")
            }
            guard let value = try Int64.fetchOne(db, sql: "SELECT value FROM plan_value WHERE line_code = ? AND year = ?",
                                                 arguments: [code, years[yearIndex]]) else {
                throw StoreError.notFound("Planzeile \"\(code)\" gibt es nicht")
            }
            return value
        }
    }

    // MARK: Users

    /// Display name for the audit trail: `TEAMWORK_USER` (trimmed, inert), else the real account
    /// (`Account.real`). Only a display name: every audit row also stores the real account,
    /// whatever is passed as `user`.
    public static func currentUser(environment: [String: String]) -> String {
        Account.displayName(environment: environment) ?? Account.real
    }

    /// How this process's writes appear in the change log: `anna (Anna Schmidt)` or `anna`.
    public static func currentAuthor(environment: [String: String]) -> String {
        Account.author(account: Account.real, user: currentUser(environment: environment))
    }

    // MARK: Shared use

    /// `PRAGMA data_version` of a dedicated connection that never writes: it changes whenever any
    /// OTHER connection commits to the file — another process, another `ProjectStore`, and this
    /// store's own writer too. Poll it (cheap) and reload when it differs from the last value seen.
    public func dataVersion() throws(StoreError) -> Int64 {
        do {
            return try Self.retryingBusy {
                try reader.value()
            }
        } catch {
            throw StoreError.wrap(error, path: path, action: "Abfrage des Datenstands")
        }
    }

    /// When the WAL has grown beyond `walLimit` bytes: copies it into the database file and empties
    /// it (`truncateWAL`). The first connection of every process reads the whole WAL back to rebuild
    /// its index (3 ms for 640 KB), so the dashboard calls this when it ends, the store after a
    /// migration or a large import.
    public func checkpoint(walLimit: Int = 256 * 1024) {
        guard !readOnly, !immutable else { return }
        var st = stat()
        guard stat(path + "-wal", &st) == 0, Int(st.st_size) > walLimit else { return }
        Self.truncateWAL(pool)
    }

    /// `PRAGMA wal_checkpoint(TRUNCATE)`, waiting at most 0,1 s for other sessions (nothing happens
    /// when they are busy: they keep working, the WAL stays). Then one frame is written back
    /// (`user_version` set to its value): GRDB writes a table into an empty WAL at every opening
    /// (GRDB issue 102) – 10 ms and a schema change for every other session.
    static func truncateWAL(_ pool: DatabasePool) {
        try? pool.writeWithoutTransaction { db in
            try db.execute(sql: "PRAGMA busy_timeout = 100")
            defer { try? db.execute(sql: "PRAGMA busy_timeout = \(Int(ProjectStore.busyTimeout * 1000))") }
            let result = try Row.fetchOne(db, sql: "PRAGMA wal_checkpoint(TRUNCATE)")
            guard let busy: Int = result?[0], busy == 0 else { return }
            let version = try Int.fetchOne(db, sql: "PRAGMA user_version") ?? 0
            try db.execute(sql: "PRAGMA user_version = \(version)")
        }
    }

    // MARK: Helpers

    /// How long a write waits for another writer before giving up with a German `.busy` error.
    public static let busyTimeout: TimeInterval = 5

    func read<T>(_ action: String, _ body: (Database) throws -> T) throws(StoreError) -> T {
        do { return try Self.retryingBusy { try pool.read(body) } } catch {
            throw StoreError.wrap(error, path: path, action: action)
        }
    }

    /// One IMMEDIATE transaction. `body` gets an `AuditLog` bound to this transaction, so audit
    /// rows commit or roll back together with the change. SQLITE_BUSY is retried (GRDB's busy
    /// timeout, plus a retry loop for the cases SQLite reports without waiting) until
    /// `busyTimeout`; after that the error is a German `.busy`.
    func write<T>(_ action: String, user: String, _ body: (Database, AuditLog) throws -> T) throws(StoreError) -> T {
        guard !readOnly else {
            throw StoreError(kind: .readOnly,
                             message: "Datenbank \"\(path)\" ist nur lesend geöffnet: \(action) nicht möglich")
        }
        let user = AuditLog.normalise(user)
        do {
            return try Self.retryingBusy(for: writeTimeout) {
                try pool.writeWithoutTransaction { db in
                    // The busy handler waits at BEGIN IMMEDIATE: keep it within the write timeout
                    // (opening and migrating waited the long one).
                    if writeTimeout < ProjectStore.busyTimeout {
                        try db.execute(sql: "PRAGMA busy_timeout = \(Int(writeTimeout * 1000))")
                    }
                    var result: T?
                    try db.inTransaction(.immediate) {
                        let before = try Int64.fetchOne(db, sql: "SELECT COALESCE(MAX(id), 0) FROM audit") ?? 0
                        let audit = AuditLog(db: db, at: AuditLog.timestamp(), user: user)
                        result = try body(db, audit)
                        try audit.stampAccount(afterAuditID: before)
                        return .commit
                    }
                    return result!
                }
            }
        } catch {
            throw StoreError.wrap(error, path: path, action: action)
        }
    }

    /// Runs `body` again while it fails with SQLITE_BUSY / SQLITE_LOCKED, for at most `busyTimeout`.
    static func retryingBusy<T>(for timeout: TimeInterval = busyTimeout, _ body: () throws -> T) throws -> T {
        let deadline = Date().addingTimeInterval(timeout)
        var attempt = 0
        while true {
            do {
                return try body()
            } catch let error as DatabaseError
                        where (error.resultCode == .SQLITE_BUSY || error.resultCode == .SQLITE_LOCKED)
                        && Date() < deadline {
                attempt += 1
                usleep(useconds_t(min(100, 5 * attempt) * 1000 + Int.random(in: 0..<1000)))
            }
        }
    }

    /// Test support: runs raw SQL outside the store's API (e.g. to install a failing trigger).
    func executeForTesting(_ sql: String) throws {
        try pool.write { db in try db.execute(sql: sql) }
    }

    func pageCountForTesting() throws -> Int {
        try pool.read { db in try Int.fetchOne(db, sql: "PRAGMA page_count") ?? 0 }
    }

    static func absolute(_ path: String) -> String {
        if path.hasPrefix("/") { return path }
        if path == "~" || path.hasPrefix("~/") { return NSHomeDirectory() + path.dropFirst() }
        return join(FileManager.default.currentDirectoryPath, path)
    }

    private static func join(_ base: String, _ rest: String) -> String {
        base.hasSuffix("/") ? base + rest : base + "/" + rest
    }

    private static func openError(_ error: any Error, path: String) -> StoreError {
        if let error = error as? StoreError { return error }
        let wrapped = StoreError.wrap(error, path: path, action: "Öffnen")
        if wrapped.kind == .other || wrapped.kind == .cannotOpen || wrapped.kind == .notADatabase {
            // Phrase open failures the same way as the file-system checks above.
            let reason = wrapped.message.components(separatedBy: "Öffnen fehlgeschlagen: ").last ?? wrapped.message
            return StoreError(kind: wrapped.kind,
                              message: "Datenbank \"\(path)\" kann nicht geöffnet werden: \(reason)")
        }
        return wrapped
    }
}

