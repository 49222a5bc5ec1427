import TeamworkCore

/// A record form: one line per field, validated field by field when saving.
public struct FormState: Hashable, Sendable {
    public enum Record: Hashable, Sendable {
        case measure(Measure)
        case staffing(StaffingUnit?)
        case stakeholder(Stakeholder?)
        case event(Event?)
    }

    public enum FieldKind: Hashable, Sendable {
        case text, required, email, phone, dateTime, share, stakeholderKind, measureReference, stakeholderNames
    }

    public struct Field: Hashable, Sendable {
        public var label: String
        public var kind: FieldKind
        public var value: String
        public var error: String?
        /// Characters before the text cursor; nil = at the end (where a field starts).
        public var cursor: Int?

        init(label: String, kind: FieldKind, value: String, error: String? = nil) {
            self.label = label; self.kind = kind; self.value = value; self.error = error
        }

        var cursorIndex: Int { min(cursor ?? value.count, value.count) }

        /// The value with the text cursor `▏` where the next key goes.
        public var withCursor: String {
            let i = value.index(value.startIndex, offsetBy: cursorIndex)
            return String(value[..<i]) + "▏" + String(value[i...])
        }

        /// Readline-style editing at the cursor; returns false for keys it does not edit with.
        mutating func edit(_ key: Key) -> Bool {
            var i = cursorIndex
            var characters = Array(value)
            switch key {
            case .char(let c): characters.insert(c, at: i); i += 1
            case .backspace: if i > 0 { characters.remove(at: i - 1); i -= 1 }
            case .delete, .ctrl("d"): if i < characters.count { characters.remove(at: i) }
            case .left, .ctrl("b"): i = max(0, i - 1)
            case .right, .ctrl("f"): i = min(characters.count, i + 1)
            case .home, .ctrl("a"): i = 0
            case .end, .ctrl("e"): i = characters.count
            case .ctrl("u"): characters = []; i = 0
            case .ctrl("k"): characters.removeSubrange(i...)
            default: return false
            }
            if characters != Array(value) { error = nil }
            value = String(characters)
            cursor = i
            return true
        }
    }

    public var record: Record
    public var title: String
    public var fields: [Field]
    public var original: [String]
    public var focus = 0
    /// A message for the whole form (e.g. the store refused the save).
    public var message: String?
    /// The "Termin offen" series a new event dates (set when adding on a series row).
    public var seriesID: Int64?

    public var isDirty: Bool { fields.map(\.value) != original }

    init(record: Record, title: String, fields: [Field]) {
        self.record = record; self.title = title; self.fields = fields; self.original = fields.map(\.value)
    }

    // MARK: Building forms from records

    static func measure(_ m: Measure) -> FormState {
        FormState(record: .measure(m), title: "Maßnahme \(m.reference) bearbeiten", fields: [
            Field(label: "Titel", kind: .required, value: m.title),
            Field(label: "Link", kind: .text, value: m.link),
            Field(label: m.stage == .implemented ? "Maßstab" : "Skizze", kind: .text, value: m.stage == .implemented ? m.scope : m.summary),
            Field(label: "Raum", kind: .text, value: m.stage == .implemented ? "" : m.scope),
            Field(label: "Vorbild", kind: .text, value: m.rolemodel),
            Field(label: "Link zum Vorbild", kind: .text, value: m.rolemodelLink),
            Field(label: "Ziel", kind: .text, value: m.goal),
            Field(label: "Erwarteter Beitrag", kind: .text, value: m.contribution),
            Field(label: "Kostenarten", kind: .text, value: m.costTypes),
            Field(label: "Betrieb", kind: .text, value: m.operation),
            Field(label: m.stage == .implemented ? "Skalierung" : "Rollout", kind: .text, value: m.rollout),
            Field(label: "Transfer", kind: .text, value: m.transfer),
        ])
    }

    static func staffing(_ u: StaffingUnit?) -> FormState {
        FormState(record: .staffing(u), title: u == nil ? "Neue Organisationseinheit" : "Organisationseinheit bearbeiten", fields: [
            Field(label: "Organisationseinheit", kind: .required, value: u?.unit ?? ""),
            Field(label: "Stellen beteiligt", kind: .share, value: u.map { Fixed2.format($0.involved) } ?? "0,00"),
            Field(label: "Stellen gefördert", kind: .share, value: u.map { Fixed2.format($0.funded) } ?? "0,00"),
        ])
    }

