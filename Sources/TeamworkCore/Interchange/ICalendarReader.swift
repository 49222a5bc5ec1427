/// iCalendar (RFC 5545) import of events from other calendars (Google Calendar, Outlook,
/// Thunderbird) and of our own exports.
///
/// The file is unfolded as octets first (a fold may fall inside a multi-byte character), then
/// each value is decoded as UTF-8 (an invalid sequence names its line). `readCalendar` returns
/// one `ImportedEvent` per `VEVENT` in file order; a `VEVENT` with a `RECURRENCE-ID` whose UID
/// has a recurring master is merged into that master as a changed occurrence. `VTODO`,
/// `VJOURNAL` (and other components such as `VFREEBUSY`) are skipped and counted.
///
/// Times in UTC (`…Z`, or a UTC `TZID`) are converted to Berlin time; `TZID=Europe/Berlin` (and
/// zones with the same rules, e.g. Europe/Vienna, W. Europe Standard Time) and floating times
/// are taken as they stand; other zones are refused by name. Seconds are dropped.
/// `VALUE=DATE` events are whole days (end exclusive). Without `DTEND` and `DURATION` an event
/// lasts one day if `DTSTART` is a date and has no length if it is a date-time (RFC 5545 3.6.1).
/// `RRULE` is parsed (`RecurrenceRule`); `ImportedEvent.occurrences(limit:)` expands it.

/// What a calendar file holds.
public struct CalendarFile: Sendable, Hashable {
    public var events: [ImportedEvent]
    /// Skipped components by name (`VTODO`: 2), only those that occurred.
    public var skipped: [String: Int]

    /// `übersprungen: 2 Aufgaben (VTODO), 1 Journaleintrag (VJOURNAL)`, nil if nothing was skipped.
    public var skippedSummary: String? {
        guard !skipped.isEmpty else { return nil }
        let names = ["VTODO": ("Aufgabe", "Aufgaben"), "VJOURNAL": ("Journaleintrag", "Journaleinträge"),
                     "VFREEBUSY": ("Frei/Belegt-Angabe", "Frei/Belegt-Angaben")]
        let parts = skipped.keys.sorted().map { key -> String in
            let n = skipped[key]!
            let noun = names[key].map { n == 1 ? $0.0 : $0.1 } ?? "Komponente(n)"
            return "\(n) \(noun) (\(key))"
        }
        return "übersprungen: " + parts.joined(separator: ", ")
    }
}

extension ICalendar {
    /// All `VEVENT`s of UTF-8 text (one or more `VCALENDAR` objects).
    public static func read(_ text: String) throws(InterchangeError) -> [ImportedEvent] {
        try readCalendar(Array(text.utf8)).events
    }

