import TeamworkCore

// The Mittelabruf pane: above, what may be drawn now per phase with a gauge of the federal
// money drawn against the plan's Bundesmittel and the proof deadlines; below, the register of
// drawdowns and the funding terms. a adds a drawdown, e edits a drawdown or a term, d deletes a
// drawdown – through the same forms, requests, undo and conflict handling as every record.

extension PaneID {
    /// Tab 11 (no digit key; Tab reaches it).
    public static let drawdowns = PaneID(11, "drawdowns")
}

extension Panes {
    static let drawdowns: PaneSpec = {
        var spec = PaneSpec(.drawdowns, title: "Mittelabruf", shortTitle: "Abruf", shape: .list,
                            draw: { DrawdownsDraw.draw($0, in: $1, into: &$2) }, export: DrawdownsDraw.export)
        spec.open = ("Details öffnen", "Details")
        spec.edits = true; spec.deletes = true
        spec.addForm = { state in .drawdown(nil, phase: state.selectedDrawdown?.phase, today: state.today) }
        spec.summaryHeight = { DrawdownsDraw.summaryLines($0, width: $0.width - 2).count }
        spec.buildList = { project, _, today in Models.drawdownList(project, status: Models.fundingStatus(project, today: today)) }
        return spec
    }()
}

extension Models {
    /// What may be drawn as of `today` (without a clock: the end of the last plan year).
    static func fundingStatus(_ project: Project, today: LocalDateTime?) -> DrawdownStatus {
        let last = project.plan.years.last ?? 2028
        return Funding.status(project, asOf: today ?? LocalDate(year: last, month: 12, day: 31).startOfDay)
    }

