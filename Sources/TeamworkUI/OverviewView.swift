import TeamworkCore

enum OverviewView {
    struct Span { var text: String; var role: Role }

    /// The overview as styled lines. Most important first: the funding figures, then the state
    /// of the checks, events, staff and measures, then the costs per year (two years a line
    /// when `height` would otherwise cut them off).
    static func lines(_ state: AppState, width: Int, height: Int = .max, title: Bool = true) -> [[Span]] {
        let project = state.project
        let plan = project.plan
        let terms = project.terms
        var out: [[Span]] = []
        func money(_ code: String) -> Int64 { plan[code]?.statedTotal ?? 0 }
        let financing = money(KfW436.financingTotal)
        let federal = money(KfW436.federalFunds)
        let own = money(KfW436.ownFunds)
        let third = money(KfW436.thirdPartyFunds)
        func pct(_ part: Int64) -> String { Fixed2.share(part, of: financing).map { Fixed2.format($0) + " %" } ?? "—" }
        let labelWidth = 33
        func row(_ label: String, _ amount: Int64, _ share: String?, _ note: [Span] = []) {
            var spans = [Span(text: TextLayout.pad(label, labelWidth), role: .body),
                         Span(text: TextLayout.pad(Fixed2.format(amount) + " €", 18, right: true), role: .title)]
            if let share { spans.append(Span(text: TextLayout.pad(share, 10, right: true), role: .body)) }
            out.append(spans + note)
        }
        if title {
            out.append([Span(text: project.name, role: .title), Span(text: " · Modellprojekte Smart Cities · \(terms.name)", role: .dim)])
            out.append([])
        }
        row("Förderfähige Kosten (1+2)", money(KfW436.eligibleCosts), nil)
        let federalOK = federal * 10_000 <= financing * terms.federalQuota.basisPoints
        row("Bundesmittel (3.1.3)", federal, pct(federal),
            [Span(text: "  max. \(terms.federalQuota)", role: .dim),
             Span(text: federalOK ? " ✓" : " ✗", role: federalOK ? .ok : .error)])
        row("Eigenmittel (3.1.1)", own, pct(own))
        row("Mittel Dritter (3.1.2)", third, pct(third))
        let municipalOK = (own + third) * 10_000 >= financing * terms.minMunicipalShare.basisPoints
        row("Kommunaler Anteil (3.1.1+3.1.2)", own + third, pct(own + third),
            [Span(text: "  min. \(terms.minMunicipalShare)", role: .dim),
             Span(text: municipalOK ? " ✓" : " ✗", role: municipalOK ? .ok : .error)])
        out.append([])
        out += actualsLines(state)

        let errors = state.findings.filter { $0.severity == .error }.count
        let warnings = state.findings.count - errors
        out.append([Span(text: TextLayout.pad("Prüfung", 14), role: .title),
                    Span(text: "\(errors) Fehler", role: errors > 0 ? .error : .ok),
                    Span(text: " · ", role: .dim),
                    Span(text: "\(warnings) Warnungen", role: warnings > 0 ? .warning : .ok),
                    Span(text: "   (8 zeigt die Befunde)", role: .dim)])
        out += fundingLines(state)
        let upcoming = state.upcomingEvents(days: nil)
        if upcoming.isEmpty {
            out.append([Span(text: TextLayout.pad("Termine", 14), role: .title),
                        Span(text: "keine mit Datum; \(project.series.count) Reihen „Termin offen“", role: .body)])
        } else {
            out.append([Span(text: TextLayout.pad("Termine", 14), role: .title),
                        Span(text: "nächste \(min(3, upcoming.count)) von \(upcoming.count):", role: .body)])
            for e in upcoming.prefix(3) {
                out.append([Span(text: String(repeating: " ", count: 14), role: .body),
                            Span(text: e.start.german + "  ", role: .title),
                            Span(text: e.title + (e.place.isEmpty ? "" : " · " + e.place), role: .body)])
            }
        }
        let involved = project.staffing.map(\.involved).reduce(0, +)
        let funded = project.staffing.map(\.funded).reduce(0, +)
        out.append([Span(text: TextLayout.pad("Personal", 14), role: .title),
                    Span(text: "\(Fixed2.format(involved)) Stellen beteiligt, \(Fixed2.format(funded)) gefördert (\(project.staffing.count) Einheiten)", role: .body)])
        out += measureLines(state)
        out.append([Span(text: TextLayout.pad("Akteure", 14), role: .title),
                    Span(text: "\(project.stakeholders.count) Organisationen, Vereine, Unternehmen und Partnerstädte", role: .body)])
        out.append([])

        out.append([Span(text: "Förderfähige Kosten je Jahr", role: .title)])
        guard let costs = plan[KfW436.eligibleCosts] else { return out }
        let maxValue = max(1, costs.values.max() ?? 1)
        let pairs = out.count + plan.years.count > height && width >= 70
        let columnWidth = pairs ? (width - 2) / 2 : width
        let barWidth = max(4, columnWidth - 6 - 16 - 2)
        func bar(_ i: Int) -> [Span] {
            let v = costs.values[i]
            let eighths = Int((Int64(barWidth * 8) * max(0, v) + maxValue / 2) / maxValue)
            let blocks = String(repeating: "█", count: eighths / 8) + (eighths % 8 > 0 ? ["", "▏", "▎", "▍", "▌", "▋", "▊", "▉"][eighths % 8] : "")
            return [Span(text: "\(plan.years[i])  ", role: .body),
                    Span(text: TextLayout.pad(Fixed2.format(v), 14, right: true) + "  ", role: .body),
                    Span(text: TextLayout.pad(blocks, barWidth), role: .bar)]
        }
        if pairs {
            let half = (plan.years.count + 1) / 2
            for i in 0..<half {
                var line = bar(i)
                if i + half < plan.years.count { line += [Span(text: "  ", role: .body)] + bar(i + half) }
                out.append(line)
            }
        } else {
            for i in plan.years.indices { out.append(bar(i)) }
        }
        return out
    }

