/// One table of key bindings: it dispatches keys, fills the footer and the help overlay,
/// so the three can never disagree (the lazygit model).

public enum PaneID: Int, CaseIterable, Sendable {
    case overview = 1, measures, costs, financing, staffing, stakeholders, events, findings, changes

    public var title: String {
        switch self {
        case .overview: "Übersicht"
        case .measures: "Maßnahmen"
        case .costs: "Kosten"
        case .financing: "Finanzierung"
        case .staffing: "Personal"
        case .stakeholders: "Akteure"
        case .events: "Termine"
        case .findings: "Prüfung"
        case .changes: "Änderungen"
        }
    }

    /// For narrow terminals, so all eight tabs fit in 80 columns.
    public var shortTitle: String {
        switch self {
        case .overview: "Übers."
        case .measures: "Maßn."
        case .financing: "Finanz."
        case .staffing: "Pers."
        case .changes: "Änd."
        default: title
        }
    }

    var isGrid: Bool { self == .costs || self == .financing }
    var isList: Bool { !isGrid && self != .overview }
}

public enum Action: Hashable, Sendable {
    case quit, help, cycleTheme
    case nextPane, previousPane, pane(PaneID)
    case up, down, left, right, pageUp, pageDown, top, bottom, lineStart, lineEnd
    case open, back
    case filter, nextMatch, previousMatch
    case toggleFold, foldAll, unfoldAll
    case edit, add, delete, undo, redo, toggleBaseline, review, export
}

public struct Binding: Sendable {
    public let keys: [Key]
    public let action: Action
    public let description: String
    public let group: String
    /// nil = every pane; otherwise the panes where the key does something.
    public let panes: Set<PaneID>?
    /// Shown in the footer (the most useful keys only).
    public let footer: String?
    /// Changes data: hidden from footer and help in read-only mode.
    public var edits = false

    init(keys: [Key], action: Action, description: String, group: String, panes: Set<PaneID>?, footer: String?, edits: Bool = false) {
        self.keys = keys; self.action = action; self.description = description; self.group = group
        self.panes = panes; self.footer = footer; self.edits = edits
    }

    public func applies(to pane: PaneID) -> Bool { panes?.contains(pane) ?? true }
    public var keyLabel: String {
        keys.count == PaneID.allCases.count ? "1–9" : keys.map(\.label).joined(separator: " ")
    }
}

public enum KeyMap {
    static let lists: Set<PaneID> = [.measures, .staffing, .stakeholders, .events, .findings, .changes]
    static let records: Set<PaneID> = [.staffing, .stakeholders, .events]
    static let grids: Set<PaneID> = [.costs, .financing]
    static let tables = lists.union(grids)

