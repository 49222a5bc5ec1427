import TeamworkCore

/// The weekly status review on a projector: a fixed sequence of read-only slides.
public enum Slide: Int, CaseIterable, Sendable {
    case overview, findings, measures, funding, perYear, upcoming, changes

    public var title: String {
        switch self {
        case .overview: "Überblick"
        case .findings: "Befunde der Prüfung"
        case .measures: "Maßnahmen"
        case .funding: "Mittelabruf und Fristen"
        case .perYear: "Kosten und Finanzierung je Jahr"
        case .upcoming: "Termine der nächsten 14 Tage"
        case .changes: "Änderungen seit der letzten Runde"
        }
    }
}

public struct ReviewSession: Hashable, Sendable {
    public var slide: Slide = .overview
    public var scroll = 0
    /// Date of the last review ("2026-11-19T…"), nil when there was none.
    public var lastReview: String?
    /// Theme to return to when the review ends inside the dashboard.
    public var previousTheme: Int
    /// Started as `teamwork review`: leaving the review quits.
    public var standalone: Bool
}

extension ReviewSession {
    /// What a review key asks of the dashboard beyond the slides.
    enum Outcome { case stay, mark, cycleTheme, leave }

    /// The presentation's own update: slides and scrolling; the rest goes back as an outcome.
    mutating func update(_ action: ReviewAction) -> Outcome {
        switch action {
        case .next:
            if let next = Slide(rawValue: slide.rawValue + 1) { slide = next; scroll = 0 }
        case .previous:
            if let previous = Slide(rawValue: slide.rawValue - 1) { slide = previous; scroll = 0 }
        case .scrollDown: scroll += 1
        case .scrollUp: scroll = max(0, scroll - 1)
        case .first: slide = .overview; scroll = 0
        case .mark: return .mark
        case .cycleTheme: return .cycleTheme
        case .leave: return .leave
        }
        return .stay
    }
}

extension AppState {
    /// Opens the presentation; the main loop loads the changes since the last review.
    public mutating func startReview(standalone: Bool, lastReview: String?) {
        let contrast = themes.firstIndex { $0.name.lowercased() == "kontrast" }
        review = ReviewSession(lastReview: lastReview, previousTheme: themeIndex, standalone: standalone)
        if let contrast { themeIndex = contrast }
        request(.loadChanges, nil)
    }

    mutating func runReview(_ action: ReviewAction, _ session: ReviewSession) {
        var session = session
        switch session.update(action) {
        case .stay: review = session
        case .mark:
            review = session
            request(.markReview, nil)
            status = "Ende der Runde vermerkt – „Änderungen seit“ zählt ab jetzt."
        case .cycleTheme:
            review = session
            themeIndex = (themeIndex + 1) % themes.count
        case .leave:
            if session.standalone { shouldQuit = true; return }
            themeIndex = session.previousTheme
            review = nil
        }
    }

    /// The changes the "since the last review" slide shows.
    public var changesSinceReview: [ChangeRow] {
        guard let since = review?.lastReview else { return changes }
        return changes.filter { $0.at >= since }
    }
}

