import Foundation
import Testing
import TeamworkApp
import TeamworkCore
import TeamworkStore
@testable import TeamworkUI

extension AppState {
    /// Shows the Soll/Ist pane with the cursor on `code` in `column` (0 = 2021, 8 = Gesamt).
    mutating func actualsCell(_ code: String, column: Int) {
        show(.actuals)
        grids[.actuals]!.row = visibleGridRows(.actuals).firstIndex(of: code) ?? visibleGridRows(.actuals).count
        grids[.actuals]!.column = column
        ensureGridVisible(.actuals)
    }
}

enum LedgerFixture {
    static func expense(_ line: String, _ day: Int, _ month: Int, _ year: Int, _ cents: Int64, _ receipt: String,
                        payee: String = "Stadtwerke Schwerin", purpose: String = "Rechnung") -> Expense {
        Expense(id: Int64(receipt.hashValue & 0xFFFF), line: line, date: LocalDate(year: year, month: month, day: day),
                payee: payee, purpose: purpose, amount: Money(cents: cents), receipt: receipt)
    }

    /// The seeded project with three payments on 1.1.1 (one year over its Soll) and one on 2.1.3.
    static let project: Project = {
        var p = Fixture.project
        p.expenses = [
            expense("1.1.1", 15, 3, 2022, 20_000_000, "R-2022-01", payee: "Beratung Nord GmbH", purpose: "Strategieberatung Los 1"),
            expense("1.1.1", 2, 9, 2022, 5_000_000, "R-2022-07", payee: "Beratung Nord GmbH", purpose: "Strategieberatung Los 2"),
            expense("1.1.1", 20, 1, 2021, 1_234_56, "R-2021-03", payee: "Druckerei Müller", purpose: "Broschüren"),
            expense("2.1.3", 5, 6, 2025, 999_00, "B-77", payee: "IT-Dienstleister", purpose: "Sensoren"),
        ]
        return p
    }()

    static func state(width: Int = 80, height: Int = 24) -> AppState {
        AppState(project: project, themes: [Theme.fallback], width: width, height: height, today: Fixture.today)
    }
}

@Suite struct ActualsPaneTests {
    @Test func theTabBarReachesTheSollIstPaneAndTheHeaderFits() {
        for width in [60, 80, 120] {
            var state = LedgerFixture.state(width: width, height: 24)
            state.show(.actuals)
            let header = state.screen.split(separator: "\n")[0]
            #expect(header.contains("Ist"), "Kopfzeile bei \(width): \(header)")
            #expect(Terminal.width(String(header)) <= width)
        }
        var state = LedgerFixture.state()
        state.press(.backTab)   // from the overview backwards: the last tab, then the one before it
        #expect(state.pane == .drawdowns)
        state.press(.backTab)
        #expect(state.pane == .actuals)
    }

    @Test func cellsShowIstThenSollThenDeltaAndMarkOverPlan() {
        var state = LedgerFixture.state(width: 120, height: 40)
        state.actualsCell("1.1.1", column: 1)   // 2022: Soll 240.000, Ist 250.000
        #expect(state.actualsValue(code: "1.1.1", column: 1) == 25_000_000)
        #expect(state.actualsOverPlan(code: "1.1.1", column: 1))
        #expect(!state.actualsOverPlan(code: "1.1.1", column: 0))
        var row = state.screen.split(separator: "\n").first { $0.contains("1.1.1") }.map(String.init) ?? ""
        #expect(row.contains("▲250.000,00"), "\(row)")
        #expect(row.contains("1.234,56"))
        state.press(.char("b"))
        #expect(state.actualsView == .plan)
        row = state.screen.split(separator: "\n").first { $0.contains("1.1.1") }.map(String.init) ?? ""
        #expect(row.contains("240.000,00") && row.contains("50.000,00"), "\(row)")
        state.press(.char("v"))
        #expect(state.actualsView == .difference)
        row = state.screen.split(separator: "\n").first { $0.contains("1.1.1") }.map(String.init) ?? ""
        #expect(row.contains("▲+10.000,00"), "\(row)")
        #expect(state.screen.contains("Δ Ist−Soll"))
        // The sum row 1+2 sums Ist of every line.
        state.press(.char("b"))
        #expect(state.actualsValue(code: KfW436.eligibleCosts, column: 8) == 20_000_000 + 5_000_000 + 1_234_56 + 999_00)
    }