    /// "Maßnahmen  4 abgeschlossen, 7 geplant, 1 in Umsetzung · 1 Meilenstein überfällig" and
    /// the overdue milestones below it (two at most, then how many more).
    static func measureLines(_ state: AppState) -> [[Span]] {
        let project = state.project
        let counts = MeasureOverview.countByStatus(measures: project.measures, controlling: project.controlling)
            .filter { $0.count > 0 }.map { "\($0.count) \($0.status.title)" }
        var first = [Span(text: TextLayout.pad("Maßnahmen", 14), role: .title),
                     Span(text: counts.isEmpty ? "keine erfasst" : counts.joined(separator: ", "), role: .body)]
        guard let day = state.day else { return [first] }
        let overdue = MeasureOverview.overdueMilestones(measures: project.measures, controlling: project.controlling, today: day)
        guard !overdue.isEmpty else { return [first] }
        first.append(Span(text: " · \(overdue.count) überfällig", role: .warning))
        var out = [first]
        let shown = overdue.count > 2 ? 1 : overdue.count
        for item in overdue.prefix(shown) {
            out.append([Span(text: String(repeating: " ", count: 14), role: .body),
                        Span(text: "! \(item.milestone.due.german) ", role: .warning),
                        Span(text: "\(item.measure.reference) \(item.milestone.title)", role: .body)])
        }
        if overdue.count > shown {
            out.append([Span(text: String(repeating: " ", count: 14), role: .body),
                        Span(text: "… und \(overdue.count - shown) weitere (2 zeigt die Maßnahmen)", role: .dim)])
        }
        return out
    }

