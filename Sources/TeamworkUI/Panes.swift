import TeamworkCore

/// Everything the dashboard knows about one pane: its tab, its shape (which cursor state and
/// which movement it uses), its row model, its view, its own keys and its export. The central
/// code (key table, renderer, export, models) reads these specs and never switches on a pane,
/// so a new pane is one spec plus one line in `Panes.all` (see docs/ARCHITECTURE.md).
public struct PaneSpec: Sendable {
    public enum Shape: Sendable { case overview, list, grid }

    public let id: PaneID
    public let title: String
    /// For narrow terminals, so all tabs fit in 80 columns.
    public let shortTitle: String
    public let shape: Shape
    /// What Enter does here (help text and footer hint); nil: Enter has no binding.
    public var open: (description: String, footer: String?)?
    /// Which of the shared edit keys work here: e (edit), d (delete); a (add) when `addForm` is set.
    public var edits = false, deletes = false
    /// The form `a` opens (nil: nothing to add here).
    public var addForm: (@Sendable (AppState) -> FormState)?
    public var adds: Bool { addForm != nil }
    /// Space, - and + fold plan groups.
    public var folds = false
    /// A list pane that shows the selected row's whole text (its detail's first line, wrapped)
    /// under the list (Prüfung: the message with its advice).
    public var preview = false
    /// Rows a list pane keeps above its table for a summary (Mittelabruf: what may be drawn);
    /// its `draw` puts the summary there and the list below.
    public var summaryHeight: (@Sendable (AppState) -> Int)?
    /// Keys of this pane only; they come after the shared movement keys in footer and help.
    public var bindings: [Binding<Action>] = []
    /// The rows of a list pane, built once per project change (never per frame).
    public var buildList: (@Sendable (Project, [Finding], LocalDateTime?) -> ListModel)?
    /// The rows of a plan-table pane.
    public var buildGrid: (@Sendable (Plan) -> GridModel)?
    /// Draws the pane's body (below the tabs, above status and footer).
    public var draw: @Sendable (AppState, Rect, inout Buffer) -> Void
    /// The file `x` writes, built from the state: the effect carries it to the disk.
    public var export: @Sendable (AppState, UTCDateTime) -> PaneExport.File
    /// Handles an action before the shared movement does (return true when done); the hook for
    /// a pane's own keys.
    public var perform: (@Sendable (inout AppState, Action) -> Bool)?

    public init(_ id: PaneID, title: String, shortTitle: String? = nil, shape: Shape,
                draw: @escaping @Sendable (AppState, Rect, inout Buffer) -> Void,
                export: @escaping @Sendable (AppState, UTCDateTime) -> PaneExport.File) {
        self.id = id; self.title = title; self.shortTitle = shortTitle ?? title; self.shape = shape
        self.draw = draw; self.export = export
    }
}

/// The registry of panes, in tab order (the digit keys follow it).
public enum Panes {
    public static let all: [PaneSpec] = [
        overview, measures, costs, financing, staffing, stakeholders, events, findings, changes, actuals, drawdowns,
    ]

    static let byID: PaneMap<PaneSpec> = {
        var map = PaneMap<PaneSpec>()
        for spec in all { map[spec.id] = spec }
        return map
    }()

    public static func spec(_ id: PaneID) -> PaneSpec { byID[id]! }
    static func index(of id: PaneID) -> Int { all.firstIndex { $0.id == id }! }

    // MARK: The panes of today

    static let overview = PaneSpec(.overview, title: "Übersicht", shortTitle: "Übers.", shape: .overview,
                                   draw: { OverviewView.draw($0, in: $1, into: &$2) },
                                   export: PaneExport.statusReport)

    static let costs: PaneSpec = {
        var spec = PaneSpec(.costs, title: "Kosten", shape: .grid,
                            draw: { GridView.draw($0, pane: .costs, in: $1, into: &$2) }, export: PaneExport.planCSV)
        spec.open = ("Zelle bearbeiten/klappen", nil)
        spec.edits = true
        spec.folds = true
        spec.buildGrid = { Models.grid($0, sections: [.strategy, .implementation], frozenBottom: KfW436.eligibleCosts) }
        return spec
    }()

    static let financing: PaneSpec = {
        var spec = PaneSpec(.financing, title: "Finanzierung", shortTitle: "Fin.", shape: .grid,
                            draw: { GridView.draw($0, pane: .financing, in: $1, into: &$2) }, export: PaneExport.planCSV)
        spec.open = ("Zelle bearbeiten/klappen", nil)
        spec.edits = true
        spec.buildGrid = { Models.grid($0, sections: [.financing, .shares], frozenBottom: nil) }
        return spec
    }()

    static let staffing: PaneSpec = {
        var spec = PaneSpec(.staffing, title: "Personal", shortTitle: "Pers.", shape: .list,
                            draw: { ListView.draw($0, pane: .staffing, in: $1, into: &$2) },
                            export: { state, _ in PaneExport.listCSV(state, pane: .staffing, stem: "personal") })
        spec.open = ("Details öffnen", "Details")
        spec.edits = true; spec.deletes = true
        spec.addForm = { _ in .staffing(nil) }
        spec.buildList = { project, findings, _ in Models.staffingList(project, findings: findings) }
        return spec
    }()

    static let stakeholders: PaneSpec = {
        var spec = PaneSpec(.stakeholders, title: "Akteure", shortTitle: "Akt.", shape: .list,
                            draw: { ListView.draw($0, pane: .stakeholders, in: $1, into: &$2) },
                            export: PaneExport.vCards)
        spec.open = ("Details öffnen", "Details")
        spec.edits = true; spec.deletes = true
        spec.addForm = { _ in .stakeholder(nil) }
        spec.buildList = { project, _, _ in Models.stakeholderList(project) }
        return spec
    }()

    static let events: PaneSpec = {
        var spec = PaneSpec(.events, title: "Termine", shortTitle: "Term.", shape: .list,
                            draw: { ListView.draw($0, pane: .events, in: $1, into: &$2) },
                            export: PaneExport.calendar)
        spec.open = ("Details öffnen", "Details")
        spec.edits = true; spec.deletes = true
        spec.addForm = { $0.newEventForm() }
        spec.buildList = { project, _, today in Models.eventList(project, today: today) }
        return spec
    }()

    static let findings: PaneSpec = {
        var spec = PaneSpec(.findings, title: "Prüfung", shape: .list,
                            draw: { ListView.draw($0, pane: .findings, in: $1, into: &$2) },
                            export: { state, _ in PaneExport.listCSV(state, pane: .findings, stem: "pruefung") })
        spec.open = ("Zur Zelle springen", "Zur Zelle")
        spec.preview = true
        spec.buildList = { project, findings, _ in Models.findingList(findings, project: project) }
        return spec
    }()

    /// The audit trail: its rows come from the store (`.loadChanges`), not from the project.
    static let changes: PaneSpec = {
        var spec = PaneSpec(.changes, title: "Änderungen", shortTitle: "Änd.", shape: .list,
                            draw: { ListView.draw($0, pane: .changes, in: $1, into: &$2) },
                            export: { state, _ in PaneExport.listCSV(state, pane: .changes, stem: "aenderungen") })
        spec.open = ("Änderung im Detail", nil)
        return spec
    }()
}
