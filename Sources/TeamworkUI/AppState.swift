import TeamworkCore

/// Cursor and scroll of a list pane.
public struct ListState: Sendable, Equatable {
    public var cursor = 0
    public var scroll = 0
    public var filter = ""
    public var detailOpen = false
    public var detailScroll = 0
}

/// Cursor and scroll of a plan table.
public struct GridState: Sendable, Equatable {
    public var row = 0
    public var column = 0
    public var scroll = 0
    public var columnScroll = 0
    public var folded: Set<String> = []
    public var filter = ""
}

public indirect enum Mode: Sendable, Equatable {
    case normal
    /// Typing a filter; `previous` is restored on Esc.
    case filtering(previous: String)
    case help
    case editingCell(CellEditor)
    case form(FormState)
    case confirm(Confirmation)
    case conflict(ConflictChoice)
}

/// The whole state of the dashboard. `handle(_:)` is the only way it changes from a key;
/// rendering reads it and never mutates it, so every pane can be tested without a terminal.
public struct AppState: Sendable {
    public private(set) var project: Project
    public private(set) var findings: [Finding]
    public private(set) var models: Models
    public var pane: PaneID = .overview
    public var mode: Mode = .normal
    public var themes: [Theme]
    public var themeIndex = 0
    public var lists: [PaneID: ListState] = [:]
    public var grids: [PaneID: GridState] = [.costs: GridState(), .financing: GridState()]
    public var overviewScroll = 0
    /// A message for the status line, cleared by the next key.
    public var status: String?
    public var shouldQuit = false
    public var width: Int
    public var height: Int
    public let today: LocalDateTime?
    /// Opened with --read-only: edit keys are hidden and refused with a reason.
    public var readOnly = false
    public var undoStack: [UndoEntry] = []
    public var redoStack: [UndoEntry] = []
    /// Effects for the main loop to carry out (see `takeEffects`).
    public var pendingEffects: [Effect] = []
    var inFlight: InFlight?
    /// A form waiting behind a "discard changes?" question.
    var pendingForm: FormState?
    /// The approved plan to compare with (baseline "Antrag" unless another is chosen).
    public var baseline: Plan?
    public var baselineName = "Antrag"
    public var planView: PlanView = .current
    /// The audit trail as last loaded (pane Änderungen).
    public var changes: [ChangeRow] = [] {
        didSet { changesModel = Models.changeList(changes) }
    }
    public private(set) var changesModel = Models.changeList([])
    /// The projector presentation, when open.
    public var review: ReviewSession?
    /// When the last status review ended (ISO-8601), as the store knows it.
    public var lastReview: String?
    /// Where `x` writes its files (the main loop sets the working directory).
    public var exportDirectory = "."

    public init(project: Project, themes: [Theme] = [Theme.fallback], width: Int = 80, height: Int = 24,
                today: LocalDateTime? = nil) {
        self.project = project
        self.findings = Checks.run(project)
        self.today = today
        self.models = Models(project: project, findings: findings, today: today)
        self.themes = themes.isEmpty ? [Theme.fallback] : themes
        self.width = width
        self.height = height
        for pane in PaneID.allCases where pane.isList {
            lists[pane] = ListState()
            lists[pane]!.cursor = firstSelectable(in: pane)
        }
    }

    public var theme: Theme { themes[themeIndex % themes.count] }

    /// Replaces the project (after a reload) and recomputes findings and row models once.
    public mutating func replaceProject(_ project: Project) {
        self.project = project
        findings = Checks.run(project)
        models = Models(project: project, findings: findings, today: today)
        for pane in PaneID.allCases where pane.isList { clampList(pane) }
    }

    // MARK: Layout facts shared by update and render

    /// Rows between the header line and the two bottom lines (status, footer).
    public var bodyHeight: Int { max(0, height - 3) }
    /// Smallest terminal the dashboard lays out for; below it a message is shown instead.
    public static let minimumSize = (width: 60, height: 16)
    public var isTooSmall: Bool { width < AppState.minimumSize.width || height < AppState.minimumSize.height }

    // MARK: Keys

