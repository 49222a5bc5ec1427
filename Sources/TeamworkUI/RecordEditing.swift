import TeamworkCore

/// Editing records from the list panes: the form's keys and its save, opening forms for the
/// selected row, deleting with a question first.
extension AppState {
    // MARK: Form keys

    mutating func runForm(_ action: FormAction, key: Key, _ form: FormState) {
        var form = form
        form.message = nil
        switch action {
        case .cancel:
            if form.isDirty {
                mode = .confirm(Confirmation(message: "Ungespeicherte Änderungen verwerfen? (j/n)", effect: nil,
                                             discardsForm: true, before: nil, label: ""))
                pendingForm = form
            } else {
                mode = .normal
                status = "Abgebrochen – nichts geändert."
            }
            return
        case .next:
            form.focus = (form.focus + 1) % form.fields.count
        case .previous:
            form.focus = (form.focus + form.fields.count - 1) % form.fields.count
        case .enter where form.focus < form.fields.count - 1:
            form.focus += 1
        case .enter, .save:
            saveForm(form)
            return
        case .edit:
            _ = form.fields[form.focus].edit(key)
        }
        mode = .form(form)
    }

    mutating func saveForm(_ form: FormState) {
        var form = form
        guard let effect = form.validated(project: project) else {
            let count = form.fields.filter { $0.error != nil }.count
            if count > 0 || form.message == nil {
                form.message = count == 1 ? "1 Feld ist fehlerhaft – bitte korrigieren." : "\(count) Felder sind fehlerhaft – bitte korrigieren."
            }
            mode = .form(form)
            return
        }
        guard form.isDirty else {
            mode = .normal
            status = "Keine Änderung – nichts gespeichert."
            return
        }
        let before: Snapshot
        switch form.record {
        case .measure(let m): before = .measure(m)
        case .staffing(let u): before = .staffing(u)
        case .stakeholder(let s): before = .stakeholder(s)
        case .event(let e): before = .event(e)
        case .measureState(let state, _): before = .measureState(state)
        case .milestone(let m): before = .milestone(m.id == 0 ? nil : m)
        case .note(let n): before = .note(n.id == 0 ? nil : n)
        case .expense(let e): before = .expense(e)
        case .drawdown(let d): before = .drawdown(d)
        case .term(let key, let seen): before = .term(key, seen)
        case .proof(let phase, let seen): before = .proof(phase, seen)
        }
        mode = .form(form)
        request(effect, .form(label: form.title, before: before, form: form))
    }

    // MARK: Opening forms and deleting

    /// The record under the cursor of a list pane (nil on sum rows and headings).
    func selectedRecord() -> FormState.Record? {
        switch selectedRow()?.record {
        case .measure(let id)?: project.measures.first { $0.id == id }.map { .measure($0) }
        case .staffing(let id)?: project.staffing.first { $0.id == id }.map { .staffing($0) }
        case .stakeholder(let id)?: project.stakeholders.first { $0.id == id }.map { .stakeholder($0) }
        case .event(let id)?: project.events.first { $0.id == id }.map { .event($0) }
        case .drawdown(let id)?: project.drawdowns.drawdowns.first { $0.id == id }.map { .drawdown($0) }
        case .term(let key)?: .term(key, seen: key.editText(project.terms))
        case .proof(let phase)?: .proof(phase, seen: project.drawdowns.submission(phase)?.submittedOn)
        default: nil
        }
    }

    /// The row under the cursor of a list pane.
    func selectedRow() -> ListRow? {
        let rows = visibleListRows(pane)
        guard let state = lists[pane], rows.indices.contains(state.cursor) else { return nil }
        return listModel(pane).rows[rows[state.cursor]]
    }

    mutating func editSelected() {
        if readOnly { status = AppState.readOnlyMessage; return }
        switch selectedRecord() {
        case .measure(let m): mode = .form(.measure(m))
        case .staffing(let u?): mode = .form(.staffing(u))
        case .stakeholder(let s?): mode = .form(.stakeholder(s))
        case .event(let e?): mode = .form(.event(e, project: project))
        case .drawdown(let d?): mode = .form(.drawdown(d, phase: nil, today: today))
        case .term(let key, _): mode = .form(.term(key, terms: project.terms))
        case .proof(let phase, let seen): mode = .form(.proof(phase, submitted: seen))
        default:
            status = pane == .events ? "Reihen mit „Termin offen“ werden über a (neuer Termin) datiert." : "Diese Zeile kann nicht bearbeitet werden."
        }
    }

