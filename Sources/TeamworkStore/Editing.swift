import GRDB
import TeamworkCore

// Create, update and delete of the records, with validation, optimistic concurrency and audit.
//
// Every write runs in one IMMEDIATE transaction together with its audit rows. Updates and deletes
// carry the version the user saw: `UPDATE … WHERE id = ? AND version = ?` (version + 1) and
// `DELETE … WHERE id = ? AND version = ?`; when the stored version differs (or the record is gone)
// nothing is written and the error is `.conflict` with the CURRENT record in `StoreError.conflict`.
//
// Deleting a record others point to:
// - stakeholder: its event links are removed (each linked event gets version + 1 and an audit row);
// - measure: events and series that reference it keep existing with no measure (measure NULL,
//   version + 1, audited); the plan is not touched;
// - event series: its events keep existing without a series (series NULL, version + 1, audited).
// `dependents(of…:)` lists these records beforehand so the UI can ask first.

/// (Swift property, German caption, display value) of one audited field.
typealias AuditField = (field: String, caption: String, value: String?)

/// A Core record the store can save, version-check, delete and audit generically.
protocol StoredRecord: Sendable {
    associatedtype Record: MutablePersistableRecord & FetchableRecord
    /// Audit entity ("measure", …).
    static var entity: String { get }
    /// German noun for messages ("Maßnahme").
    static var noun: String { get }
    var id: Int64 { get set }
    var version: Int64 { get set }
    /// Short name for the audit trail ("Lebenshauptstadt ist Teamwork").
    var auditName: String { get }
    /// Name with noun for messages (`Maßnahme "Lebenshauptstadt ist Teamwork"`).
    var auditLabel: String { get }
    func auditFields(_ db: Database) throws -> [AuditField]
    var record: Record { get }
    var conflict: StoreError.Conflict { get }
    static func load(_ db: Database, id: Int64) throws -> Self?
}

extension ProjectStore {
    // MARK: Measures

    /// Inserts (`id == 0`) or updates a measure. Validated first (`.invalidInput` with
    /// `fieldErrors`). The plan line must exist; (phase, number) must be free. A planned measure
    /// on a plan line takes the line's Gesamt as cost (the plan is the source of that figure).
    /// Returns the stored measure (new id / version). Saving unchanged values writes nothing.
    @discardableResult
    public func save(_ measure: Measure, user: String) throws(StoreError) -> Measure {
        let errors = Validation.validate(measure)
        guard errors.isEmpty else { throw .invalid("Maßnahme", errors) }
        return try saveVersioned(measure, user: user, prepare: { db, m in
            if let code = m.planLine {
                guard let total = try Int64.fetchOne(db, sql: "SELECT stated_total FROM plan_line WHERE code = ?",
                                                     arguments: [code]) else {
                    throw StoreError.invalid("Maßnahme", [.init(field: "Planzeile", message: "\"\(code)\" gibt es nicht im Finanzplan")])
                }
                if m.stage != .implemented { m.cost = Money(cents: total) }
            }
            if let other = try String.fetchOne(db, sql: "SELECT title FROM measure WHERE stage = ? AND number = ? AND id <> ?",
                                               arguments: [m.stage.rawValue, m.number, m.id]) {
                throw StoreError.invalid("Maßnahme", [.init(
                    field: "Nummer",
                    message: "\(m.stage.title): Maßnahme \(m.number) gibt es schon (\"\(other)\")")])
            }
        })
    }

    /// Deletes a measure seen at `version`. Events and series that reference it lose the reference
    /// (audited). `dependents(ofMeasure:)` lists them beforehand.
    public func deleteMeasure(id: Int64, version: Int64, user: String) throws(StoreError) {
        try deleteVersioned(Measure.self, id: id, version: version, user: user) { db, measure, audit in
            try Self.detach(db, audit: audit, table: "event", entity: "event", column: "measure_id", field: "measureID",
                            caption: "Maßnahme", id: id, oldValue: Self.reference(measure.auditName, id),
                            because: "Maßnahme gelöscht")
            try Self.detach(db, audit: audit, table: "event_series", entity: "series", column: "measure_id",
                            field: "measureID", caption: "Maßnahme", id: id,
                            oldValue: Self.reference(measure.auditName, id), because: "Maßnahme gelöscht")
        }
    }

