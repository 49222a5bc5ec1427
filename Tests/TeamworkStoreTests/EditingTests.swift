import Foundation
import Testing
import TeamworkCore
@testable import TeamworkStore

/// Audit rows other than the migration's "Antrag" freeze.
private func userAudit(_ store: ProjectStore) throws -> [AuditEntry] {
    try store.auditTrail().filter { $0.user != Schema.migrationUser }
}

@Suite struct PlanEditTests {
    @Test func planChangeReportsDerivedRowsAndIsAudited() throws {
        try withSeededStore { store in
            #expect(try userAudit(store).isEmpty)
            let change = try store.updatePlanValue(code: "1.1.1", yearIndex: 0, raw: 6_000_000, expected: 5_000_000,
                                                   user: "anna")
            #expect(change.old == 5_000_000 && change.new == 6_000_000 && change.year == 2021)
            #expect(change.derivedCodes == ["1.1", "1+2", "3.1-(1+2)"])
            #expect(change.derived.contains(PlanCellChange(code: "1.1.1", label: try #require(KfW436.row("1.1.1")).label,
                                                           yearIndex: nil, year: nil, old: 45_000_000, new: 46_000_000)))
            #expect(change.derived.contains { $0.code == "1+2" && $0.yearIndex == 0 && $0.old == 24_500_000 && $0.new == 25_500_000 })
            #expect(change.summary == "1.1.1 / 2021: 50.000,00 → 60.000,00 (neu berechnet: 1.1, 1+2, 3.1-(1+2))")

            let trail = try userAudit(store)
            #expect(trail.count == 1)
            let entry = try #require(trail.first)
            #expect(entry.id == change.auditID)
            #expect(entry.user == "anna" && entry.entity == "plan" && entry.entityID == "1.1.1/2021")
            #expect(entry.field == "value" && entry.oldValue == "50.000,00" && entry.newValue == "60.000,00")
            #expect(entry.summary == "Plan 1.1.1 / 2021: 50.000,00 → 60.000,00 (neu berechnet: 1.1, 1+2, 3.1-(1+2))")
            #expect(entry.at.wholeMatch(of: /\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ/) != nil, "\(entry.at)")

            // Same value again: nothing written.
            let same = try store.updatePlanValue(code: "1.1.1", yearIndex: 0, raw: 6_000_000, expected: 6_000_000, user: "anna")
            #expect(!same.changed && same.auditID == nil && same.derived.isEmpty)
            #expect(try userAudit(store).count == 1)
        }
    }

    @Test func measureCostFollowingThePlanIsAudited() throws {
        try withSeededStore { store in
            let change = try store.updatePlanValue(code: "2.2.2", yearIndex: 7, raw: 50_000_000, expected: 40_000_000,
                                                   user: "ben")
            #expect(change.measureIDs.count == 1)
            let trail = try userAudit(store)
            #expect(trail.map(\.entity) == ["plan", "measure"])  // newest first
            let measureRow = trail[1]
            #expect(measureRow.field == "cost" && measureRow.oldValue == "3.975.000,00" && measureRow.newValue == "4.075.000,00")
            #expect(measureRow.entityID == "\(change.measureIDs[0])")
        }
    }

    @Test func staleExpectedValueIsAConflictCarryingTheCurrentValue() throws {
        try withSeededStore { store in
            try store.updatePlanValue(code: "1.1.2", yearIndex: 1, raw: 17_000_000, expected: 16_000_000, user: "anna")
            let error = try #require(storeError { () throws(StoreError) in
                try store.updatePlanValue(code: "1.1.2", yearIndex: 1, raw: 18_000_000, expected: 16_000_000, user: "ben")
            })
            #expect(error.kind == .conflict)
            #expect(error.conflict == .planValue(code: "1.1.2", yearIndex: 1, current: 17_000_000))
            // The real account of this process, with the display name the writer gave.
            #expect(error.message.hasPrefix("Planwert 1.1.2 / 2022 wurde inzwischen von \(Account.real) (anna) ("))
            #expect(error.message.contains("gespeichert ist 170.000,00, angezeigt war 160.000,00"))
            #expect(try store.planValue(code: "1.1.2", yearIndex: 1) == 17_000_000)
            #expect(try userAudit(store).count == 1, "the conflict wrote no audit row")
        }
    }

    @Test func compatibleOverloadStillWorksAndIsAudited() throws {
        try withSeededStore { store in
            try store.updatePlanValue(code: "1.1.1", yearIndex: 0, raw: 1)
            #expect(try store.planValue(code: "1.1.1", yearIndex: 0) == 1)
            let entry = try #require(try userAudit(store).first)
            #expect(entry.user == ProjectStore.currentUser(environment: ProcessInfo.processInfo.environment))
        }
    }
}

