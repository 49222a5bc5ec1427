import TeamworkCore

/// A record form: one line per field, validated field by field when saving.
public struct FormState: Hashable, Sendable {
    public enum Record: Hashable, Sendable {
        case measure(Measure)
        case staffing(StaffingUnit?)
        case stakeholder(Stakeholder?)
        case event(Event?)
        /// Status and status date (`part == .status`) or responsible unit and stakeholder.
        case measureState(MeasureState, part: StatePart)
        /// A milestone; id 0: a new one.
        case milestone(Milestone)
        /// A note of the progress log; id 0: a new one.
        case note(ProgressNote)
        case expense(Expense?)
        /// A Mittelabruf; nil: a new one.
        case drawdown(Drawdown?)
        /// One funding term and its value as the user saw it (`FundingTermKey.editText`), for the
        /// conflict check.
        case term(FundingTermKey, seen: String)
        /// The submission of a phase's Verwendungsnachweis and the date the user saw (nil: none).
        case proof(FundingPhase, seen: LocalDateTime?)
    }

    /// Which side of a measure's state a form edits.
    public enum StatePart: Hashable, Sendable { case status, responsibility }

    public enum FieldKind: Hashable, Sendable {
        case text, required, email, phone, dateTime, share, stakeholderKind, measureReference, stakeholderNames
        /// A day (`31.03.2027`), required or optional.
        case date, optionalDate
        /// A status word (`umsetzung`, `In Umsetzung`).
        case measureStatus
        /// The name of a staffing unit (empty: nobody), of one stakeholder (empty: none).
        case unitName, stakeholderName
        case expenseDate, expenseAmount, planLine
        /// 1 or 2 (Strategiephase, Umsetzungsphase); an amount > 0, required or optional.
        case phase, money, optionalMoney
        /// The text of one funding term, validated by `FundingTermKey.applying`.
        case fundingTerm(FundingTermKey)
    }

    /// Which property of the record a field edits: forms bind fields by id, never by position.
    public enum FieldID: String, Hashable, Sendable {
        case title, link, summary, scope, rolemodel, rolemodelLink, goal, contribution, costTypes, operation, rollout, transfer
        case unit, involved, funded
        case name, kind, role, contactPerson, email, phone, address, notes
        case format, start, end, place, organiser, measure, stakeholders
        case status, since, due, done, date, text, stakeholder
        case amount, line, payee, purpose, receipt, bookingReference
        case phase, receivedOn, receivedAmount, value
    }

    public struct Field: Hashable, Sendable {
        public var id: FieldID
        public var label: String
        public var kind: FieldKind
        public var value: String
        public var error: String?
        /// Characters before the text cursor; nil = at the end (where a field starts).
        public var cursor: Int?

