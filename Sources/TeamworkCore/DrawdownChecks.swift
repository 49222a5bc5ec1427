/// The rules on drawdowns and proof deadlines (`drawdown-over-quota`, `drawdown-phase-cap`,
/// `proof-deadline`). They need the day they are checked on and the Ist of each phase, so they run
/// beside `Checks.run`, not inside it.

extension RuleID {
    func drawdownExplanation(terms: FundingTerms) -> String {
        switch self {
        case .drawdownOverQuota:
            return "Abgerufen werden darf je Phase höchstens die Förderquote (\(terms.federalQuota)) der bis "
                + "zum Prüftag gezahlten Ausgaben der Phase (Ist), auf Cent abgerundet. Zu viel abgerufene Mittel "
                + "sind zurückzuzahlen und mit \(terms.overdrawInterestPoints.formatted) Prozentpunkten über dem "
                + "Basiszinssatz zu verzinsen."
        case .drawdownPhaseCap:
            return "Die Mittelabrufe einer Phase dürfen ihre Höchstförderung (Strategiephase "
                + "\(terms.strategyPhaseMaxGrant.formatted) €, Umsetzungsphase "
                + "\(terms.implementationPhaseMaxGrant.formatted) €) und alle Abrufe zusammen die Bundesmittel "
                + "des Plans (3.1.3) nicht übersteigen."
        case .proofDeadline:
            return "Der Verwendungsnachweis ist \(terms.strategyProofMonths) Monate (Strategiephase) bzw. "
                + "\(terms.implementationProofMonths) Monate (Umsetzungsphase) nach der Zusage fällig; fehlt der "
                + "Tag im letzten Monat, endet die Frist am Monatsletzten. Warnung ab \(terms.proofWarningDays) "
                + "Tagen vor der Frist, Fehler wenn sie verstrichen ist und kein Nachweis als eingereicht vermerkt ist."
        default:
            return ""
        }
    }
}

extension Funding {
    /// The drawdown rules on `status` (see `Funding.status`), ordered by rule, then phase.
    public static func checks(_ status: DrawdownStatus, terms: FundingTerms) -> [Finding] {
        var out: [Finding] = []
        let quota = terms.federalQuota.basisPoints
        let interest = "Zu viel abgerufene Mittel sind zurückzuzahlen und mit "
            + "\(terms.overdrawInterestPoints.formatted) Prozentpunkten über dem Basiszinssatz zu verzinsen"
        for p in status.phases {
            guard let phase = p.phase, p.drawn > p.federalShare else { continue }
            let over = p.drawn - p.federalShare
            var fix = "\(eur(over)) zurückzahlen"
            if quota > 0 {
                // Ist needed so that quota × Ist (rounded down) covers what was drawn.
                let needed = Money(cents: Exact.mulDiv(p.drawn.cents, 10_000, quota, .up))
                fix += " oder zuerst weitere Ausgaben der Phase von mindestens \(eur(needed - p.actual)) "
                    + "zahlen (bis dahin fallen Zinsen an)"
            }
            out.append(Finding(
                rule: .drawdownOverQuota, severity: .error, line: "\(phase.rawValue)", year: nil,
                expected: p.federalShare.formatted, actual: p.drawn.formatted,
                message: "\(phase.title): abgerufen \(eur(p.drawn)), zulässig sind \(terms.federalQuota) der bis "
                    + "\(status.asOf.germanDate) gezahlten Ausgaben (Ist \(eur(p.actual))) = \(eur(p.federalShare)); "
                    + "\(eur(over)) zu viel abgerufen. \(interest) (Zinsrisiko); \(fix)"))
        }
        for p in status.phases {
            guard let phase = p.phase, p.drawn > p.maxGrant else { continue }
            out.append(Finding(
                rule: .drawdownPhaseCap, severity: .error, line: "\(phase.rawValue)", year: nil,
                expected: p.maxGrant.formatted, actual: p.drawn.formatted,
                message: "\(phase.title): abgerufen \(eur(p.drawn)) übersteigt die Höchstförderung der Phase von "
                    + "\(eur(p.maxGrant)) um \(eur(p.drawn - p.maxGrant)); den Betrag zurückzahlen. \(interest)"))
        }
        if let federal = status.total.planFederal, status.total.drawn > federal {
            out.append(Finding(
                rule: .drawdownPhaseCap, severity: .error, line: KfW436.federalFunds, year: nil,
                expected: federal.formatted, actual: status.total.drawn.formatted,
                message: "Alle Mittelabrufe zusammen (\(eur(status.total.drawn))) übersteigen die Bundesmittel des "
                    + "Plans (\(KfW436.federalFunds): \(eur(federal))) um \(eur(status.total.drawn - federal)); "
                    + "den Betrag zurückzahlen. \(interest)"))
        }
        for d in status.deadlines {
            let zusage = "Zusage \(d.zusage.germanDate) + \(d.months) Monate"
            switch d.state {
            case .submitted, .open: continue
            case .dueSoon:
                out.append(Finding(
                    rule: .proofDeadline, severity: .warning, line: "\(d.phase.rawValue)", year: nil,
                    expected: d.due.germanDate, actual: "offen",
                    message: "\(d.phase.title): Verwendungsnachweis \(d.text) (\(zusage)); Sachbericht, "
                        + "zahlenmäßigen Nachweis und Belegliste vorbereiten (teamwork proof export) und die "
                        + "Einreichung mit teamwork proof submitted --phase \(d.phase.rawValue) vermerken"))
            case .overdue:
                out.append(Finding(
                    rule: .proofDeadline, severity: .error, line: "\(d.phase.rawValue)", year: nil,
                    expected: d.due.germanDate, actual: "überfällig",
                    message: "\(d.phase.title): Verwendungsnachweis \(d.text) (\(zusage)) und nicht als "
                        + "eingereicht vermerkt; die Zuwendung ist gefährdet. Nachweis sofort einreichen oder mit "
                        + "der KfW eine Fristverlängerung vereinbaren (dann proof-months-\(d.phase.rawValue) "
                        + "anpassen); eingereicht: teamwork proof submitted --phase \(d.phase.rawValue) --date …"))
            }
        }
        return out
    }

    /// `status` and `checks` in one call.
    public static func checks(plan: Plan, terms: FundingTerms, register: DrawdownRegister,
                              actual: PhaseAmounts, today: LocalDateTime) -> [Finding] {
        checks(status(plan: plan, terms: terms, register: register, actual: actual, asOf: today), terms: terms)
    }
}

@inline(__always) private func eur(_ m: Money) -> String { m.formatted + " €" }
