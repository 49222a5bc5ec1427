import Foundation
import GRDB
import Testing
import TeamworkCore
@testable import TeamworkStore

private func payment(_ line: String = "1.1.3", _ iso: String = "2022-02-11", _ cents: Int64 = 239_990,
                     receipt: String = "ER-2022-0041") -> Expense {
    Expense(line: line, date: LocalDate(iso: iso)!, payee: "Bürobedarf GmbH", purpose: "Büromöbel",
            amount: Money(cents: cents), receipt: receipt)
}

private let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")

@Suite struct ExpenseStoreTests {
    @Test func nothingIsSeededAndTheToleranceIsOff() throws {
        try withSeededStore { store in
            #expect(try store.expenseCount() == 0)
            let project = try store.loadProject()
            #expect(project.expenses.isEmpty)
            #expect(project.terms.overrunTolerance == nil)
        }
    }

    @Test func saveUpdateDeleteAreVersionedAndAudited() throws {
        try withSeededStore { store in
            let saved = try store.save(payment(), user: "anna")
            #expect(saved.id > 0 && saved.version == 1)
            #expect(try store.loadProject().expenses == [saved])
            var edited = saved
            edited.amount = Money(cents: 240_000)
            let updated = try store.save(edited, user: "ben")
            #expect(updated.version == 2)
            // Someone saving on the old version gets a conflict with the current record.
            var stale = saved
            stale.payee = "Anders"
            let conflict = storeError { () throws(StoreError) in _ = try store.save(stale, user: "cleo") }
            #expect(conflict?.kind == .conflict)
            #expect(conflict?.conflict == .expense(updated))
            try store.deleteExpense(id: updated.id, version: updated.version, user: "anna")
            #expect(try store.expenseCount() == 0)
            let audit = try store.auditTrail(entity: "expense")
            #expect(audit.map(\.user) == ["anna", "ben", "anna"])
            #expect(audit[1].field == "amount" && audit[1].oldValue == "2.399,90" && audit[1].newValue == "2.400,00")
            #expect(audit[2].summary.contains("angelegt"))
            #expect(audit[0].summary.contains("gelöscht"))
        }
    }

    @Test func invalidExpensesAreRefusedWithEveryField() throws {
        try withSeededStore { store in
            let bad = Expense(line: "1.1", date: LocalDate(iso: "2020-05-01")!, payee: "", purpose: "",
                              amount: Money(cents: -5), receipt: "")
            let error = storeError { () throws(StoreError) in _ = try store.save(bad, user: "anna") }
            #expect(error?.kind == .invalidInput)
            #expect(error?.fieldErrors.map(\.field) == ["Planzeile", "Datum", "Empfänger", "Verwendungszweck", "Beleg-Nr."])
            _ = try store.save(payment(), user: "anna")
            let twice = storeError { () throws(StoreError) in _ = try store.save(payment("1.1.4"), user: "anna") }
            #expect(twice?.fieldErrors.first?.message.contains("schon gebucht") == true)
            #expect(try store.expenseCount() == 1)
        }
    }

    @Test func importIsOneAuditedTransactionAndSkipsEqualRows() throws {
        try withSeededStore { store in
            let plan = try store.loadProject().plan
            let bytes = [UInt8](try Data(contentsOf: fixtures.appendingPathComponent("finanzsystem-export-1252.csv")))
            let file = try ExpenseCSV.read(bytes, plan: plan)
            #expect(file.encoding == .windows1252 && file.lineEnding == "CRLF" && file.problems.isEmpty)
            let auditBefore = try store.latestAuditID()
            let preview = try store.importExpenses(file.rows, user: "anna", dryRun: true)
            #expect(preview.inserted.count == 12)
            #expect(try store.expenseCount() == 0 && store.latestAuditID() == auditBefore)

            let first = try store.importExpenses(file.rows, user: "anna")
            #expect(first.inserted.count == 12 && first.skipped.isEmpty && first.auditRows == 12)
            #expect(first.insertedSum.cents == 36_230_422)
            #expect(try store.auditTrail(entity: "expense").count == 12)
            let stored = try store.expenses()
            #expect(stored.map(\.date) == stored.map(\.date).sorted())

            let second = try store.importExpenses(file.rows, user: "anna")
            #expect(second.inserted.isEmpty && second.skipped.count == 12)
            #expect(try store.expenses() == stored)
            #expect(try store.auditTrail(entity: "expense").count == 12)
        }
    }

