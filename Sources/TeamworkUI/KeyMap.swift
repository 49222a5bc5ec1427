/// Key bindings as data (the lazygit model): every mode has one `KeyTable`; the same table
/// dispatches the keys, fills the footer and the help overlay, and says why a key does nothing
/// right now. A test fails when a footer names a key its mode does not bind.

/// Why a binding does nothing in this state (read-only, nothing selected, …); nil when it works.
public typealias DisabledReason = @Sendable (AppState) -> String?

/// One key binding of one mode.
public struct Binding<A: Sendable>: Sendable {
    public let keys: [Key]
    public let action: A
    public let description: String
    public let group: String
    /// nil = every pane; otherwise the panes where the key does something.
    public let panes: PaneSet?
    /// Text after the key in the footer (the most useful keys only); nil = not in the footer.
    public let footer: String?
    /// How the footer writes the key when one hint stands for several bindings ("↑↓ Zeile").
    public let footerKey: String?
    /// How the help writes the keys when one line stands for several bindings ("1–9").
    public let helpKey: String?
    /// Listed in the help overlay (false for bindings another line already describes).
    public let listed: Bool
    public let disabledReason: DisabledReason

    public init(_ keys: [Key], _ action: A, _ description: String, group: String = "", panes: PaneSet? = nil,
                footer: String? = nil, footerKey: String? = nil, helpKey: String? = nil, listed: Bool = true,
                disabled: @escaping DisabledReason = { _ in nil }) {
        self.keys = keys; self.action = action; self.description = description; self.group = group
        self.panes = panes; self.footer = footer; self.footerKey = footerKey; self.helpKey = helpKey
        self.listed = listed; self.disabledReason = disabled
    }

    public func applies(to pane: PaneID) -> Bool { panes?.contains(pane) ?? true }
    public var keyLabel: String { helpKey ?? keys.map(\.label).joined(separator: " ") }
    public var footerHint: String? { footer.map { (footerKey ?? keys[0].label) + " " + $0 } }

    /// The same binding without a footer hint (when another table reuses it).
    func withoutFooter() -> Binding {
        Binding(keys, action, description, group: group, panes: panes, footer: nil, helpKey: helpKey, listed: listed,
                disabled: disabledReason)
    }
}

/// What a key does in a mode.
public enum Lookup<A: Sendable>: Sendable {
    case run(A)
    case disabled(String)
    case unbound
}

/// What the footer, the help overlay and the tests need to know of a mode's table,
/// whatever the type of its actions.
public protocol KeyTableView: Sendable {
    var name: String { get }
    /// Footer hints ("Enter Speichern") of the bindings that work now, in table order.
    func footer(_ state: AppState) -> [String]
    /// (keys, description, group) of the bindings that work now, for the help overlay.
    func help(_ state: AppState) -> [(keys: String, description: String, group: String)]
    /// "key description" of the working bindings the footer leaves out.
    func otherHints(_ state: AppState) -> [String]
    /// Every key a binding of this table takes on the state's pane (enabled or not).
    func boundKeys(_ state: AppState) -> [Key]
    /// Whether keys no binding takes go into a text field (filter, editor, form).
    var takesText: Bool { get }
}

/// The bindings of one mode. The first binding that holds a key wins; keys no binding takes go
/// to `text` (the typed characters of a filter, a cell or a form field) or are not bound.
public struct KeyTable<A: Sendable>: KeyTableView {
    public let name: String
    public let bindings: [Binding<A>]
    public let text: (@Sendable (Key) -> A?)?

    public init(_ name: String, _ bindings: [Binding<A>], text: (@Sendable (Key) -> A?)? = nil) {
        self.name = name; self.bindings = bindings; self.text = text
    }

    public var takesText: Bool { text != nil }

    public func bindings(on pane: PaneID) -> [Binding<A>] { bindings.filter { $0.applies(to: pane) } }

    /// The bindings that work now (applying to the pane and not disabled).
    public func enabled(_ state: AppState) -> [Binding<A>] {
        bindings(on: state.pane).filter { $0.disabledReason(state) == nil }
    }

    public func lookup(_ key: Key, in state: AppState) -> Lookup<A> {
        if let binding = bindings(on: state.pane).first(where: { $0.keys.contains(key) }) {
            if let reason = binding.disabledReason(state) { return .disabled(reason) }
            return .run(binding.action)
        }
        if let action = text?(key) { return .run(action) }
        return .unbound
    }

    public func footer(_ state: AppState) -> [String] { enabled(state).compactMap(\.footerHint) }

