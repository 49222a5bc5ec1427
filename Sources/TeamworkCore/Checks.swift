/// The plausibility checks of the Kosten- und Finanzierungsplan, the staffing and the measures.
///
/// Everything here is exact integer arithmetic: amounts are cents, shares are hundredths of a
/// percent, and every comparison against a quota or a fraction is done by cross-multiplying
/// (with a 128-bit intermediate), never by dividing first. Rounding happens only for display,
/// and each message says which way it rounds.

/// The rules, in the order in which `Checks.run` reports them.
public enum RuleID: String, CaseIterable, Sendable, Codable {
    case rowTotal = "row-total"
    case parentSum = "parent-sum"
    case controlSum = "control-sum"
    case consultingCap = "consulting-cap"
    case federalQuota = "federal-quota"
    case municipalShare = "municipal-share"
    case statedShare = "stated-share"
    case staffing
    case measureBudget = "measure-budget"
    case phaseCap = "phase-cap"
    /// Maßnahmen-Controlling (`MeasureChecks`): a milestone past its due day and not done.
    case milestoneOverdue = "milestone-overdue"
    /// Maßnahmen-Controlling (`MeasureChecks`): in Umsetzung with no progress for a long time.
    case measureStalled = "measure-stalled"
    /// Ist against Soll (the receipts ledger, ActualsChecks.swift).
    case actualOverPlan = "actual-over-plan"
    case actualConsultingCap = "actual-consulting-cap"
    case expenseDate = "expense-date"
    case drawdownOverQuota = "drawdown-over-quota"
    case drawdownPhaseCap = "drawdown-phase-cap"
    case proofDeadline = "proof-deadline"

    /// Short German name of the rule.
    public var title: String {
        switch self {
        case .rowTotal: "Zeilensumme"
        case .parentSum: "Summe der Unterpositionen"
        case .controlSum: "Kontrollsumme"
        case .consultingCap: "Obergrenze externe Beratung"
        case .federalQuota: "Förderquote"
        case .municipalShare: "Kommunaler Eigenanteil"
        case .statedShare: "Finanzierungsanteile"
        case .staffing: "Stellenanteile"
        case .measureBudget: "Maßnahmenbudget"
        case .phaseCap: "Höchstförderung je Phase"
        case .milestoneOverdue: "Meilenstein überfällig"
        case .measureStalled: "Maßnahme ohne Fortschritt"
        case .actualOverPlan: "Ist über Soll"
        case .actualConsultingCap: "Obergrenze externe Beratung (Ist)"
        case .expenseDate: "Zahlungsdatum"
        case .drawdownOverQuota: "Mittelabruf über der Förderquote"
        case .drawdownPhaseCap: "Mittelabruf über der Höchstförderung"
        case .proofDeadline: "Frist des Verwendungsnachweises"
        }
    }

