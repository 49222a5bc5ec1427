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
        // A status message of two or three lines takes rows from the pane instead of covering
        // them: the frozen sum row stays visible after a save.
        let body = Rect(x: 0, y: 1, width: state.width, height: state.bodyHeight - statusOverflow(state))
        Panes.spec(state.pane).draw(state, body, &buffer)
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
        // The widest layout that fits: full titles with the project name, then without it, then
        // full titles without padding (eleven tabs at 130 columns),
        // then short titles (at 120), then without padding (at 80), then only the digits beside the active
        // tab's title – every tab always stays visible (the render test checks it).
        typealias Layout = (short: Bool, pad: Bool, gap: Int, name: Bool, digits: Bool)
        let layouts: [Layout] = [
            (false, true, 1, true, false), (false, true, 1, false, false), (false, false, 1, false, false),
            (true, true, 1, false, false),
            (true, false, 1, false, false), (true, false, 0, false, false), (true, false, 1, false, true),
        ]
        func label(_ pane: PaneID, _ layout: Layout) -> String {
            if layout.digits && pane != state.pane { return "\(pane.rawValue)" }
            let text = "\(pane.rawValue) \(layout.short ? pane.shortTitle : pane.title)"
            return layout.pad ? " \(text) " : text
        }
        func width(_ layout: Layout) -> Int {
            Panes.all.reduce(0) { $0 + Terminal.width(label($1.id, layout)) + layout.gap } - layout.gap
                + (layout.name ? Terminal.width(name) + 1 : 0) + (state.readOnly ? 11 : 0)
        }
        let layout = layouts.first { width($0) <= state.width } ?? layouts[layouts.count - 1]
        var x = 0
        if layout.name { x += buffer.put(name, x: 0, y: 0, style: theme.style(.header)) + 1 }
        for pane in Panes.all.map(\.id) {
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
                drawWrapped(state, error, style: theme.style(.error), into: &buffer)
            } else {
                buffer.put(TextLayout.clip("\(editor.code) \(year) bearbeiten: Betrag in Euro, z. B. 26.000 oder 1.234,56", state.width),
                           x: 0, y: y, style: theme.style(.status))
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
            // The footer holds the main keys; the status line the others of the same table.
            let text = form.message ?? state.keyTable.otherHints(state).joined(separator: " · ")
            drawWrapped(state, text, style: theme.style(form.message == nil ? .status : .error), into: &buffer)
            return
        }
        if case .filtering = state.mode {
            let prompt = "Filter: "
            let x = buffer.put(prompt, x: 0, y: y, style: theme.style(.title))
            let w = buffer.put(state.currentFilter, x: x, y: y, style: theme.style(.match))
            buffer.put("▏", x: x + w, y: y, style: theme.style(.title))
            buffer.put("  " + state.keyTable.footer(state).joined(separator: " · "), x: x + w + 1, y: y, style: theme.style(.dim))
            return
        }
        var text = state.status ?? ""
        var role = Role.status
        // A finding's message on the cursor cell stays on one line so it never covers the cursor
        // row; the Prüfung pane shows it whole.
        var oneLine = false
        if text.isEmpty, state.pane.isGrid, let code = state.gridCursorCode(state.pane),
           let message = state.cellMessage(code: code, column: state.grids[state.pane]!.column) {
            text = message
            oneLine = true
            role = state.models.findings(at: CellKey(code: code, column: state.grids[state.pane]!.column))?.first?.severity == .error ? .error : .warning
        }
        if text.isEmpty, state.pane.isGrid, let code = state.gridCursorCode(state.pane), let line = state.project.plan[code],
           !GridView.labelFits(state, pane: state.pane, code: code) {
            // The label column is narrow; the status line carries the full name of the row (the
            // code is already highlighted in the row header, and plain text keeps a move cheap).
            text = line.label
            oneLine = true
            role = .body
        }
        if text.isEmpty, !state.currentFilter.isEmpty {
            text = "Filter \"\(state.currentFilter)\" aktiv – Esc hebt ihn auf"
        }
        if oneLine {
            buffer.put(TextLayout.clip(text, state.width), x: 0, y: y, style: theme.style(role))
        } else {
            drawWrapped(state, text, style: theme.style(role), into: &buffer)
        }
    }

    /// Most lines a status message takes (the pane above it is that much lower until the next
    /// key): a message is never cut at the right edge.
    static let statusLines = 3

    /// Lines the status message of normal mode takes above the status line (0 for one line).
    static func statusOverflow(_ state: AppState) -> Int {
        guard case .normal = state.mode, state.review == nil, let text = state.status, !text.isEmpty else { return 0 }
        return min(statusLines, TextLayout.wrap(text, state.width).count) - 1
    }

    /// The status text word-wrapped, ending on the status line and growing upwards.
    static func drawWrapped(_ state: AppState, _ text: String, style: Style, into buffer: inout Buffer) {
        let y = state.height - 2
        var lines = TextLayout.wrap(text, state.width)
        if lines.count > statusLines {
            lines = Array(lines.prefix(statusLines - 1)) + [TextLayout.clip(lines.dropFirst(statusLines - 1).joined(separator: " "), state.width)]
        }
        let top = y - lines.count + 1
        if lines.count > 1 { buffer.fill(Rect(x: 0, y: top, width: state.width, height: lines.count - 1), style: style) }
        for (i, line) in lines.enumerated() { buffer.put(line, x: 0, y: top + i, style: style) }
    }

    static func drawFooter(_ state: AppState, into buffer: inout Buffer) {
        let y = state.height - 1
        let theme = state.theme
        buffer.fill(Rect(x: 0, y: y, width: state.width, height: 1), style: theme.style(.footer))
        var x = 1
        // The mode's own table: the footer can only name keys the mode binds.
        let hints = state.keyTable.footer(state)
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

/// A thin scroll bar on the right edge when content is taller than its area.
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
