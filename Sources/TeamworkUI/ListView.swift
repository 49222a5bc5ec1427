import TeamworkCore

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
                DetailView.draw(state, lines: model.details[rows[listState.cursor]], scroll: listState.detailScroll,
                                selectedItem: listState.detailItem, in: area, into: &buffer)
                return
            }
        }
        let previewHeight = state.previewHeight(pane)
        let inner = Rect(x: area.x + 1, y: area.y, width: area.width - 2, height: area.height - previewHeight)
        if previewHeight > 0 {
            drawPreview(state, pane: pane, in: Rect(x: area.x, y: area.y + inner.height, width: area.width, height: previewHeight),
                        into: &buffer)
        }
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
        var scroll = max(0, min(listState.scroll, max(0, rows.count - viewport)))
        // A lower area than the one the cursor was scrolled for keeps the cursor row on screen.
        if listState.cursor >= scroll + viewport { scroll = listState.cursor - viewport + 1 }
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
            if row.spansColumns {
                let right = row.cells.count > 1 ? row.cells[1] : ""
                let rightWidth = min(Terminal.width(right), inner.width / 2)
                buffer.put(TextLayout.pad(row.cells[0], inner.width - rightWidth - 1), x: x, y: y, style: style)
                buffer.put(TextLayout.pad(right, rightWidth, right: true), x: inner.maxX - rightWidth, y: y, style: style)
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

extension ListView {
    /// The selected row's whole text under a rule, word-wrapped (no key needed to read it).
    static func drawPreview(_ state: AppState, pane: PaneID, in area: Rect, into buffer: inout Buffer) {
        let theme = state.theme
        buffer.put(String(repeating: "─", count: area.width), x: area.x, y: area.y, style: theme.style(.border))
        let model = state.listModel(pane)
        let rows = state.visibleListRows(pane)
        let cursor = state.lists[pane]?.cursor ?? 0
        guard rows.indices.contains(cursor), model.rows[rows[cursor]].selectable,
              let text = model.details[rows[cursor]].first?.text else { return }
        let row = model.rows[rows[cursor]]
        let role: Role = row.severity == .error ? .error : row.severity == .warning ? .warning : .body
        for (i, line) in TextLayout.wrap(text, area.width - 2).prefix(area.height - 1).enumerated() {
            buffer.put(line, x: area.x + 1, y: area.y + 1 + i, style: theme.style(role))
        }
    }
}

enum DetailView {
    static func draw(_ state: AppState, lines: [DetailLine], scroll: Int, selectedItem: Int = 0, in area: Rect,
                     into buffer: inout Buffer) {
        let theme = state.theme
        let labelWidth = min(22, max(12, area.width / 4))
        let textWidth = max(10, area.width - labelWidth - 4)
        var rendered: [(label: String, text: String, role: Role, selected: Bool)] = []
        var itemIndex = 0
        var selectedRow: Int?
        for line in lines {
            let selected = line.item != nil && itemIndex == selectedItem
            if line.item != nil { itemIndex += 1 }
            if selected { selectedRow = rendered.count }
            if let label = line.label {
                let wrapped = TextLayout.wrap(line.text, textWidth)
                for (i, piece) in wrapped.enumerated() {
                    rendered.append((i == 0 ? label : "", piece, line.role, selected))
                }
            } else {
                for piece in TextLayout.wrap(line.text, area.width - 2) { rendered.append(("", piece, line.role, selected)) }
                rendered.append(("", "", .body, false))
            }
        }
        let maxScroll = max(0, rendered.count - area.height)
        var offset = min(scroll, maxScroll)
        // The selected line stays on screen (↑↓ reset the scroll to follow it).
        if let row = selectedRow, row >= offset + area.height { offset = min(maxScroll, row - area.height + 1) }
        for (i, entry) in rendered.dropFirst(offset).prefix(area.height).enumerated() {
            let y = area.y + i
            if entry.label.isEmpty && entry.role == .title {
                buffer.put(entry.text, x: area.x + 1, y: y, style: theme.style(.title))
                continue
            }
            if entry.selected { buffer.fill(Rect(x: area.x, y: y, width: area.width - 1, height: 1), style: theme.style(.selection)) }
            buffer.put(entry.label, x: area.x + 1, y: y, style: theme.style(entry.selected ? .selection : .frozen), maxWidth: labelWidth)
            let x = entry.label.isEmpty && entry.text.isEmpty ? area.x + 1 : area.x + 2 + labelWidth
            buffer.put(entry.text, x: x, y: y, style: theme.style(entry.selected ? .selection : entry.role), maxWidth: textWidth)
        }
        ScrollBar.draw(theme, in: area, offset: offset, total: rendered.count, into: &buffer)
    }
}
