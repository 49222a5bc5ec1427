import PropertyBased
import Testing
@testable import TeamworkCore

private let plan = schwerinPlan()
private let bookable = KfW436.bookableLines(in: plan).map(\.code)
private let payees = ["Müller & Söhne GmbH", "Beratung; Nord", "\"Zitat\" e.V.", "Straße 5 – Büro", "A"]

/// Random expenses from generated numbers: 4 numbers make one expense (line, day, amount, receipt).
/// Receipts repeat often, so equal keys on other dates/amounts are exercised; equal keys are dropped.
private func expenses(_ numbers: [Int64]) -> [Expense] {
    var out: [Expense] = []
    var keys = Set<Expense.Key>()
    for i in stride(from: 0, to: numbers.count - 3, by: 4) {
        let line = bookable[Int(numbers[i] % Int64(bookable.count))]
        let dayNumber = Int(numbers[i + 1] % (8 * 365))
        let date = LocalDate(year: 2021 + dayNumber / 365, month: 1 + (dayNumber % 365) / 31 % 12,
                             day: 1 + dayNumber % 28)
        var cents = numbers[i + 2] % 2_000_000 - 200_000
        if cents == 0 { cents = 1 }
        let e = Expense(id: Int64(out.count + 1), line: line, date: date, payee: payees[Int(numbers[i + 3] % 5)],
                        purpose: cents < 0 ? "Gutschrift" : (numbers[i + 3] % 3 == 0 ? "" : "Rechnung \(i)"),
                        amount: Money(cents: cents), receipt: "R-\(numbers[i + 3] % 17)",
                        bookingReference: numbers[i] % 2 == 0 ? "" : "B\(i)", note: numbers[i] % 5 == 0 ? "Notiz; mit \"x\"" : "")
        if keys.insert(e.key).inserted { out.append(e) }
    }
    return out
}

/// What a fresh store would hold after importing `rows`: file order, ids from 1.
private func imported(_ rows: [ExpenseCSV.Row], into stored: [Expense]) -> [Expense] {
    let matched = ExpenseCSV.match(rows, stored: stored)
    var result = stored
    for row in matched.new {
        var e = row.expense
        e.id = Int64(result.count + 1)
        result.append(e)
    }
    return result
}

@Suite struct LedgerPropertyTests {
    let numbers = Gen.int64(in: 0...Int64(1) << 40).array(of: 0...400)

    @Test func everyBelegListeSumsToItsCell() async {
        await propertyCheck(count: 100, input: numbers) { numbers in
            let list = expenses(numbers)
            let ledger = Ledger(plan: plan, expenses: list)
            let rows = Actuals.rows(plan: plan, ledger: ledger)
            var total: Int64 = 0
            for code in bookable {
                for year in plan.years {
                    let receipts = ledger.receipts(line: code, year: year)
                    #expect(receipts.sum == ledger.actual(code, year: year), "\(code) \(year)")
                    #expect(receipts.expenses.map(\.date) == receipts.expenses.map(\.date).sorted())
                    total += receipts.sum.cents
                }
                #expect(ledger.receipts(line: code).sum == ledger.actual(code))
            }
            #expect(total == list.reduce(0) { $0 + $1.amount.cents })
            #expect(rows.last?.actualTotal == total)
            #expect(ledger.paid(phase: nil).cents == total)
        }
    }

    @Test func exportImportExportGivesTheSameBytes() async throws {
        await propertyCheck(count: 100, input: numbers) { numbers in
            let first = ExpenseCSV.write(expenses(numbers))
            guard let file = try? ExpenseCSV.read(Array(first.utf8), plan: plan) else {
                Issue.record("Export nicht lesbar:\n\(first)")
                return
            }
            #expect(file.problems.isEmpty, "\(file.problems)")
            #expect(file.ignored.isEmpty)
            let second = ExpenseCSV.write(imported(file.rows, into: []))
            #expect(second == first)
        }
    }

    @Test func importingTwiceEqualsImportingOnce() async throws {
        await propertyCheck(count: 100, input: numbers) { numbers in
            let text = ExpenseCSV.write(expenses(numbers))
            guard let file = try? ExpenseCSV.read(Array(text.utf8), plan: plan) else { return }
            let once = imported(file.rows, into: [])
            let twice = imported(file.rows, into: once)
            #expect(twice == once)
            let again = ExpenseCSV.match(file.rows, stored: once)
            #expect(again.new.isEmpty && again.problems.isEmpty && again.skipped.count == file.rows.count)
        }
    }
}
