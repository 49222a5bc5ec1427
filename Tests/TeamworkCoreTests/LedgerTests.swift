import Testing
@testable import TeamworkCore

private func day(_ text: String) -> LocalDate { LocalDate(iso: text)! }

private func expense(_ line: String, _ date: String, _ cents: Int64, receipt: String? = nil, purpose: String = "Zweck",
                     id: Int64 = 0) -> Expense {
    Expense(id: id, line: line, date: day(date), payee: "Firma", purpose: purpose, amount: Money(cents: cents),
            receipt: receipt ?? "R-\(line)-\(date)-\(cents)")
}

private func findings(_ expenses: [Expense], plan: Plan = schwerinPlan(), terms: FundingTerms = terms,
                      today: LocalDate? = day("2026-12-01")) -> [Finding] {
    ActualsChecks.run(plan: plan, terms: terms, ledger: Ledger(plan: plan, expenses: expenses), today: today)
}

@Suite struct LedgerTests {
    @Test func sumsPerLineYearGroupPhaseAndTotal() {
        let plan = schwerinPlan()
        let ledger = Ledger(plan: plan, expenses: [
            expense("1.1.1", "2022-01-17", 485_000), expense("1.1.3", "2022-02-11", 239_990),
            expense("1.1.3", "2023-02-11", 1), expense("1.2.1", "2023-03-17", 12_000_000),
            expense("2.2.1", "2025-07-28", 8_765_432), expense("1.1.5", "2022-05-16", -35_000),
        ])
        #expect(ledger.actual("1.1.3", year: 2022).cents == 239_990)
        #expect(ledger.actual("1.1.3").cents == 239_991)
        #expect(ledger.actual("1.1", year: 2022).cents == 485_000 + 239_990 - 35_000)
        #expect(ledger.actual("1.2").cents == 12_000_000)
        #expect(ledger.actual("1+2").cents == 485_000 + 239_991 + 12_000_000 + 8_765_432 - 35_000)
        #expect(ledger.paid(phase: 1).cents == 485_000 + 239_991 + 12_000_000 - 35_000)
        #expect(ledger.paid(phase: 2).cents == 8_765_432)
        #expect(ledger.paid(phase: 1, through: day("2022-12-31")).cents == 485_000 + 239_990 - 35_000)
        #expect(ledger.paid(lines: ["1.1.3"], from: day("2023-01-01")).cents == 1)

        let rows = Actuals.rows(plan: plan, ledger: ledger)
        #expect(rows.map(\.code) == ["1.1", "1.1.1", "1.1.2", "1.1.3", "1.1.4", "1.1.5", "1.1.6", "1.1.7", "1.2", "1.2.1",
                                     "1", "2.1", "2.1.1", "2.1.2", "2.1.3", "2.1.4", "2.1.5", "2.1.6", "2.1.7", "2.2",
                                     "2.2.1", "2.2.2", "2.2.3", "2", "1+2"])
        let phase1 = rows.first { $0.code == "1" }!
        #expect(phase1.planTotal == 225_500_000 && phase1.actualTotal == ledger.paid(phase: 1).cents)
        let r113 = rows.first { $0.code == "1.1.3" }!
        #expect(r113.delta(1) == 239_990 - 10_000_000)
        #expect(r113.used(1) == Percent(basisPoints: 240))  // 2.399,90 of 100.000,00 = 2,3999 % → 2,40 %
        #expect(rows.first { $0.code == "2.1.3" }!.used(0) == nil)  // Soll 0
    }

    @Test func receiptsOfACellAreSortedAndSumToTheCell() {
        let plan = schwerinPlan()
        let ledger = Ledger(plan: plan, expenses: [
            expense("1.1.3", "2022-05-01", 300, receipt: "B", id: 1), expense("1.1.3", "2022-01-01", 100, id: 2),
            expense("1.1.3", "2022-05-01", 200, receipt: "A", id: 3), expense("1.1.4", "2022-01-01", 999, id: 4),
            expense("1.1.3", "2023-01-01", 50, id: 5),
        ])
        let list = ledger.receipts(line: "1.1.3", year: 2022)
        #expect(list.expenses.map(\.id) == [2, 3, 1])
        #expect(list.sum == ledger.actual("1.1.3", year: 2022))
        #expect(ledger.receipts(line: "1.1.3").sum.cents == 650)
    }

    @Test func progressToDateTotalAndPerPhase() {
        let plan = schwerinPlan()
        let ledger = Ledger(plan: plan, expenses: [expense("1.1.1", "2022-01-17", 100_000),
                                                   expense("2.1.1", "2024-06-01", 50_000),
                                                   expense("2.1.1", "2027-06-01", 70_000)])
        let p = Actuals.progress(plan: plan, ledger: ledger, through: day("2026-12-01"))
        #expect(p.phases.map(\.code) == ["1", "2"])
        #expect(p.phases[0].actual.cents == 100_000 && p.phases[1].actual.cents == 50_000)
        #expect(p.total.actual.cents == 150_000)
        #expect(p.total.plan.cents == 1_822_500_000)
        // Soll 2021–2026: 245.000 + 1.190.000 + 1.310.000 + 3.750.000 + 3.800.000 + 3.810.000
        #expect(p.total.planToDate.cents == 1_410_500_000)
    }

    @Test func validationOfAnExpense() {
        let plan = schwerinPlan()
        #expect(Validation.validate(expense("1.1.3", "2022-01-01", 100), plan: plan).isEmpty)
        #expect(Validation.validate(expense("1.1", "2022-01-01", 100), plan: plan).map(\.field) == ["Planzeile"])
        #expect(Validation.validate(expense("3.1.1", "2022-01-01", 100), plan: plan).first?.message.contains("Finanzierungszeile") == true)
        #expect(Validation.validate(expense("9.9", "2022-01-01", 100), plan: plan).first?.message.contains("gibt es") == true)
        #expect(Validation.validate(expense("1.1.3", "2020-12-31", 100), plan: plan).first?.message
            == "31.12.2020 liegt außerhalb der Planjahre 2021–2028")
        #expect(Validation.validate(expense("1.1.3", "2022-01-01", 0), plan: plan).first?.message == "0,00 ist keine Zahlung")
        #expect(Validation.validate(expense("1.1.3", "2022-01-01", -100, purpose: " "), plan: plan).map(\.field)
            == ["Verwendungszweck"])
        #expect(Validation.validate(expense("1.1.3", "2022-01-01", -100), plan: plan).isEmpty)
        var e = expense("1.1.3", "2022-01-01", 100)
        e.payee = "A\u{1B}[2J"
        #expect(Validation.validate(e, plan: plan).map(\.field) == ["Empfänger"])
    }

    @Test func germanAmountsAndDates() throws {
        #expect(try Validation.parseExpenseAmount("1.234,56").cents == 123_456)
        #expect(try Validation.parseExpenseAmount("1.234,56-").cents == -123_456)
        #expect(try Validation.parseExpenseAmount("-1.234,56 €").cents == -123_456)
        #expect(try Validation.parseExpenseAmount("EUR 12,5").cents == 1_250)
        #expect(throws: Validation.FieldError.self) { try Validation.parseExpenseAmount("-5,00-") }
        #expect(throws: Validation.FieldError.self) { try Validation.parseExpenseAmount("12,345") }
        #expect(try LocalDate.parse("4.5.2026") == day("2026-05-04"))
        #expect(try LocalDate.parse("2026-05-04") == day("2026-05-04"))
        #expect(throws: Validation.FieldError.self) { try LocalDate.parse("31.02.2024") }
        #expect(throws: Validation.FieldError.self) { try LocalDate.parse("04.05.26") }
        #expect(LocalDate(iso: "2024-02-29") != nil && LocalDate(iso: "2023-02-29") == nil)
    }
}