    /// What refers to a measure: `Termin "Smart City Forum 2027" (12.05.2027)`,
    /// `Veranstaltungsreihe "Smart City Forum"`. Empty when nothing does.
    public func dependents(ofMeasure id: Int64) throws(StoreError) -> [String] {
        try read("Suchen abhängiger Einträge") { db in
            try Self.eventDescriptions(db, sql: "SELECT title, start FROM event WHERE measure_id = ? ORDER BY start, id",
                                       id: id)
                + String.fetchAll(db, sql: "SELECT title FROM event_series WHERE measure_id = ? ORDER BY id",
                                  arguments: [id]).map { "Veranstaltungsreihe \"\($0)\"" }
        }
    }

    // MARK: Staffing

    /// Inserts (`id == 0`; position 0 means "append") or updates Stellenanteile of one unit.
    @discardableResult
    public func save(_ unit: StaffingUnit, user: String) throws(StoreError) -> StaffingUnit {
        let errors = Validation.validate(unit)
        guard errors.isEmpty else { throw .invalid("Stellenanteil", errors) }
        return try saveVersioned(unit, user: user, prepare: { db, u in
            if u.id == 0 && u.position == 0 {
                u.position = (try Int.fetchOne(db, sql: "SELECT COALESCE(MAX(position), 0) FROM staffing_unit") ?? 0) + 1
            }
        })
    }

    public func deleteStaffingUnit(id: Int64, version: Int64, user: String) throws(StoreError) {
        try deleteVersioned(StaffingUnit.self, id: id, version: version, user: user) { _, _, _ in }
    }

    // MARK: Stakeholders

    /// Inserts (`id == 0`) or updates a stakeholder; e-mail and phone are stored trimmed.
    @discardableResult
    public func save(_ stakeholder: Stakeholder, user: String) throws(StoreError) -> Stakeholder {
        let errors = Validation.validate(stakeholder)
        guard errors.isEmpty else { throw .invalid("Akteur", errors) }
        return try saveVersioned(stakeholder, user: user, prepare: { _, s in
            s.email = s.email.trimmingCharacters(in: .whitespacesAndNewlines)
            s.phone = s.phone.trimmingCharacters(in: .whitespacesAndNewlines)
        })
    }

    /// Deletes a stakeholder seen at `version` and, in the same transaction, its event links
    /// (each linked event: version + 1, audit row). `dependents(ofStakeholder:)` lists them.
    public func deleteStakeholder(id: Int64, version: Int64, user: String) throws(StoreError) {
        try deleteVersioned(Stakeholder.self, id: id, version: version, user: user) { db, stakeholder, audit in
            let events = try Int64.fetchAll(db, sql: """
                SELECT e.id FROM event e JOIN event_stakeholder l ON l.event_id = e.id
                WHERE l.stakeholder_id = ? ORDER BY e.start, e.id
                """, arguments: [id])
            for eventID in events {
                guard let before = try Event.load(db, id: eventID) else { continue }
                let oldNames = try Event.stakeholderNames(db, before.stakeholderIDs)
                try db.execute(sql: "DELETE FROM event_stakeholder WHERE event_id = ? AND stakeholder_id = ?",
                               arguments: [eventID, id])
                try db.execute(sql: "UPDATE event SET version = version + 1 WHERE id = ?", arguments: [eventID])
                let newNames = try Event.stakeholderNames(db, before.stakeholderIDs.filter { $0 != id })
                try audit.record("event", "\(eventID)", field: "stakeholderIDs", old: oldNames, new: newNames,
                                 summary: "\(before.auditLabel): Akteur \"\(stakeholder.name)\" entfernt (Akteur gelöscht)")
            }
        }
    }

