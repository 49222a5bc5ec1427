import GRDB
import TeamworkCore

// The receipts ledger (Ist-Ausgaben): table `expense`, saved, deleted and imported with
// validation against the plan, optimistic concurrency and audit (entity "expense"), through the
// same engine as the other records (`saveVersioned`, `deleteVersioned`, `Editing.swift`).

extension Schema {
    /// Table `expense`.
    static let expensesV3 = "v3-expenses"
    /// The audit table admits every entity name (it listed them; "expense" was missing).
    static let auditEntitiesV3 = "v3-audit-any-entity"
    /// `funding_terms.overrun_tolerance_bp`: optional tolerance of a line's Ist over its Soll.
    static let overrunToleranceV3 = "v3-terms-overrun-tolerance"

    static func registerLedger(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration(expensesV3) { db in try db.execute(sql: v3ExpenseSQL) }
        migrator.registerMigration(auditEntitiesV3) { db in try db.execute(sql: v3AuditSQL) }
        migrator.registerMigration(overrunToleranceV3) { db in
            try db.execute(sql: """
                ALTER TABLE funding_terms ADD COLUMN overrun_tolerance_bp INTEGER
                    CHECK (overrun_tolerance_bp IS NULL OR overrun_tolerance_bp BETWEEN 0 AND 10000)
                """)
        }
    }

    static let v3ExpenseSQL = """
        CREATE TABLE expense (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            line_code TEXT NOT NULL REFERENCES plan_line(code) ON UPDATE CASCADE,
            paid_on TEXT NOT NULL CHECK (paid_on GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'),
            payee TEXT NOT NULL CHECK (payee <> ''),
            purpose TEXT NOT NULL DEFAULT '',
            amount_cents INTEGER NOT NULL CHECK (amount_cents <> 0),
            receipt TEXT NOT NULL CHECK (receipt <> ''),
            booking_ref TEXT NOT NULL DEFAULT '',
            note TEXT NOT NULL DEFAULT '',
            version INTEGER NOT NULL DEFAULT 1 CHECK (version >= 1),
            CHECK (amount_cents > 0 OR purpose <> ''),
            UNIQUE (receipt, paid_on, amount_cents)
        );
        CREATE INDEX expense_paid_on ON expense(paid_on);
        CREATE INDEX expense_line ON expense(line_code, paid_on);
        """

    static let v3AuditSQL = """
        CREATE TABLE audit_v3 (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            at TEXT NOT NULL
                CHECK (at GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-6][0-9]Z'),
            "user" TEXT NOT NULL CHECK ("user" <> ''),
            entity TEXT NOT NULL CHECK (entity <> ''),
            entity_id TEXT NOT NULL,
            field TEXT,
            old_value TEXT,
            new_value TEXT,
            summary TEXT NOT NULL
        );
        INSERT INTO audit_v3 (id, at, "user", entity, entity_id, field, old_value, new_value, summary)
            SELECT id, at, "user", entity, entity_id, field, old_value, new_value, summary FROM audit ORDER BY id;
        DROP TABLE audit;
        ALTER TABLE audit_v3 RENAME TO audit;
        CREATE INDEX audit_at ON audit(at);
        CREATE INDEX audit_entity ON audit(entity, entity_id);
        """
}

struct ExpenseRecord: Codable, FetchableRecord, MutablePersistableRecord {
    static let databaseTableName = "expense"
    enum CodingKeys: String, CodingKey {
        case id, payee, purpose, receipt, note, version
        case lineCode = "line_code"
        case paidOn = "paid_on"
        case amountCents = "amount_cents"
        case bookingRef = "booking_ref"
    }
    var id: Int64?
    var lineCode: String
    /// `YYYY-MM-DD`
    var paidOn: String
    var payee: String
    var purpose: String
    var amountCents: Int64
    var receipt: String
    var bookingRef: String
    var note: String
    var version: Int64

    init(_ e: Expense) {
        id = e.id == 0 ? nil : e.id
        lineCode = e.line; paidOn = e.date.iso; payee = e.payee; purpose = e.purpose; amountCents = e.amount.cents
        receipt = e.receipt; bookingRef = e.bookingReference; note = e.note; version = e.version
    }

    mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }

    func core() throws(StoreError) -> Expense {
        guard let date = LocalDate(iso: paidOn) else {
            throw StoreError(kind: .invalidData, message: "Ausgabe Nr. \(id ?? 0): ungültiges Datum \"\(paidOn)\"")
        }
        return Expense(id: id ?? 0, line: lineCode, date: date, payee: payee, purpose: purpose,
                       amount: Money(cents: amountCents), receipt: receipt, bookingReference: bookingRef, note: note,
                       version: version)
    }
}

