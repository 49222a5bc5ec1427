import Foundation
import GRDB
import TeamworkCore

// Import and export of the project: the plan from the finance department's CSV, events as
// iCalendar, stakeholders as vCard. Every import is ONE write transaction together with its
// audit rows: it applies completely or not at all.
//
// Matching on import:
// - events: a UID of our own form `event-<id>@teamwork.schwerin.de` whose event exists → that
//   event (all fields from the file, our exports carry them all); else an event with the same
//   title and start → that event (only title, format, times, place and organiser are taken;
//   measure, series and stakeholders stay); else a new event.
// - contacts: a UID equal to `VCard.uid(stakeholderID:)` of an existing stakeholder → that
//   stakeholder (all fields from the card); else a stakeholder with the same name → that one
//   (non-empty fields of the card are taken); else a new stakeholder.
// Re-importing our own export changes nothing: no version bump, no audit row.

/// One value of the CSV that is derived (a subtotal, total, control sum, share or a Gesamt)
/// and differs from what teamwork computes from the item rows. Derived values are never read
/// from a file; this is only reported.
public struct PlanImportNote: Sendable, Hashable {
    public let code: String
    /// nil for the Gesamt column.
    public let yearIndex: Int?
    public let year: Int?
    /// As stated in the file.
    public let stated: Int64
    /// As computed (and stored) by teamwork.
    public let computed: Int64
    public let isShare: Bool

    /// `1.1 / 2021: in der Datei 100,00, berechnet 120,00`
    public var summary: String {
        let unit = isShare ? " %" : ""
        return "\(code) / \(year.map(String.init) ?? "Gesamt"): in der Datei \(Fixed2.format(stated))\(unit), "
            + "berechnet \(Fixed2.format(computed))\(unit)"
    }
}

/// What importing a plan changes (or changed).
public struct PlanImport: Sendable, Hashable {
    /// Changed item cells (entered by hand), in plan order; `yearIndex` and `year` are set.
    public var items: [PlanCellChange]
    /// Derived year values and Gesamt values (item lines included) that follow, in plan order.
    public var derived: [PlanCellChange]
    /// Derived values of the file that differ from the recomputed ones (not imported).
    public var notes: [PlanImportNote]
    /// The plan as it is (or would be) stored after the import.
    public var plan: Plan
    /// Planned measures whose cost follows a changed Gesamt.
    public var measureIDs: [Int64]
    /// Ids of the audit rows written (one per changed item cell); empty for a preview.
    public var auditIDs: [Int64]

    /// Nothing to write.
    public var isEmpty: Bool { items.isEmpty }
}

/// Counts of an event or contact import.
public struct RecordImport: Sendable, Hashable {
    public var inserted = 0
    public var updated = 0
    public var unchanged = 0
    /// German remarks (skipped duplicates, defaults taken), one line each.
    public var notes: [String] = []
    /// Ids of the records touched, in file order (inserted and updated).
    public var changedIDs: [Int64] = []

    public init() {}

    /// `neu: 1, geändert: 2, unverändert: 3`
    public var summary: String { "neu: \(inserted), geändert: \(updated), unverändert: \(unchanged)" }
}

extension ProjectStore {
    // MARK: Plan