    /// What refers to a stakeholder: `Termin "Smart City Forum 2027" (12.05.2027)`, in date order.
    public func dependents(ofStakeholder id: Int64) throws(StoreError) -> [String] {
        try read("Suchen abhängiger Einträge") { db in
            try Self.eventDescriptions(db, sql: """
                SELECT e.title, e.start FROM event e JOIN event_stakeholder l ON l.event_id = e.id
                WHERE l.stakeholder_id = ? ORDER BY e.start, e.id
                """, id: id)
        }
    }

    // MARK: Events

    /// Inserts (`id == 0`) or updates an event together with its stakeholder links. End must not
    /// lie before start; series, measure and stakeholders must exist.
    @discardableResult
    public func save(_ event: Event, user: String) throws(StoreError) -> Event {
        let errors = Validation.validate(event)
        guard errors.isEmpty else { throw .invalid("Termin", errors) }
        return try saveVersioned(event, user: user, prepare: { db, e in
            let problems = try Self.eventReferenceProblems(db, e, missing: "gibt es nicht (mehr)")
            guard problems.isEmpty else { throw StoreError.invalid("Termin", problems) }
            e.stakeholderIDs = Array(Set(e.stakeholderIDs)).sorted()
        }, afterWrite: Event.writeLinks)
    }

    /// Deletes an event seen at `version`; its stakeholder links go with it.
    public func deleteEvent(id: Int64, version: Int64, user: String) throws(StoreError) {
        try deleteVersioned(Event.self, id: id, version: version, user: user) { _, _, _ in }
    }

    // MARK: Event series

