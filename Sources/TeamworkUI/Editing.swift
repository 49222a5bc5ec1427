import TeamworkCore

/// The inline editor of one plan cell: starts with the current value; the first key typed
/// replaces it, Backspace deletes, Ctrl-U clears, Enter saves, Esc cancels (readline habits).
public struct CellEditor: Hashable, Sendable {
    public var code: String
    public var yearIndex: Int
    public var original: Int64
    public var text: String
    /// True until the first key: typing then replaces the shown value instead of appending.
    public var pristine = true
    public var error: String?

    public init(code: String, yearIndex: Int, original: Int64) {
        self.code = code; self.yearIndex = yearIndex; self.original = original
        self.text = Fixed2.format(original)
    }

    /// Largest amount a plan cell takes: 999.999.999,99 € (a typo guard, far above any budget).
    public static let maximum: Int64 = 99_999_999_999

    /// The amount typed, or a German reason why it is not one.
    public func parsed() -> Result<Int64, EditError> {
        do {
            let value = try Fixed2.parse(text, allowNegative: false)
            guard value <= CellEditor.maximum else {
                return .failure(EditError("\"\(text)\" ist zu groß: höchstens \(Fixed2.format(CellEditor.maximum)) € je Zelle"))
            }
            return .success(value)
        } catch {
            return .failure(EditError(error.description))
        }
    }
}

public struct EditError: Error, Hashable, Sendable {
    public var message: String
    public init(_ message: String) { self.message = message }
}

/// A question that needs j/n before something irreversible happens.
public struct Confirmation: Hashable, Sendable {
    public var message: String
    public var effect: Effect?
    /// What the answer "j" does besides the effect (e.g. leave a form).
    public var discardsForm: Bool
    /// The edit to record for undo when the effect succeeds.
    public var before: Snapshot?
    public var label: String
}

/// Someone saved first: take theirs, keep mine (write again on top), or edit again.
public struct ConflictChoice: Equatable, Sendable {
    public var message: String
    var retry: Effect?
    var flight: InFlight?
    var reopen: Mode?
}

/// Which values the plan tables show.
public enum PlanView: Int, Sendable, CaseIterable {
    case current, baseline, difference

    public var title: String {
        switch self {
        case .current: "Aktuell"
        case .baseline: "Basis"
        case .difference: "Differenz zur Basis"
        }
    }
}

/// Undo and redo, and what each write on its way is for: the editing concern's own state. Its
/// update (`settle`) turns a saved write into undo/redo entries.
public struct EditHistory: Sendable {
    public var undoStack: [UndoEntry] = []
    public var redoStack: [UndoEntry] = []
    /// What each write on its way is for (undo entry, form to reopen), by request id.
    var inFlight: [Request.ID: InFlight] = [:]

    /// Books a saved write: a new edit goes on the undo stack (clearing redo), an undo moves its
    /// entry to redo and back. `after` is what now stands in the store. Returns the prefix for
    /// the status line ("Rückgängig: ", "Wiederholt: " or "").
    mutating func settle(_ flight: InFlight?, after: Snapshot) -> String {
        switch flight {
        case .edit(let label, let snapshot), .form(let label, let snapshot, _):
            undoStack.append(UndoEntry(label: label, before: snapshot, after: after))
            redoStack = []
        case .undo:
            if var entry = undoStack.popLast() {
                renumber(from: entry.before, to: after)
                entry.before = after
                redoStack.append(entry)
                return "Rückgängig: "
            }
        case .redo:
            if var entry = redoStack.popLast() {
                renumber(from: entry.after, to: after)
                entry.after = after
                undoStack.append(entry)
                return "Wiederholt: "
            }
        case nil:
            break
        }
        return ""
    }

    /// Undoing a delete (or redoing an insert) stores the record again under a new id; the
    /// other entries that name the old id must follow, or their undo would miss the record.
    mutating func renumber(from wanted: Snapshot, to stored: Snapshot) {
        guard let old = wanted.recordID, let new = stored.recordID, old != new else { return }
        undoStack = undoStack.map { $0.renumbering(old, to: new, like: stored) }
        redoStack = redoStack.map { $0.renumbering(old, to: new, like: stored) }
    }
}

