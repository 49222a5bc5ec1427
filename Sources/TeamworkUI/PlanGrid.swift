import TeamworkCore

/// The plan tables (Kosten, Finanzierung): visible rows with folding and filter, the cursor,
/// explanations of computed cells.
extension AppState {
    // MARK: Plan tables

    /// Codes shown in the scrolling part of a plan table: folded groups hide their children;
    /// a filter keeps matching rows and their parents (for context).
    public func visibleGridRows(_ pane: PaneID) -> [String] {
        let model = models.grid(pane)
        let state = grids[pane]!
        if !state.filter.isEmpty {
            var keep = Set<String>()
            for code in model.codes where gridRowMatches(pane, code) {
                keep.insert(code)
                var p = model.parent[code]
                while let c = p { keep.insert(c); p = model.parent[c] }
            }
            return model.codes.filter { keep.contains($0) }
        }
        return model.codes.filter { code in
            var p = model.parent[code]
            while let c = p {
                if state.folded.contains(c) { return false }
                p = model.parent[c]
            }
            return true
        }
    }

    public func gridRowMatches(_ pane: PaneID, _ code: String) -> Bool {
        let filter = grids[pane]!.filter
        guard !filter.isEmpty, let line = project.plan[code] else { return filter.isEmpty }
        return TextLayout.matches(code + " " + line.label, filter)
    }

    /// Rows of the plan table body: header on top, optional frozen sum row at the bottom.
    func gridViewport(_ pane: PaneID) -> Int {
        max(1, bodyHeight - 1 - (models.grid(pane).frozenBottom == nil ? 0 : 1) - (pane == .financing ? 3 : 0))
    }

    /// The code under the grid cursor (the frozen sum row sits one past the scrolling rows).
    public func gridCursorCode(_ pane: PaneID) -> String? {
        let rows = visibleGridRows(pane)
        let row = grids[pane]!.row
        if rows.indices.contains(row) { return rows[row] }
        return models.grid(pane).frozenBottom
    }

    mutating func moveGrid(_ action: Action) {
        var g = grids[pane]!
        let rows = visibleGridRows(pane)
        let hasFrozen = models.grid(pane).frozenBottom != nil
        if g.move(action, lastRow: rows.count - (hasFrozen ? 0 : 1), columns: project.plan.years.count + 1,
                  page: max(1, gridViewport(pane) - 1)) {
            grids[pane] = g
            ensureGridVisible(pane)
            if let code = gridCursorCode(pane) { status = cellMessage(code: code, column: grids[pane]!.column) }
            return
        }
        switch action {
        case .toggleFold, .open:
            if let code = gridCursorCode(pane), project.plan[code]?.kind == .group, Panes.spec(pane).folds, g.filter.isEmpty {
                if g.folded.contains(code) { g.folded.remove(code) } else { g.folded.insert(code) }
            } else if action == .open, let code = gridCursorCode(pane) {
                grids[pane] = g
                if project.plan[code]?.kind == .item && !readOnly && planView == .current && g.column < project.plan.years.count {
                    beginCellEdit()
                } else {
                    status = explainCell(code: code, column: g.column)
                }
                return
            }
        case .foldAll:
            g.folded = Set(models.grid(pane).codes.filter { project.plan[$0]?.kind == .group })
            if let code = gridCursorCode(pane), let parent = models.grid(pane).parent[code] {
                grids[pane] = g
                grids[pane]!.row = visibleGridRows(pane).firstIndex(of: parent) ?? 0
                ensureGridVisible(pane)
                return
            }
        case .unfoldAll:
            let code = gridCursorCode(pane)
            g.folded = []
            grids[pane] = g
            if let code { grids[pane]!.row = visibleGridRows(pane).firstIndex(of: code) ?? grids[pane]!.row }
            ensureGridVisible(pane)
            return
        case .nextMatch, .previousMatch:
            let matches = rows.indices.filter { gridRowMatches(pane, rows[$0]) && !g.filter.isEmpty }
            if matches.isEmpty {
                status = g.filter.isEmpty ? "Kein Filter gesetzt – / beginnt einen." : "Keine Treffer für \"\(g.filter)\""
            } else if action == .nextMatch {
                g.row = matches.first { $0 > g.row } ?? matches[0]
            } else {
                g.row = matches.last { $0 < g.row } ?? matches[matches.count - 1]
            }
        default: break
        }
        grids[pane] = g
        ensureGridVisible(pane)
        if let code = gridCursorCode(pane) { status = status ?? cellMessage(code: code, column: grids[pane]!.column) }
    }