    /// What the rule demands, in German, with the values of `terms`.
    public func explanation(terms: FundingTerms) -> String {
        let quota = terms.federalQuota.description
        let minShare = terms.minMunicipalShare.description
        let fraction = terms.consultantFractionText
        switch self {
        case .rowTotal:
            return "Die Summe der Jahreswerte einer Zeile muss dem angegebenen Gesamtbetrag entsprechen "
                + "(gilt für alle Betragszeilen, nicht für die Anteile 3.3)."
        case .parentSum:
            return "Jede Zwischensumme (1.1, 1.2, 2.1, 2.2, 3.1, 3.2) und jede Gesamtsumme (1+2, 3.1+3.2) "
                + "muss in jedem Jahr und im Gesamtbetrag der Summe ihrer Unterpositionen entsprechen."
        case .controlSum:
            return "Die Finanzierungsbeiträge (3.1) müssen die förderfähigen Kosten (1+2) in jedem Jahr und "
                + "insgesamt genau decken: 3.1 − (1+2) = 0,00 €. Die angegebene Kontrollsumme muss dieser "
                + "Differenz entsprechen."
        case .consultingCap:
            return "Externe Beratung (1.1.5, 2.1.5) darf höchstens \(fraction) "
                + "(\(terms.consultantNumerator)/\(terms.consultantDenominator)) der Personal- und Sachkosten "
                + "1.1.1–1.1.4 bzw. 2.1.1–2.1.4 betragen. Über die Gesamtlaufzeit ist eine Überschreitung ein "
                + "Fehler, in einem einzelnen Jahr eine Warnung. Verglichen wird exakt; der Bruchteil wird nur "
                + "für die Anzeige kaufmännisch auf Cent gerundet."
        case .federalQuota:
            return "Die Bundesmittel (3.1.3) dürfen höchstens \(quota) der Finanzierungsbeiträge (3.1) betragen "
                + "(\(terms.name)). Über die Gesamtlaufzeit ist eine Überschreitung ein Fehler, in einem "
                + "einzelnen Jahr eine Warnung."
        case .municipalShare:
            return "Eigenmittel der Kommune (3.1.1) und Mittel Dritter (3.1.2) müssen zusammen mindestens "
                + "\(minShare) der Finanzierungsbeiträge (3.1) betragen (\(terms.name)). Über die Gesamtlaufzeit "
                + "ist eine Unterschreitung ein Fehler, in einem einzelnen Jahr eine Warnung."
        case .statedShare:
            return "Die Finanzierungsanteile 3.3.1–3.3.3 müssen den Anteilen von 3.1.1, 3.1.2 und 3.1.3 an 3.1 "
                + "entsprechen, kaufmännisch auf zwei Nachkommastellen gerundet; die Gesamtspalte aus den "
                + "angegebenen Gesamtbeträgen."
        case .staffing:
            return "Die geförderten Stellenanteile einer Organisationseinheit dürfen die beteiligten nicht "
                + "übersteigen; beide dürfen nicht negativ sein."
        case .measureBudget:
            return "Die angegebenen Kosten einer Maßnahme müssen dem Gesamtbetrag der Planzeile entsprechen, "
                + "der sie zugeordnet ist; die Planzeile muss es im Plan geben. Ist eine Maßnahme "
                + "abgeschlossen, ihre Planzeile aber nicht ausgeschöpft (Ist unter Soll), ist das eine Warnung."
        case .phaseCap:
            return "Die Zuwendung (förderfähige Kosten × \(quota)) darf in der Strategiephase (1.1 + 1.2) "
                + "höchstens \(terms.strategyPhaseMaxGrant.formatted) €, für die ersten Investitionen (1.2) "
                + "höchstens \(terms.firstInvestmentsMaxGrant.formatted) € und in der Umsetzungsphase "
                + "(2.1 + 2.2) höchstens \(terms.implementationPhaseMaxGrant.formatted) € betragen."
        case .milestoneOverdue:
            return "Ein Meilenstein, dessen Fälligkeitstag vorbei ist und der nicht erledigt ist, ist eine "
                + "Warnung; am Fälligkeitstag selbst ist er noch nicht überfällig."
        case .measureStalled:
            return "Eine Maßnahme „in Umsetzung“ ohne Fortschrittsnotiz und ohne erledigten Meilenstein seit "
                + "\(MeasureChecks.stalledAfterDays) Tagen (gerechnet ab dem letzten Eintrag oder dem Tag, an dem "
                + "der Status gesetzt wurde) ist eine Warnung."
        case .actualOverPlan:
            let tolerance = terms.overrunTolerance.map {
                "Mit der Toleranz von \($0) der Förderbedingungen ist eine Überschreitung je Zeile bis dahin eine "
                    + "Warnung, darüber ein Fehler."
            } ?? "Eine Toleranz je Zeile ist in den Förderbedingungen nicht gesetzt."
            return "Die Ist-Ausgaben einer Zeile sollen ihr Soll (den aktuellen Plan) über die Gesamtlaufzeit nicht "
                + "übersteigen (Warnung). Die Summe einer Phase (1.1 + 1.2, 2.1 + 2.2) und die förderfähigen Kosten "
                + "1+2 insgesamt dürfen ihr Soll nicht übersteigen (Fehler: der Finanzierungsplan ist in seiner "
                + "Gesamtsumme verbindlich). " + tolerance
        case .actualConsultingCap:
            return "Die Ist-Ausgaben für externe Beratung (1.1.5, 2.1.5) sollen höchstens \(fraction) der Ist-Ausgaben "
                + "1.1.1–1.1.4 bzw. 2.1.1–2.1.4 derselben Phase betragen (Warnung: die KfW prüft es am Ist)."
        case .expenseDate:
            return "Eine Zahlung darf nicht nach dem heutigen Tag datiert sein (Fehler); Zahlungen vor dem ersten "
                + "oder nach dem letzten Planjahr werden schon bei der Eingabe abgewiesen."
        case .drawdownOverQuota, .drawdownPhaseCap, .proofDeadline:
            return drawdownExplanation(terms: terms)
        }
    }
}