    /// What may be drawn now with the next regular drawdown, and the proof deadlines with days
    /// left: one line each phase that has a deadline, one line for the phases without (the
    /// Mittelabruf pane shows all of it, per phase).
    static func fundingLines(_ state: AppState) -> [[Span]] {
        let status = state.models.funding
        let indent = Span(text: String(repeating: " ", count: 14), role: .body)
        var out: [[Span]] = [[
            Span(text: TextLayout.pad("Mittelabruf", 14), role: .title),
            Span(text: "jetzt abrufbar ", role: .body),
            Span(text: status.total.callable.formatted + " €", role: status.total.overdraw.cents > 0 ? .error : .title),
            Span(text: " · nächster Abruf " + status.total.nextDrawdownShort(today: status.asOf), role: .body),
        ]]
        var lines: [[Span]] = status.deadlines.map { d in
            let role: Role = switch d.state {
            case .overdue: .error
            case .dueSoon: .warning
            case .submitted: .ok
            case .open: .body
            }
            return [Span(text: d.phase.title + " ", role: .body), Span(text: d.text, role: role)]
        }
        let missing = FundingPhase.allCases.filter { phase in !status.deadlines.contains { $0.phase == phase } }
        if !missing.isEmpty {
            lines.append(missing.count == 2
                ? [Span(text: "keine Fristen: Zusage-Daten fehlen (Bereich „\(Panes.spec(.drawdowns).shortTitle)“)", role: .dim)]
                : [Span(text: missing[0].title + " ", role: .body), Span(text: "keine Frist (Zusage-Datum fehlt)", role: .dim)])
        }
        for (i, line) in lines.enumerated() {
            out.append([i == 0 ? Span(text: TextLayout.pad("Nachweis", 14), role: .title) : indent] + line)
        }
        return out
    }

    /// Ist to date against Soll to date (the plan years up to this one), in total and per phase.
    static func actualsLines(_ state: AppState) -> [[Span]] {
        let plan = state.project.plan
        guard let last = plan.years.last else { return [] }
        let date = state.today.map(LocalDate.init) ?? LocalDate(year: last, month: 12, day: 31)
        let progress = Actuals.progress(plan: plan, ledger: state.models.ledger, through: date)
        let labelWidth = 28
        var out: [[Span]] = [[
            Span(text: TextLayout.pad("Ist bis \(date.german)", labelWidth), role: .title),
            Span(text: TextLayout.pad("Ist €", 16, right: true), role: .dim),
            Span(text: TextLayout.pad("Soll bis \(min(date.year, last)) €", 18, right: true), role: .dim),
            Span(text: TextLayout.pad("% Soll ges.", 13, right: true), role: .dim),
        ]]
        for part in progress.phases + [progress.total] {
            let over = part.actual.cents > part.planToDate.cents
            let name = part.code == KfW436.eligibleCosts ? "Förderfähige Kosten (1+2)" : "\(part.title) (\(part.code))"
            out.append([
                Span(text: TextLayout.pad("  " + name, labelWidth), role: .body),
                Span(text: TextLayout.pad((over ? "▲" : "") + part.actual.formatted, 16, right: true), role: over ? .error : .title),
                Span(text: TextLayout.pad(part.planToDate.formatted, 18, right: true), role: .body),
                Span(text: TextLayout.pad(part.used.map { "\($0)" } ?? "—", 13, right: true), role: .body),
            ])
        }
        out.append([])
        return out
    }

    static func draw(_ state: AppState, in area: Rect, into buffer: inout Buffer) {
        let width = area.width - 2
        let all = lines(state, width: width, height: area.height)
        let maxScroll = max(0, all.count - area.height)
        let scroll = min(state.overviewScroll, maxScroll)
        for (i, spans) in all.dropFirst(scroll).prefix(area.height).enumerated() {
            var x = area.x + 1
            for span in spans {
                x += buffer.put(span.text, x: x, y: area.y + i, style: state.theme.style(span.role), maxWidth: area.maxX - x)
            }
        }
        if maxScroll > 0 {
            ScrollBar.draw(state.theme, in: area, offset: scroll, total: all.count, into: &buffer)
        }
    }
}
