import GRDB
import TeamworkCore

// The drawdown register, proof submissions and the editable funding terms. Every write runs in
// one IMMEDIATE transaction with its audit rows (entities "drawdown", "proof", "terms").

struct DrawdownRecord: Codable, FetchableRecord, MutablePersistableRecord {
    static let databaseTableName = "drawdown"
    enum Columns {
        static let id = Column("id"), phase = Column("phase"), requestedOn = Column(CodingKeys.requestedOn)
    }
    enum CodingKeys: String, CodingKey {
        case id, phase, note, version
        case requestedOn = "requested_on", amountCents = "amount_cents"
        case receivedOn = "received_on", receivedCents = "received_cents"
    }
    var id: Int64?
    var phase: Int
    var requestedOn: String
    var amountCents: Int64
    var receivedOn: String?
    var receivedCents: Int64?
    var note: String
    var version: Int64

    init(_ d: Drawdown) {
        id = d.id == 0 ? nil : d.id
        phase = d.phase.rawValue
        requestedOn = d.requestedOn.isoDate
        amountCents = d.amount.cents
        receivedOn = d.receivedOn?.isoDate
        receivedCents = d.receivedOn == nil ? nil : (d.receivedAmount ?? d.amount).cents
        note = d.note
        version = d.version
    }

    mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }

    func core() throws(StoreError) -> Drawdown {
        guard let phase = FundingPhase(rawValue: phase), let requested = LocalDateTime(iso: requestedOn) else {
            throw StoreError(kind: .invalidData, message: "Mittelabruf Nr. \(id ?? 0) hat eine unbekannte Phase oder ein ungültiges Datum")
        }
        return Drawdown(id: id ?? 0, phase: phase, requestedOn: requested, amount: Money(cents: amountCents),
                        receivedOn: receivedOn.flatMap { LocalDateTime(iso: $0) },
                        receivedAmount: receivedCents.map(Money.init(cents:)), note: note, version: version)
    }
}

extension Drawdown: StoredRecord {
    static var entity: String { "drawdown" }
    static var noun: String { "Mittelabruf" }
    var auditName: String { summary }
    var auditLabel: String { "Mittelabruf Nr. \(id) (\(auditName))" }
    var record: DrawdownRecord { DrawdownRecord(self) }
    var conflict: StoreError.Conflict { .drawdown(self) }
    static func load(_ db: Database, id: Int64) throws -> Drawdown? { try DrawdownRecord.fetchOne(db, key: id)?.core() }
    func auditFields(_ db: Database) throws -> [AuditField] {
        let receivedShown = receivedOn == nil ? nil : (receivedAmount ?? amount).formatted
        return [("phase", "Phase", phase.title), ("requestedOn", "Abrufdatum", requestedOn.germanDate),
                ("amount", "Betrag", amount.formatted), ("receivedOn", "Eingangsdatum", receivedOn?.germanDate),
                ("receivedAmount", "Eingangsbetrag", receivedShown), ("note", "Notiz", note)]
    }
}

extension ProjectStore {
    // MARK: Drawdowns

    /// The register and the submitted proofs.
    public func drawdownRegister() throws(StoreError) -> DrawdownRegister {
        let path = self.path
        do {
            return try read("Lesen der Mittelabrufe") { db in try Self.fetchDrawdownRegister(db.handle) }
        } catch where error.kind == .invalidData && !error.message.hasPrefix("Datenbank") {
            throw .invalidData(path, error.message)
        }
    }

    /// The register inside a read (also part of `loadProject`).
    static func fetchDrawdownRegister(_ db: OpaquePointer) throws -> DrawdownRegister {
        // Read through `RawQuery` (RawRows.swift): part of every start.
        let drawdowns = try RawQuery.all(db, table: "drawdown", "SELECT * FROM drawdown ORDER BY requested_on, id",
                                         DrawdownRecord.init(raw:))
            .map { r throws(StoreError) in try r.core() }
        let submissions = try RawQuery.all(db, table: "proof_submission",
                                           "SELECT phase, submitted_on, version FROM proof_submission ORDER BY phase") {
            row throws -> ProofSubmission? in
            guard let phase = FundingPhase(rawValue: Int(try row.int64(at: 0))),
                  let on = LocalDateTime(iso: try row.string(at: 1)) else { return nil }
            return ProofSubmission(phase: phase, submittedOn: on, version: try row.int64(at: 2))
        }.compactMap { $0 }
        return DrawdownRegister(drawdowns: drawdowns, submissions: submissions)
    }

    /// Inserts (`id == 0`) or version-checked updates a drawdown. Validated first (German
    /// `fieldErrors`); a received date without amount stores the requested amount as received.
    @discardableResult
    public func save(_ drawdown: Drawdown, user: String) throws(StoreError) -> Drawdown {
        let errors = Validation.validate(drawdown)
        guard errors.isEmpty else { throw .invalid("Mittelabruf", errors) }
        return try saveVersioned(drawdown, user: user, prepare: { _, d in
            if d.receivedOn != nil && d.receivedAmount == nil { d.receivedAmount = d.amount }
            if d.receivedOn == nil { d.receivedAmount = nil }
            d.note = d.note.trimmingCharacters(in: .whitespacesAndNewlines)
        })
    }