    static func drawdownList(_ project: Project, status: DrawdownStatus) -> ListModel {
        let register = project.drawdowns.ordered
        let terms = project.terms
        var rows: [ListRow] = []
        var details: [[DetailLine]] = []
        for d in register {
            let overdrawn = status.position(d.phase).overdraw.cents > 0
            rows.append(ListRow(cells: [d.phase.title, d.requestedOn.germanDate, d.amount.formatted,
                                        d.receivedOn?.germanDate ?? "offen", d.arrived?.formatted ?? "",
                                        TerminalSafety.escaped(d.note)],
                                severity: overdrawn ? .error : nil, record: .drawdown(d.id)))
            let p = status.position(d.phase)
            var lines = [DetailLine(nil, "Mittelabruf \(d.summary)", role: .title),
                         DetailLine("Phase", d.phase.title),
                         DetailLine("Abruf am", d.requestedOn.germanDate),
                         DetailLine("Betrag", d.amount.formatted + " €"),
                         DetailLine("Eingang", d.receivedOn.map { "am \($0.germanDate): \((d.receivedAmount ?? d.amount).formatted) €" }
                             ?? "noch nicht eingegangen (e trägt Datum und Betrag ein)"),
                         DetailLine("Zählt als abgerufen", d.drawn.formatted + " €"),
                         DetailLine("Notiz", d.note.isEmpty ? "—" : TerminalSafety.escaped(d.note)),
                         DetailLine("\(d.phase.title)", "abgerufen \(p.drawn.formatted) € von höchstens \(p.ceiling.formatted) € "
                             + "(\(terms.federalQuota) des Ist, Höchstförderung, Bundesmittel lt. Plan); jetzt abrufbar \(p.callable.formatted) €")]
            if p.overdraw.cents > 0 {
                lines.append(DetailLine("Prüfung", "\(p.overdraw.formatted) € zu viel abgerufen – zurückzuzahlen und mit "
                    + "\(terms.overdrawInterestPoints.formatted) Prozentpunkten über dem Basiszinssatz zu verzinsen", role: .error))
            }
            details.append(lines)
        }
        if register.isEmpty {
            rows.append(ListRow(cells: ["Noch keine Mittelabrufe erfasst – a erfasst den ersten."], role: .dim, selectable: false))
        } else {
            let drawn = register.map(\.amount).sum(), received = register.compactMap(\.arrived).sum()
            rows.append(ListRow(cells: ["Summe", "", drawn.formatted, "", received.formatted, register.count == 1 ? "1 Abruf" : "\(register.count) Abrufe"],
                                role: .sumRow))
        }
        details.append([])
        rows.append(ListRow(cells: [""], selectable: false))
        details.append([])
        rows.append(ListRow(cells: ["Verwendungsnachweis (e trägt die Einreichung ein)"], role: .title, selectable: false))
        details.append([])
        for phase in FundingPhase.allCases {
            let deadline = status.deadlines.first { $0.phase == phase }
            let submitted = project.drawdowns.submission(phase)?.submittedOn
            let due = deadline.map { "fällig am \($0.due.germanDate)" } ?? "keine Frist (Zusage-Datum fehlt)"
            let severity: Severity? = switch deadline?.state {
            case .overdue?: .error
            case .dueSoon?: .warning
            default: nil
            }
            rows.append(ListRow(cells: ["\(phase.title): \(due)", submitted.map { "eingereicht am \($0.germanDate)" } ?? "nicht eingereicht"],
                                severity: severity, record: .proof(phase), spansColumns: true))
            details.append([DetailLine(nil, "Verwendungsnachweis \(phase.title)", role: .title),
                            DetailLine("Frist", deadline.map { "\($0.text); Zusage \($0.zusage.germanDate) + \($0.months) Monate" }
                                ?? "keine – das Zusage-Datum fehlt (unten bei den Förderbedingungen mit e eintragen)"),
                            DetailLine("Eingereicht", submitted.map { "am \($0.germanDate)" } ?? "nein (e trägt das Datum ein)"),
                            DetailLine("Kommandozeile", "teamwork proof export --phase \(phase.rawValue) --format md|csv|xlsx; "
                                + "teamwork proof submitted --phase \(phase.rawValue) --date TT.MM.JJJJ")])
        }
        rows.append(ListRow(cells: [""], selectable: false))
        details.append([])
        rows.append(ListRow(cells: ["Förderbedingungen (e ändert den Wert; teamwork terms zeigt sie auch)"], role: .title,
                            selectable: false))
        details.append([])
        for key in FundingTermKey.allCases {
            rows.append(ListRow(cells: [key.caption, TerminalSafety.escaped(key.display(terms))], record: .term(key),
                                spansColumns: true))
            var lines = [DetailLine(nil, key.caption, role: .title),
                         DetailLine("Wert", TerminalSafety.escaped(key.display(terms))),
                         DetailLine("Erwartet", key.accepted),
                         DetailLine("Kommandozeile", "teamwork terms set \(key.rawValue) WERT")]
            if let consequence = termConsequence(key, status: status, terms: terms, register: project.drawdowns) {
                lines.append(DetailLine("Daraus folgt", consequence))
            }
            details.append(lines)
        }
        // 76 columns at 80×24; extra room goes to the note.
        return ListModel(columns: [ListColumn("Phase", width: 15), ListColumn("Abruf am", width: 10),
                                   ListColumn("Betrag (€)", width: 14, alignRight: true), ListColumn("Eingang am", width: 10),
                                   ListColumn("Eingang (€)", width: 14, alignRight: true),
                                   ListColumn("Notiz", width: 8, flexible: true)],
                         rows: rows, details: details, emptyText: "")
    }

