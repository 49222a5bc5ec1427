import TeamworkCore

// The Maßnahmen pane: each measure with its status, responsible unit and next milestone; the
// detail view lists milestones and the progress log, whose lines ↑↓ select for e (edit) and
// d (delete). a adds a milestone, A a note, s sets the status, v the responsible unit – all
// through forms, the same requests, undo and conflict handling as every other record.

extension Panes {
    static let measures: PaneSpec = {
        var spec = PaneSpec(.measures, title: "Maßnahmen", shortTitle: "Maßn.", shape: .list,
                            draw: { ListView.draw($0, pane: .measures, in: $1, into: &$2) },
                            export: { state, _ in PaneExport.listCSV(state, pane: .measures, stem: "massnahmen") })
        spec.open = ("Details öffnen", "Details")
        spec.edits = true; spec.deletes = true
        // `a` (a milestone) is handled by `performOnMeasures`, which knows the selected measure;
        // the spec's form only makes the shared binding (footer "a Neu") apply here.
        spec.addForm = { _ in .milestoneWithoutMeasure }
        spec.bindings = [
            Binding([.char("s")], .setStatus, "Status setzen", group: "Ändern", footer: "Status", disabled: KeyMap.writes),
            Binding([.char("v")], .setResponsible, "Verantwortlich setzen", group: "Ändern", footer: "Verantw.",
                    disabled: KeyMap.writes),
            Binding([.char("A")], .addNote, "Fortschrittsnotiz anlegen", group: "Ändern", footer: "Notiz", disabled: KeyMap.writes),
        ]
        spec.perform = { state, action in state.performOnMeasures(action) }
        // Soll/Ist columns join once the ledger supplies actuals (`actuals` stays nil until then).
        spec.buildList = { project, findings, today in
            Models.measureList(project, findings: findings, today: today.map(LocalDate.init), actuals: nil)
        }
        return spec
    }()
}

extension Models {
    /// `actuals`: Ist per plan line once the ledger exists; with it the list gains Soll and Ist
    /// of each measure's plan line (nil: no columns, nothing shown).
    static func measureList(_ project: Project, findings: [Finding], today: LocalDate?,
                            actuals: MeasureChecks.ActualsByLine?) -> ListModel {
        let c = project.controlling
        let statusRows = MeasureOverview.rows(measures: project.measures, controlling: c, staffing: project.staffing,
                                              stakeholders: project.stakeholders,
                                              today: today ?? LocalDate(year: 1900, month: 1, day: 1))
        let byID = Dictionary(statusRows.map { ($0.measure.id, $0) }, uniquingKeysWith: { a, _ in a })
        let sorted = project.measures.inDisplayOrder
        func budget(_ m: Measure) -> [String] {
            guard let actuals else { return [] }
            let soll = m.planLine.flatMap { project.plan[$0]?.statedTotal }
            let ist = m.planLine.map { actuals[$0]?.cents ?? 0 }
            return [soll.map { Fixed2.format($0) } ?? "—", ist.map { Fixed2.format($0) } ?? "—"]
        }
        let rows = sorted.map { m in
            let r = byID[m.id]!
            return ListRow(cells: [m.reference, m.title, r.state.status.title, r.responsible ?? "—", r.nextText] + budget(m),
                           severity: findings.first { $0.line == m.title }?.severity, record: .measure(m.id))
        }
        let details: [[DetailLine]] = sorted.map { m in
            let r = byID[m.id]!
            var lines = [DetailLine(nil, m.title, role: .title),
                         DetailLine("Status", r.state.status.title + (r.state.since.map { " seit \($0.german)" } ?? "")),
                         DetailLine("Verantwortlich", r.responsible ?? "niemand eingetragen (v setzt die Einheit)"),
                         DetailLine("Phase", "\(m.stage.title) (\(m.reference))"),
                         DetailLine("Kosten", m.cost.map { $0.formatted + " €" } ?? "nicht angegeben")]
            if let line = m.planLine {
                let label = project.plan[line].map { " – " + $0.label } ?? ""
                lines.append(DetailLine("Planzeile", line + label))
            }
            let milestones = c.milestones(of: m.id)
            if milestones.isEmpty { lines.append(DetailLine("Meilensteine", "keine (a legt einen an)", role: .dim)) }
            for (i, ms) in milestones.enumerated() {
                let state = ms.done.map { "erledigt \($0.german)" }
                    ?? (today.map { ms.isOverdue(today: $0) } == true ? "überfällig" : "offen")
                let text = "\(ms.due.german) \(ms.title) – \(state)" + (ms.note.isEmpty ? "" : " · \(ms.note)")
                lines.append(DetailLine(i == 0 ? "Meilensteine" : "", text,
                                        role: state == "überfällig" ? .warning : (ms.isDone ? .dim : .body), item: .milestone(ms.id)))
            }
            let notes = c.notes(of: m.id)
            if notes.isEmpty { lines.append(DetailLine("Fortschritt", "keine Notiz (A schreibt eine)", role: .dim)) }
            for (i, n) in notes.enumerated() {
                lines.append(DetailLine(i == 0 ? "Fortschritt" : "",
                                        "\(n.date.german) \(n.text)" + (n.author.isEmpty ? "" : " (\(n.author))"), item: .note(n.id)))
            }
            for f in findings where f.line == m.title { lines.append(DetailLine("Prüfung", f.message, role: .error)) }
            lines += m.answers.map { DetailLine($0.question, $0.answer) }
            return lines
        }
        let budgetColumns = actuals == nil ? [] : [ListColumn("Soll (€)", width: 13, alignRight: true),
                                                   ListColumn("Ist (€)", width: 13, alignRight: true)]
        // 78 columns at 80×24; extra room goes to the title.
        return ListModel(columns: [ListColumn("Nr", width: 6), ListColumn("Maßnahme", width: 16, flexible: true),
                                   ListColumn("Status", width: 15), ListColumn("Verantwortlich", width: 16),
                                   ListColumn("Nächster Meilenstein", width: 21)] + budgetColumns,
                         rows: rows, details: details, emptyText: "Keine Maßnahmen erfasst.")
    }
}

