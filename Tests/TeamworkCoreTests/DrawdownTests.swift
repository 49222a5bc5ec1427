import PropertyBased
import Testing
@testable import TeamworkCore

private func day(_ text: String) -> LocalDateTime { try! Validation.parseDay(text) }
private func eur(_ text: String) -> Money { try! Money.parse(text) }

/// A plan whose only figure that matters here is the federal total 3.1.3.
private func plan(federal: Money) -> Plan {
    KfW436.plan(values: ["3.1.3": (Array(repeating: 0, count: 8), federal.cents)])
}

@Suite struct DeadlineArithmeticTests {
    @Test func monthEndsBecomeTheLastDayOfTheTargetMonth() {
        // Zusage on 31.08. plus 30 months ends in February: 29.02. in a leap year, else 28.02.
        #expect(day("31.08.2021").addingMonths(30) == day("29.02.2024"))
        #expect(day("31.08.2022").addingMonths(30) == day("28.02.2025"))
        #expect(day("31.08.2021").addingMonths(66) == day("28.02.2027"))
        #expect(day("30.08.2021").addingMonths(30) == day("29.02.2024"))
        #expect(day("28.08.2021").addingMonths(30) == day("28.02.2024"))
        #expect(day("31.05.2024").addingMonths(1) == day("30.06.2024"))
        #expect(day("31.01.2100").addingMonths(1) == day("28.02.2100"), "2100 is no leap year")
        #expect(day("31.01.2000").addingMonths(1) == day("29.02.2000"), "2000 is a leap year")
        #expect(day("15.12.2026").addingMonths(6) == day("15.06.2027"))
        #expect(day("31.12.2026").addingMonths(-10) == day("28.02.2026"))
        #expect(day("01.01.2026").addingMonths(-1) == day("01.12.2025"))
    }

    @Test func termsGiveTheDeadlineOnlyWithAZusage() {
        var terms = FundingTerms.kfw436Haushaltsnotlage
        #expect(terms.strategyProofMonths == 30 && terms.implementationProofMonths == 66)
        #expect(terms.drawdownIntervalMonths == 6)
        #expect(terms.proofDeadline(.strategy) == nil)
        terms.strategyZusage = day("31.08.2021")
        #expect(terms.proofDeadline(.strategy) == day("29.02.2024"))
        #expect(terms.proofDeadline(.implementation) == nil)
    }

    @Test func dayNumbersRoundTripAndCountDays() async {
        #expect(day("01.01.1970").dayNumber == 0)
        #expect(day("01.03.2024").dayNumber - day("28.02.2024").dayNumber == 2)
        #expect(day("28.02.2025").days(until: day("01.03.2025")) == 1)
        #expect(day("31.12.2026").days(until: day("01.01.2026")) == -364)
        // Against a naive successor, day by day from 01.01.1901 to 31.12.2199.
        var naive = day("01.01.1901")
        for n in naive.dayNumber...day("31.12.2199").dayNumber {
            #expect(LocalDateTime(dayNumber: n) == naive)
            let last = LocalDateTime.daysInMonth(year: naive.year, month: naive.month)
            naive = naive.day < last ? LocalDateTime(year: naive.year, month: naive.month, day: naive.day + 1)
                : naive.month < 12 ? LocalDateTime(year: naive.year, month: naive.month + 1, day: 1)
                : LocalDateTime(year: naive.year + 1, month: 1, day: 1)
        }
        await propertyCheck(count: 300, input: Gen.int(in: -25_000...2_900_000)) { n in
            let date = LocalDateTime(dayNumber: n)
            #expect(date.isValid)
            #expect(date.dayNumber == n)
            #expect(date.addingDays(1).dayNumber == n + 1)
        }
    }
}

@Suite struct DrawdownRuleTests {
    let terms = FundingTerms.kfw436Haushaltsnotlage
    let today = day("01.12.2026")

    func findings(ist: Money, drawn: [Money], phase: FundingPhase = .strategy, federal: Money = eur("16.475.000")) -> [Finding] {
        let register = DrawdownRegister(drawdowns: drawn.enumerated().map { i, amount in
            Drawdown(id: Int64(i + 1), phase: phase, requestedOn: day("01.06.2026"), amount: amount)
        })
        return Funding.checks(plan: plan(federal: federal), terms: terms, register: register,
                              actual: [phase: ist], today: today)
    }