    static func stakeholder(_ s: Stakeholder?) -> FormState {
        FormState(record: .stakeholder(s), title: s == nil ? "Neuer Akteur" : "Akteur bearbeiten", fields: [
            Field(label: "Name", kind: .required, value: s?.name ?? ""),
            Field(label: "Art", kind: .stakeholderKind, value: s?.kind.title ?? StakeholderKind.association.title),
            Field(label: "Rolle im Projekt", kind: .text, value: s?.role ?? ""),
            Field(label: "Ansprechperson", kind: .text, value: s?.contactPerson ?? ""),
            Field(label: "E-Mail", kind: .email, value: s?.email ?? ""),
            Field(label: "Telefon", kind: .phone, value: s?.phone ?? ""),
            Field(label: "Anschrift", kind: .text, value: s?.address ?? ""),
            Field(label: "Link", kind: .text, value: s?.link ?? ""),
            Field(label: "Notizen", kind: .text, value: s?.notes ?? ""),
        ])
    }

    static func event(_ e: Event?, project: Project) -> FormState {
        let measure = e?.measureID.flatMap { id in project.measures.first { $0.id == id }?.reference } ?? ""
        let names = e?.stakeholderIDs.compactMap { id in project.stakeholders.first { $0.id == id }?.name } ?? []
        return FormState(record: .event(e), title: e == nil ? "Neuer Termin" : "Termin bearbeiten", fields: [
            Field(label: "Titel", kind: .required, value: e?.title ?? ""),
            Field(label: "Format", kind: .required, value: e?.format ?? "Workshop"),
            Field(label: "Beginn", kind: .dateTime, value: e?.start.german ?? ""),
            Field(label: "Ende", kind: .dateTime, value: e?.end.german ?? ""),
            Field(label: "Ort", kind: .text, value: e?.place ?? ""),
            Field(label: "Veranstalter", kind: .text, value: e?.organiser ?? "TEAMWORK"),
            Field(label: "Maßnahme (Nr)", kind: .measureReference, value: measure),
            Field(label: "Beteiligte (Komma)", kind: .stakeholderNames, value: names.joined(separator: ", ")),
        ])
    }

    // MARK: Validation and the record it yields

    /// Validates every field; returns the effect that saves the record, or nil with the
    /// German messages set on the fields that are wrong.
    mutating func validated(project: Project) -> Effect? {
        for i in fields.indices { fields[i].error = FormState.check(fields[i], project: project) }
        guard fields.allSatisfy({ $0.error == nil }) else {
            focus = fields.firstIndex { $0.error != nil } ?? focus
            return nil
        }
        let v = fields.map { $0.value.trimmingCharacters(in: " \t") }
        switch record {
        case .measure(var m):
            m.title = v[0]; m.link = v[1]
            if m.stage == .implemented { m.scope = v[2] } else { m.summary = v[2]; m.scope = v[3] }
            m.rolemodel = v[4]; m.rolemodelLink = v[5]; m.goal = v[6]; m.contribution = v[7]
            m.costTypes = v[8]; m.operation = v[9]; m.rollout = v[10]; m.transfer = v[11]
            return .saveMeasure(m)
        case .staffing(let u):
            var unit = u ?? StaffingUnit(unit: "", involved: 0, funded: 0, position: (project.staffing.map(\.position).max() ?? 0) + 1)
            unit.unit = v[0]
            unit.involved = (try? Validation.parseStaffingShare(v[1])) ?? 0
            unit.funded = (try? Validation.parseStaffingShare(v[2])) ?? 0
            if unit.funded > unit.involved {
                fields[2].error = "gefördert (\(Fixed2.format(unit.funded))) darf beteiligt (\(Fixed2.format(unit.involved))) nicht übersteigen"
                focus = 2
                return nil
            }
            return .saveStaffing(unit)
        case .stakeholder(let s):
            var st = s ?? Stakeholder(name: "", kind: .association, role: "")
            st.name = v[0]
            st.kind = StakeholderKind.allCases.first { $0.title.lowercased() == v[1].lowercased() } ?? st.kind
            st.role = v[2]; st.contactPerson = v[3]; st.email = v[4]; st.phone = v[5]; st.address = v[6]
            st.link = v[7]; st.notes = v[8]
            return .saveStakeholder(st)
        case .event(let e):
            let start = FormState.parseDateTime(v[2])!, end = FormState.parseDateTime(v[3])!
            if end < start {
                fields[3].error = "Ende (\(end.german)) liegt vor dem Beginn (\(start.german))"
                focus = 3
                return nil
            }
            var ev = e ?? Event(seriesID: seriesID, title: "", format: "", start: start, end: end)
            ev.title = v[0]; ev.format = v[1]; ev.start = start; ev.end = end; ev.place = v[4]; ev.organiser = v[5]
            ev.measureID = v[6].isEmpty ? nil : project.measures.first { $0.reference.lowercased() == v[6].lowercased() }?.id
            ev.stakeholderIDs = FormState.names(v[7]).compactMap { name in
                project.stakeholders.first { $0.name.lowercased() == name.lowercased() }?.id
            }
            return .saveEvent(ev)
        }
    }

    static func names(_ text: String) -> [String] {
        text.split(separator: ",").map { String($0).trimmingCharacters(in: " \t") }.filter { !$0.isEmpty }
    }

    static func parseDateTime(_ text: String) -> LocalDateTime? {
        try? Validation.parseDateTime(text)
    }

