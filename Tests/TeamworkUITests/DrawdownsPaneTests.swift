import Foundation
import Testing
import TeamworkCore
import TeamworkStore
@testable import TeamworkUI

/// The Mittelabruf pane: what may be drawn, the register and the funding terms, edited through
/// forms on a real store (`EffectRunner`), with undo, redo, audit and conflicts.
@Suite struct DrawdownsPaneTests {
    /// Selects the register row of drawdown `id` or the row of term `key`.
    static func select(_ state: inout AppState, _ record: RecordRef) {
        state.show(.drawdowns)
        state.press(.char("g"))
        for _ in 0..<40 where state.selectedRow()?.record != record { state.press(.down) }
        #expect(state.selectedRow()?.record == record, "Zeile \(record) nicht gefunden")
    }

    static func fill(_ state: inout AppState, _ values: [FormState.FieldID: String]) {
        guard case .form(var form) = state.mode else { Issue.record("kein Formular: \(state.mode)"); return }
        for (id, value) in values { form.set(id, value) }
        state.mode = .form(form)
        state.press(.ctrl("s"))
    }

    static func expense(_ line: String, _ date: String, _ cents: Int64, _ receipt: String) -> Expense {
        Expense(line: line, date: try! LocalDate.parse(date), payee: "Lieferant", purpose: "Rechnung", amount: Money(cents: cents),
                receipt: receipt)
    }

    @Test func addEditDeleteWithUndoRedoAndAudit() throws {
        let store = TestStore()
        try store.store.save(Self.expense("1.1.1", "10.03.2026", 100_000_00, "R-1"), user: "test")
        var state = store.state()
        state.show(.drawdowns)
        // Ist 100.000,00 → 90 % = 90.000,00 may be drawn in the Strategiephase.
        #expect(state.models.funding.position(.strategy).callable == Money(cents: 90_000_00))
        #expect(state.screen.contains("90.000,00"))
        state.press(.char("a"))
        Self.fill(&state, [.phase: "1", .date: "20.11.2026", .amount: "60.000,00"])
        store.settle(&state)
        let saved = try #require(try store.store.drawdownRegister().drawdowns.first)
        #expect(saved.amount == Money(cents: 60_000_00) && saved.phase == .strategy && saved.receivedOn == nil)
        #expect(state.models.funding.position(.strategy).callable == Money(cents: 30_000_00))
        #expect(try store.store.auditTrail(entity: "drawdown").count == 1)
        #expect(state.status?.contains("Mittelabruf Strategiephase, 20.11.2026, 60.000,00 € gespeichert") == true)

        // The money arrives: e on the row, received date; the amount received defaults to the request.
        Self.select(&state, .drawdown(saved.id))
        state.press(.char("e"))
        Self.fill(&state, [.receivedOn: "25.11.2026"])
        store.settle(&state)
        let received = try store.store.drawdown(id: saved.id)
        #expect(received.receivedOn == (try Validation.parseDay("25.11.2026")) && received.receivedAmount == saved.amount)
        #expect(state.screen.contains("25.11.2026"))

        state.press(.char("u")); store.settle(&state)
        #expect(try store.store.drawdown(id: saved.id).receivedOn == nil)
        state.press(.ctrl("r")); store.settle(&state)
        #expect(try store.store.drawdown(id: saved.id).receivedOn != nil)

        Self.select(&state, .drawdown(saved.id))
        state.press(.char("d"))
        guard case .confirm(let question) = state.mode else { Issue.record("keine Rückfrage"); return }
        #expect(question.message.contains("Mittelabruf Strategiephase, 20.11.2026, 60.000,00 €"))
        state.press(.char("j")); store.settle(&state)
        #expect(try store.store.drawdownRegister().drawdowns.isEmpty)
        #expect(state.screen.contains("Noch keine Mittelabrufe"))
        // Undo of the delete brings it back (a new id, the same content).
        state.press(.char("u")); store.settle(&state)
        #expect(try store.store.drawdownRegister().drawdowns.map(\.amount) == [Money(cents: 60_000_00)])
    }

    @Test func eachFieldIsValidatedInGerman() {
        var state = Fixture.state()
        state.show(.drawdowns)
        state.press(.char("a"))
        guard case .form(var form) = state.mode else { Issue.record("kein Formular"); return }
        #expect(form[.date] == "26.11.2026")
        form.set(.phase, "3"); form.set(.amount, "0,00"); form.set(.date, "31.02.2026"); form.set(.receivedAmount, "12,3x")
        _ = form.validated(project: state.project)
        func error(_ id: FormState.FieldID) -> String { form.fields.first { $0.id == id }?.error ?? "" }
        #expect(error(.phase).contains("1 (Strategiephase) oder 2 (Umsetzungsphase)"))
        #expect(error(.amount).contains("größer als 0,00 €"))
        #expect(!error(.date).isEmpty)
        #expect(error(.receivedAmount).contains("12,3x"))
        // Money that arrives before it was requested: Core's rule, on the field it concerns.
        form = FormState.drawdown(nil, phase: .strategy, today: Fixture.today)
        form.set(.amount, "100,00"); form.set(.receivedOn, "01.01.2026")
        #expect(form.validated(project: state.project) == nil)
        #expect(form.fields.first { $0.id == .receivedOn }?.error?.contains("vor dem Abrufdatum") == true)
    }