    @Test func quotaBoundaryOneCentUnderAtAndOver() throws {
        let ist = eur("100.000,00") // 90 % = 90.000,00 exactly
        #expect(findings(ist: ist, drawn: [eur("89.999,99")]).isEmpty)
        #expect(findings(ist: ist, drawn: [eur("90.000,00")]).isEmpty)
        let over = findings(ist: ist, drawn: [eur("90.000,01")])
        #expect(over.map(\.rule) == [.drawdownOverQuota])
        let finding = try #require(over.first)
        #expect(finding.severity == .error)
        #expect(finding.line == "1")
        #expect(finding.expected == "90.000,00" && finding.actual == "90.000,01")
        #expect(finding.message.contains("0,01 € zu viel abgerufen"), "\(finding.message)")
        #expect(finding.message.contains("5,00 Prozentpunkten über dem Basiszinssatz"))
    }

    @Test func quotaOfAnIstThatIsNoWholeCentIsRoundedDown() {
        // 90 % of 0,01 € = 0,009 €: nothing may be drawn; 90 % of 0,11 € = 0,099 € → 0,09 €.
        #expect(findings(ist: eur("0,01"), drawn: [eur("0,01")]).map(\.rule) == [.drawdownOverQuota])
        #expect(findings(ist: eur("0,11"), drawn: [eur("0,09")]).isEmpty)
        #expect(findings(ist: eur("0,11"), drawn: [eur("0,10")]).map(\.rule) == [.drawdownOverQuota])
        #expect(terms.federalShare(of: eur("0,11")) == eur("0,09"))
    }

    @Test func fiveThousandOverIsNamed() throws {
        // Ist 50.000,00 → 45.000,00 allowed; two drawdowns of 25.000,00 = 50.000,00: 5.000,00 over.
        let f = try #require(findings(ist: eur("50.000"), drawn: [eur("25.000"), eur("25.000")]).first)
        #expect(f.rule == .drawdownOverQuota)
        #expect(f.message.contains("5.000,00 € zu viel abgerufen"), "\(f.message)")
        #expect(f.message.contains("Zinsrisiko"))
        // 50.000 / 0,9 = 55.555,555… → 55.555,56 Ist needed, 5.555,56 more.
        #expect(f.message.contains("mindestens 5.555,56 €"), "\(f.message)")
    }

    @Test func phaseCapAndPlanFederalTotal() {
        let huge = eur("20.000.000") // 90 % = 18.000.000 > 15.000.000 phase maximum
        #expect(findings(ist: huge, drawn: [eur("15.000.000")], phase: .implementation).isEmpty)
        let over = findings(ist: huge, drawn: [eur("15.000.000,01")], phase: .implementation)
        #expect(over.map(\.rule) == [.drawdownPhaseCap])
        #expect(over.first?.message.contains("um 0,01 €") == true)
        let beyondPlan = findings(ist: huge, drawn: [eur("14.000.000")], phase: .implementation, federal: eur("13.000.000"))
        #expect(beyondPlan.map(\.rule) == [.drawdownPhaseCap])
        #expect(beyondPlan.first?.line == "3.1.3")
        #expect(beyondPlan.first?.message.contains("um 1.000.000,00 €") == true)
    }

    @Test func proofDeadlineWarnsWithinNinetyDaysAndFailsWhenOverdue() {
        func deadline(zusage: String, today: String, submitted: String? = nil) -> [Finding] {
            var t = terms
            t.strategyZusage = day(zusage)
            let register = DrawdownRegister(submissions: submitted.map { [ProofSubmission(phase: .strategy, submittedOn: day($0))] } ?? [])
            return Funding.checks(plan: plan(federal: .zero), terms: t, register: register, actual: [:], today: day(today))
        }
        // 31.08.2021 + 30 months = 29.02.2024.
        #expect(deadline(zusage: "31.08.2021", today: "30.11.2023").isEmpty, "91 days before")
        let soon = deadline(zusage: "31.08.2021", today: "01.12.2023")
        #expect(soon.map(\.severity) == [.warning], "90 days before")
        #expect(soon.first?.message.contains("noch 90 Tage") == true, "\(soon)")
        #expect(deadline(zusage: "31.08.2021", today: "29.02.2024").first?.message.contains("29.02.2024, heute") == true)
        let overdue = deadline(zusage: "31.08.2021", today: "01.03.2024")
        #expect(overdue.map(\.severity) == [.error])
        #expect(overdue.first?.message.contains("überfällig seit 1 Tag ") == true, "\(overdue)")
        #expect(deadline(zusage: "31.08.2021", today: "01.03.2024", submitted: "28.02.2024").isEmpty)
        #expect(deadline(zusage: "31.08.2021", today: "01.12.2023", submitted: "30.11.2023").isEmpty)
    }
}

