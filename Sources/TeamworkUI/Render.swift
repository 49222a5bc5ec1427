import TeamworkCore

/// Draws the state into a buffer. Pure: the same state always gives the same screen.
public enum Renderer {
    public static func render(_ state: AppState) -> Buffer {
        var buffer = Buffer(width: state.width, height: state.height)
        let theme = state.theme
        buffer.fill(buffer.area, style: theme.style(.body))
        if state.isTooSmall {
            drawTooSmall(state, into: &buffer)
            return buffer
        }
        if let session = state.review {
            ReviewView.draw(state, session: session, into: &buffer)
            return buffer
        }
        drawHeader(state, into: &buffer)
        let body = Rect(x: 0, y: 1, width: state.width, height: state.bodyHeight)
        switch state.pane {
        case .overview: OverviewView.draw(state, in: body, into: &buffer)
        case .costs, .financing: GridView.draw(state, pane: state.pane, in: body, into: &buffer)
        default: ListView.draw(state, pane: state.pane, in: body, into: &buffer)
        }
        if case .form(let form) = state.mode { FormView.draw(state, form: form, in: body, into: &buffer) }
        drawStatus(state, into: &buffer)
        drawFooter(state, into: &buffer)
        if state.mode == .help { HelpView.draw(state, into: &buffer) }
        if case .conflict(let choice) = state.mode { ConflictView.draw(state, choice: choice, into: &buffer) }
        return buffer
    }

    static func drawTooSmall(_ state: AppState, into buffer: inout Buffer) {
        let lines = TextLayout.wrap("Das Terminal ist zu klein (\(state.width)×\(state.height)). teamwork braucht mindestens \(AppState.minimumSize.width)×\(AppState.minimumSize.height) Zeichen. Bitte das Fenster vergrößern – q beendet.", max(1, state.width - 2))
        let top = max(0, (state.height - lines.count) / 2)
        for (i, line) in lines.enumerated() {
            buffer.put(line, x: max(0, (state.width - Terminal.width(line)) / 2), y: top + i, style: state.theme.style(.warning))
        }
    }

    static func drawHeader(_ state: AppState, into buffer: inout Buffer) {
        let theme = state.theme
        buffer.fill(Rect(x: 0, y: 0, width: state.width, height: 1), style: theme.style(.header))
        let name = " TEAMWORK "
        // The widest layout that fits: full titles with the project name, then without it,
        // then short titles, then without padding – all eight tabs always stay visible.
        let layouts: [(short: Bool, pad: Bool, gap: Int, name: Bool)] = [
            (false, true, 1, true), (false, true, 1, false), (true, true, 1, false), (true, false, 1, false), (true, false, 0, false),
        ]
        func label(_ pane: PaneID, _ layout: (short: Bool, pad: Bool, gap: Int, name: Bool)) -> String {
            let text = "\(pane.rawValue) \(layout.short ? pane.shortTitle : pane.title)"
            return layout.pad ? " \(text) " : text
        }
        func width(_ layout: (short: Bool, pad: Bool, gap: Int, name: Bool)) -> Int {
            PaneID.allCases.reduce(0) { $0 + Terminal.width(label($1, layout)) + layout.gap } - layout.gap
                + (layout.name ? Terminal.width(name) + 1 : 0) + (state.readOnly ? 11 : 0)
        }
        let layout = layouts.first { width($0) <= state.width } ?? layouts[layouts.count - 1]
        var x = 0
        if layout.name { x += buffer.put(name, x: 0, y: 0, style: theme.style(.header)) + 1 }
        for pane in PaneID.allCases {
            let style = pane == state.pane ? theme.style(.tabActive) : theme.style(.tab)
            x += buffer.put(label(pane, layout), x: x, y: 0, style: style)
            x += layout.gap
        }
        if state.readOnly, state.width - x >= 11 {
            buffer.put("Nur Lesen ", x: state.width - 10, y: 0, style: theme.style(.header))
        }
    }