    /// What a term decides, for its detail view (deadlines, the next drawdown).
    static func termConsequence(_ key: FundingTermKey, status: DrawdownStatus, terms: FundingTerms,
                                register: DrawdownRegister) -> String? {
        func deadline(_ phase: FundingPhase) -> String {
            Funding.deadlineLines(terms: terms, register: register, today: status.asOf) { _ in "e trägt es ein" }
                .first { $0.phase == phase }!.text
        }
        switch key {
        case .zusage1, .proofMonths1: return deadline(.strategy)
        case .zusage2, .proofMonths2: return deadline(.implementation)
        case .drawdownIntervalMonths:
            return status.phases.map { "\($0.title): nächster Abruf " + $0.nextDrawdownText(intervalMonths: terms.drawdownIntervalMonths, today: status.asOf) }
                .joined(separator: " · ")
        case .quota, .maxGrant1, .maxGrant2:
            return "jetzt abrufbar: " + status.phases.map { "\($0.title) \($0.callable.formatted) €" }.joined(separator: ", ")
        default: return nil
        }
    }
}

extension AppState {
    /// The drawdown under the cursor of the Mittelabruf pane.
    var selectedDrawdown: Drawdown? {
        guard pane == .drawdowns, case .drawdown(let id)? = selectedRow()?.record else { return nil }
        return project.drawdowns.drawdowns.first { $0.id == id }
    }
}

enum DrawdownsDraw {
    typealias Span = OverviewView.Span

    static func draw(_ state: AppState, in area: Rect, into buffer: inout Buffer) {
        let list = state.lists[.drawdowns]!
        guard !list.detailOpen else {
            ListView.draw(state, pane: .drawdowns, in: area, into: &buffer)
            return
        }
        let summary = summaryLines(state, width: area.width - 2)
        for (i, spans) in summary.prefix(area.height).enumerated() {
            var x = area.x + 1
            for span in spans {
                x += buffer.put(span.text, x: x, y: area.y + i, style: state.theme.style(span.role), maxWidth: max(0, area.maxX - 1 - x))
            }
        }
        let top = min(area.height, summary.count)
        ListView.draw(state, pane: .drawdowns, in: Rect(x: area.x, y: area.y + top, width: area.width, height: area.height - top),
                      into: &buffer)
    }

    /// The summary above the register: gauge, callable per phase, proof deadlines. Fewer lines
    /// on a low terminal so the register keeps room. `editable`: the pane (hints name the keys),
    /// not the read-only review.
    static func summaryLines(_ state: AppState, width: Int, editable: Bool = true) -> [[Span]] {
        let status = state.models.funding
        let terms = state.project.terms
        let width = max(20, width)
        let roomy = state.bodyHeight >= 18
        var out: [[Span]] = []
        let granted = status.total.planFederal ?? status.total.maxGrant
        let drawn = status.total.drawn
        let share = Percent.share(drawn, of: granted).map { " (\($0))" } ?? ""
        // What does not fit is left out whole, never cut in the middle of a number.
        var title = [Span(text: "Bundesmittel abgerufen ", role: .title),
                     Span(text: "\(drawn.formatted) von \(granted.formatted) €", role: .body)]
        for optional in [Span(text: share, role: .body),
                         Span(text: " · eingegangen \(status.total.received.formatted) €", role: .dim)] {
            guard (title + [optional]).map({ Terminal.width($0.text) }).reduce(0, +) <= width else { break }
            title.append(optional)
        }
        out.append(title)
        if roomy {
            out.append(gauge(status, granted: granted, width: width))
            out.append([Span(text: "█ eingegangen  ▒ abgerufen, offen  ┃ abrufbar höchstens (\(terms.federalQuota) des Ist)",
                             role: .dim)])
        }
        // Columns by width: Ist from 94, Bundesanteil from 76, the next drawdown from 61 columns.
        enum Column { case actual, share, drawn, callable, next }
        let columns: [Column] = (width >= 94 ? [.actual] : []) + (width >= 76 ? [.share] : []) + [.drawn, .callable]
            + (width >= 61 ? [.next] : [])
        let labelWidth = 16
        func row(_ label: String, _ cells: [(Column, String)], role: Role, labelRole: Role) -> [Span] {
            [Span(text: TextLayout.pad(label, labelWidth), role: labelRole)] + cells.map { column, text in
                Span(text: " " + TextLayout.pad(text, 14, right: column != .next), role: role)
            }
        }
        let titles: [Column: String] = [.actual: "Ist", .share: "Bundesanteil", .drawn: "abgerufen", .callable: "jetzt abrufbar",
                                        .next: "nächster Abruf"]
        out.append(row("Stand \(status.asOf.germanDate)", columns.map { ($0, titles[$0]!) }, role: .dim, labelRole: .dim))
        for p in status.phases + [status.total] {
            func value(_ column: Column) -> String {
                switch column {
                case .actual: p.actual.formatted
                case .share: p.federalShare.formatted
                case .drawn: p.drawn.formatted
                case .callable: p.callable.formatted
                case .next: p.nextDrawdownShort(today: status.asOf)
                }
            }
            var spans = row(p.title, columns.map { ($0, value($0)) }, role: .body, labelRole: p.phase == nil ? .title : .body)
            let callable = 1 + columns.firstIndex(of: .callable)!
            spans[callable].role = p.overdraw.cents > 0 ? .error : p.callable.cents > 0 ? .ok : .body
            out.append(spans)
        }
        for phase in FundingPhase.allCases {
            let d = status.deadlines.first { $0.phase == phase }
            let role: Role = switch d?.state {
            case .overdue?: .error
            case .dueSoon?: .warning
            case .submitted?: .ok
            default: .body
            }
            out.append([Span(text: "Nachweis ", role: .title), Span(text: TextLayout.pad(phase.title, 16), role: .body),
                        Span(text: d?.text ?? "keine Frist: Zusage-Datum fehlt" + (editable ? " (unten, e)" : ""),
                             role: d == nil ? .dim : role)])
        }
        if roomy { out.append([]) }
        return out
    }