    /// The calendar file as octets (see the notes at the top of this file).
    public static func readCalendar(_ bytes: [UInt8]) throws(InterchangeError) -> CalendarFile {
        let (lines, lineCount) = try ContentLines.parse(bytes: bytes)
        var stack: [(name: String, line: Int)] = []
        var events: [ImportedEvent] = []
        var skipped: [String: Int] = [:]
        var draft: EventDraft?
        var calendarVersion: String?
        var calendars = 0

        for l in lines {
            switch l.name {
            case "BEGIN":
                let component = l.value.contentTrimmed.uppercased()
                guard !component.isEmpty else {
                    throw InterchangeError(line: l.number, reason: "BEGIN ohne Komponentenname")
                }
                if stack.isEmpty {
                    guard component == "VCALENDAR" else {
                        throw InterchangeError(line: l.number,
                                               reason: "erwartet wird BEGIN:VCALENDAR, nicht BEGIN:\(l.value)")
                    }
                    calendars += 1
                    calendarVersion = nil
                } else if component == "VCALENDAR" {
                    throw InterchangeError(line: l.number, reason: "BEGIN:VCALENDAR innerhalb von BEGIN:\(stack.last!.name) "
                        + "ab Zeile \(stack.last!.line)")
                } else if component == "VEVENT" {
                    guard stack.count == 1 else {
                        throw InterchangeError(line: l.number, reason: "VEVENT innerhalb von \(stack.last!.name) "
                            + "ab Zeile \(stack.last!.line); erlaubt nur direkt im VCALENDAR")
                    }
                    draft = EventDraft(line: l.number)
                } else if stack.count == 1 && ["VTODO", "VJOURNAL", "VFREEBUSY"].contains(component) {
                    skipped[component, default: 0] += 1
                }
                stack.append((component, l.number))
            case "END":
                let component = l.value.contentTrimmed.uppercased()
                guard let top = stack.last else {
                    throw InterchangeError(line: l.number, reason: "END:\(l.value) ohne zugehöriges BEGIN")
                }
                guard component == top.name else {
                    throw InterchangeError(line: l.number,
                                           reason: "END:\(l.value) passt nicht zu BEGIN:\(top.name) in Zeile \(top.line)")
                }
                stack.removeLast()
                if component == "VEVENT", let d = draft {
                    events.append(try d.finish(endLine: l.number))
                    draft = nil
                } else if component == "VCALENDAR" {
                    guard calendarVersion != nil else {
                        throw InterchangeError(line: l.number, reason: "VERSION fehlt im VCALENDAR ab Zeile \(top.line)")
                    }
                }
            default:
                guard let top = stack.last else {
                    throw InterchangeError(line: l.number,
                                           reason: "\(l.name) steht außerhalb von BEGIN:VCALENDAR … END:VCALENDAR")
                }
                if top.name == "VEVENT" {
                    try draft?.add(l)
                } else if top.name == "VCALENDAR" && l.name == "VERSION" {
                    let version = l.value.contentTrimmed
                    guard version == "2.0" else {
                        throw InterchangeError(line: l.number,
                                               reason: "iCalendar-Version \"\(version)\" wird nicht unterstützt (erwartet 2.0)")
                    }
                    calendarVersion = version
                }
            }
        }
        if let top = stack.last {
            throw InterchangeError(line: max(lineCount, 1),
                                   reason: "END:\(top.name) fehlt (BEGIN:\(top.name) in Zeile \(top.line))")
        }
        guard calendars > 0 else {
            throw InterchangeError(line: max(lineCount, 1),
                                   reason: "keine Kalenderdaten gefunden (BEGIN:VCALENDAR fehlt)")
        }
        return CalendarFile(events: mergeOverrides(events), skipped: skipped)
    }

    /// Changed occurrences (`RECURRENCE-ID`) into their recurring master of the same UID.
    static func mergeOverrides(_ events: [ImportedEvent]) -> [ImportedEvent] {
        var masterIndex: [String: Int] = [:]
        var result: [ImportedEvent] = []
        for e in events where e.recurrenceID.isEmpty || e.recurrence != nil {
            if e.recurrence != nil && masterIndex[e.uid] == nil { masterIndex[e.uid] = result.count }
            result.append(e)
        }
        for e in events where !e.recurrenceID.isEmpty && e.recurrence == nil {
            if let i = masterIndex[e.uid] { result[i].overrides.append(e) } else { result.append(e) }
        }
        return result.sorted { $0.line < $1.line }
    }

    /// Properties of one VEVENT as they come in.
    private struct EventDraft {
        var line: Int
        var uid: String?
        var summary: String?
        var location: String?
        var description: String?
        var ownNotes: String?
        var categories: [String] = []
        var start: Moment?
        var end: Moment?
        var duration: (minutes: Int, line: Int)?
        var organiser: String?
        var organizer: String?
        var attendees: [ImportedEvent.Attendee] = []
        var measureID: Int64?
        var stakeholderIDs: [Int64] = []
        var seriesID: Int64?
        var rrule: (text: String, line: Int)?
        var exdates: [LocalDateTime] = []
        var exdays: Set<String> = []
        var recurrenceID: Moment?
        var seen: Set<String> = []

        init(line: Int) { self.line = line }