    static func drawStatus(_ state: AppState, into buffer: inout Buffer) {
        let y = state.height - 2
        let theme = state.theme
        if case .editingCell(let editor) = state.mode {
            let year = state.project.plan.years[editor.yearIndex]
            if let error = editor.error {
                buffer.put(TextLayout.clip(error, state.width), x: 0, y: y, style: theme.style(.error))
            } else {
                buffer.put(TextLayout.clip("\(editor.code) \(year) bearbeiten: Enter speichert · Esc bricht ab · Strg-U leert · Rücktaste löscht", state.width), x: 0, y: y, style: theme.style(.status))
            }
            return
        }
        if case .conflict = state.mode {
            buffer.put(TextLayout.clip("Konflikt – t, m oder e wählen", state.width), x: 0, y: y, style: theme.style(.error))
            return
        }
        if case .confirm(let confirmation) = state.mode {
            buffer.fill(Rect(x: 0, y: y, width: state.width, height: 1), style: theme.style(.cursorCell))
            buffer.put(TextLayout.clip(confirmation.message, state.width), x: 0, y: y, style: theme.style(.cursorCell))
            return
        }
        if case .form(let form) = state.mode {
            let text = form.message ?? "Tab/↓ nächstes Feld · ↑ voriges · Strg-S oder Enter im letzten Feld speichert · Esc bricht ab"
            buffer.put(TextLayout.clip(text, state.width), x: 0, y: y, style: theme.style(form.message == nil ? .status : .error))
            return
        }
        if case .filtering = state.mode {
            let prompt = "Filter: "
            let x = buffer.put(prompt, x: 0, y: y, style: theme.style(.title))
            let w = buffer.put(state.currentFilter, x: x, y: y, style: theme.style(.match))
            buffer.put("▏", x: x + w, y: y, style: theme.style(.title))
            buffer.put("  Enter übernehmen · Esc verwerfen · Strg-U leeren", x: x + w + 1, y: y, style: theme.style(.dim))
            return
        }
        var text = state.status ?? ""
        var role = Role.status
        if text.isEmpty, state.pane.isGrid, let code = state.gridCursorCode(state.pane),
           let message = state.cellMessage(code: code, column: state.grids[state.pane]!.column) {
            text = message
            role = state.models.cellFindings[CellKey(code: code, column: state.grids[state.pane]!.column)]?.first?.severity == .error ? .error : .warning
        }
        if text.isEmpty, state.pane.isGrid, let code = state.gridCursorCode(state.pane), let line = state.project.plan[code] {
            // The label column is narrow; the status line carries the full name of the row (the
            // code is already highlighted in the row header, and plain text keeps a move cheap).
            text = line.label
            role = .body
        }
        if text.isEmpty, state.pane == .findings, let list = state.lists[.findings], !list.detailOpen {
            // The message column is clipped in the table; the status line has room for more.
            let rows = state.visibleListRows(.findings)
            if rows.indices.contains(list.cursor), let row = Optional(state.listModel(.findings).rows[rows[list.cursor]]),
               row.selectable, let severity = row.severity {
                text = row.cells.last ?? ""
                role = severity == .error ? .error : .warning
            }
        }
        if text.isEmpty, !state.currentFilter.isEmpty {
            text = "Filter \"\(state.currentFilter)\" aktiv – Esc hebt ihn auf"
        }
        buffer.put(TextLayout.clip(text, state.width), x: 0, y: y, style: theme.style(role))
    }

