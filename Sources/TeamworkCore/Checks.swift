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
        let context = PlanCheckContext(plan: plan, terms: terms)
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
