/// The key tables of the modes other than the panes' own (see `KeyMap.normal`): what each key
/// does while a filter is typed, a cell or a form is edited, a question or a conflict is open,
/// the help shows or the review runs. Dispatch, footer and the inline hints read these tables.

public enum FilterAction: Hashable, Sendable { case accept, discard, deleteBackward, clear, leaveAndMove, type(Character) }
public enum EditorAction: Hashable, Sendable { case save, cancel, clear, deleteBackward, type(Character) }
public enum FormAction: Hashable, Sendable { case next, previous, enter, save, cancel, edit }
public enum ConfirmAction: Hashable, Sendable { case yes, no }
public enum ConflictAction: Hashable, Sendable { case takeTheirs, keepMine, editAgain }
public enum HelpAction: Hashable, Sendable { case close }
public enum ReviewAction: Hashable, Sendable { case next, previous, scrollDown, scrollUp, first, mark, cycleTheme, leave }

extension KeyMap {
    /// Typed characters go into the text; anything else not bound does nothing.
    static func typed<A>(_ make: @escaping @Sendable (Character) -> A) -> @Sendable (Key) -> A? {
        { key in if case .char(let c) = key { make(c) } else { nil } }
    }

    public static let filter = KeyTable<FilterAction>("Filter", [
        Binding([.enter], .accept, "Filter übernehmen", group: "Filter", footer: "Übernehmen"),
        Binding([.escape], .discard, "Filter verwerfen (vorigen behalten)", group: "Filter", footer: "Verwerfen"),
        Binding([.ctrl("u")], .clear, "Filter leeren", group: "Filter", footer: "Leeren"),
        Binding([.backspace], .deleteBackward, "Zeichen löschen", group: "Filter"),
        Binding([.up, .down, .pageUp, .pageDown], .leaveAndMove, "Übernehmen und bewegen", group: "Filter"),
    ], text: typed { .type($0) })

    public static let editor = KeyTable<EditorAction>("Zelle", [
        Binding([.enter], .save, "Betrag speichern", group: "Zelle", footer: "Speichern"),
        Binding([.escape], .cancel, "Abbrechen, nichts ändern", group: "Zelle", footer: "Abbrechen"),
        Binding([.ctrl("u")], .clear, "Betrag leeren", group: "Zelle", footer: "Leeren"),
        Binding([.backspace], .deleteBackward, "Zeichen löschen", group: "Zelle", footer: "Löschen"),
    ], text: typed { .type($0) })

    /// Keys that edit the focused field at its cursor (readline habits, see `FormState.Field.edit`).
    static let fieldKeys: [Key] = [.backspace, .delete, .ctrl("d"), .left, .ctrl("b"), .right, .ctrl("f"),
                                   .home, .ctrl("a"), .end, .ctrl("e"), .ctrl("k")]

    public static let form = KeyTable<FormAction>("Formular", [
        Binding([.tab, .down], .next, "Nächstes Feld", group: "Formular", footer: "Weiter"),
        Binding([.backTab, .up], .previous, "Voriges Feld", group: "Formular"),
        Binding([.enter], .enter, "Nächstes Feld, im letzten speichern", group: "Formular"),
        Binding([.left, .right], .edit, "Cursor im Feld", group: "Text", footer: "Cursor", footerKey: "←→"),
        Binding([.ctrl("s")], .save, "Speichern", group: "Formular", footer: "Speichern"),
        Binding([.ctrl("u")], .edit, "Feld leeren", group: "Text", footer: "Leeren"),
        Binding([.escape], .cancel, "Abbrechen (fragt bei Änderungen)", group: "Formular", footer: "Abbrechen"),
        Binding(fieldKeys, .edit, "Im Feld bearbeiten (Rücktaste, Entf, Pos1, Ende, Strg-A/E/K)", group: "Text"),
    ], text: typed { _ in .edit })

    public static let confirm = KeyTable<ConfirmAction>("Rückfrage", [
        Binding([.char("j"), .char("J"), .char("y")], .yes, "Ja", group: "Rückfrage", footer: "Ja"),
        Binding([.char("n"), .char("N"), .escape], .no, "Nein", group: "Rückfrage", footer: "Nein"),
    ])

    public static let conflict = KeyTable<ConflictAction>("Konflikt", [
        Binding([.char("t"), .escape], .takeTheirs, "gespeicherten Wert übernehmen (meinen verwerfen)", group: "Konflikt",
                footer: "Gespeichertes übernehmen"),
        Binding([.char("m")], .keepMine, "meinen Wert darüber speichern", group: "Konflikt", footer: "Meins speichern",
                disabled: { state in
                    if case .conflict(let choice) = state.mode, choice.retry == nil {
                        return "Hier lässt sich nichts darüber speichern – t übernimmt, e bearbeitet neu."
                    }
                    return writes(state)
                }),
        Binding([.char("e")], .editAgain, "neu bearbeiten", group: "Konflikt", footer: "Neu bearbeiten"),
    ])

    public static let help = KeyTable<HelpAction>("Hilfe", [
        Binding([.escape, .char("?"), .char("q"), .function(1), .enter], .close, "Hilfe schließen", group: "Hilfe",
                footer: "Hilfe schließen"),
    ])

    /// The presentation; its hints stand in its status line.
    public static let review = KeyTable<ReviewAction>("Statusrunde", [
        Binding([.char(" "), .pageDown, .right, .char("l"), .enter], .next, "Nächste Folie", group: "Statusrunde",
                footer: "weiter", footerKey: "Leertaste"),
        Binding([.pageUp, .left, .char("h"), .backspace], .previous, "Vorige Folie", group: "Statusrunde",
                footer: "zurück", footerKey: "Bild↑"),
        // Before m: at 80 columns the way out must still fit.
        Binding([.escape, .char("q"), .char("r")], .leave, "Präsentation beenden", group: "Statusrunde", footer: "Ende"),
        Binding([.down, .char("j")], .scrollDown, "Folie nach unten", group: "Statusrunde"),
        Binding([.up, .char("k")], .scrollUp, "Folie nach oben", group: "Statusrunde"),
        Binding([.home, .char("g")], .first, "Erste Folie", group: "Statusrunde"),
        Binding([.char("m")], .mark, "Runde beenden (vermerken)", group: "Statusrunde", footer: "Runde beenden", disabled: writes),
        Binding([.char("t")], .cycleTheme, "Farbschema wechseln", group: "Statusrunde"),
    ])
}

extension AppState {
    /// The table of the mode the dashboard is in: the one that dispatches the next key.
    public var keyTable: any KeyTableView {
        if review != nil { return KeyMap.review }
        switch mode {
        case .normal: return normalTable
        case .help: return KeyMap.help
        case .filtering: return KeyMap.filter
        case .editingCell: return KeyMap.editor
        case .form: return KeyMap.form
        case .confirm: return KeyMap.confirm
        case .conflict: return KeyMap.conflict
        }
    }

    /// Normal mode's table: a list's open detail and the open Belegliste have their own.
    var normalTable: KeyTable<Action> {
        if pane.isList, lists[pane]?.detailOpen == true { return KeyMap.detail }
        if pane == .actuals, receiptsView != nil { return KeyMap.receipts }
        return KeyMap.normal
    }

    /// The action a key triggers in a table; a disabled binding puts its reason in the status line.
    mutating func action<A>(for key: Key, in table: KeyTable<A>) -> A? {
        switch table.lookup(key, in: self) {
        case .run(let action): return action
        case .disabled(let reason): status = reason; return nil
        case .unbound: return nil
        }
    }
}