    static func drawFooter(_ state: AppState, into buffer: inout Buffer) {
        let y = state.height - 1
        let theme = state.theme
        buffer.fill(Rect(x: 0, y: y, width: state.width, height: 1), style: theme.style(.footer))
        var x = 1
        var hints = KeyMap.footer(for: state.pane, readOnly: state.readOnly)
        if state.pane.isList, state.lists[state.pane]?.detailOpen == true {
            hints = ["↑↓ Blättern", "Esc Zurück", "? Hilfe", "q Ende"]
        }
        switch state.mode {
        case .form: hints = ["Tab Nächstes Feld", "Umsch-Tab Voriges", "Strg-S Speichern", "Strg-U Feld leeren", "Esc Abbrechen"]
        case .editingCell: hints = ["Enter Speichern", "Esc Abbrechen", "Strg-U Leeren", "Rücktaste Löschen"]
        case .confirm: hints = ["j Ja", "n Nein"]
        case .conflict: hints = ["t Gespeichertes übernehmen", "m Meins speichern", "e Neu bearbeiten"]
        case .filtering: hints = ["Enter Übernehmen", "Esc Verwerfen", "Strg-U Leeren"]
        case .normal, .help: break
        }
        // Help and quit always show; the pane's own keys fill the room before them.
        let essentials = hints.filter { $0.hasPrefix("? ") || $0.hasPrefix("q ") }
        let others = hints.filter { !essentials.contains($0) }
        let reserved = essentials.reduce(0) { $0 + Terminal.width($1) + 2 }
        var shown: [String] = []
        var used = 1
        for hint in others where used + Terminal.width(hint) + 2 + reserved <= state.width {
            shown.append(hint)
            used += Terminal.width(hint) + 2
        }
        for hint in shown + essentials {
            let parts = hint.split(separator: " ", maxSplits: 1).map(String.init)
            if x + Terminal.width(hint) > state.width { break }
            x += buffer.put(parts[0], x: x, y: y, style: theme.style(.footerKey))
            if parts.count > 1 { x += buffer.put(" " + parts[1], x: x, y: y, style: theme.style(.footer)) }
            x += 2
        }
    }
}

// MARK: - Overview

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

        let errors = state.findings.filter { $0.severity == .error }.count
        let warnings = state.findings.count - errors
        out.append([Span(text: TextLayout.pad("Prüfung", 14), role: .title),
                    Span(text: "\(errors) Fehler", role: errors > 0 ? .error : .ok),
                    Span(text: " · ", role: .dim),
                    Span(text: "\(warnings) Warnungen", role: warnings > 0 ? .warning : .ok),
                    Span(text: "   (8 zeigt die Befunde)", role: .dim)])
        let upcoming = project.events.filter { e in state.today.map { e.end >= $0 } ?? true }.sorted { $0.start < $1.start }
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
        let done = project.measures.filter { $0.stage == .implemented }
        let planned = project.measures.filter { $0.stage != .implemented }
        let doneCost = done.compactMap(\.cost).sum(), plannedCost = planned.compactMap(\.cost).sum()
        out.append([Span(text: TextLayout.pad("Maßnahmen", 14), role: .title),
                    Span(text: "\(done.count) umgesetzt (\(doneCost.formatted) €), \(planned.count) geplant (\(plannedCost.formatted) €)", role: .body)])
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

enum ScrollBar {
    static func draw(_ theme: Theme, in area: Rect, offset: Int, total: Int, into buffer: inout Buffer) {
        guard total > area.height, area.height > 0 else { return }
        let x = area.maxX - 1
        let thumb = max(1, area.height * area.height / total)
        let top = (area.height - thumb) * offset / max(1, total - area.height)
        for i in 0..<area.height {
            buffer.put(i >= top && i < top + thumb ? "┃" : "│", x: x, y: area.y + i, style: theme.style(.border))
        }
    }
}

// MARK: - Lists with detail

enum ListView {
    static func columnWidths(_ columns: [ListColumn], width: Int) -> [Int] {
        let gaps = columns.count - 1
        var widths = columns.map(\.width)
        let fixed = widths.reduce(0, +) + gaps
        if let flex = columns.firstIndex(where: \.flexible) {
            widths[flex] = max(4, widths[flex] + width - fixed)
        }
        // Still too wide: shrink the widest non-numeric columns.
        while widths.reduce(0, +) + gaps > width, let i = widths.indices.filter({ !columns[$0].alignRight }).max(by: { widths[$0] < widths[$1] }), widths[i] > 4 {
            widths[i] -= 1
        }
        return widths
    }

