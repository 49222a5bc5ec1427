import GRDB
import TeamworkCore

// Maßnahmen-Controlling in the store: migrations, row types and loading. Writes are in
// MeasureControllingWrites.swift.
//
// Tables (migration "v3-measure-controlling"):
// - `measure_state`: one row per measure once someone set its status or responsibility; a measure
//   without a row is in `MeasureState.initial(for:)`. Deleted with its measure; a deleted staffing
//   unit or stakeholder leaves the measure without one.
// - `milestone`: title (unique per measure), due day, done day, note.
// - `progress_note`: the dated progress log.
// Days are stored as `YYYY-MM-DD`. Audit rows of all three use entity "measure" and the measure's
// id, so a measure's whole history is one query (the audit table's entity list stays as shipped).

extension Schema {
    static let measureControllingV3 = "v3-measure-controlling"
    /// Seed family (registered only with `seed: true`, after the schema): the statuses the
    /// application states — the measures of I.6 (implemented before the application, goal
    /// reached) `abgeschlossen`, every other measure `geplant` (as `MeasureState.initial(for:)`);
    /// no dates, nobody responsible, no milestones. Not audited, like the seed itself.
    static let seedMeasureStatusV3 = "v3-seed-measure-status"

    static let v3MeasureControllingSQL = """
        CREATE TABLE measure_state (
            measure_id INTEGER PRIMARY KEY NOT NULL REFERENCES measure(id) ON DELETE CASCADE,
            status TEXT NOT NULL
                CHECK (status IN ('planned', 'preparing', 'inProgress', 'completed', 'postponed', 'stopped')),
            status_date TEXT CHECK (status_date IS NULL OR status_date GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'),
            unit_id INTEGER REFERENCES staffing_unit(id) ON DELETE SET NULL,
            stakeholder_id INTEGER REFERENCES stakeholder(id) ON DELETE SET NULL,
            version INTEGER NOT NULL DEFAULT 1 CHECK (version >= 1)
        );
        CREATE INDEX measure_state_unit ON measure_state(unit_id);
        CREATE INDEX measure_state_stakeholder ON measure_state(stakeholder_id);

        CREATE TABLE milestone (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            measure_id INTEGER NOT NULL REFERENCES measure(id) ON DELETE CASCADE,
            title TEXT NOT NULL CHECK (title <> ''),
            due TEXT NOT NULL CHECK (due GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'),
            done TEXT CHECK (done IS NULL OR done GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'),
            note TEXT NOT NULL DEFAULT '',
            version INTEGER NOT NULL DEFAULT 1 CHECK (version >= 1),
            UNIQUE (measure_id, title)
        );
        CREATE INDEX milestone_due ON milestone(due);

        CREATE TABLE progress_note (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            measure_id INTEGER NOT NULL REFERENCES measure(id) ON DELETE CASCADE,
            date TEXT NOT NULL CHECK (date GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'),
            text TEXT NOT NULL CHECK (text <> ''),
            author TEXT NOT NULL DEFAULT '',
            version INTEGER NOT NULL DEFAULT 1 CHECK (version >= 1)
        );
        CREATE INDEX progress_note_measure ON progress_note(measure_id, date);
        """

    /// Plain SQL so the migration stays valid when the Swift types change.
    static let v3SeedMeasureStatusSQL = """
        INSERT INTO measure_state (measure_id, status, status_date)
        SELECT id, CASE WHEN stage = 'implemented' THEN 'completed' ELSE 'planned' END, NULL
        FROM measure WHERE id NOT IN (SELECT measure_id FROM measure_state);
        """

    static func registerMeasureControlling(_ migrator: inout DatabaseMigrator, seed: Bool) {
        migrator.registerMigration(measureControllingV3) { db in
            try db.execute(sql: v3MeasureControllingSQL)
        }
        if seed {
            migrator.registerMigration(seedMeasureStatusV3) { db in
                try db.execute(sql: v3SeedMeasureStatusSQL)
            }
        }
    }
}

// MARK: Rows