/// A write sent to the store whose result has not come back yet.
enum InFlight: Hashable, Sendable {
    case edit(label: String, before: Snapshot)
    case undo
    case redo
    /// A delete or save from a form, with what the form should do on failure.
    case form(label: String, before: Snapshot, form: FormState)
}

extension AppState {
    // MARK: Requests and their results

    /// Requests that the main loop should carry out now (in order); each result comes back as
    /// `Msg.result` with the request's id.
    public mutating func takeRequests() -> [Request] {
        defer { pendingRequests = [] }
        return pendingRequests
    }

    mutating func request(_ effect: Effect, _ flight: InFlight?) {
        if effect.writes && readOnly {
            status = AppState.readOnlyMessage
            return
        }
        let id = nextRequestID
        nextRequestID += 1
        pendingRequests.append(Request(id: id, effect: effect))
        if let flight { history.inFlight[id] = flight }
    }

    static let readOnlyMessage = KeyMap.readOnlyMessage

    /// Takes the result of the request `id` (what it was for is looked up by the id).
    mutating func apply(_ result: EffectResult, for id: Request.ID) {
        let flight = history.inFlight.removeValue(forKey: id)
        switch result {
        case .changes(let rows):
            changes = rows
            clampList(.changes)
        case .failed(let message):
            status = message
            if case .form(_, _, var form) = flight {
                form.message = message
                mode = .form(form)
            }
        case .busy(let message, let effect):
            // Nothing was written: keep what was typed where it was typed, so Enter tries again.
            if case .edit(_, .planValue(let code, let y, let original)) = flight, case .setPlanValue(_, _, let mine, _) = effect {
                var editor = CellEditor(code: code, yearIndex: y, original: original)
                editor.text = Fixed2.format(mine)
                editor.pristine = false
                editor.error = message + " Enter versucht erneut, Esc verwirft."
                mode = .editingCell(editor)
            } else if case .form(_, _, var form) = flight {
                form.message = message + " Strg-S versucht erneut, Esc verwirft."
                mode = .form(form)
            } else {
                status = message + " Bitte gleich noch einmal versuchen."
            }
        case .conflict(let message, let project, let retry):
            replaceProject(project)
            var reopen: Mode?
            if case .form(_, _, let form) = flight { reopen = .form(form) }
            if case .edit(_, .planValue(let code, let y, _)) = flight, case .setPlanValue(_, _, let mine, _)? = retry,
               let theirs = project.plan[code]?.values[y] {
                var editor = CellEditor(code: code, yearIndex: y, original: theirs)
                editor.text = Fixed2.format(mine)
                editor.pristine = false
                reopen = .editingCell(editor)
            }
            var text = message
            if case .setPlanValue(_, _, let mine, _)? = retry { text += " Ihr Wert: \(Fixed2.format(mine))." }
            mode = .conflict(ConflictChoice(message: text, retry: retry, flight: flight, reopen: reopen))
        case .exported(let path, let format):
            status = "Exportiert: \(format) → \(path)"
        case .reviewMarked(let at):
            lastReview = at
            if var session = review { session.lastReview = at; review = session }
        case .saved(let project, let after, let summary):
            let before = (errors: findings.filter { $0.severity == .error }.count,
                          warnings: findings.filter { $0.severity == .warning }.count)
            replaceProject(project)
            let now = (errors: findings.filter { $0.severity == .error }.count,
                       warnings: findings.filter { $0.severity == .warning }.count)
            var text = summary
            if before != now {
                text += " · Prüfung: \(before.errors) Fehler, \(before.warnings) Warnungen → \(now.errors) Fehler, \(now.warnings) Warnungen"
            }
            if case .form = flight { mode = .normal }
            status = history.settle(flight, after: after) + text
            reloadChangesIfShown()
        }
    }