        init(_ id: FieldID, _ label: String, kind: FieldKind = .text, value: String, error: String? = nil) {
            self.id = id; self.label = label; self.kind = kind; self.value = value; self.error = error
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
    /// What the fields accept, shown under them (funding terms: the accepted values).
    public var hint: String?

    public var isDirty: Bool { fields.map(\.value) != original }

    init(record: Record, title: String, fields: [Field], hint: String? = nil) {
        self.record = record; self.title = title; self.fields = fields; self.original = fields.map(\.value)
        self.hint = hint
    }

    /// The trimmed value of a field ("" when the form has no such field).
    public subscript(_ id: FieldID) -> String {
        fields.first { $0.id == id }?.value.trimmingCharacters(in: " \t") ?? ""
    }

    /// Sets the value of a field (when the form has it).
    mutating func set(_ id: FieldID, _ value: String) {
        if let i = fields.firstIndex(where: { $0.id == id }) { fields[i].value = value }
    }

    // MARK: Building forms from records

    static func measure(_ m: Measure) -> FormState {
        // An implemented measure states its scale (Maßstab) in `scope`; a planned one has a sketch
        // (Skizze, `summary`) and a place (Raum, `scope`) – each field edits one property.
        let implemented = m.stage == .implemented
        let described: [Field] = implemented
            ? [Field(.scope, "Maßstab", value: m.scope)]
            : [Field(.summary, "Skizze", value: m.summary), Field(.scope, "Raum", value: m.scope)]
        return FormState(record: .measure(m), title: "Maßnahme \(m.reference) bearbeiten", fields: [
            Field(.title, "Titel", kind: .required, value: m.title),
            Field(.link, "Link", value: m.link),
        ] + described + [
            Field(.rolemodel, "Vorbild", value: m.rolemodel),
            Field(.rolemodelLink, "Link zum Vorbild", value: m.rolemodelLink),
            Field(.goal, "Ziel", value: m.goal),
            Field(.contribution, "Erwarteter Beitrag", value: m.contribution),
            Field(.costTypes, "Kostenarten", value: m.costTypes),
            Field(.operation, "Betrieb", value: m.operation),
            Field(.rollout, implemented ? "Skalierung" : "Rollout", value: m.rollout),
            Field(.transfer, "Transfer", value: m.transfer),
        ])
    }

    static func staffing(_ u: StaffingUnit?) -> FormState {
        FormState(record: .staffing(u), title: u == nil ? "Neue Organisationseinheit" : "Organisationseinheit bearbeiten", fields: [
            Field(.unit, "Organisationseinheit", kind: .required, value: u?.unit ?? ""),
            Field(.involved, "Stellen beteiligt", kind: .share, value: u.map { Fixed2.format($0.involved) } ?? "0,00"),
            Field(.funded, "Stellen gefördert", kind: .share, value: u.map { Fixed2.format($0.funded) } ?? "0,00"),
        ])
    }

    static func stakeholder(_ s: Stakeholder?) -> FormState {
        FormState(record: .stakeholder(s), title: s == nil ? "Neuer Akteur" : "Akteur bearbeiten", fields: [
            Field(.name, "Name", kind: .required, value: s?.name ?? ""),
            Field(.kind, "Art", kind: .stakeholderKind, value: s?.kind.title ?? StakeholderKind.association.title),
            Field(.role, "Rolle im Projekt", value: s?.role ?? ""),
            Field(.contactPerson, "Ansprechperson", value: s?.contactPerson ?? ""),
            Field(.email, "E-Mail", kind: .email, value: s?.email ?? ""),
            Field(.phone, "Telefon", kind: .phone, value: s?.phone ?? ""),
            Field(.address, "Anschrift", value: s?.address ?? ""),
            Field(.link, "Link", value: s?.link ?? ""),
            Field(.notes, "Notizen", value: s?.notes ?? ""),
        ])
    }

    static func event(_ e: Event?, project: Project) -> FormState {
        let measure = e?.measureID.flatMap { id in project.measures.first { $0.id == id }?.reference } ?? ""
        let names = e?.stakeholderIDs.compactMap { id in project.stakeholders.first { $0.id == id }?.name } ?? []
        return FormState(record: .event(e), title: e == nil ? "Neuer Termin" : "Termin bearbeiten", fields: [
            Field(.title, "Titel", kind: .required, value: e?.title ?? ""),
            Field(.format, "Format", kind: .required, value: e?.format ?? "Workshop"),
            Field(.start, "Beginn", kind: .dateTime, value: e?.start.german ?? ""),
            Field(.end, "Ende", kind: .dateTime, value: e?.end.german ?? ""),
            Field(.place, "Ort", value: e?.place ?? ""),
            Field(.organiser, "Veranstalter", value: e?.organiser ?? "TEAMWORK"),
            Field(.measure, "Maßnahme (Nr)", kind: .measureReference, value: measure),
            Field(.stakeholders, "Beteiligte (Komma)", kind: .stakeholderNames, value: names.joined(separator: ", ")),
        ])
    }

    /// An expense (receipt): `line` prefills the plan line of a new one.
    static func expense(_ e: Expense?, line: String?, project: Project, today: LocalDateTime?) -> FormState {
        let hint = "Planzeile"
        return FormState(record: .expense(e), title: e == nil ? "Neue Ausgabe (Beleg)" : "Ausgabe bearbeiten", fields: [
            Field(.date, "Datum (TT.MM.JJJJ)", kind: .expenseDate, value: e?.date.german ?? today.map { LocalDate($0).german } ?? ""),
            Field(.amount, "Betrag (€)", kind: .expenseAmount, value: e?.amount.formatted ?? ""),
            Field(.line, hint, kind: .planLine, value: e?.line ?? line ?? ""),
            Field(.payee, "Empfänger", kind: .required, value: e?.payee ?? ""),
            Field(.purpose, "Verwendungszweck", kind: .required, value: e?.purpose ?? ""),
            Field(.receipt, "Beleg-Nr.", kind: .required, value: e?.receipt ?? ""),
            Field(.bookingReference, "Buchungsreferenz", value: e?.bookingReference ?? ""),
            Field(.notes, "Notiz", value: e?.note ?? ""),
        ])
    }

    // MARK: Validation and the record it yields

    /// Which form field answers for a field that Core's `Validation.validate` names.
    static let coreFields: [String: FieldID] = [
        "Titel": .title, "Name": .name, "E-Mail": .email, "Telefon": .phone, "Beginn": .start, "Ende": .end,
        "Datum": .date, "Betrag": .amount, "Planzeile": .line, "Empfänger": .payee, "Verwendungszweck": .purpose,
        "Beleg-Nr.": .receipt, "Buchungsreferenz": .bookingReference,
        "Eingangsdatum": .receivedOn, "Eingangsbetrag": .receivedAmount, "Notiz": .notes,
        "Organisationseinheit": .unit, "Stellenanteil beteiligt": .involved, "Stellenanteil gefördert": .funded,
    ]

    /// Validates every field (its syntax here, the record's rules in Core's `Validation`, the same
    /// the store and the import apply); returns the effect that saves the record, or nil with
    /// the German messages set on the fields that are wrong.
    mutating func validated(project: Project) -> Effect? {
        for i in fields.indices { fields[i].error = FormState.check(fields[i], project: project) }
        guard fields.allSatisfy({ $0.error == nil }) else {
            focus = fields.firstIndex { $0.error != nil } ?? focus
            return nil
        }
        let effect: Effect
        let errors: [Validation.FieldError]
        switch record {
        case .measure(var m):
            m.title = self[.title]; m.link = self[.link]
            if m.stage != .implemented { m.summary = self[.summary] }
            m.scope = self[.scope]
            m.rolemodel = self[.rolemodel]; m.rolemodelLink = self[.rolemodelLink]; m.goal = self[.goal]
            m.contribution = self[.contribution]; m.costTypes = self[.costTypes]; m.operation = self[.operation]
            m.rollout = self[.rollout]; m.transfer = self[.transfer]
            (effect, errors) = (.saveMeasure(m), Validation.validate(m))
        case .staffing(let u):
            var unit = u ?? StaffingUnit(unit: "", involved: 0, funded: 0, position: (project.staffing.map(\.position).max() ?? 0) + 1)
            unit.unit = self[.unit]
            unit.involved = (try? Validation.parseStaffingShare(self[.involved])) ?? 0
            unit.funded = (try? Validation.parseStaffingShare(self[.funded])) ?? 0
            (effect, errors) = (.saveStaffing(unit), Validation.validate(unit))
        case .stakeholder(let s):
            var st = s ?? Stakeholder(name: "", kind: .association, role: "")
            st.name = self[.name]
            st.kind = StakeholderKind.allCases.first { $0.title.lowercased() == self[.kind].lowercased() } ?? st.kind
            st.role = self[.role]; st.contactPerson = self[.contactPerson]; st.email = self[.email]; st.phone = self[.phone]
            st.address = self[.address]; st.link = self[.link]; st.notes = self[.notes]
            (effect, errors) = (.saveStakeholder(st), Validation.validate(st))
        case .event(let e):
            // Both parse: `check` above accepted them.
            guard let start = FormState.parseDateTime(self[.start]), let end = FormState.parseDateTime(self[.end]) else { return nil }
            var ev = e ?? Event(seriesID: seriesID, title: "", format: "", start: start, end: end)
            ev.title = self[.title]; ev.format = self[.format]; ev.start = start; ev.end = end
            ev.place = self[.place]; ev.organiser = self[.organiser]
            let reference = self[.measure].lowercased()
            ev.measureID = reference.isEmpty ? nil : project.measures.first { $0.reference.lowercased() == reference }?.id
            ev.stakeholderIDs = FormState.names(self[.stakeholders]).compactMap { name in
                project.stakeholders.first { $0.name.lowercased() == name.lowercased() }?.id
            }
            (effect, errors) = (.saveEvent(ev), Validation.validate(ev))
        case .measureState, .milestone, .note:
            guard let result = controllingEffect(project: project) else { return nil }
            (effect, errors) = result
        case .expense(let e):
            guard let date = try? LocalDate.parse(self[.date]), let amount = try? Validation.parseExpenseAmount(self[.amount]) else { return nil }
            var ex = e ?? Expense(line: "", date: date, payee: "", purpose: "", amount: amount, receipt: "")
            ex.date = date; ex.amount = amount; ex.line = self[.line]; ex.payee = self[.payee]; ex.purpose = self[.purpose]
            ex.receipt = self[.receipt]; ex.bookingReference = self[.bookingReference]; ex.note = self[.notes]
            (effect, errors) = (.saveExpense(ex), Validation.validate(ex, plan: project.plan))
        case .drawdown, .term, .proof:
            guard let result = fundingEffect(project: project) else { return nil }
            (effect, errors) = result
        }
        guard errors.isEmpty else {
            for error in errors {
                if let id = FormState.coreFields[error.field], let i = fields.firstIndex(where: { $0.id == id }) {
                    fields[i].error = fields[i].error ?? error.message
                } else {
                    message = error.description
                }
            }
            focus = fields.firstIndex { $0.error != nil } ?? focus
            return nil
        }
        return effect
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
        case .expenseDate:
            do {
                let date = try LocalDate.parse(value, field: field.label)
                return Validation.validateDate(date, plan: project.plan, field: field.label).first?.message
            } catch {
                return error.message
            }
        case .expenseAmount:
            do {
                _ = try Validation.parseExpenseAmount(value, field: field.label)
                return nil
            } catch {
                return error.message
            }
        case .planLine:
            return Validation.bookableLine(value, in: project.plan, field: field.label)?.message
        case .stakeholderNames:
            let unknown = names(value).filter { name in !project.stakeholders.contains { $0.name.lowercased() == name.lowercased() } }
            return unknown.isEmpty ? nil : "unbekannte Akteure: \(unknown.joined(separator: ", "))"
        case .date, .optionalDate, .measureStatus, .unitName, .stakeholderName:
            return checkControlling(field, value: value, project: project)
        case .phase, .money, .optionalMoney, .fundingTerm:
            return checkFunding(field, value: value, project: project)
        }
    }
}