    @Test func enterOpensTheBeleglisteSortedByDateWithTheSumOfTheCell() {
        var state = LedgerFixture.state()
        state.actualsCell("1.1.1", column: 1)
        state.press(.enter)
        let view = try! #require(state.receiptsView)
        #expect(view.receipts.expenses.map(\.receipt) == ["R-2022-01", "R-2022-07"])
        #expect(view.receipts.sum.cents == state.actualsValue(code: "1.1.1", column: 1))
        let screen = state.screen
        #expect(screen.contains("Belegliste 1.1.1"))
        #expect(screen.contains("15.03.2022") && screen.contains("R-2022-01") && screen.contains("Beratung Nord"))
        #expect(screen.contains("250.000,00"))
        state.press(.escape)
        #expect(state.receiptsView == nil)
        // Gesamt: the whole period.
        state.actualsCell("1.1.1", column: 8)
        state.press(.enter)
        #expect(state.receiptsView?.receipts.expenses.map(\.receipt) == ["R-2021-03", "R-2022-01", "R-2022-07"])
        #expect(state.screen.contains("gesamt"))
    }

    @Test func enterOnASumRowExplainsAndOpensNothing() {
        var state = LedgerFixture.state()
        state.actualsCell(KfW436.eligibleCosts, column: 0)
        state.press(.enter)
        #expect(state.receiptsView == nil)
        #expect(state.screen.contains("Summenzeile"))
    }

    @Test func addValidatesEachFieldInGerman() {
        var state = LedgerFixture.state()
        state.actualsCell("1.1.2", column: 0)
        state.press(.char("a"))
        guard case .form(var form) = state.mode else { Issue.record("kein Formular"); return }
        #expect(form[.line] == "1.1.2")
        #expect(form[.date] == "26.11.2026")
        form.set(.date, "31.12.2030")
        form.set(.amount, "12,3x")
        form.set(.line, "1.1")
        _ = form.validated(project: state.project)
        func error(_ id: FormState.FieldID) -> String { form.fields.first { $0.id == id }?.error ?? "" }
        #expect(error(.date).contains("außerhalb der Planjahre"))
        #expect(error(.amount).contains("kein Betrag"))
        #expect(error(.line).contains("Zwischensumme"))
        #expect(error(.purpose).contains("fehlt") || !error(.purpose).isEmpty)
        #expect(state.pendingRequests.isEmpty)
    }

    @Test func snapshots() {
        for (w, h) in [(80, 24), (120, 40)] {
            var state = LedgerFixture.state(width: w, height: h)
            state.actualsCell("1.1.1", column: 1)
            assertSnapshot(state.screen, named: "10-actuals-ledger-\(w)x\(h)")
            state.press(.enter)
            assertSnapshot(state.screen, named: "10-actuals-belegliste-\(w)x\(h)")
        }
        var state = LedgerFixture.state()
        state.actualsCell("1.1.1", column: 0)
        state.press(.char("a"))
        assertSnapshot(state.screen, named: "10-actuals-form-80x24")
        var overview = LedgerFixture.state()
        overview.show(.overview)
        assertSnapshot(overview.screen, named: "1-overview-ledger-80x24")
    }

    @Test func overviewShowsIstToDateAgainstSoll() {
        let state = LedgerFixture.state()
        let screen = state.screen
        #expect(screen.contains("Ist bis 26.11.2026"))
        #expect(screen.contains("Strategiephase (1)"))
        #expect(screen.contains("25.123.456,00") == false)
        #expect(screen.contains("251.234,56"))   // 1.1.1 in 2021 and 2022
    }