    /// Inserts (`id == 0`) or updates a series; the measure must exist.
    @discardableResult
    public func save(_ series: EventSeries, user: String) throws(StoreError) -> EventSeries {
        let errors = Validation.validate(series)
        guard errors.isEmpty else { throw .invalid("Veranstaltungsreihe", errors) }
        return try saveVersioned(series, user: user, prepare: { db, s in
            if let measure = s.measureID,
               try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM measure WHERE id = ?)", arguments: [measure]) != true {
                throw StoreError.invalid("Veranstaltungsreihe",
                                         [.init(field: "Maßnahme", message: "Maßnahme Nr. \(measure) gibt es nicht (mehr)")])
            }
        })
    }

    /// Deletes a series seen at `version`; its events stay, without a series (audited).
    public func deleteEventSeries(id: Int64, version: Int64, user: String) throws(StoreError) {
        try deleteVersioned(EventSeries.self, id: id, version: version, user: user) { db, series, audit in
            try Self.detach(db, audit: audit, table: "event", entity: "event", column: "series_id", field: "seriesID",
                            caption: "Reihe", id: id, oldValue: Self.reference(series.auditName, id),
                            because: "Reihe gelöscht")
        }
    }

    /// Events of a series: `Termin "Smart City Forum 2027" (12.05.2027)`.
    public func dependents(ofSeries id: Int64) throws(StoreError) -> [String] {
        try read("Suchen abhängiger Einträge") { db in
            try Self.eventDescriptions(db, sql: "SELECT title, start FROM event WHERE series_id = ? ORDER BY start, id",
                                       id: id)
        }
    }

    // MARK: Engine

    /// Insert (`id == 0`) or version-checked update, audited field by field, in its own write
    /// transaction. `prepare` checks references and normalises inside the transaction;
    /// `afterWrite` writes dependent rows (event links) once the record has its id.
    func saveVersioned<T: StoredRecord>(
        _ value: T, user: String,
        prepare: (Database, inout T) throws -> Void = { _, _ in },
        afterWrite: (Database, T?, T) throws -> Void = { _, _, _ in }
    ) throws(StoreError) -> T {
        try write("Speichern (\(T.noun))", user: user) { db, audit in
            var value = value
            try prepare(db, &value)
            return try Self.upsert(db, audit: audit, value, isNew: value.id == 0,
                                   unreadable: "\(T.noun) ist nach dem Speichern nicht lesbar",
                                   afterWrite: afterWrite).stored
        }
    }

    enum UpsertOutcome { case inserted(Int64), updated(Int64), unchanged }

    /// Insert (`isNew`; with the value's id, or a fresh one when it is 0) or version-checked update
    /// of one record INSIDE the caller's transaction (GRDB writes do not nest, so the callers own
    /// the `write`: `saveVersioned` for one record, the imports for many). Audited: one row for a
    /// new record, one row per changed field; `tag` follows the record's label in the summaries
    /// (" (Import)"). Writes nothing when no audited field differs. `afterWrite` writes dependent
    /// rows (event links) once the record has its id. `unreadable` is the message when the record
    /// cannot be read back. Returns the record as stored (the current one when unchanged).
    static func upsert<T: StoredRecord>(_ db: Database, audit: AuditLog, _ value: T, isNew: Bool,
                                        tag: String = "", unreadable: String,
                                        afterWrite: (Database, T?, T) throws -> Void = { _, _, _ in })
        throws -> (stored: T, outcome: UpsertOutcome) {
        try rejectNUL(value)
        var value = value
        if isNew {
            value.version = 1
            var record = value.record
            try record.insert(db)
            value.id = db.lastInsertedRowID
            try afterWrite(db, nil, value)
            guard let stored = try T.load(db, id: value.id) else {
                throw StoreError(kind: .other, message: unreadable)
            }
            try audit.record(T.entity, "\(stored.id)", new: stored.auditName, summary: "\(stored.auditLabel) angelegt\(tag)")
            return (stored, .inserted(stored.id))
        }
        guard let current = try T.load(db, id: value.id) else {
            throw try conflictError(db, T.self, id: value.id, seen: value.version, current: nil)
        }
        guard current.version == value.version else {
            throw try conflictError(db, T.self, id: value.id, seen: value.version, current: current)
        }
        let before = try current.auditFields(db), after = try value.auditFields(db)
        let changes = zip(before, after).filter { $0.value != $1.value }
        guard !changes.isEmpty else { return (current, .unchanged) }

        var columns = try value.record.databaseDictionary
        columns["id"] = nil
        columns["version"] = nil
        let names = columns.keys.sorted()
        let assignments = names.map { "\"\($0)\" = ?" }.joined(separator: ", ")
        try db.execute(
            sql: "UPDATE \(T.Record.databaseTableName) SET \(assignments), version = version + 1 WHERE id = ? AND version = ?",
            arguments: StatementArguments(names.map { columns[$0]! } + [value.id.databaseValue, value.version.databaseValue]))
        guard db.changesCount == 1 else {
            throw try conflictError(db, T.self, id: value.id, seen: value.version, current: try T.load(db, id: value.id))
        }
        try afterWrite(db, current, value)
        guard let stored = try T.load(db, id: value.id) else {
            throw StoreError(kind: .other, message: unreadable)
        }
        for (old, new) in changes {
            try audit.record(T.entity, "\(value.id)", field: old.field, old: old.value, new: new.value,
                             summary: "\(stored.auditLabel)\(tag): \(old.caption) \(show(old.value)) → \(show(new.value))")
        }
        return (stored, .updated(stored.id))
    }

    /// SQLite's C interface ends text at a NUL byte, so a name with one would be saved cut short
    /// without a word: a text containing NUL is rejected (`.invalidInput`, naming record and field).
    static func rejectNUL<T: StoredRecord>(_ value: T) throws {
        for (column, stored) in try value.record.databaseDictionary.sorted(by: { $0.key < $1.key }) {
            guard case .string(let text) = stored.storage, text.utf8.contains(0) else { continue }
            let shown = TerminalSafety.echo(value.auditName)  // NUL shown as \u{0}
            throw StoreError(kind: .invalidInput,
                             message: "\(T.noun) \"\(shown)\": das Feld \"\(column)\" enthält ein NUL-Zeichen (Byte 0), "
                                 + "das nicht gespeichert werden kann – bitte entfernen")
        }
    }

    /// Series, measure and stakeholders of an event must exist; `missing` ends each message
    /// ("gibt es nicht", or "gibt es nicht (mehr)" when editing).
    static func eventReferenceProblems(_ db: Database, _ e: Event,
                                       missing: String = "gibt es nicht") throws -> [Validation.FieldError] {
        var problems: [Validation.FieldError] = []
        if let series = e.seriesID,
           try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM event_series WHERE id = ?)", arguments: [series]) != true {
            problems.append(.init(field: "Reihe", message: "Veranstaltungsreihe Nr. \(series) \(missing)"))
        }
        if let measure = e.measureID,
           try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM measure WHERE id = ?)", arguments: [measure]) != true {
            problems.append(.init(field: "Maßnahme", message: "Maßnahme Nr. \(measure) \(missing)"))
        }
        let known = Set(try Int64.fetchAll(db, sql: "SELECT id FROM stakeholder"))
        let unknown = e.stakeholderIDs.filter { !known.contains($0) }
        if !unknown.isEmpty {
            problems.append(.init(field: "Akteure",
                                  message: "Akteur Nr. \(unknown.map(String.init).joined(separator: ", ")) \(missing)"))
        }
        return problems
    }

    /// Version-checked delete, audited; `cascade` handles records that point to it first.
    func deleteVersioned<T: StoredRecord>(
        _ type: T.Type, id: Int64, version: Int64, user: String,
        cascade: (Database, T, AuditLog) throws -> Void
    ) throws(StoreError) {
        try write("Löschen (\(T.noun))", user: user) { db, audit in
            guard let current = try T.load(db, id: id) else {
                throw try Self.conflictError(db, T.self, id: id, seen: version, current: nil)
            }
            guard current.version == version else {
                throw try Self.conflictError(db, T.self, id: id, seen: version, current: current)
            }
            try cascade(db, current, audit)
            try db.execute(sql: "DELETE FROM \(T.Record.databaseTableName) WHERE id = ? AND version = ?",
                           arguments: [id, version])
            guard db.changesCount == 1 else {
                throw try Self.conflictError(db, T.self, id: id, seen: version, current: try T.load(db, id: id))
            }
            try audit.record(T.entity, "\(id)", old: current.auditName, summary: "\(current.auditLabel) gelöscht")
        }
    }

    static func conflictError<T: StoredRecord>(_ db: Database, _ type: T.Type, id: Int64, seen: Int64, current: T?)
        throws -> StoreError {
        let who = try AuditLog.lastChange(db, entity: T.entity, entityID: "\(id)")
        guard let current else {
            return StoreError(kind: .conflict,
                              message: "\(T.noun) Nr. \(id) gibt es nicht mehr – inzwischen \(who) gelöscht. "
                                  + "Nichts wurde geschrieben.",
                              conflict: .deleted(entity: T.entity, id: id))
        }
        return StoreError(kind: .conflict,
                          message: "\(current.auditLabel) wurde inzwischen \(who) geändert (gespeichert ist Version "
                              + "\(current.version), bearbeitet wurde Version \(seen)). Nichts wurde geschrieben; "
                              + "bitte die aktuelle Fassung ansehen und die Änderung erneut eintragen.",
                          conflict: current.conflict)
    }

    /// Sets `column` to NULL in every row of `table` pointing to `id`, bumps their versions and
    /// audits each as a change of `field`.
    static func detach(_ db: Database, audit: AuditLog, table: String, entity: String, column: String, field: String,
                       caption: String, id: Int64, oldValue: String, because reason: String) throws {
        let label = table == "event" ? "Termin" : "Veranstaltungsreihe"
        let rows = try Row.fetchAll(db, sql: "SELECT id, title FROM \(table) WHERE \(column) = ? ORDER BY id", arguments: [id])
        for row in rows {
            let rowID: Int64 = row["id"], title: String = row["title"]
            try db.execute(sql: "UPDATE \(table) SET \(column) = NULL, version = version + 1 WHERE id = ?", arguments: [rowID])
            try audit.record(entity, "\(rowID)", field: field, old: oldValue, new: nil,
                             summary: "\(label) \"\(title)\": \(caption) \(oldValue) entfernt (\(reason))")
        }
    }

    static func eventDescriptions(_ db: Database, sql: String, id: Int64) throws -> [String] {
        try Row.fetchAll(db, sql: sql, arguments: [id]).map { row in
            let title: String = row["title"], start: String = row["start"]
            return "Termin \"\(title)\" (\(LocalDateTime(iso: start)?.germanDate ?? start))"
        }
    }

    /// `"Titel" (Nr. 5)` for references in the audit trail.
    static func reference(_ name: String, _ id: Int64) -> String { "\"\(name)\" (Nr. \(id))" }

    /// Display of a value in a summary: quoted, long texts shortened, nil as "–".
    static func show(_ value: String?) -> String {
        guard let value else { return "–" }
        return value.count > 60 ? "\"\(value.prefix(57))…\"" : "\"\(value)\""
    }
}

