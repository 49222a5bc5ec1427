import TeamworkCore

/// The forms of the Maßnahmen-Controlling: status, responsibility, milestone, progress note.
/// Syntax is checked field by field here; the record rules are Core's `Validation` (the same the
/// store and the CLI apply).
extension FormState {
    static func measureState(_ s: MeasureState, part: StatePart, measure m: Measure, today: LocalDate?) -> FormState {
        switch part {
        case .status:
            // The status is set now: its date starts as today (or the stored one without a clock).
            let since = today ?? s.since
            return FormState(record: .measureState(s, part: .status), title: "Status von \(m.reference) setzen", fields: [
                Field(.status, "Status", kind: .measureStatus, value: s.status.title),
                Field(.since, "Status seit", kind: .optionalDate, value: since?.german ?? ""),
            ])
        case .responsibility:
            return FormState(record: .measureState(s, part: .responsibility), title: "Verantwortung für \(m.reference)", fields: [
                Field(.unit, "Verantwortlich", kind: .unitName, value: ""),
                Field(.stakeholder, "Akteur (optional)", kind: .stakeholderName, value: ""),
            ])
        }
    }

    /// `measureState` with the names of the stored unit and stakeholder filled in.
    static func responsibility(_ s: MeasureState, measure m: Measure, project: Project) -> FormState {
        var form = measureState(s, part: .responsibility, measure: m, today: nil)
        form.set(.unit, s.responsibleUnitID.flatMap { id in project.staffing.first { $0.id == id }?.unit } ?? "")
        form.set(.stakeholder, s.stakeholderID.flatMap { id in project.stakeholders.first { $0.id == id }?.name } ?? "")
        form.original = form.fields.map(\.value)
        return form
    }

    static func milestone(_ ms: Milestone, measure m: Measure, isNew: Bool) -> FormState {
        FormState(record: .milestone(ms), title: isNew ? "Neuer Meilenstein für \(m.reference)" : "Meilenstein von \(m.reference) bearbeiten", fields: [
            Field(.title, "Titel", kind: .required, value: ms.title),
            Field(.due, "Fällig am", kind: .date, value: ms.due.german),
            Field(.done, "Erledigt am", kind: .optionalDate, value: ms.done?.german ?? ""),
            Field(.notes, "Notiz", value: ms.note),
        ])
    }

    static func note(_ n: ProgressNote, measure m: Measure, isNew: Bool) -> FormState {
        FormState(record: .note(n), title: isNew ? "Neue Fortschrittsnotiz für \(m.reference)" : "Notiz von \(m.reference) bearbeiten", fields: [
            Field(.date, "Datum", kind: .date, value: n.date.german),
            Field(.text, "Notiz", kind: .required, value: n.text),
        ])
    }

    static func day(_ text: String) -> LocalDate? { try? Validation.parseDate(text) }

    /// The effect and Core's verdict for a controlling form whose fields passed `check`.
    func controllingEffect(project: Project) -> (Effect, [Validation.FieldError])? {
        switch record {
        case .measureState(var s, let part):
            switch part {
            case .status:
                guard let status = MeasureStatus.parse(self[.status]) else { return nil }
                s.status = status
                s.since = self[.since].isEmpty ? nil : FormState.day(self[.since])
            case .responsibility:
                let unit = self[.unit].lowercased(), person = self[.stakeholder].lowercased()
                s.responsibleUnitID = unit.isEmpty ? nil : project.staffing.first { $0.unit.lowercased() == unit }?.id
                s.stakeholderID = person.isEmpty ? nil : project.stakeholders.first { $0.name.lowercased() == person }?.id
            }
            return (.saveMeasureState(s), Validation.validate(s))
        case .milestone(var ms):
            guard let due = FormState.day(self[.due]) else { return nil }
            ms.title = self[.title]; ms.due = due
            ms.done = self[.done].isEmpty ? nil : FormState.day(self[.done])
            ms.note = self[.notes]
            return (.saveMilestone(ms), Validation.validate(ms))
        case .note(var n):
            guard let date = FormState.day(self[.date]) else { return nil }
            n.date = date; n.text = self[.text]
            return (.saveNote(n), Validation.validate(n))
        default:
            return nil
        }
    }

    static func checkControlling(_ field: Field, value: String, project: Project) -> String? {
        switch field.kind {
        case .date, .optionalDate:
            if value.isEmpty && field.kind == .optionalDate { return nil }
            do {
                _ = try Validation.parseDate(value, field: field.label)
                return nil
            } catch {
                return error.message
            }
        case .measureStatus:
            do {
                _ = try Validation.parseStatus(value, field: field.label)
                return nil
            } catch {
                return error.message
            }
        case .unitName:
            guard !value.isEmpty, !project.staffing.contains(where: { $0.unit.lowercased() == value.lowercased() }) else { return nil }
            return "keine Organisationseinheit \"\(value)\" – möglich: \(project.staffing.map(\.unit).joined(separator: ", "))"
        case .stakeholderName:
            guard !value.isEmpty, !project.stakeholders.contains(where: { $0.name.lowercased() == value.lowercased() }) else { return nil }
            return "kein Akteur \"\(value)\" (Namen wie im Bereich Akteure)"
        default:
            return nil
        }
    }
}