    @Test func dashboardChecksSeeFutureExpenses() {
        var p = Fixture.project
        p.expenses = [LedgerFixture.expense("1.1.1", 1, 12, 2026, 100_00, "F-1")]
        let state = AppState(project: p, themes: [Theme.fallback], today: Fixture.today)
        #expect(state.findings.contains { $0.rule.rawValue == "expense-date" })
    }
}

/// Add, edit, delete, undo and redo a receipt through the real store and `EffectRunner`.
@Suite struct ActualsEditingTests {
    @Test func addingAnExpenseMovesTheIstCellAndUndoRedoFollow() {
        let store = TestStore()
        var state = store.state()
        state.actualsCell("1.1.3", column: 1)
        #expect(state.actualsValue(code: "1.1.3", column: 1) == 0)
        state.press(.char("a"))
        guard case .form(var form) = state.mode else { Issue.record("kein Formular"); return }
        form.set(.date, "10.05.2022"); form.set(.amount, "1.500,00"); form.set(.payee, "Agentur Ost")
        form.set(.purpose, "Workshop-Moderation"); form.set(.receipt, "RE-1")
        state.mode = .form(form)
        state.press(.ctrl("s"))
        if case .form(let f) = state.mode, state.pendingRequests.isEmpty {
            Issue.record("nicht gespeichert: \(f.fields.compactMap(\.error)) \(f.message ?? "")")
        }
        store.settle(&state)
        #expect(state.actualsValue(code: "1.1.3", column: 1) == 150_000)
        #expect(try! store.store.expenses().count == 1)
        state.press(.char("u")); store.settle(&state)
        #expect(state.actualsValue(code: "1.1.3", column: 1) == 0)
        #expect(try! store.store.expenses().isEmpty)
        state.press(.ctrl("r")); store.settle(&state)
        #expect(state.actualsValue(code: "1.1.3", column: 1) == 150_000)

        // Edit in the Belegliste, then delete with confirmation.
        state.press(.enter)
        #expect(state.receiptsView?.receipts.expenses.count == 1)
        state.press(.char("e"))
        guard case .form(var edit) = state.mode else { Issue.record("kein Formular"); return }
        edit.set(.amount, "2.000,00")
        state.mode = .form(edit)
        state.press(.ctrl("s")); store.settle(&state)
        #expect(state.actualsValue(code: "1.1.3", column: 1) == 200_000)
        #expect(state.receiptsView?.receipts.sum.cents == 200_000)
        state.press(.char("d"))
        guard case .confirm = state.mode else { Issue.record("keine Rückfrage"); return }
        state.press(.char("j")); store.settle(&state)
        #expect(state.actualsValue(code: "1.1.3", column: 1) == 0)
        #expect(state.receiptsView?.receipts.expenses.isEmpty == true)
        #expect(state.screen.contains("Keine Belege"))
    }

    @Test func aConflictingEditOpensTheConflictDialog() {
        let store = TestStore()
        let saved = try! store.store.save(LedgerFixture.expense("1.1.3", 1, 2, 2022, 100_00, "K-1").withID(0), user: "test")
        var state = store.state()
        state.actualsCell("1.1.3", column: 1)
        state.press(.enter, .char("e"))
        var other = saved; other.purpose = "von Bernd geändert"
        _ = try! store.store.save(other, user: "bernd")
        guard case .form(var edit) = state.mode else { Issue.record("kein Formular"); return }
        edit.set(.amount, "300,00")
        state.mode = .form(edit)
        state.press(.ctrl("s")); store.settle(&state)
        guard case .conflict = state.mode else { Issue.record("kein Konflikt: \(state.mode)"); return }
    }
}

extension Expense {
    func withID(_ id: Int64) -> Expense { var e = self; e.id = id; return e }
}
