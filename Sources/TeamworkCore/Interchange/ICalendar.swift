/// iCalendar (RFC 5545) export of the dated events and import of events from other calendars.
///
/// Export: one `VCALENDAR` with a `VTIMEZONE` for Europe/Berlin (CET/CEST, EU rules) and one
/// `VEVENT` per `Event`, in the given order. Times are Berlin wall-clock times
/// (`DTSTART;TZID=Europe/Berlin:20260504T093000`); an event that runs from midnight to a later
/// midnight is written as an all-day event (`DTSTART;VALUE=DATE:20260504`, `DTEND` exclusive).
/// `UID` is `event-<id>@<uidDomain>`, stable across exports. The organiser has no e-mail address,
/// so there is no `ORGANIZER`; it goes into `DESCRIPTION` (with format, measure, stakeholders
/// and series) for people, and into `X-TEAMWORK-*` properties for a lossless re-import:
/// `X-TEAMWORK-ORGANISER` (text), `X-TEAMWORK-MEASURE` (measure id), `X-TEAMWORK-STAKEHOLDERS`
/// (ids, comma-separated), `X-TEAMWORK-SERIES` (series id). Other programs ignore these.
///
/// Series (`EventSeries`) have no date and are not exported as events; `series` only names the
/// series of an event in its description (`Reihe: Smart-City-Forum (jährlich)`).
///
/// Import: `read` returns one `ImportedEvent` per `VEVENT`, in file order. Times in UTC (`…Z`,
/// or a UTC `TZID`) are converted to Berlin time; `TZID=Europe/Berlin` (and zones with the
/// same rules, e.g. Europe/Vienna, W. Europe Standard Time) and floating times are taken as
/// they stand; other zones are rejected. Seconds are dropped. Recurrence rules are not
/// expanded: the first occurrence is imported, the rule is kept in `recurrenceRule`.
/// The Berlin rules (last Sunday of March 01:00 UTC to last Sunday of October 01:00 UTC)
/// are applied to every year, also before 1996 when they were different.

/// A point in time in UTC, to the second.
public struct UTCDateTime: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    public var year: Int, month: Int, day: Int, hour: Int, minute: Int, second: Int

    public init(year: Int, month: Int, day: Int, hour: Int = 0, minute: Int = 0, second: Int = 0) {
        self.year = year; self.month = month; self.day = day
        self.hour = hour; self.minute = minute; self.second = second
    }

    /// From seconds since 1970-01-01 00:00:00 UTC (e.g. `Int64(Date().timeIntervalSince1970)`).
    public init(unixTime: Int64) {
        let t = Int(unixTime)
        let days = BerlinClock.floorDiv(t, 86_400)
        let rest = t - days * 86_400
        let (y, m, d) = BerlinClock.civil(days)
        self.init(year: y, month: m, day: d, hour: rest / 3600, minute: rest / 60 % 60, second: rest % 60)
    }

    /// The UTC instant at which Berlin's clocks show `berlin`. A time in the spring gap is taken
    /// as CET (02:30 → 01:30 UTC); a time that occurs twice in autumn as the first, CEST one.
    public init(berlin: LocalDateTime) {
        let local = BerlinClock.minutes(berlin)
        var utc = local - 120
        if BerlinClock.offset(utcMinutes: utc) != 120 { utc = local - 60 }
        self.init(unixTime: Int64(utc) * 60)
    }

    /// Seconds since 1970-01-01 00:00:00 UTC.
    public var unixTime: Int64 {
        Int64(BerlinClock.days(year, month, day)) * 86_400 + Int64(hour * 3600 + minute * 60 + second)
    }

    /// iCalendar form `20260504T073000Z`.
    public var basic: String {
        BerlinClock.pad(year, 4) + BerlinClock.pad(month, 2) + BerlinClock.pad(day, 2) + "T"
            + BerlinClock.pad(hour, 2) + BerlinClock.pad(minute, 2) + BerlinClock.pad(second, 2) + "Z"
    }

    public var description: String { basic }

    /// The same instant on Berlin's wall clock (CET +01:00 or CEST +02:00), seconds dropped.
    public var berlin: LocalDateTime {
        let utc = BerlinClock.days(year, month, day) * 1440 + hour * 60 + minute
        return BerlinClock.local(utc + BerlinClock.offset(utcMinutes: utc))
    }

    public var isValid: Bool {
        LocalDateTime(year: year, month: month, day: day, hour: hour, minute: minute).isValid && (0...60).contains(second)
    }

    public static func < (a: UTCDateTime, b: UTCDateTime) -> Bool {
        (a.year, a.month, a.day, a.hour, a.minute, a.second) < (b.year, b.month, b.day, b.hour, b.minute, b.second)
    }
}

