import TeamworkCore

/// The weekly status report: the content of the review slides as Markdown (for the minutes)
/// or plain text. Needs no dashboard: `teamwork report` calls it with the project and the
/// audit rows it read from the store.
public enum StatusReport {
    public enum Format: String, Sendable, CaseIterable { case md, text }

    /// `changes`: the audit rows to list; those before `since` (ISO 8601 UTC) are left out, so
    /// the rows at `since` itself count (`>=`, as `auditTrail(since:)` documents).
    public static func render(project: Project, changes: [ChangeRow], since: String?, today: LocalDateTime?,
                              format: Format) -> String {
        let day = today.map(LocalDate.init)
        let findings = Checks.run(project, today: day)
        let plan = project.plan
        let terms = project.terms
        let md = format == .md
        var out = ""
        func heading(_ text: String, level: Int = 2) {
            if md { out += String(repeating: "#", count: level) + " " + text + "\n\n" }
            else { out += text + "\n" + String(repeating: level == 1 ? "=" : "-", count: Terminal.width(text)) + "\n\n" }
        }
        func table(_ header: [String], _ rows: [[String]], right: Set<Int>) {
            if md {
                out += "| " + header.joined(separator: " | ") + " |\n"
                out += "|" + header.indices.map { right.contains($0) ? " ---: |" : " --- |" }.joined() + "\n"
                for row in rows { out += "| " + row.map { $0.replacing("|", with: "/") }.joined(separator: " | ") + " |\n" }
                out += "\n"
            } else {
                out += Reports.table(header.enumerated().map { Reports.Column($1, right: right.contains($0)) }, rows) + "\n"
            }
        }
        heading("Statusbericht \(project.name) – \(today?.germanDate ?? "")", level: 1)
        let sinceText = since.map { "seit " + String($0.prefix(10)) } ?? "seit Beginn"
        out += "Förderbedingungen: \(terms.name). Änderungen \(sinceText).\n\n"

        heading("Überblick")
        func total(_ code: String) -> Int64 { plan[code]?.statedTotal ?? 0 }
        let financing = total(KfW436.financingTotal)
        func share(_ v: Int64) -> String { Fixed2.share(v, of: financing).map { Fixed2.format($0) + " %" } ?? "—" }
        let municipal = total(KfW436.ownFunds) + total(KfW436.thirdPartyFunds)
        table(["Kennzahl", "Betrag (€)", "Anteil"], [
            ["Förderfähige Kosten (1+2)", Fixed2.format(total(KfW436.eligibleCosts)), ""],
            ["Bundesmittel (3.1.3)", Fixed2.format(total(KfW436.federalFunds)), share(total(KfW436.federalFunds))],
            ["Eigenmittel (3.1.1)", Fixed2.format(total(KfW436.ownFunds)), share(total(KfW436.ownFunds))],
            ["Mittel Dritter (3.1.2)", Fixed2.format(total(KfW436.thirdPartyFunds)), share(total(KfW436.thirdPartyFunds))],
            ["Kommunaler Anteil", Fixed2.format(municipal), share(municipal)],
        ], right: [1, 2])

        heading("Befunde der Prüfung")
        let errors = findings.filter { $0.severity == .error }
        let warnings = findings.filter { $0.severity == .warning }
        out += "\(errors.count) Fehler, \(warnings.count) Warnungen.\n\n"
        for f in errors + warnings {
            out += (md ? "- **\(f.severity.title)** (`\(f.rule.rawValue)`): " : "- \(f.severity.title) (\(f.rule.rawValue)): ") + f.message + "\n"
        }
        if !findings.isEmpty { out += "\n" }

        heading("Kosten und Finanzierung je Jahr")
        var rows: [[String]] = []
        for (i, year) in plan.years.enumerated() {
            let t = plan[KfW436.financingTotal]?.values[i] ?? 0
            let f = plan[KfW436.federalFunds]?.values[i] ?? 0
            let m = (plan[KfW436.ownFunds]?.values[i] ?? 0) + (plan[KfW436.thirdPartyFunds]?.values[i] ?? 0)
            rows.append([String(year), Fixed2.format(plan[KfW436.eligibleCosts]?.values[i] ?? 0), Fixed2.format(f),
                         Fixed2.share(f, of: t).map { Fixed2.format($0) + " %" } ?? "—",
                         Fixed2.share(m, of: t).map { Fixed2.format($0) + " %" } ?? "—"])
        }
        table(["Jahr", "Kosten (€)", "Bund (€)", "Bund", "Kommune"], rows, right: [1, 2, 3, 4])

        heading("Maßnahmen und Meilensteine")
        let c = project.controlling
        let counts = MeasureOverview.countByStatus(measures: project.measures, controlling: c).filter { $0.count > 0 }
        out += "Status: " + counts.map { "\($0.count) \($0.status.title)" }.joined(separator: ", ") + ".\n\n"
        if let day {
            let week = day.week
            let span = MeasureOverview.milestones(in: week, measures: project.measures, controlling: c)
            let overdue = MeasureOverview.overdueMilestones(measures: project.measures, controlling: c, today: day)
            func rows(_ items: [MilestoneItem], date: (Milestone) -> LocalDate) -> [[String]] {
                items.map { [date($0.milestone).german, $0.measure.reference, $0.milestone.title] }
            }
            let weekText = "\(week.lowerBound.german) – \(week.upperBound.german)"
            out += (md ? "**Erledigt in der Woche \(weekText)**" : "Erledigt in der Woche \(weekText):") + "\n\n"
            if span.done.isEmpty { out += "Keine.\n\n" } else {
                table(["Erledigt", "Maßnahme", "Meilenstein"], rows(span.done) { $0.done ?? $0.due }, right: [])
            }
            out += (md ? "**Fällig in der Woche \(weekText)**" : "Fällig in der Woche \(weekText):") + "\n\n"
            if span.due.isEmpty { out += "Keine.\n\n" } else {
                table(["Fällig", "Maßnahme", "Meilenstein"], rows(span.due) { $0.due }, right: [])
            }
            if !overdue.isEmpty {
                out += (md ? "**Überfällig**" : "Überfällig:") + "\n\n"
                table(["Fällig", "Maßnahme", "Meilenstein"], rows(overdue) { $0.due }, right: [])
            }
        }

        heading("Mittelabruf und Fristen")
        let status = Funding.status(project, asOf: today ?? LocalDate(year: plan.years.last ?? 2028, month: 12, day: 31).startOfDay)
        out += "Beträge in €, Stand \(status.asOf.germanDate); abrufbar ist \(terms.federalQuota) des Ist, "
            + "höchstens bis zur Höchstförderung und zu den Bundesmitteln des Plans.\n\n"
        table(["Phase", "Ist", "Abgerufen", "Jetzt abrufbar", "Nächster Abruf"],
              (status.phases + [status.total]).map { p in
                  [p.title, p.actual.formatted, p.drawn.formatted, p.callable.formatted, p.nextDrawdownShort(today: status.asOf)]
              }, right: [1, 2, 3])
        for line in Funding.deadlineLines(terms: terms, register: project.drawdowns, today: status.asOf,
                                          missingHint: { "teamwork terms set zusage-\($0.rawValue) TT.MM.JJJJ" }) {
            out += "- " + line.text + "\n"
        }
        out += "\n"
        let week = LocalDate(status.asOf).week
        let weekText = "\(week.lowerBound.german) – \(week.upperBound.german)"
        let drawdowns = Funding.drawdowns(project.drawdowns.drawdowns, from: week.lowerBound.startOfDay,
                                          through: week.upperBound.startOfDay)
        out += (md ? "**Mittelabrufe in der Woche \(weekText)**" : "Mittelabrufe in der Woche \(weekText):") + "\n\n"
        if drawdowns.isEmpty { out += "Keine.\n\n" } else {
            table(["Abruf am", "Phase", "Betrag (€)", "Eingang am", "Eingang (€)"], drawdowns.map {
                [$0.requestedOn.germanDate, $0.phase.title, $0.amount.formatted, $0.receivedOn?.germanDate ?? "offen",
                 $0.arrived?.formatted ?? ""]
            }, right: [2, 4])
        }

        heading("Termine der nächsten 14 Tage")
        let events = project.upcomingEvents(from: today, days: 14)
        if events.isEmpty {
            out += "Keine Termine mit Datum. \(project.series.count) Veranstaltungsreihen haben noch keinen Termin.\n\n"
        } else {
            table(["Beginn", "Titel", "Ort"], events.map { [$0.start.german, $0.title, $0.place] }, right: [])
        }

        heading("Änderungen \(sinceText)")
        let changes = since.map { s in changes.filter { $0.at >= s } } ?? changes
        if changes.isEmpty {
            out += "Keine Änderungen.\n"
        } else {
            table(["Zeit", "Wer", "Was", "Änderung"], changes.map {
                [$0.localMinute, $0.user, $0.entity,
                 $0.summary.isEmpty ? "\($0.field): \($0.old) → \($0.new)" : $0.summary]
            }, right: [])
        }
        return out
    }
}
