/// The checks of the Ist-Ausgaben against the plan: `actual-over-plan`, `actual-consulting-cap`,
/// `expense-date`. Exact integer arithmetic like `Checks`; amounts are cents.
public enum ActualsChecks {
    /// Findings in rule order, then plan order (phases "1", "2", then "1+2" after the lines),
    /// then ledger order for payment dates. `today` nil skips "after today".
    public static func run(plan: Plan, terms: FundingTerms, ledger: Ledger, today: LocalDate?) -> [Finding] {
        var out: [Finding] = []
        overPlan(plan, terms, ledger, &out)
        consultingCap(plan, terms, ledger, &out)
        dates(plan, ledger, today, &out)
        return out
    }

    // MARK: actual-over-plan

    static func overPlan(_ plan: Plan, _ terms: FundingTerms, _ ledger: Ledger, _ out: inout [Finding]) {
        let tolerance = terms.overrunTolerance?.basisPoints
        for (index, line) in plan.lines.enumerated() where KfW436.isBookable(line) {
            let ist = ledger.totals[index], soll = line.statedTotal
            guard ist > soll else { continue }
            let over = Exact.sub(ist, soll)
            let used = Fixed2.share(ist, of: soll).map { " (\(pct($0)) des Solls)" } ?? ""
            var message = "\(line.code) Gesamt: Ist \(eur(ist)) übersteigt das Soll \(eur(soll)) um \(eur(over))\(used)"
            var severity = Severity.warning
            if let tolerance {
                // ist ≤ soll × (1 + t), exactly: ist × 10 000 ≤ soll × (10 000 + t).
                let limit = Exact.mulDiv(soll, 10_000 + tolerance, 10_000, .down)
                if Exact.compare(ist, 10_000, soll, 10_000 + tolerance) > 0 {
                    severity = .error
                    message += " und auch die Toleranz von \(pct(tolerance)) (höchstens \(eur(max(limit, soll)))) "
                        + "um \(eur(Exact.sub(ist, max(limit, soll)))); das Soll per Umschichtung oder Änderungsantrag "
                        + "um mindestens \(eur(over)) erhöhen oder falsch gebuchte Ausgaben umbuchen"
                } else {
                    message += "; das liegt innerhalb der Toleranz von \(pct(tolerance)) (bis \(eur(limit))), wenn "
                        + "Einsparungen in anderen Zeilen es ausgleichen; sonst das Soll um \(eur(over)) erhöhen"
                }
            } else {
                message += "; das Soll per Umschichtung aus einer Zeile mit Einsparung um mindestens \(eur(over)) "
                    + "erhöhen oder falsch gebuchte Ausgaben umbuchen"
            }
            out.append(Finding(rule: .actualOverPlan, severity: severity, line: line.code, year: nil,
                               expected: Fixed2.format(soll), actual: Fixed2.format(ist), message: message))
        }
        // The groups joined by hand: the first joined(separator:) of a start looks up Array's
        // Collection conformance at run time, a scan of the runtime's conformance records.
        var parts: [(code: String, name: String, groups: [String])] = Actuals.phases.map { phase in
            var groups = ""
            for group in phase.groups { groups += groups.isEmpty ? group : " + " + group }
            return (phase.code, "\(phase.title) (\(groups))", phase.groups)
        }
        parts.append((KfW436.eligibleCosts, "Förderfähige Kosten 1+2", Actuals.phases.flatMap(\.groups)))
        for part in parts {
            let indices = part.groups.compactMap { plan.index(of: $0) }
            guard indices.count == part.groups.count else { continue }
            var ist: Int64 = 0, soll: Int64 = 0
            for i in indices { ist = Exact.add(ist, ledger.totals[i]); soll = Exact.add(soll, plan.lines[i].statedTotal) }
            guard ist > soll else { continue }
            let over = Exact.sub(ist, soll)
            out.append(Finding(
                rule: .actualOverPlan, severity: .error, line: part.code, year: nil,
                expected: Fixed2.format(soll), actual: Fixed2.format(ist),
                message: "\(part.name) Gesamt: Ist \(eur(ist)) übersteigt das Soll \(eur(soll)) um \(eur(over)); der "
                    + "Finanzierungsplan ist in seiner Gesamtsumme verbindlich: Ausgaben um mindestens \(eur(over)) "
                    + "senken oder den Plan per Änderungsantrag um \(eur(over)) erhöhen"))
        }
    }