@Suite struct RecordEditTests {
    @Test func stakeholderInsertUpdateDeleteAreAuditedFieldByField() throws {
        try withSeededStore { store in
            let created = try store.save(Stakeholder(name: "Landesbibliothek", kind: .education, role: "Lernort"),
                                         user: "anna")
            #expect(created.id > 0 && created.version == 1)
            var edited = created
            edited.email = " info@lbmv.de "
            edited.phone = "+49 385 58879-0"
            let saved = try store.save(edited, user: "ben")
            #expect(saved.version == 2 && saved.email == "info@lbmv.de")
            // Unchanged save writes nothing.
            #expect(try store.save(saved, user: "ben") == saved)

            try store.deleteStakeholder(id: saved.id, version: saved.version, user: "carla")
            #expect(try !store.loadProject().stakeholders.contains { $0.id == saved.id })

            let trail = try userAudit(store).reversed().map { ($0.user, $0.field, $0.oldValue, $0.newValue, $0.summary) }
            #expect(trail.count == 4)
            #expect(trail[0] == ("anna", nil, nil, "Landesbibliothek", "Akteur \"Landesbibliothek\" angelegt"))
            #expect(trail[1] == ("ben", "email", "", "info@lbmv.de", "Akteur \"Landesbibliothek\": E-Mail \"\" → \"info@lbmv.de\""))
            #expect(trail[2] == ("ben", "phone", "", "+49 385 58879-0", "Akteur \"Landesbibliothek\": Telefon \"\" → \"+49 385 58879-0\""))
            #expect(trail[3] == ("carla", nil, "Landesbibliothek", nil, "Akteur \"Landesbibliothek\" gelöscht"))
            #expect(try store.auditTrail(entity: "stakeholder").count == 4)
            #expect(try store.auditTrail(entity: "plan").isEmpty)
            #expect(try store.auditTrail(limit: 2).count == 2)
        }
    }

    @Test func invalidInputIsRejectedWithGermanFieldMessages() throws {
        try withSeededStore { store in
            let error = try #require(storeError { () throws(StoreError) in
                try store.save(Stakeholder(name: "X", kind: .business, role: "", email: "kaputt", phone: "abc"), user: "anna")
            })
            #expect(error.kind == .invalidInput)
            #expect(error.fieldErrors.map(\.field) == ["E-Mail", "Telefon"])
            #expect(error.message.hasPrefix("Akteur kann nicht gespeichert werden: E-Mail: \"kaputt\" – es fehlt das @"))

