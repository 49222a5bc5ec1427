import TeamworkCore

enum GridView {
    /// Codes get the width of the longest one shown ("3.1-(1+2)" in Finanzierung).
    static func codeWidth(_ state: AppState, pane: PaneID, rows: [String]) -> Int {
        (rows + [state.models.grid(pane).frozenBottom].compactMap { $0 }).map { code in
            Terminal.width(code) + max(0, (state.project.plan[code]?.depth ?? 1) - 1)
        }.max() ?? 6
    }

    /// Whether the row's label shows whole in the label column (else the status line names it).
    static func labelFits(_ state: AppState, pane: PaneID, code: String) -> Bool {
        guard let line = state.project.plan[code] else { return true }
        let layout = GridLayout(width: state.width, columns: state.project.plan.years.count + 1)
        let used = 2 + codeWidth(state, pane: pane, rows: state.visibleGridRows(pane)) + Terminal.width(line.label)
        return used <= layout.labelWidth
    }

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

        let codeWidth = codeWidth(state, pane: pane, rows: rows)
        // Frozen header row, with < and > where year columns are hidden.
        buffer.fill(Rect(x: area.x, y: area.y, width: area.width, height: 1), style: theme.style(.frozen))
        var heading = " " + TextLayout.pad("Nr", codeWidth) + " " + (pane == .financing ? "Finanzierungsmittel" : "Kostenart")
        if pane == .actuals { heading += " [\(state.actualsView.title)]" }
        else if state.planView != .current { heading += " [\(state.planView == .baseline ? "Basis \(state.baselineName)" : "Δ \(state.baselineName)")]" }
        buffer.put(TextLayout.pad(heading, layout.labelWidth), x: area.x + 1, y: area.y, style: theme.style(.frozen))
        for (i, column) in shown.enumerated() {
            let x = valueX + i * (GridLayout.valueWidth + 1)
            let style = column == grid.column ? theme.style(.title) : theme.style(.frozen)
            buffer.put(TextLayout.pad(model.columnTitles[column], GridLayout.valueWidth, right: true), x: x + 1, y: area.y, style: style)
        }
        if firstColumn > 0 { buffer.put("<", x: valueX, y: area.y, style: theme.style(.warning)) }
        if (shown.last ?? columnCount) < columnCount - 1 { buffer.put(">", x: area.maxX - 1, y: area.y, style: theme.style(.warning)) }


        var scroll = max(0, min(grid.scroll, max(0, rows.count - viewport)))
        // The area can be lower than the one the cursor was scrolled for (a two-line message
        // below it): the cursor row stays on screen.
        if grid.row < rows.count, grid.row >= scroll + viewport { scroll = grid.row - viewport + 1 }
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
            if Panes.spec(pane).folds, line.kind == .group, grid.filter.isEmpty {
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
                if pane == .actuals {
                    drawActualsCell(code: code, column: column, selected: selected, y: y, index: i, rowStyle: rowStyle)
                    continue
                }
                let raw = state.shownValue(code: code, column: column) ?? 0
                var text = Fixed2.format(raw)
                if state.planView == .difference && raw > 0 { text = "+" + text }
                if line.kind == .share { text += " %" }
                var style = rowStyle
                if state.differsFromBaseline(code: code, column: column) {
                    style = theme.style(.status)
                    text = "•" + text
                }
                if state.planView == .current, let finding = state.models.findings(at: CellKey(code: code, column: column))?.first {
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

        /// A Soll/Ist cell: the chosen figure; Ist over Soll marked ▲ in the error style.
        func drawActualsCell(code: String, column: Int, selected: Bool, y: Int, index i: Int, rowStyle: Style) {
            let raw = state.actualsValue(code: code, column: column)
            var text = Fixed2.format(raw)
            if state.actualsView == .difference && raw > 0 { text = "+" + text }
            var style = rowStyle
            if state.actualsOverPlan(code: code, column: column) {
                style = theme.style(.error)
                text = "▲" + text
            }
            if selected && column == grid.column { style = theme.style(.cursorCell) }
            let x = area.x + 1 + layout.labelWidth + i * (GridLayout.valueWidth + 1)
            buffer.put(TextLayout.pad(text, GridLayout.valueWidth, right: true), x: x + 1, y: y, style: style)
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