// MARK: Conformances

extension Measure: StoredRecord {
    static var entity: String { "measure" }
    static var noun: String { "Maßnahme" }
    var auditName: String { title }
    var auditLabel: String { "Maßnahme \"\(title)\"" }
    var record: MeasureRecord { MeasureRecord(self) }
    var conflict: StoreError.Conflict { .measure(self) }
    static func load(_ db: Database, id: Int64) throws -> Measure? { try MeasureRecord.fetchOne(db, key: id)?.core() }
    func auditFields(_ db: Database) throws -> [AuditField] {
        [("stage", "Phase", stage.title), ("number", "Nummer", "\(number)"), ("title", "Titel", title),
         ("link", "Link", link), ("cost", "Kosten", cost?.formatted), ("planLine", "Planzeile", planLine),
         ("summary", "Skizze", summary), ("scope", "Raum/Maßstab", scope), ("rolemodel", "Vorbild", rolemodel),
         ("rolemodelLink", "Link zum Vorbild", rolemodelLink), ("goal", "Ziel", goal),
         ("goalReached", "Ziel erreicht", goalReached.map { $0 ? "Ja" : "Nein" }),
         ("contribution", "Beitrag", contribution), ("costTypes", "Kostenarten", costTypes),
         ("operation", "Betrieb", operation), ("rollout", "Rollout", rollout), ("transfer", "Transfer", transfer)]
    }
}