    @Test func overdrawingShowsInThePaneTheOverviewAndTheChecks() throws {
        let store = TestStore()
        try store.store.save(Self.expense("1.1.1", "10.03.2026", 100_000_00, "R-1"), user: "test")
        try store.store.save(Drawdown(phase: .strategy, requestedOn: try Validation.parseDay("20.11.2026"),
                                      amount: Money(cents: 95_000_00)), user: "test")
        var state = store.state()
        let finding = try #require(state.findings.first { $0.rule == .drawdownOverQuota })
        #expect(finding.message.contains("5.000,00 €"))
        #expect(state.models.funding.total.overdraw == Money(cents: 5_000_00))
        state.show(.overview)
        #expect(state.screen.contains("Mittelabruf   jetzt abrufbar 0,00 €"))
        #expect(state.screen.contains("nächster Abruf ab 20.05.2027"))
        state.show(.drawdowns)
        #expect(state.screen.contains("95.000,00"))
    }

    @Test func aTermIsEditedInAFormWithItsAcceptedValuesAndUndone() throws {
        let store = TestStore()
        var state = store.state()
        Self.select(&state, .term(.zusage1))
        state.press(.char("e"))
        guard case .form(let form) = state.mode else { Issue.record("kein Formular"); return }
        #expect(form.hint?.contains("TT.MM.JJJJ") == true)
        #expect(state.screen.contains("Förderbedingung: Zusage der KfW, Strategiephase"))
        Self.fill(&state, [.value: "30.02.2021"])
        guard case .form(let refused) = state.mode else { Issue.record("Formular geschlossen"); return }
        #expect(refused.fields[0].error?.contains("zusage-1") == true)
        Self.fill(&state, [.value: "31.08.2021"])
        store.settle(&state)
        #expect(try store.store.fundingTerms().strategyZusage == (try Validation.parseDay("31.08.2021")))
        // 31.08.2021 + 30 months = 29.02.2024 (month end of a leap year), overdue on 26.11.2026 and not submitted.
        state.show(.overview)
        #expect(state.screen.contains("Strategiephase fällig am 29.02.2024, überfällig seit"))
        #expect(state.findings.contains { $0.rule == .proofDeadline && $0.severity == .error })
        #expect(try store.store.auditTrail(entity: "terms").first?.summary.contains("31.08.2021") == true)
        state.press(.char("u")); store.settle(&state)
        #expect(try store.store.fundingTerms().strategyZusage == nil)
        #expect(!state.findings.contains { $0.rule == .proofDeadline })
    }

    @Test func aTermChangedMeanwhileIsAConflictNotAnOverwrite() throws {
        let store = TestStore()
        var state = store.state()
        Self.select(&state, .term(.drawdownIntervalMonths))
        state.press(.char("e"))
        try store.store.setFundingTerm(.drawdownIntervalMonths, to: "3", user: "bernd")
        Self.fill(&state, [.value: "12"])
        store.settle(&state)
        guard case .conflict(let choice) = state.mode else { Issue.record("kein Konflikt: \(state.mode)"); return }
        #expect(choice.message.contains("gespeichert ist 3"))
        #expect(try store.store.fundingTerms().drawdownIntervalMonths == 3)
    }

    @Test func snapshots() throws {
        let store = TestStore()
        try store.store.save(Self.expense("1.1.1", "10.03.2026", 100_000_00, "R-1"), user: "test")
        try store.store.save(Self.expense("2.1.1", "10.04.2026", 2_000_000_00, "R-2"), user: "test")
        try store.store.save(Drawdown(phase: .strategy, requestedOn: try Validation.parseDay("01.06.2026"),
                                      amount: Money(cents: 50_000_00), receivedOn: try Validation.parseDay("20.06.2026")),
                             user: "test")
        try store.store.save(Drawdown(phase: .implementation, requestedOn: try Validation.parseDay("24.11.2026"),
                                      amount: Money(cents: 1_000_000_00), note: "Abruf II/2026"), user: "test")
        try store.store.setFundingTerm(.zusage1, to: "31.08.2021", user: "test")
        for (w, h) in [(80, 24), (120, 40)] {
            var state = store.state(width: w, height: h)
            state.show(.drawdowns)
            assertSnapshot(state.screen, named: "11-drawdowns-register-\(w)x\(h)")
        }
        var state = store.state(width: 80, height: 24)
        state.show(.drawdowns)
        state.press(.char("a"))
        assertSnapshot(state.screen, named: "11-drawdowns-form-80x24")
        state.press(.escape)
        Self.select(&state, .term(.overrunTolerance))
        state.press(.char("e"))
        assertSnapshot(state.screen, named: "11-drawdowns-term-form-80x24")
    }

