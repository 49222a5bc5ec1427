import TeamworkCore

/// Cursor and scroll of a list pane.
public struct ListState: Sendable, Equatable {
    public var cursor = 0
    public var scroll = 0
    public var filter = ""
    public var detailOpen = false
    public var detailScroll = 0
    /// The selected line among the detail's selectable lines (`DetailLine.item`).
    public var detailItem = 0
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

/// The cached matches of a list's filter: valid while the filter and the row count are these
/// (the cache is dropped whenever the rows are rebuilt).
struct FilteredRows: Sendable {
    var filter: String
    var rowCount: Int
    var rows: [Int]
}

/// The whole state of the dashboard. `update(_:)` is the only way it changes (keys, resize,
/// ticks, results of effects); rendering reads it and never mutates it, so every pane can be
/// tested without a terminal. The concerns live in their own files: Navigation (lists, filter,
/// jumps), PlanGrid (plan tables), Editing (cell editor, undo, results), Forms, Review.
public struct AppState: Sendable {
    public private(set) var project: Project
    public private(set) var findings: [Finding]
    public private(set) var models: Models
    public var pane: PaneID = .overview {
        didSet { positionOnFirstVisit(pane) }
    }
    /// List panes whose cursor was placed: a list's first selectable row is known only once its
    /// rows are built (`LazyLists`), which waits for the first visit.
    var positioned = PaneSet()
    public var mode: Mode = .normal
    public var themes: [Theme]
    public var themeIndex = 0
    public var lists = PaneMap<ListState>()
    public var grids = PaneMap<GridState>()
    public var overviewScroll = 0
    /// A message for the status line, cleared by the next key.
    public var status: String?
    public var shouldQuit = false
    public var width: Int
    public var height: Int
    public let today: LocalDateTime?
    /// Opened with --read-only: edit keys are hidden and refused with a reason.
    public var readOnly = false
    /// Undo, redo and the writes on their way (see `EditHistory`).
    public var history = EditHistory()
    public var undoStack: [UndoEntry] { get { history.undoStack } set { history.undoStack = newValue } }
    public var redoStack: [UndoEntry] { get { history.redoStack } set { history.redoStack = newValue } }
    /// Requests for the main loop to carry out (see `takeRequests`), in order.
    public var pendingRequests: [Request] = []
    var nextRequestID: Request.ID = 1
    /// The clock as the last `.tick` told it (exports are stamped with it).
    public var now = UTCDateTime(unixTime: 0)
    /// A form waiting behind a "discard changes?" question.
    var pendingForm: FormState?
    /// The approved plan to compare with (baseline "Antrag" unless another is chosen).
    public var baseline: Plan?
    public var baselineName = "Antrag"
    public var planView: PlanView = .current
    /// What the Soll/Ist table shows per year (`b`/`v` cycle it).
    public var actualsView: ActualsView = .actual
    /// The Belegliste open over the Soll/Ist table, if any.
    public var receiptsView: ReceiptsView?
    /// The audit trail as last loaded (pane Änderungen).
    public var changes: [ChangeRow] = [] {
        didSet { changesModel = Models.changeList(changes); filtered[.changes] = nil; refilter(.changes) }
    }
    public private(set) var changesModel = Models.changeList([])
    /// The projector presentation, when open.
    public var review: ReviewSession?
    /// When the last status review ended (ISO-8601), as the store knows it.
    public var lastReview: String?
    /// The matches of each list pane's filter, kept so a keystroke scans the rows once.
    var filtered = PaneMap<FilteredRows>()
    /// Where `x` writes its files (the main loop sets the working directory).
    public var exportDirectory = "."

    public init(project: Project, themes: [Theme] = [Theme.fallback], width: Int = 80, height: Int = 24,
                today: LocalDateTime? = nil) {
        self.project = project
        self.findings = Checks.run(project, today: today.map(LocalDate.init))
        self.today = today
        self.models = Models(project: project, findings: findings, today: today)
        self.themes = themes.isEmpty ? [Theme.fallback] : themes
        self.width = width
        self.height = height
        for pane in PaneID.allCases {
            switch pane.shape {
            case .list:
                lists[pane] = ListState()
            case .grid: grids[pane] = GridState()
            case .overview: break
            }
        }
    }

    public var theme: Theme { themes[themeIndex % themes.count] }
    /// The day of `today` (due dates, overdue milestones); nil when the day is not known.
    public var day: LocalDate? { today.map(LocalDate.init) }

    /// Replaces the project (after a reload) and recomputes findings and row models once.
    public mutating func replaceProject(_ project: Project) {
        self.project = project
        findings = Checks.run(project, today: day)
        models = Models(project: project, findings: findings, today: today)
        refreshReceipts()
        filtered = [:]
        for pane in PaneID.allCases where positioned.contains(pane) {
            if !(lists[pane]?.filter ?? "").isEmpty { refilter(pane) }
            clampList(pane)
        }
    }