    /// Compares an imported plan with `current`: which item cells change, what follows, and where
    /// the file's derived values differ from the recomputed ones. Only item cells are taken from
    /// `imported`; derived rows and the Gesamt of changed lines are recomputed exactly as
    /// `updatePlanValue` does. Throws `.invalidInput` when the file does not fit the database
    /// (other years, an item line the database does not have or has as a derived line).
    public static func planImport(current old: Plan, imported: Plan) throws(StoreError) -> PlanImport {
        guard imported.years == old.years else {
            throw .invalidInput("Die Datei hat die Jahre \(yearsText(imported.years)), der gespeicherte Plan "
                                + "\(yearsText(old.years)); eingelesen werden kann nur ein Plan mit denselben Jahren")
        }
        var new = old
        var items: [PlanCellChange] = []
        for line in imported.lines where line.kind == .item {
            guard let index = old.index(of: line.code) else {
                throw .invalidInput("Planzeile \(line.code) gibt es im gespeicherten Plan nicht")
            }
            let stored = old.lines[index]
            guard stored.kind == .item else {
                throw .invalidInput("Planzeile \(line.code) ist im gespeicherten Plan eine berechnete Zeile")
            }
            guard line.values.count == old.years.count else {
                throw .invalidInput("Planzeile \(line.code) hat \(line.values.count) Jahreswerte statt \(old.years.count)")
            }
            var changed = false
            for y in old.years.indices where line.values[y] != stored.values[y] {
                guard line.values[y].magnitude <= Fixed2.maxMagnitude.magnitude else {
                    throw .invalidInput("Planzeile \(line.code) / \(old.years[y]): Betrag \(Fixed2.format(line.values[y])) ist zu groß")
                }
                items.append(PlanCellChange(code: stored.code, label: stored.label, yearIndex: y, year: old.years[y],
                                            old: stored.values[y], new: line.values[y]))
                new.lines[index].values[y] = line.values[y]
                changed = true
            }
            if changed { new.lines[index].statedTotal = new.lines[index].computedTotal }
        }
        if !items.isEmpty { new.recomputeDerived() }

        let derived = derivedChanges(from: old, to: new)

        var notes: [PlanImportNote] = []
        for line in imported.lines {
            guard let result = new[line.code] else { continue }
            let isShare = result.kind == .share
            if result.kind != .item {
                for (y, year) in new.years.enumerated() where y < line.values.count && line.values[y] != result.values[y] {
                    notes.append(PlanImportNote(code: line.code, yearIndex: y, year: year, stated: line.values[y],
                                                computed: result.values[y], isShare: isShare))
                }
            }
            if line.statedTotal != result.statedTotal {
                notes.append(PlanImportNote(code: line.code, yearIndex: nil, year: nil, stated: line.statedTotal,
                                            computed: result.statedTotal, isShare: isShare))
            }
        }
        return PlanImport(items: items, derived: derived, notes: notes, plan: new, measureIDs: [], auditIDs: [])
    }

    /// Imports the item cells of `plan` in ONE write transaction: every changed item cell, every
    /// derived row and Gesamt that follows (version + 1 on each changed row), planned measures
    /// following their line's new Gesamt (audited as measure changes), and one audit row
    /// (entity "plan", `code/year`) per changed item cell — all committed together or not at all.
    /// Last writer wins (like `updatePlanValue` with `expected: nil`): the comparison is made
    /// inside the transaction against the plan as stored at that moment.
    ///
    /// `afterFirstCell` runs inside the transaction after the first cell is written (test hook:
    /// the CLI sleeps there when `TEAMWORK_TEST_PAUSE_IMPORT` is set).
    @discardableResult
    public func importPlan(_ plan: Plan, user: String,
                           afterFirstCell: (() -> Void)? = nil) throws(StoreError) -> PlanImport {
        let path = self.path
        return try write("Einlesen des Finanzplans", user: user) { db, audit in
            let old = try Self.fetchPlan(db, path: path)
            var result = try Self.planImport(current: old, imported: plan)
            guard !result.isEmpty else { return result }
            var first = true
            result.measureIDs = try Self.writePlanDifference(db, audit: audit, from: old, to: result.plan) {
                if first { first = false; afterFirstCell?() }
            }
            for cell in result.items {
                guard let year = cell.year else { continue }
                let id = try audit.record("plan", "\(cell.code)/\(year)", field: "value", old: Fixed2.format(cell.old),
                                          new: Fixed2.format(cell.new),
                                          summary: "Plan (Import) \(cell.code) / \(year): \(Fixed2.format(cell.old)) → "
                                              + Fixed2.format(cell.new))
                result.auditIDs.append(id)
            }
            return result
        }
    }

