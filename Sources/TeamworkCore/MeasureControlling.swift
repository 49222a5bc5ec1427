/// Maßnahmen-Controlling: where each measure stands now (status, since when, who is responsible),
/// its milestones and a dated progress log. Pure values; the store keeps them in the tables
/// `measure_state`, `milestone` and `progress_note`.

// MARK: - Status

/// Where a measure stands. Stored by its raw value; shown and typed by its German title.
public enum MeasureStatus: String, CaseIterable, Sendable, Codable {
    case planned, preparing, inProgress, completed, postponed, stopped

    /// `geplant`, `in Vorbereitung`, `in Umsetzung`, `abgeschlossen`, `verschoben`, `gestoppt`.
    public var title: String {
        switch self {
        case .planned: "geplant"
        case .preparing: "in Vorbereitung"
        case .inProgress: "in Umsetzung"
        case .completed: "abgeschlossen"
        case .postponed: "verschoben"
        case .stopped: "gestoppt"
        }
    }

    /// The valid words, for messages: `geplant, in Vorbereitung, …, gestoppt`.
    public static var titles: String { allCases.map(\.title).joined(separator: ", ") }

    /// The German word, case-insensitively, with or without the leading "in" (`umsetzung`,
    /// `In Umsetzung`, `in-umsetzung`), or a unique beginning of it (`abgeschl`); nil otherwise.
    public static func parse(_ text: String) -> MeasureStatus? {
        let words = text.lowercased()
            .split(whereSeparator: { $0 == " " || $0 == "_" || $0 == "-" || $0 == "\t" })
        let key = words.joined(separator: " ")
        guard !key.isEmpty else { return nil }
        func names(_ s: MeasureStatus) -> [String] {
            let t = s.title.lowercased()
            return t.hasPrefix("in ") ? [t, String(t.dropFirst(3))] : [t]
        }
        if let exact = allCases.first(where: { names($0).contains(key) }) { return exact }
        let candidates = allCases.filter { names($0).contains { $0.hasPrefix(key) } }
        return candidates.count == 1 ? candidates[0] : nil
    }
}

// MARK: - Records

/// Status and responsibility of one measure.
public struct MeasureState: Hashable, Sendable, Codable {
    public var measureID: Int64
    public var status: MeasureStatus
    /// The day the status was set; nil when unknown (the seed: the application gives no dates).
    public var since: LocalDate?
    /// The responsible staffing unit (`StaffingUnit.id`), if set.
    public var responsibleUnitID: Int64?
    /// An optional stakeholder responsible with it (`Stakeholder.id`).
    public var stakeholderID: Int64?
    /// Optimistic concurrency; 0 = nothing stored yet for this measure (the initial state).
    public var version: Int64

    public init(measureID: Int64, status: MeasureStatus, since: LocalDate? = nil, responsibleUnitID: Int64? = nil,
                stakeholderID: Int64? = nil, version: Int64 = 0) {
        self.measureID = measureID; self.status = status; self.since = since
        self.responsibleUnitID = responsibleUnitID; self.stakeholderID = stakeholderID; self.version = version
    }

    /// The state of a measure nobody has set yet: a measure the application reports as
    /// implemented (I.6) is `abgeschlossen`, every other `geplant`; no date, nobody responsible.
    public static func initial(for measure: Measure) -> MeasureState {
        MeasureState(measureID: measure.id, status: measure.stage == .implemented ? .completed : .planned)
    }
}

/// A milestone of a measure: due on a day, done on a day (or not yet).
public struct Milestone: Hashable, Sendable, Codable, Identifiable {
    public var id: Int64
    public var measureID: Int64
    public var title: String
    public var due: LocalDate
    public var done: LocalDate?
    public var note: String
    public var version: Int64

    public init(id: Int64 = 0, measureID: Int64, title: String, due: LocalDate, done: LocalDate? = nil,
                note: String = "", version: Int64 = 1) {
        self.id = id; self.measureID = measureID; self.title = title; self.due = due; self.done = done
        self.note = note; self.version = version
    }

    public var isDone: Bool { done != nil }

    /// Not done and its due day lies before `today` (due today is not overdue).
    public func isOverdue(today: LocalDate) -> Bool { done == nil && due < today }
}

/// One dated line of a measure's progress log.
public struct ProgressNote: Hashable, Sendable, Codable, Identifiable {
    public var id: Int64
    public var measureID: Int64
    public var date: LocalDate
    public var text: String
    /// Who wrote it (the audit user), set by the store.
    public var author: String
    public var version: Int64

    public init(id: Int64 = 0, measureID: Int64, date: LocalDate, text: String, author: String = "",
                version: Int64 = 1) {
        self.id = id; self.measureID = measureID; self.date = date; self.text = text; self.author = author
        self.version = version
    }
}

/// Everything the controlling knows, as loaded from the store.
public struct MeasureControlling: Hashable, Sendable {
    /// Stored states; a measure without one is in `MeasureState.initial(for:)`.
    public var states: [MeasureState]
    public var milestones: [Milestone]
    public var notes: [ProgressNote]

    public init(states: [MeasureState] = [], milestones: [Milestone] = [], notes: [ProgressNote] = []) {
        self.states = states; self.milestones = milestones; self.notes = notes
    }

    /// The stored state of `measure`, else its initial state.
    public func state(of measure: Measure) -> MeasureState {
        states.first { $0.measureID == measure.id } ?? .initial(for: measure)
    }