    public mutating func handle(_ key: Key) {
        if key == .resize { return }
        status = nil
        if let session = review {
            handleReview(key, session)
            return
        }
        switch mode {
        case .help:
            if key == .escape || key == .char("?") || key == .char("q") || key == .function(1) || key == .enter {
                mode = .normal
            } else if key == .ctrl("c") {
                shouldQuit = true
            }
            return
        case .filtering(let previous):
            handleFilterInput(key, previous: previous)
            return
        case .editingCell(let editor):
            handleCellEditor(key, editor)
            return
        case .form(let form):
            handleForm(key, form)
            return
        case .confirm(let confirmation):
            handleConfirm(key, confirmation)
            return
        case .conflict(let choice):
            handleConflict(key, choice)
            return
        case .normal:
            break
        }
        guard let action = KeyMap.action(for: key, on: pane, readOnly: readOnly) else {
            if KeyMap.action(for: key, on: pane, readOnly: false) != nil {
                status = AppState.readOnlyMessage
                return
            }
            if case .char(let c) = key { status = "Taste \"\(c)\" hat hier keine Funktion – ? zeigt alle Tasten." }
            return
        }
        perform(action)
    }

    mutating func perform(_ action: Action) {
        switch action {
        case .quit: shouldQuit = true
        case .help: mode = .help
        case .cycleTheme:
            themeIndex = (themeIndex + 1) % themes.count
            status = "Farbschema: \(theme.name)"
        case .pane(let target): switchPane(target)
        case .nextPane: switchPane(PaneID(rawValue: pane.rawValue % PaneID.allCases.count + 1)!)
        case .previousPane:
            let count = PaneID.allCases.count
            switchPane(PaneID(rawValue: (pane.rawValue + count - 2) % count + 1)!)
        case .edit:
            if pane.isGrid { beginCellEdit() } else { editSelected() }
        case .add: addRecord()
        case .delete: deleteSelected()
        case .undo: undo()
        case .redo: redo()
        case .toggleBaseline: cyclePlanView()
        case .review: startReview(standalone: false, lastReview: lastReview)
        case .export: pendingEffects.append(.exportPane)
        case .filter:
            mode = .filtering(previous: currentFilter)
        case .back:
            if pane.isList, lists[pane]!.detailOpen {
                lists[pane]!.detailOpen = false
            } else if !currentFilter.isEmpty {
                setFilter("")
                status = "Filter aufgehoben"
            }
        default:
            if pane == .overview { moveOverview(action) }
            else if pane.isGrid { moveGrid(action) }
            else { moveList(action) }
        }
    }

    mutating func switchPane(_ target: PaneID) {
        pane = target
        mode = .normal
        if target == .changes { pendingEffects.append(.loadChanges) }
    }

    // MARK: Filter

    public var currentFilter: String {
        if pane.isGrid { return grids[pane]!.filter }
        if pane.isList { return lists[pane]!.filter }
        return ""
    }

    mutating func setFilter(_ text: String) {
        if pane.isGrid {
            grids[pane]!.filter = text
            grids[pane]!.scroll = 0
            let rows = visibleGridRows(pane)
            let current = grids[pane]!.row
            if !rows.indices.contains(current) || !text.isEmpty {
                grids[pane]!.row = rows.firstIndex { gridRowMatches(pane, $0) } ?? 0
            }
        } else if pane.isList {
            lists[pane]!.filter = text
            lists[pane]!.scroll = 0
            lists[pane]!.cursor = firstSelectable(in: pane)
        }
    }

    mutating func handleFilterInput(_ key: Key, previous: String) {
        var text = currentFilter
        switch key {
        case .enter:
            mode = .normal
            if !text.isEmpty {
                let count = pane.isGrid ? visibleGridRows(pane).filter { gridRowMatches(pane, $0) }.count
                                        : visibleListRows(pane).filter { listModel(pane).rows[$0].selectable }.count
                status = "Filter \"\(text)\": \(count) Treffer – n/N springt, Esc hebt auf"
            }
            return
        case .escape:
            mode = .normal
            setFilter(previous)
            return
        case .backspace:
            if !text.isEmpty { text.removeLast() }
        case .ctrl("u"):
            text = ""
        case .ctrl("c"):
            shouldQuit = true
            return
        case .char(let c):
            text.append(c)
        case .up, .down, .pageUp, .pageDown:
            mode = .normal
            handle(key)
            return
        default:
            return
        }
        setFilter(text)
    }