    /// What follows from changed item cells, in plan order: the changed year values of derived
    /// lines and every changed Gesamt (item lines included). Shared by `planImport` and
    /// `updatePlanValue`.
    static func derivedChanges(from old: Plan, to new: Plan) -> [PlanCellChange] {
        var derived: [PlanCellChange] = []
        for (before, after) in zip(old.lines, new.lines) where before != after {
            if after.kind != .item {
                for (y, year) in new.years.enumerated() where before.values[y] != after.values[y] {
                    derived.append(PlanCellChange(code: after.code, label: after.label, yearIndex: y, year: year,
                                                  old: before.values[y], new: after.values[y]))
                }
            }
            if before.statedTotal != after.statedTotal {
                derived.append(PlanCellChange(code: after.code, label: after.label, yearIndex: nil, year: nil,
                                              old: before.statedTotal, new: after.statedTotal))
            }
        }
        return derived
    }

    /// Writes every cell and Gesamt where `new` differs from `old` (version + 1 on each changed
    /// value and on each changed line), and lets planned measures follow a changed Gesamt of
    /// their line (audited). Used by `importPlan` and `updatePlanValue`; `afterCell` runs after
    /// each written cell. Returns the ids of the measures that followed.
    static func writePlanDifference(_ db: Database, audit: AuditLog, from old: Plan, to new: Plan,
                                    afterCell: () -> Void = {}) throws -> [Int64] {
        var measureIDs: [Int64] = []
        for (before, after) in zip(old.lines, new.lines) where before != after {
            for (index, year) in new.years.enumerated() where before.values[index] != after.values[index] {
                try db.execute(sql: """
                    UPDATE plan_value SET value = ?, version = version + 1 WHERE line_code = ? AND year = ?
                    """, arguments: [after.values[index], after.code, year])
                if db.changesCount == 0 {
                    try db.execute(sql: "INSERT INTO plan_value (line_code, year, value) VALUES (?, ?, ?)",
                                   arguments: [after.code, year, after.values[index]])
                }
                afterCell()
            }
            try db.execute(sql: "UPDATE plan_line SET stated_total = ?, version = version + 1 WHERE code = ?",
                           arguments: [after.statedTotal, after.code])
            if before.statedTotal != after.statedTotal && after.kind.isMoney {
                let followers = try Row.fetchAll(db, sql: """
                    SELECT id, title, cost_cents FROM measure
                    WHERE plan_line = ? AND stage <> 'implemented' AND cost_cents IS NOT ?
                    """, arguments: [after.code, after.statedTotal])
                for row in followers {
                    let id: Int64 = row["id"], title: String = row["title"]
                    let oldCost: Int64? = row["cost_cents"]
                    try db.execute(sql: "UPDATE measure SET cost_cents = ?, version = version + 1 WHERE id = ?",
                                   arguments: [after.statedTotal, id])
                    measureIDs.append(id)
                    try audit.record("measure", "\(id)", field: "cost", old: oldCost.map { Fixed2.format($0) },
                                     new: Fixed2.format(after.statedTotal),
                                     summary: "Maßnahme \"\(title)\": Kosten folgen Planzeile \(after.code): "
                                         + "\(oldCost.map { Fixed2.format($0) } ?? "–") → \(Fixed2.format(after.statedTotal))")
                }
            }
        }
        return measureIDs
    }

    private static func yearsText(_ years: [Int]) -> String {
        guard let first = years.first, let last = years.last else { return "(keine)" }
        return years == Array(first...last) ? "\(first)–\(last)" : years.map(String.init).joined(separator: ", ")
    }

    // MARK: Events

    /// The dated events as iCalendar text (`DTSTAMP` = `now`). Series are not exported as events.
    public func exportEvents(now: UTCDateTime) throws(StoreError) -> String {
        let project = try loadProject()
        let calendar = ICalendar.write(events: project.events, series: project.series,
                               stakeholderNames: Dictionary(uniqueKeysWithValues: project.stakeholders.map { ($0.id, $0.name) }),
                               measureTitles: Dictionary(uniqueKeysWithValues: project.measures.map { ($0.id, $0.title) }),
                               now: now)
        // Milestones as all-day events (issue 16).
        return ICalendar.adding(milestones: MeasureCalendar.events(measures: project.measures, controlling: project.controlling,
                                                                   staffing: project.staffing), to: calendar, now: now)
    }