        mutating func add(_ l: ContentLines.Line) throws(InterchangeError) {
            let once: Set<String> = ["UID", "DTSTART", "DTEND", "DURATION", "RECURRENCE-ID"]
            if once.contains(l.name) {
                guard !seen.contains(l.name) else {
                    throw InterchangeError(line: l.number, reason: "\(l.name) kommt im VEVENT ab Zeile \(line) mehrfach vor")
                }
                seen.insert(l.name)
            }
            switch l.name {
            case "UID": uid = l.value.contentTrimmed
            case "SUMMARY": if summary == nil { summary = ContentLines.unescape(l.value) }
            case "LOCATION": if location == nil { location = ContentLines.unescape(l.value) }
            case "DESCRIPTION": if description == nil { description = ContentLines.unescape(l.value) }
            case "X-TEAMWORK-NOTES": if ownNotes == nil { ownNotes = ContentLines.unescape(l.value) }
            case "CATEGORIES": categories += ContentLines.textList(l.value).filter { !$0.isEmpty }
            case "DTSTART": start = try Moment(l)
            case "DTEND": end = try Moment(l)
            case "RECURRENCE-ID": recurrenceID = try Moment(l)
            case "DURATION": duration = (try parseDuration(l), l.number)
            case "RRULE": if rrule == nil { rrule = (l.value.contentTrimmed, l.number) }
            case "EXDATE":
                for part in l.value.split(separator: ",") {
                    let m = try Moment(l, value: String(part))
                    if m.isDate { exdays.insert(ICalendar.dateValue(m.time)) } else { exdates.append(m.time) }
                }
            case "ORGANIZER":
                if organizer == nil {
                    let cn = l.param("CN") ?? ""
                    let address = Self.address(l.value)
                    organizer = cn.isEmpty ? address : cn
                }
            case "ATTENDEE":
                let a = ImportedEvent.Attendee(name: (l.param("CN") ?? "").contentTrimmed, email: Self.address(l.value))
                if !a.display.isEmpty && !attendees.contains(a) { attendees.append(a) }
            case "X-TEAMWORK-ORGANISER": organiser = ContentLines.unescape(l.value)
            case "X-TEAMWORK-MEASURE": measureID = try number(l)
            case "X-TEAMWORK-SERIES": seriesID = try number(l)
            case "X-TEAMWORK-STAKEHOLDERS":
                stakeholderIDs = []
                for part in l.value.split(separator: ",") {
                    guard let n = Int64(part.contentTrimmed) else {
                        throw InterchangeError(line: l.number, reason: "\"\(part)\" ist keine Nummer")
                    }
                    stakeholderIDs.append(n)
                }
            default: break
            }
        }

        /// `mailto:anna@example.org` → `anna@example.org`.
        private static func address(_ value: String) -> String {
            let v = value.contentTrimmed
            return v.lowercased().hasPrefix("mailto:") ? String(v.dropFirst(7)) : v
        }

        private func number(_ l: ContentLines.Line) throws(InterchangeError) -> Int64 {
            guard let n = Int64(l.value.contentTrimmed) else {
                throw InterchangeError(line: l.number, reason: "\"\(l.value)\" ist keine Nummer")
            }
            return n
        }

        func finish(endLine: Int) throws(InterchangeError) -> ImportedEvent {
            guard let uid, !uid.isEmpty else {
                throw InterchangeError(line: endLine, reason: "UID fehlt im VEVENT ab Zeile \(line)")
            }
            guard let start else {
                throw InterchangeError(line: endLine, reason: "DTSTART fehlt im VEVENT ab Zeile \(line)")
            }
            let finish: LocalDateTime
            if let end {
                guard start.time <= end.time else {
                    throw InterchangeError(line: end.line, reason: "DTEND (\(end.time.german)) liegt vor DTSTART "
                        + "(\(start.time.german))")
                }
                finish = end.time
            } else if let duration {
                finish = BerlinClock.adding(duration.minutes, to: start.time)
                guard finish.isValid else {
                    throw InterchangeError(line: duration.line, reason: "DURATION reicht über das Jahr 9999 hinaus")
                }
            } else {
                // RFC 5545 3.6.1: a date lasts one day, a date-time has no length.
                finish = BerlinClock.adding(start.isDate ? 1440 : 0, to: start.time)
            }
            var rule: RecurrenceRule?
            if let rrule {
                do { rule = try RecurrenceRule(rrule.text) } catch {
                    throw InterchangeError(line: rrule.line, reason: error.reason)
                }
            }
            var event = ImportedEvent(
                uid: uid, title: summary ?? "", format: categories.joined(separator: ", "),
                start: start.time, end: finish, allDay: start.isDate, place: location ?? "",
                description: description ?? "", notes: ownNotes ?? description ?? "", attendees: attendees,
                organiser: organiser ?? organizer ?? "", measureID: measureID, stakeholderIDs: stakeholderIDs,
                seriesID: seriesID, recurrenceRule: rrule?.text, recurrence: rule, ruleStart: start.wall,
                ruleInUTC: start.isUTC, exceptionDates: exdates,
                recurrenceID: recurrenceID.map { ImportedEvent.recurrenceKey($0.time, allDay: $0.isDate) } ?? "",
                line: line)
            event.exceptionDays = exdays
            return event
        }
    }

