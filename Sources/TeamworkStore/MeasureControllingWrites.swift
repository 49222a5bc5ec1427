import GRDB
import TeamworkCore

// Writes of the Maßnahmen-Controlling, like every other record write (Editing.swift): validated
// first (`.invalidInput` with `fieldErrors`), one IMMEDIATE transaction with its audit rows,
// optimistic concurrency on `version` (`.conflict` carries the stored value), nothing written
// when nothing changed. Audit rows: entity "measure", entity id the measure's id; fields
// "status", "statusSince", "responsibleUnit", "stakeholder" for the state, "milestone" /
// "milestone.<field>" for milestones, "note" / "note.<field>" for the progress log.

extension ProjectStore {
    // MARK: Status and responsibility

    /// Stores status, status date, responsible unit and stakeholder of a measure. `state.version`
    /// is the version the user saw (0 for a measure nothing was stored for yet). Unit and
    /// stakeholder must exist. Returns the stored state.
    @discardableResult
    public func save(_ state: MeasureState, user: String) throws(StoreError) -> MeasureState {
        let errors = Validation.validate(state)
        guard errors.isEmpty else { throw .invalid("Maßnahmenstatus", errors) }
        return try write("Speichern (Maßnahmenstatus)", user: user) { db, audit in
            guard let measure = try MeasureRecord.fetchOne(db, key: state.measureID)?.core() else {
                throw StoreError.notFound("Maßnahme Nr. \(state.measureID) gibt es nicht (mehr)")
            }
            var problems: [Validation.FieldError] = []
            if let unit = state.responsibleUnitID, try Self.name(db, "staffing_unit", "unit", unit) == nil {
                problems.append(.init(field: "Verantwortlich", message: "Organisationseinheit Nr. \(unit) gibt es nicht (mehr)"))
            }
            if let person = state.stakeholderID, try Self.name(db, "stakeholder", "name", person) == nil {
                problems.append(.init(field: "Akteur", message: "Akteur Nr. \(person) gibt es nicht (mehr)"))
            }
            guard problems.isEmpty else { throw StoreError.invalid("Maßnahmenstatus", problems) }
            let stored = try MeasureStateRecord.fetchOne(db, key: state.measureID)?.core()
            let current = stored ?? .initial(for: measure)
            guard current.version == state.version else {
                throw try Self.partConflict(db, measure, what: "Status der \(Self.measureLabel(measure))",
                                            seen: state.version, current: current.version, conflict: .measureState(current))
            }
            let changes = zip(try Self.fields(db, current), try Self.fields(db, state)).filter { $0.value != $1.value }
            guard !changes.isEmpty else { return current }
            var record = MeasureStateRecord(state)
            if stored == nil {
                record.version = 1
                try record.insert(db)
            } else {
                try db.execute(sql: """
                    UPDATE measure_state SET status = ?, status_date = ?, unit_id = ?, stakeholder_id = ?,
                        version = version + 1 WHERE measure_id = ? AND version = ?
                    """, arguments: [record.status, record.statusDate, record.unitID, record.stakeholderID,
                                     state.measureID, state.version])
                guard db.changesCount == 1 else {
                    throw StoreError(kind: .conflict, message: "Status der \(Self.measureLabel(measure)) wurde gleichzeitig geändert",
                                     conflict: .measureState(current))
                }
            }
            for (old, new) in changes {
                try audit.record("measure", "\(measure.id)", field: old.field, old: old.value, new: new.value,
                                 summary: "\(Self.measureLabel(measure)): \(old.caption) \(Self.show(old.value)) → \(Self.show(new.value))")
            }
            guard let result = try MeasureStateRecord.fetchOne(db, key: state.measureID)?.core() else {
                throw StoreError(kind: .other, message: "Maßnahmenstatus ist nach dem Speichern nicht lesbar")
            }
            return result
        }
    }

    // MARK: Milestones

    /// Inserts (`id == 0`) or updates a milestone. The measure must exist; the title must be
    /// unique within the measure (case-insensitively).
    @discardableResult
    public func save(_ milestone: Milestone, user: String) throws(StoreError) -> Milestone {
        var milestone = milestone
        milestone.title = milestone.title.trimmingCharacters(in: .whitespaces)
        milestone.note = milestone.note.trimmingCharacters(in: .whitespacesAndNewlines)
        let errors = Validation.validate(milestone)
        guard errors.isEmpty else { throw .invalid("Meilenstein", errors) }
        return try savePart(milestone, user: user) { db, m in
            let others = try Row.fetchAll(db, sql: "SELECT id, title FROM milestone WHERE measure_id = ? AND id <> ?",
                                          arguments: [m.measureID, m.id])
            if let clash = others.first(where: { ($0["title"] as String).lowercased() == m.title.lowercased() }) {
                let title: String = clash["title"]
                throw StoreError.invalid("Meilenstein", [.init(field: "Titel", message: "Meilenstein \"\(title)\" gibt es bei dieser Maßnahme schon")])
            }
        }
    }