struct MeasureStateRecord: Codable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "measure_state"
    enum CodingKeys: String, CodingKey {
        case status, version
        case measureID = "measure_id"
        case statusDate = "status_date"
        case unitID = "unit_id"
        case stakeholderID = "stakeholder_id"
    }
    var measureID: Int64
    var status: String
    var statusDate: String?
    var unitID: Int64?
    var stakeholderID: Int64?
    var version: Int64

    init(_ s: MeasureState) {
        measureID = s.measureID; status = s.status.rawValue; statusDate = s.since?.iso; unitID = s.responsibleUnitID
        stakeholderID = s.stakeholderID; version = s.version
    }

    func core() throws(StoreError) -> MeasureState {
        guard let status = MeasureStatus(rawValue: status) else {
            throw StoreError(kind: .invalidData, message: "Maßnahme \(measureID): unbekannter Status \"\(self.status)\"")
        }
        var since: LocalDate?
        if let statusDate {
            guard let day = LocalDate(iso: statusDate) else {
                throw StoreError(kind: .invalidData, message: "Maßnahme \(measureID): ungültiges Statusdatum \"\(statusDate)\"")
            }
            since = day
        }
        return MeasureState(measureID: measureID, status: status, since: since, responsibleUnitID: unitID,
                            stakeholderID: stakeholderID, version: version)
    }
}

struct MilestoneRecord: Codable, FetchableRecord, MutablePersistableRecord {
    static let databaseTableName = "milestone"
    enum CodingKeys: String, CodingKey {
        case id, title, due, done, note, version
        case measureID = "measure_id"
    }
    var id: Int64?
    var measureID: Int64
    var title: String
    var due: String
    var done: String?
    var note: String
    var version: Int64

    init(_ m: Milestone) {
        id = m.id == 0 ? nil : m.id
        measureID = m.measureID; title = m.title; due = m.due.iso; done = m.done?.iso; note = m.note; version = m.version
    }

    mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }

    func core() throws(StoreError) -> Milestone {
        guard let dueDay = LocalDate(iso: due) else {
            throw StoreError(kind: .invalidData, message: "Meilenstein \"\(title)\": ungültiges Fälligkeitsdatum \"\(due)\"")
        }
        var doneDay: LocalDate?
        if let done {
            guard let day = LocalDate(iso: done) else {
                throw StoreError(kind: .invalidData, message: "Meilenstein \"\(title)\": ungültiges Erledigt-Datum \"\(done)\"")
            }
            doneDay = day
        }
        return Milestone(id: id ?? 0, measureID: measureID, title: title, due: dueDay, done: doneDay, note: note,
                         version: version)
    }
}

struct ProgressNoteRecord: Codable, FetchableRecord, MutablePersistableRecord {
    static let databaseTableName = "progress_note"
    enum CodingKeys: String, CodingKey {
        case id, date, text, author, version
        case measureID = "measure_id"
    }
    var id: Int64?
    var measureID: Int64
    var date: String
    var text: String
    var author: String
    var version: Int64

    init(_ n: ProgressNote) {
        id = n.id == 0 ? nil : n.id
        measureID = n.measureID; date = n.date.iso; text = n.text; author = n.author; version = n.version
    }

    mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }

    func core() throws(StoreError) -> ProgressNote {
        guard let day = LocalDate(iso: date) else {
            throw StoreError(kind: .invalidData, message: "Fortschrittsnotiz Nr. \(id ?? 0): ungültiges Datum \"\(date)\"")
        }
        return ProgressNote(id: id ?? 0, measureID: measureID, date: day, text: text, author: author, version: version)
    }
}

// MARK: Reading

extension ProjectStore {
    /// Status, responsibility, milestones and progress log of every measure.
    public func loadMeasureControlling() throws(StoreError) -> MeasureControlling {
        let path = self.path
        do {
            return try read("Laden des Maßnahmen-Controllings") { db throws -> MeasureControlling in
                try Self.fetchControlling(db.handle)
            }
        } catch where error.kind == .invalidData && !error.message.hasPrefix("Datenbank") {
            throw .invalidData(path, error.message)
        }
    }

    static func fetchControlling(_ db: OpaquePointer) throws -> MeasureControlling {
        // Read through `RawQuery` (RawRows.swift): part of every start.
        let states = try RawQuery.all(db, table: "measure_state", "SELECT * FROM measure_state ORDER BY measure_id",
                                      MeasureStateRecord.init(raw:))
            .map { r throws(StoreError) in try r.core() }
        let milestones = try RawQuery.all(db, table: "milestone", "SELECT * FROM milestone ORDER BY due, id",
                                          MilestoneRecord.init(raw:))
            .map { r throws(StoreError) in try r.core() }
        let notes = try RawQuery.all(db, table: "progress_note", "SELECT * FROM progress_note ORDER BY date, id",
                                     ProgressNoteRecord.init(raw:))
            .map { r throws(StoreError) in try r.core() }
        return MeasureControlling(states: states, milestones: milestones, notes: notes)
    }
}