public enum Severity: String, CaseIterable, Sendable, Codable {
    case error, warning

    public var title: String {
        switch self {
        case .error: "Fehler"
        case .warning: "Warnung"
        }
    }
}

/// One violated rule at one place of the plan (or one staffing unit, or one measure).
public struct Finding: Hashable, Sendable {
    public var rule: RuleID
    public var severity: Severity
    /// Plan line code ("2.1.5"); for `staffing` the unit's name, for `measureBudget` the
    /// measure's title; for `phaseCap` the phase: "1" (1.1 + 1.2), "1.2" or "2" (2.1 + 2.2).
    public var line: String
    /// The plan year, or nil for the whole period (the Gesamt column).
    public var year: Int?
    /// What the rule expects, German-formatted ("805.000,00", "90,00 %").
    public var expected: String
    /// What the plan says, German-formatted.
    public var actual: String
    /// A German sentence that explains the finding and, where possible, how to fix it.
    public var message: String

    public init(rule: RuleID, severity: Severity, line: String, year: Int?, expected: String, actual: String,
                message: String) {
        self.rule = rule; self.severity = severity; self.line = line; self.year = year
        self.expected = expected; self.actual = actual; self.message = message
    }

    /// "2024" or "Gesamt".
    public var yearLabel: String { year.map(String.init) ?? "Gesamt" }
}

public enum Checks {
    /// All checks of a project: its plan against its terms, its staffing and its measures.
    /// With the receipts ledger of the project (rules actual-over-plan, actual-consulting-cap,
    /// expense-date); payments after `today` are found only when `today` is given.
    /// Every rule on the project, as `teamwork check`, the dashboard and the report show them:
    /// the plan, the actuals and — when the day is known — payment dates, the controlling
    /// rules on `project.controlling` and the drawdown and deadline rules on `project.drawdowns`; ordered by rule (as in `RuleID.allCases`), within a rule
    /// in the order its checker gives.
    public static func run(_ project: Project, today: LocalDate? = nil) -> [Finding] {
        let ledger = Ledger(plan: project.plan, expenses: project.expenses)
        let all = run(plan: project.plan, terms: project.terms, staffing: project.staffing, measures: project.measures)
            + ActualsChecks.run(plan: project.plan, terms: project.terms, ledger: ledger, today: today)
        guard let today else { return all }
        let actualsByLine = Dictionary(project.plan.lines.map { ($0.code, ledger.actual($0.code)) },
                                       uniquingKeysWith: { a, _ in a })
        let controlling = MeasureChecks.run(measures: project.measures, controlling: project.controlling,
                                            plan: project.plan, actualsByLine: actualsByLine, today: today)
            + Funding.checks(project, today: today.startOfDay)
        guard !controlling.isEmpty else { return all }
        let ruleOrder = Dictionary(uniqueKeysWithValues: RuleID.allCases.enumerated().map { ($1, $0) })
        return (all + controlling).enumerated()
            .sorted { (ruleOrder[$0.element.rule]!, $0.offset) < (ruleOrder[$1.element.rule]!, $1.offset) }
            .map(\.element)
    }

    /// All checks, ordered by rule (as in `RuleID.allCases`), then by plan line (document order;
    /// staffing units and measures in the given order), then by year ascending with the whole
    /// period (year nil) last. Rules that need KfW 436 codes (consulting-cap, federal-quota,
    /// municipal-share, phase-cap) are skipped when those codes are absent from the plan.
    /// Linear in the size of the plan.
    public static func run(plan: Plan, terms: FundingTerms, staffing: [StaffingUnit] = [],
                           measures: [Measure] = []) -> [Finding] {
        var out: [Finding] = []
        let context = Context(plan: plan, terms: terms)
        context.rowTotals(&out)
        context.parentSums(&out)
        context.controlSums(&out)
        context.consultingCaps(&out)
        context.federalQuota(&out)
        context.municipalShare(&out)
        context.statedShares(&out)
        staffingChecks(staffing, &out)
        context.measureBudgets(measures, &out)
        context.phaseCaps(&out)
        return out
    }

    // MARK: - Staffing