    @Test func theWeeklyReportListsTheDrawdownsOfTheWeekAndTheCallableAmount() throws {
        var project = Fixture.project
        project.expenses = [Self.expense("1.1.1", "10.03.2026", 100_000_00, "R-1")]
        project.drawdowns = DrawdownRegister(drawdowns: [
            Drawdown(id: 1, phase: .strategy, requestedOn: try Validation.parseDay("24.11.2026"), amount: Money(cents: 30_000_00)),
            Drawdown(id: 2, phase: .strategy, requestedOn: try Validation.parseDay("01.06.2026"), amount: Money(cents: 10_000_00),
                     receivedOn: try Validation.parseDay("23.11.2026")),
            Drawdown(id: 3, phase: .strategy, requestedOn: try Validation.parseDay("02.03.2026"), amount: Money(cents: 1_000_00)),
        ])
        let report = StatusReport.render(project: project, changes: [], since: nil, today: Fixture.today, format: .md)
        let section = try #require(report.components(separatedBy: "## Mittelabruf und Fristen").last?
            .components(separatedBy: "## Termine").first)
        // 90 % of 100.000,00 = 90.000,00, less 41.000,00 drawn.
        #expect(section.contains("| Strategiephase | 100.000,00 | 41.000,00 | 49.000,00 | ab 24.05.2027 |"), "\(section)")
        #expect(section.contains("**Mittelabrufe in der Woche 23.11.2026 – 29.11.2026**"))
        #expect(section.contains("| 24.11.2026 | Strategiephase | 30.000,00 | offen |"))
        // Received this week (requested in June): listed; requested in March and nothing this week: not.
        #expect(section.contains("| 01.06.2026 | Strategiephase | 10.000,00 | 23.11.2026 | 10.000,00 |"))
        #expect(!section.contains("02.03.2026"))
        #expect(section.contains("- Strategiephase: keine Frist – Zusage-Datum nicht eingetragen"))
    }

    @Test func xWritesTheRegisterForExcelWithFormulaSafeNotes() throws {
        var project = Fixture.project
        project.drawdowns = DrawdownRegister(drawdowns: [
            Drawdown(id: 7, phase: .implementation, requestedOn: try Validation.parseDay("24.11.2026"), amount: Money(cents: 1_000_000_00),
                     receivedOn: try Validation.parseDay("30.11.2026"), note: "=HYPERLINK(\"http://x\";\"klick\")\u{202E}"),
        ])
        var state = Fixture.state(project: project)
        state.show(.drawdowns)
        state.press(.char("x"))
        guard case .export(let file, _)? = state.pendingRequests.first?.effect else { Issue.record("kein Export"); return }
        #expect(file.name == "teamwork-mittelabrufe-2026-11-26.csv")
        #expect(file.contents.hasPrefix("\u{FEFF}Nr;Phase;Abruf am;Betrag (€);Eingang am;Eingang (€);Notiz\r\n"))
        #expect(file.contents.contains("7;2;24.11.2026;1.000.000,00;30.11.2026;1.000.000,00;\"'=HYPERLINK(\"\"http://x\"\";\"\"klick\"\")<U+202E>\"\r\n"),
                "\(file.contents)")
        #expect(file.contents.hasSuffix(";Summe;;1.000.000,00;;1.000.000,00;\r\n"))
    }

    @Test func theSubmissionOfAProofEndsTheDeadlineFindingAndIsUndone() throws {
        let store = TestStore()
        try store.store.setFundingTerm(.zusage1, to: "31.08.2021", user: "test")
        var state = store.state()
        #expect(state.findings.contains { $0.rule == .proofDeadline && $0.severity == .error })
        Self.select(&state, .proof(.strategy))
        #expect(state.selectedRow()?.cells == ["Strategiephase: fällig am 29.02.2024", "nicht eingereicht"])
        state.press(.char("e"))
        Self.fill(&state, [.date: "20.02.2024"])
        store.settle(&state)
        #expect(try store.store.drawdownRegister().submission(.strategy)?.submittedOn == (try Validation.parseDay("20.02.2024")))
        #expect(!state.findings.contains { $0.rule == .proofDeadline })
        #expect(state.selectedRow()?.cells.last == "eingereicht am 20.02.2024")
        #expect(try store.store.auditTrail(entity: "proof").first?.summary.contains("eingereicht am 20.02.2024") == true)
        state.press(.char("u")); store.settle(&state)
        #expect(try store.store.drawdownRegister().submission(.strategy) == nil)
        #expect(state.findings.contains { $0.rule == .proofDeadline })
        // Someone records it meanwhile: a conflict, not an overwrite.
        state.press(.char("e"))
        try store.store.setProofSubmission(phase: .strategy, date: try Validation.parseDay("21.02.2024"), user: "bernd")
        Self.fill(&state, [.date: "22.02.2024"])
        store.settle(&state)
        guard case .conflict(let choice) = state.mode else { Issue.record("kein Konflikt: \(state.mode)"); return }
        #expect(choice.message.contains("eingereicht am 21.02.2024"))
    }
}