    mutating func ensureGridVisible(_ pane: PaneID) {
        var g = grids[pane]!
        let rows = visibleGridRows(pane)
        let viewport = gridViewport(pane)
        g.row = max(0, min(g.row, rows.count - (models.grid(pane).frozenBottom == nil ? 1 : 0)))
        if g.row < rows.count {
            if g.row < g.scroll { g.scroll = g.row }
            if g.row >= g.scroll + viewport { g.scroll = g.row - viewport + 1 }
        } else {
            // On the frozen sum row: show the last rows above it, none skipped unseen.
            g.scroll = rows.count - viewport
        }
        g.scroll = max(0, min(g.scroll, max(0, rows.count - viewport)))
        let visibleColumns = GridLayout(width: width, columns: project.plan.years.count + 1).visibleColumns
        if g.column < g.columnScroll { g.columnScroll = g.column }
        if g.column >= g.columnScroll + visibleColumns { g.columnScroll = g.column - visibleColumns + 1 }
        grids[pane] = g
    }

    /// The finding message for a cell, if it has one (shown in the status line).
    public func cellMessage(code: String, column: Int) -> String? {
        models.findings(at: CellKey(code: code, column: column))?.first?.message
    }

    func explainCell(code: String, column: Int) -> String {
        guard let line = project.plan[code] else { return "" }
        let plan = project.plan
        let columnName = column < plan.years.count ? String(plan.years[column]) : "Gesamt"
        let raw = column < plan.years.count ? line.values[column] : line.statedTotal
        let unit = line.kind == .share ? " %" : " €"
        var text = "\(code) \(columnName): \(Fixed2.format(raw))\(unit)"
        switch line.kind {
        case .group, .total: text += " = Summe aus " + line.parts.joined(separator: " + ")
        case .control: text += " = \(line.parts[0]) − \(line.parts[1]), muss 0 sein"
        case .share: text += " = \(line.parts[0]) / \(line.parts[1])"
        case .item: text += " – " + line.label
        }
        if let message = cellMessage(code: code, column: column) { text += " · " + message }
        return text
    }
}

extension GridState {
    /// The plan table's own cursor moves: rows up to `lastRow` (the frozen sum row sits one
    /// past the scrolling rows), `columns` year columns plus Gesamt, `page` rows per page.
    /// Returns false for actions that are not a plain move (folding, Enter, matches).
    mutating func move(_ action: Action, lastRow: Int, columns: Int, page: Int) -> Bool {
        switch action {
        case .up: row = max(0, row - 1)
        case .down: row = min(lastRow, row + 1)
        case .left: column = max(0, column - 1)
        case .right: column = min(columns - 1, column + 1)
        case .pageUp: row = max(0, row - page)
        case .pageDown: row = min(lastRow, row + page)
        case .top: row = 0
        case .bottom: row = lastRow
        case .lineStart: column = 0
        case .lineEnd: column = columns - 1
        default: return false
        }
        return true
    }
}

/// How many plan columns fit next to the frozen code/label column.
public struct GridLayout: Sendable {
    public static let valueWidth = 14
    public var labelWidth: Int
    public var visibleColumns: Int

    public init(width: Int, columns: Int) {
        // One column of margin on the left, one on the right for the scroll bar and the `>`
        // marker; the label column gets what the values leave, but never less than 22.
        let available = width - 2
        let maxValues = max(1, (available - 22) / (GridLayout.valueWidth + 1))
        visibleColumns = min(columns, maxValues)
        labelWidth = available - visibleColumns * (GridLayout.valueWidth + 1)
    }
}