    // MARK: actual-consulting-cap

    static func consultingCap(_ plan: Plan, _ terms: FundingTerms, _ ledger: Ledger, _ out: inout [Finding]) {
        let numerator = terms.consultantNumerator, denominator = terms.consultantDenominator
        guard denominator > 0 else { return }
        let fraction = terms.consultantFractionText
        for entry in KfW436.consultingLines {
            guard let index = plan.index(of: entry.code) else { continue }
            let base = entry.base.compactMap { plan.index(of: $0) }
            let consulting = ledger.totals[index]
            var baseSum: Int64 = 0
            for b in base { baseSum = Exact.add(baseSum, ledger.totals[b]) }
            guard consulting > 0, Exact.compare(consulting, denominator, baseSum, numerator) > 0 else { continue }
            let allowed = Exact.mulDiv(baseSum, numerator, denominator, .down)
            let baseText = "\(entry.base.first!)–\(entry.base.last!)"
            var hint = "höchstens \(eur(allowed)) Beratung abrechnen"
            if numerator > 0 {
                let neededBase = Exact.mulDiv(consulting, denominator, numerator, .up)
                hint += " oder erst nach weiteren \(eur(Exact.sub(neededBase, baseSum))) Ist in \(baseText)"
            }
            out.append(Finding(
                rule: .actualConsultingCap, severity: .warning, line: entry.code, year: nil,
                expected: Fixed2.format(allowed), actual: Fixed2.format(consulting),
                message: "\(entry.code) Gesamt: Ist Beratung \(eur(consulting)) übersteigt \(fraction) des Ist von "
                    + "\(baseText) (\(eur(baseSum)), davon \(fraction) \(eur(allowed))) um "
                    + "\(eur(Exact.sub(consulting, allowed))); die KfW prüft das am Ist: \(hint)"))
        }
    }

    // MARK: expense-date

    static func dates(_ plan: Plan, _ ledger: Ledger, _ today: LocalDate?, _ out: inout [Finding]) {
        let outside = Set(ledger.outside)
        let limit = today?.ordinal ?? Int.max
        let flagged = ledger.expenses.withUnsafeBufferPointer { buffer in
            buffer.indices.filter { e in (!outside.isEmpty && outside.contains(e)) || buffer[e].date.ordinal > limit }
        }
        for e in flagged {
            let expense = ledger.expenses[e]
            let isOutside = outside.contains(e)
            let who = "Zahlung vom \(expense.date.german) (Beleg \(expense.receipt), \(eur(expense.amount.cents)))"
            if isOutside {
                let reason = plan[expense.line].map(KfW436.isBookable) == true
                    ? "liegt außerhalb der Planjahre \(plan.years.first.map(String.init) ?? "")–"
                        + "\(plan.years.last.map(String.init) ?? ""); Datum berichtigen oder die Buchung löschen"
                    : "steht auf \(expense.line), keinem Einzelposten der Kostenplanung; auf 1.x.x oder 2.x.x umbuchen"
                out.append(Finding(rule: .expenseDate, severity: .error, line: expense.line, year: expense.date.year,
                                   expected: plan.years.first.map { "\($0)–\(plan.years.last!)" } ?? "",
                                   actual: expense.date.german, message: "\(expense.line) \(expense.date.year): \(who) \(reason)"))
            } else if expense.date.ordinal > limit, let today {
                out.append(Finding(
                    rule: .expenseDate, severity: .error, line: expense.line, year: expense.date.year,
                    expected: "bis \(today.german)", actual: expense.date.german,
                    message: "\(expense.line) \(expense.date.year): \(who) liegt nach heute (\(today.german)); Ist ist "
                        + "nur, was schon gezahlt ist: Zahlungsdatum berichtigen oder erst nach der Zahlung buchen"))
            }
        }
    }
}

@inline(__always) private func eur(_ cents: Int64) -> String { Fixed2.format(cents) + " €" }
@inline(__always) private func pct(_ basisPoints: Int64) -> String { Fixed2.format(basisPoints) + " %" }