    public func help(_ state: AppState) -> [(keys: String, description: String, group: String)] {
        enabled(state).filter(\.listed).map { ($0.keyLabel, $0.description, $0.group) }
    }

    public func otherHints(_ state: AppState) -> [String] {
        enabled(state).filter { $0.footer == nil && $0.listed }.map { "\($0.keys[0].label) \($0.description)" }
    }

    public func boundKeys(_ state: AppState) -> [Key] { bindings(on: state.pane).flatMap(\.keys) }

    /// The same table with extra bindings in front (they win over the others).
    func overriding(_ name: String, with first: [Binding<A>]) -> KeyTable<A> {
        KeyTable(name, first + bindings, text: text)
    }
}

// MARK: - Panes

/// Names a pane. The panes themselves are `PaneSpec`s in `Panes.all` (tab order); a new pane
/// declares its id next to its spec (`extension PaneID { static let actuals = PaneID(10, "actuals") }`).
/// `rawValue` is the tab number (the digit key for 1–9); `name` names snapshots and logs.
/// Not Hashable on purpose: collections of panes are `PaneMap` and `PaneSet` (PaneMap.swift says why).
public struct PaneID: Equatable, Sendable, CaseIterable, CustomStringConvertible {
    public let rawValue: Int
    public let name: String

    public init(_ rawValue: Int, _ name: String) { self.rawValue = rawValue; self.name = name }

    public static func == (a: PaneID, b: PaneID) -> Bool { a.rawValue == b.rawValue }

    /// Every pane in tab order.
    public static var allCases: [PaneID] { Panes.all.map(\.id) }
    public var description: String { name }

    public var title: String { Panes.spec(self).title }
    /// For narrow terminals, so all tabs fit in 80 columns.
    public var shortTitle: String { Panes.spec(self).shortTitle }
    public var shape: PaneSpec.Shape { Panes.spec(self).shape }
    var isGrid: Bool { Panes.spec(self).shape == .grid }
    var isList: Bool { Panes.spec(self).shape == .list }
}

extension PaneID {
    public static let overview = PaneID(1, "overview")
    public static let measures = PaneID(2, "measures")
    public static let costs = PaneID(3, "costs")
    public static let financing = PaneID(4, "financing")
    public static let staffing = PaneID(5, "staffing")
    public static let stakeholders = PaneID(6, "stakeholders")
    public static let events = PaneID(7, "events")
    public static let findings = PaneID(8, "findings")
    public static let changes = PaneID(9, "changes")
}

// MARK: - Normal mode

public enum Action: Equatable, Sendable {
    case quit, help, cycleTheme
    case nextPane, previousPane, pane(PaneID)
    case up, down, left, right, pageUp, pageDown, top, bottom, lineStart, lineEnd
    case open, back
    case filter, nextMatch, previousMatch
    case toggleFold, foldAll, unfoldAll
    case edit, add, delete, undo, redo, toggleBaseline, review, export
    /// Maßnahmen: status form, responsibility form, a note for the progress log.
    case setStatus, setResponsible, addNote
    /// The plan as an Excel workbook (.xlsx), next to `x`'s CSV on the plan tables.
    case exportWorkbook
}

/// Keys handled the same in every mode, before the mode's table.
public enum GlobalAction: Hashable, Sendable { case quit }

public enum KeyMap {
    static func panes(_ test: (PaneSpec) -> Bool) -> PaneSet { PaneSet(Panes.all.filter(test).map(\.id)) }
    static let grids = panes { $0.shape == .grid }
    static let tables = panes { $0.shape != .overview }

    static let readOnlyMessage = "Nur Lesen: teamwork wurde mit --read-only gestartet – Änderungen sind abgeschaltet."
    /// Disabled in read-only mode (hidden from footer and help, refused with this reason).
    static let writes: DisabledReason = { $0.readOnly ? readOnlyMessage : nil }

    /// Ctrl-C quits from every mode (raw mode delivers it as a key, not as SIGINT).
    public static let global = KeyTable<GlobalAction>("Überall", [
        Binding([.ctrl("c")], .quit, "Sofort beenden", group: "Allgemein"),
    ])

    /// The table of the panes (normal mode). Shared keys carry the set of panes they work on,
    /// derived from the pane specs; each spec adds its Enter and its own keys.
    public static let normal = KeyTable<Action>("Bereich", tabs + movement + enter + view + paneOwn + general)