    /// Adds or updates events from a calendar file in ONE transaction (see the matching rules at
    /// the top of this file). Updates are version-checked and audited field by field; unchanged
    /// events are not written. A later VEVENT with a UID seen before is skipped (noted). Any
    /// invalid event (empty title, end before start, unknown measure/series/stakeholder) rejects
    /// the whole import with `.invalidInput` naming its line. `dryRun` runs everything and
    /// rolls back.
    public func importEvents(_ events: [ImportedEvent], user: String, dryRun: Bool = false) throws(StoreError)
        -> RecordImport {
        try transaction("Einlesen der Termine", user: user, dryRun: dryRun) { db, audit in
            var result = RecordImport()
            var seen: [String: Int] = [:]
            // New events keep the number of their UID when this database never used it (so an
            // export imported into a fresh database exports identically); all other new events
            // get numbers above every number used or kept.
            let used = max(try Int64.fetchOne(db, sql: "SELECT seq FROM sqlite_sequence WHERE name = 'event'") ?? 0,
                           try Int64.fetchOne(db, sql: "SELECT MAX(id) FROM event") ?? 0)
            let kept = Set(events.compactMap { $0.eventID() }.filter { $0 > used })
            var nextID = max(used, kept.max() ?? 0) + 1
            var insertedHere = Set<Int64>()
            for imported in events {
                if let earlier = seen[imported.uid] {
                    result.notes.append("Zeile \(imported.line): UID \(imported.uid) kam schon in Zeile \(earlier) vor "
                                        + "– übersprungen")
                    continue
                }
                seen[imported.uid] = imported.line
                // Our own milestone entries (issue 16) belong to their measure, not to the events.
                if imported.uid.hasPrefix("milestone-"), imported.uid.hasSuffix("@teamwork.schwerin.de") {
                    result.notes.append("Zeile \(imported.line): Meilenstein „\(imported.title)“ – wird bei der Maßnahme "
                                        + "gepflegt, nicht als Termin eingelesen")
                    continue
                }
                var current: Event?
                var own = false
                if let id = imported.eventID(), !insertedHere.contains(id), let found = try Event.load(db, id: id) {
                    current = found; own = true
                } else if let id = try Int64.fetchOne(db, sql: """
                    SELECT id FROM event WHERE title = ? AND start = ? ORDER BY id LIMIT 1
                    """, arguments: [imported.title, imported.start.iso]) {
                    current = try Event.load(db, id: id)
                }
                var value: Event
                if let current, !own {
                    value = current
                    value.title = imported.title; value.format = imported.format
                    value.start = imported.start; value.end = imported.end
                    value.place = imported.place; value.organiser = imported.organiser
                } else {
                    value = imported.event(id: current?.id ?? 0, version: current?.version ?? 1)
                }
                value.stakeholderIDs = Array(Set(value.stakeholderIDs)).sorted()
                let context = "Zeile \(imported.line): Termin \"\(imported.title)\""
                var problems = Validation.validate(value)
                problems += try Self.eventReferenceProblems(db, value)
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
                let outcome = try Self.upsert(db, audit: audit, value, isNew: current == nil, tag: " (Import)",
                                              unreadable: "\(context): nach dem Einlesen nicht lesbar",
                                              afterWrite: Event.writeLinks).outcome
                result.count(outcome)
                if let recurrence = imported.recurrenceRule {
                    result.notes.append("Zeile \(imported.line): \"\(imported.title)\" wiederholt sich (\(recurrence)); "
                                        + "eingelesen ist nur der erste Termin")
                }
            }
            return result
        }
    }

    // MARK: Contacts

    /// The stakeholders as vCard 4.0 text, in id order.
    public func exportContacts() throws(StoreError) -> String {
        VCard.write(try loadProject().stakeholders)
    }