enum ReviewView {
    static func draw(_ state: AppState, session: ReviewSession, into buffer: inout Buffer) {
        let theme = state.theme
        buffer.fill(buffer.area, style: theme.style(.body))
        let w = state.width, h = state.height
        // Header: slide title with position, large margins for readability on a projector.
        buffer.fill(Rect(x: 0, y: 0, width: w, height: 1), style: theme.style(.header))
        buffer.put(" Statusrunde · \(state.project.name)", x: 0, y: 0, style: theme.style(.header), maxWidth: w - 12)
        let position = "\(session.slide.rawValue + 1)/\(Slide.allCases.count) "
        buffer.put(position, x: w - Terminal.width(position), y: 0, style: theme.style(.header))
        let margin = w >= 100 ? 4 : 2
        buffer.put(session.slide.title.uppercased(), x: margin, y: 2, style: theme.style(.title), maxWidth: w - 2 * margin)
        buffer.put(String(repeating: "━", count: min(w - 2 * margin, Terminal.width(session.slide.title) + 4)), x: margin, y: 3, style: theme.style(.title))
        let body = Rect(x: margin, y: 5, width: w - 2 * margin, height: h - 8)
        var lines: [[OverviewView.Span]] = []
        switch session.slide {
        case .overview:
            lines = OverviewView.lines(state, width: body.width, height: body.height, title: false)
        case .findings:
            let errors = state.findings.filter { $0.severity == .error }
            let warnings = state.findings.filter { $0.severity == .warning }
            lines.append([.init(text: "\(errors.count) Fehler", role: errors.isEmpty ? .ok : .error),
                          .init(text: "   \(warnings.count) Warnungen", role: warnings.isEmpty ? .ok : .warning)])
            lines.append([])
            for f in errors + warnings {
                let wrapped = TextLayout.wrap(f.message, body.width - 4)
                for (i, piece) in wrapped.enumerated() {
                    lines.append([.init(text: i == 0 ? (f.severity == .error ? "✗ " : "! ") : "  ", role: f.severity == .error ? .error : .warning),
                                  .init(text: piece, role: .body)])
                }
            }
        case .measures:
            lines = ReviewSession.measureLines(state)
        case .funding:
            lines = ReviewSession.fundingLines(state, width: body.width)
        case .perYear:
            let plan = state.project.plan
            func row(_ cells: [String], _ role: Role) -> [OverviewView.Span] {
                [.init(text: cells.enumerated().map { i, c in TextLayout.pad(c, i == 0 ? 6 : 16, right: i > 0) }.joined(separator: " "), role: role)]
            }
            lines.append(row(["Jahr", "Kosten (1+2)", "Bund (3.1.3)", "Bund %", "Kommune %"], .frozen))
            for (i, year) in plan.years.enumerated() {
                let cost = plan[KfW436.eligibleCosts]?.values[i] ?? 0
                let total = plan[KfW436.financingTotal]?.values[i] ?? 0
                let federal = plan[KfW436.federalFunds]?.values[i] ?? 0
                let municipal = (plan[KfW436.ownFunds]?.values[i] ?? 0) + (plan[KfW436.thirdPartyFunds]?.values[i] ?? 0)
                let fShare = Fixed2.share(federal, of: total).map { Fixed2.format($0) + " %" } ?? "—"
                let mShare = Fixed2.share(municipal, of: total).map { Fixed2.format($0) + " %" } ?? "—"
                let over = total > 0 && federal * 10_000 > total * state.project.terms.federalQuota.basisPoints
                lines.append(row([String(year), Fixed2.format(cost), Fixed2.format(federal), fShare, mShare], over ? .error : .body))
            }
            let cost = plan[KfW436.eligibleCosts]?.statedTotal ?? 0
            let federal = plan[KfW436.federalFunds]?.statedTotal ?? 0
            let total = plan[KfW436.financingTotal]?.statedTotal ?? 0
            let municipal = (plan[KfW436.ownFunds]?.statedTotal ?? 0) + (plan[KfW436.thirdPartyFunds]?.statedTotal ?? 0)
            lines.append(row(["Gesamt", Fixed2.format(cost), Fixed2.format(federal),
                              Fixed2.share(federal, of: total).map { Fixed2.format($0) + " %" } ?? "—",
                              Fixed2.share(municipal, of: total).map { Fixed2.format($0) + " %" } ?? "—"], .sumRow))
        case .upcoming:
            let events = state.upcomingEvents(days: 14)
            if events.isEmpty {
                lines.append([.init(text: "Keine Termine mit Datum in den nächsten 14 Tagen.", role: .body)])
                lines.append([])
                lines.append([.init(text: "\(state.project.series.count) Veranstaltungsreihen haben noch keinen Termin („Termin offen“).", role: .dim)])
            }
            for e in events {
                lines.append([.init(text: e.start.german + "  ", role: .title), .init(text: e.title, role: .body)])
                let detail = [e.format, e.place, e.organiser].filter { !$0.isEmpty }.joined(separator: " · ")
                if !detail.isEmpty { lines.append([.init(text: String(repeating: " ", count: 18) + detail, role: .dim)]) }
            }
        case .changes:
            let rows = state.changesSinceReview
            let since = session.lastReview.map { "seit " + String($0.prefix(10)) } ?? "seit Beginn (noch keine Runde vermerkt)"
            lines.append([.init(text: "\(rows.count) Änderungen \(since)", role: .title)])
            lines.append([])
            for r in rows {
                let text = r.summary.isEmpty ? "\(r.field): \(r.old) → \(r.new)" : r.summary
                lines.append([.init(text: String(r.at.prefix(10)) + "  ", role: .dim), .init(text: TextLayout.pad(r.user, 12) + " ", role: .title),
                              .init(text: text, role: .body)])
            }
        }
        let scroll = min(session.scroll, max(0, lines.count - body.height))
        for (i, spans) in lines.dropFirst(scroll).prefix(body.height).enumerated() {
            var x = body.x
            for span in spans { x += buffer.put(span.text, x: x, y: body.y + i, style: theme.style(span.role), maxWidth: body.maxX - x) }
        }
        // Status line: date and read-only, as the weekly round expects.
        let date = state.today?.germanDate ?? ""
        let status = " \(date) · Nur Lesen · " + KeyMap.review.footer(state).joined(separator: " · ")
        buffer.fill(Rect(x: 0, y: h - 1, width: w, height: 1), style: theme.style(.footer))
        buffer.put(TextLayout.clip(status, w), x: 0, y: h - 1, style: theme.style(.footer))
        if let message = state.status {
            buffer.put(TextLayout.clip(message, w), x: 0, y: h - 2, style: theme.style(.status))
        }
    }
}