    mutating func runConflict(_ action: ConflictAction, _ choice: ConflictChoice) {
        switch action {
        case .takeTheirs:
            mode = .normal
            status = "Der gespeicherte Wert bleibt – Ihre Änderung wurde verworfen."
        case .keepMine:
            mode = .normal
            if let retry = choice.retry { request(retry, choice.flight) }
        case .editAgain:
            mode = choice.reopen ?? .normal
            if choice.reopen == nil { status = "Bitte erneut bearbeiten." }
        }
    }

    // MARK: Undo / redo

    mutating func undo() {
        guard let entry = undoStack.last else { status = "Nichts rückgängig zu machen."; return }
        guard let effect = entry.after.transition(to: entry.before, in: project) else { return }
        request(effect, .undo)
    }

    mutating func redo() {
        guard let entry = redoStack.last else { status = "Nichts zu wiederholen."; return }
        guard let effect = entry.before.transition(to: entry.after, in: project) else { return }
        request(effect, .redo)
    }

    // MARK: Plan cells

    mutating func beginCellEdit() {
        guard pane.isGrid, let code = gridCursorCode(pane), let line = project.plan[code] else { return }
        let column = grids[pane]!.column
        if readOnly { status = AppState.readOnlyMessage; return }
        if planView != .current {
            status = "Bearbeiten geht nur in der Ansicht „Aktuell“ – b wechselt die Ansicht."
            return
        }
        guard line.kind == .item else {
            status = explainCell(code: code, column: column) + " – wird berechnet, nicht eingegeben."
            return
        }
        guard column < project.plan.years.count else {
            status = "\(code) Gesamt ist die Summe der Jahre – bitte ein Jahr bearbeiten."
            return
        }
        mode = .editingCell(CellEditor(code: code, yearIndex: column, original: line.values[column]))
    }

    mutating func runCellEditor(_ action: EditorAction, _ editor: CellEditor) {
        var editor = editor
        switch action {
        case .cancel:
            mode = .normal
            status = "Bearbeitung abgebrochen – nichts geändert."
            return
        case .clear:
            editor.text = ""
            editor.pristine = false
        case .deleteBackward:
            if editor.pristine { editor.pristine = false }
            if !editor.text.isEmpty { editor.text.removeLast() }
        case .type(let c):
            if editor.pristine { editor.text = ""; editor.pristine = false }
            editor.text.append(c)
        case .save:
            switch editor.parsed() {
            case .failure(let error):
                editor.error = error.message
                mode = .editingCell(editor)
                status = error.message
                return
            case .success(let value):
                mode = .normal
                let year = project.plan.years[editor.yearIndex]
                if value == editor.original {
                    status = "\(editor.code) \(year): unverändert."
                    return
                }
                let label = "\(editor.code) \(year): \(Fixed2.format(editor.original)) → \(Fixed2.format(value))"
                request(.setPlanValue(code: editor.code, yearIndex: editor.yearIndex, value: value, expected: editor.original),
                        .edit(label: label, before: .planValue(code: editor.code, yearIndex: editor.yearIndex, value: editor.original)))
                return
            }
        }
        editor.error = nil
        mode = .editingCell(editor)
    }

    // MARK: Baseline

    mutating func cyclePlanView() {
        guard baseline != nil else {
            status = "Keine Basis geladen."
            return
        }
        planView = PlanView(rawValue: (planView.rawValue + 1) % PlanView.allCases.count)!
        status = "Ansicht: \(planView.title) (Basis „\(baselineName)“)"
    }

    /// The value a plan table shows for a cell in the current view.
    public func shownValue(code: String, column: Int) -> Int64? {
        guard let line = project.plan[code] else { return nil }
        let current = column < project.plan.years.count ? line.values[column] : line.statedTotal
        guard planView != .current, let base = baseline?[code] else { return current }
        let old = column < base.values.count ? base.values[column] : base.statedTotal
        return planView == .baseline ? old : current - old
    }

    /// Whether the cell differs from the baseline (marked in every view).
    public func differsFromBaseline(code: String, column: Int) -> Bool {
        guard let base = baseline?[code], let line = project.plan[code] else { return false }
        if column < project.plan.years.count { return line.values[column] != base.values[column] }
        return line.statedTotal != base.statedTotal
    }
}
