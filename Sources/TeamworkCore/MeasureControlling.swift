/// Maßnahmen-Controlling: where each measure stands now (status, since when, who is responsible),
/// its milestones and a dated progress log. Pure values; the store keeps them in the tables
/// `measure_state`, `milestone` and `progress_note`.

// MARK: - Calendar date

/// A calendar day without time or time zone (Europe/Berlin is implied), for due dates, done
/// dates, status dates and notes. Storage form `2027-03-31`, display `31.03.2027`.
public struct CalendarDate: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    public var year: Int, month: Int, day: Int

    public init(year: Int, month: Int, day: Int) {
        self.year = year; self.month = month; self.day = day
    }

    /// The day of a date and time (its time is dropped).
    public init(_ dateTime: LocalDateTime) {
        self.init(year: dateTime.year, month: dateTime.month, day: dateTime.day)
    }

    /// Parses the storage form `YYYY-MM-DD`; nil for anything else or an impossible day.
    public init?(iso text: String) {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
              parts.allSatisfy({ $0.allSatisfy { $0.isASCII && $0.isNumber } }),
              let y = Int(parts[0]), let m = Int(parts[1]), let d = Int(parts[2]) else { return nil }
        self.init(year: y, month: m, day: d)
        guard isValid else { return nil }
    }

    /// The day `dayNumber` days after 01.01.1970 (negative: before).
    public init(dayNumber: Int) {
        // Howard Hinnant's civil_from_days.
        let z = dayNumber + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        self.init(year: yoe + era * 400 + (m <= 2 ? 1 : 0), month: m, day: d)
    }

    /// Days since 01.01.1970 (Howard Hinnant's days_from_civil).
    public var dayNumber: Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = month > 2 ? month - 3 : month + 9
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    public func adding(days: Int) -> CalendarDate { CalendarDate(dayNumber: dayNumber + days) }

    /// Whole days from `self` to `other` (positive when `other` is later).
    public func days(until other: CalendarDate) -> Int { other.dayNumber - dayNumber }

    /// 0 = Monday … 6 = Sunday.
    public var weekdayIndex: Int { ((dayNumber % 7) + 7 + 3) % 7 }

    /// Monday to Sunday of the week `self` lies in.
    public var week: ClosedRange<CalendarDate> {
        let monday = adding(days: -weekdayIndex)
        return monday...monday.adding(days: 6)
    }

    public var isValid: Bool {
        guard (1900...9999).contains(year), (1...12).contains(month) else { return false }
        let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
        let days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
        return (1...days[month - 1]).contains(day)
    }

    /// `2027-03-31`: storage form, sorts as text.
    public var iso: String { "\(Self.pad(year, 4))-\(Self.pad(month, 2))-\(Self.pad(day, 2))" }

    /// `31.03.2027`.
    public var german: String { "\(Self.pad(day, 2)).\(Self.pad(month, 2)).\(year)" }

    public var description: String { german }

    /// Midnight at the start of the day.
    public var startOfDay: LocalDateTime { LocalDateTime(year: year, month: month, day: day) }

    public static func < (a: CalendarDate, b: CalendarDate) -> Bool {
        (a.year, a.month, a.day) < (b.year, b.month, b.day)
    }

    private static func pad(_ v: Int, _ n: Int) -> String {
        let s = String(v); return String(repeating: "0", count: max(0, n - s.count)) + s
    }
}

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
    public var since: CalendarDate?
    /// The responsible staffing unit (`StaffingUnit.id`), if set.
    public var responsibleUnitID: Int64?
    /// An optional stakeholder responsible with it (`Stakeholder.id`).
    public var stakeholderID: Int64?
    /// Optimistic concurrency; 0 = nothing stored yet for this measure (the initial state).
    public var version: Int64

    public init(measureID: Int64, status: MeasureStatus, since: CalendarDate? = nil, responsibleUnitID: Int64? = nil,
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
    public var due: CalendarDate
    public var done: CalendarDate?
    public var note: String
    public var version: Int64

    public init(id: Int64 = 0, measureID: Int64, title: String, due: CalendarDate, done: CalendarDate? = nil,
                note: String = "", version: Int64 = 1) {
        self.id = id; self.measureID = measureID; self.title = title; self.due = due; self.done = done
        self.note = note; self.version = version
    }

    public var isDone: Bool { done != nil }

    /// Not done and its due day lies before `today` (due today is not overdue).
    public func isOverdue(today: CalendarDate) -> Bool { done == nil && due < today }
}

/// One dated line of a measure's progress log.
public struct ProgressNote: Hashable, Sendable, Codable, Identifiable {
    public var id: Int64
    public var measureID: Int64
    public var date: CalendarDate
    public var text: String
    /// Who wrote it (the audit user), set by the store.
    public var author: String
    public var version: Int64

    public init(id: Int64 = 0, measureID: Int64, date: CalendarDate, text: String, author: String = "",
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
    public func lastActivity(of measure: Measure) -> CalendarDate? {
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
    /// A day in German notation `31.03.2027` (also `1.4.2027`) or the storage form
    /// `2027-03-31`; no time.
    public static func parseDate(_ text: String, field: String = "Datum") throws(FieldError) -> CalendarDate {
        let value = text.trimmingWhitespace()
        guard !value.isEmpty else { throw FieldError(field: field, message: "fehlt (Format TT.MM.JJJJ, z. B. 31.03.2027)") }
        guard !value.contains(where: { $0 == " " || $0 == "T" || $0 == ":" }) else {
            throw FieldError(field: field, message: "\"\(value)\" – nur ein Tag, ohne Uhrzeit (Format TT.MM.JJJJ, z. B. 31.03.2027)")
        }
        let parsed: LocalDateTime
        do {
            parsed = try parseDateTime(value, field: field)
        } catch {
            throw FieldError(field: field, message: error.message.replacing(" HH:MM", with: "").replacing(" 09:30", with: ""))
        }
        return CalendarDate(parsed)
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