    /// Deletes a milestone seen at `version`.
    public func deleteMilestone(id: Int64, version: Int64, user: String) throws(StoreError) {
        try deletePart(Milestone.self, id: id, version: version, user: user)
    }

    // MARK: Progress log

    /// Inserts (`id == 0`; `author` becomes `user`) or updates a note of the progress log.
    @discardableResult
    public func save(_ note: ProgressNote, user: String) throws(StoreError) -> ProgressNote {
        var note = note
        note.text = note.text.trimmingCharacters(in: .whitespacesAndNewlines)
        if note.id == 0 { note.author = AuditLog.normalise(user) }
        let errors = Validation.validate(note)
        guard errors.isEmpty else { throw .invalid("Fortschrittsnotiz", errors) }
        return try savePart(note, user: user) { _, _ in }
    }

    /// Deletes a note seen at `version`.
    public func deleteProgressNote(id: Int64, version: Int64, user: String) throws(StoreError) {
        try deletePart(ProgressNote.self, id: id, version: version, user: user)
    }

    // MARK: Engine

    func savePart<T: MeasurePart>(_ value: T, user: String, prepare: (Database, T) throws -> Void) throws(StoreError) -> T {
        try write("Speichern (\(T.noun))", user: user) { db, audit in
            guard let measure = try MeasureRecord.fetchOne(db, key: value.measureID)?.core() else {
                throw StoreError.invalid(T.noun, [.init(field: "Maßnahme", message: "Maßnahme Nr. \(value.measureID) gibt es nicht (mehr)")])
            }
            try prepare(db, value)
            let label = Self.measureLabel(measure)
            if value.id == 0 {
                var fresh = value
                fresh.version = 1
                var record = fresh.record
                try record.insert(db)
                guard let stored = try T.load(db, id: db.lastInsertedRowID) else {
                    throw StoreError(kind: .other, message: "\(T.noun) ist nach dem Speichern nicht lesbar")
                }
                try audit.record("measure", "\(measure.id)", field: T.auditField, new: stored.auditName,
                                 summary: "\(label): \(stored.auditLabel) angelegt")
                return stored
            }
            guard let current = try T.load(db, id: value.id), current.measureID == value.measureID else {
                throw try Self.partConflict(db, measure, what: "\(T.noun) Nr. \(value.id)", seen: value.version,
                                            current: nil, conflict: .deleted(entity: T.conflictEntity, id: value.id))
            }
            guard current.version == value.version else {
                throw try Self.partConflict(db, measure, what: current.auditLabel, seen: value.version,
                                            current: current.version, conflict: current.conflict)
            }
            let changes = zip(current.auditFields, value.auditFields).filter { $0.value != $1.value }
            guard !changes.isEmpty else { return current }
            var columns = try value.record.databaseDictionary
            columns["id"] = nil
            columns["version"] = nil
            let names = columns.keys.sorted()
            try db.execute(
                sql: "UPDATE \(T.Record.databaseTableName) SET \(names.map { "\"\($0)\" = ?" }.joined(separator: ", ")), "
                    + "version = version + 1 WHERE id = ? AND version = ?",
                arguments: StatementArguments(names.map { columns[$0]! } + [value.id.databaseValue, value.version.databaseValue]))
            guard db.changesCount == 1, let stored = try T.load(db, id: value.id) else {
                throw StoreError(kind: .conflict, message: "\(current.auditLabel) wurde gleichzeitig geändert",
                                 conflict: current.conflict)
            }
            for (old, new) in changes {
                try audit.record("measure", "\(measure.id)", field: "\(T.auditField).\(old.field)", old: old.value,
                                 new: new.value,
                                 summary: "\(label), \(current.auditLabel): \(old.caption) \(Self.show(old.value)) → \(Self.show(new.value))")
            }
            return stored
        }
    }

    func deletePart<T: MeasurePart>(_ type: T.Type, id: Int64, version: Int64, user: String) throws(StoreError) {
        try write("Löschen (\(T.noun))", user: user) { db, audit in
            guard let current = try T.load(db, id: id) else {
                throw StoreError(kind: .conflict,
                                 message: "\(T.noun) Nr. \(id) gibt es nicht mehr – inzwischen gelöscht. Nichts wurde geschrieben.",
                                 conflict: .deleted(entity: T.conflictEntity, id: id))
            }
            let measure = try MeasureRecord.fetchOne(db, key: current.measureID)?.core()
            guard current.version == version else {
                throw try Self.partConflict(db, measure, what: current.auditLabel, seen: version,
                                            current: current.version, conflict: current.conflict)
            }
            try db.execute(sql: "DELETE FROM \(T.Record.databaseTableName) WHERE id = ? AND version = ?",
                           arguments: [id, version])
            let label = measure.map(Self.measureLabel) ?? "Maßnahme Nr. \(current.measureID)"
            try audit.record("measure", "\(current.measureID)", field: T.auditField, old: current.auditName,
                             summary: "\(label): \(current.auditLabel) gelöscht")
        }
    }

    static func partConflict(_ db: Database, _ measure: Measure?, what: String, seen: Int64, current: Int64?,
                             conflict: StoreError.Conflict) throws -> StoreError {
        let who = try measure.map { try AuditLog.lastChange(db, entity: "measure", entityID: "\($0.id)") } ?? "von jemand anderem"
        guard let current else {
            return StoreError(kind: .conflict, message: "\(what) gibt es nicht mehr – inzwischen \(who) gelöscht. "
                                  + "Nichts wurde geschrieben.", conflict: conflict)
        }
        return StoreError(kind: .conflict,
                          message: "\(what) wurde inzwischen \(who) geändert (gespeichert ist Version \(current), "
                              + "bearbeitet wurde Version \(seen)). Nichts wurde geschrieben; bitte die aktuelle "
                              + "Fassung ansehen und die Änderung erneut eintragen.",
                          conflict: conflict)
    }

    static func measureLabel(_ m: Measure) -> String { "Maßnahme \(m.reference) \"\(m.title)\"" }

    static func name(_ db: Database, _ table: String, _ column: String, _ id: Int64) throws -> String? {
        try String.fetchOne(db, sql: "SELECT \(column) FROM \(table) WHERE id = ?", arguments: [id])
    }

    static func fields(_ db: Database, _ s: MeasureState) throws -> [AuditField] {
        [("status", "Status", s.status.title), ("statusSince", "Status seit", s.since?.german),
         ("responsibleUnit", "Verantwortlich", try s.responsibleUnitID.map { try name(db, "staffing_unit", "unit", $0) ?? "Nr. \($0)" }),
         ("stakeholder", "Akteur", try s.stakeholderID.map { try name(db, "stakeholder", "name", $0) ?? "Nr. \($0)" })]
    }
}

