import Foundation
import TeamworkCore
import TeamworkStore

/// Figures of the receipts ledger (issue "Ist-Ausgaben"): importing 100.000 expenses from a CSV
/// file, the Soll/Ist aggregation and the checks over them, a Belegliste, loading the project.
/// `teamwork-bench ledger` prints only these.
enum LedgerBench {
    struct Figure { var label: String; var value: String; var unit: String; var note: String }

    static let count = 100_000

    /// `count` expenses spread over the bookable lines and the plan years (deterministic).
    static func expenses(plan: Plan) -> [Expense] {
        let lines = KfW436.bookableLines(in: plan).map(\.code)
        var rng = SplitMix64(seed: 12)
        var out: [Expense] = []
        out.reserveCapacity(count)
        for index in 0..<count {
            // Paid up to 2026 (payments after today would each be a finding of expense-date).
            let year = plan.years[Int(rng.next() % UInt64(min(6, plan.years.count)))]
            let date = LocalDate(year: year, month: 1 + Int(rng.next() % 12), day: 1 + Int(rng.next() % 28))
            let cents = Int64(rng.next() % 500_000) + 1
            out.append(Expense(id: Int64(index + 1), line: lines[Int(rng.next() % UInt64(lines.count))], date: date,
                               payee: "Lieferant \(index % 500) GmbH", purpose: "Rechnung \(index)",
                               amount: Money(cents: cents), receipt: "ER-\(year)-\(index)"))
        }
        return out
    }

    static func figures(workDirectory: URL) -> [Figure] {
        var out: [Figure] = []
        let path = workDirectory.appendingPathComponent("ledger.sqlite").path
        removeDatabase(path)
        defer { removeDatabase(path) }
        do {
            let store = try ProjectStore(path: path)
            let plan = try store.loadProject().plan
            let generated = expenses(plan: plan)
            let bytes = Array(ExpenseCSV.write(generated).utf8)

            // Import: decode + parse + validate the file, then one transaction with 100.000 audit rows.
            let start = now()
            let file = try ExpenseCSV.read(bytes, plan: plan)
            let parsed = now()
            guard file.problems.isEmpty, file.rows.count == count else { fail("Testdatei fehlerhaft: \(file.problems.prefix(3))") }
            let result = try store.importExpenses(file.rows, user: "bench")
            let done = now()
            guard result.inserted.count == count else { fail("Import: \(result.inserted.count) statt \(count)") }
            out.append(Figure(label: "Import 100.000 Ausgaben (CSV → Datenbank)", value: format(ms(done - start), digits: 0),
                              unit: "ms", note: "Ziel < 2000; davon Datei lesen/prüfen \(format(ms(parsed - start), digits: 0)) ms, "
                                  + "\(bytes.count / 1024) KB, eine Transaktion mit Protokoll"))

            let again = now()
            let second = try store.importExpenses(file.rows, user: "bench")
            out.append(Figure(label: "Erneuter Import derselben 100.000 (übersprungen)", value: format(ms(now() - again), digits: 0),
                              unit: "ms", note: "\(second.skipped.count) übersprungen, \(second.inserted.count) neu"))

            let loadStart = now()
            let project = try store.loadProject()
            out.append(Figure(label: "loadProject mit 100.000 Ausgaben", value: format(ms(now() - loadStart), digits: 0),
                              unit: "ms", note: "Projekt samt Ausgaben aus SQLite"))

            let today = LocalDate(year: 2026, month: 12, day: 1)
            let aggregation = timeMedian(runs: 20) {
                let ledger = Ledger(plan: project.plan, expenses: project.expenses)
                _ = Actuals.rows(plan: project.plan, ledger: ledger)
            }
            out.append(Figure(label: "Soll/Ist-Aggregation über 100.000 Ausgaben", value: format(aggregation, digits: 2),
                              unit: "ms", note: "Ziel < 10; Ledger + Tabelle aller Kostenzeilen, Median von 20"))
            let checks = timeMedian(runs: 20) {
                let ledger = Ledger(plan: project.plan, expenses: project.expenses)
                _ = ActualsChecks.run(plan: project.plan, terms: project.terms, ledger: ledger, today: today)
            }
            out.append(Figure(label: "Prüfung Ist (3 Regeln) über 100.000 Ausgaben", value: format(checks, digits: 2),
                              unit: "ms", note: "Ledger + actual-over-plan, actual-consulting-cap, expense-date, Median von 20"))
            let ledger = Ledger(plan: project.plan, expenses: project.expenses)
            let receipts = timeMedian(runs: 20) { _ = ledger.receipts(line: "1.1.3", year: 2024) }
            let cell = ledger.receipts(line: "1.1.3", year: 2024)
            out.append(Figure(label: "Belegliste einer Zelle (1.1.3 / 2024)", value: format(receipts, digits: 2), unit: "ms",
                              note: "\(cell.expenses.count) Belege aus 100.000, sortiert, Summe \(cell.sum.formatted) €"))
            let progress = timeMedian(runs: 20) { _ = Actuals.progress(plan: project.plan, ledger: ledger, through: today) }
            out.append(Figure(label: "Ist bis heute je Phase (Übersicht)", value: format(progress, digits: 2), unit: "ms",
                              note: "Actuals.progress über 100.000, Median von 20"))
        } catch {
            fail("Ausgaben-Benchmark: \(error)")
        }
        return out
    }

    /// `teamwork-bench ledger`: only these figures.
    static func printOnly(workDirectory: URL) -> Never {
        let figures = figures(workDirectory: workDirectory)
        try? FileManager.default.removeItem(at: workDirectory)
        let width = figures.map(\.label.count).max() ?? 0
        for f in figures {
            print(f.label.padding(toLength: width, withPad: " ", startingAt: 0) + "  "
                  + String(repeating: " ", count: max(0, 8 - f.value.count)) + f.value + " " + f.unit + "  " + f.note)
        }
        exit(0)
    }
}
