import Testing
@testable import TeamworkCore

/// One passing and at least one failing example per rule.
@Suite struct ChecksTests {
    func findings(_ plan: Plan, staffing: [StaffingUnit] = [], measures: [Measure] = []) -> [Finding] {
        Checks.run(plan: plan, terms: terms, staffing: staffing, measures: measures)
    }

    func keys(_ findings: [Finding], _ rule: RuleID) -> [String] {
        findings.filter { $0.rule == rule }.map(\.key)
    }

    @Test func basePlanIsClean() {
        #expect(findings(basePlan()) == [])
    }

    // MARK: row-total

    @Test func rowTotal() throws {
        var plan = basePlan()
        let i = try #require(plan.index(of: "1.1.6"))
        plan.lines[i].statedTotal += 1
        let found = findings(plan)
        #expect(keys(found, .rowTotal) == ["row-total 1.1.6 Gesamt error"])
        let finding = try #require(found.first { $0.rule == .rowTotal })
        #expect(finding.expected == "20.000,00")
        #expect(finding.actual == "20.000,01")
        #expect(finding.message.contains("Differenz 0,01 €"))
    }

    @Test func rowTotalIgnoresShares() throws {
        let plan = basePlan()
        let i = try #require(plan.index(of: "3.3.1"))
        // A share's Gesamt is not the sum of its years.
        #expect(plan.lines[i].statedTotal != plan.lines[i].computedTotal)
        #expect(keys(findings(plan), .rowTotal) == [])
    }

    // MARK: parent-sum