    /// Milestones of a measure by due day, then title.
    public func milestones(of measureID: Int64) -> [Milestone] {
        milestones.filter { $0.measureID == measureID }.sorted { ($0.due, $0.title, $0.id) < ($1.due, $1.title, $1.id) }
    }

    /// The progress log of a measure, oldest first.
    public func notes(of measureID: Int64) -> [ProgressNote] {
        notes.filter { $0.measureID == measureID }.sorted { ($0.date, $0.id) < ($1.date, $1.id) }
    }

    /// The open milestone due first, nil when every milestone is done (or there is none).
    public func nextMilestone(of measureID: Int64) -> Milestone? {
        milestones(of: measureID).first { !$0.isDone }
    }

    /// The latest day something happened: status set, a note written, a milestone done.
    public func lastActivity(of measure: Measure) -> LocalDate? {
        let dates = [state(of: measure).since].compactMap { $0 }
            + notes.filter { $0.measureID == measure.id }.map(\.date)
            + milestones.filter { $0.measureID == measure.id }.compactMap(\.done)
        return dates.max()
    }
}

// MARK: - Numbering

extension Measure {
    /// Where the application lists the measure, and the number the measures pane and the CLI
    /// use: "I.6-1", "IV.1-1", "IV.2-3".
    public var reference: String {
        switch stage {
        case .implemented: "I.6-\(number)"
        case .strategy: "IV.1-\(number)"
        case .implementation: "IV.2-\(number)"
        }
    }
}

extension Sequence where Element == Measure {
    /// The measure numbered `reference` ("IV.2-1", case-insensitive, spaces ignored).
    public func measure(reference: String) -> Measure? {
        let key = reference.filter { !$0.isWhitespace }.uppercased()
        return first { $0.reference.uppercased() == key }
    }
}

// MARK: - Validation

extension Validation {
    /// A day in German notation `31.03.2027` (also `1.4.2027`) or the storage form `2027-03-31`.
    public static func parseDate(_ text: String, field: String = "Datum") throws(FieldError) -> LocalDate {
        try LocalDate.parse(text, field: field)
    }

    /// The German status word (see `MeasureStatus.parse`).
    public static func parseStatus(_ text: String, field: String = "Status") throws(FieldError) -> MeasureStatus {
        if let status = MeasureStatus.parse(text) { return status }
        let value = text.trimmingWhitespace()
        throw FieldError(field: field, message: (value.isEmpty ? "fehlt" : "\"\(value)\" ist kein Status")
            + " – möglich: \(MeasureStatus.titles)")
    }

    /// Title required, one line, at most 200 characters; due and done real days (done may lie
    /// before the due day: work can finish early).
    public static func validate(_ milestone: Milestone) -> [FieldError] {
        var errors: [FieldError] = []
        if let e = required(milestone.title, field: "Titel") { errors.append(e) }
        if milestone.title.count > 200 { errors.append(FieldError(field: "Titel", message: "höchstens 200 Zeichen")) }
        if milestone.title.contains(where: \.isNewline) {
            errors.append(FieldError(field: "Titel", message: "eine Zeile, ohne Zeilenumbruch"))
        } else if hasControlCharacters(milestone.title) {
            errors.append(FieldError(field: "Titel", message: "enthält Steuerzeichen"))
        }
        if hasControlCharacters(milestone.note, allowing: ["\n", "\t"]) {
            errors.append(FieldError(field: "Notiz", message: "enthält Steuerzeichen"))
        }
        if !milestone.due.isValid {
            errors.append(FieldError(field: "Fällig", message: "\(milestone.due.iso) ist kein gültiger Tag"))
        }
        if let done = milestone.done, !done.isValid {
            errors.append(FieldError(field: "Erledigt", message: "\(done.iso) ist kein gültiger Tag"))
        }
        return errors
    }

    /// Text required, at most 2 000 characters; a real day.
    public static func validate(_ note: ProgressNote) -> [FieldError] {
        var errors: [FieldError] = []
        if let e = required(note.text, field: "Notiz") { errors.append(e) }
        if note.text.count > 2000 { errors.append(FieldError(field: "Notiz", message: "höchstens 2000 Zeichen")) }
        if hasControlCharacters(note.text, allowing: ["\n", "\t"]) {
            errors.append(FieldError(field: "Notiz", message: "enthält Steuerzeichen"))
        }
        if !note.date.isValid { errors.append(FieldError(field: "Datum", message: "\(note.date.iso) ist kein gültiger Tag")) }
        return errors
    }

    /// C0/C1 control characters (ESC above all), DEL and bidi overrides, except `allowed`.
    static func hasControlCharacters(_ text: String, allowing allowed: Set<Unicode.Scalar> = []) -> Bool {
        text.unicodeScalars.contains { s in
            guard !allowed.contains(s) else { return false }
            let v = s.value
            return v < 0x20 || v == 0x7F || (0x80...0x9F).contains(v) || (0x202A...0x202E).contains(v)
                || (0x2066...0x2069).contains(v)
        }
    }

    /// A status date, when given, must be a real day.
    public static func validate(_ state: MeasureState) -> [FieldError] {
        guard let since = state.since, !since.isValid else { return [] }
        return [FieldError(field: "Status seit", message: "\(since.iso) ist kein gültiger Tag")]
    }
}