    // MARK: Lists

    /// Indices into the list model's rows that pass the filter (group headings stay with their group).
    public func visibleListRows(_ pane: PaneID) -> [Int] {
        let model = listModel(pane)
        let filter = lists[pane]?.filter ?? ""
        guard !filter.isEmpty else { return Array(model.rows.indices) }
        var result: [Int] = []
        var pendingHeading: Int?
        for (index, row) in model.rows.enumerated() {
            if !row.selectable { pendingHeading = index; continue }
            if TextLayout.matches(row.searchText, filter) {
                if let h = pendingHeading { result.append(h); pendingHeading = nil }
                result.append(index)
            }
        }
        return result
    }

    func firstSelectable(in pane: PaneID) -> Int {
        let model = listModel(pane)
        let rows = visibleListRows(pane)
        return rows.firstIndex { model.rows[$0].selectable } ?? 0
    }

    /// Rows of the list body: the table header takes one row.
    var listViewport: Int { max(1, bodyHeight - 1) }

    mutating func clampList(_ pane: PaneID) {
        let count = visibleListRows(pane).count
        var s = lists[pane]!
        s.cursor = max(0, min(s.cursor, count - 1))
        s.scroll = max(0, min(s.scroll, max(0, count - listViewport)))
        lists[pane] = s
    }

    mutating func moveList(_ action: Action) {
        var s = lists[pane]!
        let model = listModel(pane)
        let rows = visibleListRows(pane)
        if s.detailOpen {
            let page = max(1, bodyHeight - 2)
            switch action {
            case .up: s.detailScroll = max(0, s.detailScroll - 1)
            case .down: s.detailScroll += 1
            case .pageUp: s.detailScroll = max(0, s.detailScroll - page)
            case .pageDown: s.detailScroll += page
            case .top: s.detailScroll = 0
            case .bottom: s.detailScroll = Int.max / 2
            case .open: s.detailOpen = false
            default: break
            }
            lists[pane] = s
            return
        }
        guard !rows.isEmpty else { return }
        func step(_ from: Int, _ delta: Int) -> Int {
            var i = from
            repeat { i += delta } while rows.indices.contains(i) && !model.rows[rows[i]].selectable
            return rows.indices.contains(i) ? i : from
        }
        func selectableNear(_ i: Int, preferDown: Bool) -> Int {
            let clamped = max(0, min(i, rows.count - 1))
            if model.rows[rows[clamped]].selectable { return clamped }
            let a = step(clamped, preferDown ? 1 : -1)
            return a != clamped ? a : step(clamped, preferDown ? -1 : 1)
        }
        let page = max(1, listViewport - 1)
        switch action {
        case .up: s.cursor = step(s.cursor, -1)
        case .down: s.cursor = step(s.cursor, 1)
        case .pageUp: s.cursor = selectableNear(s.cursor - page, preferDown: false)
        case .pageDown: s.cursor = selectableNear(s.cursor + page, preferDown: true)
        case .top: s.cursor = selectableNear(0, preferDown: true)
        case .bottom: s.cursor = selectableNear(rows.count - 1, preferDown: false)
        case .nextMatch, .previousMatch:
            let delta = action == .nextMatch ? 1 : -1
            let n = rows.count
            var i = s.cursor
            for _ in 0..<n {
                i = (i + delta + n) % n
                if model.rows[rows[i]].selectable { break }
            }
            s.cursor = i
        case .open:
            guard rows.indices.contains(s.cursor) else { break }
            if pane == .findings {
                lists[pane] = s
                if let target = model.rows[rows[s.cursor]].target { jump(to: target) }
                return
            }
            s.detailOpen = true
            s.detailScroll = 0
        default: break
        }
        if s.cursor < s.scroll { s.scroll = s.cursor }
        if s.cursor >= s.scroll + listViewport { s.scroll = s.cursor - listViewport + 1 }
        lists[pane] = s
    }

