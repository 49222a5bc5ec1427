import TeamworkCore

enum HelpView {
    static func draw(_ state: AppState, into buffer: inout Buffer) {
        let theme = state.theme
        // Grouped in the order groups first appear; each group once.
        // The pane's table (the one the help was opened from), as it works now.
        let bindings = KeyMap.normal.help(state)
        var groups: [String] = []
        for binding in bindings where !groups.contains(binding.group) { groups.append(binding.group) }
        var entries: [(String, String, Bool)] = []  // (keys, description, isHeading)
        for group in groups {
            entries.append((group, "", true))
            for binding in bindings where binding.group == group { entries.append((binding.keys, binding.description, false)) }
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
    /// At most this many lines for the focused field: long answers (Maßnahmen) wrap so the
    /// whole text can be read while typing; other fields keep one line.
    static let focusedLines = 6

    static func draw(_ state: AppState, form: FormState, in area: Rect, into buffer: inout Buffer) {
        let theme = state.theme
        buffer.fill(area, style: theme.style(.body))
        buffer.put(form.title, x: area.x + 1, y: area.y, style: theme.style(.title), maxWidth: area.width - 2)
        let labelWidth = min(22, max(12, form.fields.map { Terminal.width($0.label) }.max() ?? 12))
        let valueX = area.x + 2 + labelWidth + 1
        let valueWidth = max(8, area.maxX - valueX - 1)
        // The focused value wrapped, its last line ending in the cursor; the rest show one line.
        let focusedText = TextLayout.wrap(form.fields[form.focus].withCursor, valueWidth)
        // The window of lines that holds the cursor.
        let cursorLine = focusedText.lastIndex { $0.contains("▏") } ?? max(0, focusedText.count - 1)
        let firstShown = max(0, min(cursorLine - focusedLines + 1, focusedText.count - focusedLines))
        let focusedShown = Array(focusedText[firstShown..<min(focusedText.count, firstShown + focusedLines)])
        func height(_ index: Int) -> Int {
            (index == form.focus ? focusedShown.count : 1)
                + (form.fields[index].error.map { min(3, TextLayout.wrap("↳ " + $0, valueWidth).count) } ?? 0)
        }
        // Keep the focused field on screen when the form is taller than the body.
        var first = 0
        while first < form.focus && (first...form.focus).map(height).reduce(0, +) > area.height - 2 { first += 1 }
        var y = area.y + 2
        for (index, field) in form.fields.enumerated().dropFirst(first) {
            guard y < area.maxY else { break }
            let focused = index == form.focus
            buffer.put(TextLayout.pad(field.label, labelWidth, right: true), x: area.x + 1, y: y,
                       style: theme.style(field.error != nil ? .error : .frozen))
            if focused {
                let style = theme.style(.selection)
                for line in focusedShown where y < area.maxY {
                    buffer.fill(Rect(x: valueX - 1, y: y, width: valueWidth + 1, height: 1), style: style)
                    buffer.put(line, x: valueX, y: y, style: style)
                    y += 1
                }
            } else {
                buffer.put(TextLayout.clip(field.value, valueWidth), x: valueX, y: y, style: theme.style(.body))
                y += 1
            }
            if let error = field.error, y < area.maxY {
                for line in TextLayout.wrap("↳ " + error, valueWidth).prefix(3) where y < area.maxY {
                    buffer.put(line, x: valueX, y: y, style: theme.style(.error), maxWidth: valueWidth)
                    y += 1
                }
            }
        }
        if let hint = form.hint {
            y += 1
            for line in TextLayout.wrap(hint, area.width - 2) where y < area.maxY {
                buffer.put(line, x: area.x + 1, y: y, style: theme.style(.dim), maxWidth: area.width - 2)
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
        let choices = KeyMap.conflict.enabled(state)
        for binding in choices { lines.append("\(binding.keys[0].label)  \(binding.description)") }
        let height = min(state.height - 2, lines.count + 4)
        let box = Rect(x: (state.width - width) / 2, y: (state.height - height) / 2, width: width, height: height)
        Frame.draw(box, title: " Gleichzeitig geändert ", theme: theme, into: &buffer)
        for (i, line) in lines.prefix(height - 4).enumerated() {
            buffer.put(line, x: box.x + 2, y: box.y + 2 + i, style: theme.style(i < lines.count - choices.count ? .overlay : .overlayTitle), maxWidth: width - 4)
        }
    }
}
