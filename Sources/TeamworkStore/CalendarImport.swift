import Foundation
import GRDB
import TeamworkCore

// Events from iCalendar files (Google Calendar, Outlook, Thunderbird, our own export), in ONE
// write transaction with the audit rows.
//
// Matching:
// - a UID of our own form `event-<id>@teamwork.schwerin.de` whose event exists → that event
//   (all fields from the file, our exports carry them all);
// - a foreign UID (and RECURRENCE-ID for an occurrence) stored with an event → that event
//   (title, format, times, place, notes and, if given, organiser from the file; stakeholders
//   matched from ATTENDEEs are added; measure and series stay);
// - an event without UID with the same title and start → that event (as above; it keeps the UID);
// - else a new event that keeps the file's UID.
// ATTENDEEs are matched to stakeholders by e-mail (also further addresses) or by name (or
// contact person); the others are listed at the end of the notes ("Teilnehmende: …").
// A recurring event (RRULE) becomes one series (`event_series.uid` = the UID) with one event per
// occurrence up to the end of the funding period (31.12. of the last plan year); occurrences
// the file no longer has are removed. Re-importing a file changes nothing: no version bump,
// no audit row.

/// Counts of an event or contact import.
public struct RecordImport: Sendable, Hashable {
    public var inserted = 0
    public var updated = 0
    public var unchanged = 0
    /// Occurrences of a recurring event the file no longer has (deleted).
    public var removed = 0
    /// German remarks (skipped duplicates, defaults taken), one line each.
    public var notes: [String] = []
    /// One line per record (or series) of the file: `neu         01.06.2027  Titel`.
    public var details: [String] = []
    /// Ids of the records touched, in file order (inserted and updated).
    public var changedIDs: [Int64] = []

    public init() {}

    /// `neu: 1, geändert: 2, unverändert: 3`
    public var summary: String {
        "neu: \(inserted), geändert: \(updated), unverändert: \(unchanged)" + (removed > 0 ? ", entfernt: \(removed)" : "")
    }

    static func word(_ outcome: ProjectStore.UpsertOutcome) -> String {
        switch outcome {
        case .inserted: "neu"
        case .updated: "geändert"
        case .unchanged: "unverändert"
        }
    }

    static func detail(_ word: String, _ text: String) -> String {
        word.padding(toLength: 12, withPad: " ", startingAt: 0) + text
    }

    mutating func count(_ outcome: ProjectStore.UpsertOutcome) {
        switch outcome {
        case .inserted(let id): inserted += 1; changedIDs.append(id)
        case .updated(let id): updated += 1; changedIDs.append(id)
        case .unchanged: unchanged += 1
        }
    }
}

extension ProjectStore {
    /// The dated events as iCalendar text (`DTSTAMP` = `now`). Series are not exported as events.
    public func exportEvents(now: UTCDateTime) throws(StoreError) -> String {
        let project = try loadProject()
        return ICalendar.write(events: project.events, series: project.series,
                               stakeholderNames: Dictionary(project.stakeholders.map { ($0.id, $0.name) },
                                                            uniquingKeysWith: { a, _ in a }),
                               measureTitles: Dictionary(project.measures.map { ($0.id, $0.title) },
                                                         uniquingKeysWith: { a, _ in a }),
                               now: now)
    }

    /// Adds or updates events from a calendar file in ONE transaction (see the matching rules at
    /// the top of this file). Updates are version-checked and audited field by field; unchanged
    /// events are not written. A later VEVENT with a UID (and RECURRENCE-ID) seen before is
    /// skipped (noted). Any invalid event (empty title, end before start, unknown
    /// measure/series/stakeholder) rejects the whole import with `.invalidInput` naming its line.
    /// `dryRun` runs everything and rolls back.
    public func importEvents(_ events: [ImportedEvent], user: String, dryRun: Bool = false) throws(StoreError)
        -> RecordImport {
        try transaction("Einlesen der Termine", user: user, dryRun: dryRun) { db, audit in
            var importer = try EventImporter(db: db, audit: audit, events: events)
            for imported in events { try importer.take(imported) }
            return importer.result
        }
    }
}

/// One event import inside its transaction.
private struct EventImporter {
    let db: Database
    let audit: AuditLog
    var result = RecordImport()
    var seen: [String: Int] = [:]
    var nextID: Int64
    let kept: Set<Int64>
    var insertedHere = Set<Int64>()
    /// Last moment of the funding period: 31.12. 23:59 of the last plan year.
    let limit: LocalDateTime
    let byEmail: [String: Int64]
    let byName: [String: Int64]