    static func staffingChecks(_ units: [StaffingUnit], _ out: inout [Finding]) {
        for unit in units {
            if unit.involved < 0 {
                out.append(Finding(
                    rule: .staffing, severity: .error, line: unit.unit, year: nil,
                    expected: Fixed2.format(0), actual: Fixed2.format(unit.involved),
                    message: "\(unit.unit): beteiligte Stellenanteile \(Fixed2.format(unit.involved)) sind negativ; "
                        + "mindestens 0,00 angeben"))
            }
            if unit.funded < 0 {
                out.append(Finding(
                    rule: .staffing, severity: .error, line: unit.unit, year: nil,
                    expected: Fixed2.format(0), actual: Fixed2.format(unit.funded),
                    message: "\(unit.unit): geförderte Stellenanteile \(Fixed2.format(unit.funded)) sind negativ; "
                        + "mindestens 0,00 angeben"))
            }
            if unit.funded > unit.involved {
                out.append(Finding(
                    rule: .staffing, severity: .error, line: unit.unit, year: nil,
                    expected: Fixed2.format(unit.involved), actual: Fixed2.format(unit.funded),
                    message: "\(unit.unit): geförderte Stellenanteile \(Fixed2.format(unit.funded)) übersteigen die "
                        + "beteiligten \(Fixed2.format(unit.involved)) um \(Fixed2.format(unit.funded &- unit.involved)); "
                        + "höchstens \(Fixed2.format(unit.involved)) fördern"))
            }
        }
    }
}

// MARK: - Plan checks

private struct Context {
    let plan: Plan
    let terms: FundingTerms
    let lines: [PlanLine]
    let years: [Int]

    init(plan: Plan, terms: FundingTerms) {
        self.plan = plan
        self.terms = terms
        self.lines = plan.lines
        self.years = plan.years
    }

    @inline(__always) func value(_ index: Int, _ y: Int) -> Int64 {
        let values = lines[index].values
        return y < values.count ? values[y] : 0
    }

    @inline(__always) func total(_ index: Int) -> Int64 { lines[index].statedTotal }

    func sum(_ indices: [Int], _ y: Int) -> Int64 {
        var s: Int64 = 0
        for i in indices { s = Exact.add(s, value(i, y)) }
        return s
    }

    func sumTotals(_ indices: [Int]) -> Int64 {
        var s: Int64 = 0
        for i in indices { s = Exact.add(s, lines[i].statedTotal) }
        return s
    }

    // MARK: row-total

    func rowTotals(_ out: inout [Finding]) {
        for line in lines where line.kind != .share {
            var s: Int64 = 0
            for y in years.indices { s = Exact.add(s, y < line.values.count ? line.values[y] : 0) }
            guard s != line.statedTotal else { continue }
            out.append(Finding(
                rule: .rowTotal, severity: .error, line: line.code, year: nil,
                expected: Fixed2.format(s), actual: Fixed2.format(line.statedTotal),
                message: "\(line.code) Gesamt: angegeben \(eur(line.statedTotal)), Summe der Jahre \(yearRange) "
                    + "\(eur(s)) (Differenz \(eur(Exact.sub(line.statedTotal, s)))); Gesamt auf \(eur(s)) "
                    + "setzen oder die Jahreswerte berichtigen"))
        }
    }

    private var yearRange: String {
        guard let first = years.first, let last = years.last else { return "" }
        return first == last ? "\(first)" : "\(first)–\(last)"
    }

    // MARK: parent-sum

    func parentSums(_ out: inout [Finding]) {
        for (index, line) in lines.enumerated() where line.kind == .group || line.kind == .total {
            var partIndices: [Int] = []
            partIndices.reserveCapacity(line.parts.count)
            var missing: [String] = []
            for code in line.parts {
                if let i = plan.index(of: code) { partIndices.append(i) } else { missing.append(code) }
            }
            for y in years.indices {
                let expected = sum(partIndices, y)
                let actual = value(index, y)
                guard expected != actual else { continue }
                out.append(parentFinding(line, year: years[y], expected: expected, actual: actual))
            }
            let expected = sumTotals(partIndices)
            if expected != line.statedTotal {
                out.append(parentFinding(line, year: nil, expected: expected, actual: line.statedTotal))
            }
            if !missing.isEmpty {
                out.append(Finding(
                    rule: .parentSum, severity: .error, line: line.code, year: nil,
                    expected: missing.joined(separator: ", "), actual: "fehlt",
                    message: "\(line.code): Unterposition \(missing.joined(separator: ", ")) fehlt im Plan"))
            }
        }
    }