/// One `VEVENT` as read from a file.
public struct ImportedEvent: Hashable, Sendable {
    public var uid: String
    /// `SUMMARY` (empty if missing).
    public var title: String
    /// `CATEGORIES`, several joined with `, `.
    public var format: String
    /// Berlin local time.
    public var start: LocalDateTime
    /// Berlin local time; for all-day events the (exclusive) next day at 00:00.
    public var end: LocalDateTime
    /// `DTSTART` was a date without time.
    public var allDay: Bool
    /// `LOCATION`
    public var place: String
    /// `DESCRIPTION`
    public var description: String
    /// `X-TEAMWORK-ORGANISER`, else the `CN` (or address) of `ORGANIZER`, else empty.
    public var organiser: String
    /// From `X-TEAMWORK-MEASURE`, `X-TEAMWORK-STAKEHOLDERS`, `X-TEAMWORK-SERIES` (our own exports).
    public var measureID: Int64?
    public var stakeholderIDs: [Int64]
    public var seriesID: Int64?
    /// `RRULE` as written, if the event recurs (only its first occurrence is imported).
    public var recurrenceRule: String?
    /// Line of `BEGIN:VEVENT`.
    public var line: Int

    public init(uid: String, title: String, format: String = "", start: LocalDateTime, end: LocalDateTime,
                allDay: Bool = false, place: String = "", description: String = "", organiser: String = "",
                measureID: Int64? = nil, stakeholderIDs: [Int64] = [], seriesID: Int64? = nil,
                recurrenceRule: String? = nil, line: Int = 0) {
        self.uid = uid; self.title = title; self.format = format; self.start = start; self.end = end
        self.allDay = allDay; self.place = place; self.description = description; self.organiser = organiser
        self.measureID = measureID; self.stakeholderIDs = stakeholderIDs; self.seriesID = seriesID
        self.recurrenceRule = recurrenceRule; self.line = line
    }

    /// The event id if the UID is one of ours (`event-<id>@<uidDomain>`), else nil.
    public func eventID(uidDomain: String = ICalendar.defaultUIDDomain) -> Int64? {
        let prefix = "event-", suffix = "@" + uidDomain
        guard uid.hasPrefix(prefix), uid.hasSuffix(suffix), uid.count > prefix.count + suffix.count else { return nil }
        return Int64(uid.dropFirst(prefix.count).dropLast(suffix.count))
    }

    /// As a project event. Exporting it again gives the same `VEVENT` as the file it came from,
    /// if that was our own export (same id, names and `now`).
    public func event(id: Int64, version: Int64 = 1) -> Event {
        Event(id: id, seriesID: seriesID, title: title, format: format, start: start, end: end, place: place,
              organiser: organiser, measureID: measureID, stakeholderIDs: stakeholderIDs, version: version)
    }
}

public enum ICalendar {
    public static let defaultUIDDomain = "teamwork.schwerin.de"
    public static let productID = "-//Smart City Schwerin//teamwork//DE"
    public static let timeZoneID = "Europe/Berlin"

    /// `event-<id>@<uidDomain>`
    public static func uid(eventID: Int64, uidDomain: String = defaultUIDDomain) -> String {
        "event-\(eventID)@\(uidDomain)"
    }