    /// The German message for a wrong field, or nil.
    static func check(_ field: Field, project: Project) -> String? {
        let value = field.value.trimmingCharacters(in: " \t")
        switch field.kind {
        case .text:
            return nil
        case .required:
            return Validation.required(value, field: field.label)?.message
        case .email:
            return Validation.email(value, field: field.label)?.message
        case .phone:
            return Validation.phone(value, field: field.label)?.message
        case .dateTime:
            do {
                _ = try Validation.parseDateTime(value, field: field.label)
                return nil
            } catch {
                return error.message
            }
        case .share:
            do {
                _ = try Validation.parseStaffingShare(value, field: field.label)
                return nil
            } catch {
                return error.message
            }
        case .stakeholderKind:
            let kinds = StakeholderKind.allCases.map(\.title)
            return kinds.contains { $0.lowercased() == value.lowercased() }
                ? nil : "unbekannte Art \"\(value)\" – möglich: \(kinds.joined(separator: ", "))"
        case .measureReference:
            guard !value.isEmpty else { return nil }
            return project.measures.contains { $0.reference.lowercased() == value.lowercased() }
                ? nil : "keine Maßnahme \"\(value)\" – möglich: \(project.measures.map(\.reference).joined(separator: ", "))"
        case .stakeholderNames:
            let unknown = names(value).filter { name in !project.stakeholders.contains { $0.name.lowercased() == name.lowercased() } }
            return unknown.isEmpty ? nil : "unbekannte Akteure: \(unknown.joined(separator: ", "))"
        }
    }
}

extension AppState {
    // MARK: Form keys

    mutating func handleForm(_ key: Key, _ form: FormState) {
        var form = form
        form.message = nil
        switch key {
        case .escape:
            if form.isDirty {
                mode = .confirm(Confirmation(message: "Ungespeicherte Änderungen verwerfen? (j/n)", effect: nil,
                                             discardsForm: true, before: nil, label: ""))
                pendingForm = form
            } else {
                mode = .normal
                status = "Abgebrochen – nichts geändert."
            }
            return
        case .ctrl("c"):
            shouldQuit = true
            return
        case .tab, .down:
            form.focus = (form.focus + 1) % form.fields.count
        case .backTab, .up:
            form.focus = (form.focus + form.fields.count - 1) % form.fields.count
        case .enter where form.focus < form.fields.count - 1:
            form.focus += 1
        case .enter, .ctrl("s"):
            saveForm(form)
            return
        default:
            _ = form.fields[form.focus].edit(key)
        }
        mode = .form(form)
    }

    mutating func saveForm(_ form: FormState) {
        var form = form
        guard let effect = form.validated(project: project) else {
            let count = form.fields.filter { $0.error != nil }.count
            form.message = count == 1 ? "1 Feld ist fehlerhaft – bitte korrigieren." : "\(count) Felder sind fehlerhaft – bitte korrigieren."
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
        default:
            status = pane == .events ? "Reihen mit „Termin offen“ werden über a (neuer Termin) datiert." : "Diese Zeile kann nicht bearbeitet werden."
        }
    }

    mutating func addRecord() {
        if readOnly { status = AppState.readOnlyMessage; return }
        switch pane {
        case .staffing: mode = .form(.staffing(nil))
        case .stakeholders: mode = .form(.stakeholder(nil))
        case .events:
            var form = FormState.event(nil, project: project)
            // On a "Termin offen" series, the new event takes its title, format and organiser.
            if case .series(let id)? = selectedRow()?.record, let s = project.series.first(where: { $0.id == id }) {
                form.seriesID = s.id
                form.fields[0].value = s.title
                form.fields[1].value = s.format
                if !s.organiser.isEmpty { form.fields[5].value = s.organiser }
                form.original = FormState.event(nil, project: project).fields.map(\.value)
            }
            mode = .form(form)
        default:
            status = pane == .measures ? "Maßnahmen stehen im Antrag – ihre Texte lassen sich mit e bearbeiten." : "Hier lässt sich nichts anlegen."
        }
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
        default:
            status = "Diese Zeile kann nicht gelöscht werden."
        }
    }

    mutating func handleConfirm(_ key: Key, _ confirmation: Confirmation) {
        switch key {
        case .char("j"), .char("J"), .char("y"):
            mode = .normal
            if confirmation.discardsForm {
                pendingForm = nil
                status = "Änderungen verworfen."
            } else if let effect = confirmation.effect, let before = confirmation.before {
                request(effect, .edit(label: confirmation.label, before: before))
            }
        case .char("n"), .char("N"), .escape:
            if confirmation.discardsForm, let form = pendingForm {
                mode = .form(form)
            } else {
                mode = .normal
                status = "Nicht gelöscht."
            }
            pendingForm = nil
        case .ctrl("c"):
            shouldQuit = true
        default:
            break
        }
    }
}
