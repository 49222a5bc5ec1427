import Testing
@testable import TeamworkCore

private func day(_ text: String) -> LocalDateTime { try! Validation.parseDay(text) }
private func eur(_ text: String) -> Money { try! Money.parse(text) }

@Suite struct DrawdownLedgerTests {
    @Test func istOfAPhaseIsWhatTheLedgerPaidUpToTheDay() {
        let plan = KfW436.plan(values: ["3.1.3": (Array(repeating: 0, count: 8), 100_000_000)])
        func expense(_ line: String, _ date: String, _ amount: String) -> Expense {
            Expense(line: line, date: LocalDate(day(date)), payee: "P", purpose: "Z", amount: eur(amount), receipt: date)
        }
        var project = Project(name: "T", plan: plan, terms: .kfw436Haushaltsnotlage, expenses: [
            expense("1.1.1", "10.01.2026", "1.000,00"), expense("1.2.1", "30.11.2026", "500,00"),
            expense("1.1.5", "01.12.2026", "-100,00"), expense("2.2.1", "01.12.2026", "2.000,00"),
            expense("1.1.1", "02.12.2026", "9.999,00"),
        ])
        #expect(Funding.actuals(project, through: day("01.12.2026")) == [.strategy: eur("1.400"), .implementation: eur("2.000")])
        project.drawdowns = DrawdownRegister(drawdowns: [Drawdown(phase: .strategy, requestedOn: day("01.11.2026"), amount: eur("1.300"))])
        let status = Funding.status(project, asOf: day("01.12.2026"))
        // 1.400 × 90 % = 1.260 < 1.300 drawn: 40,00 over, nothing callable; phase 2: 1.800 callable.
        #expect(status.position(.strategy).callable == .zero)
        #expect(status.position(.strategy).overdraw == eur("40"))
        #expect(status.position(.implementation).callable == eur("1.800"))
        let findings = Funding.checks(project, today: day("01.12.2026"))
        #expect(findings.map(\.rule) == [.drawdownOverQuota])
        #expect(findings.first?.message.contains("40,00 € zu viel abgerufen") == true)
        // A day later the 9.999,00 € payment covers it.
        #expect(Funding.checks(project, today: day("02.12.2026")).isEmpty)
    }
}