    /// The calendar as iCalendar text (UTF-8, CRLF, folded at 75 octets).
    /// - Parameters:
    ///   - series: names the series of an event in its description; series themselves are not exported.
    ///   - stakeholderNames, measureTitles: for the description; unknown ids appear as `#<id>`.
    ///   - now: the `DTSTAMP` of every event.
    public static func write(events: [Event], series: [EventSeries]?, stakeholderNames: [Int64: String],
                             measureTitles: [Int64: String], uidDomain: String = defaultUIDDomain,
                             now: UTCDateTime) -> String {
        typealias L = ContentLines
        var out = ""
        out.reserveCapacity(900 + events.count * 500)
        out += L.line("BEGIN", "VCALENDAR")
        out += L.line("VERSION", "2.0")
        out += L.line("PRODID", productID)
        out += L.line("CALSCALE", "GREGORIAN")
        out += timeZone
        let stamp = now.basic
        for event in events {
            out += L.line("BEGIN", "VEVENT")
            out += L.line("UID", uid(eventID: event.id, uidDomain: uidDomain))
            out += L.line("DTSTAMP", stamp)
            if isAllDay(event) {
                out += L.line("DTSTART", dateValue(event.start), params: ";VALUE=DATE")
                out += L.line("DTEND", dateValue(event.end), params: ";VALUE=DATE")
            } else {
                out += L.line("DTSTART", dateTimeValue(event.start), params: ";TZID=\(timeZoneID)")
                out += L.line("DTEND", dateTimeValue(event.end), params: ";TZID=\(timeZoneID)")
            }
            out += L.text("SUMMARY", event.title)
            if !event.place.isEmpty { out += L.text("LOCATION", event.place) }
            let text = description(of: event, series: series, stakeholderNames: stakeholderNames,
                                   measureTitles: measureTitles)
            if !text.isEmpty { out += L.text("DESCRIPTION", text) }
            if !event.format.isEmpty { out += L.text("CATEGORIES", event.format) }
            if !event.organiser.isEmpty { out += L.text("X-TEAMWORK-ORGANISER", event.organiser) }
            if let measure = event.measureID { out += L.line("X-TEAMWORK-MEASURE", String(measure)) }
            if !event.stakeholderIDs.isEmpty {
                out += L.line("X-TEAMWORK-STAKEHOLDERS", event.stakeholderIDs.map(String.init).joined(separator: ","))
            }
            if let s = event.seriesID { out += L.line("X-TEAMWORK-SERIES", String(s)) }
            out += L.line("END", "VEVENT")
        }
        out += L.line("END", "VCALENDAR")
        return out
    }