            let start = LocalDateTime(year: 2027, month: 5, day: 12, hour: 10)
            let backwards = try #require(storeError { () throws(StoreError) in
                try store.save(Event(title: "Forum", format: "", start: start,
                                     end: LocalDateTime(year: 2027, month: 5, day: 12, hour: 9)), user: "anna")
            })
            #expect(backwards.message == "Termin kann nicht gespeichert werden: Ende: 12.05.2027 09:00 liegt vor dem Beginn 12.05.2027 10:00")

            let unknownStakeholder = try #require(storeError { () throws(StoreError) in
                try store.save(Event(title: "Forum", format: "", start: start, end: start, stakeholderIDs: [9_999]), user: "anna")
            })
            #expect(unknownStakeholder.fieldErrors.map(\.field) == ["Akteure"])

            let measures = try store.loadProject().measures
            let duplicate = try #require(storeError { () throws(StoreError) in
                try store.save(Measure(stage: .implementation, number: 1, title: "Doppelt"), user: "anna")
            })
            #expect(duplicate.message.contains("Umsetzungsphase: Maßnahme 1 gibt es schon (\"\(measures[5].title)\")"))
            #expect(try userAudit(store).isEmpty)
        }
    }

    @Test func eventWithLinksAndStakeholderDeleteRemovesLinksAudited() throws {
        try withSeededStore { store in
            let project = try store.loadProject()
            let vhs = try #require(project.stakeholders.first { $0.name == "VHS" })
            let hack = try #require(project.stakeholders.first { $0.name == "Hacklabor" })
            let forum = try #require(project.series.first { $0.title == "Smart City Forum" })
            let measure = try #require(project.measures.first { $0.stage == .strategy })
            let start = try Validation.parseDateTime("12.05.2027 10:00")
            let end = try Validation.parseDateTime("2027-05-12 16:00")
            let event = try store.save(Event(seriesID: forum.id, title: "Smart City Forum 2027", format: "Forum",
                                             start: start, end: end, place: "Rathaus", measureID: measure.id,
                                             stakeholderIDs: [vhs.id, hack.id, vhs.id]), user: "anna")
            #expect(event.stakeholderIDs == [vhs.id, hack.id].sorted())
            #expect(try store.loadProject().events == [event])

            #expect(try store.dependents(ofStakeholder: vhs.id) == ["Termin \"Smart City Forum 2027\" (12.05.2027)"])
            #expect(try store.dependents(ofMeasure: measure.id).contains("Termin \"Smart City Forum 2027\" (12.05.2027)"))
            #expect(try store.dependents(ofSeries: forum.id) == ["Termin \"Smart City Forum 2027\" (12.05.2027)"])

            try store.deleteStakeholder(id: vhs.id, version: vhs.version, user: "ben")
            let after = try #require(try store.loadProject().events.first)
            #expect(after.stakeholderIDs == [hack.id])
            #expect(after.version == event.version + 1)
            let trail = try store.auditTrail()
            #expect(trail[0].entity == "stakeholder" && trail[0].summary == "Akteur \"VHS\" gelöscht")
            #expect(trail[1].entity == "event" && trail[1].field == "stakeholderIDs")
            #expect(trail[1].summary == "Termin \"Smart City Forum 2027\" (12.05.2027): Akteur \"VHS\" entfernt (Akteur gelöscht)")
            #expect(trail[1].newValue == "Hacklabor")

            // Deleting the measure detaches event and series, audited.
            let current = try #require(try store.loadProject().measures.first { $0.id == measure.id })
            try store.deleteMeasure(id: current.id, version: current.version, user: "carla")
            let reloaded = try store.loadProject()
            #expect(reloaded.events.first?.measureID == nil)
            #expect(try store.auditTrail(entity: "event").first?.summary
                    == "Termin \"Smart City Forum 2027\": Maßnahme \"\(measure.title)\" (Nr. \(measure.id)) entfernt (Maßnahme gelöscht)")

            // Deleting the series keeps the event without series.
            let series = try #require(reloaded.series.first { $0.id == forum.id })
            try store.deleteEventSeries(id: series.id, version: series.version, user: "carla")
            #expect(try store.loadProject().events.first?.seriesID == nil)

            let last = try #require(try store.loadProject().events.first)
            try store.deleteEvent(id: last.id, version: last.version, user: "carla")
            #expect(try store.loadProject().events.isEmpty)
            #expect(try store.tableCounts().first { $0.table == "event_stakeholder" }?.rows == 0)
        }
    }

    @Test func staffingAndSeriesAndMeasureRoundTrip() throws {
        try withSeededStore { store in
            let unit = try store.save(StaffingUnit(unit: "Fachdienst Digitalisierung", involved: try Validation.parseStaffingShare("1,5"),
                                                   funded: 50), user: "anna")
            #expect(unit.position == 9 && unit.involved == 150)
            var u = unit
            u.funded = 100
            #expect(try store.save(u, user: "anna").version == 2)

            let series = try store.save(EventSeries(title: "Sprechstunde", format: "Beratung", cadence: "monatlich",
                                                    description: "", organiser: "TEAMWORK", source: "neu"), user: "anna")
            #expect(series.id > 0)

            let measure = try store.save(Measure(stage: .implementation, number: 4, title: "Neue Maßnahme",
                                                 cost: Money(euros: 1), planLine: "2.2.3"), user: "anna")
            #expect(measure.cost == Money(cents: 397_500_000), "planned measure takes the plan line's Gesamt")
            var m = measure
            m.summary = "Skizze"
            let saved = try store.save(m, user: "ben")
            #expect(saved.summary == "Skizze" && saved.version == 2)
            #expect(try store.auditTrail(entity: "measure").first?.summary == "Maßnahme \"Neue Maßnahme\": Skizze \"\" → \"Skizze\"")
        }
    }
}