    /// █ received, ▒ requested and not yet received, ░ the rest of the plan's federal money;
    /// ┃ where quota × Ist (capped) ends: what lies between the drawn part and it may be drawn now.
    static func gauge(_ status: DrawdownStatus, granted: Money, width: Int) -> [Span] {
        guard granted.cents > 0 else { return [Span(text: "Keine Bundesmittel im Plan (3.1.3).", role: .dim)] }
        // Any amount above zero shows at least one cell: 100.000 € of 16 Mio. € is not nothing.
        func cells(_ m: Money) -> Int {
            guard m.cents > 0 else { return 0 }
            return Int(max(1, min(Int64(width), (Int64(width) * m.cents + granted.cents / 2) / granted.cents)))
        }
        let received = cells(status.total.received)
        let drawn = max(received, cells(status.total.drawn))
        let limit = min(width - 1, cells(status.total.ceiling))
        var spans: [Span] = []
        for i in 0..<width {
            let (text, role): (String, Role) = i == limit ? ("┃", status.total.overdraw.cents > 0 ? .error : .title)
                : i < received ? ("█", .gaugeFederal) : i < drawn ? ("▒", .gaugeFederal) : ("░", .gaugeOwn)
            if let last = spans.last, last.role == role { spans[spans.count - 1].text += text } else { spans.append(Span(text: text, role: role)) }
        }
        return spans
    }

    /// `x`: the register as CSV (the German Excel way), one row per drawdown and a sum row.
    static func export(_ state: AppState, _ now: UTCDateTime) -> PaneExport.File {
        let register = state.project.drawdowns.ordered
        let rows = [["Nr", "Phase", "Abruf am", "Betrag (€)", "Eingang am", "Eingang (€)", "Notiz"]]
            + register.map { d in
                ["\(d.id)", "\(d.phase.rawValue)", d.requestedOn.germanDate, d.amount.formatted,
                 d.receivedOn?.germanDate ?? "", d.arrived?.formatted ?? "", d.note]
            }
            + [["", "Summe", "", register.map(\.amount).sum().formatted, "", register.compactMap(\.arrived).sum().formatted, ""]]
        return PaneExport.File(name: PaneExport.named(state, "mittelabrufe", "csv"), contents: PaneExport.excelCSV(rows),
                               format: "Mittelabrufe (CSV)")
    }
}