    init(db: Database, audit: AuditLog, events: [ImportedEvent]) throws {
        self.db = db; self.audit = audit
        // New events keep the number of their UID when this database never used it (so an
        // export imported into a fresh database exports identically); all other new events
        // get numbers above every number used or kept.
        let used = max(try Int64.fetchOne(db, sql: "SELECT seq FROM sqlite_sequence WHERE name = 'event'") ?? 0,
                       try Int64.fetchOne(db, sql: "SELECT MAX(id) FROM event") ?? 0)
        kept = Set(events.compactMap { $0.eventID() }.filter { $0 > used })
        nextID = max(used, kept.max() ?? 0) + 1
        let lastYear = try Int.fetchOne(db, sql: "SELECT MAX(year) FROM plan_value")
            ?? (events.map(\.start.year).max() ?? 2030) + 1
        limit = LocalDateTime(year: lastYear, month: 12, day: 31, hour: 23, minute: 59)
        var byEmail: [String: Int64] = [:], byName: [String: Int64] = [:]
        for row in try Row.fetchAll(db, sql: """
            SELECT id, name, contact_person, email, more_emails FROM stakeholder ORDER BY id
            """) {
            let id: Int64 = row["id"]
            for mail in ([row["email"] as String] + (row["more_emails"] as String).split(separator: "\n").map(String.init)) {
                let key = mail.lowercased().trimmingCharacters(in: .whitespaces)
                if !key.isEmpty && byEmail[key] == nil { byEmail[key] = id }
            }
            for name in [row["name"] as String, row["contact_person"] as String] {
                let key = name.lowercased().trimmingCharacters(in: .whitespaces)
                if !key.isEmpty && byName[key] == nil { byName[key] = id }
            }
        }
        self.byEmail = byEmail; self.byName = byName
    }

    mutating func take(_ imported: ImportedEvent) throws {
        let key = imported.uid + (imported.recurrenceID.isEmpty ? "" : " / RECURRENCE-ID \(imported.recurrenceID)")
        if let earlier = seen[key] {
            result.notes.append("Zeile \(imported.line): UID \(key) kam schon in Zeile \(earlier) vor – übersprungen")
            return
        }
        seen[key] = imported.line
        if imported.recurrence != nil {
            try takeSeries(imported)
        } else {
            let outcome = try takeOne(imported, seriesID: nil)
            result.count(outcome)
            result.details.append(RecordImport.detail(RecordImport.word(outcome),
                                                      EventDate.display(start: imported.start, end: imported.end)
                                                          + "  " + imported.title))
        }
    }

    /// Attendees matched to stakeholders (ids) and the rest as a line for the notes.
    func attendees(_ imported: ImportedEvent) -> (ids: [Int64], rest: String?) {
        var ids: [Int64] = [], rest: [String] = []
        for a in imported.attendees {
            if let id = byEmail[a.email.lowercased()] ?? byName[a.name.lowercased()] {
                if !ids.contains(id) { ids.append(id) }
            } else {
                rest.append(a.display)
            }
        }
        return (ids, rest.isEmpty ? nil : "Teilnehmende: " + rest.joined(separator: ", "))
    }