    private func parentFinding(_ line: PlanLine, year: Int?, expected: Int64, actual: Int64) -> Finding {
        Finding(
            rule: .parentSum, severity: .error, line: line.code, year: year,
            expected: Fixed2.format(expected), actual: Fixed2.format(actual),
            message: "\(line.code) \(year.map(String.init) ?? "Gesamt"): angegeben \(eur(actual)), Summe von "
                + "\(codesText(line.parts)) \(eur(expected)) (Differenz \(eur(Exact.sub(actual, expected))))")
    }

    // MARK: control-sum

    func controlSums(_ out: inout [Finding]) {
        for (index, line) in lines.enumerated() where line.kind == .control && line.parts.count >= 2 {
            guard let a = plan.index(of: line.parts[0]), let b = plan.index(of: line.parts[1]) else { continue }
            let minuend = line.parts[0], subtrahend = line.parts[1]
            func check(year: Int?, _ va: Int64, _ vb: Int64, stated: Int64) {
                let diff = Exact.sub(va, vb)
                let label = "\(line.code) \(year.map(String.init) ?? "Gesamt")"
                if diff != 0 {
                    let hint = diff > 0
                        ? "\(minuend) übersteigt \(subtrahend) um \(eur(diff))"
                        : "\(minuend) deckt \(subtrahend) nicht, es fehlen \(eur(Exact.sub(0, diff)))"
                    out.append(Finding(
                        rule: .controlSum, severity: .error, line: line.code, year: year,
                        expected: Fixed2.format(0), actual: Fixed2.format(diff),
                        message: "\(label): \(minuend) (\(eur(va))) − \(subtrahend) (\(eur(vb))) = \(eur(diff)), "
                            + "muss 0,00 € sein; \(hint)"))
                }
                if stated != diff {
                    out.append(Finding(
                        rule: .controlSum, severity: .error, line: line.code, year: year,
                        expected: Fixed2.format(diff), actual: Fixed2.format(stated),
                        message: "\(label): angegebene Kontrollsumme \(eur(stated)), berechnet "
                            + "\(minuend) − \(subtrahend) = \(eur(diff))"))
                }
            }
            for y in years.indices {
                check(year: years[y], value(a, y), value(b, y), stated: value(index, y))
            }
            check(year: nil, total(a), total(b), stated: line.statedTotal)
        }
    }

    // MARK: consulting-cap

    func consultingCaps(_ out: inout [Finding]) {
        let numerator = terms.consultantNumerator, denominator = terms.consultantDenominator
        guard denominator > 0 else { return }
        let fraction = terms.consultantFractionText
        let targets = KfW436.consultingLines
            .compactMap { entry in plan.index(of: entry.code).map { (index: $0, base: entry.base) } }
            .sorted { $0.index < $1.index }
        for (index, baseCodes) in targets {
            let code = lines[index].code
            let base = baseCodes.compactMap { plan.index(of: $0) }
            let baseText = codesText(baseCodes)
            func check(year: Int?, consulting: Int64, baseSum: Int64) {
                // consulting ≤ baseSum × numerator / denominator, exactly.
                guard Exact.compare(consulting, denominator, baseSum, numerator) > 0 else { return }
                let shown = Exact.mulDiv(baseSum, numerator, denominator, .halfUp)
                let allowed = Exact.mulDiv(baseSum, numerator, denominator, .down)
                let excess = Exact.mulDiv(
                    Exact.sub(Exact.mul(consulting, denominator), Exact.mul(baseSum, numerator)), 1, denominator, .halfUp)
                var hint = "höchstens \(eur(allowed)) ansetzen"
                if numerator > 0 {
                    let neededBase = Exact.mulDiv(consulting, denominator, numerator, .up)
                    hint += " oder \(baseText) um mindestens \(eur(Exact.sub(neededBase, baseSum))) erhöhen"
                }
                out.append(Finding(
                    rule: .consultingCap, severity: year == nil ? .error : .warning, line: code, year: year,
                    expected: Fixed2.format(shown), actual: Fixed2.format(consulting),
                    message: "\(code) \(year.map(String.init) ?? "Gesamt"): Beratung \(eur(consulting)) übersteigt "
                        + "\(fraction) von \(baseText) (\(eur(shown))) um \(eur(excess)); \(hint)"))
            }
            for y in years.indices {
                check(year: years[y], consulting: value(index, y), baseSum: sum(base, y))
            }
            check(year: nil, consulting: total(index), baseSum: sumTotals(base))
        }
    }