@Suite struct ConflictTests {
    @Test func everyRecordTypeDetectsStaleVersionsAndDeletions() throws {
        try withSeededStore { store in
            let project = try store.loadProject()
            let start = LocalDateTime(year: 2027, month: 5, day: 12, hour: 10)
            let event = try store.save(Event(title: "Workshop", format: "", start: start, end: start), user: "anna")

            func check<T: Equatable>(_ seen: T, edit: (inout T) -> Void, save: (T) throws(StoreError) -> T,
                                     delete: (T) throws(StoreError) -> Void, conflict: (T) -> StoreError.Conflict,
                                     entity: String, id: Int64) throws {
                var mine = seen, theirs = seen
                edit(&theirs)
                let stored = try save(theirs)  // someone else saves first
                edit(&mine); edit(&mine)
                let error = try #require(storeError { () throws(StoreError) in _ = try save(mine) })
                #expect(error.kind == .conflict)
                #expect(error.conflict == conflict(stored), "\(entity)")
                #expect(error.message.contains("wurde inzwischen von \(Account.real) (ben) ("), "\(error.message)")
                let deleteStale = try #require(storeError { () throws(StoreError) in try delete(seen) })
                #expect(deleteStale.conflict == conflict(stored))
                try delete(stored)
                let gone = try #require(storeError { () throws(StoreError) in _ = try save(stored) })
                #expect(gone.conflict == .deleted(entity: entity, id: id))
                #expect(gone.message.contains("gibt es nicht mehr"))
            }

            let m = project.measures[0]
            try check(m, edit: { $0.title += "!" }, save: { v throws(StoreError) in try store.save(v, user: "ben") },
                      delete: { v throws(StoreError) in try store.deleteMeasure(id: v.id, version: v.version, user: "ben") },
                      conflict: { .measure($0) }, entity: "measure", id: m.id)
            let s = project.staffing[0]
            try check(s, edit: { $0.unit += "!" }, save: { v throws(StoreError) in try store.save(v, user: "ben") },
                      delete: { v throws(StoreError) in try store.deleteStaffingUnit(id: v.id, version: v.version, user: "ben") },
                      conflict: { .staffing($0) }, entity: "staffing", id: s.id)
            let k = project.stakeholders[0]
            try check(k, edit: { $0.notes += "!" }, save: { v throws(StoreError) in try store.save(v, user: "ben") },
                      delete: { v throws(StoreError) in try store.deleteStakeholder(id: v.id, version: v.version, user: "ben") },
                      conflict: { .stakeholder($0) }, entity: "stakeholder", id: k.id)
            let r = project.series[0]
            try check(r, edit: { $0.cadence += "!" }, save: { v throws(StoreError) in try store.save(v, user: "ben") },
                      delete: { v throws(StoreError) in try store.deleteEventSeries(id: v.id, version: v.version, user: "ben") },
                      conflict: { .series($0) }, entity: "series", id: r.id)
            try check(event, edit: { $0.place += "!" }, save: { v throws(StoreError) in try store.save(v, user: "ben") },
                      delete: { v throws(StoreError) in try store.deleteEvent(id: v.id, version: v.version, user: "ben") },
                      conflict: { .event($0) }, entity: "event", id: event.id)
        }
    }
}