/// A dependent part of a measure (milestone, progress note), saved by `savePart`/`deletePart`.
protocol MeasurePart: Sendable {
    associatedtype Record: MutablePersistableRecord & FetchableRecord
    static var noun: String { get }
    /// Audit field prefix ("milestone", "note").
    static var auditField: String { get }
    /// `entity` of `StoreError.Conflict.deleted`.
    static var conflictEntity: String { get }
    var id: Int64 { get }
    var measureID: Int64 { get }
    var version: Int64 { get set }
    var auditName: String { get }
    var auditLabel: String { get }
    var auditFields: [AuditField] { get }
    var record: Record { get }
    var conflict: StoreError.Conflict { get }
    static func load(_ db: Database, id: Int64) throws -> Self?
}

extension Milestone: MeasurePart {
    static var noun: String { "Meilenstein" }
    static var auditField: String { "milestone" }
    static var conflictEntity: String { "milestone" }
    var auditName: String { "\(title) (fällig \(due.german))" }
    var auditLabel: String { "Meilenstein \"\(title)\" (fällig \(due.german))" }
    var auditFields: [AuditField] {
        [("title", "Titel", title), ("due", "Fällig", due.german), ("done", "Erledigt", done?.german), ("note", "Notiz", note)]
    }
    var record: MilestoneRecord { MilestoneRecord(self) }
    var conflict: StoreError.Conflict { .milestone(self) }
    static func load(_ db: Database, id: Int64) throws -> Milestone? { try MilestoneRecord.fetchOne(db, key: id)?.core() }
}

extension ProgressNote: MeasurePart {
    static var noun: String { "Fortschrittsnotiz" }
    static var auditField: String { "note" }
    static var conflictEntity: String { "progressNote" }
    var auditName: String { "\(date.german): \(text)" }
    var auditLabel: String { "Notiz vom \(date.german)" }
    var auditFields: [AuditField] { [("date", "Datum", date.german), ("text", "Text", text)] }
    var record: ProgressNoteRecord { ProgressNoteRecord(self) }
    var conflict: StoreError.Conflict { .progressNote(self) }
    static func load(_ db: Database, id: Int64) throws -> ProgressNote? { try ProgressNoteRecord.fetchOne(db, key: id)?.core() }
}