    // MARK: federal-quota

    func federalQuota(_ out: inout [Finding]) {
        guard let fin = plan.index(of: KfW436.financingTotal), let fed = plan.index(of: KfW436.federalFunds)
        else { return }
        let quota = terms.federalQuota.basisPoints
        let code = lines[fed].code
        func check(year: Int?, federal: Int64, financing: Int64) {
            // federal / financing ≤ quota, i.e. federal × 10 000 ≤ financing × quota.
            guard Exact.compare(federal, 10_000, financing, quota) > 0 else { return }
            let allowed = Exact.mulDiv(financing, quota, 10_000, .down)
            let excess = Exact.sub(federal, allowed) // the exact excess rounded up to the cent
            let share = Fixed2.share(federal, of: financing)
            let shareText = share.map(pct) ?? "—"
            out.append(Finding(
                rule: .federalQuota, severity: year == nil ? .error : .warning, line: code, year: year,
                expected: pct(quota), actual: shareText,
                message: "\(code) \(year.map(String.init) ?? "Gesamt"): Bundesmittel \(eur(federal)) sind "
                    + "\(share == nil ? "ohne Finanzierungsbeiträge" : shareText) von \(KfW436.financingTotal) "
                    + "(\(eur(financing))) und übersteigen die Förderquote von \(pct(quota)) (\(eur(allowed))) um "
                    + "\(eur(excess)); höchstens \(eur(allowed)) Bundesmittel ansetzen und den Rest aus "
                    + "Eigenmitteln oder Mitteln Dritter decken"))
        }
        for y in years.indices {
            check(year: years[y], federal: value(fed, y), financing: value(fin, y))
        }
        check(year: nil, federal: total(fed), financing: total(fin))
    }

    // MARK: municipal-share

    func municipalShare(_ out: inout [Finding]) {
        guard let fin = plan.index(of: KfW436.financingTotal), let own = plan.index(of: KfW436.ownFunds)
        else { return }
        let third = plan.index(of: KfW436.thirdPartyFunds)
        let minShare = terms.minMunicipalShare.basisPoints
        let code = lines[own].code
        let label = third == nil ? KfW436.ownFunds : "\(KfW436.ownFunds) + \(KfW436.thirdPartyFunds)"
        func check(year: Int?, municipal: Int64, financing: Int64) {
            // municipal × 10 000 ≥ financing × minShare.
            guard Exact.compare(municipal, 10_000, financing, minShare) < 0 else { return }
            let required = Exact.mulDiv(financing, minShare, 10_000, .up)
            let shortfall = Exact.sub(required, municipal) // the exact shortfall rounded up to the cent
            let share = Fixed2.share(municipal, of: financing)
            let shareText = share.map(pct) ?? "—"
            out.append(Finding(
                rule: .municipalShare, severity: year == nil ? .error : .warning, line: code, year: year,
                expected: pct(minShare), actual: shareText,
                message: "\(label) \(year.map(String.init) ?? "Gesamt"): Eigenmittel und Mittel Dritter "
                    + "\(eur(municipal)) sind \(share == nil ? "ohne Finanzierungsbeiträge" : shareText) von "
                    + "\(KfW436.financingTotal) (\(eur(financing))), mindestens \(pct(minShare)) "
                    + "(\(eur(required))) sind nötig; es fehlen \(eur(shortfall)) Eigenmittel oder Mittel Dritter"))
        }
        for y in years.indices {
            let municipal = Exact.add(value(own, y), third.map { value($0, y) } ?? 0)
            check(year: years[y], municipal: municipal, financing: value(fin, y))
        }
        check(year: nil, municipal: Exact.add(total(own), third.map(total) ?? 0), financing: total(fin))
    }

    // MARK: stated-share