    /// Digits 1–9 choose the first nine tabs; Tab and Umsch-Tab reach all.
    static let tabs: [Binding<Action>] = Panes.all.filter { (1...9).contains($0.id.rawValue) }.map { (pane: PaneSpec) -> Binding<Action> in
        Binding([.char(Character(String(pane.id.rawValue)))], .pane(pane.id), "Bereich wählen", group: "Bereiche",
                helpKey: "1–\(min(9, Panes.all.count))", listed: pane.id == Panes.all[0].id)
    } + [
        Binding([.tab], .nextPane, "Nächster Bereich", group: "Bereiche"),
        Binding([.backTab], .previousPane, "Vorheriger Bereich", group: "Bereiche"),
    ]

    static let movement: [Binding<Action>] = [
        Binding([.up, .char("k")], .up, "Zeile nach oben", group: "Bewegen"),
        Binding([.down, .char("j")], .down, "Zeile nach unten", group: "Bewegen", footer: "Zeile", footerKey: "↑↓"),
        Binding([.left, .char("h")], .left, "Spalte nach links", group: "Bewegen", panes: grids),
        Binding([.right, .char("l")], .right, "Spalte nach rechts", group: "Bewegen", panes: grids, footer: "Jahr", footerKey: "←→"),
        Binding([.pageUp], .pageUp, "Seite nach oben", group: "Bewegen"),
        Binding([.pageDown], .pageDown, "Seite nach unten", group: "Bewegen"),
        Binding([.char("g"), .home], .top, "Zum Anfang", group: "Bewegen"),
        Binding([.char("G"), .end], .bottom, "Zum Ende", group: "Bewegen"),
        Binding([.char("0")], .lineStart, "Erste Spalte (2021)", group: "Bewegen", panes: grids),
        Binding([.char("$")], .lineEnd, "Spalte Gesamt", group: "Bewegen", panes: grids),
    ]

    static let enter: [Binding<Action>] = Panes.all.compactMap { (pane: PaneSpec) -> Binding<Action>? in
        guard let open = pane.open else { return nil }
        return Binding([.enter], .open, open.description, group: "Ansicht", panes: [pane.id], footer: open.footer)
    }

    static let view: [Binding<Action>] = [
        Binding([.escape], .back, "Zurück, Filter löschen", group: "Ansicht"),
        Binding([.char(" ")], .toggleFold, "Gruppe auf-/zuklappen", group: "Ansicht", panes: panes(\.folds), footer: "Klappen"),
        Binding([.char("-")], .foldAll, "Alles zuklappen", group: "Ansicht", panes: panes(\.folds)),
        Binding([.char("+")], .unfoldAll, "Alles aufklappen", group: "Ansicht", panes: panes(\.folds)),
        Binding([.char("/")], .filter, "Filtern beim Tippen", group: "Suchen", panes: tables, footer: "Filter"),
        Binding([.char("n")], .nextMatch, "Nächster Treffer", group: "Suchen", panes: tables),
        Binding([.char("N")], .previousMatch, "Vorheriger Treffer", group: "Suchen", panes: tables),
        Binding([.char("b")], .toggleBaseline, "Aktuell/Basis/Differenz", group: "Ansicht",
                panes: panes { $0.shape == .grid && !$0.bindings.contains { $0.action == .toggleBaseline } }, footer: "Basis"),
        Binding([.char("e")], .edit, "Bearbeiten", group: "Ändern", panes: panes(\.edits), footer: "Ändern", disabled: writes),
        Binding([.char("a")], .add, "Neu anlegen", group: "Ändern", panes: panes(\.adds), footer: "Neu", disabled: writes),
        Binding([.char("d"), .delete], .delete, "Löschen (mit Rückfrage)", group: "Ändern", panes: panes(\.deletes), disabled: writes),
    ]

    /// Each pane's own keys, limited to that pane.
    static let paneOwn: [Binding<Action>] = Panes.all.flatMap { (pane: PaneSpec) -> [Binding<Action>] in
        pane.bindings.map { b in
            Binding(b.keys, b.action, b.description, group: b.group, panes: [pane.id], footer: b.footer,
                    footerKey: b.footerKey, helpKey: b.helpKey, listed: b.listed, disabled: b.disabledReason)
        }
    }