@Suite struct CallableTests {
    @Test func callableArithmeticCheckedByHand() {
        let terms = FundingTerms.kfw436Haushaltsnotlage
        let register = DrawdownRegister(drawdowns: [
            Drawdown(id: 1, phase: .strategy, requestedOn: day("15.03.2026"), amount: eur("50.000"),
                     receivedOn: day("01.04.2026"), receivedAmount: eur("50.000")),
            // Requested 11.111,11, only 11.000,00 arrived: what arrived counts.
            Drawdown(id: 2, phase: .strategy, requestedOn: day("15.09.2026"), amount: eur("11.111,11"),
                     receivedOn: day("01.10.2026"), receivedAmount: eur("11.000")),
        ])
        let status = Funding.status(plan: plan(federal: eur("16.475.000")), terms: terms, register: register,
                                    actual: [.strategy: eur("123.456,78"), .implementation: eur("20.000.000")],
                                    asOf: day("01.12.2026"))
        let one = status.position(.strategy)
        // 123.456,78 × 90 % = 111.111,102 → 111.111,10 (down); drawn 50.000 + 11.000 = 61.000.
        #expect(one.federalShare == eur("111.111,10"))
        #expect(one.ceiling == eur("111.111,10"))
        #expect(one.drawn == eur("61.000"))
        #expect(one.callable == eur("50.111,10"))
        #expect(one.overdraw == .zero)
        #expect(one.nextRegular == day("15.03.2027"))
        let two = status.position(.implementation)
        // 20.000.000 × 90 % = 18.000.000, capped by the phase maximum of 15.000.000.
        #expect(two.federalShare == eur("18.000.000"))
        #expect(two.ceiling == eur("15.000.000"))
        #expect(two.callable == eur("15.000.000"))
        #expect(two.nextRegular == nil)
        // Total: min(50.111,10 + 15.000.000, 16.475.000 − 61.000 = 16.414.000).
        #expect(status.total.callable == eur("15.050.111,10"))
        #expect(status.total.drawn == eur("61.000"))
        #expect(Funding.checks(status, terms: terms).isEmpty)

        // The plan's federal total is one pot: with 3.1.3 = 10.000.000 the total is capped there.
        let small = Funding.status(plan: plan(federal: eur("10.000.000")), terms: terms, register: register,
                                   actual: [.strategy: eur("123.456,78"), .implementation: eur("20.000.000")],
                                   asOf: day("01.12.2026"))
        #expect(small.position(.implementation).callable == eur("10.000.000"))
        #expect(small.total.callable == eur("9.939.000"))
    }

    @Test func overdrawIsShownAsZeroCallable() {
        let status = Funding.status(plan: plan(federal: eur("16.475.000")), terms: .kfw436Haushaltsnotlage,
                                    register: DrawdownRegister(drawdowns: [
                                        Drawdown(phase: .strategy, requestedOn: day("01.06.2026"), amount: eur("95.000"))]),
                                    actual: [.strategy: eur("100.000")], asOf: day("01.12.2026"))
        #expect(status.position(.strategy).callable == .zero)
        #expect(status.position(.strategy).overdraw == eur("5.000"))
        #expect(status.position(.strategy).pending == eur("95.000"))
    }

    @Test func drawdownsOfTheWeek() {
        let list = [
            Drawdown(id: 1, phase: .strategy, requestedOn: day("24.11.2026"), amount: eur("1")),
            Drawdown(id: 2, phase: .strategy, requestedOn: day("25.11.2026"), amount: eur("2")),
            Drawdown(id: 3, phase: .implementation, requestedOn: day("01.10.2026"), amount: eur("3"),
                     receivedOn: day("01.12.2026"), receivedAmount: eur("3")),
            Drawdown(id: 4, phase: .strategy, requestedOn: day("02.12.2026"), amount: eur("4")),
        ]
        #expect(Funding.drawdowns(list, weekEnding: day("01.12.2026")).map(\.id) == [3, 2])
    }