    @Test func parentSum() throws {
        var plan = basePlan()
        let i = try #require(plan.index(of: "1.1"))
        plan.lines[i].values[1] += 100
        plan.lines[i].statedTotal += 100  // keep the row total right
        let found = findings(plan)
        #expect(keys(found, .parentSum) == ["parent-sum 1.1 2022 error", "parent-sum 1.1 Gesamt error",
                                             "parent-sum 1+2 2022 error", "parent-sum 1+2 Gesamt error"])
        #expect(keys(found, .rowTotal) == [])
        let first = try #require(found.first { $0.rule == .parentSum })
        #expect(first.message == "1.1 2022: angegeben 543.334,00 €, Summe von 1.1.1–1.1.7 543.333,00 € (Differenz 1,00 €)")
    }

    @Test func parentSumOfTotals() throws {
        var plan = basePlan()
        let i = try #require(plan.index(of: "3.1+3.2"))
        plan.lines[i].values[0] -= 1
        plan.lines[i].values[1] += 1
        #expect(keys(findings(plan), .parentSum) == ["parent-sum 3.1+3.2 2021 error", "parent-sum 3.1+3.2 2022 error"])
    }

    // MARK: control-sum

    @Test func controlSumMustBeZero() throws {
        var plan = basePlan()
        let i = try #require(plan.index(of: "3.1.1"))
        plan.lines[i].values[2] += 5_000
        plan.lines[i].statedTotal += 5_000
        plan.recomputeDerived()  // the Kontrollsumme row now states the difference
        let found = findings(plan)
        #expect(keys(found, .controlSum) == ["control-sum 3.1-(1+2) 2023 error", "control-sum 3.1-(1+2) Gesamt error"])
        let first = try #require(found.first { $0.rule == .controlSum })
        #expect(first.expected == "0,00")
        #expect(first.actual == "50,00")
        #expect(first.message.contains("3.1 übersteigt 1+2 um 50,00 €"))
    }

    @Test func controlSumStatedMustMatch() throws {
        var plan = basePlan()
        let i = try #require(plan.index(of: KfW436.controlSum))
        plan.lines[i].values[3] = 7
        plan.lines[i].statedTotal = 7
        let found = findings(plan)
        #expect(keys(found, .controlSum) == ["control-sum 3.1-(1+2) 2024 error", "control-sum 3.1-(1+2) Gesamt error"])
        #expect(found.filter { $0.rule == .controlSum }.allSatisfy { $0.expected == "0,00" && $0.actual == "0,07" })
    }

    // MARK: consulting-cap

    @Test func consultingCapExactlyAtTheThirdPasses() throws {
        // 2.1.5 is exactly a third of 2.1.1–2.1.4 in 2023–2025.
        let plan = basePlan()
        #expect(plan["2.1.5"]!.values[2] * 3 == (1...4).map { plan["2.1.\($0)"]!.values[2] }.reduce(0, +))
        #expect(keys(findings(plan), .consultingCap) == [])
    }

    @Test func consultingCapOneCentOver() throws {
        var plan = basePlan()
        let i = try #require(plan.index(of: "1.1.5"))
        plan.lines[i].values[0] += 34  // 133.333,34 > 133.333,33…
        plan.lines[i].statedTotal += 34
        plan.recomputeDerived()
        var found = findings(plan)
        #expect(keys(found, .consultingCap) == ["consulting-cap 1.1.5 2021 warning"])
        let warning = try #require(found.first { $0.rule == .consultingCap })
        #expect(warning.expected == "133.333,33")
        #expect(warning.actual == "133.333,34")
        #expect(warning.message == "1.1.5 2021: Beratung 133.333,34 € übersteigt ein Drittel von 1.1.1–1.1.4 "
            + "(133.333,33 €) um 0,01 €; höchstens 133.333,33 € ansetzen oder 1.1.1–1.1.4 um mindestens 0,02 € erhöhen")

        plan.lines[i].values[1] += 34
        plan.lines[i].statedTotal += 34
        plan.recomputeDerived()
        found = findings(plan)
        // 266.666,68 > 266.666,66… over the whole period
        #expect(keys(found, .consultingCap) == ["consulting-cap 1.1.5 2021 warning", "consulting-cap 1.1.5 2022 warning",
                                                 "consulting-cap 1.1.5 Gesamt error"])
    }

    @Test func consultingCapWholePeriodOnly() throws {
        // Each year within its third is always within the whole; but a year can exceed while
        // the whole stays within: 2024 over, 2025 under.
        var plan = basePlan()
        let i = try #require(plan.index(of: "2.1.5"))
        plan.lines[i].values[3] += 1_000
        plan.lines[i].values[4] -= 1_000
        plan.recomputeDerived()
        #expect(keys(findings(plan), .consultingCap) == ["consulting-cap 2.1.5 2024 warning"])
    }

    // MARK: federal-quota

    @Test func federalQuotaExactlyNinetyPercentPasses() {
        var costs: [String: [Int64]] = [:]
        costs["2.2.1"] = euros([0, 0, 1_000_000])
        let plan = consistentPlan(costs: costs)
        #expect(plan["3.1.3"]!.values[2] == 90_000_000)
        #expect(findings(plan) == [])
    }

    @Test func federalQuotaOneCentOver() throws {
        var plan = basePlan()
        let own = try #require(plan.index(of: "3.1.1")), fed = try #require(plan.index(of: "3.1.3"))
        plan.lines[own].values[4] -= 1
        plan.lines[own].statedTotal -= 1
        plan.lines[fed].values[4] += 1
        plan.lines[fed].statedTotal += 1
        plan.recomputeDerived()
        let found = findings(plan)
        // The base plan's financing is exactly 90 % / 10 % in every year, so the whole period tips too.
        #expect(keys(found, .federalQuota) == ["federal-quota 3.1.3 2025 warning", "federal-quota 3.1.3 Gesamt error"])
        #expect(keys(found, .municipalShare) == ["municipal-share 3.1.1 2025 warning", "municipal-share 3.1.1 Gesamt error"])
        let warning = try #require(found.first { $0.rule == .federalQuota })
        #expect(warning.expected == "90,00 %")
        #expect(warning.actual == "90,00 %")  // 90,000 000 6 % rounds to 90,00 %; the euro amount tells
        #expect(warning.message.contains("um 0,01 €"))
    }

    @Test func federalQuotaWithoutFinancing() throws {
        var plan = KfW436.plan(values: [:])
        setItem(&plan, "3.1.3", euros([1]))
        plan.recomputeDerived()
        let found = findings(plan).filter { $0.rule == .federalQuota }
        #expect(found.map(\.key) == ["federal-quota 3.1.3 2021 warning", "federal-quota 3.1.3 Gesamt error"])
        // 3.1 is 1,00 € here (it sums 3.1.3), so the share is 100 %.
        #expect(found[0].actual == "100,00 %")
    }

    // MARK: municipal-share

    @Test func municipalShareShortfall() throws {
        var plan = basePlan()
        let third = try #require(plan.index(of: "3.1.2")), fed = try #require(plan.index(of: "3.1.3"))
        let moved = plan.lines[third].values[1]  // all third-party funds of 2022 become federal
        plan.lines[third].values[1] = 0
        plan.lines[third].statedTotal -= moved
        plan.lines[fed].values[1] += moved
        plan.lines[fed].statedTotal += moved
        plan.recomputeDerived()
        let found = findings(plan)
        #expect(keys(found, .municipalShare) == ["municipal-share 3.1.1 2022 warning", "municipal-share 3.1.1 Gesamt error"])
        let warning = try #require(found.first { $0.rule == .municipalShare })
        #expect(warning.expected == "10,00 %")
        #expect(warning.actual == "5,00 %")
        #expect(warning.message.contains("es fehlen \(Fixed2.format(moved)) €"))
    }

    // MARK: stated-share

    @Test func statedShare() throws {
        var plan = basePlan()
        let i = try #require(plan.index(of: "3.3.3"))
        plan.lines[i].values[0] -= 1
        plan.lines[i].statedTotal += 1
        let found = findings(plan)
        #expect(keys(found, .statedShare) == ["stated-share 3.3.3 2021 error", "stated-share 3.3.3 Gesamt error"])
        let first = try #require(found.first { $0.rule == .statedShare })
        #expect(first.expected == "90,00 %")
        #expect(first.actual == "89,99 %")
    }

    @Test func statedShareZeroDenominatorIsZero() {
        var plan = basePlan()
        let i = plan.index(of: "3.3.1")!
        #expect(plan.lines[i].values[7] == 0)  // 2028 has no financing
        plan.lines[i].values[7] = 1
        #expect(keys(findings(plan), .statedShare) == ["stated-share 3.3.1 2028 error"])
    }

    // MARK: staffing

    @Test func staffing() {
        let units = [
            StaffingUnit(unit: "Stabsstelle Digitalisierung", involved: 300, funded: 300),
            StaffingUnit(unit: "Amt für Stadtentwicklung", involved: 150, funded: 200),
            StaffingUnit(unit: "Kämmerei", involved: -50, funded: -100),
        ]
        let found = findings(basePlan(), staffing: units)
        #expect(keys(found, .staffing) == ["staffing Amt für Stadtentwicklung Gesamt error",
                                            "staffing Kämmerei Gesamt error", "staffing Kämmerei Gesamt error"])
        #expect(found[0].expected == "1,50")
        #expect(found[0].actual == "2,00")
    }

    // MARK: measure-budget

    @Test func measureBudget() {
        let plan = basePlan()
        let measures = [
            Measure(stage: .strategy, number: 1, title: "Teamwork", cost: Money(euros: 500_000), planLine: "1.2.1"),
            Measure(stage: .implementation, number: 1, title: "Transformation", cost: Money(euros: 4_000_001),
                    planLine: "2.2.1"),
            Measure(stage: .implementation, number: 2, title: "Solidarität", cost: nil, planLine: "2.2.2"),
            Measure(stage: .implementation, number: 3, title: "Entschleunigung", cost: Money(euros: 1), planLine: "2.2.4"),
            Measure(stage: .implemented, number: 1, title: "Umgesetzt", cost: Money(euros: 99)),
        ]
        let found = findings(plan, measures: measures)
        #expect(keys(found, .measureBudget) == ["measure-budget Transformation Gesamt error",
                                                 "measure-budget Solidarität Gesamt error",
                                                 "measure-budget Entschleunigung Gesamt error"])
        #expect(found[0].expected == "4.000.000,00")
        #expect(found[0].actual == "4.000.001,00")
        #expect(found[1].actual == "—")
        #expect(found[2].expected == "2.2.4")
    }

    // MARK: phase-cap

    @Test func phaseCapFirstInvestmentsExactBoundary() {
        // 1.111.111,11 € × 90 % = 999.999,999 € ≤ 1.000.000 €; one cent more is 1.000.000,008 €.
        var costs: [String: [Int64]] = ["1.2.1": [111_111_111, 0, 0, 0, 0, 0, 0, 0]]
        #expect(findings(consistentPlan(costs: costs)) == [])
        costs["1.2.1"]![0] += 1
        let found = findings(consistentPlan(costs: costs))
        #expect(found.map(\.key) == ["phase-cap 1.2 Gesamt error"])
        #expect(found[0].expected == "1.000.000,00")
        #expect(found[0].actual == "1.000.000,01")
        #expect(found[0].message.contains("förderfähige Kosten höchstens 1.111.111,11 € ansetzen"))
    }

    @Test func phaseCapStrategyAndImplementation() {
        var costs: [String: [Int64]] = [:]
        costs["1.1.1"] = euros([2_000_000])
        costs["1.2.1"] = euros([900_000])
        costs["2.2.1"] = euros([0, 0, 17_000_000])
        let found = findings(consistentPlan(costs: costs))
        #expect(found.map(\.key) == ["phase-cap 1 Gesamt error", "phase-cap 2 Gesamt error"])
        #expect(found[0].actual == "2.610.000,00")
        #expect(found[1].actual == "15.300.000,00")
    }

    // MARK: order, other layouts, other terms

    @Test func orderIsRuleThenLineThenYearWithWholeLast() {
        let found = Checks.run(plan: schwerinPlan(), terms: terms)
        let ruleOrder = Dictionary(uniqueKeysWithValues: RuleID.allCases.enumerated().map { ($1, $0) })
        let plan = schwerinPlan()
        let sorted = found.sorted {
            (ruleOrder[$0.rule]!, plan.index(of: $0.line) ?? -1, $0.year ?? Int.max)
                < (ruleOrder[$1.rule]!, plan.index(of: $1.line) ?? -1, $1.year ?? Int.max)
        }
        #expect(found == sorted)
    }

    @Test func otherTermsChangeTheOutcome() {
        // Without Haushaltsnotlage (65 %, at least 35 % own), the Schwerin figures fail every year.
        var other = terms
        other.name = "KfW 436"
        other.federalQuota = Percent(basisPoints: 6_500)
        other.minMunicipalShare = Percent(basisPoints: 3_500)
        other.consultantDenominator = 1  // consultants up to the full base
        let found = Checks.run(plan: schwerinPlan(), terms: other)
        #expect(found.filter { $0.rule == .consultingCap }.isEmpty)
        #expect(found.filter { $0.rule == .federalQuota }.count == 9)
        #expect(found.filter { $0.rule == .municipalShare }.count == 9)
        #expect(RuleID.federalQuota.explanation(terms: other).contains("65,00 %"))
        #expect(RuleID.consultingCap.explanation(terms: terms).contains("ein Drittel"))
        #expect(RuleID.municipalShare.explanation(terms: terms).contains("10,00 %"))
        #expect(RuleID.phaseCap.explanation(terms: terms).contains("15.000.000,00 €"))
    }

    @Test func titles() {
        #expect(Severity.error.title == "Fehler")
        #expect(Severity.warning.title == "Warnung")
        #expect(Set(RuleID.allCases.map(\.title)).count == RuleID.allCases.count)
        #expect(RuleID.allCases.map(\.rawValue) == ["row-total", "parent-sum", "control-sum", "consulting-cap",
                                                    "federal-quota", "municipal-share", "stated-share", "staffing",
                                                    "measure-budget", "phase-cap", "milestone-overdue",
                                                    "measure-stalled", "actual-over-plan",
                                                    "actual-consulting-cap", "expense-date", "drawdown-over-quota",
                                                    "drawdown-phase-cap", "proof-deadline"])
    }

    @Test func arbitraryLayoutSkipsKfWRules() {
        let years = [2030, 2031]
        var plan = Plan(years: years, lines: [
            PlanLine(code: "A", label: "Summe", section: .implementation, kind: .group, parts: ["A.1", "A.2"],
                     values: [0, 0], statedTotal: 0),
            PlanLine(code: "A.1", label: "Eins", section: .implementation, kind: .item, values: [100, 200], statedTotal: 300),
            PlanLine(code: "A.2", label: "Zwei", section: .implementation, kind: .item, values: [1, 2], statedTotal: 3),
        ])
        plan.recomputeDerived()
        #expect(Checks.run(plan: plan, terms: terms) == [])
        plan.lines[1].values[1] = 201
        #expect(Checks.run(plan: plan, terms: terms).map(\.key) == ["row-total A.1 Gesamt error",
                                                                     "parent-sum A 2031 error"])
        // A part that does not exist is reported on its parent.
        plan.lines[0].parts.append("A.3")
        #expect(Checks.run(plan: plan, terms: terms).map(\.key).contains("parent-sum A Gesamt error"))
    }

    @Test func projectOverload() {
        let project = Project(name: "Schwerin", plan: basePlan(), terms: terms,
                              staffing: [StaffingUnit(unit: "X", involved: 0, funded: 1)])
        #expect(Checks.run(project).map(\.key) == ["staffing X Gesamt error"])
    }
}