    static let general: [Binding<Action>] = [
        Binding([.char("u")], .undo, "Rückgängig", group: "Ändern", footer: "Zurück", disabled: writes),
        Binding([.ctrl("r")], .redo, "Wiederholen", group: "Ändern", disabled: writes),
        Binding([.char("x")], .export, "Als Datei exportieren", group: "Allgemein"),
        Binding([.char("X")], .exportWorkbook, "Plan als Excel (.xlsx)", group: "Allgemein", panes: grids, footer: "Excel"),
        Binding([.char("r")], .review, "Statusrunde zeigen", group: "Allgemein"),
        Binding([.char("t")], .cycleTheme, "Farbschema wechseln", group: "Allgemein"),
        Binding([.char("?"), .function(1)], .help, "Hilfe ein/aus", group: "Allgemein", footer: "Hilfe"),
        // Ctrl-C is handled by `global`; listed here so the help shows it next to q.
        Binding([.char("q"), .ctrl("c")], .quit, "Beenden", group: "Allgemein", footer: "Ende"),
    ]

    /// A list's detail view (normal mode with the detail open): its scroll keys win; the
    /// pane's other keys still work but leave the footer to the detail, help and quit.
    public static let detail = KeyTable<Action>("Details", [
        // A measure's detail: ↑↓ select a milestone or note, e/d edit or delete it.
        Binding([.up, .char("k")], .up, "Meilenstein/Notiz darüber", group: "Bewegen", panes: [.measures]),
        Binding([.down, .char("j")], .down, "Meilenstein/Notiz darunter", group: "Bewegen", panes: [.measures],
                footer: "Wählen/Blättern", footerKey: "↑↓"),
        Binding([.char("e")], .edit, "Gewählten Meilenstein/Notiz bearbeiten", group: "Ändern", panes: [.measures],
                footer: "Ändern", disabled: writes),
        Binding([.char("d"), .delete], .delete, "Gewählten Meilenstein/Notiz löschen", group: "Ändern", panes: [.measures],
                footer: "Löschen", disabled: { state in
                    writes(state) ?? (state.selectedDetailItem() == nil
                        ? "Kein Meilenstein und keine Notiz gewählt – a legt einen Meilenstein an, A eine Notiz." : nil)
                }),
        Binding([.up, .char("k")], .up, "Text nach oben", group: "Bewegen", panes: panes { $0.id != .measures }),
        Binding([.down, .char("j")], .down, "Text nach unten", group: "Bewegen", panes: panes { $0.id != .measures },
                footer: "Blättern", footerKey: "↑↓"),
        Binding([.escape, .enter], .back, "Details schließen", group: "Ansicht", footer: "Zurück", footerKey: "Esc"),
    ] + normal.bindings.map { (b: Binding<Action>) -> Binding<Action> in
        b.action == .help || b.action == .quit ? b : b.withoutFooter()
    })

    /// The Belegliste open over the Soll/Ist table: its cursor moves over the receipts, a/e/d
    /// add, edit and delete one; tabs, undo, export, review, theme, help and quit as everywhere.
    public static let receipts = KeyTable<Action>("Belegliste", [
        Binding([.up, .char("k")], .up, "Beleg darüber", group: "Bewegen"),
        Binding([.down, .char("j")], .down, "Beleg darunter", group: "Bewegen", footer: "Beleg", footerKey: "↑↓"),
        Binding([.pageUp], .pageUp, "Seite nach oben", group: "Bewegen"),
        Binding([.pageDown], .pageDown, "Seite nach unten", group: "Bewegen"),
        Binding([.char("g"), .home], .top, "Erster Beleg", group: "Bewegen"),
        Binding([.char("G"), .end], .bottom, "Letzter Beleg", group: "Bewegen"),
        Binding([.char("a")], .add, "Ausgabe auf dieser Planzeile erfassen", group: "Ändern", footer: "Neu", disabled: writes),
        Binding([.char("e")], .edit, "Gewählten Beleg bearbeiten", group: "Ändern", footer: "Ändern", disabled: { state in
            writes(state) ?? (state.receiptsView?.selected == nil ? "Kein Beleg in dieser Zelle – a erfasst einen." : nil)
        }),
        Binding([.char("d"), .delete], .delete, "Gewählten Beleg löschen (mit Rückfrage)", group: "Ändern", footer: "Löschen",
                disabled: { state in
                    writes(state) ?? (state.receiptsView?.selected == nil ? "Kein Beleg in dieser Zelle." : nil)
                }),
        Binding([.escape, .enter], .back, "Belegliste schließen", group: "Ansicht", footer: "Zurück", footerKey: "Esc"),
    ] + (tabs + general).map { (b: Binding<Action>) -> Binding<Action> in
        b.action == .help || b.action == .quit ? b : b.withoutFooter()
    })

    /// The normal table's bindings for a pane, as the help lists them.
    public static func bindings(for pane: PaneID) -> [Binding<Action>] {
        normal.bindings(on: pane).filter(\.listed)
    }
}
