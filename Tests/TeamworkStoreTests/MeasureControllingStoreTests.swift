import Foundation
import Testing
import TeamworkCore
@testable import TeamworkStore

/// Status, responsibility, milestones and progress log in the store: seed, audit, conflicts.
@Suite struct MeasureControllingStoreTests {
    let day = CalendarDate(year: 2026, month: 12, day: 1)

    func measure(_ store: ProjectStore, _ reference: String) throws -> Measure {
        try #require(try store.loadProject().measures.measure(reference: reference))
    }

    func audit(_ store: ProjectStore) throws -> [AuditEntry] {
        try store.auditTrail().filter { $0.user != Schema.migrationUser }.reversed()
    }

    /// What the application states (I.6: implemented, goal reached; IV.1/IV.2: planned), and nothing more.
    @Test func seedStatusesAreTheApplications() throws {
        try withSeededStore { store in
            let project = try store.loadProject()
            let c = try store.loadMeasureControlling()
            #expect(c.states.count == 8)
            let statuses = Dictionary(uniqueKeysWithValues: project.measures.map { ($0.reference, c.state(of: $0).status) })
            #expect(statuses == ["I.6-1": .completed, "I.6-2": .completed, "I.6-3": .completed, "I.6-4": .completed,
                                 "IV.1-1": .planned, "IV.2-1": .planned, "IV.2-2": .planned, "IV.2-3": .planned])
            for m in project.measures where m.stage == .implemented { #expect(m.goalReached == true, "\(m.title)") }
            #expect(c.states.allSatisfy { $0.since == nil && $0.responsibleUnitID == nil && $0.stakeholderID == nil })
            #expect(c.states.allSatisfy { $0.version == 1 })
            #expect(c.milestones.isEmpty && c.notes.isEmpty)
            #expect(try audit(store).isEmpty)
        }
    }

    @Test func emptyDatabaseHasNoStates() throws {
        try withStorePath { path in
            let store = try ProjectStore(path: path, seed: false)
            #expect(try store.loadMeasureControlling() == MeasureControlling())
        }
    }

    @Test func statusChangeIsVersionedAndAudited() throws {
        try withSeededStore { store in
            let m = try measure(store, "IV.2-1")
            var state = try store.loadMeasureControlling().state(of: m)
            state.status = .inProgress
            state.since = day
            let stored = try store.save(state, user: "anna")
            #expect(stored.version == 2 && stored.status == .inProgress && stored.since == day)
            let rows = try audit(store)
            #expect(rows.map(\.field) == ["status", "statusSince"])
            let first = try #require(rows.first)
            #expect(first.entity == "measure" && first.entityID == "\(m.id)" && first.user == "anna")
            #expect(first.oldValue == "geplant" && first.newValue == "in Umsetzung")
            #expect(first.summary == "Maßnahme IV.2-1 \"Lebenshauptstadt ist Transformation\": Status \"geplant\" → \"in Umsetzung\"")
            #expect(rows[1].newValue == "01.12.2026" && rows[1].oldValue == nil)

            // Unchanged: nothing written.
            #expect(try store.save(stored, user: "anna").version == 2)
            #expect(try audit(store).count == 2)

            // The version seen before is stale now: conflict, nothing written.
            state.status = .stopped
            let error = try #require(storeError { () throws(StoreError) in _ = try store.save(state, user: "ben") })
            #expect(error.kind == .conflict)
            #expect(error.conflict == .measureState(stored))
            #expect(error.message.contains("(anna)"))
            #expect(try store.loadMeasureControlling().state(of: m).status == .inProgress)
            #expect(try audit(store).count == 2)
        }
    }

    @Test func aMeasureWithoutStoredStateStartsAtVersionZero() throws {
        try withSeededStore { store in
            let added = try store.save(Measure(stage: .implementation, number: 4, title: "Neu"), user: "anna")
            var state = try store.loadMeasureControlling().state(of: added)
            #expect(state.version == 0 && state.status == .planned)
            state.status = .preparing
            #expect(try store.save(state, user: "anna").version == 1)
            let error = try #require(storeError { () throws(StoreError) in _ = try store.save(state, user: "ben") })
            #expect(error.kind == .conflict)
        }
    }

    @Test func responsibleUnitAndStakeholderMustExist() throws {
        try withSeededStore { store in
            let project = try store.loadProject()
            let m = try measure(store, "IV.2-1")
            var state = try store.loadMeasureControlling().state(of: m)
            state.responsibleUnitID = 9_999
            let error = try #require(storeError { () throws(StoreError) in _ = try store.save(state, user: "anna") })
            #expect(error.kind == .invalidInput && error.fieldErrors.map(\.field) == ["Verantwortlich"])
            let unit = try #require(project.staffing.first { $0.unit.hasPrefix("Fachdienst") })
            let person = try #require(project.stakeholders.first)
            state.responsibleUnitID = unit.id
            state.stakeholderID = person.id
            _ = try store.save(state, user: "anna")
            let rows = try audit(store)
            #expect(rows.map(\.field) == ["responsibleUnit", "stakeholder"])
            #expect(rows[0].newValue == unit.unit && rows[1].newValue == person.name)
            // A deleted unit leaves the measure without one.
            let reloaded = try #require(try store.loadProject().staffing.first { $0.id == unit.id })
            try store.deleteStaffingUnit(id: unit.id, version: reloaded.version, user: "anna")
            #expect(try store.loadMeasureControlling().state(of: m).responsibleUnitID == nil)
        }
    }

    @Test func milestonesAreAuditedAndTitlesUniquePerMeasure() throws {
        try withSeededStore { store in
            let m = try measure(store, "IV.2-1")
            let created = try store.save(Milestone(measureID: m.id, title: " Konzept ", due: day), user: "anna")
            #expect(created.id > 0 && created.version == 1 && created.title == "Konzept")
            let dup = try #require(storeError { () throws(StoreError) in _ = try store.save(Milestone(measureID: m.id, title: "KONZEPT", due: day), user: "anna") })
            #expect(dup.kind == .invalidInput && dup.fieldErrors.map(\.field) == ["Titel"])
            // The same title at another measure is fine.
            _ = try store.save(Milestone(measureID: try measure(store, "IV.2-2").id, title: "Konzept", due: day), user: "anna")

            var done = created
            done.done = day.adding(days: 2)
            let stored = try store.save(done, user: "ben")
            #expect(stored.version == 2 && stored.done == day.adding(days: 2))
            let rows = try audit(store)
            #expect(rows.map(\.field) == ["milestone", "milestone", "milestone.done"])
            #expect(rows[0].entity == "measure" && rows[0].entityID == "\(m.id)")
            #expect(rows[0].summary == "Maßnahme IV.2-1 \"Lebenshauptstadt ist Transformation\": Meilenstein \"Konzept\" (fällig 01.12.2026) angelegt")
            #expect(rows[2].oldValue == nil && rows[2].newValue == "03.12.2026" && rows[2].user == "ben")

            // Stale version: conflict with the stored milestone.
            let stale = try #require(storeError { () throws(StoreError) in _ = try store.save(done, user: "anna") })
            #expect(stale.kind == .conflict && stale.conflict == .milestone(stored))
            let staleDelete = try #require(storeError { () throws(StoreError) in try store.deleteMilestone(id: stored.id, version: 1, user: "anna") })
            #expect(staleDelete.kind == .conflict)

            try store.deleteMilestone(id: stored.id, version: stored.version, user: "anna")
            #expect(try store.loadMeasureControlling().milestones(of: m.id).isEmpty)
            #expect(try audit(store).last?.summary.hasSuffix("Meilenstein \"Konzept\" (fällig 01.12.2026) gelöscht") == true)
            let gone = try #require(storeError { () throws(StoreError) in try store.deleteMilestone(id: stored.id, version: stored.version, user: "anna") })
            #expect(gone.kind == .conflict && gone.conflict == .deleted(entity: "milestone", id: stored.id))
        }
    }

    @Test func invalidMilestoneWritesNothing() throws {
        try withSeededStore { store in
            let bad = try #require(storeError { () throws(StoreError) in _ = try store.save(Milestone(measureID: 9_999, title: "X", due: day), user: "anna") })
            #expect(bad.kind == .invalidInput && bad.fieldErrors.map(\.field) == ["Maßnahme"])
            let id = try measure(store, "IV.2-1").id
            let empty = try #require(storeError { () throws(StoreError) in _ = try store.save(Milestone(measureID: id, title: "  ", due: day), user: "anna") })
            #expect(empty.fieldErrors.map(\.field) == ["Titel"])
            #expect(try store.loadMeasureControlling().milestones.isEmpty)
            #expect(try audit(store).isEmpty)
        }
    }

    @Test func progressNotesCarryTheirAuthor() throws {
        try withSeededStore { store in
            let m = try measure(store, "IV.1-1")
            let note = try store.save(ProgressNote(measureID: m.id, date: day, text: "Auftakt mit dem DIZ"), user: "anna")
            #expect(note.author == "anna" && note.version == 1)
            let rows = try audit(store)
            #expect(rows.map(\.field) == ["note"])
            #expect(rows[0].newValue == "01.12.2026: Auftakt mit dem DIZ")
            var edited = note
            edited.text = "Auftakt mit dem DIZ und dem Fachdienst"
            _ = try store.save(edited, user: "ben")
            #expect(try store.loadMeasureControlling().notes(of: m.id).map(\.author) == ["anna"])
            #expect(try audit(store).last?.field == "note.text")
            try store.deleteProgressNote(id: note.id, version: 2, user: "anna")
            #expect(try store.loadMeasureControlling().notes.isEmpty)
        }
    }

    @Test func deletingAMeasureTakesItsControllingAlong() throws {
        try withSeededStore { store in
            let m = try measure(store, "IV.2-3")
            _ = try store.save(Milestone(measureID: m.id, title: "Konzept", due: day), user: "anna")
            _ = try store.save(ProgressNote(measureID: m.id, date: day, text: "Start"), user: "anna")
            try store.deleteMeasure(id: m.id, version: m.version, user: "anna")
            let c = try store.loadMeasureControlling()
            #expect(c.milestones.isEmpty && c.notes.isEmpty && !c.states.contains { $0.measureID == m.id })
        }
    }
}
