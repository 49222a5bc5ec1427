import Foundation
import Testing
import TeamworkCore
import TeamworkStore
@testable import TeamworkUI

/// The Maßnahmen-Controlling in the dashboard: keys → effects → the real store (TestStore) →
/// the screen. Today is 26.11.2026 (Fixture.today).
@Suite struct MeasureControllingTests {
    /// Cursor to IV.2-1 (row 6 in application order: I.6-1…4, IV.1-1, IV.2-1).
    static func selectIV21(_ state: inout AppState) {
        state.press(.char("2"), .char("g"))
        for _ in 0..<5 { state.press(.down) }
    }

    static func line(_ screen: String, _ prefix: String) -> String? {
        screen.split(separator: "\n").map(String.init).first { $0.hasPrefix(" " + prefix + " ") }
    }

    @Test func settingTheStatusGoesThroughAFormAndAnEffect() throws {
        let t = TestStore()
        var state = t.state(width: 80, height: 24)
        Self.selectIV21(&state)
        state.press(.char("s"))
        guard case .form(let form) = state.mode else { Issue.record("kein Formular"); return }
        #expect(form.title == "Status von IV.2-1 setzen")
        #expect(form[.status] == "geplant")
        #expect(form[.since] == "26.11.2026")
        // An unknown word is refused with the valid ones, nothing is requested.
        state.press(.ctrl("u")); state.type("fertig"); state.press(.ctrl("s"))
        #expect(state.pendingRequests.isEmpty)
        #expect(state.screen.contains("ist kein Status – möglich: geplant, in Vorbereitung"))
        state.press(.ctrl("u")); state.type("umsetzung"); state.press(.ctrl("s"))
        let effects = state.pendingRequests.map(\.effect)
        guard case .saveMeasureState(let saved)? = effects.first else { Issue.record("\(effects)"); return }
        #expect(saved.status == .inProgress)
        #expect(saved.since == LocalDate(year: 2026, month: 11, day: 26))
        t.settle(&state)
        #expect(state.mode == .normal)
        #expect(Self.line(state.screen, "IV.2-1")?.contains("in Umsetzung") == true, "\(state.screen)")
        #expect(try t.store.loadMeasureControlling().states.first { $0.measureID == saved.measureID }?.status == .inProgress)
        // Undo restores geplant in the store and on screen.
        state.press(.char("u"))
        t.settle(&state)
        #expect(Self.line(state.screen, "IV.2-1")?.contains("geplant") == true)
        #expect(state.status?.hasPrefix("Rückgängig") == true)
    }

    @Test func responsibleUnitByNameAndUnknownNamesRefused() throws {
        let t = TestStore()
        var state = t.state(width: 120, height: 30)
        Self.selectIV21(&state)
        state.press(.char("v"))
        state.type("Amt für nichts"); state.press(.ctrl("s"))
        #expect(state.pendingRequests.isEmpty)
        #expect(state.screen.contains("keine Organisationseinheit"))
        state.press(.ctrl("u")); state.type("fachdienst stadtentwicklung und wirtschaft"); state.press(.ctrl("s"))
        t.settle(&state)
        #expect(Self.line(state.screen, "IV.2-1")?.contains("Fachdienst Stad…") == true, "\(state.screen)")
        #expect(state.status == "Maßnahme IV.2-1: geplant, verantwortlich Fachdienst Stadtentwicklung und Wirtschaft")
    }

    @Test func milestoneAddedEditedDeletedFromTheDetailView() throws {
        let t = TestStore()
        var state = t.state(width: 80, height: 24)
        Self.selectIV21(&state)
        state.press(.char("a"))
        guard case .form(let form) = state.mode else { Issue.record("kein Formular"); return }
        #expect(form.title == "Neuer Meilenstein für IV.2-1")
        state.type("Quartierskonzept beauftragt"); state.press(.tab, .ctrl("u")); state.type("20.11.2026")
        state.press(.ctrl("s"))
        t.settle(&state)
        // Overdue: marked in the pane, counted in the findings.
        #expect(Self.line(state.screen, "IV.2-1")?.contains("! 20.11.2026 Quartie") == true, "\(state.screen)")
        #expect(state.findings.contains { $0.rule == .milestoneOverdue })
        #expect(state.status?.contains("Prüfung:") == true)
        // A note with A; both show in the detail view.
        state.press(.char("A"), .tab); state.type("Auftakt mit dem Fachdienst"); state.press(.enter)
        t.settle(&state)
        state.press(.enter)
        let detail = state.screen
        #expect(detail.contains("Meilensteine         20.11.2026 Quartierskonzept beauftragt – überfällig"), "\(detail)")
        #expect(detail.contains("Fortschritt          26.11.2026 Auftakt mit dem Fachdienst (test)"))
        #expect(detail.contains("↑↓ Wählen/Blättern  e Ändern  d Löschen"))
        // e on the selected milestone: mark it done.
        state.press(.char("e"), .tab, .tab); state.type("25.11.2026"); state.press(.ctrl("s"))
        t.settle(&state)
        #expect(state.screen.contains("20.11.2026 Quartierskonzept beauftragt – erledigt"), "\(state.screen)")
        #expect(try t.store.loadMeasureControlling().milestones.first?.done == LocalDate(year: 2026, month: 11, day: 25))
        #expect(!state.findings.contains { $0.rule == .milestoneOverdue })
        // ↓ selects the note; d asks, j deletes; undo brings it back.
        state.press(.down, .char("d"))
        #expect(state.screen.contains("Notiz vom 26.11.2026 von IV.2-1 löschen? (j/n)"))
        state.press(.char("j"))
        t.settle(&state)
        #expect(try t.store.loadMeasureControlling().notes.isEmpty)
        #expect(state.screen.contains("keine Notiz (A schreibt eine)"))
        state.press(.char("u"))
        t.settle(&state)
        #expect(try t.store.loadMeasureControlling().notes.map(\.text) == ["Auftakt mit dem Fachdienst"])
    }