extension Expense: StoredRecord {
    static var entity: String { "expense" }
    static var noun: String { "Ausgabe" }
    var auditName: String { label }
    var auditLabel: String { "Ausgabe \"\(label)\"" }
    var record: ExpenseRecord { ExpenseRecord(self) }
    var conflict: StoreError.Conflict { .expense(self) }
    static func load(_ db: Database, id: Int64) throws -> Expense? { try ExpenseRecord.fetchOne(db, key: id)?.core() }
    func auditFields(_ db: Database) throws -> [AuditField] {
        [("line", "Planzeile", line), ("date", "Datum", date.german), ("payee", "Empfänger", payee),
         ("purpose", "Verwendungszweck", purpose), ("amount", "Betrag", amount.formatted),
         ("receipt", "Beleg-Nr.", receipt), ("bookingReference", "Buchungsreferenz", bookingReference),
         ("note", "Notiz", note)]
    }
}

/// What an expense import adds (or would add).
public struct ExpenseImport: Sendable, Hashable {
    /// Rows written (or to be written), in file order, with their new ids after a real import.
    public var inserted: [ExpenseCSV.Row] = []
    /// Rows equal to a stored expense (Beleg-Nr., date, amount, line): skipped.
    public var skipped: [ExpenseCSV.Row] = []
    /// Audit rows written (one per new expense); 0 for a dry run.
    public var auditRows = 0
    public init() {}

    /// Sum of the new expenses.
    public var insertedSum: Money { Money(cents: inserted.reduce(0) { $0 &+ $1.expense.amount.cents }) }
}

extension ProjectStore {
    // MARK: Reading

    /// Every expense, by date, then id.
    public func expenses() throws(StoreError) -> [Expense] {
        try read("Lesen der Ausgaben") { db in try Self.fetchExpenses(db.handle) }
    }