    mutating func addRecord() {
        if readOnly { status = AppState.readOnlyMessage; return }
        if let form = Panes.spec(pane).addForm?(self) {
            mode = .form(form)
        } else {
            status = pane == .measures ? "Maßnahmen stehen im Antrag – ihre Texte lassen sich mit e bearbeiten." : "Hier lässt sich nichts anlegen."
        }
    }

    /// The form for a new event; on a "Termin offen" series it takes the series' title, format
    /// and organiser.
    func newEventForm() -> FormState {
        var form = FormState.event(nil, project: project)
        if case .series(let id)? = selectedRow()?.record, let s = project.series.first(where: { $0.id == id }) {
            form.seriesID = s.id
            form.set(.title, s.title)
            form.set(.format, s.format)
            if !s.organiser.isEmpty { form.set(.organiser, s.organiser) }
            form.original = FormState.event(nil, project: project).fields.map(\.value)
        }
        return form
    }

    mutating func deleteSelected() {
        if readOnly { status = AppState.readOnlyMessage; return }
        switch selectedRecord() {
        case .staffing(let u?):
            mode = .confirm(Confirmation(message: "Organisationseinheit „\(u.unit)“ löschen? Nichts hängt davon ab. (j/n)",
                                         effect: .deleteStaffing(u), discardsForm: false, before: .staffing(u), label: "\(u.unit) gelöscht"))
        case .stakeholder(let s?):
            let dependents = project.events.filter { $0.stakeholderIDs.contains(s.id) }
            let note = dependents.isEmpty ? "Nichts hängt davon ab."
                : "Die Verknüpfung mit \(dependents.count) Termin(en) entfällt: " + dependents.prefix(3).map { "„\($0.title)“ (\($0.start.germanDate))" }.joined(separator: ", ")
            mode = .confirm(Confirmation(message: "Akteur „\(s.name)“ löschen? \(note) (j/n)", effect: .deleteStakeholder(s),
                                         discardsForm: false, before: .stakeholder(s), label: "\(s.name) gelöscht"))
        case .event(let e?):
            mode = .confirm(Confirmation(message: "Termin „\(e.title)“ am \(e.start.german) löschen? (j/n)", effect: .deleteEvent(e),
                                         discardsForm: false, before: .event(e), label: "\(e.title) gelöscht"))
        case .measure:
            status = "Maßnahmen stehen im Antrag und werden nicht gelöscht – ihre Texte lassen sich mit e bearbeiten."
        case .drawdown(let d?):
            let state = d.receivedOn.map { "eingegangen am \($0.germanDate)" } ?? "noch nicht eingegangen"
            mode = .confirm(Confirmation(message: "Mittelabruf \(d.summary) (\(state)) löschen? (j/n)", effect: .deleteDrawdown(d),
                                         discardsForm: false, before: .drawdown(d), label: "Mittelabruf \(d.summary) gelöscht"))
        case .term:
            status = "Förderbedingungen werden nicht gelöscht – e ändert den Wert (ein Datum leert „-“)."
        case .proof:
            status = "e trägt ein, wann der Nachweis eingereicht wurde; ein leeres Datum heißt: nicht eingereicht."
        default:
            status = "Diese Zeile kann nicht gelöscht werden."
        }
    }

    mutating func runConfirm(_ action: ConfirmAction, _ confirmation: Confirmation) {
        switch action {
        case .yes:
            mode = .normal
            if confirmation.discardsForm {
                pendingForm = nil
                status = "Änderungen verworfen."
            } else if let effect = confirmation.effect, let before = confirmation.before {
                request(effect, .edit(label: confirmation.label, before: before))
            }
        case .no:
            if confirmation.discardsForm, let form = pendingForm {
                mode = .form(form)
            } else {
                mode = .normal
                status = "Nicht gelöscht."
            }
            pendingForm = nil
        }
    }
}