    /// A bulk import drops the random-order indexes and builds them again afterwards: they come
    /// back exactly as the migrations made them and hold every row; a dry run leaves them alone.
    @Test func aBulkImportRebuildsTheIndexesAsTheMigrationsMadeThem() throws {
        try withSeededStore { store in
            func indexes() throws -> [String: String] {
                try store.read("Indizes") { db in
                    Dictionary(uniqueKeysWithValues: try Row.fetchAll(db, sql: "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL")
                        .map { ($0["name"] as String, $0["sql"] as String) })
                }
            }
            let before = try indexes()
            #expect(ProjectStore.rebuiltIndexes.allSatisfy { before[$0.name] == $0.create })
            let plan = try store.loadProject().plan
            let lines = KfW436.bookableLines(in: plan).map(\.code)
            let count = ProjectStore.bulkIndexThreshold + 17
            let rows = (0..<count).map { i in
                ExpenseCSV.Row(line: i + 2, expense: Expense(line: lines[i % lines.count],
                                                            date: LocalDate(year: plan.years[i % 6], month: 1 + i % 12, day: 1 + i % 28),
                                                            payee: "Lieferant", purpose: "Rechnung \(i)",
                                                            amount: Money(cents: Int64(i + 1)), receipt: "R-\(i)"))
            }
            _ = try store.importExpenses(rows, user: "test", dryRun: true)
            #expect(try indexes() == before && store.expenseCount() == 0)
            let result = try store.importExpenses(rows, user: "test")
            #expect(result.inserted.count == count)
            #expect(try indexes() == before)
            let (check, perLine, audited) = try store.read("Prüfung") { db in
                (try String.fetchOne(db, sql: "PRAGMA integrity_check"),
                 try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM expense INDEXED BY expense_line WHERE line_code = ?", arguments: [lines[0]]),
                 try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM audit INDEXED BY audit_entity WHERE entity = 'expense'"))
            }
            #expect(check == "ok")
            #expect(perLine == rows.filter { $0.expense.line == lines[0] }.count)
            #expect(audited == count)
        }
    }

    @Test func importOfAReceiptStoredOnAnotherLineChangesNothing() throws {
        try withSeededStore { store in
            _ = try store.save(payment("1.1.4"), user: "anna")
            let rows = [ExpenseCSV.Row(line: 2, expense: payment("1.1.3", receipt: "neu")),
                        ExpenseCSV.Row(line: 3, expense: payment("1.1.3"))]
            let error = storeError { () throws(StoreError) in _ = try store.importExpenses(rows, user: "anna", lineColumn: 4, lineHeader: "Kostenart") }
            #expect(error?.kind == .invalidInput)
            #expect(error?.fieldErrors.map(\.field) == ["Zeile 3, Spalte 4 (Kostenart)"])
            #expect(try store.expenseCount() == 1)
        }
    }

    @Test func auditTableTakesOverOldRowsAndAdmitsExpenses() throws {
        try withSeededStore { store in
            let trail = try store.auditTrail()
            #expect(trail.contains { $0.entity == "baseline" })  // frozen by the seed, before the rebuild
            let sql = try DatabaseQueue(path: store.path).read { db in
                try String.fetchOne(db, sql: "SELECT sql FROM sqlite_master WHERE name = 'audit'")
            }
            #expect(sql?.contains("entity <> ''") == true)
            _ = try store.save(payment(), user: "anna")
            #expect(try store.latestAuditID() > trail.map(\.id).max()!)
        }
    }

    @Test func toleranceIsReadFromTheTerms() throws {
        try withSeededStore { store in
            try store.executeForTesting("UPDATE funding_terms SET overrun_tolerance_bp = 2000")
            #expect(try store.loadProject().terms.overrunTolerance == Percent(basisPoints: 2_000))
            #expect(throws: (any Error).self) { try store.executeForTesting("UPDATE funding_terms SET overrun_tolerance_bp = 10001") }
        }
    }
}