    /// A DTSTART/DTEND value in Berlin time.
    struct Moment {
        var time: LocalDateTime
        var isDate: Bool
        var line: Int
        /// As written (before conversion to Berlin) and whether that was UTC.
        var wall: LocalDateTime
        var isUTC = false

        init(_ l: ContentLines.Line, value: String? = nil) throws(InterchangeError) {
            line = l.number
            let v = (value ?? l.value).contentTrimmed
            let badDate = InterchangeError(line: l.number, reason: "\"\(v)\" ist kein gültiges Datum")
            let chars = Array(v.utf8)
            func digits(_ a: Int, _ b: Int) -> Int? {
                guard b <= chars.count, chars[a..<b].allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else { return nil }
                return chars[a..<b].reduce(0) { $0 * 10 + Int($1 - 0x30) }
            }
            guard chars.count >= 8, let y = digits(0, 4), let mo = digits(4, 6), let d = digits(6, 8) else { throw badDate }
            let date = LocalDateTime(year: y, month: mo, day: d)
            guard date.isValid else { throw badDate }
            if l.param("VALUE")?.uppercased() == "DATE" || chars.count == 8 {
                guard chars.count == 8 else { throw badDate }
                time = date; isDate = true; wall = date
                return
            }
            isDate = false
            let utc = chars.count == 16 && (chars[15] == UInt8(ascii: "Z") || chars[15] == UInt8(ascii: "z"))
            guard chars.count == 15 || utc, chars[8] == UInt8(ascii: "T") || chars[8] == UInt8(ascii: "t") else {
                throw badDate
            }
            guard let h = digits(9, 11), let mi = digits(11, 13), let s = digits(13, 15), h < 24, mi < 60, s <= 60 else {
                throw InterchangeError(line: l.number, reason: "\"\(v)\" ist keine gültige Uhrzeit")
            }
            let local = LocalDateTime(year: y, month: mo, day: d, hour: h, minute: mi)
            wall = local
            if utc {
                time = UTCDateTime(year: y, month: mo, day: d, hour: h, minute: mi).berlin; isUTC = true
            } else if let zone = l.param("TZID") {
                switch BerlinClock.zone(zone) {
                case .berlin?: time = local
                case .utc?: time = UTCDateTime(year: y, month: mo, day: d, hour: h, minute: mi).berlin; isUTC = true
                case nil:
                    throw InterchangeError(line: l.number, reason: "Zeitzone \"\(zone)\" wird nicht unterstützt "
                        + "(erwartet Europe/Berlin, UTC oder Ortszeit ohne Zeitzone)")
                }
            } else {
                time = local
            }
        }
    }

    /// `P1D`, `PT1H30M`, `P2W`, `P1DT2H`, `+PT15M`; in minutes, seconds dropped.
    private static func parseDuration(_ l: ContentLines.Line) throws(InterchangeError) -> Int {
        let v = l.value.contentTrimmed
        let bad = InterchangeError(line: l.number, reason: "\"\(v)\" ist keine gültige Dauer (erwartet z. B. PT1H30M oder P1D)")
        var rest = Substring(v.uppercased())
        if rest.hasPrefix("-") {
            throw InterchangeError(line: l.number, reason: "negative Dauer \"\(v)\" ist für ein Ende nicht zulässig")
        }
        if rest.hasPrefix("+") { rest = rest.dropFirst() }
        guard rest.hasPrefix("P") else { throw bad }
        rest = rest.dropFirst()
        var seconds = 0, number = "", inTime = false, any = false
        for c in rest {
            if c.isASCII && c.isNumber {
                number.append(c)
                guard number.count <= 9 else { throw bad }
                continue
            }
            if c == "T" {
                guard number.isEmpty, !inTime else { throw bad }
                inTime = true
                continue
            }
            guard let n = Int(number) else { throw bad }
            let unit: Int
            switch (c, inTime) {
            case ("W", false): unit = 604_800
            case ("D", false): unit = 86_400
            case ("H", true): unit = 3600
            case ("M", true): unit = 60
            case ("S", true): unit = 1
            default: throw bad
            }
            seconds += n * unit
            number = ""
            any = true
        }
        guard number.isEmpty, any else { throw bad }
        return seconds / 60
    }
}