    /// The description lines: format, organiser, measure, stakeholders, series (those that are set).
    static func description(of event: Event, series: [EventSeries]?, stakeholderNames: [Int64: String],
                            measureTitles: [Int64: String]) -> String {
        var lines: [String] = []
        if !event.format.isEmpty { lines.append("Format: \(event.format)") }
        if !event.organiser.isEmpty { lines.append("Veranstalter: \(event.organiser)") }
        if let m = event.measureID { lines.append("Maßnahme: \(measureTitles[m] ?? "#\(m)")") }
        if !event.stakeholderIDs.isEmpty {
            lines.append("Beteiligte: " + event.stakeholderIDs.map { stakeholderNames[$0] ?? "#\($0)" }
                .joined(separator: ", "))
        }
        if let id = event.seriesID, let s = series?.first(where: { $0.id == id }) {
            lines.append("Reihe: \(s.title)" + (s.cadence.isEmpty ? "" : " (\(s.cadence))"))
        }
        return lines.joined(separator: "\n")
    }

    /// Europe/Berlin with the EU rules since 1996 (RRULE from 1970, as common calendar programs write it).
    static let timeZone: String = [
        "BEGIN:VTIMEZONE",
        "TZID:Europe/Berlin",
        "BEGIN:DAYLIGHT",
        "TZOFFSETFROM:+0100",
        "TZOFFSETTO:+0200",
        "TZNAME:CEST",
        "DTSTART:19700329T020000",
        "RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU",
        "END:DAYLIGHT",
        "BEGIN:STANDARD",
        "TZOFFSETFROM:+0200",
        "TZOFFSETTO:+0100",
        "TZNAME:CET",
        "DTSTART:19701025T030000",
        "RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU",
        "END:STANDARD",
        "END:VTIMEZONE",
    ].map { $0 + "\r\n" }.joined()

    static func isAllDay(_ e: Event) -> Bool {
        e.start.hour == 0 && e.start.minute == 0 && e.end.hour == 0 && e.end.minute == 0 && e.start < e.end
    }

    static func dateValue(_ t: LocalDateTime) -> String {
        BerlinClock.pad(t.year, 4) + BerlinClock.pad(t.month, 2) + BerlinClock.pad(t.day, 2)
    }

    static func dateTimeValue(_ t: LocalDateTime) -> String {
        dateValue(t) + "T" + BerlinClock.pad(t.hour, 2) + BerlinClock.pad(t.minute, 2) + "00"
    }

    // MARK: Reading

    /// All `VEVENT`s of the text (one or more `VCALENDAR` objects).
    public static func read(_ text: String) throws(InterchangeError) -> [ImportedEvent] {
        let (lines, lineCount) = try ContentLines.parse(text)
        var stack: [(name: String, line: Int)] = []
        var events: [ImportedEvent] = []
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
        return events
    }

    /// Properties of one VEVENT as they come in.
    private struct EventDraft {
        var line: Int
        var uid: String?
        var summary: String?
        var location: String?
        var description: String?
        var categories: [String] = []
        var start: Moment?
        var end: Moment?
        var duration: (minutes: Int, line: Int)?
        var organiser: String?
        var organizer: String?
        var measureID: Int64?
        var stakeholderIDs: [Int64] = []
        var seriesID: Int64?
        var rrule: String?
        var seen: Set<String> = []

        init(line: Int) { self.line = line }

        mutating func add(_ l: ContentLines.Line) throws(InterchangeError) {
            let once: Set<String> = ["UID", "DTSTART", "DTEND", "DURATION"]
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
            case "CATEGORIES": categories += ContentLines.textList(l.value).filter { !$0.isEmpty }
            case "DTSTART": start = try Moment(l)
            case "DTEND": end = try Moment(l)
            case "DURATION": duration = (try parseDuration(l), l.number)
            case "RRULE": if rrule == nil { rrule = l.value }
            case "ORGANIZER":
                if organizer == nil {
                    let cn = l.param("CN") ?? ""
                    var address = l.value.contentTrimmed
                    if address.lowercased().hasPrefix("mailto:") { address = String(address.dropFirst(7)) }
                    organizer = cn.isEmpty ? address : cn
                }
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
                finish = BerlinClock.adding(start.isDate ? 1440 : 60, to: start.time)
            }
            return ImportedEvent(uid: uid, title: summary ?? "", format: categories.joined(separator: ", "),
                                 start: start.time, end: finish, allDay: start.isDate, place: location ?? "",
                                 description: description ?? "", organiser: organiser ?? organizer ?? "",
                                 measureID: measureID, stakeholderIDs: stakeholderIDs, seriesID: seriesID,
                                 recurrenceRule: rrule, line: line)
        }
    }

    /// A DTSTART/DTEND value in Berlin time.
    private struct Moment {
        var time: LocalDateTime
        var isDate: Bool
        var line: Int

        init(_ l: ContentLines.Line) throws(InterchangeError) {
            line = l.number
            let v = l.value.contentTrimmed
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
                time = date; isDate = true
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
            if utc {
                time = UTCDateTime(year: y, month: mo, day: d, hour: h, minute: mi).berlin
            } else if let zone = l.param("TZID") {
                switch BerlinClock.zone(zone) {
                case .berlin?: time = local
                case .utc?: time = UTCDateTime(year: y, month: mo, day: d, hour: h, minute: mi).berlin
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

/// Calendar arithmetic and the Europe/Berlin offset (EU rules).
enum BerlinClock {
    enum Zone { case berlin, utc }

    /// Zone names with Berlin's rules (since 1996), and names for UTC.
    static func zone(_ tzid: String) -> Zone? {
        var id = tzid.contentTrimmed
        // Globally unique ids such as "/mozilla.org/20050126_1/Europe/Berlin".
        if id.hasPrefix("/") {
            let parts = id.split(separator: "/")
            id = parts.suffix(2).joined(separator: "/")
        }
        if utcNames.contains(id.lowercased()) { return .utc }
        if cetNames.contains(id.lowercased()) { return .berlin }
        return nil
    }

    private static let utcNames: Set<String> = ["utc", "etc/utc", "gmt", "etc/gmt", "uct", "etc/uct", "universal",
                                                 "etc/universal", "zulu", "etc/zulu", "z", "coordinated universal time"]
    private static let cetNames: Set<String> = Set([
        "Europe/Berlin", "Europe/Busingen", "Europe/Amsterdam", "Europe/Andorra", "Europe/Belgrade", "Europe/Bratislava",
        "Europe/Brussels", "Europe/Budapest", "Europe/Copenhagen", "Europe/Gibraltar", "Europe/Ljubljana",
        "Europe/Luxembourg", "Europe/Madrid", "Europe/Malta", "Europe/Monaco", "Europe/Oslo", "Europe/Paris",
        "Europe/Podgorica", "Europe/Prague", "Europe/Rome", "Europe/San_Marino", "Europe/Sarajevo", "Europe/Skopje",
        "Europe/Stockholm", "Europe/Tirane", "Europe/Vaduz", "Europe/Vatican", "Europe/Vienna", "Europe/Warsaw",
        "Europe/Zagreb", "Europe/Zurich", "Arctic/Longyearbyen", "CET", "MET",
        "W. Europe Standard Time", "Central Europe Standard Time", "Central European Standard Time",
        "Romance Standard Time",
    ].map { $0.lowercased() })

    static func floorDiv(_ a: Int, _ b: Int) -> Int {
        let q = a / b
        return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q
    }

    /// Days since 1970-01-01 (proleptic Gregorian).
    static func days(_ year: Int, _ month: Int, _ day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = floorDiv(y, 400)
        let yoe = y - era * 400
        let doy = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    static func civil(_ days: Int) -> (year: Int, month: Int, day: Int) {
        let z = days + 719_468
        let era = floorDiv(z, 146_097)
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (m <= 2 ? 1 : 0), m, d)
    }

    /// 0 = Sunday.
    static func weekday(_ days: Int) -> Int { ((days % 7) + 7 + 4) % 7 }

    /// Days (since 1970) of the last Sunday of the month.
    static func lastSunday(_ year: Int, _ month: Int) -> Int {
        let last = month == 12 ? days(year + 1, 1, 1) - 1 : days(year, month + 1, 1) - 1
        return last - weekday(last)
    }

    /// Minutes Berlin is ahead of UTC at that instant (minutes since 1970 UTC): 120 in summer time, else 60.
    static func offset(utcMinutes t: Int) -> Int {
        let year = civil(floorDiv(t, 1440)).year
        let begin = lastSunday(year, 3) * 1440 + 60
        let end = lastSunday(year, 10) * 1440 + 60
        return t >= begin && t < end ? 120 : 60
    }

    /// A wall-clock time as minutes since 1970 (as if it were UTC).
    static func minutes(_ t: LocalDateTime) -> Int { days(t.year, t.month, t.day) * 1440 + t.hour * 60 + t.minute }

    static func local(_ minutes: Int) -> LocalDateTime {
        let d = floorDiv(minutes, 1440)
        let rest = minutes - d * 1440
        let (y, m, day) = civil(d)
        return LocalDateTime(year: y, month: m, day: day, hour: rest / 60, minute: rest % 60)
    }

    static func adding(_ minutes: Int, to t: LocalDateTime) -> LocalDateTime { local(self.minutes(t) + minutes) }

    static func pad(_ v: Int, _ n: Int) -> String {
        let s = String(v)
        return String(repeating: "0", count: max(0, n - s.count)) + s
    }
}