    func statedShares(_ out: inout [Finding]) {
        for (index, line) in lines.enumerated() where line.kind == .share && line.parts.count >= 2 {
            guard let n = plan.index(of: line.parts[0]), let d = plan.index(of: line.parts[1]) else { continue }
            func check(year: Int?, part: Int64, whole: Int64, stated: Int64) {
                let expected = Fixed2.share(part, of: whole) ?? 0
                guard expected != stated else { return }
                let basis = whole == 0
                    ? "\(line.parts[1]) ist 0,00 €"
                    : "\(line.parts[0]) \(eur(part)) von \(line.parts[1]) \(eur(whole)), kaufmännisch gerundet"
                out.append(Finding(
                    rule: .statedShare, severity: .error, line: line.code, year: year,
                    expected: pct(expected), actual: pct(stated),
                    message: "\(line.code) \(year.map(String.init) ?? "Gesamt"): angegeben \(pct(stated)), "
                        + "berechnet \(pct(expected)) (\(basis))"))
            }
            for y in years.indices {
                check(year: years[y], part: value(n, y), whole: value(d, y), stated: value(index, y))
            }
            check(year: nil, part: total(n), whole: total(d), stated: line.statedTotal)
        }
    }

    // MARK: measure-budget

    func measureBudgets(_ measures: [Measure], _ out: inout [Finding]) {
        for measure in measures {
            guard let code = measure.planLine, !code.isEmpty else { continue }
            guard let index = plan.index(of: code) else {
                out.append(Finding(
                    rule: .measureBudget, severity: .error, line: measure.title, year: nil,
                    expected: code, actual: "fehlt",
                    message: "Maßnahme „\(measure.title)“: die zugeordnete Planzeile \(code) gibt es im Plan nicht"))
                continue
            }
            let stated = lines[index].statedTotal
            guard let cost = measure.cost else {
                out.append(Finding(
                    rule: .measureBudget, severity: .error, line: measure.title, year: nil,
                    expected: Fixed2.format(stated), actual: "—",
                    message: "Maßnahme „\(measure.title)“: keine Kosten angegeben; Planzeile \(code) "
                        + "sieht \(eur(stated)) vor"))
                continue
            }
            guard cost.cents != stated else { continue }
            out.append(Finding(
                rule: .measureBudget, severity: .error, line: measure.title, year: nil,
                expected: Fixed2.format(stated), actual: Fixed2.format(cost.cents),
                message: "Maßnahme „\(measure.title)“: Kosten \(eur(cost.cents)), Planzeile \(code) Gesamt "
                    + "\(eur(stated)) (Differenz \(eur(Exact.sub(cost.cents, stated))))"))
        }
    }

    // MARK: phase-cap

    func phaseCaps(_ out: inout [Finding]) {
        let quota = terms.federalQuota.basisPoints
        let phases: [(line: String, name: String, codes: [String], max: Money)] = [
            ("1", "Strategiephase", KfW436.strategyPhase, terms.strategyPhaseMaxGrant),
            ("1.2", "Erste Investitionen", [KfW436.firstInvestments], terms.firstInvestmentsMaxGrant),
            ("2", "Umsetzungsphase", KfW436.implementationPhase, terms.implementationPhaseMaxGrant),
        ]
        for phase in phases {
            let indices = phase.codes.compactMap { plan.index(of: $0) }
            guard indices.count == phase.codes.count else { continue }
            let costs = sumTotals(indices)
            let max = phase.max.cents
            // grant = costs × quota ≤ max, i.e. costs × quota ≤ max × 10 000.
            guard Exact.compare(costs, quota, max, 10_000) > 0 else { continue }
            let grant = Exact.mulDiv(costs, quota, 10_000, .halfUp)
            let excess = Exact.sub(grant, max)
            let maxCosts = quota > 0 ? Exact.mulDiv(max, 10_000, quota, .down) : costs
            out.append(Finding(
                rule: .phaseCap, severity: .error, line: phase.line, year: nil,
                expected: Fixed2.format(max), actual: Fixed2.format(grant),
                message: "\(phase.name) (\(phase.codes.joined(separator: " + "))): Zuwendung \(eur(grant)) "
                    + "(\(pct(quota)) von \(eur(costs))) übersteigt die Höchstförderung von \(eur(max)) um "
                    + "\(eur(excess)); förderfähige Kosten höchstens \(eur(maxCosts)) ansetzen "
                    + "(Zuwendung kaufmännisch auf Cent gerundet)"))
        }
    }
}

// MARK: - Formatting helpers