    static func draw(_ state: AppState, pane: PaneID, in area: Rect, into buffer: inout Buffer) {
        let theme = state.theme
        let model = state.listModel(pane)
        let listState = state.lists[pane]!
        if listState.detailOpen {
            let rows = state.visibleListRows(pane)
            if rows.indices.contains(listState.cursor) {
                DetailView.draw(state, lines: model.details[rows[listState.cursor]], scroll: listState.detailScroll, in: area, into: &buffer)
                return
            }
        }
        let inner = Rect(x: area.x + 1, y: area.y, width: area.width - 2, height: area.height)
        let widths = columnWidths(model.columns, width: inner.width)
        var x = inner.x
        for (column, w) in zip(model.columns, widths) {
            buffer.put(TextLayout.pad(column.title, w, right: column.alignRight), x: x, y: inner.y, style: theme.style(.frozen))
            x += w + 1
        }
        let rows = state.visibleListRows(pane)
        let viewport = max(0, inner.height - 1)
        if rows.isEmpty {
            let text = listState.filter.isEmpty ? model.emptyText : "Keine Treffer für \"\(listState.filter)\" – Esc hebt den Filter auf."
            buffer.put(text, x: inner.x, y: inner.y + 2, style: theme.style(.dim), maxWidth: inner.width)
            return
        }
        let scroll = max(0, min(listState.scroll, max(0, rows.count - viewport)))
        for (i, rowIndex) in rows.dropFirst(scroll).prefix(viewport).enumerated() {
            let row = model.rows[rowIndex]
            let y = inner.y + 1 + i
            let selected = scroll + i == listState.cursor && row.selectable
            var style = theme.style(row.role)
            if let severity = row.severity, row.role == .body { style = theme.style(severity == .error ? .error : .warning) }
            if selected {
                style = theme.style(.selection)
                buffer.fill(Rect(x: area.x, y: y, width: area.width, height: 1), style: style)
            }
            var x = inner.x
            if !row.selectable {
                buffer.put(row.cells[0], x: x, y: y, style: style, maxWidth: inner.width)
                continue
            }
            for (c, (column, w)) in zip(model.columns, widths).enumerated() {
                let text = c < row.cells.count ? row.cells[c] : ""
                buffer.put(TextLayout.pad(text, w, right: column.alignRight), x: x, y: y, style: style)
                if !listState.filter.isEmpty, let m = TextLayout.matchColumns(TextLayout.pad(text, w, right: column.alignRight), listState.filter) {
                    let matched = String(TextLayout.pad(text, w, right: column.alignRight).dropFirst(m.start).prefix(listState.filter.count))
                    buffer.put(matched, x: x + m.start, y: y, style: theme.style(.match), maxWidth: w - m.start)
                }
                x += w + 1
            }
        }
        ScrollBar.draw(theme, in: Rect(x: area.x, y: area.y + 1, width: area.width, height: viewport), offset: scroll, total: rows.count, into: &buffer)
    }
}

enum DetailView {
    static func draw(_ state: AppState, lines: [DetailLine], scroll: Int, in area: Rect, into buffer: inout Buffer) {
        let theme = state.theme
        let labelWidth = min(22, max(12, area.width / 4))
        let textWidth = max(10, area.width - labelWidth - 4)
        var rendered: [(label: String, text: String, role: Role)] = []
        for line in lines {
            if let label = line.label {
                let wrapped = TextLayout.wrap(line.text, textWidth)
                for (i, piece) in wrapped.enumerated() {
                    rendered.append((i == 0 ? label : "", piece, line.role))
                }
            } else {
                for piece in TextLayout.wrap(line.text, area.width - 2) { rendered.append(("", piece, line.role)) }
                rendered.append(("", "", .body))
            }
        }
        let maxScroll = max(0, rendered.count - area.height)
        let offset = min(scroll, maxScroll)
        for (i, entry) in rendered.dropFirst(offset).prefix(area.height).enumerated() {
            let y = area.y + i
            if entry.label.isEmpty && entry.role == .title {
                buffer.put(entry.text, x: area.x + 1, y: y, style: theme.style(.title))
                continue
            }
            buffer.put(entry.label, x: area.x + 1, y: y, style: theme.style(.frozen), maxWidth: labelWidth)
            let x = entry.label.isEmpty && entry.text.isEmpty ? area.x + 1 : area.x + 2 + labelWidth
            buffer.put(entry.text, x: x, y: y, style: theme.style(entry.role), maxWidth: textWidth)
        }
        ScrollBar.draw(theme, in: area, offset: offset, total: rendered.count, into: &buffer)
    }
}