    /// Deletes a drawdown seen at `version` (audited).
    public func deleteDrawdown(id: Int64, version: Int64, user: String) throws(StoreError) {
        try deleteVersioned(Drawdown.self, id: id, version: version, user: user) { _, _, _ in }
    }

    /// One drawdown by id (for edit and delete from the command line).
    public func drawdown(id: Int64) throws(StoreError) -> Drawdown {
        let found = try read("Lesen eines Mittelabrufs") { db in try Drawdown.load(db, id: id) }
        guard let found else { throw .notFound("Mittelabruf Nr. \(id) gibt es nicht") }
        return found
    }

    // MARK: Proof submissions

    /// Records that the Verwendungsnachweis of `phase` was submitted on `date` (replaces an earlier
    /// entry for the phase); audited. Returns false when that date was already recorded.
    @discardableResult
    public func recordProofSubmission(phase: FundingPhase, date: LocalDateTime, user: String) throws(StoreError) -> Bool {
        try setProofSubmission(phase: phase, date: date, user: user)
    }

    /// Sets (`date`) or clears (nil: not submitted) the submission of `phase`'s Verwendungsnachweis;
    /// audited. With `expected` (what the user saw: `.some(nil)` = not submitted) a different stored
    /// date is a `.conflict` and nothing is written. Returns false when nothing changed.
    @discardableResult
    public func setProofSubmission(phase: FundingPhase, date: LocalDateTime?, expected: LocalDateTime?? = nil,
                                   user: String) throws(StoreError) -> Bool {
        try write("Vermerken des Verwendungsnachweises", user: user) { db, audit in
            let old = try String.fetchOne(db, sql: "SELECT submitted_on FROM proof_submission WHERE phase = ?",
                                          arguments: [phase.rawValue])
            let oldDate = old.flatMap { LocalDateTime(iso: $0) }
            if let expected, expected?.isoDate != oldDate?.isoDate {
                throw StoreError(kind: .conflict,
                                 message: "Verwendungsnachweis \(phase.title) wurde inzwischen geändert: gespeichert ist "
                                     + (oldDate.map { "eingereicht am \($0.germanDate)" } ?? "nicht eingereicht"),
                                 conflict: .proofSubmission(phase: phase, current: oldDate))
            }
            guard old != date?.isoDate else { return false }
            if let date {
                try db.execute(sql: """
                    INSERT INTO proof_submission (phase, submitted_on) VALUES (?, ?)
                    ON CONFLICT(phase) DO UPDATE SET submitted_on = excluded.submitted_on, version = version + 1
                    """, arguments: [phase.rawValue, date.isoDate])
            } else {
                try db.execute(sql: "DELETE FROM proof_submission WHERE phase = ?", arguments: [phase.rawValue])
            }
            let oldShown = oldDate?.germanDate
            let summary = date.map { "Verwendungsnachweis \(phase.title): eingereicht am \($0.germanDate)" + (oldShown.map { " (vorher \($0))" } ?? "") }
                ?? "Verwendungsnachweis \(phase.title): nicht eingereicht (vorher \(oldShown ?? "—"))"
            try audit.record("proof", "\(phase.rawValue)", field: "submittedOn", old: oldShown, new: date?.germanDate, summary: summary)
            return true
        }
    }

    // MARK: Funding terms

    /// The funding terms as stored.
    public func fundingTerms() throws(StoreError) -> FundingTerms {
        let path = self.path
        let terms = try read("Lesen der Förderbedingungen") { db in try FundingTermsRecord.fetchOne(db)?.core }
        guard let terms else { throw .invalidData(path, "Förderbedingungen fehlen") }
        return terms
    }

    /// Sets one term from its text (validated in Core: `FundingTermKey.applying`), audited with
    /// the old and new display value; version + 1. Returns the terms as stored and whether anything
    /// changed (setting the stored value again writes nothing). With `expected` (the value the user
    /// saw, as `editText` gives it) a different stored value is a `.conflict` and nothing is written.
    @discardableResult
    public func setFundingTerm(_ key: FundingTermKey, to text: String, expected: String? = nil, user: String)
        throws(StoreError) -> (terms: FundingTerms, changed: Bool) {
        let path = self.path
        return try write("Ändern der Förderbedingungen", user: user) { db, audit in
            guard var record = try FundingTermsRecord.fetchOne(db) else {
                throw StoreError.invalidData(path, "Förderbedingungen fehlen")
            }
            let old = record.core
            if let expected, key.editText(old) != expected {
                throw StoreError(kind: .conflict,
                                 message: "\(key.caption) wurde inzwischen geändert: gespeichert ist \(key.display(old)) "
                                     + "(gesehen: \(expected.isEmpty ? "leer" : expected))",
                                 conflict: .fundingTerm(key: key, current: key.editText(old)))
            }
            let new: FundingTerms
            do { new = try key.applying(text, to: old) } catch {
                throw StoreError.invalidInput("\(error)")
            }
            guard new != old else { return (old, false) }
            let version = record.version
            record = FundingTermsRecord(new)
            record.version = version + 1
            try record.update(db)
            try audit.record("terms", "1", field: key.rawValue, old: key.display(old), new: key.display(new),
                             summary: "Förderbedingungen: \(key.caption) \(key.display(old)) → \(key.display(new))")
            return (new, true)
        }
    }
}