@Suite struct ActualsChecksTests {
    @Test func noExpensesNoFindings() {
        #expect(findings([]).isEmpty)
    }

    @Test func lineOverPlanIsAWarningAndAtPlanNothing() {
        // 1.1.6 Soll 60.000,00 €.
        #expect(findings([expense("1.1.6", "2022-01-01", 6_000_000)]).isEmpty)
        let found = findings([expense("1.1.6", "2022-01-01", 6_000_001)])
        #expect(found.map(\.key) == ["actual-over-plan 1.1.6 Gesamt warning"])
        #expect(found[0].message.contains("um 0,01 €"))
        #expect(found[0].message.contains("erhöhen"))
    }

    @Test func toleranceTurnsALineIntoAnErrorOnlyBeyondIt() {
        var tolerant = terms
        tolerant.overrunTolerance = Percent(basisPoints: 2_000)  // 20 %: up to 72.000,00 €
        #expect(findings([expense("1.1.6", "2022-01-01", 7_200_000)], terms: tolerant).map(\.key)
            == ["actual-over-plan 1.1.6 Gesamt warning"])
        let beyond = findings([expense("1.1.6", "2022-01-01", 7_200_001)], terms: tolerant)
        #expect(beyond.map(\.key) == ["actual-over-plan 1.1.6 Gesamt error"])
        #expect(beyond[0].message.contains("Toleranz von 20,00 % (höchstens 72.000,00 €) um 0,01 €"))
    }

    @Test func phaseAndProjectOverPlanAreErrors() {
        // A plan with only 1.1.1 = 100,00 € in 2021 (Strategiephase 100,00 €, 1+2 100,00 €).
        var plan = KfW436.plan(values: [:])
        plan.set(code: "1.1.1", yearIndex: 0, value: 10_000)
        #expect(findings([expense("1.1.1", "2021-06-01", 10_000)], plan: plan).isEmpty)
        let found = findings([expense("1.1.1", "2021-06-01", 10_001)], plan: plan)
        #expect(found.map(\.key) == ["actual-over-plan 1.1.1 Gesamt warning", "actual-over-plan 1 Gesamt error",
                                     "actual-over-plan 1+2 Gesamt error"])
        #expect(found[1].message.contains("Strategiephase (1.1 + 1.2)") && found[1].message.contains("um 0,01 €"))
        let phase2 = findings([expense("2.2.1", "2021-06-01", 1)], plan: plan)
        #expect(phase2.map(\.key) == ["actual-over-plan 2.2.1 Gesamt warning", "actual-over-plan 2 Gesamt error"])
    }

    @Test func consultingCapOnActuals() {
        // Ist 1.1.1–1.1.4 = 300,00 € allows 100,00 € of consulting.
        let base = [expense("1.1.1", "2022-01-01", 30_000)]
        #expect(findings(base + [expense("1.1.5", "2022-01-01", 10_000)]).isEmpty)
        let found = findings(base + [expense("1.1.5", "2022-01-01", 10_001)])
        #expect(found.map(\.key) == ["actual-consulting-cap 1.1.5 Gesamt warning"])
        #expect(found[0].message.contains("um 0,01 €"))
        #expect(found[0].message.contains("höchstens 100,00 €"))
        // Phase 2 is checked against its own base.
        #expect(findings(base + [expense("2.1.5", "2024-01-01", 1)]).map(\.key) == ["actual-consulting-cap 2.1.5 Gesamt warning"])
    }

    @Test func paymentAfterTodayIsAnError() {
        #expect(findings([expense("1.1.1", "2026-12-01", 100)]).isEmpty)
        let found = findings([expense("1.1.1", "2026-12-02", 100)])
        #expect(found.map(\.key) == ["expense-date 1.1.1 2026 error"])
        #expect(found[0].message.contains("nach heute (01.12.2026)"))
        #expect(findings([expense("1.1.1", "2026-12-02", 100)], today: nil).isEmpty)
        // A stored payment outside the plan years (the plan changed): error, and it counts nowhere.
        let outside = findings([expense("1.1.1", "2029-01-01", 100)], today: nil)
        #expect(outside.map(\.key) == ["expense-date 1.1.1 2029 error"])
    }

    @Test func checksOfAProjectIncludeTheLedger() {
        var project = Project(name: "T", plan: schwerinPlan(), terms: terms)
        let before = Checks.run(project)
        project.expenses = [expense("1.1.6", "2022-01-01", 6_000_001)]
        let after = Checks.run(project, today: day("2026-12-01"))
        #expect(after.count == before.count + 1)
        #expect(after.last?.rule == .actualOverPlan)
    }
}