// MARK: - Plan tables

enum GridView {
    static func draw(_ state: AppState, pane: PaneID, in area: Rect, into buffer: inout Buffer) {
        let theme = state.theme
        let plan = state.project.plan
        let model = state.models.grid(pane)
        let grid = state.grids[pane]!
        let columnCount = plan.years.count + 1
        let layout = GridLayout(width: area.width, columns: columnCount)
        let firstColumn = max(0, min(grid.columnScroll, columnCount - layout.visibleColumns))
        let shown = Array(firstColumn..<min(columnCount, firstColumn + layout.visibleColumns))
        let valueX = area.x + 1 + layout.labelWidth
        let rows = state.visibleGridRows(pane)
        let gaugeHeight = pane == .financing ? 3 : 0
        let viewport = max(1, area.height - 1 - (model.frozenBottom == nil ? 0 : 1) - gaugeHeight)

        // Codes get the width of the longest one shown ("3.1-(1+2)" in Finanzierung).
        let codeWidth = (rows + [model.frozenBottom].compactMap { $0 }).map { code in
            Terminal.width(code) + max(0, (plan[code]?.depth ?? 1) - 1)
        }.max() ?? 6
        // Frozen header row, with < and > where year columns are hidden.
        buffer.fill(Rect(x: area.x, y: area.y, width: area.width, height: 1), style: theme.style(.frozen))
        var heading = " " + TextLayout.pad("Nr", codeWidth) + " " + (pane == .costs ? "Kostenart" : "Finanzierungsmittel")
        if state.planView != .current { heading += " [\(state.planView == .baseline ? "Basis \(state.baselineName)" : "Δ \(state.baselineName)")]" }
        buffer.put(TextLayout.pad(heading, layout.labelWidth), x: area.x + 1, y: area.y, style: theme.style(.frozen))
        for (i, column) in shown.enumerated() {
            let x = valueX + i * (GridLayout.valueWidth + 1)
            let style = column == grid.column ? theme.style(.title) : theme.style(.frozen)
            buffer.put(TextLayout.pad(model.columnTitles[column], GridLayout.valueWidth, right: true), x: x + 1, y: area.y, style: style)
        }
        if firstColumn > 0 { buffer.put("<", x: valueX, y: area.y, style: theme.style(.warning)) }
        if (shown.last ?? columnCount) < columnCount - 1 { buffer.put(">", x: area.maxX - 1, y: area.y, style: theme.style(.warning)) }


        let scroll = max(0, min(grid.scroll, max(0, rows.count - viewport)))
        for (i, code) in rows.dropFirst(scroll).prefix(viewport).enumerated() {
            drawRow(state, pane: pane, code: code, selected: scroll + i == grid.row, y: area.y + 1 + i,
                    area: area, layout: layout, columns: shown)
        }
        if rows.isEmpty {
            buffer.put("Keine Zeile passt zum Filter \"\(grid.filter)\" – Esc hebt ihn auf.", x: area.x + 1, y: area.y + 2, style: theme.style(.dim))
        }
        if let frozen = model.frozenBottom {
            drawRow(state, pane: pane, code: frozen, selected: grid.row >= rows.count, y: area.y + area.height - 1 - gaugeHeight,
                    area: area, layout: layout, columns: shown, frozen: true)
        }
        ScrollBar.draw(theme, in: Rect(x: area.x, y: area.y + 1, width: area.width, height: viewport), offset: scroll, total: rows.count, into: &buffer)
        if pane == .financing {
            drawGauge(state, column: grid.column, in: Rect(x: area.x, y: area.maxY - gaugeHeight, width: area.width, height: gaugeHeight), into: &buffer)
        }

        func drawRow(_ state: AppState, pane: PaneID, code: String, selected: Bool, y: Int, area: Rect,
                     layout: GridLayout, columns: [Int], frozen: Bool = false) {
            guard let line = plan[code] else { return }
            let baseRole: Role = frozen ? .sumRow : (line.kind == .item ? .body : .groupRow)
            // Only the row's code and the cursor cell are highlighted: the values stay readable
            // and a cursor move repaints two codes and two cells, not two whole rows.
            let rowStyle = theme.style(baseRole)
            let labelStyle = selected ? theme.style(.selection) : rowStyle
            if frozen { buffer.fill(Rect(x: area.x, y: y, width: area.width, height: 1), style: rowStyle) }
            let indent = String(repeating: " ", count: max(0, line.depth - 1))
            var marker = " "
            if pane == .costs, line.kind == .group, grid.filter.isEmpty {
                marker = grid.folded.contains(code) ? "▸" : "▾"
            }
            let codeText = TextLayout.pad(indent + code, codeWidth)
            let label = TextLayout.pad(marker + codeText + " " + line.label, layout.labelWidth)
            // The code is the row header: highlighted on the cursor row like a spreadsheet's.
            let headerWidth = min(layout.labelWidth, codeWidth + 1)
            buffer.put(String(label.prefix(headerWidth)), x: area.x + 1, y: y, style: labelStyle)
            buffer.put(String(label.dropFirst(headerWidth)), x: area.x + 1 + headerWidth, y: y, style: rowStyle)
            if !grid.filter.isEmpty, state.gridRowMatches(pane, code), let m = TextLayout.matchColumns(label, grid.filter) {
                buffer.put(String(label.dropFirst(m.start).prefix(grid.filter.count)), x: area.x + 1 + m.start, y: y, style: theme.style(.match))
            }
            for (i, column) in columns.enumerated() {
                let raw = state.shownValue(code: code, column: column) ?? 0
                var text = Fixed2.format(raw)
                if state.planView == .difference && raw > 0 { text = "+" + text }
                if line.kind == .share { text += " %" }
                var style = rowStyle
                if state.differsFromBaseline(code: code, column: column) {
                    style = theme.style(.status)
                    text = "•" + text
                }
                if state.planView == .current, let finding = state.models.cellFindings[CellKey(code: code, column: column)]?.first {
                    style = theme.style(finding.severity == .error ? .error : .warning)
                    text = (finding.severity == .error ? "✗" : "!") + text
                }
                if selected && column == grid.column { style = theme.style(.cursorCell) }
                let x = area.x + 1 + layout.labelWidth + i * (GridLayout.valueWidth + 1)
                if case .editingCell(let editor) = state.mode, editor.code == code, editor.yearIndex == column {
                    let shown = TextLayout.pad(editor.text + "▏", GridLayout.valueWidth, right: true)
                    buffer.put(shown, x: x + 1, y: y, style: theme.style(editor.error == nil ? .match : .error))
                    continue
                }
                buffer.put(TextLayout.pad(text, GridLayout.valueWidth, right: true), x: x + 1, y: y, style: style)
            }
        }
    }