@inline(__always) private func eur(_ cents: Int64) -> String { Fixed2.format(cents) + " €" }
@inline(__always) private func pct(_ basisPoints: Int64) -> String { Fixed2.format(basisPoints) + " %" }

/// "2.1.1–2.1.4" for a consecutive run of at least three sibling codes, otherwise "1.1 + 1.2 + 2.1".
private func codesText(_ codes: [String]) -> String {
    guard codes.count >= 3, let first = codes.first, let last = codes.last else {
        return codes.joined(separator: " + ")
    }
    func split(_ code: String) -> (prefix: Substring, number: Int)? {
        guard let dot = code.lastIndex(of: "."), let number = Int(code[code.index(after: dot)...]) else { return nil }
        return (code[..<dot], number)
    }
    if let head = split(first) {
        var consecutive = true
        for (offset, code) in codes.enumerated() {
            guard let part = split(code), part.prefix == head.prefix, part.number == head.number + offset else {
                consecutive = false
                break
            }
        }
        if consecutive { return "\(first)–\(last)" }
    }
    if codes.count > 6 { return "\(first) … \(last) (\(codes.count) Positionen)" }
    return codes.joined(separator: " + ")
}

// MARK: - Exact arithmetic

/// Integer helpers with a 128-bit intermediate, so that comparisons such as
/// `federal × 10 000 ≤ financing × quota` are exact for every Int64 input.
enum Exact {
    enum Rounding { case down, up, halfUp }

    /// The sign of `a × b − c × d` (−1, 0, 1), computed without overflow.
    @inline(__always) static func compare(_ a: Int64, _ b: Int64, _ c: Int64, _ d: Int64) -> Int {
        let l = a.multipliedFullWidth(by: b), r = c.multipliedFullWidth(by: d)
        if l.high != r.high { return l.high < r.high ? -1 : 1 }
        if l.low != r.low { return l.low < r.low ? -1 : 1 }
        return 0
    }

    /// `a × b / d` for `d > 0`, rounded down (floor), up (ceiling) or half up (ties away from
    /// zero). Saturates at the Int64 range instead of trapping.
    static func mulDiv(_ a: Int64, _ b: Int64, _ d: Int64, _ rounding: Rounding) -> Int64 {
        precondition(d > 0)
        let product = a.multipliedFullWidth(by: b)
        // The quotient fits when |high| is small compared to d; otherwise saturate.
        let negative = product.high < 0
        let magnitudeHigh: UInt64
        let magnitudeLow: UInt64
        if negative {
            // two's complement negation of the 128-bit value
            let low = ~product.low &+ 1
            let high = ~UInt64(bitPattern: product.high) &+ (low == 0 ? 1 : 0)
            magnitudeHigh = high; magnitudeLow = low
        } else {
            magnitudeHigh = UInt64(bitPattern: product.high); magnitudeLow = product.low
        }
        let divisor = UInt64(d)
        guard magnitudeHigh < divisor else { return negative ? .min : .max }
        let (q, r) = divisor.dividingFullWidth((magnitudeHigh, magnitudeLow))
        // Round the magnitude; floor/ceiling flip for negative values.
        var magnitude = q
        switch rounding {
        case .halfUp: if r != 0 && r >= divisor - r { magnitude += 1 }
        case .down: if negative && r != 0 { magnitude += 1 }
        case .up: if !negative && r != 0 { magnitude += 1 }
        }
        if negative {
            return magnitude > UInt64(Int64.max) + 1 ? .min : Int64(truncatingIfNeeded: 0 &- magnitude)
        }
        return magnitude > UInt64(Int64.max) ? .max : Int64(magnitude)
    }

    /// Saturating `a + b`.
    @inline(__always) static func add(_ a: Int64, _ b: Int64) -> Int64 {
        let (s, overflow) = a.addingReportingOverflow(b)
        return overflow ? (b > 0 ? .max : .min) : s
    }

    /// Saturating `a − b`.
    @inline(__always) static func sub(_ a: Int64, _ b: Int64) -> Int64 {
        let (s, overflow) = a.subtractingReportingOverflow(b)
        return overflow ? (b < 0 ? .max : .min) : s
    }

    /// Saturating `a × b`.
    @inline(__always) static func mul(_ a: Int64, _ b: Int64) -> Int64 {
        let (p, overflow) = a.multipliedReportingOverflow(by: b)
        return overflow ? ((a < 0) == (b < 0) ? .max : .min) : p
    }
}