@Suite struct AtomicityTests {
    @Test func conflictLeavesNeitherChangeNorAuditRow() throws {
        try withSeededStore { store in
            let before = try store.loadProject()
            let auditBefore = try store.auditTrail()
            var stale = before.stakeholders[0]
            stale.version = 7
            stale.notes = "neu"
            #expect(storeError { () throws(StoreError) in _ = try store.save(stale, user: "anna") }?.kind == .conflict)
            #expect(storeError { () throws(StoreError) in try store.updatePlanValue(code: "1.1.1", yearIndex: 0, raw: 1, expected: 2, user: "anna") }?
                .kind == .conflict)
            #expect(try store.loadProject() == before)
            #expect(try store.auditTrail() == auditBefore)
        }
    }

    /// A failure after the change but inside the transaction (here: the audit insert itself is
    /// refused by a trigger) rolls the change back too.
    @Test func failingAuditInsertRollsBackTheChange() throws {
        try withSeededStore { store in
            try store.executeForTesting("""
                CREATE TRIGGER no_audit BEFORE INSERT ON audit BEGIN SELECT RAISE(ABORT, 'kein Protokoll'); END
                """)
            let before = try store.loadProject()
            let auditBefore = try store.auditTrail()
            let planError = storeError { () throws(StoreError) in
                try store.updatePlanValue(code: "1.1.1", yearIndex: 0, raw: 1, expected: 5_000_000, user: "anna")
            }
            #expect(planError?.kind == .constraint)
            #expect(planError?.message.contains("Ändern des Finanzplans fehlgeschlagen") == true)
            var s = before.stakeholders[0]
            s.notes = "neu"
            #expect(storeError { () throws(StoreError) in _ = try store.save(s, user: "anna") }?.kind == .constraint)
            #expect(storeError { () throws(StoreError) in try store.deleteStakeholder(id: s.id, version: s.version, user: "anna") }?.kind == .constraint)
            #expect(storeError { () throws(StoreError) in try store.freezeBaseline(name: "Versuch", user: "anna") }?.kind == .constraint)
            #expect(try store.loadProject() == before)
            #expect(try store.auditTrail() == auditBefore)
            #expect(try store.baselines().map(\.name) == ["Antrag"])
        }
    }

    /// A CHECK violation in the middle of a multi-row write leaves nothing behind.
    @Test func checkViolationLeavesNeitherChangeNorAuditRow() throws {
        try withSeededStore { store in
            // plan_value.version has CHECK (version >= 1); a trigger pushes the derived 1+2 row below it.
            try store.executeForTesting("""
                CREATE TRIGGER break_version AFTER UPDATE OF value ON plan_value WHEN NEW.line_code = '1+2'
                BEGIN UPDATE plan_value SET version = 0 WHERE line_code = NEW.line_code AND year = NEW.year; END
                """)
            let before = try store.loadProject()
            let auditBefore = try store.auditTrail()
            let error = storeError { () throws(StoreError) in
                try store.updatePlanValue(code: "1.1.1", yearIndex: 0, raw: 1, expected: 5_000_000, user: "anna")
            }
            #expect(error?.kind == .constraint)
            #expect(error?.message.contains("verletzt eine Regel der Datenbank") == true)
            #expect(try store.loadProject() == before)
            #expect(try store.auditTrail() == auditBefore)
        }
    }
}

/// Issue 17 item 6: SQLite would cut a text at a NUL byte without a word.
@Suite struct NULRejectionTests {
    @Test func nulInANameIsRejectedAndNothingIsSaved() throws {
        try withSeededStore { store in
            let before = try store.loadProject().stakeholders.count
            let error = try #require(storeError { () throws(StoreError) in
                _ = try store.save(Stakeholder(name: "Zyx\u{0}werk", kind: .business, role: ""), user: "anna")
            })
            #expect(error.kind == .invalidInput)
            #expect(error.message.contains("NUL-Zeichen"), "\(error.message)")
            #expect(error.message.contains(#"Zyx\u{0}werk"#), "\(error.message)")
            #expect(try store.loadProject().stakeholders.count == before)
            #expect(!(try store.loadProject().stakeholders.contains { $0.name.hasPrefix("Zyx") }))
        }
    }
}