    /// The 90/10 gauge of the year under the cursor (or the whole period on Gesamt).
    static func drawGauge(_ state: AppState, column: Int, in area: Rect, into buffer: inout Buffer) {
        let theme = state.theme
        let plan = state.project.plan
        let terms = state.project.terms
        func value(_ code: String) -> Int64 {
            guard let line = plan[code] else { return 0 }
            return column < plan.years.count ? line.values[column] : line.statedTotal
        }
        let total = value(KfW436.financingTotal)
        let federal = value(KfW436.federalFunds)
        let municipal = value(KfW436.ownFunds) + value(KfW436.thirdPartyFunds)
        let period = column < plan.years.count ? String(plan.years[column]) : "gesamt"
        guard total > 0 else {
            buffer.put("Anteile \(period): keine Finanzierung eingetragen", x: area.x + 1, y: area.y + 1, style: theme.style(.dim))
            return
        }
        let federalShare = Percent.share(Money(cents: federal), of: Money(cents: total))!
        let municipalShare = Percent.share(Money(cents: municipal), of: Money(cents: total))!
        let federalOK = federal * 10_000 <= total * terms.federalQuota.basisPoints
        let municipalOK = municipal * 10_000 >= total * terms.minMunicipalShare.basisPoints
        var x = area.x + 1
        x += buffer.put("Anteile \(period): ", x: x, y: area.y, style: theme.style(.title))
        x += buffer.put("Bund \(federalShare)", x: x, y: area.y, style: theme.style(federalOK ? .ok : .error))
        x += buffer.put(" (max. \(terms.federalQuota)) · ", x: x, y: area.y, style: theme.style(.dim))
        x += buffer.put("Kommune \(municipalShare)", x: x, y: area.y, style: theme.style(municipalOK ? .ok : .error))
        buffer.put(" (min. \(terms.minMunicipalShare))", x: x, y: area.y, style: theme.style(.dim), maxWidth: area.maxX - x)
        let width = area.width - 2
        guard width > 4 else { return }
        let federalCells = Int((Int64(width) * federal + total / 2) / total)
        let limit = Int((Int64(width) * terms.federalQuota.basisPoints + 5_000) / 10_000)
        let y = area.y + 1
        for i in 0..<width {
            let isFederal = i < federalCells
            buffer.put(isFederal ? "█" : "░", x: area.x + 1 + i, y: y, style: theme.style(isFederal ? .gaugeFederal : .gaugeOwn))
        }
        buffer.put("┃", x: area.x + 1 + min(width - 1, limit), y: y, style: theme.style(federalOK ? .title : .error))
        buffer.put("█ Bund  ░ Kommune (Eigenmittel + Dritte)  ┃ Förderquote \(terms.federalQuota)", x: area.x + 1, y: area.y + 2, style: theme.style(.dim), maxWidth: width)
    }
}

