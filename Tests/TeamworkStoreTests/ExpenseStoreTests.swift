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