extension StaffingUnit: StoredRecord {
    static var entity: String { "staffing" }
    static var noun: String { "Stellenanteil" }
    var auditName: String { unit }
    var auditLabel: String { "Stellenanteile \"\(unit)\"" }
    var record: StaffingUnitRecord { StaffingUnitRecord(self) }
    var conflict: StoreError.Conflict { .staffing(self) }
    static func load(_ db: Database, id: Int64) throws -> StaffingUnit? { try StaffingUnitRecord.fetchOne(db, key: id)?.core }
    func auditFields(_ db: Database) throws -> [AuditField] {
        [("unit", "Organisationseinheit", unit), ("involved", "Stellenanteil beteiligt", Fixed2.format(involved)),
         ("funded", "Stellenanteil gefördert", Fixed2.format(funded)), ("position", "Position", "\(position)")]
    }
}

extension Stakeholder: StoredRecord {
    static var entity: String { "stakeholder" }
    static var noun: String { "Akteur" }
    var auditName: String { name }
    var auditLabel: String { "Akteur \"\(name)\"" }
    var record: StakeholderRecord { StakeholderRecord(self) }
    var conflict: StoreError.Conflict { .stakeholder(self) }
    static func load(_ db: Database, id: Int64) throws -> Stakeholder? { try StakeholderRecord.fetchOne(db, key: id)?.core() }
    func auditFields(_ db: Database) throws -> [AuditField] {
        [("name", "Name", name), ("kind", "Art", kind.title), ("role", "Rolle", role),
         ("contactPerson", "Ansprechperson", contactPerson), ("email", "E-Mail", email), ("phone", "Telefon", phone),
         ("address", "Adresse", address), ("link", "Link", link), ("notes", "Notizen", notes),
         ("organisation", "Organisation", organisation),
         ("moreEmails", "Weitere E-Mail", moreEmails.joined(separator: ", ")),
         ("morePhones", "Weitere Telefonnummern", morePhones.joined(separator: ", ")), ("uid", "UID", uid)]
    }
}