// MARK: - Help overlay

enum HelpView {
    static func draw(_ state: AppState, into buffer: inout Buffer) {
        let theme = state.theme
        // Grouped in the order groups first appear; each group once.
        let bindings = KeyMap.bindings(for: state.pane, readOnly: state.readOnly)
        var groups: [String] = []
        for binding in bindings where !groups.contains(binding.group) { groups.append(binding.group) }
        var entries: [(String, String, Bool)] = []  // (keys, description, isHeading)
        for group in groups {
            entries.append((group, "", true))
            for binding in bindings where binding.group == group { entries.append((binding.keyLabel, binding.description, false)) }
        }
        let keyWidth = min(12, entries.filter { !$0.2 }.map { Terminal.width($0.0) }.max() ?? 10)
        let descriptionWidth = entries.filter { !$0.2 }.map { Terminal.width($0.1) }.max() ?? 20
        let rowsAvailable = max(1, state.height - 4)
        var columns = 1
        while columns < 3 && (entries.count + columns - 1) / columns > rowsAvailable { columns += 1 }
        let perColumn = (entries.count + columns - 1) / columns
        let entryWidth = min(keyWidth + 2 + descriptionWidth, (state.width - 4) / columns - 2)
        let boxWidth = min(state.width, columns * entryWidth + (columns - 1) * 2 + 4)
        let boxHeight = min(state.height, perColumn + 3)
        let box = Rect(x: (state.width - boxWidth) / 2, y: (state.height - boxHeight) / 2, width: boxWidth, height: boxHeight)
        Frame.draw(box, title: " Tasten – \(state.pane.title) ", theme: theme, into: &buffer)
        let columnWidth = (box.width - 4 - (columns - 1) * 2) / columns
        for (i, entry) in entries.enumerated() {
            let column = i / perColumn, row = i % perColumn
            let x = box.x + 2 + column * (columnWidth + 2)
            let y = box.y + 1 + row
            guard y < box.maxY - 1 else { continue }
            if entry.2 {
                buffer.put(entry.0, x: x, y: y, style: theme.style(.overlayTitle), maxWidth: columnWidth)
            } else {
                buffer.put(TextLayout.pad(entry.0, keyWidth), x: x, y: y, style: theme.style(.overlayTitle), maxWidth: columnWidth)
                buffer.put(entry.1, x: x + keyWidth + 2, y: y, style: theme.style(.overlay), maxWidth: max(0, columnWidth - keyWidth - 2))
            }
        }
        buffer.put(" Esc oder ? schließt ", x: box.maxX - 23, y: box.maxY - 1, style: theme.style(.overlayTitle))
    }
}