    public static let bindings: [Binding] = [
        Binding(keys: PaneID.allCases.map { .char(Character(String($0.rawValue))) }, action: .nextPane,
                description: "Bereich wählen", group: "Bereiche", panes: nil, footer: nil),
        Binding(keys: [.tab], action: .nextPane, description: "Nächster Bereich", group: "Bereiche", panes: nil, footer: nil),
        Binding(keys: [.backTab], action: .previousPane, description: "Vorheriger Bereich", group: "Bereiche", panes: nil, footer: nil),
        Binding(keys: [.up, .char("k")], action: .up, description: "Zeile nach oben", group: "Bewegen", panes: nil, footer: nil),
        Binding(keys: [.down, .char("j")], action: .down, description: "Zeile nach unten", group: "Bewegen", panes: nil, footer: "↑↓ Zeile"),
        Binding(keys: [.left, .char("h")], action: .left, description: "Spalte nach links", group: "Bewegen", panes: grids, footer: nil),
        Binding(keys: [.right, .char("l")], action: .right, description: "Spalte nach rechts", group: "Bewegen", panes: grids, footer: "←→ Jahr"),
        Binding(keys: [.pageUp], action: .pageUp, description: "Seite nach oben", group: "Bewegen", panes: nil, footer: nil),
        Binding(keys: [.pageDown], action: .pageDown, description: "Seite nach unten", group: "Bewegen", panes: nil, footer: nil),
        Binding(keys: [.char("g"), .home], action: .top, description: "Zum Anfang", group: "Bewegen", panes: nil, footer: nil),
        Binding(keys: [.char("G"), .end], action: .bottom, description: "Zum Ende", group: "Bewegen", panes: nil, footer: nil),
        Binding(keys: [.char("0")], action: .lineStart, description: "Erste Spalte (2021)", group: "Bewegen", panes: grids, footer: nil),
        Binding(keys: [.char("$")], action: .lineEnd, description: "Spalte Gesamt", group: "Bewegen", panes: grids, footer: nil),
        Binding(keys: [.enter], action: .open, description: "Details öffnen", group: "Ansicht", panes: lists.subtracting([.findings, .changes]), footer: "Enter Details"),
        Binding(keys: [.enter], action: .open, description: "Änderung im Detail", group: "Ansicht", panes: [.changes], footer: nil),
        Binding(keys: [.enter], action: .open, description: "Zur Zelle springen", group: "Ansicht", panes: [.findings], footer: "Enter Zur Zelle"),
        Binding(keys: [.enter], action: .open, description: "Zelle bearbeiten/klappen", group: "Ansicht", panes: grids, footer: nil),
        Binding(keys: [.escape], action: .back, description: "Zurück, Filter löschen", group: "Ansicht", panes: nil, footer: nil),
        Binding(keys: [.char(" ")], action: .toggleFold, description: "Gruppe auf-/zuklappen", group: "Ansicht", panes: [.costs], footer: "Leertaste Klappen"),
        Binding(keys: [.char("-")], action: .foldAll, description: "Alles zuklappen", group: "Ansicht", panes: [.costs], footer: nil),
        Binding(keys: [.char("+")], action: .unfoldAll, description: "Alles aufklappen", group: "Ansicht", panes: [.costs], footer: nil),
        Binding(keys: [.char("/")], action: .filter, description: "Filtern beim Tippen", group: "Suchen", panes: tables, footer: "/ Filter"),
        Binding(keys: [.char("n")], action: .nextMatch, description: "Nächster Treffer", group: "Suchen", panes: tables, footer: nil),
        Binding(keys: [.char("N")], action: .previousMatch, description: "Vorheriger Treffer", group: "Suchen", panes: tables, footer: nil),
        Binding(keys: [.char("b")], action: .toggleBaseline, description: "Aktuell/Basis/Differenz", group: "Ansicht", panes: grids, footer: "b Basis"),
        Binding(keys: [.char("e")], action: .edit, description: "Bearbeiten", group: "Ändern", panes: grids.union([.measures]).union(records), footer: "e Ändern", edits: true),
        Binding(keys: [.char("a")], action: .add, description: "Neu anlegen", group: "Ändern", panes: records, footer: "a Neu", edits: true),
        Binding(keys: [.char("d"), .delete], action: .delete, description: "Löschen (mit Rückfrage)", group: "Ändern", panes: records, footer: nil, edits: true),
        Binding(keys: [.char("u")], action: .undo, description: "Rückgängig", group: "Ändern", panes: nil, footer: "u Zurück", edits: true),
        Binding(keys: [.ctrl("r")], action: .redo, description: "Wiederholen", group: "Ändern", panes: nil, footer: nil, edits: true),
        Binding(keys: [.char("x")], action: .export, description: "Bereich exportieren (Datei)", group: "Allgemein", panes: nil, footer: nil),
        Binding(keys: [.char("r")], action: .review, description: "Statusrunde (Präsentation)", group: "Allgemein", panes: nil, footer: nil),
        Binding(keys: [.char("t")], action: .cycleTheme, description: "Farbschema wechseln", group: "Allgemein", panes: nil, footer: nil),
        Binding(keys: [.char("?"), .function(1)], action: .help, description: "Hilfe ein/aus", group: "Allgemein", panes: nil, footer: "? Hilfe"),
        Binding(keys: [.char("q"), .ctrl("c")], action: .quit, description: "Beenden", group: "Allgemein", panes: nil, footer: "q Ende"),
    ]

    /// The action a key triggers on a pane, or nil when it does nothing there.
    public static func action(for key: Key, on pane: PaneID, readOnly: Bool = false) -> Action? {
        if case .char(let c) = key, let digit = c.wholeNumberValue, let target = PaneID(rawValue: digit) {
            return .pane(target)
        }
        return bindings(for: pane, readOnly: readOnly).first { $0.keys.contains(key) }?.action
    }

    public static func bindings(for pane: PaneID, readOnly: Bool = false) -> [Binding] {
        bindings.filter { $0.applies(to: pane) && !(readOnly && $0.edits) }
    }

    public static func footer(for pane: PaneID, readOnly: Bool = false) -> [String] {
        bindings(for: pane, readOnly: readOnly).compactMap(\.footer)
    }
}