    /// Number of stored expenses.
    public func expenseCount() throws(StoreError) -> Int {
        try read("Zählen der Ausgaben") { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM expense") ?? 0 }
    }

    static func fetchExpenses(_ db: OpaquePointer) throws -> [Expense] {
        // A database opened read-only before migration v3-expenses has no ledger yet.
        guard try RawQuery.tableExists(db, "expense") else { return [] }
        // Columns by position through SQLite's C API (`RawQuery`): 100.000 rows load without a
        // Row or a DatabaseValue each.
        return try RawQuery.all(db, table: "expense", """
            SELECT id, line_code, paid_on, payee, purpose, amount_cents, receipt, booking_ref, note, version
            FROM expense ORDER BY paid_on, id
            """) { row throws -> Expense in
            let paidOn = try row.string(at: 2)
            guard let date = LocalDate(iso: paidOn) else {
                throw StoreError(kind: .invalidData, message: "Ausgabe Nr. \(try row.int64(at: 0)): ungültiges Datum \"\(paidOn)\"")
            }
            return Expense(id: try row.int64(at: 0), line: try row.string(at: 1), date: date, payee: try row.string(at: 3),
                           purpose: try row.string(at: 4), amount: Money(cents: try row.int64(at: 5)),
                           receipt: try row.string(at: 6), bookingReference: try row.string(at: 7),
                           note: try row.string(at: 8), version: try row.int64(at: 9))
        }
    }

    // MARK: Writing

    /// Inserts (`id == 0`) or updates an expense seen at its `version`. Validated against the
    /// stored plan (`Validation.validate(_:plan:)`: bookable line, date in the plan years, payee,
    /// Beleg-Nr., amount not zero, refund with purpose); Beleg-Nr., date and amount must not
    /// belong to another expense. Audited field by field; unchanged values write nothing.
    @discardableResult
    public func save(_ expense: Expense, user: String) throws(StoreError) -> Expense {
        let path = self.path
        return try saveVersioned(expense, user: user, prepare: { db, e in
            e.line = e.line.trimmingCharacters(in: .whitespaces)
            e.payee = e.payee.trimmingCharacters(in: .whitespaces)
            e.purpose = e.purpose.trimmingCharacters(in: .whitespaces)
            e.receipt = e.receipt.trimmingCharacters(in: .whitespaces)
            let plan = try Self.fetchPlan(db.handle, path: path)
            let errors = Validation.validate(e, plan: plan)
            guard errors.isEmpty else { throw StoreError.invalid("Ausgabe", errors) }
            if let other = try Row.fetchOne(db, sql: """
                SELECT id, line_code FROM expense WHERE receipt = ? AND paid_on = ? AND amount_cents = ? AND id <> ?
                """, arguments: [e.receipt, e.date.iso, e.amount.cents, e.id]) {
                let id: Int64 = other[0], line: String = other[1]
                throw StoreError.invalid("Ausgabe", [.init(
                    field: "Beleg-Nr.",
                    message: "\(e.label) ist schon gebucht (Nr. \(id), Planzeile \(line))")])
            }
        })
    }

    /// Deletes an expense seen at `version` (audited).
    public func deleteExpense(id: Int64, version: Int64, user: String) throws(StoreError) {
        try deleteVersioned(Expense.self, id: id, version: version, user: user) { _, _, _ in }
    }

    /// Imports the rows of a receipts file (`ExpenseCSV.read`) in ONE write transaction with one
    /// audit row per new expense: rows equal to a stored expense are skipped and counted; a row
    /// whose Beleg-Nr., date and amount are stored on another line rejects the whole import
    /// (`.invalidInput`, every such row in `fieldErrors`: field = position, message = reason).
    /// Each row is validated against the stored plan again. `dryRun` computes everything and
    /// writes nothing. `afterFirstRow` runs inside the transaction after the first insert (test hook).
    public func importExpenses(_ rows: [ExpenseCSV.Row], user: String, dryRun: Bool = false,
                               lineColumn: Int = 2, lineHeader: String = "Planzeile",
                               afterFirstRow: (() -> Void)? = nil) throws(StoreError) -> ExpenseImport {
        let path = self.path
        return try transaction("Einlesen der Ausgaben", user: user, dryRun: dryRun) { db, audit in
            let plan = try Self.fetchPlan(db.handle, path: path)
            var problems: [Validation.FieldError] = []
            rows.withUnsafeBufferPointer { rows in   // each row validated in place, not copied
                for index in rows.indices {
                    for e in Validation.validate(rows[index].expense, plan: plan) {
                        problems.append(.init(field: "Zeile \(rows[index].line)", message: e.description))
                    }
                }
            }
            var matched = ExpenseCSV.match(rows, stored: try Self.fetchExpenses(db.handle), lineColumn: lineColumn,
                                           lineHeader: lineHeader)
            problems += matched.problems.map { .init(field: $0.position, message: $0.reason) }
            guard problems.isEmpty else {
                throw StoreError(kind: .invalidInput,
                                 message: "\(problems.count) " + (problems.count == 1 ? "Zeile passt" : "Zeilen passen")
                                     + " nicht zum Gespeicherten, nichts eingelesen: "
                                     + problems.map(\.description).joined(separator: "; "),
                                 fieldErrors: problems)
            }
            var result = ExpenseImport()
            result.skipped = matched.skipped
            // Values bound through SQLite's C API (`BulkStatement`), no StatementArguments per row.
            let insert = try BulkStatement(db, sql: """
                INSERT INTO expense (line_code, paid_on, payee, purpose, amount_cents, receipt, booking_ref, note)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                """)
            let log = try BulkStatement(db, sql: """
                INSERT INTO audit (at, "user", account, entity, entity_id, field, old_value, new_value, summary)
                VALUES (?, ?, ?, 'expense', ?, NULL, NULL, ?, ?)
                """)
            log.bind(1, audit.at); log.bind(2, audit.user); log.bind(3, audit.account)
            // A bulk import into a smaller ledger: the indexes whose keys arrive in random order are
            // built once afterwards (one sort) instead of row by row, in the same transaction.
            let existing = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM expense") ?? 0
            let rebuild = matched.new.count >= Self.bulkIndexThreshold && matched.new.count >= existing
            if rebuild { for index in Self.rebuiltIndexes { try db.execute(sql: "DROP INDEX \(index.name)") } }
            result.inserted = matched.new
            matched.new = []   // result.inserted is now the only owner: ids are set in place, not in a copy
            for index in result.inserted.indices {
                let e = result.inserted[index].expense
                insert.bind(1, e.line); insert.bind(2, e.date.iso); insert.bind(3, e.payee); insert.bind(4, e.purpose)
                insert.bind(5, e.amount.cents); insert.bind(6, e.receipt); insert.bind(7, e.bookingReference)
                insert.bind(8, e.note)
                try insert.step()
                let id = db.lastInsertedRowID
                result.inserted[index].expense.id = id
                result.inserted[index].expense.version = 1
                let label = e.label
                // at, user and account stay bound from before the loop (a reset keeps bindings).
                log.bind(4, String(id)); log.bind(5, label)
                log.bind(6, "Ausgabe \"\(label)\" angelegt (Import): \(e.line), \(e.payee)")
                try log.step()
                result.auditRows += 1
                if index == 0 { afterFirstRow?() }
            }
            if rebuild { for index in Self.rebuiltIndexes { try db.execute(sql: index.create) } }
            return result
        }
    }

    /// From this many new rows on (and at least as many as stored) an import rebuilds
    /// `rebuiltIndexes` after inserting.
    static let bulkIndexThreshold = 5_000

    /// The secondary indexes of the ledger and the audit trail, as the migrations create them.
    static let rebuiltIndexes: [(name: String, create: String)] = [
        ("expense_paid_on", "CREATE INDEX expense_paid_on ON expense(paid_on)"),
        ("expense_line", "CREATE INDEX expense_line ON expense(line_code, paid_on)"),
        ("audit_entity", "CREATE INDEX audit_entity ON audit(entity, entity_id)"),
    ]
}