extension EventSeries: StoredRecord {
    static var entity: String { "series" }
    static var noun: String { "Veranstaltungsreihe" }
    var auditName: String { title }
    var auditLabel: String { "Veranstaltungsreihe \"\(title)\"" }
    var record: EventSeriesRecord { EventSeriesRecord(self) }
    var conflict: StoreError.Conflict { .series(self) }
    static func load(_ db: Database, id: Int64) throws -> EventSeries? { try EventSeriesRecord.fetchOne(db, key: id)?.core }
    func auditFields(_ db: Database) throws -> [AuditField] {
        [("title", "Titel", title), ("format", "Format", format), ("cadence", "Rhythmus", cadence),
         ("description", "Beschreibung", description), ("organiser", "Veranstalter", organiser),
         ("measureID", "Maßnahme", try Self.measureReference(db, measureID)), ("source", "Quelle", source),
         ("uid", "UID", uid)]
    }

    static func measureReference(_ db: Database, _ id: Int64?) throws -> String? {
        guard let id else { return nil }
        let title = try String.fetchOne(db, sql: "SELECT title FROM measure WHERE id = ?", arguments: [id]) ?? "?"
        return ProjectStore.reference(title, id)
    }
}

extension Event: StoredRecord {
    static var entity: String { "event" }
    static var noun: String { "Termin" }
    var auditName: String { "\(title) (\(start.germanDate))" }
    var auditLabel: String { "Termin \"\(title)\" (\(start.germanDate))" }
    var record: EventRecord { EventRecord(self) }
    var conflict: StoreError.Conflict { .event(self) }
    static func load(_ db: Database, id: Int64) throws -> Event? {
        guard let record = try EventRecord.fetchOne(db, key: id) else { return nil }
        let links = try Int64.fetchAll(db, sql: """
            SELECT stakeholder_id FROM event_stakeholder WHERE event_id = ? ORDER BY stakeholder_id
            """, arguments: [id])
        return try record.core(stakeholderIDs: links)
    }
    func auditFields(_ db: Database) throws -> [AuditField] {
        let series: String? = try seriesID.map { id in
            ProjectStore.reference(
                try String.fetchOne(db, sql: "SELECT title FROM event_series WHERE id = ?", arguments: [id]) ?? "?", id)
        }
        return [("seriesID", "Reihe", series), ("title", "Titel", title), ("format", "Format", format),
                ("start", "Beginn", start.german), ("end", "Ende", end.german), ("place", "Ort", place),
                ("organiser", "Veranstalter", organiser),
                ("measureID", "Maßnahme", try EventSeries.measureReference(db, measureID)),
                ("stakeholderIDs", "Akteure", try Self.stakeholderNames(db, stakeholderIDs)),
                ("notes", "Notizen", notes), ("uid", "UID", uid), ("recurrenceID", "Wiederholung", recurrenceID)]
    }

    /// Brings the stakeholder links of `event` from `before` (nil: a new event) to
    /// `event.stakeholderIDs`; the `afterWrite` of every event write.
    static func writeLinks(_ db: Database, before: Event?, _ event: Event) throws {
        let old = Set(before?.stakeholderIDs ?? []), new = Set(event.stakeholderIDs)
        for removed in old.subtracting(new) {
            try db.execute(sql: "DELETE FROM event_stakeholder WHERE event_id = ? AND stakeholder_id = ?",
                           arguments: [event.id, removed])
        }
        for added in new.subtracting(old).sorted() {
            try db.execute(sql: "INSERT INTO event_stakeholder (event_id, stakeholder_id) VALUES (?, ?)",
                           arguments: [event.id, added])
        }
    }

    /// `Hacklabor, VHS` in id order; nil for none.
    static func stakeholderNames(_ db: Database, _ ids: [Int64]) throws -> String? {
        guard !ids.isEmpty else { return nil }
        return try Array(Set(ids)).sorted().map { id in
            try String.fetchOne(db, sql: "SELECT name FROM stakeholder WHERE id = ?", arguments: [id]) ?? "Nr. \(id)"
        }.joined(separator: ", ")
    }
}