    /// Adds or updates stakeholders from vCards in ONE transaction (see the matching rules at the
    /// top of this file). A new contact whose category names no known kind becomes "Netzwerk"
    /// (noted). Invalid cards (e-mail, phone) reject the whole import naming their line.
    public func importContacts(_ contacts: [ImportedContact], user: String, dryRun: Bool = false) throws(StoreError)
        -> RecordImport {
        try transaction("Einlesen der Kontakte", user: user, dryRun: dryRun) { db, audit in
            var result = RecordImport()
            let ids = try Int64.fetchAll(db, sql: "SELECT id FROM stakeholder ORDER BY id")
            let byUID = Dictionary(ids.map { (VCard.uid(stakeholderID: $0), $0) }, uniquingKeysWith: { a, _ in a })
            var seen: [String: Int] = [:]
            for contact in contacts {
                if !contact.uid.isEmpty {
                    if let earlier = seen[contact.uid] {
                        result.notes.append("Zeile \(contact.line): UID \(contact.uid) kam schon in Zeile \(earlier) vor "
                                            + "– übersprungen")
                        continue
                    }
                    seen[contact.uid] = contact.line
                }
                var current: Stakeholder?
                var own = false
                if let id = byUID[contact.uid], let found = try Stakeholder.load(db, id: id) {
                    current = found; own = true
                } else if let id = try Int64.fetchOne(db, sql: "SELECT id FROM stakeholder WHERE name = ? ORDER BY id LIMIT 1",
                                                      arguments: [contact.name.trimmingCharacters(in: .whitespacesAndNewlines)]) {
                    current = try Stakeholder.load(db, id: id)
                }
                var value: Stakeholder
                if let current, own {
                    value = contact.stakeholder(id: current.id, kind: contact.kind ?? current.kind, version: current.version)
                } else if let current {
                    value = current
                    if let kind = contact.kind { value.kind = kind }
                    func take(_ keyPath: WritableKeyPath<Stakeholder, String>, _ text: String) {
                        if !text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty { value[keyPath: keyPath] = text }
                    }
                    take(\.role, contact.role); take(\.contactPerson, contact.contactPerson)
                    take(\.email, contact.email); take(\.phone, contact.phone); take(\.address, contact.address)
                    take(\.link, contact.link); take(\.notes, contact.notes)
                } else {
                    let kind = contact.kind ?? .network
                    if contact.kind == nil {
                        result.notes.append("Zeile \(contact.line): \"\(contact.name)\" hat keine bekannte Art"
                                            + (contact.kindTitle.isEmpty ? "" : " (\"\(contact.kindTitle)\")")
                                            + " – angelegt als \"\(kind.title)\"")
                    }
                    value = contact.stakeholder(id: 0, kind: kind)
                }
                value.email = value.email.trimmingCharacters(in: .whitespacesAndNewlines)
                value.phone = value.phone.trimmingCharacters(in: .whitespacesAndNewlines)
                let context = "Zeile \(contact.line): Akteur \"\(contact.name)\""
                let problems = Validation.validate(value)
                guard problems.isEmpty else {
                    throw StoreError(kind: .invalidInput,
                                     message: "\(context) kann nicht eingelesen werden: "
                                         + problems.map(\.description).joined(separator: "; "),
                                     fieldErrors: problems)
                }
                result.count(try Self.upsert(db, audit: audit, value, isNew: current == nil, tag: " (Import)",
                                             unreadable: "\(context): nach dem Einlesen nicht lesbar").outcome)
            }
            return result
        }
    }

    // MARK: Engine

    /// One write transaction; with `dryRun` the result is computed completely and then rolled back.
    func transaction<T>(_ action: String, user: String, dryRun: Bool,
                        _ body: (Database, AuditLog) throws -> T) throws(StoreError) -> T {
        guard dryRun else { return try write(action, user: user, body) }
        var preview: T?
        do {
            _ = try write(action, user: user) { db, audit -> T in
                preview = try body(db, audit)
                throw StoreError(kind: .other, message: Self.dryRunMarker)
            }
        } catch where error.message == Self.dryRunMarker {
            if let preview { return preview }
        }
        throw StoreError(kind: .other, message: "\(action): Probelauf ohne Ergebnis")
    }

    private static let dryRunMarker = "teamwork: Probelauf – zurückgerollt"
}

extension RecordImport {
    mutating func count(_ outcome: ProjectStore.UpsertOutcome) {
        switch outcome {
        case .inserted(let id): inserted += 1; changedIDs.append(id)
        case .updated(let id): updated += 1; changedIDs.append(id)
        case .unchanged: unchanged += 1
        }
    }
}