    mutating func jump(to target: JumpTarget) {
        switch target {
        case .planCell(let code, let column):
            let destination: PaneID = models.costs.codes.contains(code) || models.costs.frozenBottom == code ? .costs : .financing
            switchPane(destination)
            var g = grids[destination]!
            g.filter = ""
            if let parent = models.grid(destination).parent[code] { g.folded.remove(parent) }
            grids[destination] = g
            let rows = visibleGridRows(destination)
            grids[destination]!.row = rows.firstIndex(of: code) ?? rows.count  // frozen bottom = one past the end
            grids[destination]!.column = column
            ensureGridVisible(destination)
            status = cellMessage(code: code, column: column)
        case .staffing(let unit):
            switchPane(.staffing)
            select(in: .staffing) { $0.cells.first == unit }
        case .measure(let title):
            switchPane(.measures)
            select(in: .measures) { $0.cells.dropFirst().first == title }
        }
    }

    mutating func select(in pane: PaneID, where predicate: (ListRow) -> Bool) {
        lists[pane]!.filter = ""
        lists[pane]!.detailOpen = false
        let model = listModel(pane)
        if let index = model.rows.firstIndex(where: predicate) {
            lists[pane]!.cursor = index
            if index >= lists[pane]!.scroll + listViewport { lists[pane]!.scroll = index - listViewport + 1 }
            if index < lists[pane]!.scroll { lists[pane]!.scroll = index }
        }
    }

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
        let lastRow = rows.count - (hasFrozen ? 0 : 1)
        let columns = project.plan.years.count + 1
        let page = max(1, gridViewport(pane) - 1)
        switch action {
        case .up: g.row = max(0, g.row - 1)
        case .down: g.row = min(lastRow, g.row + 1)
        case .left: g.column = max(0, g.column - 1)
        case .right: g.column = min(columns - 1, g.column + 1)
        case .pageUp: g.row = max(0, g.row - page)
        case .pageDown: g.row = min(lastRow, g.row + page)
        case .top: g.row = 0
        case .bottom: g.row = lastRow
        case .lineStart: g.column = 0
        case .lineEnd: g.column = columns - 1
        case .toggleFold, .open:
            if let code = gridCursorCode(pane), project.plan[code]?.kind == .group, pane == .costs, g.filter.isEmpty {
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
            g.folded = Set(models.costs.codes.filter { project.plan[$0]?.kind == .group })
            if let code = gridCursorCode(pane), let parent = models.costs.parent[code] {
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
        models.cellFindings[CellKey(code: code, column: column)]?.first?.message
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

    // MARK: Overview

    mutating func moveOverview(_ action: Action) {
        let page = max(1, bodyHeight - 1)
        switch action {
        case .up: overviewScroll = max(0, overviewScroll - 1)
        case .down: overviewScroll += 1
        case .pageUp: overviewScroll = max(0, overviewScroll - page)
        case .pageDown: overviewScroll += page
        case .top: overviewScroll = 0
        case .bottom: overviewScroll = Int.max / 2
        default: break
        }
    }

    // MARK: Resize

    public mutating func resize(width: Int, height: Int) {
        self.width = width
        self.height = height
        for pane in PaneID.allCases where pane.isList { clampList(pane) }
        for pane in [PaneID.costs, .financing] { ensureGridVisible(pane) }
    }
}

extension AppState {
    /// The list a pane shows: from the project, or the audit trail for Änderungen.
    public func listModel(_ pane: PaneID) -> ListModel {
        pane == .changes ? changesModel : models.list(pane)
    }
}

extension Models {
    public func list(_ pane: PaneID) -> ListModel {
        switch pane {
        case .measures: measures
        case .staffing: staffing
        case .stakeholders: stakeholders
        case .events: events
        default: findings
        }
    }

    public func grid(_ pane: PaneID) -> GridModel { pane == .financing ? financing : costs }
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