    @Test func validationNamesEveryBadField() {
        let bad = Drawdown(phase: .strategy, requestedOn: day("15.03.2026"), amount: .zero,
                           receivedOn: day("01.03.2026"), receivedAmount: Money(cents: -1))
        #expect(Validation.validate(bad).map(\.field) == ["Betrag", "Eingangsbetrag", "Eingangsdatum"])
        let noDate = Drawdown(phase: .strategy, requestedOn: day("15.03.2026"), amount: eur("1"), receivedAmount: eur("1"))
        #expect(Validation.validate(noDate).map(\.field) == ["Eingangsdatum"])
    }
}

@Suite struct FundingTermKeyTests {
    let terms = FundingTerms.kfw436Haushaltsnotlage

    @Test func everyKeyRoundTripsItsDisplayedValue() throws {
        for key in FundingTermKey.allCases where key != .consultantFraction {
            var shown = key.display(terms)
            if shown == "nicht eingetragen" || shown == "aus" { shown = "-" }
            shown = shown.replacingOccurrences(of: " €", with: "").replacingOccurrences(of: " %", with: "")
            #expect(try key.applying(shown, to: terms) == terms, "\(key.rawValue)")
        }
        #expect(try FundingTermKey.consultantFraction.applying("1/3", to: terms) == terms)
    }

    /// The dashboard's form starts from `editText`: saving it unchanged must give the same terms,
    /// for the defaults and for terms with every optional value set.
    @Test func everyKeyRoundTripsItsEditText() throws {
        var set = terms
        set.strategyZusage = day("31.08.2021"); set.implementationZusage = day("15.03.2023")
        set.overrunTolerance = Percent(basisPoints: 2_050); set.firstInvestmentsMaxGrant = eur("1.234.567,89")
        set.consultantNumerator = 2; set.consultantDenominator = 7
        for t in [terms, set] {
            for key in FundingTermKey.allCases {
                #expect(try key.applying(key.editText(t), to: t) == t, "\(key.rawValue): \(key.editText(t))")
            }
        }
        #expect(FundingTermKey.zusage2.editText(terms) == "")
        #expect(FundingTermKey.overrunTolerance.editText(terms) == "-")
        #expect(FundingTermKey.overrunTolerance.editText(set) == "20,50")
        #expect(FundingTermKey.maxGrantFirstInvestments.editText(set) == "1.234.567,89")
    }

    @Test func setsAndValidates() throws {
        let t = try FundingTermKey.zusage1.applying("31.08.2021", to: terms)
        #expect(t.strategyZusage == day("31.08.2021"))
        #expect(try FundingTermKey.zusage1.applying("-", to: t).strategyZusage == nil)
        #expect(try FundingTermKey.quota.applying("65", to: terms).federalQuota == Percent(basisPoints: 6_500))
        #expect(try FundingTermKey.maxGrant1.applying("2.000.000", to: terms).strategyPhaseMaxGrant == eur("2.000.000"))
        #expect(try FundingTermKey.proofMonths2.applying("60", to: terms).implementationProofMonths == 60)
        #expect(try FundingTermKey.parse("Drawdown-Interval-Months") == .drawdownIntervalMonths)
        let tolerant = try FundingTermKey.overrunTolerance.applying("20", to: terms)
        #expect(tolerant.overrunTolerance == Percent(basisPoints: 2_000))
        #expect(FundingTermKey.overrunTolerance.display(tolerant) == "20,00 %")
        #expect(try FundingTermKey.overrunTolerance.applying("-", to: tolerant).overrunTolerance == nil)

        func message(_ key: FundingTermKey, _ value: String) -> String {
            do { _ = try key.applying(value, to: terms); return "" } catch { return error.message }
        }
        #expect(message(.quota, "100,01").contains("erwartet: ein Prozentsatz von 0 bis 100"))
        #expect(message(.zusage2, "31.02.2022").contains("den 31. gibt es im Monat 02.2022 nicht"))
        #expect(message(.zusage2, "31.01.2022 10:00").contains("ohne Uhrzeit"))
        #expect(message(.proofMonths1, "0").contains("außerhalb von 1 bis 240"))
        #expect(message(.drawdownIntervalMonths, "6,5").contains("keine ganze Zahl"))
        #expect(message(.consultantFraction, "1/0").contains("Nenner"))
        #expect(message(.maxGrant2, "-1").contains("negative"))
        #expect(message(.name, " ").contains("darf nicht leer sein"))
        do { _ = try FundingTermKey.parse("zusage"); Issue.record("kein Fehler") } catch {
            #expect(error.message.contains("möglich sind: name, quota"))
        }
    }
}