enum Frame {
    static func draw(_ rect: Rect, title: String, theme: Theme, into buffer: inout Buffer) {
        let style = theme.style(.overlay)
        buffer.fill(rect, style: style)
        guard rect.width >= 2, rect.height >= 2 else { return }
        let horizontal = String(repeating: "─", count: rect.width - 2)
        buffer.put("┌" + horizontal + "┐", x: rect.x, y: rect.y, style: style)
        buffer.put("└" + horizontal + "┘", x: rect.x, y: rect.maxY - 1, style: style)
        for y in rect.y + 1..<rect.maxY - 1 {
            buffer.put("│", x: rect.x, y: y, style: style)
            buffer.put("│", x: rect.maxX - 1, y: y, style: style)
        }
        buffer.put(title, x: rect.x + 2, y: rect.y, style: theme.style(.overlayTitle), maxWidth: rect.width - 4)
    }
}

// MARK: - Record forms

enum FormView {
    static func draw(_ state: AppState, form: FormState, in area: Rect, into buffer: inout Buffer) {
        let theme = state.theme
        buffer.fill(area, style: theme.style(.body))
        buffer.put(form.title, x: area.x + 1, y: area.y, style: theme.style(.title), maxWidth: area.width - 2)
        let labelWidth = min(22, max(12, form.fields.map { Terminal.width($0.label) }.max() ?? 12))
        let valueX = area.x + 2 + labelWidth + 1
        let valueWidth = max(8, area.maxX - valueX - 1)
        var y = area.y + 2
        // Keep the focused field on screen when the form is taller than the body.
        let rowsNeeded = form.fields.map { $0.error == nil ? 1 : 2 }
        var first = 0
        while first < form.focus && rowsNeeded[first...form.focus].reduce(0, +) > area.height - 2 { first += 1 }
        for (index, field) in form.fields.enumerated().dropFirst(first) {
            guard y < area.maxY else { break }
            let focused = index == form.focus
            buffer.put(TextLayout.pad(field.label, labelWidth, right: true), x: area.x + 1, y: y,
                       style: theme.style(field.error != nil ? .error : .frozen))
            var value = field.value
            // Show the end of long values, where the typing happens.
            let room = valueWidth - 1
            while Terminal.width(value) > room { value.removeFirst() }
            let style = focused ? theme.style(.selection) : theme.style(.body)
            if focused { buffer.fill(Rect(x: valueX - 1, y: y, width: valueWidth + 1, height: 1), style: style) }
            let written = buffer.put(value, x: valueX, y: y, style: style)
            if focused { buffer.put("▏", x: valueX + written, y: y, style: style) }
            y += 1
            if let error = field.error, y < area.maxY {
                buffer.put("↳ " + error, x: valueX, y: y, style: theme.style(.error), maxWidth: valueWidth)
                y += 1
            }
        }
    }
}

enum ConflictView {
    static func draw(_ state: AppState, choice: ConflictChoice, into buffer: inout Buffer) {
        let theme = state.theme
        let width = min(state.width - 4, 70)
        var lines = TextLayout.wrap(choice.message, width - 4)
        lines.append("")
        lines.append("t  gespeicherten Wert übernehmen (meinen verwerfen)")
        if choice.retry != nil { lines.append("m  meinen Wert darüber speichern") }
        lines.append("e  neu bearbeiten")
        let height = min(state.height - 2, lines.count + 4)
        let box = Rect(x: (state.width - width) / 2, y: (state.height - height) / 2, width: width, height: height)
        Frame.draw(box, title: " Gleichzeitig geändert ", theme: theme, into: &buffer)
        for (i, line) in lines.prefix(height - 4).enumerated() {
            buffer.put(line, x: box.x + 2, y: box.y + 2 + i, style: theme.style(i < lines.count - 4 ? .overlay : .overlayTitle), maxWidth: width - 4)
        }
    }
}