    @Test func aConflictOnTheStatusOffersKeepMine() throws {
        let t = TestStore()
        var state = t.state(width: 80, height: 24)
        Self.selectIV21(&state)
        let measure = try #require(state.project.measures.measure(reference: "IV.2-1"))
        // Someone else sets the status first.
        var theirs = state.project.controlling.state(of: measure)
        theirs.status = .preparing
        try t.store.save(theirs, user: "bernd")
        state.press(.char("s"), .ctrl("u")); state.type("umsetzung"); state.press(.ctrl("s"))
        t.settle(&state)
        guard case .conflict(let choice) = state.mode else { Issue.record("kein Konflikt: \(state.mode)"); return }
        #expect(choice.message.contains("Status der Maßnahme IV.2-1"))
        state.press(.char("m"))
        t.settle(&state)
        #expect(try t.store.loadMeasureControlling().states.first { $0.measureID == measure.id }?.status == .inProgress)
    }

    @Test func readOnlyRefusesControllingKeys() {
        var state = Fixture.state()
        state.readOnly = true
        Self.selectIV21(&state)
        for key in ["s", "v", "a", "A"] {
            state.press(.char(Character(key)))
            #expect(state.mode == .normal)
            #expect(state.status?.contains("Nur Lesen") == true, "\(key)")
        }
        #expect(state.pendingRequests.isEmpty)
    }

    /// IV.2-1 in Umsetzung with an overdue milestone, as a pure project value.
    static func controlledProject() -> Project {
        var project = Fixture.project
        let m = project.measures.measure(reference: "IV.2-1")!
        let unit = project.staffing.first { $0.unit.hasPrefix("Fachdienst Stadtentwicklung") }
        var state = project.controlling.state(of: m)
        state.status = .inProgress
        state.since = LocalDate(year: 2026, month: 11, day: 2)
        state.responsibleUnitID = unit?.id
        project.controlling.states.removeAll { $0.measureID == m.id }
        project.controlling.states.append(state)
        project.controlling.milestones = [
            Milestone(id: 1, measureID: m.id, title: "Quartierskonzept beauftragt", due: LocalDate(year: 2026, month: 11, day: 20)),
            Milestone(id: 2, measureID: m.id, title: "Beteiligung Quartier", due: LocalDate(year: 2026, month: 12, day: 3)),
        ]
        return project
    }

    @Test func screensWithControllingData() {
        var state = Fixture.state(project: Self.controlledProject())
        state.show(.measures)
        assertSnapshot(state.screen, named: "2-measures-controlling-80x24")
        #expect(Self.line(state.screen, "IV.2-1")?.contains("in Umsetzung") == true)
        state.show(.overview)
        assertSnapshot(state.screen, named: "1-overview-controlling-80x24")
        #expect(state.screen.contains("Maßnahmen     3 geplant, 1 in Umsetzung, 4 abgeschlossen · 1 überfällig"))
        #expect(state.screen.contains("! 20.11.2026 IV.2-1 Quartierskonzept beauftragt"))
        state.press(.char("r"), .char(" "), .char(" "))
        assertSnapshot(state.screen, named: "review-3-measures-controlling-80x24")
        #expect(state.screen.contains("MASSNAHMEN"))
        #expect(state.screen.contains("Überfällig: 1"))
        #expect(state.screen.contains("Fällig in den nächsten 14 Tagen: 1"))
    }

    @Test func weeklyReportListsMilestonesOfTheWeek() {
        var project = Self.controlledProject()
        project.controlling.milestones[0].done = LocalDate(year: 2026, month: 11, day: 24)
        project.controlling.milestones.append(Milestone(id: 3, measureID: project.controlling.milestones[0].measureID,
                                                        title: "Nächste Woche", due: LocalDate(year: 2026, month: 12, day: 1)))
        let text = StatusReport.render(project: project, changes: [], since: nil, today: Fixture.today, format: .md)
        #expect(text.contains("## Maßnahmen und Meilensteine"))
        #expect(text.contains("**Erledigt in der Woche 23.11.2026 – 29.11.2026**\n\n| Erledigt | Maßnahme | Meilenstein |"))
        #expect(text.contains("| 24.11.2026 | IV.2-1 | Quartierskonzept beauftragt |"))
        // Due 03.12. lies in the next week: not in this week's list.
        #expect(text.contains("**Fällig in der Woche 23.11.2026 – 29.11.2026**\n\nKeine."))
        #expect(!text.contains("Nächste Woche |"))
    }

    @Test func calendarExportCarriesMilestonesAsAllDayEvents() {
        var state = Fixture.state(project: Self.controlledProject())
        state.show(.events)
        state.press(.char("x"))
        guard case .export(let file, _)? = state.pendingRequests.first?.effect else { Issue.record("kein Export"); return }
        #expect(file.contents.contains("UID:milestone-1@teamwork.schwerin.de\r\n"))
        #expect(file.contents.contains("DTSTART;VALUE=DATE:20261120\r\nDTEND;VALUE=DATE:20261121\r\n"))
        #expect(file.contents.contains("SUMMARY:Meilenstein IV.2-1: Quartierskonzept beauftragt\r\n"))
        #expect(file.contents.hasSuffix("END:VEVENT\r\nEND:VCALENDAR\r\n"))
    }
}
