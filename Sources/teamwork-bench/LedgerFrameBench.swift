import Foundation
import TeamworkCore
import TeamworkUI

/// Frames of the dashboard's Soll/Ist pane and of a Belegliste with 100.000 expenses (goal
/// < 2 ms each): the ledger is built once per project change, a frame only reads it.
enum LedgerFrameBench {
    static func figures(project seeded: Project) -> [LedgerBench.Figure] {
        var out: [LedgerBench.Figure] = []
        var project = seeded
        // In the order the store delivers them (`fetchExpenses`: by date, then id), as the Ledger expects.
        project.expenses = LedgerBench.expenses(plan: project.plan)
            .sorted { ($0.date.ordinal, $0.id) < ($1.date.ordinal, $1.id) }
        let today = LocalDateTime(year: 2026, month: 11, day: 26, hour: 9)
        for (w, h) in [(80, 24), (120, 40)] {
            var state = AppState(project: project, width: w, height: h, today: today)
            while state.pane != .actuals { state.update(.key(.tab)) }   // Tab to Soll/Ist
            state.update(.key(.down)); state.update(.key(.down)); state.update(.key(.right))
            let frame = timeMedian(runs: 200) { _ = Renderer.render(state) }
            out.append(LedgerBench.Figure(label: "Frame Soll/Ist \(w)×\(h), 100.000 Ausgaben", value: format(frame, digits: 3),
                                          unit: "ms", note: "Ziel < 2 ms; Median von 200"))
        }
        // Every expense on one line: the Belegliste of its Gesamt cell holds all 100.000.
        var one = project
        one.expenses = project.expenses.map { var e = $0; e.line = "1.1.3"; return e }
        var state = AppState(project: one, width: 80, height: 24, today: today)
        while state.pane != .actuals { state.update(.key(.tab)) }
        for _ in 0..<3 { state.update(.key(.down)) }      // 1.1, 1.1.1, 1.1.2, 1.1.3
        state.update(.key(.char("$")))
        let open = timeMedian(runs: 10) { var s = state; s.update(.key(.enter)) }
        state.update(.key(.enter))
        guard let count = state.receiptsView?.receipts.expenses.count, count == LedgerBench.count else {
            fail("Belegliste nicht geöffnet: \(state.receiptsView?.receipts.expenses.count ?? -1) Belege")
        }
        for _ in 0..<5_000 { state.update(.key(.down)) }     // somewhere in the middle
        let frame = timeMedian(runs: 200) { _ = Renderer.render(state) }
        out.append(LedgerBench.Figure(label: "Frame Belegliste 80×24, 100.000 Belege", value: format(frame, digits: 3),
                                      unit: "ms", note: "Ziel < 2 ms; Median von 200"))
        out.append(LedgerBench.Figure(label: "Belegliste öffnen (100.000 Belege sortieren)", value: format(open, digits: 2),
                                      unit: "ms", note: "einmal je Enter, Median von 10; Ausgaben wie aus dem Speicher nach Datum"))
        return out
    }
}