extension FormState {
    /// Placeholder when `a` finds no measure under the cursor (never opened: `addRecord` checks).
    static let milestoneWithoutMeasure = FormState(record: .milestone(Milestone(measureID: 0, title: "", due: LocalDate(year: 2027, month: 1, day: 1))),
                                                   title: "Neuer Meilenstein", fields: [])
}

extension AppState {
    /// The measure of the row under the cursor of the Maßnahmen pane.
    func selectedMeasure() -> Measure? {
        guard pane == .measures, case .measure(let id)? = selectedRow()?.record else { return nil }
        return project.measures.first { $0.id == id }
    }

    /// The milestone or note selected in the open detail view of the Maßnahmen pane.
    func selectedDetailItem() -> RecordRef? {
        guard pane == .measures, let list = lists[.measures], list.detailOpen else { return nil }
        let rows = visibleListRows(.measures)
        guard rows.indices.contains(list.cursor) else { return nil }
        let items = listModel(.measures).details[rows[list.cursor]].compactMap(\.item)
        return items.isEmpty ? nil : items[min(list.detailItem, items.count - 1)]
    }

    /// The pane's own actions and e/d/a on milestones and notes; false: the shared code handles it.
    mutating func performOnMeasures(_ action: Action) -> Bool {
        let c = project.controlling
        switch action {
        case .setStatus, .setResponsible, .addNote, .add:
            if readOnly { status = AppState.readOnlyMessage; return true }
            guard let m = selectedMeasure() else { status = "Bitte zuerst eine Maßnahme wählen."; return true }
            switch action {
            case .setStatus: mode = .form(.measureState(c.state(of: m), part: .status, measure: m, today: day))
            case .setResponsible: mode = .form(.responsibility(c.state(of: m), measure: m, project: project))
            case .addNote: mode = .form(.note(ProgressNote(measureID: m.id, date: day ?? LocalDate(year: 2027, month: 1, day: 1), text: ""), measure: m, isNew: true))
            default: mode = .form(.milestone(Milestone(measureID: m.id, title: "", due: day ?? LocalDate(year: 2027, month: 1, day: 1)), measure: m, isNew: true))
            }
            return true
        case .edit, .delete:
            guard let item = selectedDetailItem() else {
                if action == .delete, selectedMeasure() != nil, lists[.measures]?.detailOpen != true {
                    status = "Maßnahmen stehen im Antrag und werden nicht gelöscht – Enter öffnet die Details, dort wählen ↑↓ einen Meilenstein oder eine Notiz."
                    return true
                }
                return false
            }
            if readOnly { status = AppState.readOnlyMessage; return true }
            guard let m = selectedMeasure() else { return false }
            switch (item, action) {
            case (.milestone(let id), .edit):
                if let ms = c.milestones.first(where: { $0.id == id }) { mode = .form(.milestone(ms, measure: m, isNew: false)) }
            case (.note(let id), .edit):
                if let n = c.notes.first(where: { $0.id == id }) { mode = .form(.note(n, measure: m, isNew: false)) }
            case (.milestone(let id), _):
                if let ms = c.milestones.first(where: { $0.id == id }) {
                    mode = .confirm(Confirmation(message: "Meilenstein „\(ms.title)“ (fällig \(ms.due.german)) von \(m.reference) löschen? (j/n)",
                                                 effect: .deleteMilestone(ms), discardsForm: false, before: .milestone(ms),
                                                 label: "Meilenstein \(ms.title) gelöscht"))
                }
            case (.note(let id), _):
                if let n = c.notes.first(where: { $0.id == id }) {
                    mode = .confirm(Confirmation(message: "Notiz vom \(n.date.german) von \(m.reference) löschen? (j/n)",
                                                 effect: .deleteNote(n), discardsForm: false, before: .note(n),
                                                 label: "Notiz vom \(n.date.german) gelöscht"))
                }
            default: return false
            }
            return true
        default:
            return false
        }
    }
}