extension ReviewSession {
    /// The slide "Maßnahmen": counts by status, milestones overdue and due in the next 14 days,
    /// then every measure that is neither geplant nor abgeschlossen with its state.
    static func measureLines(_ state: AppState) -> [[OverviewView.Span]] {
        let project = state.project, c = project.controlling
        var lines: [[OverviewView.Span]] = []
        let counts = MeasureOverview.countByStatus(measures: project.measures, controlling: c).filter { $0.count > 0 }
        lines.append([.init(text: counts.map { "\($0.count) \($0.status.title)" }.joined(separator: " · "), role: .title)])
        lines.append([])
        func item(_ i: MilestoneItem, _ marker: String, _ role: Role) -> [OverviewView.Span] {
            [.init(text: marker + i.milestone.due.german + "  ", role: role),
             .init(text: TextLayout.pad(i.measure.reference, 7), role: .title), .init(text: i.milestone.title, role: .body)]
        }
        let overdue = state.day.map { MeasureOverview.overdueMilestones(measures: project.measures, controlling: c, today: $0) } ?? []
        lines.append([.init(text: "Überfällig: \(overdue.count)", role: overdue.isEmpty ? .ok : .warning)])
        lines += overdue.map { item($0, "! ", .warning) }
        lines.append([])
        let due = state.day.map { MeasureOverview.milestonesDue(measures: project.measures, controlling: c, today: $0, days: 14) } ?? []
        lines.append([.init(text: "Fällig in den nächsten 14 Tagen: \(due.count)", role: .title)])
        lines += due.map { item($0, "  ", .body) }
        let rows = MeasureOverview.rows(measures: project.measures, controlling: c, staffing: project.staffing,
                                        stakeholders: project.stakeholders, today: state.day ?? LocalDate(year: 1900, month: 1, day: 1))
            .filter { $0.state.status != .planned && $0.state.status != .completed }
        if !rows.isEmpty {
            lines.append([])
            lines.append([.init(text: "In Arbeit", role: .title)])
            for r in rows {
                let since = r.state.since.map { " seit \($0.german)" } ?? ""
                lines.append([.init(text: TextLayout.pad(r.measure.reference, 7), role: .title),
                              .init(text: r.state.status.title + since, role: .body),
                              .init(text: r.responsible.map { " · " + $0 } ?? " · niemand verantwortlich", role: .dim)])
            }
        }
        return lines
    }
}

extension ReviewSession {
    /// The slide "Mittelabruf und Fristen": the Mittelabruf pane's summary (gauge, callable per
    /// phase, next drawdown, deadlines), then the drawdowns requested or received this week.
    static func fundingLines(_ state: AppState, width: Int) -> [[OverviewView.Span]] {
        var lines = DrawdownsDraw.summaryLines(state, width: width, editable: false)
        let status = state.models.funding
        let week = LocalDate(status.asOf).week
        let drawdowns = Funding.drawdowns(state.project.drawdowns.drawdowns, from: week.lowerBound.startOfDay,
                                          through: week.upperBound.startOfDay)
        lines.append([.init(text: "Mittelabrufe der Woche \(week.lowerBound.german) – \(week.upperBound.german): \(drawdowns.count)",
                            role: .title)])
        for d in drawdowns {
            lines.append([.init(text: d.requestedOn.germanDate + "  ", role: .title),
                          .init(text: "\(d.phase.title) \(d.amount.formatted) €", role: .body),
                          .init(text: d.receivedOn.map { " · eingegangen \($0.germanDate)" } ?? " · noch nicht eingegangen", role: .dim)])
        }
        return lines
    }
}

extension Project {
    /// Dated events from the start of `today`, up to `days` days ahead (nil: all), in display
    /// order; without a today, all events.
    public func upcomingEvents(from today: LocalDateTime?, days: Int?) -> [Event] {
        guard let today else { return events.inDisplayOrder }
        let start = LocalDateTime(year: today.year, month: today.month, day: today.day)
        let end = days.map { start.adding(days: $0) }
        return events.filter { e in e.end >= start && (end.map { e.start < $0 } ?? true) }.inDisplayOrder
    }
}

extension AppState {
    public func upcomingEvents(days: Int?) -> [Event] { project.upcomingEvents(from: today, days: days) }
}