    /// One dated event (a single one or an occurrence).
    mutating func takeOne(_ imported: ImportedEvent, seriesID: Int64?) throws -> ProjectStore.UpsertOutcome {
        var current: Event?
        var own = false
        if let id = imported.eventID(), !insertedHere.contains(id), let found = try Event.load(db, id: id) {
            current = found; own = true
        } else if imported.eventID() == nil, let id = try Int64.fetchOne(db, sql: """
            SELECT id FROM event WHERE uid = ? AND recurrence_id = ?
            """, arguments: [imported.uid, imported.recurrenceID]) {
            current = try Event.load(db, id: id)
        } else if let id = try Int64.fetchOne(db, sql: """
            SELECT id FROM event WHERE title = ? AND start = ? AND uid = '' ORDER BY id LIMIT 1
            """, arguments: [imported.title, imported.start.iso]), !insertedHere.contains(id) {
            current = try Event.load(db, id: id)
        }
        let (matched, rest) = attendees(imported)
        let notes = [imported.notes, rest].compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: "\n\n")
        var value: Event
        if let current, !own {
            value = current
            value.title = imported.title; value.format = imported.format
            value.start = imported.start; value.end = imported.end
            value.place = imported.place; value.notes = notes
            if !imported.organiser.isEmpty { value.organiser = imported.organiser }
            value.stakeholderIDs += matched
            if imported.eventID() == nil { value.uid = imported.uid; value.recurrenceID = imported.recurrenceID }
        } else {
            value = imported.event(id: current?.id ?? 0, version: current?.version ?? 1)
            value.notes = notes
            value.stakeholderIDs += matched
        }
        if let seriesID { value.seriesID = seriesID }
        value.stakeholderIDs = Array(Set(value.stakeholderIDs)).sorted()
        let context = "Zeile \(imported.line): Termin \"\(imported.title)\""
            + (imported.recurrenceID.isEmpty ? "" : " am \(imported.start.germanDate)")
        var problems = Validation.validate(value)
        problems += try ProjectStore.eventReferenceProblems(db, value)
        guard problems.isEmpty else {
            throw StoreError(kind: .invalidInput,
                             message: "\(context) kann nicht eingelesen werden: "
                                 + problems.map(\.description).joined(separator: "; "),
                             fieldErrors: problems)
        }
        if current == nil {
            if let id = imported.eventID(), kept.contains(id), !insertedHere.contains(id) {
                value.id = id
            } else {
                value.id = nextID
                nextID += 1
            }
            insertedHere.insert(value.id)
        }
        return try ProjectStore.upsert(db, audit: audit, value, isNew: current == nil, tag: " (Import)",
                                       unreadable: "\(context): nach dem Einlesen nicht lesbar",
                                       afterWrite: Event.writeLinks).outcome
    }

    /// A recurring event: its series, one event per occurrence up to `limit`, stale occurrences removed.
    mutating func takeSeries(_ imported: ImportedEvent) throws {
        guard let rule = imported.recurrence else { return }
        let source = "iCalendar-Import (RRULE:\(rule.text))"
        var series: EventSeries
        let existing = try Int64.fetchOne(db, sql: "SELECT id FROM event_series WHERE uid = ? ORDER BY id LIMIT 1",
                                          arguments: [imported.uid])
        if let id = existing, let found = try EventSeries.load(db, id: id) {
            series = found
        } else {
            series = EventSeries(title: imported.title, format: imported.format, cadence: "", description: "",
                                 organiser: "", source: source, uid: imported.uid)
        }
        series.title = imported.title; series.format = imported.format; series.cadence = rule.germanCadence
        series.description = imported.notes; series.source = source
        if !imported.organiser.isEmpty { series.organiser = imported.organiser }
        guard !series.title.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw StoreError(kind: .invalidInput, message: "Zeile \(imported.line): Terminreihe ohne Titel (SUMMARY fehlt)")
        }
        let stored = try ProjectStore.upsert(db, audit: audit, series, isNew: existing == nil, tag: " (Import)",
                                             unreadable: "Zeile \(imported.line): Reihe \"\(imported.title)\" nicht lesbar")
        let seriesID = stored.stored.id

        let (occurrences, complete) = imported.occurrences(limit: limit)
        var counts = RecordImport()
        for occurrence in occurrences {
            counts.count(try takeOne(occurrence, seriesID: seriesID))
        }
        // Occurrences stored before that the file no longer has.
        let keys = Set(occurrences.map(\.recurrenceID))
        var removed = 0
        for row in try Row.fetchAll(db, sql: """
            SELECT id, recurrence_id FROM event WHERE uid = ? AND recurrence_id <> '' ORDER BY start
            """, arguments: [imported.uid]) where !keys.contains(row["recurrence_id"] as String) {
            let id: Int64 = row["id"]
            guard let old = try Event.load(db, id: id) else { continue }
            try db.execute(sql: "DELETE FROM event WHERE id = ?", arguments: [id])
            try audit.record(Event.entity, "\(id)", old: old.auditName, summary: "\(old.auditLabel) gelöscht (Import)")
            removed += 1
        }
        result.inserted += counts.inserted; result.updated += counts.updated; result.unchanged += counts.unchanged
        result.removed += removed
        result.changedIDs += counts.changedIDs
        let word = counts.updated == 0 && counts.inserted == 0 && removed == 0 ? "unverändert"
            : counts.unchanged == 0 && counts.updated == 0 && removed == 0 && existing == nil ? "neu" : "geändert"
        let range = occurrences.first.map { first in
            "\(first.start.germanDate)–\(occurrences.last!.start.germanDate)"
        } ?? "keine Termine"
        var parts = ["neu \(counts.inserted)", "geändert \(counts.updated)", "unverändert \(counts.unchanged)"]
        if removed > 0 { parts.append("entfernt \(removed)") }
        result.details.append(RecordImport.detail(word, "Reihe „\(imported.title)“ (\(rule.germanCadence)): "
            + "\(occurrences.count) Termine \(range) – " + parts.joined(separator: ", ")))
        if !complete {
            result.notes.append("Zeile \(imported.line): Reihe „\(imported.title)“ geht über das Ende des "
                + "Förderzeitraums (\(limit.germanDate)) hinaus – eingelesen sind die Termine bis dahin")
        }
    }
}