    // MARK: Layout facts shared by update and render

    /// Rows between the header line and the two bottom lines (status, footer).
    public var bodyHeight: Int { max(0, height - 3) }
    /// Smallest terminal the dashboard lays out for; below it a message is shown instead.
    public static let minimumSize = (width: 60, height: 16)
    public var isTooSmall: Bool { width < AppState.minimumSize.width || height < AppState.minimumSize.height }

    // MARK: The message loop

    public mutating func update(_ msg: Msg) {
        switch msg {
        case .key(let key): press(key)
        case .resize(let width, let height): resize(width: width, height: height)
        case .tick(let now): self.now = now
        case .result(let id, let result): apply(result, for: id)
        case .storeChanged(let project, let summary):
            replaceProject(project)
            status = summary
            reloadChangesIfShown()
        }
    }

    /// A key press (shorthand for `update(.key(key))`).
    public mutating func handle(_ key: Key) { update(.key(key)) }

    /// Global keys first, then the table of the mode (see `keyTable`).
    mutating func press(_ key: Key) {
        // The backend's resize key carries no size: the loop sends `.resize` with the new one.
        if key == .resize { return }
        status = nil
        if case .run(.quit) = KeyMap.global.lookup(key, in: self) {
            shouldQuit = true
            return
        }
        if let session = review {
            if let action = action(for: key, in: KeyMap.review) { runReview(action, session) }
            return
        }
        switch mode {
        case .help:
            if action(for: key, in: KeyMap.help) == .close { mode = .normal }
        case .filtering(let previous):
            if let action = action(for: key, in: KeyMap.filter) { runFilter(action, key: key, previous: previous) }
        case .editingCell(let editor):
            if let action = action(for: key, in: KeyMap.editor) { runCellEditor(action, editor) }
        case .form(let form):
            if let action = action(for: key, in: KeyMap.form) { runForm(action, key: key, form) }
        case .confirm(let confirmation):
            if let action = action(for: key, in: KeyMap.confirm) { runConfirm(action, confirmation) }
        case .conflict(let choice):
            if let action = action(for: key, in: KeyMap.conflict) { runConflict(action, choice) }
        case .normal:
            switch normalTable.lookup(key, in: self) {
            case .run(let action): perform(action)
            case .disabled(let reason): status = reason
            case .unbound:
                if case .char(let c) = key { status = "Taste \"\(c)\" hat hier keine Funktion – ? zeigt alle Tasten." }
            }
        }
    }

    mutating func perform(_ action: Action) {
        if let own = Panes.spec(pane).perform, own(&self, action) { return }
        switch action {
        case .quit: shouldQuit = true
        case .help: mode = .help
        case .cycleTheme:
            themeIndex = (themeIndex + 1) % themes.count
            status = "Farbschema: \(theme.name)"
        case .pane(let target): switchPane(target)
        case .nextPane: switchPane(Panes.all[(Panes.index(of: pane) + 1) % Panes.all.count].id)
        case .previousPane: switchPane(Panes.all[(Panes.index(of: pane) + Panes.all.count - 1) % Panes.all.count].id)
        case .edit:
            if pane.isGrid { beginCellEdit() } else { editSelected() }
        case .add: addRecord()
        case .delete: deleteSelected()
        case .undo: undo()
        case .redo: redo()
        case .toggleBaseline: cyclePlanView()
        case .review: startReview(standalone: false, lastReview: lastReview)
        case .export: request(.export(PaneExport.file(for: self, now: now), directory: exportDirectory), nil)
        case .exportWorkbook:
            // The workbook is built where TeamworkXLSX is (the effect runner), from this state's project.
            request(.exportPlanWorkbook(name: PaneExport.named(self, "plan", "xlsx"), project: project, directory: exportDirectory), nil)
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
            switch pane.shape {
            case .overview: moveOverview(action)
            case .grid: moveGrid(action)
            case .list: moveList(action)
            }
        }
    }

    mutating func positionOnFirstVisit(_ pane: PaneID) {
        guard pane.isList, !positioned.contains(pane) else { return }
        positioned.insert(pane)
        lists[pane]!.cursor = firstSelectable(in: pane)
    }

    mutating func switchPane(_ target: PaneID) {
        pane = target
        mode = .normal
        if target == .changes { request(.loadChanges, nil) }
    }

    /// The audit trail is reloaded after a change while a view shows it (Änderungen, the review).
    mutating func reloadChangesIfShown() {
        if pane == .changes || review != nil { request(.loadChanges, nil) }
    }

    // MARK: Resize

    public mutating func resize(width: Int, height: Int) {
        self.width = width
        self.height = height
        for pane in PaneID.allCases {
            switch pane.shape {
            case .list: clampList(pane)
            case .grid: ensureGridVisible(pane)
            case .overview: break
            }
        }
    }
}
